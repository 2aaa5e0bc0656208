"""Where the BPMN standard (and Camunda 7) is lenient, read models the same way before SpiffWorkflow does.

- A sequence flow without an id gets a stable generated one (`Flow_<source>_<target>`, numbered when two
  flows join the same nodes): SpiffWorkflow would otherwise read every such flow as a gateway's default.
- Element ids SpiffWorkflow uses for its own task specs (`Start`, `End`, `Root`, `<id>.EndJoin` …) are
  renamed in the copy SpiffWorkflow parses; `restore_ids` puts the modelled id back as each spec's
  `bpmn_id`, so task rows, history and diagrams keep the id the analyst wrote.

- Operaton (Camunda 7's successor) writes Camunda's extensions in its own namespace; `camunda_aliases`
  reads them as Camunda's (`operaton:formKey` is `camunda:formKey`), for pressdesk and SpiffWorkflow alike.

The stored model is never changed: both steps run on a copy, the same way at every parse, so instance
states saved against one parse restore onto the next.
"""
from __future__ import annotations

import copy
from typing import Any

from lxml import etree

from .safety import BPMN_NS

_B = f"{{{BPMN_NS}}}"
RESERVED_IDS = frozenset({"Start", "End", "Root"})
_RESERVED_SUFFIXES = (".EndJoin", ".BoundaryEventSplit", ".BoundaryEventJoin")
_RENAMED = "{}__element"
# Attributes and child texts that hold ids of other elements.
_REF_ATTRIBUTES = ("sourceRef", "targetRef", "attachedToRef", "default", "bpmnElement", "processRef",
                   "dataObjectRef")
_REF_TEXTS = frozenset({"incoming", "outgoing", "flowNodeRef", "sourceRef", "targetRef"})


CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
ALIAS_NAMESPACES = ("http://operaton.org/schema/1.0/bpmn",)


def camunda_aliases(tree: etree._ElementTree) -> etree._ElementTree:
    """Rename elements and attributes of Camunda-compatible namespaces to Camunda's, in place."""
    root = tree.getroot()
    used = {ns for ns in root.nsmap.values() if ns in ALIAS_NAMESPACES}
    if not used:
        return tree
    prefixes = tuple(f"{{{ns}}}" for ns in used)
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.startswith(prefixes):
            el.tag = f"{{{CAMUNDA_NS}}}{etree.QName(el).localname}"
        for name in [a for a in el.attrib if a.startswith(prefixes)]:
            el.set(f"{{{CAMUNDA_NS}}}{etree.QName(name).localname}", el.attrib.pop(name))
    return tree


def is_reserved(ident: str | None) -> bool:
    return bool(ident) and (ident in RESERVED_IDS or ident.endswith(_RESERVED_SUFFIXES))


def needs_copy(root: etree._Element) -> bool:
    """Whether `for_spiff` would change anything (most models: no, and no copy is made)."""
    for flow in root.iter(f"{_B}sequenceFlow"):
        if not flow.get("id"):
            return True
    return any(is_reserved(el.get("id")) and el.tag != f"{_B}process" for el in root.iter(f"{_B}*"))


def for_spiff(tree: etree._ElementTree | etree._Element) -> tuple[Any, dict[str, str]]:
    """The tree SpiffWorkflow should parse, and {renamed id: modelled id}. Returns `tree` itself when
    nothing needs changing."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    if not needs_copy(root):
        return tree, {}
    tree = copy.deepcopy(tree)
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    taken = {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}
    renamed: dict[str, str] = {}
    for el in root.iter(f"{_B}*"):
        ident = el.get("id")
        if is_reserved(ident) and el.tag != f"{_B}process":  # a process id is a key, never a task spec
            new = _unique(_RENAMED.format(ident.replace(".", "_")), taken)
            renamed[ident] = new
            el.set("id", new)
    if renamed:
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            for attr in _REF_ATTRIBUTES:
                if el.get(attr) in renamed:
                    el.set(attr, renamed[el.get(attr)])
            if etree.QName(el).localname in _REF_TEXTS and (el.text or "").strip() in renamed:
                el.text = renamed[el.text.strip()]
    for flow in root.iter(f"{_B}sequenceFlow"):
        if not flow.get("id"):
            flow.set("id", _unique(f"Flow_{flow.get('sourceRef')}_{flow.get('targetRef')}", taken))
    return tree, {new: old for old, new in renamed.items()}


def _unique(base: str, taken: set[str]) -> str:
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}_{n}"
    taken.add(ident)
    return ident


def restore_ids(spec: Any, renamed: dict[str, str]) -> None:
    """Give the specs SpiffWorkflow built from renamed elements their modelled id back (idempotent)."""
    if not renamed:
        return
    for task_spec in spec.task_specs.values():
        original = renamed.get(getattr(task_spec, "bpmn_id", None) or "")
        if original is not None:
            task_spec.bpmn_id = original
