"""What JUEL expressions may reach besides variables: `execution`, `task`, and the methods of values.

Everything is listed by name here; nothing is looked up with getattr on a value, so `${x.__class__}` or
`${''.getClass()}` simply name no property or method.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import guards
from .exprbase import ExpressionEvalError, guarded
from .helpers import HELPERS

# pressdesk's helpers are JUEL functions too: ${working_days(5)}.
FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: fn for name, fn in HELPERS.items() if name not in ("date", "datetime", "timedelta")}


class ExecutionView:
    """Camunda's `execution` as far as an expression reads it: variables and where it is."""

    def __init__(self, variables: dict[str, Any], activity_id: str | None = None,
                 process_id: str | None = None) -> None:
        self._variables, self._activity_id, self._process_id = variables, activity_id, process_id

    def properties(self) -> dict[str, Any]:
        return {"activityId": self._activity_id, "currentActivityId": self._activity_id,
                "processDefinitionKey": self._process_id, "variables": dict(self._variables)}

    def call(self, name: str, args: list[Any]) -> Any:
        if name in ("getVariable", "getVariableLocal") and len(args) == 1:
            return self._variables.get(args[0])
        if name in ("hasVariable", "hasVariableLocal") and len(args) == 1:
            return args[0] in self._variables
        if name in ("getVariables", "getVariablesLocal") and not args:
            return dict(self._variables)
        if name in ("getActivityId", "getCurrentActivityId") and not args:
            return self._activity_id
        raise ExpressionEvalError(f"execution has no method {name}() with {len(args)} arguments "
                                  "(only getVariable, hasVariable, getVariables, getCurrentActivityId)")


class TaskView:
    """Camunda's `task` in a user task's own attributes (assignee, candidate groups, due date)."""

    def __init__(self, task_id: str | None, name: str | None, definition_key: str | None) -> None:
        self._props = {"id": task_id, "name": name, "taskDefinitionKey": definition_key, "assignee": None,
                       "owner": None}

    def properties(self) -> dict[str, Any]:
        return self._props

    def call(self, name: str, args: list[Any]) -> Any:
        getter = {"getId": "id", "getName": "name", "getTaskDefinitionKey": "taskDefinitionKey",
                  "getAssignee": "assignee", "getOwner": "owner"}.get(name)
        if getter and not args:
            return self._props[getter]
        raise ExpressionEvalError(f"task has no method {name}()")


def get_property(base: Any, key: Any) -> Any:
    """`base.key` / `base[key]` as EL resolves it: null base or missing map key give null."""
    if base is None:
        return None
    if isinstance(base, (ExecutionView, TaskView)):
        props = base.properties()
        if key not in props:
            raise ExpressionEvalError(f"property '{key}' not found ({', '.join(props)} are)")
        return props[key]
    if isinstance(base, dict):
        return base.get(key if isinstance(key, str) else str(key))
    if isinstance(base, (list, tuple)):
        try:
            index = int(key)
        except (TypeError, ValueError):
            if key in ("size", "length"):
                return len(base)
            raise ExpressionEvalError(f"a list index must be a number, not {key!r}") from None
        return base[index] if 0 <= index < len(base) else None
    raise ExpressionEvalError(f"property '{key}' not found on {type(base).__name__}")


def _text_methods(s: str, name: str, args: list[Any]) -> Any:
    from .juel import to_number, to_text

    arity = len(args)
    simple = {"length": len, "isEmpty": lambda v: not v, "toUpperCase": str.upper, "toLowerCase": str.lower,
              "trim": str.strip, "toString": str, "isBlank": lambda v: not v.strip()}
    if name in simple and arity == 0:
        return simple[name](s)
    if arity == 1:
        other = to_text(args[0])
        binary = {"equals": lambda: s == other, "equalsIgnoreCase": lambda: s.lower() == other.lower(),
                  "contains": lambda: other in s, "startsWith": lambda: s.startswith(other),
                  "endsWith": lambda: s.endswith(other), "indexOf": lambda: s.find(other),
                  "lastIndexOf": lambda: s.rfind(other), "concat": lambda: guarded(guards.sb_add, s, other),
                  "split": lambda: s.split(other), "charAt": lambda: s[int(to_number(args[0]))],
                  "substring": lambda: s[int(to_number(args[0])):], "matches": None}
        if binary.get(name):
            return binary[name]()
    if name == "substring" and arity == 2:
        return s[int(to_number(args[0])):int(to_number(args[1]))]
    if name == "replace" and arity == 2:
        return guarded(guards.sb_method, s, "replace", to_text(args[0]), to_text(args[1]))
    hint = " (regular expressions are not supported)" if name in ("matches", "replaceAll") else ""
    raise ExpressionEvalError(f"text has no method {name}() with {arity} arguments{hint}")


def call_method(base: Any, name: str, args: list[Any]) -> Any:
    """`base.name(args)` for the methods Camunda users call on strings, lists and maps."""
    if base is None:
        raise ExpressionEvalError(f"cannot call {name}() on null")
    if isinstance(base, (ExecutionView, TaskView)):
        return base.call(name, args)
    if isinstance(base, str):
        return _text_methods(base, name, args)
    if isinstance(base, (list, tuple)):
        if name in ("size", "isEmpty") and not args:
            return len(base) if name == "size" else not base
        if name == "contains" and len(args) == 1:
            return args[0] in base
        if name == "get" and len(args) == 1:
            return get_property(base, args[0])
        if name == "indexOf" and len(args) == 1:
            return base.index(args[0]) if args[0] in base else -1
    if isinstance(base, dict):
        if name in ("size", "isEmpty") and not args:
            return len(base) if name == "size" else not base
        if name == "get" and len(args) == 1:
            return base.get(args[0])
        if name == "containsKey" and len(args) == 1:
            return args[0] in base
        if name in ("keySet", "values") and not args:
            return list(base) if name == "keySet" else list(base.values())
    if name == "toString" and not args:
        from .juel import to_text

        return to_text(base)
    raise ExpressionEvalError(f"{type(base).__name__} has no method {name}() with {len(args)} arguments")
