"""Event behaviour pressdesk adds around SpiffWorkflow 3.2 while an instance runs.

- Event subprocesses are triggered in their own scope (the process or the embedded subprocess that holds
  them; SpiffWorkflow only looks at the process), an error or escalation from the innermost scope out.
- An interrupting event subprocess cancels the rest of its scope when its start event fires.
- Event subprocesses that wait for a timer or a trigger do not keep a finished scope open (Camunda ends
  the process when its flow is done; SpiffWorkflow would wait for them forever).
- Conditional events are evaluated on the instance's current variables after every change; a
  conditional event subprocess starts when its condition turns true.
"""
from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import CodeEventDefinition
from SpiffWorkflow.bpmn.util.event import EventManager
from SpiffWorkflow.exceptions import SpiffWorkflowException, WorkflowException
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from .events import EventSubprocessTask, VariableCondition

_CONDITIONS = "conditions"  # root task internal data: last value of each conditional trigger
_INTERRUPTED = "interrupted"  # root task internal data: an interrupting event subprocess took over


class ScopedEventManager(EventManager):
    """SpiffWorkflow's event manager, with event subprocesses triggered in the scope that holds them."""

    def catch(self, event, internal: bool = True) -> int:
        if event.target is not None and isinstance(event.event_definition, CodeEventDefinition):
            return self._catch_scoped(event)
        for scope in scopes(self.workflow):
            start_subprocesses(scope, event)
        # An event nobody here catches is not kept in the state, where SpiffWorkflow would pile them up:
        # signals reach other instances through engine/signals.py, nothing reads the others.
        tasks = [t for t in self.tasks.values() if t.task_spec.catches(t, event)]
        for task in tasks:
            task.task_spec.catch(task, event)
            task.task_spec._update(task)
        return len(tasks)

    def update_collaboration(self, event) -> None:
        for scope in scopes(self.workflow):
            start_subprocesses(scope, event)

    def _catch_scoped(self, event) -> int:
        """Errors and escalations go to the nearest scope that catches them: a boundary event or an
        event subprocess of the thrower's (sub)process, then of each enclosing one."""
        scope = event.target
        while scope is not None:
            tasks = [t for t in self.tasks.values() if t.workflow is scope
                     and t.task_spec.event_definition.catches(t, event)]
            if not tasks:
                started = start_subprocesses(scope, event)
                tasks = [t for t in self.tasks.values()
                         if t.workflow in started and t.task_spec.catches(t, event)]
            if tasks:
                for task in tasks:
                    task.task_spec.catch(task, event)
                    task.task_spec._update(task)
                return len(tasks)
            scope = scope.parent_workflow
        return 0  # an uncaught error or escalation ends nothing but its own path, as in Camunda


def install(wf) -> Any:
    """Give a new or restored workflow the scoped event manager (keeping the tasks it already knows)."""
    if type(wf.event_manager) is EventManager:
        wf.event_manager.__class__ = ScopedEventManager
    return wf


def scopes(wf) -> list:
    """The process and every unfinished subprocess (the places an event subprocess can live)."""
    return [wf, *(sp for sp in wf.subprocesses.values() if not sp.completed)]


def _trigger_specs(scope) -> list:
    if scope.task_tree._get_internal_data(_INTERRUPTED, False):
        return []  # an interrupting event subprocess runs: the scope listens for nothing else (Camunda)
    top = scope.top_workflow
    return [(name, top.subprocess_specs[name]) for name in getattr(scope.spec.start, "trigger_specs", [])
            if name in top.subprocess_specs]


def _start_in(scope, name: str, variables: dict[str, Any] | None = None) -> Any:
    top = scope.top_workflow
    if variables is None:
        variables = dict(top.last_task.data) if top.last_task is not None else {}
    child_id = scope.spec.start.trigger_wf(scope.task_tree, name)
    sp = top.subprocesses[child_id]
    # It would start from the data its scope began with; Camunda's event subprocess sees the variables
    # as they are now. Its start event takes them from here when it fires.
    sp.task_tree.data.update(variables)
    return sp


def start_subprocesses(scope, event) -> list:
    """Start the event subprocesses of `scope` whose start event catches `event` (reusing one whose start
    event still waits, as SpiffWorkflow does); returns their workflows."""
    started = []
    top = scope.top_workflow
    for name, sp_spec in _trigger_specs(scope):
        for start_spec in sp_spec.bpmn_start_events:
            if start_spec.event_definition != event.event_definition:
                continue
            waiting = next((sp for sp in top.subprocesses.values() if sp.parent_workflow is scope
                            and sp.get_next_task(state=TaskState.WAITING, spec_name=start_spec.name)), None)
            sp = waiting or _start_in(scope, name)
            sp.correlations.update(event.correlations)
            started.append(sp)
    return started


def interrupt_scope(start_task: Task) -> None:
    """An interrupting event subprocess started: cancel everything else in the scope that holds it."""
    sp = start_task.workflow
    top = sp.top_workflow
    if sp is top:
        return
    host = top.get_task_from_id(sp.parent_task_id)
    if host is None or not isinstance(host.task_spec, EventSubprocessTask):
        return
    scope = host.workflow
    scope.task_tree._set_internal_data(**{_INTERRUPTED: True})
    keep = {t.id for t in host}
    parent = host
    while parent is not None:
        keep.add(parent.id)
        parent = parent.parent
    for task in list(scope.tasks.values()):
        if task.id in keep or task.id not in scope.tasks or task.has_state(TaskState.FINISHED_MASK):
            continue
        task.cancel()


def close_idle_event_subprocesses(wf) -> bool:
    """Cancel event subprocesses still waiting for their start (timer-started ones run from the start)
    once nothing else of their scope is unfinished; returns whether any was cancelled."""
    cancelled = False
    for scope in scopes(wf):
        idle, busy = [], False
        hosts = [t for t in scope.tasks.values() if isinstance(t.task_spec, EventSubprocessTask)
                 and not t.has_state(TaskState.FINISHED_MASK)]
        for host in hosts:
            sp = wf.subprocesses.get(host.id)
            if sp is None or _waits_to_start(sp):
                idle.append(host)
        idle_ids = {d.id for h in idle for d in h}
        for task in scope.tasks.values():
            if task.id in idle_ids or task.has_state(TaskState.FINISHED_MASK):
                continue
            if task.task_spec.name in ("End", scope.spec.end.name):
                continue  # a running event subprocess (STARTED) keeps the scope busy, as in Camunda
            if task.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED):
                busy = True
                break
        if idle and not busy:
            for host in idle:
                host.cancel()
            for join in [t for t in scope.tasks.values() if t.task_spec is scope.spec.end
                         and t.state == TaskState.WAITING]:
                join.task_spec._update(join)  # it waited for the event subprocesses just cancelled
            cancelled = True
    return cancelled


def _waits_to_start(sp) -> bool:
    """Whether an event subprocess only waits for its start (a timer cycle may already have started
    branches that still run: then it is busy)."""
    starts = {s.name for s in sp.spec.bpmn_start_events}
    waiting = busy = False
    for t in sp.tasks.values():
        if t.task_spec.name in starts:
            waiting |= t.state == TaskState.WAITING
        elif t.task_spec.name not in ("Start", sp.spec.end.name, "End"):
            busy |= t.has_state(TaskState.READY | TaskState.WAITING | TaskState.STARTED)
    return waiting and not busy


def _evaluate(wf, task: Task, expression: str, variables: dict[str, Any]) -> bool:
    # The newest variables win over the waiting task's own (older) copy of the process data.
    view = SimpleNamespace(data={**task.data, **variables}, task_spec=task.task_spec, workflow=task.workflow,
                           id=task.id)
    try:
        return bool(wf.script_engine.evaluate(view, expression))
    except (SpiffWorkflowException, WorkflowException) as exc:
        raise WorkflowException(f"condition {expression!r} of {task.task_spec.bpmn_id} failed: {exc}",
                                task_spec=task.task_spec) from exc


def reevaluate(wf, variables: dict[str, Any]) -> bool:
    """Fire conditional catch and boundary events whose condition holds on `variables` (the instance's
    current ones), and start conditional event subprocesses whose condition has just turned true.
    Returns whether anything fired (the caller then runs engine steps again)."""
    fired = False
    for task in wf.get_tasks(state=TaskState.WAITING):
        definition = getattr(task.task_spec, "event_definition", None)
        if not isinstance(definition, VariableCondition) or task._get_internal_data("event_fired", False):
            continue
        if task.workflow is not wf and _waits_to_start(task.workflow) and \
                isinstance(wf.get_task_from_id(task.workflow.parent_task_id).task_spec, EventSubprocessTask):
            continue  # a start event of an event subprocess: handled below, once per turn to true
        if _evaluate(wf, task, definition.expression, variables):
            task._set_internal_data(event_fired=True)
            task.task_spec._update(task)
            task.data.update(variables)  # the path goes on with the variables that made it true
            fired = True
    for scope in scopes(wf):
        memory = dict(scope.task_tree._get_internal_data(_CONDITIONS, None) or {})
        for name, sp_spec in _trigger_specs(scope):
            for start_spec in sp_spec.bpmn_start_events:
                if not isinstance(start_spec.event_definition, VariableCondition):
                    continue
                now = _evaluate(wf, scope.task_tree, start_spec.event_definition.expression, variables)
                key = f"{name}/{start_spec.name}"
                if now and not memory.get(key):
                    sp = _start_in(scope, name, variables)
                    start = sp.get_next_task(state=TaskState.WAITING, spec_name=start_spec.name)
                    if start is not None:
                        start._set_internal_data(event_fired=True)
                        start.task_spec._update(start)
                    fired = True
                memory[key] = now
        scope.task_tree._set_internal_data(**{_CONDITIONS: memory})
    return fired


def trigger_scope(scope, event, data: dict[str, Any] | None = None) -> int:
    """Deliver `event` to the event subprocesses of `scope` only (a message or signal start), `data`
    joining their data; returns how many start events caught it."""
    caught = 0
    for sp in start_subprocesses(scope, event):
        for task in sp.get_tasks(state=TaskState.WAITING):
            if task.task_spec in sp.spec.bpmn_start_events and task.task_spec.catches(task, event):
                task.task_spec.catch(task, event)
                task.task_spec._update(task)
                task.data.update(data or {})  # after _update, which merges the parent's data over it
                caught += 1
    return caught


def trigger_starts(scope) -> list[tuple[Any, Any]]:
    """(start event spec, its event definition) of every event subprocess `scope` may trigger."""
    return [(start, start.event_definition) for _, sp_spec in _trigger_specs(scope)
            for start in sp_spec.bpmn_start_events]
