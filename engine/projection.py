"""After each change, project the SpiffWorkflow state into the tables people query.

Task-list rows, timer rows, message subscriptions and the instance row's summary (status, variables,
active elements) are rewritten here, in the same transaction as the state itself.
"""
from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.message import MessageEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.multiple import MultipleEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import (
    CycleTimerEventDefinition,
    DurationTimerEventDefinition,
    TimeDateEventDefinition,
    TimerEventDefinition,
)
from SpiffWorkflow.bpmn.specs.mixins.events.event_types import ThrowingEvent
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import delete, insert, select, update

from . import history, timeparse
from .db.models import Incident, MessageSubscription, ProcessInstance, TaskCandidateGroup, TaskRow, Timer
from .errors import ScriptError
from .repository import LoadedDefinition
from .rules import tally
from .signal_subscriptions import drop as drop_signal_subscriptions
from .signal_subscriptions import event_subprocess_starts, signal_variables
from .signal_subscriptions import sync as sync_signal_subscriptions

_EXPR = re.compile(r"^\s*[$#]\{(.*)\}\s*$", re.DOTALL)
_UNFINISHED_KINDS = TaskState.READY | TaskState.WAITING | TaskState.STARTED


class Step:
    """What one change did, gathered while it runs: history events and tasks completed by hand."""

    def __init__(self, actor: str, now: datetime) -> None:
        self.actor = actor
        self.now = now
        self.events: list[history.PendingEvent] = []
        self.completed_by_hand: set[str] = set()
        self.fired_timers: set[str] = set()  # SpiffWorkflow task ids whose timer fired in this change
        self.elements: dict[str, Any] = {}  # the definition's ElementInfo by id, when the change runs steps
        # (name, variables) of the signals the instance threw: other instances hear them.
        self.signals: list[tuple[str, dict[str, Any]]] = []

    def record(self, type_: str, element_id: str | None = None, task_id: str | None = None,
               data: dict[str, Any] | None = None, actor: str | None = None) -> None:
        self.events.append(history.PendingEvent(type_, actor or self.actor, self.now, element_id, task_id,
                                                data or {}))

    def element_completed(self, task: Task) -> None:
        """Callback for do_engine_steps: record each BPMN element the engine itself completed."""
        if task.task_spec.bpmn_id is None or not task.has_state(TaskState.COMPLETED):
            return
        if isinstance(task.task_spec, ThrowingEvent) and \
                isinstance(getattr(task.task_spec, "event_definition", None), SignalEventDefinition):
            definition = task.task_spec.event_definition
            self.signals.append((definition.name, signal_variables(definition, task.data)))
        self.record("element_completed", task.task_spec.bpmn_id, str(task.id),
                    {"kind": type(task.task_spec).__name__}, actor="engine")
        if (tallied := tally.counted(task, self.elements)) is not None:
            self.record("tally", task.task_spec.bpmn_id, str(task.id), tallied, actor="engine")


def instance_variables(wf: BpmnWorkflow) -> dict[str, Any]:
    """The process data as of the last completed step (the whole data once the instance ended)."""
    if wf.is_completed():
        return dict(wf.data)
    last = wf.last_task
    data = dict(last.data) if last is not None else {}
    return data


class OpenTasks:
    """The workflow's unfinished tasks, sorted out in one walk of the task tree per change."""

    def __init__(self, wf: BpmnWorkflow) -> None:
        self.human: dict[str, Task] = {}  # READY user/manual tasks by id
        self.waiting: list[Task] = []  # WAITING tasks (timers, messages, joins)
        active: set[str] = set()
        for task in wf.get_tasks(state=_UNFINISHED_KINDS):
            if task.task_spec.bpmn_id:
                active.add(task.task_spec.bpmn_id)
            if task.state == TaskState.READY and task.task_spec.manual:
                self.human[str(task.id)] = task
            elif task.state == TaskState.WAITING:
                self.waiting.append(task)
        self.active_elements = sorted(active)


def parse_moment(value: Any, now: datetime) -> datetime | None:
    """An ISO datetime, an ISO duration from now, or a datetime; naive values are Hanoi local time."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return timeparse.aware(value)
    text = str(value).strip()
    try:
        if text[:1].upper() == "P":
            return (now + timeparse.parse_duration(text, allow_zero=True)).astimezone(UTC)
        return timeparse.parse_datetime(text)
    except timeparse.TimeExpressionError as exc:
        # A due date or timer from process data that is no date: the model's or the caller's mistake.
        raise ScriptError(str(exc)) from exc


def evaluate_attribute(wf: BpmnWorkflow, task: Task, raw: str | None, what: str = "expression") -> Any:
    """Evaluate a task attribute given as a literal or as a ${expression} (Camunda style).

    A failing expression is a ScriptError naming the attribute and the element, so the change that
    created the task is refused as a whole (or, for a timer, the instance is marked as failed)."""
    if raw is None:
        return None
    if not (_EXPR.match(raw) or "${" in raw or "#{" in raw or raw.strip().startswith("=")):
        return raw
    try:  # the sandbox engine reads the language from the text: Python or JUEL in ${...}, FEEL after =
        return wf.script_engine.evaluate(task, raw.strip())
    except (SpiffWorkflowException, WorkflowException) as exc:
        raise ScriptError(f"{what} {raw!r} of {task.task_spec.bpmn_id} failed: {exc}") from exc


def _groups_of(value: Any, element_id: str = "") -> list[str]:
    """Group codes from an evaluated candidateGroups expression: "a, b" text or a list of codes."""
    if value is None:
        return []
    if not isinstance(value, (str, list, tuple)) or not all(isinstance(p, str) for p in value):
        raise ScriptError(f"candidateGroups of {element_id} must give group codes (text or a list of text), "
                          f"not {value!r}")
    parts = value.split(",") if isinstance(value, str) else list(value)
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


def event_definitions(task: Task) -> list:
    """The event definitions a waiting task listens for (an event-based gateway waits for several)."""
    definition = getattr(task.task_spec, "event_definition", None)
    if isinstance(definition, MultipleEventDefinition):
        return list(definition.event_definitions)
    return [definition] if definition is not None else []


def timer_due(task: Task, now: datetime) -> tuple[str, datetime] | None:
    """When a waiting timer task fires. SpiffWorkflow keeps one computed value per task, so a task with
    several timers (event-based gateway) is due at its first timer's time."""
    timers = [d for d in event_definitions(task) if isinstance(d, TimerEventDefinition)]
    value = task._get_internal_data("event_value")
    if not timers or value is None:
        return None
    definition = timers[0]
    if isinstance(definition, CycleTimerEventDefinition):
        if not isinstance(value, dict) or value.get("cycles") == 0:
            return None
        return "cycle", parse_moment(value["next"], now)
    if isinstance(definition, DurationTimerEventDefinition):
        return "duration", parse_moment(value, now)
    if isinstance(definition, TimeDateEventDefinition):
        return "time_date", parse_moment(value, now)
    return None


class Projector:
    """Rewrites the query tables of one instance from its workflow after a change."""

    def __init__(self, session, row: ProcessInstance, loaded: LoadedDefinition, wf: BpmnWorkflow,
                 step: Step, unfinished: OpenTasks, open_tasks: dict[str, TaskRow] | None = None) -> None:
        self.s, self.row, self.loaded, self.wf, self.step = session, row, loaded, wf, step
        self.unfinished = unfinished
        self.open_tasks = open_tasks  # already read under the instance lock, or None to read here
        self.new_tasks: list[dict[str, Any]] = []  # rows for insert_new_tasks
        self.new_candidates: list[dict[str, Any]] = []
        self.closed_tasks: list[str] = []  # task rows closed by this change (their SLA timers stop)

    def run(self) -> None:
        self._human_tasks()
        if self.loaded.has_timers:
            self._timers()
        if self.loaded.has_messages:
            self._subscriptions()
        if self.loaded.has_signals:
            sync_signal_subscriptions(self.s, self.row, self.wf, self.unfinished.waiting)

    # --- human tasks ------------------------------------------------------------------------------
    def _human_tasks(self) -> None:
        ready = self.unfinished.human
        open_rows = self.open_tasks
        if open_rows is None:
            open_rows = {r.id: r for r in self.s.execute(
                select(TaskRow).where(TaskRow.instance_id == self.row.id, TaskRow.state == "open")).scalars()}
        cancelled: list[str] = []
        for task_id, row in open_rows.items():
            if task_id in ready:
                continue
            self.closed_tasks.append(task_id)
            if task_id in self.step.completed_by_hand:
                continue  # the task service already closed it and recorded who did it
            row.state, row.completed_at = "cancelled", self.step.now
            cancelled.append(task_id)
            self.step.record("task_cancelled", row.element_id, task_id, {"name": row.name}, actor="engine")
        set_candidate_state(self.s, cancelled, "cancelled")
        for task_id, task in ready.items():
            if task_id not in open_rows:
                self._create_task_row(task)

    def _create_task_row(self, task: Task) -> None:
        spec = task.task_spec
        el = self.loaded.elements.get(spec.bpmn_id)
        groups: list[str] = []
        assignee = None
        lane = None
        due = follow_up = None
        priority = 50
        form_key = None
        if el is not None:
            lane = el.lane_name or el.lane_id
            groups = list(el.candidate_groups) or _groups_of(
                evaluate_attribute(self.wf, task, el.candidate_groups_expr, "candidateGroups"), spec.bpmn_id)
            if not groups and el.lane_id:
                group = self.loaded.lane_groups.get(el.lane_id)
                groups = [group] if group else []
            assignee = evaluate_attribute(self.wf, task, el.assignee, "assignee")
            if assignee is not None and not isinstance(assignee, str):
                raise ScriptError(f"assignee of {spec.bpmn_id} must be a user name, not {assignee!r}")
            assignee = assignee or None
            due = self._moment(task, el.due_date, "dueDate")
            follow_up = self._moment(task, el.follow_up_date, "followUpDate")
            raw_priority = evaluate_attribute(self.wf, task, el.priority, "priority")
            try:
                priority = int(raw_priority) if raw_priority not in (None, "") else 50
            except (TypeError, ValueError) as exc:
                raise ScriptError(f"priority of {spec.bpmn_id} is not a whole number: {raw_priority!r}"
                                  ) from exc
            form_key = el.form_key
        if not groups and not assignee:
            assignee = self.row.started_by  # a task outside any lane belongs to whoever started the instance
        row = dict(
            id=str(task.id), instance_id=self.row.id, definition_key=self.row.definition_key,
            element_id=spec.bpmn_id, name=spec.bpmn_name or spec.bpmn_id, lane=lane,
            candidate_groups=groups, assignee=assignee, created_at=self.step.now, due_at=due,
            follow_up_at=follow_up, priority=priority, form_key=form_key, state="open",
            completed_at=None, completed_by=None,
        )
        self.new_tasks.append(row)
        self.new_candidates.extend({"task_id": row["id"], "group_code": g, "state": "open", "due_at": due,
                                    "created_at": self.step.now} for g in groups)
        self.step.record("task_created", spec.bpmn_id, row["id"], {
            "name": row["name"], "candidate_groups": groups, "assignee": assignee,
            "due_at": due.isoformat() if due else None}, actor="engine")

    def _moment(self, task: Task, raw: str | None, what: str) -> datetime | None:
        value = evaluate_attribute(self.wf, task, raw, what)
        try:
            return parse_moment(value, self.step.now)
        except Exception as exc:  # noqa: BLE001 - SpiffWorkflow raises a bare Exception for a bad duration
            raise ScriptError(f"{what} of {task.task_spec.bpmn_id} is not an ISO date-time or duration: "
                              f"{value!r}") from exc

    def insert_new_tasks(self) -> None:
        """Insert the task rows `run` created, once the instance row exists (they reference it).

        Core inserts: new task rows are only written here, so ORM objects would be pure overhead."""
        # inline(): never a RETURNING (the keys are given), as the caller may pipeline these.
        if self.new_tasks:
            self.s.execute(insert(TaskRow.__table__).inline(), self.new_tasks)
        if self.new_candidates:
            self.s.execute(insert(TaskCandidateGroup.__table__).inline(), self.new_candidates)

    # --- timers ------------------------------------------------------------------------------------
    def _timers(self) -> None:
        waiting = {}
        for task in self.unfinished.waiting:
            due = timer_due(task, self.step.now)
            if due is not None and due[1] is not None:
                waiting[str(task.id)] = (task, *due)
        rows = {r.task_id: r for r in self.s.execute(
            select(Timer).where(Timer.instance_id == self.row.id, Timer.status == "waiting",
                                Timer.handler == "event")).scalars()}
        for task_id, row in rows.items():
            if task_id in self.step.fired_timers and task_id not in waiting:
                row.status, row.fired_at = "fired", self.step.now
            elif task_id not in waiting:
                row.status = "cancelled"
            elif waiting[task_id][2] != row.due_at:
                row.due_at = waiting[task_id][2]  # a cycle moved on to its next occurrence
                if task_id in self.step.fired_timers:
                    row.fired_at = self.step.now  # a cycle's row: when it last fired
        for task_id, (task, kind, due_at) in waiting.items():
            if task_id not in rows:
                self.s.add(Timer(instance_id=self.row.id, task_id=task_id, element_id=task.task_spec.bpmn_id,
                                 kind=kind, due_at=due_at, status="waiting"))

    # --- message subscriptions ---------------------------------------------------------------------
    def _correlation_key(self, task: Task, definition: MessageEventDefinition) -> str | None:
        """The catch event's correlationKey expression (for an event-based gateway: the catch event that
        follows it and waits for this message), else the instance's business key."""
        elements = self.loaded.elements
        candidates = [task.task_spec.bpmn_id] + [
            out.bpmn_id for out in task.task_spec.outputs
            if out.bpmn_id in elements and elements[out.bpmn_id].message_name == definition.name]
        for element_id in candidates:
            el = self.loaded.elements.get(element_id)
            if el is not None and el.correlation_key:
                raw = el.correlation_key
                value = evaluate_attribute(self.wf, task, raw if _EXPR.match(raw) else "${" + raw + "}")
                return None if value is None else str(value)
        return self.row.business_key

    def _subscriptions(self) -> None:
        wanted = {}
        for task in self.unfinished.waiting:
            for definition in event_definitions(task):
                if isinstance(definition, MessageEventDefinition):
                    wanted[(str(task.id), definition.name)] = (task, self._correlation_key(task, definition))
        for scope, start, definition in event_subprocess_starts(self.wf):
            if isinstance(definition, MessageEventDefinition):
                wanted[(str(scope.task_tree.id), definition.name)] = (start, self.row.business_key)
        existing = {(r.task_id, r.message_name): r for r in self.s.execute(
            select(MessageSubscription).where(MessageSubscription.instance_id == self.row.id)).scalars()}
        for ident, row in existing.items():
            if ident not in wanted:
                self.s.delete(row)
        for (task_id, name), (task, key) in wanted.items():
            if (task_id, name) not in existing:
                self.s.add(MessageSubscription(instance_id=self.row.id, task_id=task_id,
                                               element_id=getattr(task, "task_spec", task).bpmn_id,
                                               message_name=name,
                                               correlation_key=key))


def close_everything(session, instance_id: str, now: datetime, step: Step, reason: str) -> None:
    """Terminate: cancel open tasks, timers and subscriptions of an instance; its open incidents are
    resolved (there is nothing left to retry)."""
    cancelled = []
    for row in session.execute(select(TaskRow).where(TaskRow.instance_id == instance_id,
                                                     TaskRow.state == "open")).scalars():
        row.state, row.completed_at = "cancelled", now
        cancelled.append(row.id)
        step.record("task_cancelled", row.element_id, row.id, {"name": row.name, "reason": reason})
    set_candidate_state(session, cancelled, "cancelled")
    session.execute(update(Timer).where(Timer.instance_id == instance_id, Timer.status == "waiting")
                    .values(status="cancelled"))
    session.execute(delete(MessageSubscription).where(MessageSubscription.instance_id == instance_id))
    drop_signal_subscriptions(session, instance_id)
    session.execute(update(Incident).where(Incident.instance_id == instance_id, Incident.status == "open")
                    .values(status="resolved", resolved_at=now, resolved_by=step.actor))




def set_candidate_state(session, task_ids: list[str], state: str) -> None:
    """Keep the state copied onto task_candidate_groups in step with the task rows."""
    if task_ids:
        session.execute(update(TaskCandidateGroup).where(TaskCandidateGroup.task_id.in_(task_ids))
                        .values(state=state))
