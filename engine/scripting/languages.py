"""Which language an expression in a model is written in, its deploy-time check, and its evaluation.

One text says its language by its form, so SpiffWorkflow can pass it around as plain text:
- `=body`: FEEL (as Camunda 8 writes it); `FEEL_TESTS + entry`: a DMN input entry's FEEL unary tests;
- text with `${...}` / `#{...}`: JUEL (Camunda 7), except that a whole `${body}` whose body is sandbox
  Python with no JUEL-only feature (see _python_body) stays Python, as pressdesk models have always
  written it (`${working_days(5)}`); where both read it the same, the result is the same;
- anything else: Python, the default.
A `language`/`expressionLanguage` attribute (FEEL URIs, `feel`, `juel`, `python`) is turned into that form
when the model is parsed (model_text.py); other languages are refused at deploy.
"""
from __future__ import annotations

import ast
from functools import lru_cache
from typing import Any

from . import feel, feel_eval, juel
from .exprbase import Budget, ExpressionSyntaxError, line_and_column
from .juel_runtime import ExecutionView, TaskView

FEEL_TESTS = "=@dmninputexpr:"  # contains the name SpiffWorkflow's DMN engine looks for
_JUEL_WORDS = frozenset({"execution", "task", "true", "false", "null"})
_FEEL_URI_PARTS = ("omg.org/spec/feel", "omg.org/spec/dmn")
PYTHON_LANGUAGES = frozenset({"", "python", "python3"})


def language_of_attribute(value: str | None) -> str | None:
    """"feel", "juel" or "python" for a language attribute; None for a language pressdesk cannot run."""
    text = (value or "").strip().lower().rstrip("/")
    if text in PYTHON_LANGUAGES:
        return "python"
    if text == "feel" or ("feel" in text and any(p in text for p in _FEEL_URI_PARTS)):
        return "feel"
    if text in ("juel", "http://java.sun.com/products/jsp/", "jsp-el"):
        return "juel"
    return None


# Methods only Java values have: `${name.length() > 0}` is JUEL even though Python can parse it.
_JAVA_METHODS = frozenset({"equals", "equalsIgnoreCase", "length", "size", "isEmpty", "isBlank", "contains",
                           "containsKey", "startsWith", "endsWith", "toUpperCase", "toLowerCase", "trim",
                           "indexOf", "lastIndexOf", "substring", "charAt", "concat", "getVariable",
                           "hasVariable", "getVariables", "get", "keySet", "toString"})


@lru_cache(maxsize=4096)
def _python_body(body: str) -> bool:
    """Whether a `${body}` is pressdesk's Python rather than JUEL: it must be sandbox Python, name none of
    JUEL's words, call no Java-only method and read no `variable.property` (a map property in JUEL)."""
    from .helpers import HELPERS
    from .policy import check_expression

    if check_expression(body):
        return False
    try:
        tree = ast.parse(body.strip(), mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _JUEL_WORDS:
            return False
        if isinstance(node, ast.Attribute):
            if id(node) in called and node.attr in _JAVA_METHODS:
                return False
            if id(node) not in called and isinstance(node.value, ast.Name) and node.value.id not in HELPERS:
                return False
    return True


def classify(text: str) -> tuple[str, str]:
    """(language, what to run): ("python", source), ("juel", template), ("feel", body) or
    ("feel-tests", entry)."""
    stripped = text.strip()
    if stripped.startswith(FEEL_TESTS):
        return "feel-tests", stripped[len(FEEL_TESTS):]
    if stripped.startswith("="):
        return "feel", stripped[1:]
    if stripped.startswith("#="):  # a FEEL DMN output entry (model_text.py)
        return "feel", stripped[2:]
    if "${" in stripped or "#{" in stripped:
        parts = _parts(stripped)
        whole = parts is not None and len(parts) == 1 and isinstance(parts[0], tuple)
        if whole and _python_body(parts[0][0]):
            return "python", parts[0][0]
        return "juel", stripped
    return "python", text


def _parts(text: str) -> list | None:
    try:
        return juel.split_template(text)
    except ExpressionSyntaxError:
        return None


def _where(text: str, position: int) -> str:
    line, column = line_and_column(text, position)
    return f"line {line}, column {column}"


def check(text: str, *, tests: bool = False) -> list[str]:
    """Problems of an expression in any supported language (or of a DMN input entry when `tests`);
    empty when it is fine. JUEL and FEEL problems give line and column in `text` (stripped)."""
    from .policy import check_dmn_input_entry, check_expression

    stripped = text.strip()
    language, body = classify(stripped)
    try:
        if language == "python":
            return check_dmn_input_entry(body) if tests else check_expression(body)
        if language == "juel":
            juel.check_template(stripped)
        elif language == "feel-tests":
            feel.parse_unary_tests(body)
        else:
            feel.parse(body)
    except ExpressionSyntaxError as exc:
        offset = {"feel": len(stripped) - len(body), "feel-tests": len(FEEL_TESTS)}.get(language, 0)
        return [f"{_where(stripped, exc.position + offset)}: {exc.message}"]
    return []


def check_feel_tests(entry: str) -> list[str]:
    """Problems of a DMN input entry written in FEEL (before model_text.py tags it)."""
    try:
        feel.parse_unary_tests(entry)
    except ExpressionSyntaxError as exc:
        return [f"{_where(entry.strip(), exc.position - (len(entry) - len(entry.lstrip())))}: {exc.message}"]
    return []


def check_feel(body: str) -> list[str]:
    """Problems of a FEEL expression given without the leading `=` (a language attribute says FEEL)."""
    try:
        feel.parse(body.strip())
    except ExpressionSyntaxError as exc:
        return [f"{_where(body.strip(), exc.position)}: {exc.message}"]
    return []


def _views(task: Any, variables: dict[str, Any]) -> dict[str, Any]:
    spec = getattr(task, "task_spec", None)
    activity = getattr(spec, "bpmn_id", None)
    process = getattr(getattr(getattr(task, "workflow", None), "spec", None), "name", None)
    views: dict[str, Any] = {"execution": ExecutionView(variables, activity, process)}
    if spec is not None and type(spec).__name__.endswith("UserTask"):
        views["task"] = TaskView(str(task.id), getattr(spec, "bpmn_name", None), activity)
    return views


def interpret(language: str, source: str, variables: dict[str, Any], *, time_limit_s: float,
              task: Any = None) -> Any:
    """Evaluate JUEL or FEEL (`classify`'s language and source) over `variables`."""
    from .guards import SandboxViolation

    budget = Budget(time_limit_s)
    try:
        if language == "juel":
            scope = juel.Scope(variables, _views(task, variables), budget)
            return juel.evaluate_template(source, scope)
        if language == "feel-tests":
            value = variables.get("dmninputexpr")
            return feel_eval.run_tests(feel.parse_unary_tests(source), value, variables, budget)
        return feel_eval.run(feel.parse(source), variables, budget)
    except ExpressionSyntaxError as exc:
        raise SandboxViolation(f"{language.split('-')[0].upper()} expression refused: "
                               f"{_where(source, exc.position)}: {exc.message}") from None
    except RecursionError:
        from .guards import ScriptResourceLimit

        raise ScriptResourceLimit("expression nested too deeply") from None
