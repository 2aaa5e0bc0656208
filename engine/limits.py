"""Resource limits of models and instances, so one model cannot take the engine down for everybody.

At deploy (before SpiffWorkflow parses anything): elements per process, sequence flows leaving one
element (parallel branches) and a literal multi-instance cardinality. At run time, inside every change:
the number of items of a multi-instance (checked before SpiffWorkflow creates a single child), the tasks
an instance holds, and the size of its saved state. A run-time breach raises ResourceLimit; the change is
rolled back and RuntimeService records an incident (engine/runtime.py).
"""
from __future__ import annotations

from collections.abc import Iterable, Sized
from dataclasses import dataclass
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.specs.mixins import multiinstance_task as mi

from .errors import ModelProblem, ResourceLimit

_B = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
_FLOW_NODES = frozenset(("task", "userTask", "serviceTask", "scriptTask", "sendTask", "receiveTask",
                         "manualTask", "businessRuleTask", "callActivity", "subProcess", "transaction",
                         "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                         "boundaryEvent", "exclusiveGateway", "parallelGateway", "inclusiveGateway",
                         "eventBasedGateway", "complexGateway"))


@dataclass(frozen=True)
class Limits:
    max_elements: int = 2_000  # flow elements of one process, sub-processes included
    max_branches: int = 200  # sequence flows leaving one element
    max_multi_instance: int = 1_000  # items (or cardinality) of one multi-instance activity
    max_tasks: int = 10_000  # SpiffWorkflow tasks one instance holds after compaction
    max_state_bytes: int = 8 * 1024 * 1024  # serialized state of one instance

    @classmethod
    def of(cls, settings: Any) -> Limits:
        s = settings
        return cls(s.max_process_elements, s.max_parallel_branches, s.max_multi_instance,
                   s.max_instance_tasks, s.max_instance_state_bytes)


def model_problems(trees: Iterable[tuple[str, etree._Element]], limits: Limits) -> list[ModelProblem]:
    """Deploy-time breaches of the limits in parsed BPMN trees (cheap: one pass over the XML)."""
    problems: list[ModelProblem] = []
    for name, tree in trees:
        root = tree.getroot() if hasattr(tree, "getroot") else tree
        for process in root.iter(f"{_B}process"):
            nodes = [el for el in process.iter(f"{_B}*") if etree.QName(el).localname in _FLOW_NODES]
            if len(nodes) > limits.max_elements:
                problems.append(ModelProblem(
                    f"process has {len(nodes)} elements; the limit is {limits.max_elements} "
                    "(PRESSDESK_MAX_PROCESS_ELEMENTS)", process.get("id"), process.sourceline, name))
                continue
            fan_out: dict[str, int] = {}
            for flow in process.iter(f"{_B}sequenceFlow"):
                fan_out[flow.get("sourceRef", "")] = fan_out.get(flow.get("sourceRef", ""), 0) + 1
            problems.extend(ModelProblem(
                f"{count} sequence flows leave this element; the limit is {limits.max_branches} "
                "(PRESSDESK_MAX_PARALLEL_BRANCHES)", source, None, name)
                for source, count in fan_out.items() if count > limits.max_branches)
            for card in process.iter(f"{_B}loopCardinality"):
                text = (card.text or "").strip().removeprefix("${").removesuffix("}").strip()
                if text.isdigit() and int(text) > limits.max_multi_instance:
                    owner = card.getparent().getparent()
                    problems.append(ModelProblem(
                        f"multi-instance cardinality {int(text)} is over the limit of "
                        f"{limits.max_multi_instance} (PRESSDESK_MAX_MULTI_INSTANCE)", owner.get("id"),
                        card.sourceline, name))
    return problems


def check_tasks(wf: Any, limits: Limits) -> None:
    if len(wf.tasks) > limits.max_tasks:
        raise ResourceLimit(f"the instance holds {len(wf.tasks)} tasks; the limit is {limits.max_tasks} "
                            "(PRESSDESK_MAX_INSTANCE_TASKS)")


def check_state(size: int, limits: Limits) -> None:
    if size > limits.max_state_bytes:
        raise ResourceLimit(f"the instance state would take {size} bytes; the limit is "
                            f"{limits.max_state_bytes} (PRESSDESK_MAX_INSTANCE_STATE_BYTES)")


def _items(spec: Any, my_task: Any) -> int | None:
    if spec.data_input is not None:
        data = spec.data_input.get(my_task) if spec.data_input.exists(my_task) else None
        return len(data) if isinstance(data, Sized) else None
    value = my_task.workflow.script_engine.evaluate(my_task, spec.cardinality)
    return value if isinstance(value, int) else None


def _guarded(update_hook):
    def hook(self, my_task):
        limits = getattr(my_task.workflow.script_engine, "limits", None)
        if limits is not None:
            count = _items(self, my_task)
            if count is not None and count > limits.max_multi_instance:
                raise ResourceLimit(f"multi-instance {self.bpmn_id} would run {count} times; the limit is "
                                    f"{limits.max_multi_instance} (PRESSDESK_MAX_MULTI_INSTANCE)",
                                    element_id=self.bpmn_id)
        return update_hook(self, my_task)
    hook.pressdesk_guarded = True
    return hook


def install() -> None:
    """Check multi-instance sizes before SpiffWorkflow expands them. SpiffWorkflow offers no hook for
    this, and its Camunda dialect builds its own multi-instance classes from these two, so the check
    wraps their `_update_hook` once (idempotent)."""
    for cls in (mi.ParallelMultiInstanceTask, mi.SequentialMultiInstanceTask):
        if not getattr(cls._update_hook, "pressdesk_guarded", False):
            cls._update_hook = _guarded(cls._update_hook)
