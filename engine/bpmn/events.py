"""BPMN events SpiffWorkflow 3.2 reads partly or not at all, made readable before it parses a model.

`prepare` rewrites a copy of each model the parser is given: link events become the sequence flow they
stand for, prefixed references (`messageRef="tns:newInvoice"`) lose their prefix, and an `errorRef` or
`escalationRef` that names no element gets one whose code is the reference (as Camunda 7 reads it).
The parser classes below add what SpiffWorkflow's Camunda dialect leaves out: event subprocesses with
their own spec class, interrupting start events, error and escalation start events, signal end events,
`camunda:in` on thrown signals, `camunda:errorCodeVariable`/`escalationCodeVariable` on catching events,
and conditional events that a change of the instance's variables can fire (engine/bpmn/event_runtime.py
does the firing).
"""
from __future__ import annotations

from copy import deepcopy

from lxml import etree
from SpiffWorkflow.bpmn.parser.event_parsers import (
    CANCEL_EVENT_XPATH,
    CONDITIONAL_EVENT_XPATH,
    ERROR_EVENT_XPATH,
    ESCALATION_EVENT_XPATH,
    MESSAGE_EVENT_XPATH,
    SIGNAL_EVENT_XPATH,
    TERMINATION_EVENT_XPATH,
    TIMER_EVENT_XPATH,
)
from SpiffWorkflow.bpmn.parser.task_parsers import SubprocessParser as SpiffSubprocessParser
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.defaults import (
    BoundaryEvent,
    CallActivity,
    EndEvent,
    EventSubprocess,
    IntermediateCatchEvent,
    IntermediateThrowEvent,
    StartEvent,
)
from SpiffWorkflow.bpmn.specs.event_definitions.conditional import ConditionalEventDefinition
from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import (
    ErrorEventDefinition,
    EscalationEventDefinition,
)
from SpiffWorkflow.camunda.parser.event_parsers import (
    CamundaBoundaryEventParser,
    CamundaEndEventParser,
    CamundaIntermediateCatchEventParser,
    CamundaIntermediateThrowEventParser,
    CamundaStartEventParser,
)
from SpiffWorkflow.camunda.parser.task_spec import SubWorkflowParser
from SpiffWorkflow.util.task import TaskState

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
_B = f"{{{BPMN_NS}}}"
_REFS = {"messageEventDefinition": "messageRef", "signalEventDefinition": "signalRef",
         "errorEventDefinition": "errorRef", "escalationEventDefinition": "escalationRef",
         "receiveTask": "messageRef", "sendTask": "messageRef"}
_CODE_OF = {"error": "errorCode", "escalation": "escalationCode"}
_CONTAINERS = ("process", "subProcess", "transaction")


# --- the model, before SpiffWorkflow reads it ------------------------------------------------------
def local_ref(ref: str | None) -> str | None:
    """A reference without its namespace prefix: `tns:newInvoice` -> `newInvoice`."""
    return ref.rsplit(":", 1)[-1].strip() if ref else ref


def link_pairs(container: etree._Element) -> tuple[dict[str, list], dict[str, list]]:
    """Link throw and catch events of one (sub)process by link name (the name, else the event's)."""
    throws: dict[str, list] = {}
    catches: dict[str, list] = {}
    for kind, found in (("intermediateThrowEvent", throws), ("intermediateCatchEvent", catches)):
        for event in container.iterchildren(f"{_B}{kind}"):
            link = event.find(f"{_B}linkEventDefinition")
            if link is not None:
                name = (link.get("name") or event.get("name") or "").strip()
                found.setdefault(name, []).append(event)
    return throws, catches


def prepare(tree: etree._ElementTree | etree._Element) -> etree._Element:
    """A copy of the model with link events, prefixed references and code-only errors rewritten."""
    root = deepcopy(tree.getroot() if isinstance(tree, etree._ElementTree) else tree)
    ids = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    for el in root.iter(*(f"{_B}{kind}" for kind in _REFS)):
        attr = _REFS[etree.QName(el).localname]
        ref = el.get(attr)
        if ref and ":" in ref and ref not in ids and local_ref(ref) in ids:
            el.set(attr, local_ref(ref))
    for kind, code_attr in _CODE_OF.items():
        defined = {el.get("id") for el in root.iterchildren(f"{_B}{kind}")}
        for definition in root.iter(f"{_B}{kind}EventDefinition"):
            ref = definition.get(f"{kind}Ref")
            if ref and ref not in defined:  # Camunda: the reference is the code
                root.insert(0, etree.Element(f"{_B}{kind}", id=ref, name=ref, **{code_attr: ref}))
                defined.add(ref)
    for container in root.iter(*(f"{_B}{kind}" for kind in _CONTAINERS)):
        throws, catches = link_pairs(container)
        for name, events in throws.items():
            target = catches.get(name, [None])[0]
            for throw in events:
                if target is not None:
                    flow = etree.SubElement(container, f"{_B}sequenceFlow", id=f"{throw.get('id')}__link",
                                            sourceRef=throw.get("id"), targetRef=target.get("id"))
                    flow.tail = "\n"
        for event in [*(e for v in throws.values() for e in v), *(e for v in catches.values() for e in v)]:
            event.remove(event.find(f"{_B}linkEventDefinition"))  # now a none event on the flow
    return root


# --- spec classes --------------------------------------------------------------------------------
class EventSubprocessTask(EventSubprocess):
    """An event subprocess (triggeredByEvent): the Camunda dialect would read it as a call activity."""

    def _on_complete_hook(self, my_task) -> None:
        # A triggered one is added to the tree without its successor (the end join): without it, its data
        # would never reach the process and the process would end before it.
        if not my_task.children:
            my_task._sync_children(self.outputs, TaskState.FUTURE)
            for child in my_task.children:  # and the end join's own successor (a subprocess's "End")
                child.task_spec._predict(child, mask=TaskState.FUTURE | TaskState.PREDICTED_MASK)
        super()._on_complete_hook(my_task)


class PressdeskStartEvent(StartEvent):
    """A start event that knows whether it interrupts its scope (only read in event subprocesses)."""

    def __init__(self, wf_spec, bpmn_id, event_definition, interrupting: bool = True, **kwargs) -> None:
        super().__init__(wf_spec, bpmn_id, event_definition, **kwargs)
        self.interrupting = interrupting

    def _on_complete_hook(self, my_task) -> None:
        super()._on_complete_hook(my_task)
        if self.interrupting:
            from .event_runtime import interrupt_scope

            interrupt_scope(my_task)


class VariableCondition(ConditionalEventDefinition):
    """A conditional event that also fires when pressdesk found its condition true on the instance's
    current variables (event_runtime.reevaluate), not only on the waiting task's own copy of them."""

    def has_fired(self, my_task) -> bool:
        return bool(my_task._get_internal_data("event_fired", False)) or super().has_fired(my_task)


# --- parsers -------------------------------------------------------------------------------------
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"


class _Signals:
    """A thrown signal carries the variables its `camunda:in` elements name (`variables="all"`: all of
    them, `source`/`target`: one, renamed) to the instances it reaches, as in Camunda 7."""

    def parse_signal_event(self, signal_event):
        definition = super().parse_signal_event(signal_event)
        passes = signal_event.findall(f"{_B}extensionElements/{{{CAMUNDA_NS}}}in")
        definition.all_variables = any(p.get("variables") == "all" for p in passes)
        definition.variable_map = {p.get("source"): p.get("target") or p.get("source") for p in passes
                                   if p.get("source")}
        return definition


def signal_variables(definition, data: dict) -> dict:
    """The variables a thrown signal sends to other instances (none unless `camunda:in` says so)."""
    out = dict(data) if getattr(definition, "all_variables", False) else {}
    for source, target in (getattr(definition, "variable_map", None) or {}).items():
        if source in data:
            out[target] = data[source]
    return out


class _CaughtCode:
    """A catching error or escalation event with a code variable stores the code it caught there."""

    code_variable: str | None = None

    def catch(self, my_task, event=None) -> None:
        super().catch(my_task, event)
        my_task.internal_data["caught_code"] = getattr(event.event_definition, "code", None)

    def update_task_data(self, my_task) -> None:
        super().update_task_data(my_task)
        if self.code_variable:
            my_task.data[self.code_variable] = my_task.internal_data.get("caught_code")


class CodedError(_CaughtCode, ErrorEventDefinition):
    """An error event (`camunda:errorCodeVariable` on a catching one)."""


class CodedEscalation(_CaughtCode, EscalationEventDefinition):
    """An escalation event (`camunda:escalationCodeVariable` on a catching one)."""


class _Codes:
    # Every error and escalation definition is of these classes: SpiffWorkflow matches class and code.
    def parse_error_event(self, error_event):
        base = super().parse_error_event(error_event)
        definition = CodedError(base.name, base.code, description=base.description)
        definition.code_variable = error_event.get(f"{{{CAMUNDA_NS}}}errorCodeVariable")
        return definition

    def parse_escalation_event(self, escalation_event):
        base = super().parse_escalation_event(escalation_event)
        definition = CodedEscalation(base.name, base.code, description=base.description)
        definition.code_variable = escalation_event.get(f"{{{CAMUNDA_NS}}}escalationCodeVariable")
        return definition


class _Conditions:
    def parse_conditional_event(self, event):
        expression = self.xpath(".//bpmn:condition")
        if not expression or not (expression[0].text or "").strip():
            raise ValidationException("conditional event without a condition", node=self.node,
                                      file_name=self.filename)
        return VariableCondition(expression[0].text.strip(), description=self.get_event_description(event))


class StartEventParser(_Codes, _Conditions, CamundaStartEventParser):
    """Start events; error and escalation starts too (SpiffWorkflow reads them as none starts)."""

    def create_task(self):
        definition = self.get_event_definition([MESSAGE_EVENT_XPATH, SIGNAL_EVENT_XPATH, TIMER_EVENT_XPATH,
                                                 CONDITIONAL_EVENT_XPATH, ERROR_EVENT_XPATH,
                                                 ESCALATION_EVENT_XPATH])
        task = self._create_task(definition)
        self.spec.start.connect(task)
        task.interrupting = (self.node.get("isInterrupting") or "true").strip().lower() != "false" and \
            self.node.getparent().get("triggeredByEvent") == "true"
        return task


class EndEventParser(_Codes, _Signals, CamundaEndEventParser):
    """End events, signal end events included (SpiffWorkflow's parser drops their definition)."""

    def create_task(self):
        definition = self.get_event_definition([MESSAGE_EVENT_XPATH, CANCEL_EVENT_XPATH, ERROR_EVENT_XPATH,
                                                 ESCALATION_EVENT_XPATH, TERMINATION_EVENT_XPATH,
                                                 SIGNAL_EVENT_XPATH])
        task = self._create_task(definition)
        task.connect(self.spec.end)
        return task


class IntermediateCatchEventParser(_Conditions, CamundaIntermediateCatchEventParser):
    pass


class IntermediateThrowEventParser(_Codes, _Signals, CamundaIntermediateThrowEventParser):
    pass


class BoundaryEventParser(_Codes, _Conditions, CamundaBoundaryEventParser):
    pass


class SubprocessParser(SubWorkflowParser):
    def create_task(self):
        if self.node.get("triggeredByEvent") != "true":
            return super().create_task()
        spec = SpiffSubprocessParser.get_subprocess_spec(self)
        return EventSubprocessTask(self.spec, self.bpmn_id, subworkflow_spec=spec, **self.bpmn_attributes)


PARSER_CLASSES = {
    f"{_B}startEvent": (StartEventParser, PressdeskStartEvent),
    f"{_B}endEvent": (EndEventParser, EndEvent),
    f"{_B}intermediateCatchEvent": (IntermediateCatchEventParser, IntermediateCatchEvent),
    f"{_B}intermediateThrowEvent": (IntermediateThrowEventParser, IntermediateThrowEvent),
    f"{_B}boundaryEvent": (BoundaryEventParser, BoundaryEvent),
    f"{_B}subProcess": (SubprocessParser, CallActivity),
}
