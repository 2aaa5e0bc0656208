"""Repository: validate and deploy BPMN, DMN and form files as immutable, numbered versions.

A deployment is a set of files parsed together. Each process in it becomes a new version of its key
(unless the same content is already the latest version: duplicate filtering, so redeploying a folder
is harmless). Executable processes that do not validate are refused with every problem listed, and
nothing is written. Running instances keep the version they started on; parsed versions are cached.
"""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from lxml import etree
from SpiffWorkflow.bpmn.specs import BpmnProcessSpec
from sqlalchemy import bindparam, func, select

from . import clauses, history, limits
from .bpmn import binding, safety, spiff_bridge, validation
from .bpmn.connector_task import PressdeskParser
from .bpmn.elements import BPMN_NS, ElementInfo, ProcessInfo, read_processes
from .db.models import Deployment, Group, ProcessDefinition, Resource
from .errors import ModelInvalid, ModelProblem, NotFound, ValidationFailed
from .identity import Actor
from .paging import MAX_PER_PAGE, check_page
from .rules import checks, four_eyes, tally
from .scheduler import start_timers

# Built once (every start looks it up): skips statement construction and cache-key generation.
_LATEST_DEFINITION = (select(ProcessDefinition).where(ProcessDefinition.key == bindparam("key"))
                      .order_by(ProcessDefinition.version.desc()).limit(1))

# sort key -> (column, default order)
DEFINITION_SORTS = {"key": (ProcessDefinition.key, "asc"), "name": (ProcessDefinition.name, "asc"),
                    "deployed": (ProcessDefinition.deployed_at, "desc")}
MODEL_SUFFIXES = {".bpmn": "bpmn", ".bpmn20.xml": "bpmn", ".dmn": "dmn", ".form": "form"}


@dataclass
class ModelFile:
    name: str
    content: bytes | str

    @property
    def kind(self) -> str:
        lower = self.name.lower()
        for suffix, kind in MODEL_SUFFIXES.items():
            if lower.endswith(suffix):
                return kind
        if lower.endswith(".json"):
            return "form"
        if lower.endswith(".xml"):
            return "bpmn"
        raise ValidationFailed(f"{self.name}: unknown model type (use .bpmn, .dmn or .form)")


@dataclass
class DefinitionView:
    id: int
    key: str
    version: int
    name: str
    executable: bool
    deployment_id: int
    deployed_at: str
    deployed_by: str
    created: bool = True

    @classmethod
    def of(cls, row: ProcessDefinition, created: bool = True) -> DefinitionView:
        return cls(row.id, row.key, row.version, row.name, row.executable, row.deployment_id,
                   row.deployed_at.isoformat(), row.deployed_by, created)


@dataclass
class LoadedDefinition:
    """A parsed definition version, as kept in the cache."""

    id: int
    key: str
    version: int
    spec: BpmnProcessSpec
    subprocess_specs: dict[str, BpmnProcessSpec]
    elements: dict[str, ElementInfo]
    lane_groups: dict[str, str]
    starter_groups: list[str] = field(default_factory=list)
    # Whether any timer / message event exists, so projections can skip those tables when none does.
    has_timers: bool = True
    has_messages: bool = True
    # Whether any service task (connector jobs) or task due date (SLA timers) exists.
    has_connectors: bool = False
    has_due_dates: bool = False
    # Signal events; conditional events or event subprocesses (checked after every change).
    has_signals: bool = False
    has_event_rules: bool = False


@dataclass
class _Parsed:
    files: list[ModelFile]
    trees: list[tuple[str, etree._ElementTree]]
    processes: dict[str, tuple[str, ProcessInfo]]  # process id -> (file name, info)
    forms: list[ModelFile]


class RepositoryService:
    def __init__(self, engine) -> None:
        self._engine = engine
        self._cache: OrderedDict[int, LoadedDefinition] = OrderedDict()
        self._cache_lock = Lock()

    # --- validation -------------------------------------------------------------------------------
    def validate(self, files: list[ModelFile], lane_map: dict[str, str] | None = None,
                 bind_tasks: str | None = None, human_tasks: bool = False) -> list[dict]:
        """Problems of a would-be deployment, without deploying anything. Empty list = deployable."""
        try:
            with self._engine.uow() as uow:
                self._check(uow.session, files, lane_map or {}, bind_tasks, human_tasks)
        except ModelInvalid as exc:
            return exc.errors
        return []

    def _read(self, files: list[ModelFile], bind_tasks: str | None = None, human_tasks: bool = False
              ) -> _Parsed:
        if not files:
            raise ValidationFailed("nothing to deploy: no files given")
        trees, processes, forms, problems = [], {}, [], []
        files = self._bound(files, bind_tasks, human_tasks) if bind_tasks or human_tasks else files
        for f in files:
            if f.kind == "form":
                _check_form(f, self._engine.settings.max_model_bytes)
                forms.append(f)
                continue
            tree = safety.load_model_xml(f.content, f.name, max_bytes=self._engine.settings.max_model_bytes)
            trees.append((f.name, tree))
            if f.kind == "bpmn":
                for pid, info in read_processes(tree).items():
                    if pid in processes:
                        problems.append(ModelProblem(f"process id {pid!r} is defined twice", pid, None,
                                                     f.name))
                    processes[pid] = (f.name, info)
        if problems:
            raise ModelInvalid(_summary(problems), [p.as_dict() for p in problems])
        return _Parsed(files, trees, processes, forms)

    def _bound(self, files: list[ModelFile], topic: str | None, human_tasks: bool) -> list[ModelFile]:
        """The files with their unrunnable tasks bound to the connector `topic`, and with their plain and
        manual tasks marked human when `human_tasks` (engine/bpmn/binding.py)."""
        topics = set(self._engine.connectors.topics())
        if topic is not None and topic not in topics:
            raise ValidationFailed(f"bind_tasks: no connector {topic!r} (known: {', '.join(sorted(topics))})",
                                   [{"field": "bind_tasks", "message": "unknown connector"}])
        out = []
        for f in files:
            if f.kind == "bpmn":
                tree = safety.load_model_xml(f.content, f.name,
                                             max_bytes=self._engine.settings.max_model_bytes)
                bound, marked = [], []
                if topic is not None:
                    tree, bound = binding.bind_tasks(tree, topic, topics)
                if human_tasks:
                    tree, marked = binding.mark_human_tasks(tree)
                f = ModelFile(f.name, binding.to_bytes(tree)) if bound or marked else f
            out.append(f)
        return out

    def _check(self, session, files: list[ModelFile], lane_map: dict[str, str], bind_tasks: str | None = None,
               human_tasks: bool = False) -> tuple[_Parsed, dict[str, ProcessDefinition]]:
        """Every problem that refuses this deployment, all at once; raises ModelInvalid if any."""
        parsed = self._read(files, bind_tasks, human_tasks)
        external = self._external_called(session, parsed)
        known_groups = set(session.execute(select(Group.code)).scalars())
        problems = validation.missing_called_elements(parsed.trees, known=set(external))
        problems.extend(limits.model_problems(parsed.trees, limits.Limits.of(self._engine.settings)))
        if not problems:
            # Called processes deployed earlier are parsed beside this deployment's files.
            parser = PressdeskParser()
            for row in external.values():
                for res in session.execute(select(Resource).where(
                        Resource.id.in_([int(i) for i in row.resource_ids]))).scalars():
                    _add_tree(parser, res.name, safety.load_model_xml(res.content, res.name))
            _, found = spiff_bridge.parse_with_spiff(parsed.trees, parser, require_called=True)
            problems = validation.blocking(found)
        problems.extend(clauses.model_problems(parsed.trees))  # every `clause` id must be in the registry
        topics = set(self._engine.connectors.topics())
        for _pid, (fname, info) in parsed.processes.items():
            if info.executable:
                problems.extend(_lane_problems(info, fname, lane_map, known_groups))
                problems.extend(four_eyes.model_problems(info, fname))
                problems.extend(tally.model_problems(info, fname))
                problems.extend(checks.model_problems(info, fname))
                problems.extend(ModelProblem(
                    f"service task topic {el.topic!r} has no connector (known: {', '.join(sorted(topics))})",
                    el.element_id, el.line, fname) for el in info.elements.values()
                    if el.topic and el.topic not in topics)
        if problems:
            raise ModelInvalid(_summary(problems), [p.as_dict() for p in problems])
        return parsed, external

    def _external_called(self, session, parsed: _Parsed) -> dict[str, ProcessDefinition]:
        """Latest deployed versions of processes called from this deployment, transitively."""
        found: dict[str, ProcessDefinition] = {}
        pending = [c for _, info in parsed.processes.values() for c in info.called_elements]
        while pending:
            key = pending.pop()
            if key in parsed.processes or key in found:
                continue
            row = self._latest_row(session, key)
            if row is None:
                continue
            found[key] = row
            res = session.get(Resource, row.resource_id)
            for info in read_processes(safety.load_model_xml(res.content, res.name)).values():
                pending.extend(info.called_elements)
        return found

    # --- deployment ---------------------------------------------------------------------------------
    def deploy(self, files: list[ModelFile], actor: Actor, name: str | None = None,
               lane_map: dict[str, str] | None = None, bind_tasks: str | None = None,
               human_tasks: bool = False) -> list[DefinitionView]:
        """Deploy files as new definition versions. Raises ModelInvalid (nothing written) when refused.

        `bind_tasks` names a connector given to every service, send or business rule task that has no
        runnable implementation (Java delegates, unknown topics); `human_tasks` makes plain and manual
        tasks wait in the task list (they pass through otherwise). The stored XML carries both."""
        now = self._engine.clock.now()
        with self._engine.uow() as uow:
            s = uow.session
            parsed, external = self._check(s, files, lane_map or {}, bind_tasks, human_tasks)
            files = parsed.files
            known_groups = set(s.execute(select(Group.code)).scalars())
            deployment = Deployment(name=name or ", ".join(f.name for f in files)[:200], deployed_at=now,
                                    deployed_by=actor.username)
            s.add(deployment)
            s.flush()
            resources: dict[str, Resource] = {}
            for f in files:
                text = safety.decode_model(f.content, f.name, self._engine.settings.max_model_bytes) \
                    if f.kind != "form" else _text(f.content)
                res = Resource(deployment_id=deployment.id, name=f.name, kind=f.kind, content=text,
                               checksum=hashlib.sha256(text.encode()).hexdigest())
                s.add(res)
                resources[f.name] = res
            s.flush()
            decision_ids = [str(r.id) for r in resources.values() if r.kind == "dmn"]
            views, events = [], []
            trees = dict(parsed.trees)
            for pid, (fname, info) in parsed.processes.items():
                own = resources[fname]
                # The checksum covers the process's own file, the lane map it was deployed with and, for
                # a process with business rule tasks, the decision files: a changed table is a new version.
                decisions = "".join(r.checksum for r in resources.values() if r.kind == "dmn") \
                    if any(el.kind == "businessRuleTask" for el in info.elements.values()) else ""
                checksum = hashlib.sha256((own.checksum + json.dumps(lane_map or {}, sort_keys=True)
                                           + decisions).encode()).hexdigest()
                latest = self._latest_row(s, pid)
                if latest is not None and latest.checksum == checksum:
                    views.append(DefinitionView.of(latest, created=False))
                    continue
                # Called processes are bound now (deployment binding): their files and lane groups
                # become part of this version.
                called_ids, lane_groups = set(), {}
                for called in _closure(pid, parsed):
                    if called in parsed.processes:
                        called_ids.add(str(resources[parsed.processes[called][0]].id))
                        lane_groups.update(_lane_groups(parsed.processes[called][1], lane_map or {},
                                                        known_groups))
                    elif called in external:
                        called_ids.update(external[called].resource_ids)
                        lane_groups.update(external[called].lane_groups or {})
                lane_groups.update(_lane_groups(info, lane_map or {}, known_groups))
                row = ProcessDefinition(
                    key=pid, version=(latest.version + 1) if latest else 1, name=info.name,
                    executable=info.executable, deployment_id=deployment.id, resource_id=own.id,
                    resource_ids=sorted({str(own.id), *called_ids, *decision_ids}, key=int),
                    lane_groups=lane_groups,
                    starter_groups=info.starter_groups, message_starts=info.message_starts,
                    signal_starts=info.signal_starts,
                    checksum=checksum, deployed_at=now, deployed_by=actor.username,
                )
                s.add(row)
                s.flush()
                if row.executable:  # timer start events become definition-level timers
                    start_timers.schedule(s, row, start_timers.process_element(trees[fname], pid), now)
                views.append(DefinitionView.of(row))
                events.append(history.PendingEvent(
                    "definition_deployed", actor.username, now, element_id=pid,
                    data={"key": pid, "version": row.version, "definition_id": row.id,
                          "deployment_id": deployment.id, "executable": row.executable,
                          "checksum": checksum}))
            history.append_system(s, events)
            uow.commit()
        return views

    def deploy_paths(self, paths: list[Path], actor: Actor, lane_map: dict[str, str] | None = None
                     ) -> list[DefinitionView]:
        return self.deploy(read_model_files(paths), actor, lane_map=lane_map)

    # --- queries --------------------------------------------------------------------------------------
    def _latest_row(self, session, key: str) -> ProcessDefinition | None:
        return session.execute(_LATEST_DEFINITION, {"key": key}).scalar_one_or_none()

    def list_definitions(self, latest_only: bool = True) -> list[DefinitionView]:
        return self.definition_page(latest_only, per_page=MAX_PER_PAGE)[0]

    def definition_page(self, latest_only: bool = True, page: int = 1, per_page: int = 50,
                        sort: str = "key", order: str | None = None, executable: bool | None = None
                        ) -> tuple[list[DefinitionView], int]:
        """A page of definitions (the newest version of each key, or every version) and the total."""
        offset = check_page(page, per_page, order)
        if sort not in DEFINITION_SORTS:
            raise ValidationFailed(f"sort must be one of {', '.join(DEFINITION_SORTS)}")
        q = select(ProcessDefinition)
        if latest_only:
            newest = (select(ProcessDefinition.key, func.max(ProcessDefinition.version).label("v"))
                      .group_by(ProcessDefinition.key).subquery())
            q = q.join(newest, (ProcessDefinition.key == newest.c.key)
                       & (ProcessDefinition.version == newest.c.v))
        if executable is not None:
            q = q.where(ProcessDefinition.executable.is_(executable))
        column, default = DEFINITION_SORTS[sort]
        direction = (order or default)
        terms = [c.desc() if direction == "desc" else c.asc() for c in (column, ProcessDefinition.version)]
        with self._engine.reader() as uow:
            total = uow.session.execute(select(func.count()).select_from(q.subquery())).scalar_one()
            rows = uow.session.execute(q.order_by(*terms).offset(offset).limit(per_page)).scalars()
            return [DefinitionView.of(r) for r in rows], total

    def get_definition(self, key: str, version: int | None = None) -> DefinitionView:
        with self._engine.reader() as uow:
            return DefinitionView.of(self._row(uow.session, key, version))

    def versions(self, key: str) -> list[DefinitionView]:
        with self._engine.reader() as uow:
            rows = uow.session.execute(select(ProcessDefinition).where(ProcessDefinition.key == key)
                                       .order_by(ProcessDefinition.version)).scalars().all()
            if not rows:
                raise NotFound(f"no process definition with key {key!r}")
            return [DefinitionView.of(r) for r in rows]

    def get_xml(self, key: str, version: int | None = None) -> str:
        with self._engine.reader() as uow:
            row = self._row(uow.session, key, version)
            return uow.session.get(Resource, row.resource_id).content

    def _row(self, session, key: str, version: int | None) -> ProcessDefinition:
        if version is None:
            row = self._latest_row(session, key)
        else:
            row = session.execute(select(ProcessDefinition).where(
                ProcessDefinition.key == key, ProcessDefinition.version == version)).scalar_one_or_none()
        if row is None:
            suffix = f" version {version}" if version is not None else ""
            raise NotFound(f"no process definition {key!r}{suffix}")
        return row

    def definition_row(self, session, key: str, version: int | None = None) -> ProcessDefinition:
        return self._row(session, key, version)

    # --- parsed-spec cache ------------------------------------------------------------------------------
    def load(self, session, definition_id: int) -> LoadedDefinition:
        """The parsed spec of one version; parsed once, then served from the cache."""
        with self._cache_lock:
            hit = self._cache.get(definition_id)
            if hit is not None:
                self._cache.move_to_end(definition_id)
                return hit
        row = session.get(ProcessDefinition, definition_id)
        if row is None:
            raise NotFound(f"no process definition with id {definition_id}")
        parser = PressdeskParser()
        elements: dict[str, ElementInfo] = {}
        has_timers = has_messages = has_signals = has_event_rules = False
        resources = session.execute(
            select(Resource).where(Resource.id.in_([int(i) for i in row.resource_ids]))).scalars().all()
        for res in sorted(resources, key=lambda r: r.id != row.resource_id):  # own file first
            tree = safety.load_model_xml(res.content, res.name, max_bytes=1 << 40)
            _add_tree(parser, res.name, tree)
            has_timers |= any(True for _ in tree.getroot().iter(f"{{{BPMN_NS}}}timerEventDefinition"))
            has_messages |= any(True for _ in tree.getroot().iter(f"{{{BPMN_NS}}}messageEventDefinition",
                                                                    f"{{{BPMN_NS}}}receiveTask"))
            has_signals |= any(True for _ in tree.getroot().iter(f"{{{BPMN_NS}}}signalEventDefinition"))
            has_event_rules |= any(True for _ in tree.getroot().xpath(
                "//*[local-name()='conditionalEventDefinition' or @triggeredByEvent='true']"))
            if res.kind == "bpmn":
                for info in read_processes(tree).values():
                    for eid, el in info.elements.items():
                        elements.setdefault(eid, el)
        loaded = LoadedDefinition(
            id=row.id, key=row.key, version=row.version, spec=parser.get_spec(row.key),
            subprocess_specs=parser.get_subprocess_specs(row.key), elements=elements,
            lane_groups=dict(row.lane_groups or {}), starter_groups=list(row.starter_groups or []),
            has_timers=has_timers, has_messages=has_messages, has_signals=has_signals,
            has_event_rules=has_event_rules,
            has_connectors=any(el.topic for el in elements.values()),
            has_due_dates=any(el.due_date for el in elements.values()),
        )
        with self._cache_lock:
            self._cache[definition_id] = loaded
            while len(self._cache) > self._engine.settings.spec_cache_size:
                self._cache.popitem(last=False)
        return loaded


# --- helpers --------------------------------------------------------------------------------------------
def read_model_files(paths: list[Path]) -> list[ModelFile]:
    """Model files from paths; folders contribute their .bpmn, .dmn and .form files."""
    out = []
    for path in paths:
        path = Path(path)
        if not path.exists():
            raise ValidationFailed(f"{path}: no such file or folder")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for p in candidates:
            if path.is_dir() and not any(p.name.lower().endswith(s) for s in MODEL_SUFFIXES):
                continue
            out.append(ModelFile(p.name, p.read_bytes()))
    return out


def _is_bpmn(tree: etree._ElementTree) -> bool:
    return etree.QName(tree.getroot()).namespace == "http://www.omg.org/spec/BPMN/20100524/MODEL"


def _add_tree(parser: PressdeskParser, name: str, tree: etree._ElementTree) -> None:
    if _is_bpmn(tree):
        parser.add_bpmn_xml(tree, filename=name)
    else:
        parser.add_dmn_xml(tree.getroot(), filename=name)  # SpiffWorkflow's DMN parser wants the element


def _text(content: bytes | str) -> str:
    return content.decode("utf-8") if isinstance(content, bytes) else content


def _resolve_lane(info: ProcessInfo, lane_id: str, lane_map: dict[str, str], known: set[str]) -> str | None:
    """The group a lane gives its tasks to: the lane's `group` property, then the deployment's lane map
    (by lane id or name), then the lane id or name when it is itself a group code."""
    name, prop = info.lanes.get(lane_id, ("", None))
    explicit = prop or lane_map.get(lane_id) or lane_map.get(name)
    if explicit:
        return explicit if explicit in known else None
    return next((c for c in (lane_id, name) if c and c in known), None)


def _lane_groups(info: ProcessInfo, lane_map: dict[str, str], known: set[str]) -> dict[str, str]:
    out = {}
    for lane_id in info.lanes:
        group = _resolve_lane(info, lane_id, lane_map, known)
        if group:
            out[lane_id] = group
    return out


def _lane_problems(info: ProcessInfo, fname: str, lane_map: dict[str, str], known: set[str]
                   ) -> list[ModelProblem]:
    problems = []
    for el in info.elements.values():
        if el.kind != "userTask" and el.properties.get("humanTask", "").strip().lower() != "true":
            continue  # manual and plain tasks pass through (connector_task.PassThroughTaskParser)
        unknown = [g for g in el.candidate_groups if g not in known]
        if unknown:
            problems.append(ModelProblem(f"candidate group(s) {', '.join(unknown)} do not exist",
                                         el.element_id, el.line, fname))
        if el.candidate_groups or el.candidate_groups_expr or el.assignee or not el.lane_id:
            continue
        if _resolve_lane(info, el.lane_id, lane_map, known) is None:
            name, _ = info.lanes.get(el.lane_id, ("", None))
            problems.append(ModelProblem(
                f"lane {name or el.lane_id!r} maps to no group: name the lane (or its id) after a group "
                "code, add a 'group' property to the lane, or pass a lane map",
                el.element_id, el.line, fname))
    return problems


def _closure(pid: str, parsed: _Parsed) -> list[str]:
    """Called process keys reachable from pid (inside this deployment or already deployed)."""
    seen, stack = [], list(parsed.processes[pid][1].called_elements)
    while stack:
        key = stack.pop()
        if key in seen:
            continue
        seen.append(key)
        if key in parsed.processes:
            stack.extend(parsed.processes[key][1].called_elements)
    return seen


def _check_form(f: ModelFile, max_bytes: int) -> None:
    raw = f.content if isinstance(f.content, bytes) else f.content.encode()
    if len(raw) > max_bytes:
        raise ModelInvalid(f"{f.name}: form is larger than {max_bytes} bytes",
                           [{"element_id": None, "message": "file too large", "line": None}])
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ModelInvalid(f"{f.name}: not valid JSON ({exc})",
                           [{"element_id": None, "message": f"not valid JSON: {exc}", "line": None}]) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("components"), list) or not doc.get("id"):
        raise ModelInvalid(f"{f.name}: not a form-js form (needs an 'id' and a 'components' list)",
                           [{"element_id": None, "message": "not a form-js form", "line": None}])


def _summary(problems: list[ModelProblem]) -> str:
    first = problems[0]
    where = f" ({first.file}" + (f", line {first.line}" if first.line else "") + ")" if first.file else ""
    more = f" and {len(problems) - 1} more problem(s)" if len(problems) > 1 else ""
    return f"model refused: {first.message}{where}{more}"
