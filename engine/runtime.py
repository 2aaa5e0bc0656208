"""Runtime: start instances, advance them, deliver messages and timers, suspend, resume, terminate.

Every change follows one path (`_change`): lock the instance row, restore its SpiffWorkflow state onto
the cached spec, act, run engine steps, compact the task tree, then write state, task rows, timers,
subscriptions and history in one transaction. A change that loses a race gets a Conflict to retry.
"""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.camunda.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import bindparam, func, insert, select

from . import history, limits, permissions
from .bpmn import timer_start
from .bpmn.compaction import compact
from .bpmn.event_runtime import (
    close_idle_event_subprocesses,
    install,
    reevaluate,
    scopes,
    trigger_scope,
    trigger_starts,
)
from .bpmn.serializer import STATE_FORMAT, InstanceSerializer
from .clock import using_clock
from .db.models import Incident, MessageSubscription, ProcessDefinition, ProcessInstance, TaskRow, Timer
from .db.session import pipelined
from .errors import (
    Conflict,
    IllegalState,
    NotFound,
    ResourceLimit,
    ScriptError,
    ValidationFailed,
)
from .forms import start_form_key
from .identity import Actor
from .instance_queries import InstanceQueries
from .organisation import using_directory
from .projection import (
    OpenTasks,
    Projector,
    Step,
    close_everything,
    event_definitions,
    instance_variables,
    timer_due,
)
from .repository import LoadedDefinition
from .scheduler import jobs, sla
from .scripting import output
from .signals import SignalResult, Signals

ACTIVE = ("running", "waiting")
COMPACT_EVERY = 50  # engine rounds between compactions inside one change
EVENT_TURNS = 100  # conditional events and closed event subprocesses re-run the engine at most this often
ENDED = ("completed", "terminated")
TIMER = Actor("timer", system=True)  # who starts instances through timer start events
# Built once so that each use skips statement construction and cache-key generation.
_LOCK_INSTANCE = select(ProcessInstance).where(ProcessInstance.id == bindparam("id")).with_for_update()


@dataclass
class InstanceView:
    id: str
    definition_key: str
    version: int
    status: str
    business_key: str | None
    variables: dict[str, Any]
    active_elements: list[str]
    started_at: str
    started_by: str
    ended_at: str | None
    error: str | None = None

    @classmethod
    def of(cls, row: ProcessInstance) -> InstanceView:
        return cls(row.id, row.definition_key, row.definition_version, row.status, row.business_key,
                   dict(row.variables or {}), list(row.active_elements or []), row.started_at.isoformat(),
                   row.started_by, row.ended_at.isoformat() if row.ended_at else None, row.error)


class RuntimeService:
    def __init__(self, engine) -> None:
        from .scripting.sandbox import SandboxedScriptEngine

        self._engine = engine
        self.serializer = InstanceSerializer()
        self.script_engine = SandboxedScriptEngine(time_limit_ms=engine.settings.script_time_limit_ms)
        self.limits = self.script_engine.limits = limits.Limits.of(engine.settings)
        limits.install()
        self.queries = InstanceQueries(engine)
        self.signals = Signals(self)

    # --- starting ---------------------------------------------------------------------------------
    def start(self, key: str, actor: Actor, variables: dict[str, Any] | None = None,
              business_key: str | None = None, version: int | None = None) -> InstanceView:
        """Start an instance of the latest (or given) version of a process. Raises NotFound, Forbidden,
        IllegalState (not executable), ValidationFailed (the variables do not fill in the start event's
        form) or ScriptError (the first steps failed; nothing is kept)."""
        _check_variables(variables)
        with self._engine.uow() as uow:
            definition = self._engine.repository.definition_row(uow.session, key, version)
            view = self._start(uow, definition, actor, variables or {}, business_key, check_form=True)
            uow.commit()
        return view

    def start_in(self, uow, key: str, actor: Actor, variables: dict[str, Any] | None = None,
                 business_key: str | None = None) -> InstanceView:
        """Start the latest version of `key` inside the caller's transaction (the process.start
        connector's call); the caller commits."""
        _check_variables(variables)
        definition = self._engine.repository.definition_row(uow.session, key)
        return self._start(uow, definition, actor, variables or {}, business_key)

    def start_by_timer(self, uow, definition: ProcessDefinition, element_id: str) -> InstanceView:
        """Start an instance of `definition` through its timer start event `element_id`, inside the
        caller's transaction (the dispatcher's, which marks the timer fired in it). started_by is
        "timer". Raises ScriptError when the first steps fail (nothing is kept)."""
        return self._start(uow, definition, TIMER, {}, None, trigger=_start_by_timer(element_id))

    def _start(self, uow, definition: ProcessDefinition, actor: Actor, variables: dict[str, Any],
               business_key: str | None, trigger: Callable[[BpmnWorkflow, Step], None] | None = None,
               check_form: bool = False) -> InstanceView:
        if not definition.executable:
            raise IllegalState(f"process {definition.key!r} version {definition.version} is not executable")
        loaded = self._engine.repository.load(uow.session, definition.id)
        self._check_may_start(actor, definition, loaded)
        if check_form and (form_key := start_form_key(loaded)):
            self._engine.forms.validate(form_key, variables, uow.session)
        now = self._engine.clock.now()
        row = ProcessInstance(
            id=str(uuid.uuid4()), definition_id=definition.id, definition_key=definition.key,
            definition_version=definition.version, business_key=business_key, status="running",
            state="", state_format=STATE_FORMAT, started_at=now, started_by=actor.username,
        )
        step = Step(actor.username, now)
        step.record("instance_started", definition.key, None, {
            "definition_id": definition.id, "version": definition.version, "business_key": business_key,
            "variables": variables})
        with self._step_context(uow.session):
            wf = install(BpmnWorkflow(loaded.spec, loaded.subprocess_specs, script_engine=self.script_engine))
            start_task = wf.get_next_task(state=TaskState.READY)
            if start_task is not None:
                start_task.data.update(variables)
            if trigger is None and loaded.has_timers and \
                    (target := timer_start.manual_start_target(wf)) is not None:
                trigger = _start_by_timer(target)  # no none start event: Camunda fires the timer one
            try:
                if trigger is not None:
                    try:
                        trigger(wf, step)
                    except (SpiffWorkflowException, WorkflowException) as exc:
                        raise ScriptError(_spiff_message(exc)) from exc
                step.elements = loaded.elements
                self._advance(wf, step, loaded)
                self._save(uow.session, row, loaded, wf, step, new=True)
            except ResourceLimit as exc:
                exc.after_rollback = partial(self._limit_incident, None, definition.key, exc)
                raise
        if step.signals:
            self.signals.broadcast(uow, step, origin=row.id)
        return InstanceView.of(row)

    @contextmanager
    def _step_context(self, session) -> Iterator[None]:
        """What a step's expressions read: the engine clock, and the organisation (read, when a helper
        such as leaders() first asks, in the step's own transaction)."""
        directory = self._engine.identity.directory
        with using_clock(self._engine.clock), using_directory(lambda: directory(session)):
            yield

    def _check_may_start(self, actor: Actor, definition: ProcessDefinition, loaded: LoadedDefinition) -> None:
        permissions.require_start(actor, definition.key, definition.starter_groups,
                                  loaded.lane_groups.values())

    # --- the one path every change takes ------------------------------------------------------------
    def change(self, instance_id: str, actor: Actor,
               action: Callable[[BpmnWorkflow, Step, ProcessInstance], None], *, uow=None,
               locked: ProcessInstance | None = None,
               open_tasks: dict[str, TaskRow] | None = None) -> InstanceView:
        """Lock the instance, restore it, run `action`, advance, and persist — one transaction.

        With `uow` given, the change joins the caller's transaction and the caller commits; `locked` is
        the instance row when the caller already holds its lock, and `open_tasks` its open task rows
        (by id) if the caller read them after taking that lock.
        """
        if uow is not None:
            return self._change(uow, instance_id, actor, action, locked, open_tasks)
        with self._engine.uow() as own:
            view = self._change(own, instance_id, actor, action)
            own.commit()
            return view

    def _limit_incident(self, instance_id: str | None, key: str | None, exc: ResourceLimit) -> None:
        """After a refused change has been rolled back (UnitOfWork calls this): the instance, kept at its
        last good state, goes to `error`, and an incident tells supervisors which limit it reached. A
        refused start leaves only the incident."""
        with self._engine.uow() as uow:
            if instance_id is not None:
                key = self.mark_error(instance_id, exc.message, uow).definition_key
            uow.session.add(Incident(instance_id=instance_id, definition_key=key, element_id=exc.element_id,
                                     type="resource_limit", message=exc.message,
                                     created_at=self._engine.clock.now(), status="open"))
            uow.commit()

    def _change(self, uow, instance_id: str, actor: Actor,
                action: Callable[[BpmnWorkflow, Step, ProcessInstance], None],
                row: ProcessInstance | None = None,
                open_tasks: dict[str, TaskRow] | None = None) -> InstanceView:
        row = row or self.lock(uow.session, instance_id)
        if row.status in ENDED:
            raise IllegalState(f"instance {instance_id} is {row.status}")
        if row.status == "suspended":
            raise IllegalState(f"instance {instance_id} is suspended; resume it first")
        loaded = self._engine.repository.load(uow.session, row.definition_id)
        step = Step(actor.username, self._engine.clock.now())
        try:
            with self._step_context(uow.session):
                wf = self.restore(row, loaded)
                action(wf, step, row)
                step.elements = loaded.elements
                self._advance(wf, step, loaded)
            self._save(uow.session, row, loaded, wf, step, open_tasks)
        except ResourceLimit as exc:
            exc.after_rollback = partial(self._limit_incident, instance_id, None, exc)
            raise
        if step.signals:
            self.signals.broadcast(uow, step, origin=row.id)
        return InstanceView.of(row)

    def restore(self, row: ProcessInstance, loaded: LoadedDefinition) -> BpmnWorkflow:
        wf = self.serializer.loads(row.state, loaded.spec, loaded.subprocess_specs, row.state_format)
        wf.script_engine = self.script_engine
        return install(wf)

    def lock(self, session, instance_id: str) -> ProcessInstance:
        # FOR UPDATE on PostgreSQL; SQLite already holds the database write lock (BEGIN IMMEDIATE).
        row = session.execute(_LOCK_INSTANCE, {"id": instance_id}).scalar_one_or_none()
        if row is None:
            raise NotFound(f"no instance {instance_id}")
        return row

    def _advance(self, wf: BpmnWorkflow, step: Step, loaded: LoadedDefinition | None = None) -> None:
        """Run engine work until only waits are left (SpiffWorkflow's do_engine_steps, round by round).

        A loop without a wait state (script -> gateway -> script) runs entirely inside this call, so the
        task tree is also compacted every COMPACT_EVERY rounds, not only at the end; otherwise such a
        loop would reach SpiffWorkflow's depth limit after a few hundred turns.
        """
        rules = loaded is not None and loaded.has_event_rules
        try:
            with output.capture() as printed:
                rounds = 0
                for _turn in range(EVENT_TURNS):
                    while wf._do_engine_steps(did_complete_task=step.element_completed):
                        rounds += 1
                        if rounds % COMPACT_EVERY == 0:
                            compact(wf)
                        limits.check_tasks(wf, self.limits)
                    wf.refresh_timers()
                    # Conditions see the variables this change set; idle event subprocesses let a scope end.
                    if not rules or not (reevaluate(wf, instance_variables(wf))
                                         or close_idle_event_subprocesses(wf)):
                        break
        except (SpiffWorkflowException, WorkflowException) as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, ResourceLimit):
                raise cause from None
            raise ScriptError(_spiff_message(exc)) from exc
        if printed:  # print() in scripts: the instance log
            step.record("script_output", None, None, {"lines": list(printed), "dropped": printed.dropped},
                        actor="engine")
        compact(wf)
        limits.check_tasks(wf, self.limits)

    def _save(self, session, row: ProcessInstance, loaded: LoadedDefinition, wf: BpmnWorkflow,
              step: Step, open_tasks: dict[str, TaskRow] | None = None, new: bool = False) -> None:
        """Write the state and its projections. `open_tasks` are the instance's open task rows when the
        caller already read them under the lock; None reads them here. `new`: `row` is a new instance,
        not yet in the session."""
        row.state = self.serializer.dumps(wf)
        limits.check_state(len(row.state), self.limits)
        row.state_format = STATE_FORMAT
        row.variables = instance_variables(wf)
        unfinished = OpenTasks(wf)
        row.active_elements = unfinished.active_elements
        completed = wf.is_completed()
        if completed:
            row.status, row.ended_at = "completed", step.now
        elif row.status != "suspended":
            row.status = "running" if unfinished.human else "waiting"
        projector = Projector(session, row, loaded, wf, step, unfinished, {} if new else open_tasks)
        with self._step_context(session):  # due dates such as ${working_days(2)} read the engine clock
            projector.run()
        if completed:
            step.record("instance_completed", row.definition_key, None, {"variables": row.variables},
                        actor="engine")
        # Plain inserts only, sent to PostgreSQL in one round trip.
        with pipelined(session):
            history.append_instance(session, row, step.events)
            if new:
                # One Core INSERT, with the history head already set (no ORM insert and then
                # update). Rows that reference the instance come after it: task rows just below,
                # timer and subscription rows (ORM) at the commit's flush.
                values = {c.key: getattr(row, c.key) for c in ProcessInstance.__table__.columns}
                values["version"] = row.version = 1
                session.execute(insert(ProcessInstance.__table__).inline(), values)
            # An existing instance is written once, by the unit of work at commit (state and history
            # head in one UPDATE with the version check).
            projector.insert_new_tasks()
            if loaded.has_due_dates and projector.new_tasks:
                if sla_timers := sla.plan(self._engine, projector.new_tasks, loaded.elements, step.now):
                    session.execute(insert(Timer.__table__).inline(), sla_timers)
        if loaded.has_due_dates:
            sla.cancel_for(session, row.id, projector.closed_tasks)
        if loaded.has_connectors:
            jobs.sync(self._engine, session, row, loaded, wf, unfinished.waiting, step)
        self._notify_assigned(session, projector.new_tasks, step)

    def _notify_assigned(self, session, new_tasks: list[dict[str, Any]], step: Step) -> None:
        """Tell people about tasks the model assigned to them (not to whoever is acting right now)."""
        for task in new_tasks:
            if task["assignee"] and task["assignee"] != step.actor:
                self._engine.notifications.notify(session, [task["assignee"]], "assignment", task, step.now)

    # --- reading (engine/instance_queries.py) ----------------------------------------------------
    def get(self, instance_id: str, actor: Actor | None = None) -> InstanceView:
        """One instance; with `actor`, NotFound unless that actor may see it."""
        return self.queries.get(instance_id, actor)

    def list(self, **filters: Any) -> tuple[list[InstanceView], int]:
        """Filtered, sorted page of instances and the total (see InstanceQueries.list)."""
        return self.queries.list(**filters)

    def diagram(self, instance_id: str, actor: Actor) -> dict[str, Any]:
        return self.queries.diagram(instance_id, actor)

    # --- lifecycle ----------------------------------------------------------------------------------
    def suspend(self, instance_id: str, actor: Actor) -> InstanceView:
        return self._set_status(instance_id, actor, "suspend")

    def resume(self, instance_id: str, actor: Actor) -> InstanceView:
        return self._set_status(instance_id, actor, "resume")

    def terminate(self, instance_id: str, actor: Actor, reason: str | None = None) -> InstanceView:
        return self._set_status(instance_id, actor, "terminate", reason)

    def _set_status(self, instance_id: str, actor: Actor, what: str, reason: str | None = None
                    ) -> InstanceView:
        permissions.require_instance_admin(actor, what)
        now = self._engine.clock.now()
        with self._engine.uow() as uow:
            row = self.lock(uow.session, instance_id)
            step = Step(actor.username, now)
            if row.status in ENDED:
                raise IllegalState(f"instance {instance_id} is already {row.status}")
            if what == "suspend":
                if row.status == "suspended":
                    raise IllegalState(f"instance {instance_id} is already suspended")
                row.status = "suspended"
            elif what == "resume":
                if row.status != "suspended":
                    raise IllegalState(f"instance {instance_id} is not suspended")
                loaded = self._engine.repository.load(uow.session, row.definition_id)
                wf = self.restore(row, loaded)
                row.status = "running" if wf.get_tasks(state=TaskState.READY, manual=True) else "waiting"
            else:
                row.status, row.ended_at = "terminated", now
                close_everything(uow.session, instance_id, now, step, reason or "terminated")
            step.record(_EVENT_OF[what], row.definition_key, None, {"reason": reason} if reason else {})
            history.append_instance(uow.session, row, step.events)
            uow.commit()
            return InstanceView.of(row)

    # --- messages -------------------------------------------------------------------------------------
    def correlate_message(self, name: str, actor: Actor, correlation_key: str | None = None,
                          variables: dict[str, Any] | None = None) -> InstanceView:
        """Deliver a message to the one instance waiting for it (by name and correlation key), or start
        an instance of the process whose start event waits for it. NotFound when nobody waits; Conflict
        when more than one instance waits."""
        if not name:
            raise ValidationFailed("a message needs a name")
        _check_variables(variables)
        variables = variables or {}
        with self._engine.uow() as uow:
            q = (select(MessageSubscription.instance_id, MessageSubscription.task_id).join(
                ProcessInstance, ProcessInstance.id == MessageSubscription.instance_id)
                .where(MessageSubscription.message_name == name, ProcessInstance.status.in_(ACTIVE)))
            key_column = MessageSubscription.correlation_key
            q = q.where(key_column.is_(None) if correlation_key is None else key_column == correlation_key)
            subscribed = uow.session.execute(q).all()
            waiting = sorted({r.instance_id for r in subscribed})
            if len(waiting) > 1:
                raise Conflict(f"{len(waiting)} instances wait for message {name!r} with key "
                               f"{correlation_key!r}; correlation must be unique")
            if waiting:
                task_ids = {r.task_id for r in subscribed}
                view = self.change(waiting[0], actor, _deliver(name, correlation_key, variables, task_ids),
                                   uow=uow)
                uow.commit()
                return view
            definition = self._message_start_definition(uow.session, name)
            if definition is None:
                raise NotFound(f"no instance waits for message {name!r} with key {correlation_key!r}")
            view = self._start(uow, definition, actor, variables, correlation_key,
                               trigger=_start_by_message(name, correlation_key, variables))
            uow.commit()
            return view

    # --- signals (engine/signals.py) -------------------------------------------------------------
    def signal(self, name: str, variables: dict[str, Any] | None = None, actor: Actor | None = None
               ) -> SignalResult:
        """Broadcast signal `name`: every instance waiting for it hears it and every process whose start
        event waits for it starts, in one transaction. NotFound when nobody waits and nothing starts."""
        return self.signals.send(name, variables, actor)

    def _message_start_definition(self, session, name: str) -> ProcessDefinition | None:
        newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("v"))
                  .group_by(ProcessDefinition.key).subquery())
        rows = session.execute(select(ProcessDefinition).join(
            newest, (ProcessDefinition.key == newest.c.key) & (ProcessDefinition.version == newest.c.v))
            .where(ProcessDefinition.executable.is_(True))).scalars()
        matches = [r for r in rows if name in (r.message_starts or [])]
        if len(matches) > 1:
            raise Conflict(f"message {name!r} starts more than one process: "
                           f"{', '.join(r.key for r in matches)}")
        return matches[0] if matches else None

    # --- timers ---------------------------------------------------------------------------------------
    def fire_due_timers(self, limit: int = 100) -> int:
        """Fire every timer due by the engine clock (oldest first, at most `limit`); returns how many
        fired. The dispatcher (engine/scheduler/dispatcher.py) does the work: each timer in its own
        transaction; a failing instance is marked `error` and the others go on."""
        return self._engine.scheduler.run_due(limit)

    def mark_error(self, instance_id: str, message: str, uow) -> ProcessInstance:
        """Record, in the caller's transaction, that an instance could not advance (it keeps its last
        good state); returns its locked row."""
        row = self.lock(uow.session, instance_id)
        row.status, row.error = "error", message
        step = Step("engine", self._engine.clock.now())
        step.record("incident", row.definition_key, None, {"message": message})
        history.append_instance(uow.session, row, step.events)
        return row


_EVENT_OF = {"suspend": "instance_suspended", "resume": "instance_resumed",
             "terminate": "instance_terminated"}


def _deliver(name: str, key: str | None, variables: dict[str, Any], task_ids: set[str]):
    """Deliver to the waiting tasks subscribed with this key only: one instance may wait for the same
    message several times with different keys (e.g. a multi-instance call activity per case)."""
    def action(wf: BpmnWorkflow, step: Step, row: ProcessInstance) -> None:
        waiting = [t for t in wf.get_tasks(state=TaskState.WAITING) if str(t.id) in task_ids
                   and any(getattr(d, "name", None) == name for d in event_definitions(t))]
        caught = 0
        for task in waiting:
            event = _message_event(event_definitions(task), name, key, variables)
            if task.task_spec.catches(task, event):
                task.task_spec.catch(task, event)
                task.task_spec._update(task)
                # Message variables join the process data, Camunda-style; after _update, which merges
                # the parent's (older) data over the task's.
                task.data.update(variables)
                caught += 1
        for scope in scopes(wf):  # event subprocesses with a message start
            if str(scope.task_tree.id) in task_ids:
                definitions = [d for _, d in trigger_starts(scope)]
                if any(getattr(d, "name", None) == name for d in definitions):
                    event = _message_event(definitions, name, key, variables)
                    caught += trigger_scope(scope, event, variables)
        if caught == 0:
            raise NotFound(f"instance {row.id} no longer waits for message {name!r}")
        step.record("message_received", waiting[0].task_spec.bpmn_id if waiting else None, None,
                    {"name": name, "correlation_key": key, "variables": variables})
    return action


def _message_event(definitions: list, name: str, key: str | None, variables: dict[str, Any]) -> BpmnEvent:
    """The event as the waiting task's own definition expects it: Camunda message events take the
    payload under `message`; plain BPMN ones (receive tasks) merge the variables into the task data."""
    definition = next(d for d in definitions if getattr(d, "name", None) == name)
    if isinstance(definition, MessageEventDefinition):
        return BpmnEvent(MessageEventDefinition(name), payload={
            "payload": {"name": name, "correlation_key": key, "variables": variables},
            "result_var": "message"})
    return BpmnEvent(definition, payload=dict(variables))


def _start_by_timer(element_id: str):
    def trigger(wf: BpmnWorkflow, step: Step) -> None:
        timer_start.fire_start_event(wf, element_id, step.now, step.element_completed)
        step.record("timer_fired", element_id, None, {"start_event": True}, actor="engine")
    return trigger


def _start_by_message(name: str, key: str | None, variables: dict[str, Any]):
    def trigger(wf: BpmnWorkflow, step: Step) -> None:
        event = BpmnEvent(MessageEventDefinition(name), payload={
            "payload": {"name": name, "correlation_key": key, "variables": variables},
            "result_var": "message"})
        wf.do_engine_steps()
        wf.catch(event)
    return trigger


def fire_timers(now):
    """The change that lets an instance's due timers fire (the dispatcher's action)."""
    def action(wf: BpmnWorkflow, step: Step, row: ProcessInstance) -> None:
        due_now = {}
        for task in wf.get_tasks(state=TaskState.WAITING):
            due = timer_due(task, now)
            if due is not None and due[1] is not None and due[1] < now:
                due_now[task] = (due[1], _timer_value(task))
        wf.refresh_timers()
        # Only what the interpreter really fired counts: it left WAITING, or its cycle moved on.
        for task, (due_at, before) in due_now.items():
            if task.state != TaskState.WAITING or _timer_value(task) != before:
                step.fired_timers.add(str(task.id))
                step.record("timer_fired", task.task_spec.bpmn_id, str(task.id),
                            {"due_at": due_at.isoformat()}, actor="engine")
    return action


def _timer_value(task) -> Any:
    value = task._get_internal_data("event_value")
    return dict(value) if isinstance(value, dict) else value


def _check_variables(variables: Any) -> None:
    if variables is None:
        return
    if not isinstance(variables, dict) or not all(isinstance(k, str) for k in variables):
        raise ValidationFailed("variables must be an object with string keys")
    bad = [k for k in variables if not k.isidentifier() or k.startswith("_")]
    if bad:
        raise ValidationFailed(f"invalid variable name(s): {', '.join(sorted(bad))}",
                               [{"field": k, "message": "not a valid variable name"} for k in bad])


def _spiff_message(exc: Exception) -> str:
    task = getattr(exc, "task_spec", None) or getattr(getattr(exc, "task", None), "task_spec", None)
    where = f" at {task.bpmn_id or task.name}" if task is not None else ""
    return f"{exc}{where}".strip()
