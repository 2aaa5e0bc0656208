"""Runs FEEL trees (feel.py) with FEEL's null semantics: a missing variable is null, an operation on null
or on values of the wrong type gives null, `and`/`or` are three-valued."""
from __future__ import annotations

import decimal
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from . import guards
from .exprbase import Budget, ExpressionEvalError, check_size, guarded, number_text
from .feel_functions import FUNCTIONS, YearsMonths, add_months, parse_temporal
from .helpers import iso_duration

_CONTEXT = decimal.Context(prec=34, Emax=6144, Emin=-6143, traps=[
    decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
_NUMBER = (int, float, Decimal)
_TEMPORAL = (date, time, timedelta, YearsMonths)


class Scope:
    def __init__(self, variables: dict[str, Any], budget: Budget) -> None:
        self.variables, self.budget = variables, budget

    def child(self, names: dict[str, Any]) -> Scope:
        return Scope({**self.variables, **names}, self.budget)


def _num(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _is_num(value: Any) -> bool:
    return isinstance(value, _NUMBER) and not isinstance(value, bool)


def _align(a: Any, b: Any) -> tuple[Any, Any]:
    """Numbers as decimals; ISO text compared with a date or date-time is read as one (task data is JSON)."""
    if _is_num(a) and _is_num(b):
        return _num(a), _num(b)
    for x, y, swap in ((a, b, False), (b, a, True)):
        if isinstance(x, (date, datetime)) and isinstance(y, str):
            try:
                y = parse_temporal(y)
                if isinstance(x, datetime) != isinstance(y, datetime):
                    y = y.date() if isinstance(y, datetime) else datetime.combine(y, time(0))
            except ValueError:
                return a, b
            return (y, x) if swap else (x, y)
    return a, b


def _same_kind(a: Any, b: Any) -> bool:
    if _is_num(a) and _is_num(b):
        return True
    if isinstance(a, datetime) or isinstance(b, datetime):
        return isinstance(a, datetime) and isinstance(b, datetime)
    return type(a) is type(b) or (isinstance(a, type(b)) or isinstance(b, type(a)))


def equal(a: Any, b: Any) -> bool | None:
    if a is None or b is None:
        return a is None and b is None
    a, b = _align(a, b)
    if not _same_kind(a, b):
        return None
    try:
        return bool(a == b)
    except TypeError:  # naive and aware date-times
        return None


def compare(op: str, a: Any, b: Any) -> bool | None:
    if op in ("=", "!="):
        result = equal(a, b)
        return result if result is None or op == "=" else not result
    a, b = _align(a, b)
    if a is None or b is None or not _same_kind(a, b) or isinstance(a, bool):
        return None
    try:
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    except TypeError:
        return None


def _arith(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        x, y = _num(a), _num(b)
        if op == "**":
            if abs(y) > 10_000:
                raise guards.ScriptResourceLimit(f"refused: exponent {y} is above 10,000")
            return x**y
        if op == "/" and y == 0:
            return None
        return {"+": lambda: x + y, "-": lambda: x - y, "*": lambda: x * y, "/": lambda: x / y}[op]()
    if op == "+" and isinstance(a, str) and isinstance(b, str):
        return guarded(guards.sb_add, a, b)
    if op in ("+", "-"):
        if isinstance(a, str) and isinstance(b, _TEMPORAL):  # ISO text from task data + a duration
            try:
                a = parse_temporal(a)
            except ValueError:
                return None
        return _temporal(op, a, b)
    return None


def _temporal(op: str, a: Any, b: Any) -> Any:
    sign = 1 if op == "+" else -1
    if isinstance(b, YearsMonths) and isinstance(a, date):
        return add_months(a, sign * b.months)
    if isinstance(a, YearsMonths) and isinstance(b, YearsMonths):
        return YearsMonths(a.months + sign * b.months)
    try:
        if isinstance(a, date) and not isinstance(a, datetime) and isinstance(b, timedelta):
            return a + sign * timedelta(days=b.days)
        result = a + b if op == "+" else a - b
    except TypeError:
        return None
    return result


def _truth(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _iterable(value: Any) -> list:
    if isinstance(value, tuple) and value and value[0] == "range-value":
        _, low, high, closed_low, closed_high = value
        if not (_is_num(low) and _is_num(high)):
            raise ExpressionEvalError("only ranges of numbers can be iterated")
        start, end = int(low) + (0 if closed_low else 1), int(high) - (0 if closed_high else 1)
        step = 1 if end >= start else -1
        return list(guarded(guards.safe_range, start, end + step, step))
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _in_range(value: Any, rng: tuple) -> bool | None:
    _, low, high, closed_low, closed_high = rng
    above = compare(">=" if closed_low else ">", value, low) if low is not None else True
    below = compare("<=" if closed_high else "<", value, high) if high is not None else True
    return None if above is None or below is None else above and below


def uses_input(tree: Any) -> bool:
    if isinstance(tree, tuple):
        if tree and tree[0] == "var" and tree[1] in ("?", "dmninputexpr"):
            return True
        return any(uses_input(t) for t in tree)
    if isinstance(tree, list):
        return any(uses_input(t) for t in tree)
    return False


def run_test(test: tuple, value: Any, scope: Scope) -> bool:
    """One unary test against the input value."""
    if test[0] == "utest":
        return compare(test[1], value, evaluate(test[2], scope)) is True
    inner = test[1]
    if uses_input(inner):
        return evaluate(inner, scope.child({"?": value})) is True
    expected = evaluate(inner, scope)
    if isinstance(expected, tuple) and expected[0] == "range-value":
        return _in_range(value, expected) is True
    if isinstance(expected, list):
        return any(equal(value, x) is True for x in expected)
    if equal(value, expected) is True:
        return True
    return expected is True and not isinstance(value, bool)


def _call(tree: tuple, scope: Scope) -> Any:
    _, name, args, named, _pos = tree
    function, params = FUNCTIONS[name]
    values = [evaluate(a, scope) for a in args]
    if named:
        by_name = {key: evaluate(e, scope) for key, e in named}
        values += [by_name.pop(p) for p in params[len(values):] if p in by_name]
        if by_name:
            return None
    try:
        return function(*[_num(v) if isinstance(v, float) else v for v in values])
    except (guards.SandboxViolation, guards.Refused):
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, ArithmeticError):
        return None  # FEEL: a function applied to the wrong values gives null


def _path(base: Any, name: str) -> Any:
    if isinstance(base, dict):
        return base.get(name)
    if isinstance(base, list):
        return [_path(x, name) for x in base]
    if isinstance(base, (date, time)):
        value = getattr(base, name, None) if name in ("year", "month", "day", "hour", "minute", "second") \
            else (base.isoweekday() if name == "weekday" and isinstance(base, date) else None)
        return Decimal(value) if isinstance(value, int) else None
    if isinstance(base, timedelta):
        total = int(base.total_seconds())
        parts = {"days": total // 86400, "hours": total % 86400 // 3600, "minutes": total % 3600 // 60,
                 "seconds": total % 60}
        return Decimal(parts[name]) if name in parts else None
    if isinstance(base, YearsMonths):
        parts = {"years": int(base.months / 12), "months": base.months % 12}
        return Decimal(parts[name]) if name in parts else None
    return None


def _filter(base: Any, tree: tuple, scope: Scope) -> Any:
    items = base if isinstance(base, list) else ([] if base is None else [base])
    if tree[0] in ("lit", "neg", "var", "path"):
        index = evaluate(tree, scope)
        if _is_num(index):
            i = int(index)
            position = i - 1 if i > 0 else len(items) + i
            return items[position] if 0 <= position < len(items) and i != 0 else None
    kept = []
    for item in items:
        names = {"item": item, **(item if isinstance(item, dict) else {})}
        if evaluate(tree, scope.child(names)) is True:
            kept.append(item)
    return kept


def _iterate(tree: tuple, scope: Scope) -> Any:
    word, bindings, body = tree
    combos: list[dict[str, Any]] = [{}]
    for name, source in bindings:
        grown: list[dict[str, Any]] = []
        for c in combos:
            values = _iterable(evaluate(source, scope.child(c)))
            check_size(len(grown) + len(values))  # before building: `for a in 1..n, b in 1..n` squares n
            grown.extend({**c, name: x} for x in values)
        combos = grown
    results = [evaluate(body, scope.child({**c, "partial": None})) for c in combos]
    if word == "for":
        return results
    truths = [r is True for r in results]
    return any(truths) if word == "some" else all(truths)


def evaluate(tree: tuple, scope: Scope) -> Any:
    scope.budget.step()
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "var":
        return scope.variables.get(tree[1])
    if kind == "bin":
        op = tree[1]
        if op in ("and", "or"):
            a = _truth(evaluate(tree[2], scope))
            if a is (op == "or"):
                return a
            b = _truth(evaluate(tree[3], scope))
            if b is (op == "or"):
                return b
            return None if a is None or b is None else (op == "and")
        a, b = evaluate(tree[2], scope), evaluate(tree[3], scope)
        return compare(op, a, b) if op in ("=", "!=", "<", "<=", ">", ">=") else _arith(op, a, b)
    if kind == "neg":
        value = evaluate(tree[1], scope)
        return -_num(value) if _is_num(value) else (-value if isinstance(value, timedelta) else None)
    if kind == "if":
        return evaluate(tree[2] if evaluate(tree[1], scope) is True else tree[3], scope)
    if kind == "between":
        value, low, high = (evaluate(t, scope) for t in tree[1:])
        return _in_range(value, ("range-value", low, high, True, True))
    if kind == "in":
        value = evaluate(tree[1], scope)
        return any(run_test(t, value, scope) for t in tree[2])
    if kind == "list":
        check_size(len(tree[1]))
        return [evaluate(item, scope) for item in tree[1]]
    if kind == "range":
        return ("range-value", evaluate(tree[1], scope), evaluate(tree[2], scope), tree[3], tree[4])
    if kind == "context":
        result: dict[str, Any] = {}
        for key, value in tree[1]:
            result[key] = evaluate(value, scope.child(result))
        return result
    if kind == "path":
        return _path(evaluate(tree[1], scope), tree[2])
    if kind == "filter":
        return _filter(evaluate(tree[1], scope), tree[2], scope)
    if kind == "call":
        return _call(tree, scope)
    if kind in ("for", "some", "every"):
        return _iterate(tree, scope)
    if kind == "temporal":
        try:
            return parse_temporal(tree[1])
        except ValueError as exc:
            raise ExpressionEvalError(f"@{tree[1]!r} is not a date, time or duration: {exc}") from None
    if kind in ("utest", "expr"):
        raise ExpressionEvalError("a unary test such as '> 5' only works after 'in' or in a DMN input entry")
    raise AssertionError(kind)


def run(tree: tuple, variables: dict[str, Any], budget: Budget) -> Any:
    with decimal.localcontext(_CONTEXT):
        try:
            return to_data(evaluate(tree, Scope(variables, budget)))
        except ArithmeticError as exc:
            raise guards.ScriptResourceLimit(f"refused: number out of range ({exc.__class__.__name__})") \
                from None


def run_tests(tests: tuple, value: Any, variables: dict[str, Any], budget: Budget) -> bool:
    with decimal.localcontext(_CONTEXT):
        if tests[0] == "any":
            return True
        scope = Scope({**variables, "?": value}, budget)
        matched = any(run_test(t, value, scope) for t in tests[1])
        return not matched if tests[0] == "not" else matched


def to_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_num(value):
        return number_text(_plain(value))
    data = to_data(value)
    return data if isinstance(data, str) else str(data)


def _plain(value: Decimal | int | float) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**18 else float(value)
    return value


def to_data(value: Any) -> Any:
    """A FEEL result as task data holds it: decimals as int/float, temporal values as ISO 8601 text."""
    if isinstance(value, Decimal) or (isinstance(value, float)):
        return _plain(value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, timedelta):
        return iso_duration(value)
    if isinstance(value, YearsMonths):
        return value.iso()
    if isinstance(value, list):
        return [to_data(x) for x in value]
    if isinstance(value, dict):
        return {k: to_data(v) for k, v in value.items()}
    if isinstance(value, tuple) and value and value[0] == "range-value":
        raise ExpressionEvalError("a range is not a value a model can keep")
    return value
