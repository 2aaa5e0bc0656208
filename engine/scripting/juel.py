"""JUEL (the Unified Expression Language of Camunda 7) as Camunda Modeler writes it, interpreted.

`${approved}`, `${!approved}`, `${a > 5 && b}`, `${not empty list}`, `${x eq 'yes' ? 1 : 2}`,
`${execution.getVariable('x')}`, composite text `Report ${year} - ${unit}`. Parsed by a Pratt parser into
tuples and run by `evaluate` below with EL's coercions; only the properties and methods listed here can be
reached. Supported subset and what is refused: docs/scripting.md.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from . import guards
from .exprbase import (
    Budget,
    ExpressionEvalError,
    ExpressionSyntaxError,
    Token,
    TokenStream,
    guarded,
    number_text,
    tokenize,
)
from .juel_runtime import FUNCTIONS, call_method, get_property

_SPEC = (
    ("skip", r"\s+"),
    ("num", r"(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?"),
    ("str", r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""),
    ("name", r"[A-Za-z_$][\w$]*"),
    ("op", r"==|!=|<=|>=|&&|\|\||\+=|->|[-+*/%!<>?:.\[\](),{}=;]"),
)
_WORDS = {"and": "&&", "or": "||", "not": "!", "eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=",
          "ge": ">=", "div": "/", "mod": "%"}
_INFIX = {"||": 20, "&&": 30, "==": 40, "!=": 40, "<": 50, ">": 50, "<=": 50, ">=": 50, "+=": 55,
          "+": 60, "-": 60, "*": 70, "/": 70, "%": 70}
_REFUSED = {"=": "assignment is not allowed in an expression", ";": "';' (several expressions) is not "
            "allowed", "->": "lambda expressions are not supported", "{": "set and map literals are not "
            "supported", "instanceof": "'instanceof' is not supported"}
_LITERALS = {"true": True, "false": False, "null": None}
LANGUAGE = "JUEL"


# --- parsing ------------------------------------------------------------------------------------------
def _tokens(text: str) -> list[Token]:
    out = []
    for t in tokenize(text, _SPEC, LANGUAGE):
        if t.kind == "name" and t.value in _WORDS:
            t = Token("op", _WORDS[t.value], t.pos)
        elif t.kind == "name" and t.value == "empty":
            t = Token("op", "empty", t.pos)
        out.append(t)
    return out


def _unquote(raw: str) -> str:
    body, out, i = raw[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            i += 1
        out.append(body[i])
        i += 1
    return "".join(out)


def _refuse_if_refused(ts: TokenStream) -> None:
    token = ts.peek
    if token.value in _REFUSED and token.kind in ("op", "name"):
        raise ExpressionSyntaxError(f"{LANGUAGE}: {_REFUSED[token.value]}", token.pos)


def _prefix(ts: TokenStream) -> tuple:
    _refuse_if_refused(ts)
    token = ts.next()
    if token.kind == "num":
        text = token.value
        value: Any = float(text) if any(c in text for c in ".eE") else int(text)
        return ("lit", value)
    if token.kind == "str":
        return ("lit", _unquote(token.value))
    if token.kind == "name":
        if token.value in _LITERALS:
            return ("lit", _LITERALS[token.value])
        if token.value.startswith("__"):
            raise ExpressionSyntaxError(f"{LANGUAGE}: names starting with '__' are not allowed", token.pos)
        if ts.at("("):
            if token.value not in FUNCTIONS:
                known = ", ".join(sorted(FUNCTIONS))
                raise ExpressionSyntaxError(f"{LANGUAGE}: unknown function '{token.value}' (known: {known})",
                                            token.pos)
            return ("call", token.value, _arguments(ts), token.pos)
        return ("var", token.value, token.pos)
    if token.value == "(":
        inner = _expression(ts, 0)
        ts.expect(")")
        return inner
    if token.value == "[":
        items = [] if ts.at("]") else _list(ts, "]")
        ts.expect("]")
        return ("list", items)
    if token.value in ("-", "!", "empty"):
        return ("unary", token.value, _expression(ts, 80), token.pos)
    ts.fail("expected a value, a variable or '('", token)
    raise AssertionError  # fail() raises


def _list(ts: TokenStream, close: str) -> list[tuple]:
    items = [_expression(ts, 0)]
    while ts.accept(","):
        items.append(_expression(ts, 0))
    return items


def _arguments(ts: TokenStream) -> list[tuple]:
    ts.expect("(")
    args = [] if ts.at(")") else _list(ts, ")")
    ts.expect(")")
    return args


def _postfix(ts: TokenStream, left: tuple) -> tuple:
    while ts.at(".", "["):
        token = ts.next()
        if token.value == ".":
            name = ts.next()
            if name.kind != "name" and not (name.kind == "op" and name.value in _WORDS.values()):
                ts.fail("expected a property name after '.'", name)
            if str(name.value).startswith("_"):
                raise ExpressionSyntaxError(f"{LANGUAGE}: property names starting with '_' are not allowed",
                                            name.pos)
            if ts.at("("):
                left = ("method", left, name.value, _arguments(ts), name.pos)
            else:
                left = ("prop", left, ("lit", name.value), name.pos)
        else:
            key = _expression(ts, 0)
            ts.expect("]")
            left = ("prop", left, key, token.pos)
    return left


def _expression(ts: TokenStream, min_bp: int) -> tuple:
    ts.enter()
    left = _postfix(ts, _prefix(ts))
    while True:
        _refuse_if_refused(ts)
        token = ts.peek
        if token.kind == "op" and token.value == "?" and min_bp < 10:
            ts.next()
            yes = _expression(ts, 0)
            ts.expect(":")
            left = ("cond", left, yes, _expression(ts, 9))
            continue
        bp = _INFIX.get(token.value) if token.kind == "op" else None
        if bp is None or bp <= min_bp:
            break
        ts.next()
        left = ("bin", token.value, left, _expression(ts, bp), token.pos)
    ts.leave()
    return left


@lru_cache(maxsize=2048)
def parse(body: str) -> tuple:
    """The tree of one `${...}` body; ExpressionSyntaxError with the offset in `body`."""
    ts = TokenStream(_tokens(body), LANGUAGE)
    if ts.peek.kind == "end":
        raise ExpressionSyntaxError(f"{LANGUAGE} syntax error: the expression is empty", 0)
    tree = _expression(ts, 0)
    if ts.peek.kind != "end":
        ts.fail("expected an operator or the end of the expression")
    return tree


# --- templates: ${...} / #{...} inside text ------------------------------------------------------------
def split_template(text: str) -> list[tuple[str, int] | str]:
    """Literal text (str) and expression bodies ((body, offset of body in text)) of composite text."""
    parts: list[tuple[str, int] | str] = []
    literal, i = [], 0
    while i < len(text):
        if text.startswith(("\\${", "\\#{"), i):
            literal.append(text[i + 1:i + 3])
            i += 3
        elif text.startswith(("${", "#{"), i):
            end, quote, depth, j = None, None, 0, i + 2
            while j < len(text):
                c = text[j]
                if quote:
                    if c == "\\":
                        j += 1
                    elif c == quote:
                        quote = None
                elif c in "'\"":
                    quote = c
                elif c == "{":
                    depth += 1  # braces inside the expression (a Python dict in `${ {...} }`)
                elif c == "}":
                    if depth == 0:
                        end = j
                        break
                    depth -= 1
                j += 1
            if end is None:
                opening = text[i:i + 2]
                message = f"{LANGUAGE} syntax error: '{opening}' is never closed by '}}'"
                raise ExpressionSyntaxError(message, i)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append((text[i + 2:end], i + 2))
            i = end + 1
        else:
            literal.append(text[i])
            i += 1
    if literal:
        parts.append("".join(literal))
    return parts


def check_template(text: str) -> None:
    """ExpressionSyntaxError (offset in `text`) for the first malformed `${...}` of `text`."""
    for part in split_template(text):
        if isinstance(part, tuple):
            body, offset = part
            try:
                parse(body)
            except ExpressionSyntaxError as exc:
                raise ExpressionSyntaxError(exc.message, exc.position + offset) from None


# --- coercions (EL 2.2 section 1.18) -----------------------------------------------------------------
def to_number(value: Any) -> int | float:
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ExpressionEvalError(f"cannot coerce {value!r} to a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return float(value) if any(c in value for c in ".eE") else int(value)
        except ValueError:
            pass
    raise ExpressionEvalError(f"cannot coerce {value!r} to a number")


def to_bool(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() == "true"
    raise ExpressionEvalError(f"cannot coerce {value!r} to a boolean")


def to_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, (str, list, tuple, dict, set)) and len(value) == 0)


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, bool) or isinstance(b, bool):
        return to_bool(a) == to_bool(b)
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return to_number(a) == to_number(b)
    if isinstance(a, str) or isinstance(b, str):
        return to_text(a) == to_text(b)
    return a == b


def _compare(op: str, a: Any, b: Any) -> bool:
    if a is None or b is None:
        return False
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        a, b = to_number(a), to_number(b)
    elif not (isinstance(a, str) and isinstance(b, str)):
        raise ExpressionEvalError(f"cannot compare {a!r} with {b!r}")
    return {"<": a < b, ">": a > b, "<=": a <= b, ">=": a >= b}[op]


def _arith(op: str, a: Any, b: Any) -> Any:
    if op == "+=":
        return guarded(guards.sb_add, to_text(a), to_text(b))
    x, y = to_number(a), to_number(b)
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return guarded(guards.sb_mul, x, y)
    if y == 0:
        raise ExpressionEvalError("division by zero")
    if op == "/":
        return x / y
    return math.fmod(x, y) if isinstance(x, float) or isinstance(y, float) else x - y * int(x / y)


# --- evaluation -----------------------------------------------------------------------------------
class Scope:
    """What a JUEL expression can name: the variables, `execution`, `task` and pressdesk's functions."""

    def __init__(self, variables: dict[str, Any], specials: dict[str, Any], budget: Budget,
                 functions: dict[str, Callable[..., Any]] | None = None) -> None:
        self.variables, self.specials, self.budget = variables, specials, budget
        self.functions = functions or FUNCTIONS

    def lookup(self, name: str) -> Any:
        if name in self.variables:
            return self.variables[name]
        if name in self.specials:
            return self.specials[name]
        raise ExpressionEvalError(f"Cannot resolve identifier '{name}'")


def evaluate(tree: tuple, scope: Scope) -> Any:
    scope.budget.step()
    kind = tree[0]
    if kind == "lit":
        return tree[1]
    if kind == "var":
        return scope.lookup(tree[1])
    if kind == "bin":
        op = tree[1]
        if op == "&&":
            return to_bool(evaluate(tree[2], scope)) and to_bool(evaluate(tree[3], scope))
        if op == "||":
            return to_bool(evaluate(tree[2], scope)) or to_bool(evaluate(tree[3], scope))
        a, b = evaluate(tree[2], scope), evaluate(tree[3], scope)
        if op in ("==", "!="):
            return _equal(a, b) == (op == "==")
        if op in ("<", ">", "<=", ">="):
            return _compare(op, a, b)
        return _arith(op, a, b)
    if kind == "unary":
        value = evaluate(tree[2], scope)
        if tree[1] == "!":
            return not to_bool(value)
        if tree[1] == "empty":
            return _is_empty(value)
        return -to_number(value)
    if kind == "cond":
        return evaluate(tree[2] if to_bool(evaluate(tree[1], scope)) else tree[3], scope)
    if kind == "prop":
        return get_property(evaluate(tree[1], scope), evaluate(tree[2], scope))
    if kind == "method":
        base = evaluate(tree[1], scope)
        return call_method(base, tree[2], [evaluate(a, scope) for a in tree[3]])
    if kind == "call":
        function = scope.functions.get(tree[1])
        if function is None:
            raise ExpressionEvalError(f"unknown function '{tree[1]}'")
        return function(*[evaluate(a, scope) for a in tree[2]])
    if kind == "list":
        return [evaluate(item, scope) for item in tree[1]]
    raise AssertionError(kind)


def evaluate_template(text: str, scope: Scope) -> Any:
    """`${x}` alone gives x's value as it is; composite text gives text (null parts are empty)."""
    parts = split_template(text.strip())
    if len(parts) == 1 and isinstance(parts[0], tuple):
        return evaluate(parse(parts[0][0]), scope)
    pieces = [p if isinstance(p, str) else to_text(evaluate(parse(p[0]), scope)) for p in parts]
    return guarded(guards.sb_concat, *pieces)
