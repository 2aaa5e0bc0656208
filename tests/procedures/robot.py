"""An office that works its task list: for every open task, an officer of one of its candidate groups fills
in the task's form (required fields, the values below for fields whose meaning a script checks) and
completes it; a four-eyes refusal hands the task to a colleague of the same group. Used by the month
simulation, for either province's organisation, with every procedure as deployed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from engine.errors import Conflict, EngineError, Forbidden, NotFound
from engine.identity import Actor

SUPERVISOR = Actor("sim.supervisor", frozenset({"supervisor"}), frozenset())
# Choices an office makes when nothing else is said: approve, release, go on; never loop back.
PREFER = ("approve", "accept", "release", "agree", "close", "yes", "valid", "press_card", "email",
          "press_release", "press_conference", "written_release", "local", "accurate")
# Fields whose values a model's script relates to others (or that say who/what the case is about).
VALUES: dict[str, Any] = {
    "credential_number": "HNB-0123", "credential_valid_until": "2027-12-31", "credentials_ok": "yes",
    "competent": "yes", "makeup_needed": "no", "to_portal": "yes", "consult_police": False,
    "nominee_count": 1, "nominees": "Nguyễn Văn A, chuyên viên", "attended": 1, "passed": 1,
    "commune_count": 1, "commune_spokespersons": "Xã Mẫu | Nguyễn Văn A | 0913000111",
    "agencies_present": 1, "agencies_invited": 10, "journalists_present": 5, "questions_asked": 1,
    "recipients": ["ubnd-tinh", "cuc-bao-chi"], "secrecy": "none", "publish_release": False,
}
SAMPLES = ("https://sim.example/tin/1", "0251 3822 111", "12/2025", "sim.officer", "A-1", "HNB-0123",
           "abc", "1")


@dataclass
class Office:
    engine: Any
    codes: set[str]  # the organisation's group codes: no task may name any other
    today: Any  # () -> date, the simulation's calendar day
    values: dict[str, Any] = field(default_factory=dict)  # extra values for this run (by field key)
    absent: set[str] = field(default_factory=set)  # groups that do not work today
    silent: set[str] = field(default_factory=set)  # groups that never answer
    done: int = 0
    failures: list[str] = field(default_factory=list)
    strangers: set[str] = field(default_factory=set)  # candidate groups outside the organisation

    def officers(self, task) -> list[Actor]:
        if task.assignee:
            groups = frozenset(task.candidate_groups)
            return [Actor(task.assignee, frozenset({"officer", "spokesperson"}), groups)]
        groups = [g for g in task.candidate_groups if g not in self.absent | self.silent]
        return [Actor(f"{who}.{g}", frozenset({"officer", "spokesperson"}), frozenset({g}))
                for g in groups for who in ("a", "b", "c")]

    def work(self, rounds: int = 30) -> int:
        """Complete every open task someone can do now, until none is left that can; returns how many."""
        before = self.done
        for _ in range(rounds):
            tasks = self.engine.tasks.list(SUPERVISOR, scope="all", per_page=500)[0]
            self.strangers |= {g for t in tasks for g in t.candidate_groups if g not in self.codes}
            progressed = False
            for task in tasks:
                progressed |= self._complete(task)
            if not progressed:
                break
        return self.done - before

    def _complete(self, task) -> bool:
        data = self.fill(task)
        for actor in self.officers(task):
            try:
                self.engine.tasks.complete(task.id, actor, data)
            except Forbidden:
                continue  # four-eyes: a colleague takes it
            except (NotFound, Conflict):
                return False  # closed meanwhile (a boundary event, a sibling branch)
            except EngineError as exc:
                failure = f"{task.definition_key}/{task.element_id}: {exc}"
                if failure not in self.failures:
                    self.failures.append(failure)
                return False
            self.done += 1
            return True
        return False

    def fill(self, task) -> dict[str, Any]:
        form = self.engine.forms.get(task.form) if task.form else None
        data: dict[str, Any] = {}
        for comp in (form or {}).get("components", []):
            key = comp.get("key")
            if not key or comp.get("type") in ("text", "button", "spacer", "separator"):
                continue
            rules = comp.get("validate", {})
            if key in self.values:
                data[key] = self.values[key]
            elif key in VALUES:
                data[key] = VALUES[key]
            elif rules.get("required"):
                data[key] = self._value(comp, rules)
        return data

    def _value(self, comp: dict, rules: dict) -> Any:
        kind = comp["type"]
        options = [v["value"] for v in comp.get("values", [])]
        if kind in ("select", "radio"):
            return next((p for p in PREFER if p in options), options[0] if options else "")
        if kind == "checklist":
            return options
        if kind == "checkbox":
            return True
        if kind == "number":
            low, high = rules.get("min"), rules.get("max")
            value = max(1, low if low is not None else 1)
            return min(value, high) if high is not None else value
        if kind == "datetime":
            return self.today().isoformat()
        if rules.get("validationType") == "email":
            return "sim@example.gov.vn"
        pattern = rules.get("pattern")
        if pattern:
            return next((s for s in SAMPLES if re.fullmatch(pattern, s)), SAMPLES[-1])
        text = "Nội dung mô phỏng của đơn vị trong tháng " * 10
        return text[:min(int(rules.get("maxLength") or 60), max(int(rules.get("minLength") or 0), 60))]
