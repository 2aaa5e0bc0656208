"""Start a new workflow through one of its timer start events, Camunda-style.

SpiffWorkflow reads a timer start event as "the instance exists and waits for the timer" (a cycle even
re-runs the process inside the same instance). pressdesk instead keeps timer start events as
definition-level timers (engine/scheduler/start_timers.py) and, when one is due, starts a new instance
whose start event has just fired. Here that firing is arranged with SpiffWorkflow's own timer logic:
the event's internal value is set to a moment already past, so it fires exactly once, and the
process's other start events are cancelled.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.simple import NoneEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.timer import CycleTimerEventDefinition, TimerEventDefinition
from SpiffWorkflow.bpmn.specs.mixins.events.start_event import StartEvent
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState


def start_events(wf: BpmnWorkflow) -> list[Task]:
    """The top-level start event tasks of a workflow that has not run yet, in model order."""
    return [t for t in wf.get_tasks(state=TaskState.NOT_FINISHED_MASK)
            if t.workflow is wf and isinstance(t.task_spec, StartEvent) and t.task_spec.bpmn_id]


def manual_start_target(wf: BpmnWorkflow) -> str | None:
    """For a start by hand: the timer start event to fire when the process has no none start event
    (Camunda starts such a process through its timer start event), else None."""
    events = start_events(wf)
    if any(isinstance(t.task_spec.event_definition, NoneEventDefinition) for t in events):
        return None
    timers = [t for t in events if isinstance(t.task_spec.event_definition, TimerEventDefinition)]
    return timers[0].task_spec.bpmn_id if timers else None


def fire_start_event(wf: BpmnWorkflow, element_id: str, now: datetime, did_complete_task=None) -> None:
    """Make the timer start event `element_id` fire now, once, and cancel the other start events.
    Runs the first engine steps; the caller advances the workflow as usual afterwards."""
    events = start_events(wf)
    target = next((t for t in events if t.task_spec.bpmn_id == element_id), None)
    if target is None or not isinstance(target.task_spec.event_definition, TimerEventDefinition):
        raise ValueError(f"{element_id!r} is not a timer start event of this process")
    past = (now - timedelta(seconds=1)).isoformat()
    if isinstance(target.task_spec.event_definition, CycleTimerEventDefinition):
        # One cycle left, already due: SpiffWorkflow runs one branch, then completes the event.
        target._set_internal_data(event_value={"cycles": 1, "next": past, "duration": 0})
    else:
        target._set_internal_data(event_value=past)
    for other in events:
        if other is not target:
            other.cancel()
    wf.do_engine_steps(did_complete_task=did_complete_task)
    if target.state == TaskState.WAITING:
        target._set_internal_data(event_fired=True)
        target.task_spec._update(target)
