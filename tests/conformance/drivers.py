"""The two ways a corpus case is run: through pressdesk's engine services, and through raw SpiffWorkflow
in memory (its Camunda parser and default script engine, as an application would start with it)."""
from __future__ import annotations

import shutil
from typing import Any

from engine import ManualClock, ProcessEngine
from engine.clock import using_clock
from engine.config import Settings
from engine.errors import IllegalState, ModelInvalid, NotFound, ScriptError, ValidationFailed
from engine.identity import Actor
from engine.repository import ModelFile

from .runner import START, Case, Final, Refused, duration, end_event_ids, lane_ids, tmp_dir

GROUP = "so-tttt"
ACTOR = Actor("supervisor", frozenset({"supervisor"}), frozenset({GROUP}))


class StepFailed(Exception):
    """A step the peer test takes could not be taken (no such task waits): the run went elsewhere."""


class PressdeskDriver:
    name = "pressdesk"

    def __init__(self) -> None:
        self.dir = tmp_dir()
        self.clock = ManualClock(START)
        self.engine = ProcessEngine(Settings(database_url=f"sqlite:///{self.dir / 'c.db'}"), clock=self.clock)
        self.engine.create_schema()
        self.engine.identity.ensure_group(GROUP, GROUP)
        self.instance_id: str | None = None

    def close(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    def deploy(self, case: Case) -> None:
        self.ends, self.paths = end_event_ids(case.paths()), case.paths()
        files = [ModelFile(p.name, p.read_bytes()) for p in case.paths()]
        lanes = dict.fromkeys(lane_ids(case.paths()), GROUP)
        try:
            views = self.engine.repository.deploy(files, ACTOR, lane_map=lanes, bind_tasks="noop",
                                                  **case.deploy)
        except ModelInvalid as exc:
            first = exc.errors[0] if exc.errors else {}
            raise Refused(first.get("element_id"), first.get("message", str(exc))) from exc
        if not any(v.key == case.process and v.executable for v in views):
            raise Refused(case.process, "process is not executable")

    def start(self, case: Case) -> None:
        try:
            self.instance_id = self.engine.runtime.start(case.process, ACTOR, case.start or None).id
        except ScriptError as exc:
            self._script_error(exc)
        self._run_jobs()

    def _script_error(self, exc: ScriptError) -> None:
        from engine.scripting.sandbox import SandboxViolation

        if isinstance(exc, SandboxViolation) or getattr(exc, "code", "") == "script_refused":
            raise Refused(None, f"sandbox: {exc}") from exc
        raise exc

    def _run_jobs(self) -> None:
        for _ in range(50):
            if not self.engine.scheduler.run_due(limit=100):
                return

    def step(self, step: dict[str, Any]) -> None:
        rt = self.engine.runtime
        try:
            if "complete_all" in step:
                for _ in range(100):
                    tasks = self._open()
                    if not tasks:
                        break
                    self.engine.tasks.complete(tasks[0].id, ACTOR, step.get("data") or {})
                    self._run_jobs()
            elif "complete" in step or "complete_any" in step:
                tasks = self._open()
                match = [t for t in tasks
                         if "complete_any" in step or step["complete"] in (t.element_id, t.name)]
                if not match:
                    raise StepFailed(f"no open user task {step.get('complete')!r} "
                                     f"(open: {sorted(t.name for t in tasks)})")
                self.engine.tasks.complete(match[0].id, ACTOR, step.get("data") or {})
            elif "message" in step:
                rt.correlate_message(step["message"], ACTOR, step.get("key"), step.get("variables") or {})
            elif "signal" in step:
                if not hasattr(rt, "signal"):
                    raise Refused(self._catcher("signal", step["signal"]),
                                  "signal events (RuntimeService.signal) are not available")
                rt.signal(step["signal"], step.get("variables") or {}, ACTOR)
            elif "advance" in step:
                self.clock.advance(duration(step["advance"]))
            self._run_jobs()
        except (NotFound, IllegalState) as exc:
            raise StepFailed(str(exc)) from exc
        except ScriptError as exc:
            self._script_error(exc)

    def _catcher(self, kind: str, name: str) -> str | None:
        """The id of the model's first event that catches the `kind` named `name` (to name a refusal)."""
        from lxml import etree

        b = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
        for path in self.paths:
            root = etree.parse(str(path)).getroot()
            refs = {el.get("id") for el in root.iter(f"{b}{kind}") if el.get("name") == name}
            for definition in root.iter(f"{b}{kind}EventDefinition"):
                if definition.get(f"{kind}Ref") in refs:
                    return definition.getparent().get("id")
        return None

    def _open(self) -> list:
        tasks, _ = self.engine.tasks.list(ACTOR, scope="all", instance=self.instance_id, sort="created",
                                          order="asc")
        return tasks

    def final(self) -> Final:
        inst = self.engine.runtime.get(self.instance_id)
        if inst.status == "error":
            raise ScriptError(f"instance ended in error: {inst.error}")
        tasks = self._open()
        reached = {e["element_id"] for e in self.engine.history.for_instance(inst.id, ACTOR)
                   if e["type"] == "element_completed"}
        return Final(inst.status == "completed", [t.element_id for t in tasks], sorted(reached & self.ends),
                     dict(inst.variables), [t.name for t in tasks])

    @staticmethod
    def is_model_error(exc: Exception) -> bool:
        return isinstance(exc, (ScriptError, StepFailed, ValidationFailed))


class SpiffDriver:
    """Raw SpiffWorkflow 3.2: CamundaParser, BpmnWorkflow, its own PythonScriptEngine, no pressdesk."""

    name = "SpiffWorkflow"

    def __init__(self) -> None:
        self.clock = ManualClock(START)

    def close(self) -> None:
        pass

    def deploy(self, case: Case) -> None:
        from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
        from SpiffWorkflow.camunda.parser import CamundaParser

        self.ends = end_event_ids(case.paths())
        parser = CamundaParser()
        try:
            for p in case.paths():
                (parser.add_dmn_file if p.suffix == ".dmn" else parser.add_bpmn_file)(str(p))
            self.spec = parser.get_spec(case.process)
            self.subprocesses = parser.get_subprocess_specs(case.process)
        except ValidationException as exc:
            raise Refused(getattr(exc, "id", None), str(exc)) from exc

    def _advance(self) -> None:
        with using_clock(self.clock):
            self.wf.do_engine_steps()
            self.wf.refresh_timers()
            self.wf.do_engine_steps()

    def start(self, case: Case) -> None:
        from datetime import datetime, timedelta

        from SpiffWorkflow.bpmn import BpmnWorkflow
        from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine, TaskDataEnvironment
        from SpiffWorkflow.util.task import TaskState

        # As the peer tests configure theirs: timedelta and datetime available to expressions.
        env = TaskDataEnvironment({"timedelta": timedelta, "datetime": datetime})
        engine = PythonScriptEngine(environment=env)
        self.wf = BpmnWorkflow(self.spec, self.subprocesses, script_engine=engine)
        first = self.wf.get_next_task(state=TaskState.READY)
        if first is not None:
            first.data.update(case.start or {})
        self._advance()

    def step(self, step: dict[str, Any]) -> None:
        from SpiffWorkflow.bpmn import BpmnEvent
        from SpiffWorkflow.bpmn.specs.event_definitions.item_aware_event import SignalEventDefinition
        from SpiffWorkflow.camunda.specs.event_definitions import MessageEventDefinition
        from SpiffWorkflow.util.task import TaskState

        if "complete_all" in step:
            for _ in range(100):
                ready = self.wf.get_tasks(state=TaskState.READY, manual=True)
                if not ready:
                    break
                ready[0].data.update(step.get("data") or {})
                with using_clock(self.clock):
                    ready[0].run()
                self._advance()
        elif "complete" in step or "complete_any" in step:
            ready = [t for t in self.wf.get_tasks(state=TaskState.READY, manual=True)
                     if "complete_any" in step
                     or step["complete"] in (t.task_spec.bpmn_id, t.task_spec.bpmn_name)]
            if not ready:
                raise StepFailed(f"no ready user task {step.get('complete')!r}")
            ready[0].data.update(step.get("data") or {})
            with using_clock(self.clock):
                ready[0].run()
        elif "message" in step:
            variables = step.get("variables") or {}
            self.wf.catch(BpmnEvent(MessageEventDefinition(step["message"]), payload={
                "payload": variables, "result_var": "message"}))
        elif "signal" in step:
            self.wf.catch(BpmnEvent(SignalEventDefinition(step["signal"])))
        elif "advance" in step:
            self.clock.advance(duration(step["advance"]))
        self._advance()

    def final(self) -> Final:
        from SpiffWorkflow.util.task import TaskState

        workflows = [self.wf, *self.wf.subprocesses.values()]
        reached = {t.task_spec.bpmn_id for w in workflows for t in w.get_tasks(state=TaskState.COMPLETED)}
        ready = self.wf.get_tasks(state=TaskState.READY, manual=True)
        last = self.wf.last_task
        data = self.wf.data if self.wf.is_completed() else (last.data if last else {})
        return Final(self.wf.is_completed(), [t.task_spec.bpmn_id for t in ready],
                     sorted(reached & self.ends), dict(data),
                     [t.task_spec.bpmn_name or t.task_spec.bpmn_id for t in ready])

    @staticmethod
    def is_model_error(exc: Exception) -> bool:
        from SpiffWorkflow.exceptions import SpiffWorkflowException

        return isinstance(exc, (SpiffWorkflowException, StepFailed))


DRIVERS = (PressdeskDriver, SpiffDriver)
