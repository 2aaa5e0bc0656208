"""Signal subscriptions: which instances wait for which signal, rewritten after every change.

A waiting signal catch or boundary event subscribes with its task id; an event subprocess with a signal
start subscribes for as long as its scope runs, with the id of that scope's root task.
"""
from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from sqlalchemy import delete, select

from .bpmn import event_runtime
from .bpmn.events import signal_variables
from .db.models import ProcessInstance, SignalSubscription

__all__ = ["drop", "event_subprocess_starts", "signal_variables", "sync"]


def event_subprocess_starts(wf: BpmnWorkflow) -> list[tuple[Any, Any, Any]]:
    """(scope, start event spec, event definition) of the event subprocesses a running instance may
    still start."""
    if wf.is_completed():
        return []
    return [(scope, start, definition) for scope in event_runtime.scopes(wf)
            for start, definition in event_runtime.trigger_starts(scope)]


def sync(session, row: ProcessInstance, wf: BpmnWorkflow, waiting: list) -> None:
    from .projection import event_definitions

    wanted: dict[tuple[str, str], str] = {}
    for task in waiting:
        for definition in event_definitions(task):
            if isinstance(definition, SignalEventDefinition):
                wanted[(str(task.id), definition.name)] = task.task_spec.bpmn_id
    for scope, start, definition in event_subprocess_starts(wf):
        if isinstance(definition, SignalEventDefinition):
            wanted[(str(scope.task_tree.id), definition.name)] = start.bpmn_id
    existing = {(r.task_id, r.signal_name): r for r in session.execute(
        select(SignalSubscription).where(SignalSubscription.instance_id == row.id)).scalars()}
    for ident, sub in existing.items():
        if ident not in wanted:
            session.delete(sub)
    for (task_id, name), element_id in wanted.items():
        if (task_id, name) not in existing:
            session.add(SignalSubscription(instance_id=row.id, task_id=task_id, element_id=element_id,
                                           signal_name=name))


def drop(session, instance_id: str) -> None:
    session.execute(delete(SignalSubscription).where(SignalSubscription.instance_id == instance_id))
