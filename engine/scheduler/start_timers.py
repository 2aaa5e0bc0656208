"""Timer start events as definition-level timers.

Deploying a version whose process has top-level timer start events writes one waiting timer row per
event (handler `start`, no instance), in the deployment's transaction; it also cancels the waiting
start timers of the key's older versions, as Camunda does. When such a timer fires, the dispatcher
starts a new instance of that version and this module gives the row of the next occurrence.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from sqlalchemy import select, update

from ..db.models import ProcessDefinition, Timer
from .timer_expr import Occurrence, Schedule, TimerExpressionError

_B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_TYPES = ("timeDate", "timeDuration", "timeCycle")


@dataclass(frozen=True)
class StartTimer:
    element_id: str
    timer_type: str  # timeDate | timeDuration | timeCycle
    text: str
    line: int | None


def start_timers(process: etree._Element) -> list[StartTimer]:
    """The timer start events directly in a process (not in event subprocesses), in model order."""
    out = []
    for start in process.iterchildren(f"{_B}startEvent"):
        definition = start.find(f"{_B}timerEventDefinition")
        if definition is None:
            continue
        parts = [p for p in definition if isinstance(p.tag, str) and p.tag[len(_B):] in _TYPES]
        if len(parts) == 1:
            out.append(StartTimer(start.get("id") or "", parts[0].tag[len(_B):],
                                  "".join(parts[0].itertext()), start.sourceline))
    return out


def check(start: StartTimer, now: datetime) -> str | None:
    """Why a timer start event cannot be scheduled, or None when it can."""
    try:
        Schedule.parse(start.timer_type, start.text, now)
    except TimerExpressionError as exc:
        return f"timer start event: {exc.message}"
    return None


def process_element(tree: etree._ElementTree, process_id: str) -> etree._Element | None:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    return next((p for p in root.iterchildren(f"{_B}process") if p.get("id") == process_id), None)


def schedule(session, definition: ProcessDefinition, process: etree._Element, now: datetime) -> list[Timer]:
    """Cancel the start timers of the key's other versions and schedule this version's."""
    older = select(ProcessDefinition.id).where(ProcessDefinition.key == definition.key,
                                               ProcessDefinition.id != definition.id)
    session.execute(update(Timer).where(Timer.handler == "start", Timer.status == "waiting",
                                        Timer.definition_id.in_(older)).values(status="cancelled"))
    rows = []
    for start in start_timers(process):
        plan = Schedule.parse(start.timer_type, start.text, now)
        first = plan.first()
        if first is not None:
            rows.append(_row(definition.id, start.element_id, plan, first))
    session.add_all(rows)
    return rows


def following(timer: Timer, now: datetime) -> Timer | None:
    """The row of the occurrence after the one `timer` stands for (None when the series ended)."""
    plan, index = Schedule.from_detail(timer.detail or {})
    nxt = plan.next_after(Occurrence(timer.due_at, index), now)
    return _row(timer.definition_id, timer.element_id, plan, nxt) if nxt is not None else None


def _row(definition_id: int | None, element_id: str, plan: Schedule, occurrence: Occurrence) -> Timer:
    return Timer(definition_id=definition_id, instance_id=None, task_id=None, element_id=element_id,
                 kind=plan.kind, handler="start", due_at=occurrence.due_at, status="waiting",
                 detail=plan.as_detail(occurrence))
