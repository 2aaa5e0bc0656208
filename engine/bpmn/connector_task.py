"""Service tasks run by background workers (Camunda's external tasks), and the parser that builds them.

A `<bpmn:serviceTask camunda:type="external" camunda:topic="portal.publish">` does not run inside the
engine step: the task waits (WAITING) while a job calls the connector registered for its topic
(engine/connectors/). When the job succeeds, the connector's output is handed to the task, which then
completes and the process goes on. SpiffWorkflow's own service task would stop in STARTED instead.
"""
from __future__ import annotations

from typing import Any

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser, full_tag
from SpiffWorkflow.bpmn.specs.defaults import ManualTask, NoneTask, ServiceTask
from SpiffWorkflow.camunda.parser import CamundaParser
from SpiffWorkflow.camunda.parser.task_spec import CamundaTaskParser
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from . import events, lenient

_DONE, _OUTPUT = "connector_done", "connector_output"


class ConnectorTask(ServiceTask):
    """A service task that waits until its job hands it the connector's output."""

    def _update_hook(self, my_task: Task) -> bool | None:
        super()._update_hook(my_task)  # data inputs and the parent's data
        if my_task._get_internal_data(_DONE, False):
            return True
        if my_task.state != TaskState.WAITING:
            my_task._set_state(TaskState.WAITING)
        return None

    def _run_hook(self, my_task: Task) -> bool:
        # Output variables join the process data, as Camunda's external-task completion does.
        my_task.data.update(my_task._get_internal_data(_OUTPUT) or {})
        return True


def is_connector_task(task: Task) -> bool:
    return isinstance(task.task_spec, ConnectorTask)


def hand_output(task: Task, output: dict[str, Any]) -> None:
    """Give a waiting connector task its output; the next engine steps complete it."""
    if not is_connector_task(task) or task.state != TaskState.WAITING:
        raise ValueError(f"task {task.id} is not a waiting service task")
    task._set_internal_data(**{_DONE: True, _OUTPUT: dict(output)})
    task.task_spec._update(task)


HUMAN_TASK_PROPERTY = "humanTask"
_CAMUNDA_TYPE = "{http://camunda.org/schema/1.0/bpmn}type"


class _ExternalOr:
    """Parser for send and business rule tasks: with camunda:type="external" they run through a
    connector like service tasks (as Camunda 7 allows); otherwise SpiffWorkflow's own parser."""

    def __init__(self, default: tuple[type, type]) -> None:
        self.default = default

    def __getattr__(self, name: str) -> Any:
        # Class-level helpers SpiffWorkflow looks up on the parser class (get_decision_ref).
        return getattr(self.default[0], name)

    def __call__(self, process_parser: Any, spec_class: Any, node: Any, nsmap: Any = None,
                 lane: Any = None) -> Any:
        if node.get(_CAMUNDA_TYPE) == "external":
            return CamundaTaskParser(process_parser, ConnectorTask, node, nsmap, lane=lane)
        parser_class, spec = self.default
        return parser_class(process_parser, spec, node, nsmap, lane=lane)


class PassThroughTaskParser(CamundaTaskParser):
    """`<manualTask>` and plain `<task>` pass through as in Camunda 7: the engine completes them and no
    task-list row is made. The extension property `humanTask` = `true` keeps one as a human task."""

    def create_task(self) -> Any:
        task = super().create_task()
        task.manual = (self.parse_extensions().get(HUMAN_TASK_PROPERTY) or "").strip().lower() == "true"
        return task


class PressdeskParser(CamundaParser):
    """The Camunda parser with pressdesk's service tasks, events (engine/bpmn/events.py), pass-through
    manual and plain tasks, and the lenient readings of engine/bpmn/lenient.py (generated flow ids,
    SpiffWorkflow's reserved ids)."""

    OVERRIDE_PARSER_CLASSES = {
        **CamundaParser.OVERRIDE_PARSER_CLASSES,
        full_tag("serviceTask"): (CamundaTaskParser, ConnectorTask),
        full_tag("manualTask"): (PassThroughTaskParser, ManualTask),
        full_tag("task"): (PassThroughTaskParser, NoneTask),
        full_tag("sendTask"): (_ExternalOr(BpmnParser.PARSER_CLASSES[full_tag("sendTask")]), ConnectorTask),
        full_tag("businessRuleTask"): (_ExternalOr(CamundaParser.OVERRIDE_PARSER_CLASSES[
            full_tag("businessRuleTask")]), ConnectorTask),
        **events.PARSER_CLASSES,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.renamed_ids: dict[str, str] = {}

    def add_bpmn_xml(self, bpmn: Any, filename: str | None = None) -> None:
        # A rewritten copy: link events, prefixed references, errors known only by code (events.py),
        # then generated flow ids and renamed reserved ids (lenient.py); FEEL conditions named by a
        # language attribute keep their language in their text (model_text.py).
        from ..scripting.model_text import tag_bpmn

        bpmn, renamed = lenient.for_spiff(events.prepare(bpmn))
        self.renamed_ids.update(renamed)
        super().add_bpmn_xml(tag_bpmn(bpmn), filename)

    def get_spec(self, process_id: str, required: bool = True) -> Any:
        spec = super().get_spec(process_id, required)
        if spec is not None:
            lenient.restore_ids(spec, self.renamed_ids)
        return spec

    def add_dmn_xml(self, node: Any, filename: str | None = None) -> None:
        from ..scripting.model_text import tag_dmn

        super().add_dmn_xml(tag_dmn(node), filename=filename)
