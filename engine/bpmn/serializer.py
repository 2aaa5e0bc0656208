"""Instance state <-> JSON, without the process definition inside.

SpiffWorkflow's stock serializer writes the whole parsed process (every task spec) into each instance's
state. Our definitions are immutable versions cached in memory, so the stored state carries only the
running part (tasks, data, subprocesses, events) and is rejoined with the cached spec on load. Every
blob is tagged with STATE_FORMAT so a later release can migrate old states.
"""
from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter, WorkflowConverter
from SpiffWorkflow.bpmn.specs import BpmnProcessSpec
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

# pressdesk's own layout version, plus the SpiffWorkflow serializer version it builds on.
STATE_FORMAT = "pressdesk-1/spiff-1.5"


class _StateOnlyWorkflowConverter(BpmnWorkflowConverter):
    """Converts a top-level workflow without its specs; restores it onto specs given by the caller."""

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = WorkflowConverter.to_dict(self, workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(
        self, dct: dict[str, Any], spec: BpmnProcessSpec | None = None, subprocess_specs: dict | None = None
    ) -> BpmnWorkflow:
        if spec is None:
            raise ValueError("instance state can only be restored onto its process definition")
        workflow = self.target_class(spec, subprocess_specs or {}, deserializing=True)
        workflow.tasks = self.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
        workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
        self.set_default_attributes(workflow, dct)
        self.subprocesses_from_dict(dct["subprocesses"], workflow)
        workflow.bpmn_events = self.registry.restore(dct.pop("bpmn_events", []))
        return workflow


def _registry():
    config = dict(CAMUNDA_CONFIG)
    config[BpmnWorkflow] = _StateOnlyWorkflowConverter
    return BpmnWorkflowSerializer.configure(config)


class InstanceSerializer:
    """Dumps and loads the running state of one instance."""

    def __init__(self) -> None:
        self._serializer = BpmnWorkflowSerializer(_registry())

    def dumps(self, workflow: BpmnWorkflow) -> str:
        registry = self._serializer.registry
        registry._encoder_mode = True  # lets the registry hand unknown values to the JSON encoder
        try:
            dct = registry.convert(workflow)
            return json.dumps(dct, cls=self._serializer._encoder_cls, separators=(",", ":"))
        finally:
            registry._encoder_mode = False

    def loads(self, state: str, spec: BpmnProcessSpec, subprocess_specs: dict, fmt: str = STATE_FORMAT
              ) -> BpmnWorkflow:
        if fmt != STATE_FORMAT:
            raise ValueError(f"unknown instance state format {fmt!r}")
        dct = json.loads(state)
        return self._serializer.registry.restore(dct, spec=spec, subprocess_specs=subprocess_specs)
