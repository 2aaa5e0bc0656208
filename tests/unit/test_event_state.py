"""The state of instances with event subprocesses, conditions and signals survives a dump and load at
every step (SpiffWorkflow's save_restore habit), and restored instances go on as the live ones do."""
from __future__ import annotations

from pathlib import Path

from lxml import etree
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
from SpiffWorkflow.camunda.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.util.task import TaskState

from engine.bpmn import event_runtime
from engine.bpmn.connector_task import PressdeskParser
from engine.bpmn.serializer import InstanceSerializer
from engine.projection import instance_variables
from engine.scripting.sandbox import SandboxedScriptEngine

MODELS = Path(__file__).resolve().parent.parent / "integration" / "bpmn"
SERIALIZER = InstanceSerializer()


class Run:
    def __init__(self, name: str, **data) -> None:
        parser = PressdeskParser()
        parser.add_bpmn_xml(etree.parse(str(MODELS / f"{name}.bpmn")), f"{name}.bpmn")
        self.spec, self.subs = parser.get_spec(name), parser.get_subprocess_specs(name)
        self.wf = event_runtime.install(BpmnWorkflow(self.spec, self.subs,
                                                     script_engine=SandboxedScriptEngine()))
        self.wf.get_next_task(state=TaskState.READY).data.update(data)
        self.advance()

    def advance(self) -> None:
        for _ in range(10):
            self.wf.do_engine_steps()
            if not (event_runtime.reevaluate(self.wf, instance_variables(self.wf))
                    or event_runtime.close_idle_event_subprocesses(self.wf)):
                break
        state = SERIALIZER.dumps(self.wf)
        self.wf = event_runtime.install(SERIALIZER.loads(state, self.spec, self.subs))
        self.wf.script_engine = SandboxedScriptEngine()
        assert SERIALIZER.dumps(self.wf) == state

    def ready(self) -> list[str]:
        return sorted(t.task_spec.bpmn_id for t in self.wf.get_tasks(state=TaskState.READY, manual=True))

    def complete(self, element_id: str, **data) -> None:
        task = next(t for t in self.wf.get_tasks(state=TaskState.READY, manual=True)
                    if t.task_spec.bpmn_id == element_id)
        task.data.update(data)
        task.run()
        self.advance()


def test_conditions_and_their_memory_survive_restores():
    run = Run("events_conditional", urgent=False, approved=False, priority=0)
    flag = next(t for t in run.wf.get_tasks(state=TaskState.WAITING) if t.task_spec.bpmn_id == "wait_flag")
    flag.task_spec.catch(flag, BpmnEvent(MessageEventDefinition("flag"),
                                         payload={"payload": {}, "result_var": "message"}))
    flag.task_spec._update(flag)
    flag.data["urgent"] = True
    run.advance()
    assert run.ready() == ["urgent_review"]
    run.complete("urgent_review", approved=True, priority=9)
    assert run.ready() == ["supervise"]
    run.complete("supervise", priority=10)  # still true: a condition that stays true starts nothing new
    assert run.ready() == [] and run.wf.is_completed()


def test_signal_started_event_subprocess_survives_restores():
    run = Run("events_signal_catch")
    run.wf.event_manager.catch(BpmnEvent(SignalEventDefinition("publish"), payload={"n": 1}))
    run.advance()
    assert run.ready() == ["draft"]
    run.wf.event_manager.catch(BpmnEvent(SignalEventDefinition("archive"), payload={}))
    run.advance()
    assert run.wf.is_completed()
