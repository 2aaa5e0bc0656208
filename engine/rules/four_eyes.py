"""Four-eyes on user tasks (separation of duties, CT 1.a ¶3: no approving one's own text).

A user task's extension property `fourEyes` holds the comma-separated ids of user tasks of the same
process (typically the drafting step). Whoever completed the latest of each listed task in the instance
may not claim this task, be assigned it or complete it: FourEyesViolation (403 over HTTP), nothing
changed. Deploy refuses a `fourEyes` id that is not a user task of the same process.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from ..bpmn.elements import ElementInfo, ProcessInfo
from ..db.models import HistoryEvent, ProcessInstance, TaskRow
from ..errors import Forbidden, ModelProblem

PROPERTY = "fourEyes"
_HUMAN = ("userTask", "manualTask")


class FourEyesViolation(Forbidden):
    """The actor completed a task that this one must be done by someone else than (fourEyes)."""

    code = "four_eyes"


def listed(element: ElementInfo | None) -> list[str]:
    """The task ids an element's `fourEyes` property names (none for an element without it)."""
    raw = (element.properties.get(PROPERTY) if element is not None else None) or ""
    return [part.strip() for part in raw.split(",") if part.strip()]


def drafters(session, row: TaskRow, elements: Mapping[str, ElementInfo]) -> dict[str, str]:
    """Listed task id -> the user who completed its latest occurrence in row's instance.

    Read from the instance's history chain: its order is the order of completion even when the clock
    stood still between two completions."""
    ids = listed(elements.get(row.element_id))
    if not ids:
        return {}
    done = session.execute(
        select(HistoryEvent.element_id, HistoryEvent.actor)
        .where(HistoryEvent.chain == row.instance_id, HistoryEvent.type == "task_completed",
               HistoryEvent.element_id.in_(ids))
        .order_by(HistoryEvent.seq)).all()
    return {element_id: user for element_id, user in done}  # later completions overwrite earlier ones


def check(engine, session, row: TaskRow, username: str, doing: str = "complete") -> None:
    """Raise FourEyesViolation when `username` completed a task that row's `fourEyes` lists."""
    instance = session.get(ProcessInstance, row.instance_id)
    elements = engine.repository.load(session, instance.definition_id).elements
    for element_id, user in drafters(session, row, elements).items():
        if user == username:
            drafted = elements[element_id].name or element_id if element_id in elements else element_id
            raise FourEyesViolation(
                f"four-eyes rule: {username} completed {drafted!r} ({element_id}) and may not {doing} "
                f"{row.name!r} ({row.element_id}); another person must do it",
                [{"field": None, "rule": "fourEyes", "element_id": row.element_id,
                  "message": f"{username} completed {element_id}"}])


def model_problems(info: ProcessInfo, fname: str) -> list[ModelProblem]:
    """Deploy-time problems of `fourEyes` properties: every id must be a user task of the process."""
    out = []
    for el in info.elements.values():
        ids = listed(el)
        if ids and el.kind not in _HUMAN:
            out.append(ModelProblem(f"property {PROPERTY} only applies to user tasks, not to a {el.kind}",
                                    el.element_id, el.line, fname))
        for ref in ids:
            target = info.elements.get(ref)
            if target is None or target.kind not in _HUMAN:
                what = "does not exist in this process" if target is None else f"is a {target.kind}"
                out.append(ModelProblem(f"property {PROPERTY} names {ref!r}, which {what}: it must name "
                                        "user tasks of the same process", el.element_id, el.line, fname))
            elif ref == el.element_id:
                out.append(ModelProblem(f"property {PROPERTY} names the task itself", el.element_id,
                                        el.line, fname))
    return out
