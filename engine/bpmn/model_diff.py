"""Which BPMN elements changed between two versions of a process: added, removed, changed.

Elements are matched by id (bpmn-js and Camunda Modeler keep ids stable across edits). An element is
changed when its attributes, its documentation or condition text, or its extension elements differ;
diagram layout (BPMNDI) is ignored, since moving a shape changes nothing that runs.
"""
from __future__ import annotations

from typing import Any

from lxml import etree

from .safety import load_model_xml

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
# Children that describe the element itself rather than being elements of their own.
_OWN_CHILDREN = {"documentation", "extensionElements", "conditionExpression", "timerEventDefinition",
                 "messageEventDefinition", "errorEventDefinition", "signalEventDefinition",
                 "escalationEventDefinition", "terminateEventDefinition", "multiInstanceLoopCharacteristics",
                 "standardLoopCharacteristics", "script", "incoming", "outgoing", "flowNodeRef"}


def _local(tag: str) -> str:
    return etree.QName(tag).localname


def _elements(xml: str) -> dict[str, etree._Element]:
    # Stored models passed the safety checks at deploy; checking again costs little and keeps one parser.
    root = load_model_xml(xml, "model.bpmn").getroot()
    out = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or etree.QName(el).namespace != BPMN_NS:
            continue
        if el.get("id") and _local(el.tag) not in _OWN_CHILDREN:
            out[el.get("id")] = el
    return out


def _fingerprint(el: etree._Element) -> dict[str, str]:
    """What makes the element what it is: attributes and its own descriptive children, serialised."""
    parts = {f"@{_local(k)}": v for k, v in el.attrib.items()}
    for child in el:
        if isinstance(child.tag, str) and _local(child.tag) in _OWN_CHILDREN:
            name = _local(child.tag)
            text = etree.tostring(child, method="c14n").decode()
            parts[name] = parts.get(name, "") + text
    return parts


def _describe(el: etree._Element) -> dict[str, Any]:
    return {"id": el.get("id"), "type": _local(el.tag), "name": el.get("name")}


def diff_models(old_xml: str, new_xml: str) -> dict[str, list[dict[str, Any]]]:
    old, new = _elements(old_xml), _elements(new_xml)
    added = [_describe(new[i]) for i in new if i not in old]
    removed = [_describe(old[i]) for i in old if i not in new]
    changed = []
    for i in new:
        if i not in old:
            continue
        a, b = _fingerprint(old[i]), _fingerprint(new[i])
        if a != b:
            what = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            changes = [f"{k.lstrip('@')}: {a.get(k, '—')} → {b.get(k, '—')}" if k.startswith("@")
                       else f"{k} changed" for k in what]
            changed.append({**_describe(new[i]), "changes": changes})
    return {"added": added, "removed": removed, "changed": changed}
