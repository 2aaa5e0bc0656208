"""The clause matrix: each clause of the registry -> the deployed procedures and elements citing it ->
live figures from their task rows (open, overdue, completed on time or late). The directive's reporting
duty (CT 3.d) in one read.

Elements are those of the newest deployed version of each process. A task of an element of a called
process (secrecy_review inside press_inquiry) carries the caller's definition key, so an element's tasks
are those with its element id in its own process or in any process calling it.
"""
from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from .bpmn import safety
from .bpmn.validation import called_elements
from .clauses import Citation, Registry, citations, load_registry
from .db.models import ProcessDefinition, Resource, TaskRow
from .errors import Forbidden, NotFound
from .identity import Actor

FIGURES = ("open", "overdue", "completed", "completed_on_time", "completed_late")
_PARSED_KEEP = 64


@dataclass(frozen=True)
class _Deployed:
    key: str
    name: str
    version: int
    citations: tuple[Citation, ...]
    calls: tuple[str, ...]


class ClauseService:
    def __init__(self, engine, registry: Registry | None = None) -> None:
        self._engine = engine
        self._registry = registry
        self._parsed: OrderedDict[int, tuple[list[Citation], dict[str, list[str]]]] = OrderedDict()
        self._lock = Lock()

    @property
    def registry(self) -> Registry:
        return self._registry or load_registry()

    def matrix(self, actor: Actor) -> dict[str, Any]:
        """Every clause with the deployed elements citing it and their task figures, and a summary.
        For supervisors, auditors and admins (Forbidden otherwise)."""
        _need(actor)
        rows = self._rows()
        clauses = [self._clause_row(c.id, rows) for c in self.registry.clauses]
        summary = {
            "clauses": len(clauses),
            "implemented": sum(1 for c in clauses if c["procedures"]),
            "not_workflow": sum(1 for c in clauses if c["reason"] and not c["procedures"]),
            "uncovered": [c["id"] for c in clauses if not c["procedures"] and not c["reason"]],
            **{f: sum(c["figures"][f] for c in clauses) for f in FIGURES},
        }
        documents = [{"key": d.key, "title_vi": d.title_vi, "title_en": d.title_en}
                     for d in self.registry.documents.values()]
        return {"documents": documents, "clauses": clauses, "summary": summary,
                "at": self._engine.clock.now().isoformat()}

    def clause(self, clause_id: str, actor: Actor) -> dict[str, Any]:
        """One clause's row of the matrix; NotFound for an id the registry does not know."""
        _need(actor)
        if self.registry.get(clause_id) is None:
            raise NotFound(f"no clause {clause_id!r} in the registry")
        return self._clause_row(clause_id, self._rows())

    # --- reading -------------------------------------------------------------------------------------
    def _rows(self) -> dict[str, Any]:
        now = self._engine.clock.now()
        with self._engine.reader() as uow:
            s = uow.session
            latest = select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("v")) \
                .group_by(ProcessDefinition.key).subquery()
            defs = s.execute(select(ProcessDefinition.key, ProcessDefinition.name, ProcessDefinition.version,
                                    ProcessDefinition.resource_id)
                             .join(latest, and_(latest.c.key == ProcessDefinition.key,
                                                latest.c.v == ProcessDefinition.version))).all()
            deployed = {}
            for key, name, version, resource_id in defs:
                cited, calls = self._parse(s, resource_id)
                own = tuple(c for c in cited if c.process_id == key)
                deployed[key] = _Deployed(key, name, version, own, tuple(calls.get(key, [])))
            figures = self._figures(s, deployed, now)
        return {"deployed": deployed, "figures": figures}

    def _parse(self, session, resource_id: int) -> tuple[list[Citation], dict[str, list[str]]]:
        with self._lock:
            if resource_id in self._parsed:
                self._parsed.move_to_end(resource_id)
                return self._parsed[resource_id]
        res = session.get(Resource, resource_id)
        tree = safety.load_model_xml(res.content, res.name)
        calls: dict[str, list[str]] = {}
        for call in called_elements([(res.name, tree)], executable_only=False):
            calls.setdefault(call.process_id, []).append(call.called)
        parsed = (citations([(res.name, tree)]), calls)
        with self._lock:  # deployed resources never change: keep the parse
            self._parsed[resource_id] = parsed
            while len(self._parsed) > _PARSED_KEEP:
                self._parsed.popitem(last=False)
        return parsed

    @staticmethod
    def _figures(session, deployed: dict[str, _Deployed], now) -> dict[tuple[str, str], dict[str, int]]:
        """Task figures by (definition key of the task, element id), for the cited elements only."""
        element_ids = sorted({c.element_id for d in deployed.values() for c in d.citations})
        if not element_ids:
            return {}
        done = TaskRow.state == "completed"
        on_time = and_(done, or_(TaskRow.due_at.is_(None), TaskRow.completed_at <= TaskRow.due_at))
        q = select(TaskRow.definition_key, TaskRow.element_id,
                   func.sum(case((TaskRow.state == "open", 1), else_=0)),
                   func.sum(case((and_(TaskRow.state == "open", TaskRow.due_at < now), 1), else_=0)),
                   func.sum(case((done, 1), else_=0)),
                   func.sum(case((on_time, 1), else_=0))) \
            .where(TaskRow.element_id.in_(element_ids)).group_by(TaskRow.definition_key, TaskRow.element_id)
        out = {}
        for key, element_id, n_open, overdue, completed, timely in session.execute(q):
            out[(key, element_id)] = {"open": int(n_open or 0), "overdue": int(overdue or 0),
                                      "completed": int(completed or 0), "completed_on_time": int(timely or 0),
                                      "completed_late": int(completed or 0) - int(timely or 0)}
        return out

    # --- shaping --------------------------------------------------------------------------------------
    def _clause_row(self, clause_id: str, rows: dict[str, Any]) -> dict[str, Any]:
        clause = self.registry.get(clause_id)
        deployed, figures = rows["deployed"], rows["figures"]
        callers = _callers(deployed)
        procedures, total = [], _zero()
        for key in sorted(deployed):
            process = deployed[key]
            elements = []
            for c in process.citations:
                if clause_id not in c.clauses:
                    continue
                counted = _zero()
                for top in callers[key]:
                    _add(counted, figures.get((top, c.element_id)))
                _add(total, counted)
                elements.append({"element_id": c.element_id, "name": c.element_name, "kind": c.kind,
                                 "clauses": list(c.clauses), "figures": counted})
            if elements:
                procedures.append({"key": key, "name": process.name, "version": process.version,
                                   "elements": elements})
        return {"id": clause.id, "document": clause.document, "heading": clause.heading, "text": clause.text,
                "gist": clause.gist, "reason": clause.reason, "reason_vi": clause.reason_vi,
                "note": clause.note, "note_vi": clause.note_vi,
                "procedures": procedures, "figures": total}


def _callers(deployed: dict[str, _Deployed]) -> dict[str, set[str]]:
    """For each process, itself and every deployed process that calls it, directly or not."""
    out = {key: {key} for key in deployed}
    changed = True
    while changed:
        changed = False
        for key, process in deployed.items():
            for called in process.calls:
                if called in out and not out[key] <= out[called]:
                    out[called] |= out[key]
                    changed = True
    return out


def _zero() -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def _add(into: dict[str, int], more: dict[str, int] | None) -> None:
    for f in FIGURES:
        into[f] += (more or {}).get(f, 0)


def _need(actor: Actor) -> None:
    if not actor.has_role("supervisor", "auditor"):
        raise Forbidden("the clause matrix is for supervisors, auditors and admins")
