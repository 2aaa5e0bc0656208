"""Give every expression of a model the form that names its language (languages.py), before SpiffWorkflow
reads the model, so a `language="feel"` attribute survives as the text itself.

- BPMN: a `conditionExpression` or a conditional event's `condition` whose `language` is FEEL gets a
  leading `=`.
- DMN: in a FEEL table, input expressions and output entries get `#=` (SpiffWorkflow's DMN parser checks
  output entries with Python's ast.parse, which reads `#` as a comment) and input entries become
  FEEL_TESTS + entry. A table is FEEL when its entries' `expressionLanguage`, else the table's or the
  definitions' attribute, says so; without any attribute, when one input entry is no valid Python entry
  but every entry is valid FEEL (a Camunda Modeler table written in FEEL, as Camunda's own default is).
The trees are copied, never changed in place: the stored model stays what the analyst deployed.
"""
from __future__ import annotations

import copy

from lxml import etree

from .languages import FEEL_TESTS, check_feel, check_feel_tests, language_of_attribute

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
FEEL_OUTPUT = "#="  # read by languages.classify


def _local(el: etree._Element) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _root(tree: etree._ElementTree | etree._Element) -> etree._Element:
    return tree.getroot() if isinstance(tree, etree._ElementTree) else tree


def _text_child(el: etree._Element) -> etree._Element | None:
    return next((c for c in el if _local(c) == "text"), None)


_CONDITIONS = (f"{{{BPMN_NS}}}conditionExpression", f"{{{BPMN_NS}}}condition")  # flows, conditional events


def bpmn_needs_tagging(root: etree._Element) -> bool:
    return any(language_of_attribute(c.get("language")) == "feel" for c in root.iter(*_CONDITIONS))


def tag_bpmn(tree: etree._ElementTree | etree._Element) -> etree._ElementTree | etree._Element:
    """`tree`, or a copy in which FEEL conditions start with `=`."""
    if not bpmn_needs_tagging(_root(tree)):
        return tree
    tree = copy.deepcopy(tree)
    for cond in _root(tree).iter(*_CONDITIONS):
        if language_of_attribute(cond.get("language")) == "feel":
            text = (cond.text or "").strip()
            if text and not text.startswith("="):
                cond.text = "=" + text
    return tree


def _declared(el: etree._Element, table: etree._Element) -> str | None:
    for node in (el, table, table.getparent(), table.getroottree().getroot()):
        if node is not None and node.get("expressionLanguage"):
            return language_of_attribute(node.get("expressionLanguage")) or "unsupported"
    return None


def feel_table(table: etree._Element) -> bool:
    """Whether a decision table without language attributes is written in FEEL (see module doc)."""
    from .policy import check_dmn_input_entry

    entries = [(_text_child(e).text or "").strip() for e in table.iter()
               if _local(e) == "inputEntry" and _text_child(e) is not None]
    entries = [e for e in entries if e and e != "-"]
    if not any(check_dmn_input_entry(e) for e in entries):
        return False
    return all(not check_feel_tests(e) for e in entries)


def table_entries(table: etree._Element) -> list[tuple[str, etree._Element, etree._Element]]:
    """(kind, element, its text child) of a table's input expressions, input and output entries."""
    out = []
    for el in table.iter():
        kind = _local(el)
        if kind in ("inputExpression", "inputEntry", "outputEntry"):
            text = _text_child(el)
            if text is not None and (text.text or "").strip():
                out.append((kind, el, text))
    return out


def entry_language(kind: str, el: etree._Element, table: etree._Element, auto_feel: bool) -> str:
    declared = _declared(el, table)
    if declared is not None:
        return declared
    return "feel" if auto_feel else "python"


def _tag_entry(kind: str, text: str) -> str:
    if "${" in text or "#{" in text:
        return text  # JUEL keeps its own form
    if kind == "inputEntry":
        return text if text == "-" else FEEL_TESTS + text
    return FEEL_OUTPUT + " ".join(text.splitlines())


def tag_dmn(tree: etree._ElementTree | etree._Element) -> etree._ElementTree | etree._Element:
    """`tree`, or a copy whose FEEL tables carry the FEEL forms."""
    tables = [t for t in _root(tree).iter() if _local(t) == "decisionTable"]
    plans = []
    for index, table in enumerate(tables):
        auto = feel_table(table) if _declared(table, table) is None else False
        for position, (kind, el, _text) in enumerate(table_entries(table)):
            if entry_language(kind, el, table, auto) == "feel":
                plans.append((index, position, kind))
    if not plans:
        return tree
    tree = copy.deepcopy(tree)
    tables = [t for t in _root(tree).iter() if _local(t) == "decisionTable"]
    entries = {i: table_entries(t) for i, t in enumerate(tables)}
    for index, position, kind in plans:
        text_el = entries[index][position][2]
        text_el.text = _tag_entry(kind, text_el.text.strip())
    return tree


def dmn_problems(tree: etree._ElementTree | etree._Element) -> list[tuple[etree._Element, str]]:
    """(element, problem) for every FEEL entry of the DMN that does not parse; checked at deploy."""
    problems = []
    for table in (t for t in _root(tree).iter() if _local(t) == "decisionTable"):
        auto = feel_table(table) if _declared(table, table) is None else False
        for kind, el, text_el in table_entries(table):
            language = entry_language(kind, el, table, auto)
            text = text_el.text.strip()
            if language == "unsupported":
                problems.append((el, f"expression language {_declared_raw(el, table)!r} is not supported: "
                                     "DMN entries are Python or FEEL"))
            elif language == "feel" and "${" not in text:
                found = check_feel_tests(text) if kind == "inputEntry" else check_feel(text)
                problems.extend((el, f"{kind} {text!r} refused: {p}") for p in found)
    return problems


def _declared_raw(el: etree._Element, table: etree._Element) -> str | None:
    for node in (el, table, table.getparent(), table.getroottree().getroot()):
        if node is not None and node.get("expressionLanguage"):
            return node.get("expressionLanguage")
    return None
