"""Signals: broadcast to every instance that waits for them, and start the processes they start.

A signal thrown inside an instance is heard there by SpiffWorkflow itself; here it is also delivered,
in the same transaction, to every other running instance subscribed to it and starts each process whose
start event waits for it (Camunda's broadcast). A signal from outside (`RuntimeService.signal`,
`POST /api/v1/signals`) reaches them all the same way.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from sqlalchemy import func, select

from .bpmn import timer_start
from .db.models import ProcessDefinition, ProcessInstance, SignalSubscription
from .errors import IllegalState, NotFound, ValidationFailed
from .identity import Actor

if TYPE_CHECKING:
    from .db.models import ProcessInstance as Row
    from .projection import Step
    from .runtime import RuntimeService

MAX_DEPTH = 10  # a signal that makes instances throw signals, which make instances throw signals…
_depth: ContextVar[int] = ContextVar("signal_depth", default=0)
# Starts processes for signals thrown by instances; admin passes every start rule (engine.identity.SYSTEM
# where that exists).
SYSTEM = Actor("system", frozenset({"admin"}))


@dataclass
class SignalResult:
    """What one signal did: the instances that heard it and the instances it started."""

    name: str
    delivered: list[str] = field(default_factory=list)
    started: list[str] = field(default_factory=list)


class Signals:
    def __init__(self, runtime: RuntimeService) -> None:
        self._runtime = runtime

    def send(self, name: str, variables: dict[str, Any] | None = None, actor: Actor | None = None
             ) -> SignalResult:
        """Deliver signal `name` to every waiting instance and start every process it starts, in one
        transaction; `variables` join the data of each. NotFound when nobody waits for it and no
        process starts on it (nothing changes); ValidationFailed on a missing name or bad variables."""
        from .runtime import _check_variables

        if not isinstance(name, str) or not name.strip():
            raise ValidationFailed("a signal needs a name")
        _check_variables(variables)
        with self._runtime._engine.uow() as uow:
            result = self.deliver(uow, name, dict(variables or {}), actor or SYSTEM)
            if not result.delivered and not result.started:
                raise NotFound(f"no instance waits for signal {name!r} and no process starts on it")
            uow.commit()
        return result

    def broadcast(self, uow, step: Step, origin: str) -> None:
        """After a change of `origin`: the signals it threw reach the other instances, with the variables
        their `camunda:in` elements name (none by default, as in Camunda)."""
        thrown, step.signals = list(step.signals), []
        for name, variables in thrown:  # processes they start are started by "system"
            self.deliver(uow, name, variables, Actor(step.actor), origin, starter=SYSTEM)

    def deliver(self, uow, name: str, variables: dict[str, Any], actor: Actor, origin: str | None = None,
                starter: Actor | None = None) -> SignalResult:
        depth = _depth.get()
        if depth >= MAX_DEPTH:
            raise IllegalState(f"signal {name!r} set off more than {MAX_DEPTH} rounds of signals")
        token = _depth.set(depth + 1)
        try:
            return self._deliver(uow, name, variables, actor, origin, starter or actor)
        finally:
            _depth.reset(token)

    def _deliver(self, uow, name: str, variables: dict[str, Any], actor: Actor, origin: str | None,
                 starter: Actor) -> SignalResult:
        from .runtime import ACTIVE

        result = SignalResult(name)
        rows = uow.session.execute(
            select(SignalSubscription.instance_id, SignalSubscription.task_id)
            .join(ProcessInstance, ProcessInstance.id == SignalSubscription.instance_id)
            .where(SignalSubscription.signal_name == name, ProcessInstance.status.in_(ACTIVE))).all()
        for instance_id in sorted({r.instance_id for r in rows} - {origin}):
            self._runtime.change(instance_id, actor, _hear(name, variables), uow=uow)
            result.delivered.append(instance_id)
        for definition in self._start_definitions(uow.session, name):
            view = self._runtime._start(uow, definition, starter, dict(variables), None,
                                        trigger=_start_by_signal(name, variables))
            result.started.append(view.id)
        return result

    @staticmethod
    def _start_definitions(session, name: str) -> list[ProcessDefinition]:
        newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("v"))
                  .group_by(ProcessDefinition.key).subquery())
        rows = session.execute(select(ProcessDefinition).join(
            newest, (ProcessDefinition.key == newest.c.key) & (ProcessDefinition.version == newest.c.v))
            .where(ProcessDefinition.executable.is_(True)).order_by(ProcessDefinition.key)).scalars()
        return [r for r in rows if name in (r.signal_starts or [])]


def _event(name: str, variables: dict[str, Any]) -> BpmnEvent:
    return BpmnEvent(SignalEventDefinition(name), payload=dict(variables))


def _hear(name: str, variables: dict[str, Any]):
    def action(wf: BpmnWorkflow, step: Step, row: Row) -> None:
        if wf.event_manager.catch(_event(name, variables), internal=False):
            step.record("signal_received", None, None, {"name": name, "variables": variables})
    return action


def _start_by_signal(name: str, variables: dict[str, Any]):
    def trigger(wf: BpmnWorkflow, step: Step) -> None:
        for event in timer_start.start_events(wf):  # only the signal start event fires
            definition = event.task_spec.event_definition
            if not (isinstance(definition, SignalEventDefinition) and definition.name == name):
                event.cancel()
        wf.do_engine_steps(did_complete_task=step.element_completed)
        wf.catch(_event(name, variables))
        step.record("signal_received", None, None, {"name": name, "variables": variables, "start": True})
    return trigger
