"""The clause registry (processes/clauses.yaml) and the `clause` properties that cite it.

The registry lists every clause of the two source documents (the Đồng Nai directive "CT", the Lai Châu
plan "KH") with its Vietnamese text, an English gist and, for a clause that is no workflow, the reason.
Which elements implement a clause is never written there: it is read from the models, where an element
carries `<camunda:property name="clause" value="CT 1.e, KH II.5"/>`. Deploy refuses an id the registry
does not know (model_problems, called by the repository's checks).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from .bpmn.elements import BPMN_NS, CAMUNDA_NS
from .errors import ModelProblem, ValidationFailed

REGISTRY = Path(__file__).resolve().parent.parent / "processes" / "clauses.yaml"
CLAUSE_PROPERTY = "clause"
# A clause id in the documents' own numbering: "CT 1.e" (directive clause 1, point e), "KH II.5" (plan
# section II, item 5).
CLAUSE_ID = re.compile(r"(CT [1-9][0-9]?\.[a-z]|KH [IVX]{1,4}\.[1-9][0-9]?)")


@dataclass(frozen=True)
class Clause:
    id: str
    document: str
    heading: str
    text: str
    gist: str
    reason: str | None = None
    note: str | None = None
    reason_vi: str | None = None
    note_vi: str | None = None


@dataclass(frozen=True)
class Document:
    key: str
    title_vi: str
    title_en: str
    source: str


@dataclass(frozen=True)
class Undated:
    """A user task that has no due date, and why."""

    process: str
    element: str
    reason: str


@dataclass(frozen=True)
class Registry:
    documents: dict[str, Document]
    clauses: tuple[Clause, ...]
    undated: tuple[Undated, ...] = ()

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.clauses]

    def get(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)


@dataclass(frozen=True)
class Citation:
    """An element of a model citing clauses."""

    file: str
    process_id: str
    process_name: str
    element_id: str
    element_name: str
    kind: str
    clauses: tuple[str, ...]
    line: int | None


def parse_registry(raw: Any, where: str = "clauses.yaml") -> Registry:
    """A registry from its YAML data; ValidationFailed naming every problem."""
    if not isinstance(raw, dict) or not isinstance(raw.get("documents"), dict) \
            or not isinstance(raw.get("clauses"), list):
        raise ValidationFailed(f"{where}: needs `documents` (a mapping) and `clauses` (a list)")
    documents = {k: Document(k, d.get("title_vi", ""), d.get("title_en", ""), d.get("source", ""))
                 for k, d in raw["documents"].items() if isinstance(d, dict)}
    problems, clauses, seen = [], [], set()
    for n, item in enumerate(raw["clauses"], 1):
        if not isinstance(item, dict):
            problems.append(f"clause #{n} is not a mapping")
            continue
        cid = item.get("id")
        if not isinstance(cid, str) or not CLAUSE_ID.fullmatch(cid):
            problems.append(f"clause #{n}: id {cid!r} is not a clause id such as 'CT 1.e' or 'KH II.5'")
            continue
        if cid in seen:
            problems.append(f"{cid} appears twice")
        seen.add(cid)
        if item.get("document") not in documents or not cid.startswith(f"{item.get('document')} "):
            problems.append(f"{cid}: document {item.get('document')!r} is not its document")
        for key in ("text", "gist"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                problems.append(f"{cid}: {key} is missing or empty")
        for key in ("reason", "note", "reason_vi", "note_vi"):
            if key in item and (not isinstance(item[key], str) or not item[key].strip()):
                problems.append(f"{cid}: {key}, when given, must be text")
        for key in ("reason", "note"):  # the pages show them in Vietnamese first
            if (key in item) != (f"{key}_vi" in item):
                problems.append(f"{cid}: {key} and {key}_vi go together")
        clauses.append(Clause(cid, str(item.get("document")), str(item.get("heading") or ""),
                              str(item.get("text") or "").strip(), str(item.get("gist") or "").strip(),
                              item.get("reason"), item.get("note"), item.get("reason_vi"),
                              item.get("note_vi")))
    undated = []
    for n, item in enumerate(raw.get("undated") or [], 1):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item[k].strip()
                                                 for k in ("process", "element", "reason")):
            problems.append(f"undated #{n} needs process, element and reason")
            continue
        undated.append(Undated(item["process"], item["element"], item["reason"]))
    if problems:
        raise ValidationFailed(f"{where}: " + "; ".join(problems))
    return Registry(documents, tuple(clauses), tuple(undated))


@lru_cache(maxsize=4)
def load_registry(path: Path = REGISTRY) -> Registry:
    """The shipped registry (read once per process: it is part of the code, like the models' checks)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValidationFailed(f"{path.name} cannot be read: {exc}") from exc
    return parse_registry(raw, path.name)


def split_ids(value: str | None) -> tuple[list[str], list[str]]:
    """The ids of a `clause` property value, and what is wrong with it (empty, a malformed id, an id
    given twice)."""
    if value is None or not value.strip():
        return [], ["is empty: give one or more clause ids, such as \"CT 1.e, KH II.5\""]
    ids, problems = [], []
    for token in (t.strip() for t in value.split(",")):
        if not token:
            problems.append(f"{value!r} is not a comma-separated list of clause ids (an empty item)")
        elif not CLAUSE_ID.fullmatch(token):
            problems.append(f"{token!r} is not a clause id (write it as \"CT 1.e\" or \"KH II.5\")")
        elif token in ids:
            problems.append(f"cites {token!r} twice")
        else:
            ids.append(token)
    return ids, problems


def _bpmn_roots(trees: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, etree._Element]]:
    for name, tree in trees:
        root = tree.getroot() if hasattr(tree, "getroot") else tree
        if etree.QName(root).namespace == BPMN_NS:
            yield name, root


def _cited(trees: Iterable[tuple[str, Any]]) -> Iterator[tuple[str, Any, Any, Any]]:
    """(file, process, element, clause property) for every `clause` property of a BPMN process."""
    for name, root in _bpmn_roots(trees):
        for process in root.iterfind(f"{{{BPMN_NS}}}process"):
            for prop in process.iter(f"{{{CAMUNDA_NS}}}property"):
                if prop.get("name") != CLAUSE_PROPERTY:
                    continue
                ext = prop.getparent().getparent()  # property < properties < extensionElements < element
                if ext is None or ext.tag != f"{{{BPMN_NS}}}extensionElements":
                    continue
                yield name, process, ext.getparent(), prop


def citations(trees: Iterable[tuple[str, Any]]) -> list[Citation]:
    """Every element citing clauses (well-formed ids only; model_problems reports the rest)."""
    out = []
    for name, process, element, prop in _cited(trees):
        ids, _ = split_ids(prop.get("value"))
        if ids:
            out.append(Citation(name, process.get("id") or "", process.get("name") or "",
                                element.get("id") or "", element.get("name") or "",
                                etree.QName(element).localname, tuple(ids), prop.sourceline))
    return out


def model_problems(trees: Iterable[tuple[str, Any]], registry: Registry | None = None) -> list[ModelProblem]:
    """The `clause` properties that do not resolve: empty, malformed, or naming no registry clause."""
    registry = registry or load_registry()
    known = set(registry.ids)
    problems = []
    for name, _process, element, prop in _cited(trees):
        ids, wrong = split_ids(prop.get("value"))
        wrong += [f"{cid!r} is not in the clause registry (processes/clauses.yaml)"
                  for cid in ids if cid not in known]
        problems += [ModelProblem(f"property clause {w}", element.get("id"), prop.sourceline, name,
                                  extra={"severity": "error", "code": "unknown-clause"}) for w in wrong]
    return problems
