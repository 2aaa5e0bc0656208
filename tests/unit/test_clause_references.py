"""The shipped models and the registry agree: every `clause` id a model cites is a registry clause,
every registry clause is implemented by some element or says why it is no workflow, and nothing cites
the invented numbers (CT-7, KH-3) that preceded the registry."""
from __future__ import annotations

import re
from pathlib import Path

from engine.bpmn.elements import BPMN_NS, CAMUNDA_NS
from engine.clauses import citations, load_registry, model_problems
from tools.procedures_doc import shipped

ROOT = Path(__file__).resolve().parents[2]
INVENTED = re.compile(r"\b(?:CT|KH)-\d")
SCANNED = ("processes", "forms", "docs", "tools")
TEXT = {".bpmn", ".dmn", ".form", ".json", ".md", ".py", ".yaml", ".txt"}


def test_every_clause_a_shipped_model_cites_is_in_the_registry():
    problems = [f"{p.file}:{p.line} {p.element_id}: {p.message}" for p in model_problems(shipped())]
    assert problems == []


def test_every_registry_clause_has_elements_citing_it_or_a_reason():
    cited = {cid for c in citations(shipped()) for cid in c.clauses}
    missing = [c.id for c in load_registry().clauses if c.id not in cited and not c.reason]
    assert missing == [], f"clauses no element in processes/ cites and with no reason: {', '.join(missing)}"


def test_every_user_task_has_a_due_date_or_the_registry_says_why_not():
    undated = {(u.process, u.element) for u in load_registry().undated}
    tasks = {}
    for _, tree in shipped():
        for process in tree.getroot().iterfind(f"{{{BPMN_NS}}}process"):
            for task in process.iter(f"{{{BPMN_NS}}}userTask"):
                props = {p.get("name"): p.get("value") for p in task.iter(f"{{{CAMUNDA_NS}}}property")}
                dated = bool((task.get(f"{{{CAMUNDA_NS}}}dueDate") or props.get("dueDate") or "").strip())
                tasks[(process.get("id"), task.get("id"))] = dated
    missing = sorted(k for k, dated in tasks.items() if not dated and k not in undated)
    stale = sorted(k for k in undated if tasks.get(k) is not False)
    assert missing == [], f"user tasks without a due date or a reason in processes/clauses.yaml: {missing}"
    assert stale == [], f"processes/clauses.yaml lists as undated what is no undated user task: {stale}"


def test_no_invented_clause_numbers_remain():
    found = {}
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in TEXT and path.is_file() and "__pycache__" not in path.parts:
                hits = INVENTED.findall(path.read_text(encoding="utf-8", errors="replace"))
                if hits:
                    found[str(path.relative_to(ROOT))] = len(hits)
    assert found == {}, ("invented CT-n/KH-n numbers remain (cite the documents' own ids, e.g. CT 1.e): "
                         + ", ".join(f"{name} ({n})" for name, n in found.items()))
