"""A late step goes above the unit that holds it (issue-10 contract: reminder -> the unit's leaders -> the
level above, never back to the same group), counted against that unit (tally escalation).

`late(p, task, unit_expr, lane, row)` adds to a tools/bpmngen Process: a non-interrupting timer on `task`
at its due date, a script that names the late unit and the group above it, the escalation user task
`escalate_<task>` (priority 90, one working day) and its end, drawn in `lane` at `row`, under the host.
"""
from __future__ import annotations

from tools.bpmngen import Process
from tools.formfields import area

ABOVE = """
late_unit = {unit}
escalation_group = {above}
if escalation_group == late_unit:
    escalation_group = org_unit("province_leaders")
"""


def late(p: Process, task: str, unit_expr: str, lane: str, row: int, clause: str, *, due: str | None = None,
         col: float | None = None, above: str = "leaders(late_unit)") -> None:
    """Escalate `task` when its due date (or the timer expression `due`) passes; `unit_expr` is the Python
    expression of the group that holds it, `above` that of the group it goes to (default its leaders)."""
    host = p.nodes[task]
    when = due or host.attrs["camunda:dueDate"].removeprefix("${").removesuffix("}")
    x = host.col if col is None else col
    p.timer(f"{task}_late", "Quá hạn", f"{host.name}: the due date passed; the level above the unit is "
            "asked to act, the work goes on.", task, "timeDate", when, slot=2).props["clause"] = clause
    p.script(f"note_late_{task}", "Ghi nhận quá hạn, chuyển cấp trên", "The late unit, counted per agency, "
             "and the group above it (its leaders; for a leaders' group, the province's leaders).", lane,
             x, row, props={"clause": clause, "tally": "escalation", "tallyAgency": "late_unit"},
             code=ABOVE.format(unit=unit_expr, above=above))
    p.user(f"escalate_{task}", f"Cấp trên chỉ đạo: {host.name[0].lower()}{host.name[1:]}", "The level "
           "above deals with the late step", f"Above the unit holding {task}.", lane, x + 1, row, fields=[
               area(f"escalation_{task}_instruction", "Ý kiến chỉ đạo", "Instruction to the unit")],
           candidateGroups="${escalation_group}", dueDate="${working_days(1)}", priority="90"
           ).props["clause"] = clause
    p.node("endEvent", f"{task}_escalated", "Đã chỉ đạo", "Escalation handled.", lane, x + 2, row)
    p.flow(f"{task}_late", f"note_late_{task}")
    p.flow(f"note_late_{task}", f"escalate_{task}")
    p.flow(f"escalate_{task}", f"{task}_escalated")
