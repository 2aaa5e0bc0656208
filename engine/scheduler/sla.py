"""The SLA of user tasks: reminder before the due date, overdue flag at it, escalation after it.

When a task row with a due date is created, three timers are written with it (same transaction): a
`reminder` (settings.sla_reminder_before ahead of the due date, or the task's `reminderBefore`
property, an ISO duration, or `reminderBeforeWorkingDays`, a number of working days), `overdue` at the
due date and `escalation` settings.sla_escalate_after later (or the task's `escalateAfter` /
`escalateAfterWorkingDays` property). Closing the task cancels the ones still waiting. Firing one
notifies people (engine/notifications.py) and records a history event; `overdue` also sets the task
row's flag.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import update

from .. import history
from ..calendar import default_calendar
from ..db.models import ProcessInstance, TaskRow, Timer
from ..projection import Step
from ..timeparse import TimeExpressionError as TimerExpressionError
from ..timeparse import parse_duration

SLA = ("reminder", "overdue", "escalation")


def plan(engine, tasks: list[dict[str, Any]], elements: dict, now: datetime) -> list[dict[str, Any]]:
    """Timer rows (as dicts for a Core insert) for newly created task rows that have a due date."""
    settings = engine.settings
    rows = []
    for task in tasks:
        due = task.get("due_at")
        if due is None:
            continue
        props = getattr(elements.get(task["element_id"]), "properties", {}) or {}
        moments = {"overdue": due,
                   "escalation": _moment(due, props, "escalateAfter", settings.sla_escalate_after, 1),
                   "reminder": _moment(due, props, "reminderBefore", settings.sla_reminder_before, -1)}
        for handler in SLA:
            at = moments[handler]
            if at is None or (handler == "reminder" and at <= now):
                continue  # no reminder asked for, or it would come too late to help
            rows.append({"instance_id": task["instance_id"], "definition_id": None, "task_id": task["id"],
                         "element_id": task["element_id"], "kind": "time_date", "handler": handler,
                         "due_at": at, "status": "waiting", "detail": None, "claimed_until": None,
                         "claimed_by": None, "fired_at": None, "fired_by": None})
    return rows


def _moment(due: datetime, props: dict, name: str, default: str, sign: int) -> datetime | None:
    """When an SLA timer falls: `<name>WorkingDays` working days after (sign 1) or before (-1) the
    due date, by the working calendar; else the ISO duration of `<name>` or of the settings."""
    days = str(props.get(f"{name}WorkingDays") or "").strip()
    if days:
        return default_calendar().add_working_days(due, sign * int(days))  # checked at deploy
    offset = _offset(props.get(name), default)
    return None if offset is None else due + sign * offset


def _offset(raw: str | None, default: str):
    """An ISO duration from the model (checked at deploy) or the settings; "none" turns it off."""
    text = (raw if raw is not None else default or "").strip()
    if not text or text.lower() == "none":
        return None
    try:
        return parse_duration(text, allow_zero=True)
    except TimerExpressionError:
        return None  # a bad PRESSDESK_SLA_* value: no such timer rather than no task at all


def cancel_for(session, instance_id: str, task_ids: list[str]) -> None:
    """The SLA timers of tasks that closed (completed or cancelled) stop waiting.

    The instance id narrows the update through its index: timers has no index on task_id, and a scan
    of every timer row would make each completion slower as the table grows."""
    if task_ids:
        session.execute(update(Timer).where(Timer.instance_id == instance_id, Timer.task_id.in_(task_ids),
                                            Timer.handler.in_(SLA), Timer.status == "waiting")
                        .values(status="cancelled"))


# --- firing (inside the dispatcher's transaction, the instance row locked) ------------------------------
def _fire(kind: str):
    def handler(dispatcher, uow, timer: Timer, instance: ProcessInstance, now: datetime) -> None:
        engine = dispatcher.engine
        s = uow.session
        task = s.get(TaskRow, timer.task_id, populate_existing=True)
        if task is None or task.state != "open":
            timer.status = "cancelled"  # closed meanwhile; nobody needs a notice any more
            return
        notices = engine.notifications
        if kind == "escalation":
            people = notices.supervisors(s, task)
        else:
            people = notices.candidates(s, task)
        if kind == "overdue":
            task.overdue = True
        sent = notices.notify(s, people, kind, task, now)
        step = Step("engine", now)
        step.record(_EVENT[kind], task.element_id, task.id, {
            "due_at": task.due_at.isoformat() if task.due_at else None,
            "notified": [n.username for n in sent]})
        history.append_instance(s, instance, step.events)
        timer.status, timer.fired_at = "fired", now
    return handler


_EVENT = {"reminder": "task_reminded", "overdue": "task_overdue", "escalation": "task_escalated"}
SLA_HANDLERS = {kind: _fire(kind) for kind in SLA}
