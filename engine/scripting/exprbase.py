"""What the JUEL and FEEL interpreters share: positioned syntax errors, a tokenizer, the run budget.

Both languages are parsed into small tuples and interpreted by pressdesk code (never compiled to Python
nor handed to eval), so what an expression can reach is exactly what the interpreters implement. The
budget bounds parsing (text length, nesting) and evaluation (steps, wall clock); operations that can
build large values go through the sandbox's guards (engine/scripting/guards.py).
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import guards

MAX_SOURCE_CHARS = 10_000  # an expression in a model; scripts are where long code belongs
MAX_DEPTH = 60  # nesting of parentheses/operators; keeps the recursive parser and evaluator shallow
MAX_STEPS = 1_000_000  # interpreted nodes per evaluation
_CHECK_EVERY = 512  # steps between wall-clock checks


class ExpressionSyntaxError(ValueError):
    """A JUEL or FEEL text that cannot be parsed; `position` is the 0-based offset in the parsed text."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message, self.position = message, position


class ExpressionEvalError(ValueError):
    """A JUEL or FEEL expression failed while running (unknown variable, wrong type, ...)."""


def line_and_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a 0-based offset in `text`."""
    position = max(0, min(position, len(text)))
    line = text.count("\n", 0, position) + 1
    return line, position - (text.rfind("\n", 0, position) + 1) + 1


@dataclass(frozen=True)
class Token:
    kind: str  # "num", "str", "name", "op", "end"
    value: Any
    pos: int


def tokenize(text: str, spec: Iterable[tuple[str, str]], language: str) -> list[Token]:
    """Tokens of `text` by the (kind, regex) pairs in `spec`; kinds "skip" are dropped."""
    if len(text) > MAX_SOURCE_CHARS:
        raise ExpressionSyntaxError(f"{language} expression longer than {MAX_SOURCE_CHARS:,} characters", 0)
    pattern = re.compile("|".join(f"(?P<{kind}>{regex})" for kind, regex in spec), re.DOTALL)
    tokens, pos = [], 0
    while pos < len(text):
        match = pattern.match(text, pos)
        if match is None or match.end() == pos:
            char = text[pos]
            what = "unterminated text" if char in "'\"" else f"unexpected character {char!r}"
            raise ExpressionSyntaxError(f"{language} syntax error: {what}", pos)
        if match.lastgroup != "skip":
            tokens.append(Token(match.lastgroup or "", match.group(), pos))
        pos = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


class TokenStream:
    """Cursor over tokens with the helpers a Pratt parser needs; counts nesting depth."""

    def __init__(self, tokens: list[Token], language: str) -> None:
        self.tokens, self.i, self.depth, self.language = tokens, 0, 0, language

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def ahead(self, n: int = 1) -> Token:
        return self.tokens[min(self.i + n, len(self.tokens) - 1)]

    def next(self) -> Token:
        token = self.tokens[self.i]
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return token

    def at(self, *values: str) -> bool:
        return self.peek.kind in ("op", "name") and self.peek.value in values

    def accept(self, *values: str) -> Token | None:
        return self.next() if self.at(*values) else None

    def expect(self, value: str) -> Token:
        if not self.at(value):
            self.fail(f"expected '{value}'")
        return self.next()

    def fail(self, message: str, token: Token | None = None) -> None:
        token = token or self.peek
        found = "the end of the expression" if token.kind == "end" else repr(token.value)
        raise ExpressionSyntaxError(f"{self.language} syntax error: {message}, found {found}", token.pos)

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionSyntaxError(f"{self.language} expression nested more than {MAX_DEPTH} deep",
                                        self.peek.pos)

    def leave(self) -> None:
        self.depth -= 1


class Budget:
    """Steps and wall-clock time one evaluation may use."""

    def __init__(self, time_limit_s: float) -> None:
        self.deadline = time.perf_counter() + time_limit_s
        self.time_limit_s, self.steps = time_limit_s, 0

    def step(self) -> None:
        self.steps += 1
        if self.steps % _CHECK_EVERY == 0:
            if self.steps > MAX_STEPS:
                raise guards.ScriptResourceLimit(f"expression took more than {MAX_STEPS:,} steps")
            if time.perf_counter() > self.deadline:
                raise guards.ScriptTimeout(f"time limit of {self.time_limit_s * 1000:.0f} ms exceeded")


def guarded(operation: Callable[..., Any], *args: Any) -> Any:
    """Run a size guard of guards.py; its refusal becomes the sandbox's ScriptResourceLimit."""
    try:
        return operation(*args)
    except guards.Refused as exc:
        raise guards.ScriptResourceLimit(f"refused: {exc.args[0]}") from None


def check_size(items: int) -> None:
    if items > guards.MAX_ITEMS:
        raise guards.ScriptResourceLimit(f"refused: a list of more than {guards.MAX_ITEMS:,} items")


def number_text(value: Any) -> str:
    """Numbers as JUEL and FEEL print them: 5 not 5.0 when whole."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return str(value)
