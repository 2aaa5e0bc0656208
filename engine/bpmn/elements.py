"""What pressdesk reads from a BPMN file beyond what SpiffWorkflow executes.

Task-list attributes (lane, candidate groups, assignee, due and follow-up dates, priority, form), message
correlation keys and process start rules live in Camunda 7 attributes and extension properties, which
Camunda Modeler and bpmn-js write. They are read once per definition version, straight from the XML, and
kept beside the parsed spec in the definition cache.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
NS = {"bpmn": BPMN_NS, "camunda": CAMUNDA_NS}
_EXPR = re.compile(r"^\s*[$#]\{(.*)\}\s*$", re.DOTALL)


@dataclass
class ElementInfo:
    element_id: str
    kind: str
    name: str = ""
    process_id: str = ""
    lane_id: str | None = None
    lane_name: str | None = None
    lane_group: str | None = None  # the lane's explicit `group` property
    candidate_groups: list[str] = field(default_factory=list)
    # `${...}` given as candidateGroups: evaluated per task (the owning unit is known only at run time).
    candidate_groups_expr: str | None = None
    assignee: str | None = None
    due_date: str | None = None
    follow_up_date: str | None = None
    priority: str | None = None
    form_key: str | None = None
    correlation_key: str | None = None
    message_name: str | None = None  # the message a catch event, receive task or start event waits for
    documentation: str = ""
    properties: dict[str, str] = field(default_factory=dict)
    line: int | None = None
    # Service tasks: camunda:topic names the connector; camunda:inputParameter gives its inputs.
    topic: str | None = None
    inputs: dict[str, str] = field(default_factory=dict)


@dataclass
class ProcessInfo:
    process_id: str
    name: str
    executable: bool
    starter_groups: list[str] = field(default_factory=list)
    message_starts: list[str] = field(default_factory=list)
    signal_starts: list[str] = field(default_factory=list)
    called_elements: list[str] = field(default_factory=list)
    lanes: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # lane id -> (name, group prop)
    elements: dict[str, ElementInfo] = field(default_factory=dict)


def _properties(node: etree._Element) -> dict[str, str]:
    props = {}
    for prop in node.findall("bpmn:extensionElements/camunda:properties/camunda:property", NS):
        if prop.get("name"):
            props[prop.get("name")] = prop.get("value") or ""
    return props


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _camunda(node: etree._Element, name: str) -> str | None:
    return node.get(f"{{{CAMUNDA_NS}}}{name}")


def _lanes_by_node(process: etree._Element) -> tuple[dict[str, str], dict[str, tuple[str, str | None]]]:
    """Map flow node id -> innermost lane id, and lane id -> (name, group property)."""
    node_lane: dict[str, str] = {}
    lanes: dict[str, tuple[str, str | None]] = {}
    # Walk outer lanes first so nested (child) lanes overwrite them: the innermost lane wins.
    for lane in process.iter(f"{{{BPMN_NS}}}lane"):
        lane_id = lane.get("id") or ""
        lanes[lane_id] = (lane.get("name") or "", _properties(lane).get("group"))
        for ref in lane.findall("bpmn:flowNodeRef", NS):
            if ref.text:
                node_lane[ref.text.strip()] = lane_id
    return node_lane, lanes


def _message_names(root: etree._Element) -> dict[str, str]:
    return {m.get("id"): m.get("name") or m.get("id") for m in root.iter(f"{{{BPMN_NS}}}message")}


def read_processes(tree: etree._ElementTree | etree._Element) -> dict[str, ProcessInfo]:
    """Every process in one BPMN document, with its elements' task-list attributes."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    messages = _message_names(root)
    out: dict[str, ProcessInfo] = {}
    for process in root.findall("bpmn:process", NS):
        pid = process.get("id") or ""
        info = ProcessInfo(
            process_id=pid,
            name=process.get("name") or pid,
            executable=(process.get("isExecutable") or "true").strip().lower() != "false",
        )
        props = _properties(process)
        info.starter_groups = _split(_camunda(process, "candidateStarterGroups")) or _split(
            props.get("starterGroups")
        )
        node_lane, info.lanes = _lanes_by_node(process)
        for node in process.iter():
            if not isinstance(node.tag, str) or not node.tag.startswith(f"{{{BPMN_NS}}}"):
                continue
            element_id = node.get("id")
            kind = etree.QName(node).localname
            if not element_id or kind in ("lane", "laneSet", "sequenceFlow", "process"):
                continue
            element = _element(node, kind, pid, node_lane, info.lanes)
            if element is not None:
                element.message_name = _message_of(node, messages)
                info.elements[element_id] = element
            if kind == "startEvent" and node.getparent() is process:
                for med in node.findall("bpmn:messageEventDefinition", NS):
                    ref = _local_ref(med.get("messageRef"))
                    if ref:
                        info.message_starts.append(messages.get(ref, ref))
                for sed in node.findall("bpmn:signalEventDefinition", NS):
                    if ref := _local_ref(sed.get("signalRef")):
                        info.signal_starts.append(_signal_names(root).get(ref, ref))
            if kind == "callActivity" and node.get("calledElement"):
                info.called_elements.append(node.get("calledElement"))
        out[pid] = info
    return out


def _signal_names(root: etree._Element) -> dict[str, str]:
    return {s.get("id"): s.get("name") or s.get("id") for s in root.iter(f"{{{BPMN_NS}}}signal")}


def _local_ref(ref: str | None) -> str | None:
    # `tns:newInvoice` names the message `newInvoice` of this file (SpiffWorkflow's parser sees it so too).
    return ref.rsplit(":", 1)[-1].strip() if ref else ref


def _message_of(node: etree._Element, messages: dict[str, str]) -> str | None:
    ref = node.get("messageRef")
    if ref is None:
        med = node.find("bpmn:messageEventDefinition", NS)
        ref = med.get("messageRef") if med is not None else None
    ref = _local_ref(ref)
    return messages.get(ref, ref) if ref else None


_FLOW_NODE_KINDS = {
    "userTask", "manualTask", "task", "scriptTask", "serviceTask", "sendTask", "receiveTask",
    "businessRuleTask", "callActivity", "subProcess", "transaction", "startEvent", "endEvent",
    "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent", "exclusiveGateway",
    "parallelGateway", "inclusiveGateway", "eventBasedGateway", "complexGateway",
}


def _element(node: etree._Element, kind: str, pid: str, node_lane: dict[str, str],
             lanes: dict[str, tuple[str, str | None]]) -> ElementInfo | None:
    if kind not in _FLOW_NODE_KINDS:
        return None
    element_id = node.get("id") or ""
    # Elements inside an embedded subprocess take the lane of the subprocess that holds them.
    lane_id, holder = None, node
    while holder is not None and lane_id is None:
        lane_id = node_lane.get(holder.get("id") or "")
        holder = holder.getparent()
    props = _properties(node)
    doc = node.find("bpmn:documentation", NS)
    lane_name, lane_group = lanes.get(lane_id, (None, None)) if lane_id else (None, None)
    groups_raw = _camunda(node, "candidateGroups") or props.get("candidateGroups")
    groups_expr = groups_raw.strip() if groups_raw and (
        _EXPR.match(groups_raw) or "${" in groups_raw or "#{" in groups_raw
        or groups_raw.strip().startswith("=")) else None
    return ElementInfo(
        element_id=element_id,
        kind=kind,
        name=node.get("name") or "",
        process_id=pid,
        lane_id=lane_id,
        lane_name=lane_name,
        lane_group=lane_group,
        candidate_groups=[] if groups_expr else _split(groups_raw),
        candidate_groups_expr=groups_expr,
        assignee=_camunda(node, "assignee") or props.get("assignee"),
        due_date=_camunda(node, "dueDate") or props.get("dueDate"),
        follow_up_date=_camunda(node, "followUpDate") or props.get("followUpDate"),
        priority=_camunda(node, "priority") or props.get("priority"),
        form_key=_camunda(node, "formRef") or _camunda(node, "formKey") or props.get("formKey"),
        correlation_key=props.get("correlationKey"),
        documentation=(doc.text or "").strip() if doc is not None else "",
        properties=props,
        line=node.sourceline,
        topic=_camunda(node, "topic") if _is_external(node, kind) else None,
        inputs=_inputs(node) if _is_external(node, kind) else {},
    )


def _is_external(node: etree._Element, kind: str) -> bool:
    """Run by a connector: a service task, or a send / business rule task with camunda:type="external"."""
    return kind == "serviceTask" or (kind in ("sendTask", "businessRuleTask")
                                     and _camunda(node, "type") == "external")


def _inputs(node: etree._Element) -> dict[str, str]:
    """camunda:inputOutput input parameters as text (a literal, or a ${expression})."""
    return {p.get("name"): "".join(p.itertext()).strip() for p in node.findall(
        "bpmn:extensionElements/camunda:inputOutput/camunda:inputParameter", NS) if p.get("name")}
