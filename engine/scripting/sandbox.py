"""The one evaluator for every BPMN/DMN expression and script.

Layers, from deploy time to run time:

1. Static policy (policy.py): syntax, no imports, no dunder names, no `_` attributes, no attribute
   assignment, no calls to introspection builtins, no classes/async/yield/with/finally/catch-all
   handlers; deploy-time callers use check_expression/check_script, and every evaluation goes through
   the same (cached) check.
2. Guarding transform (policy.py + guards.py): `+ * ** << %`, f-strings, *-unpacking and padding/joining
   methods are size-checked before they allocate (and large results counted against the memory limit);
   range() is bounded.
3. Restricted builtins (SAFE_BUILTINS below): a short documented list plus the helpers.
4. Time and memory budget: scripts, and expressions with loops or functions, run under a per-thread
   sys.settrace hook that only traces frames compiled from sandbox source (engine and SpiffWorkflow code
   runs untraced). On each line event it checks the wall-clock deadline, and every 5 ms the process's
   resident memory growth. The hook's signal is a BaseException no allowed `except` can catch. A loop-free
   expression cannot run long (every operation in it is bounded), so it runs without the hook, which
   keeps a gateway condition within a microsecond of a plain eval().

Task data semantics follow SpiffWorkflow's TaskDataEnvironment: expressions see a copy of task data;
scripts run directly in task.data, and afterwards functions, modules and sandbox internals are removed.
In addition the data is kept JSON-ready (taskdata.py): dates/datetimes/times become ISO strings,
timedeltas ISO durations, tuples and sets lists; any other value that JSON cannot hold (an iterator,
range, bytes ...) refuses the script with a message naming the variable, instead of failing later when
the instance is saved.
"""
from __future__ import annotations

import builtins
import importlib
import os
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from typing import Any

from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.script_engine import BasePythonScriptEngineEnvironment, PythonScriptEngine
from SpiffWorkflow.bpmn.specs.event_definitions.timer import TimerEventDefinition
from SpiffWorkflow.exceptions import SpiffWorkflowException

from ..clock import LOCAL_TZ
from . import guards
from .guards import Refused, SandboxViolation, ScriptResourceLimit, ScriptTimeout
from .helpers import HELPERS, iso_duration
from .languages import check as check_any_expression
from .languages import classify, interpret
from .output import script_print
from .policy import (
    SANDBOX_FILENAME,
    Compiled,
    check_dmn_input_entry,
    check_expression,
    check_script,
    check_timer_expression,
    compile_checked,
    is_iso_timer_literal,
)
from .taskdata import make_jsonable, remove_leftovers

# The deploy-time checks are re-exported: this module is the sandbox's one public entry point.
__all__ = [
    "SAFE_BUILTIN_NAMES",
    "SandboxEnvironment",
    "SandboxViolation",
    "SandboxedScriptEngine",
    "ScriptResourceLimit",
    "ScriptTimeout",
    "check_any_expression",
    "check_dmn_input_entry",
    "check_expression",
    "check_script",
    "check_timer_expression",
    "is_iso_timer_literal",
    "make_jsonable",
    "sandbox_violation_of",
]

SAFE_BUILTIN_NAMES = (
    "len", "min", "max", "abs", "round", "int", "float", "str", "bool", "list", "dict", "set", "tuple",
    "sorted", "reversed", "any", "all", "enumerate", "zip", "map", "filter", "isinstance", "True", "False",
    "None", "Exception", "ArithmeticError", "LookupError", "ValueError", "TypeError", "KeyError",
    "IndexError", "ZeroDivisionError",
)
_GUARDS = {
    "__sb_add": guards.sb_add, "__sb_mul": guards.sb_mul, "__sb_pow": guards.sb_pow,
    "__sb_lshift": guards.sb_lshift, "__sb_mod": guards.sb_mod, "__sb_aug": guards.sb_aug,
    "__sb_aug_item": guards.sb_aug_item, "__sb_method": guards.sb_method, "__sb_bound": guards.sb_bound,
    "__sb_concat": guards.sb_concat, "__sb_unpack": guards.sb_unpack, "__sb_slice": slice, "__sb_tick": None,
}
_C_LEVEL_IMPORTS = frozenset({"time", "_strptime"})


def _c_level_import(name: str, globals_: Any = None, locals_: Any = None, fromlist: Any = (),
                    level: int = 0) -> Any:
    """The import C code of the standard library does through the calling frame's builtins:
    datetime.strftime() needs `time`, strptime() `_strptime`. Nothing else is given, and scripts
    cannot name this function (every name starting with "__" is refused)."""
    if level == 0 and name in _C_LEVEL_IMPORTS:
        return importlib.import_module(name)
    raise ImportError(f"import of {name!r} is not allowed")


SAFE_BUILTINS: dict[str, Any] = {
    **{name: getattr(builtins, name) for name in SAFE_BUILTIN_NAMES},
    "range": guards.safe_range, "sum": guards.safe_sum, **HELPERS, **_GUARDS,
    "__import__": _c_level_import, "print": script_print,
}

DEFAULT_TIME_LIMIT_MS = 1000
DEFAULT_MEMORY_LIMIT_MB = 256
_MEMORY_CHECK_EVERY_S = 0.005
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _value_of(namespace: dict) -> Any:
    def value_of(name: str, default: Any = None) -> Any:
        """The variable `name` of the task data, or `default` when it is absent or None."""
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise ValueError("value_of() takes the name of a variable")
        value = namespace.get(name)
        return default if value is None else value
    return value_of


class _OutOfTime(BaseException):
    """Raised by the trace hook; a BaseException so no `except` a script may write can catch it."""


def _sandbox_line(exc: BaseException) -> int | None:
    """Line of the innermost sandbox frame in exc's traceback (where the script was stopped)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == SANDBOX_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def sandbox_violation_of(exc: BaseException) -> SandboxViolation | None:
    """The SandboxViolation behind a (WorkflowTaskException) error, if the sandbox refused something."""
    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 20:
        if isinstance(current, SandboxViolation):
            return current
        current, seen = current.__cause__ or current.__context__, seen + 1
    return None


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


def _run_traced(compiled: Compiled, namespace: dict, time_limit_s: float, memory_limit: int) -> Any:
    start = time.perf_counter()
    deadline = start + time_limit_s
    next_memory_check = start + _MEMORY_CHECK_EVERY_S
    # Read lazily at the first check: most scripts end within a few ms and never pay for /proc. Growth
    # before that check is bounded by the guards' allowance and by what a few ms of Python can build.
    baseline: int | None = None

    def on_line(frame: Any, event: str, arg: Any) -> Any:
        nonlocal next_memory_check, baseline
        if event == "line":
            moment = time.perf_counter()
            if moment > deadline:
                raise _OutOfTime(f"time limit of {time_limit_s * 1000:.0f} ms exceeded")
            if moment > next_memory_check:
                next_memory_check = moment + _MEMORY_CHECK_EVERY_S
                resident = _resident_bytes()
                if resident is None:
                    return on_line  # not Linux: per-operation guards and the time budget only
                if baseline is None:
                    baseline = resident
                grown = resident - baseline
                if grown > memory_limit:
                    raise Refused(f"used {grown >> 20} MB more memory (limit {memory_limit >> 20} MB)")
                # Measured memory is the truth now: values counted before and since freed no longer count.
                guards.set_allowance(memory_limit - max(grown, 0))
        return on_line

    def on_call(frame: Any, event: str, arg: Any) -> Any:
        # Only frames compiled from sandbox source are line-traced; helpers and Spiff run at full speed.
        return on_line if frame.f_code.co_filename == SANDBOX_FILENAME else None

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        return eval(compiled.code, namespace)  # checked, guarded code; restricted builtins
    finally:
        sys.settrace(previous)


class SandboxEnvironment(BasePythonScriptEngineEnvironment):
    """A TaskDataEnvironment-compatible environment that runs everything through the sandbox.

    `environment_globals` adds trusted names (engine-provided functions) to the builtins scripts see.
    Helpers live in the builtins, not in task data, so a form field named like a helper (`date`) simply
    shadows it for that script instead of being refused.
    """

    def __init__(self, environment_globals: dict[str, Any] | None = None, *,
                 time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
                 memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB) -> None:
        super().__init__(environment_globals)
        self.time_limit_s = time_limit_ms / 1000
        self.memory_limit = memory_limit_mb << 20
        self.builtins = {**SAFE_BUILTINS, **self.globals}

    def _run(self, compiled: Compiled, namespace: dict) -> Any:
        guards.set_allowance(self.memory_limit)
        try:
            if not compiled.traced:
                return eval(compiled.code, namespace)  # checked, guarded code
            return _run_traced(compiled, namespace, self.time_limit_s, self.memory_limit)
        except _OutOfTime as exc:
            raise ScriptTimeout(exc.args[0], line=_sandbox_line(exc)) from None
        except Refused as exc:
            raise ScriptResourceLimit(f"refused: {exc.args[0]}", line=_sandbox_line(exc)) from None
        except MemoryError as exc:
            raise ScriptResourceLimit("ran out of memory", line=_sandbox_line(exc)) from None
        except RecursionError as exc:
            raise ScriptResourceLimit("recursion too deep", line=_sandbox_line(exc)) from None
        finally:
            guards.set_allowance(None)

    def _builtins_for(self, source: str, namespace: dict) -> dict[str, Any]:
        # value_of() reads this evaluation's task data; built only for sources that name it.
        if "value_of" not in source:
            return self.builtins
        return {**self.builtins, "value_of": _value_of(namespace)}

    def evaluate(self, expression: str, context: dict, external_context: dict | None = None) -> Any:
        compiled = compile_checked(expression, "eval")
        namespace = dict(external_context) if external_context else {}
        namespace.update(context)
        # last: task data must not bring its own builtins
        namespace["__builtins__"] = self._builtins_for(expression, namespace)
        return self._run(compiled, namespace)

    def execute(self, script: str, context: dict, external_context: dict | None = None) -> bool:
        compiled = compile_checked(script, "exec")
        external_context = external_context or {}
        clash = set(external_context) & set(context)
        if clash:  # same fail-fast rule as TaskDataEnvironment.check_for_overwrite
            raise ValueError(f"task data overwrites predefined names, rename: {sorted(clash)}")
        context.update(external_context)
        context["__builtins__"] = self._builtins_for(script, context)
        try:
            self._run(compiled, context)
        except BaseException:
            remove_leftovers(context, external_context)
            make_jsonable(context, drop_unstorable=True)  # the failed task's data must still be savable
            raise
        remove_leftovers(context, external_context)
        make_jsonable(context)
        return True

    def call_service(self, context: dict, **kwargs: Any) -> Any:
        raise SandboxViolation("service tasks are not available to sandboxed scripts")


def _is_timer_expression(task: Any, expression: str) -> bool:
    definition = getattr(task.task_spec, "event_definition", None)
    if definition is None:
        return False
    if isinstance(definition, TimerEventDefinition):
        return definition.expression == expression
    return any(isinstance(d, TimerEventDefinition) and d.expression == expression
               for d in getattr(definition, "event_definitions", ()))


def _timer_value(value: Any) -> str:
    """Timer expressions must give ISO 8601 text; dates, datetimes and timedeltas are converted."""
    if isinstance(value, str):
        text = value.strip()
        try:  # what SpiffWorkflow's timer will parse; anything else would fail deep inside it
            if text.upper().startswith("R"):
                TimerEventDefinition.parse_iso_recurring_interval(text)
            else:
                TimerEventDefinition.parse_time_or_duration(text)
        except Exception:  # noqa: BLE001 - SpiffWorkflow raises bare Exception and ValueError here
            raise SandboxViolation(f"a timer expression must give an ISO 8601 date-time, duration or "
                                   f"cycle, got {text[:80]!r}") from None
        return text
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)).isoformat()
    if isinstance(value, date):
        return datetime.combine(value, dtime(0), LOCAL_TZ).isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    raise SandboxViolation(f"a timer expression must give an ISO 8601 text, got {type(value).__name__}")


class SandboxedScriptEngine(PythonScriptEngine):
    """PythonScriptEngine whose every evaluation and script runs in the sandbox.

    Errors reach SpiffWorkflow as WorkflowTaskException (what its task machinery expects); when the
    sandbox refused something, `exc.error_type` names the SandboxViolation subclass and
    sandbox_violation_of(exc) returns it (a ScriptError, with `.problems` and `.line`).
    """

    def __init__(self, environment: BasePythonScriptEngineEnvironment | None = None, *,
                 time_limit_ms: int = DEFAULT_TIME_LIMIT_MS,
                 memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB) -> None:
        super().__init__(environment or SandboxEnvironment(
            time_limit_ms=time_limit_ms, memory_limit_mb=memory_limit_mb))

    def validate(self, expression: str) -> None:
        """SyntaxError for unparsable text (DMN relies on it), SandboxViolation for refused text."""
        language, _source = classify(expression)
        if language != "python":
            if problems := check_any_expression(expression):
                raise SandboxViolation(f"{language.split('-')[0].upper()} expression refused: {problems[0]}",
                                       problems)
            return
        try:
            compile_checked(expression, "eval")
        except SandboxViolation as exc:
            if all("syntax error" in p for p in exc.problems):
                raise SyntaxError(exc.problems[0]) from None
            raise

    def evaluate(self, task: Any, expression: str, external_context: dict | None = None) -> Any:
        timer = _is_timer_expression(task, expression)
        if timer and is_iso_timer_literal(expression):
            return expression.strip()  # Camunda style: <timeDuration>P2D</timeDuration>, unquoted
        language, source = classify(expression)
        try:
            if language == "python":
                result = self.environment.evaluate(source, task.data, external_context)
            else:  # JUEL or FEEL: interpreted, with the environment's time budget
                variables = {**(external_context or {}), **task.data}
                limit = getattr(self.environment, "time_limit_s", DEFAULT_TIME_LIMIT_MS / 1000)
                result = interpret(language, source, variables, time_limit_s=limit, task=task)
            return _timer_value(result) if timer else result
        except SpiffWorkflowException as exc:
            exc.add_note(f"Error evaluating expression '{expression}'")
            raise
        except SandboxViolation as exc:
            raise WorkflowTaskException(f"Error evaluating expression '{expression.strip()}': {exc.message}",
                                        task=task, exception=exc, line_number=exc.line) from exc
        except Exception as exc:
            raise WorkflowTaskException(f"Error evaluating expression '{expression.strip()}': "
                                        f"{exc.__class__.__name__}: {exc}", task=task, exception=exc) from exc

    def create_task_exec_exception(self, task: Any, script: str, err: Exception) -> Exception:
        if isinstance(err, SandboxViolation) and err.line:
            line = err.line
            lines = script.splitlines()
            error_line = lines[line - 1] if 0 < line <= len(lines) else ""
        else:
            line, error_line = self.get_error_line_number_and_content(script, err)
        if isinstance(err, SpiffWorkflowException):
            err.line_number, err.error_line = line, error_line
            err.add_note(f"Python script error on line {line}: '{error_line}'")
            return err
        detail = err.message if isinstance(err, SandboxViolation) else str(err)
        wte = WorkflowTaskException(f"{err.__class__.__name__}: {detail}", task=task, exception=err,
                                    line_number=line, error_line=error_line)
        wte.__cause__ = err
        return wte

    def get_error_line_number_and_content(self, script: str, err: Exception) -> tuple[int, str]:
        line_number, error_line = 0, ""
        if isinstance(err, SyntaxError):
            line_number = err.lineno or 0
        else:
            tb = err.__traceback__
            while tb is not None:  # the innermost sandbox frame is the script line at fault
                if tb.tb_frame.f_code.co_filename == SANDBOX_FILENAME:
                    line_number = tb.tb_lineno
                tb = tb.tb_next
        lines = script.splitlines()
        if 0 < line_number <= len(lines):
            error_line = lines[line_number - 1]
        return line_number, error_line
