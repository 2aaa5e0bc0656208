"""The `bind_tasks` deployment option: give the tasks of an imported model that pressdesk cannot run a
connector, instead of refusing the model.

Models from other tools name Java delegates (`camunda:class`, `camunda:delegateExpression`), web services
or topics nobody serves. With `bind_tasks="noop"` (or a test connector's topic) every service task, send
task without a message and business rule task without a decision that has no runnable implementation
becomes `camunda:type="external" camunda:topic="<topic>"`, which Camunda 7 also accepts on all three.
The `human_tasks` option does the same for models from engines that read `<task>` and `<manualTask>` as
human tasks (SpiffWorkflow does): each gets the `humanTask` property, so it waits in the task list
instead of passing through as in Camunda 7.

The rewritten XML is what is stored and served back, so the deployed version says what it runs.
"""
from __future__ import annotations

import copy
from collections.abc import Collection

from lxml import etree

from .safety import BPMN_NS

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
_B, _C = f"{{{BPMN_NS}}}", f"{{{CAMUNDA_NS}}}"
_JAVA = ("class", "delegateExpression", "expression", "resultVariable")


def _unrunnable(el: etree._Element, known_topics: Collection[str]) -> bool:
    kind = etree.QName(el).localname
    if kind == "sendTask" and el.get("messageRef"):
        return False
    if kind == "businessRuleTask" and el.get(f"{_C}decisionRef"):
        return False
    if any(el.get(f"{_C}{a}") is not None for a in _JAVA[:3]):
        return True
    return el.get(f"{_C}type") != "external" or (el.get(f"{_C}topic") or "").strip() not in known_topics


def bind_tasks(tree: etree._ElementTree, topic: str, known_topics: Collection[str]
               ) -> tuple[etree._ElementTree, list[str]]:
    """A copy of `tree` with its unrunnable service, send and business rule tasks bound to `topic`, and
    their ids; `tree` itself and [] when there is none."""
    found = [el for el in tree.getroot().iter(f"{_B}serviceTask", f"{_B}sendTask", f"{_B}businessRuleTask")
             if _unrunnable(el, known_topics)]
    if not found:
        return tree, []
    ids = [el.get("id") for el in found]
    tree = copy.deepcopy(tree)
    for el in tree.getroot().iter(f"{_B}serviceTask", f"{_B}sendTask", f"{_B}businessRuleTask"):
        if el.get("id") in ids:
            for attr in _JAVA:
                el.attrib.pop(f"{_C}{attr}", None)
            el.set(f"{_C}type", "external")
            el.set(f"{_C}topic", topic)
    return tree, ids


def to_bytes(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def mark_human_tasks(tree: etree._ElementTree) -> tuple[etree._ElementTree, list[str]]:
    """A copy of `tree` whose plain and manual tasks carry humanTask=true, and their ids."""
    found = [el.get("id") for el in tree.getroot().iter(f"{_B}task", f"{_B}manualTask")]
    if not found:
        return tree, []
    tree = copy.deepcopy(tree)
    for el in tree.getroot().iter(f"{_B}task", f"{_B}manualTask"):
        ext = el.find(f"{_B}extensionElements")
        if ext is None:
            ext = etree.Element(f"{_B}extensionElements")
            docs = el.findall(f"{_B}documentation")
            el.insert(el.index(docs[-1]) + 1 if docs else 0, ext)
        props = ext.find(f"{_C}properties")
        if props is None:
            props = etree.SubElement(ext, f"{_C}properties")
        etree.SubElement(props, f"{_C}property", name="humanTask", value="true")
    return tree, found
