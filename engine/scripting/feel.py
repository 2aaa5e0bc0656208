"""FEEL (DMN's Friendly Enough Expression Language) as Camunda 8 and DMN tables write it, interpreted.

`=approved`, `x > 5 and y = "a"`, `count(items) > 0`, `[1..5]`, `x in (1, 2)`, `if a then b else c`,
`for i in items return i * 2`, `some x in xs satisfies x > 3`, `items[price > 10]`, `{a: 1}.a`,
`date("2026-01-05") + duration("P2D")`, and the unary tests of DMN input entries (`> 5`, `"a","b"`, `-`,
`not("x")`, `[1..10)`). Parsed by a Pratt parser into tuples and run by feel_eval.py. Numbers are
decimals of 34 digits as the DMN standard says, so no arithmetic can build a huge number.
"""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from .exprbase import ExpressionSyntaxError, Token, TokenStream, tokenize
from .feel_functions import FUNCTIONS, MULTI_WORD, REFUSED_FUNCTIONS

LANGUAGE = "FEEL"
_SPEC = (
    ("skip", r"\s+|//[^\n]*|/\*.*?\*/"),
    ("num", r"\d+(?:\.\d+)?|\.\d+"),
    ("str", r"\"(?:[^\"\\]|\\.)*\""),
    ("temporal", r"@\"(?:[^\"\\]|\\.)*\""),
    ("name", r"[A-Za-z_?][\w?]*"),
    ("op", r"\.\.|<=|>=|!=|\*\*|[-+*/=<>()\[\]{},.:]"),
)
_COMPARE = ("=", "!=", "<", "<=", ">", ">=")
_INFIX = {"or": 10, "and": 20, **dict.fromkeys(_COMPARE, 30), "between": 30, "in": 30, "+": 40, "-": 40,
          "*": 50, "/": 50, "**": 60}
_KEYWORDS = frozenset({"and", "or", "true", "false", "null", "if", "then", "else", "for", "in", "return",
                       "some", "every", "satisfies", "between", "instance", "function"})
_LITERALS = {"true": True, "false": False, "null": None}
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'"}


def _unquote(raw: str) -> str:
    body, out, i = raw[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if c == "\\" and i + 1 < len(body):
            i += 1
            c = _ESCAPES.get(body[i], body[i])
        out.append(c)
        i += 1
    return "".join(out)


def _tokens(text: str) -> list[Token]:
    raw = tokenize(text, _SPEC, LANGUAGE)
    out, i = [], 0
    while i < len(raw):
        token = raw[i]
        if token.kind == "name":  # multi-word names: `string length`, `date and time`, ...
            for n in (4, 3, 2):
                words = raw[i:i + n]
                if len(words) == n and all(w.kind == "name" for w in words):
                    joined = " ".join(w.value for w in words)
                    if joined in MULTI_WORD:
                        token = Token("name", joined, token.pos)
                        i += n - 1
                        break
        out.append(token)
        i += 1
    return out


class _Parser:
    def __init__(self, text: str) -> None:
        self.ts = TokenStream(_tokens(text), LANGUAGE)

    def expression(self, min_bp: int = 0) -> tuple:
        ts = self.ts
        ts.enter()
        left = self.postfix(self.prefix())
        while True:
            token = ts.peek
            if token.kind == "name" and token.value == "instance":
                raise ExpressionSyntaxError("FEEL: 'instance of' is not supported", token.pos)
            bp = _INFIX.get(token.value) if token.kind in ("op", "name") else None
            if bp is None or bp <= min_bp:
                break
            ts.next()
            if token.value == "between":
                low = self.expression(30)
                ts.expect("and")
                left = ("between", left, low, self.expression(30))
            elif token.value == "in":
                left = ("in", left, self.tests_after_in())
            else:
                left = ("bin", token.value, left, self.expression(bp), token.pos)
        ts.leave()
        return left

    def tests_after_in(self) -> list[tuple]:
        ts = self.ts
        if ts.at("(") and not self._range_ahead():
            ts.next()
            tests = [self.unary_test()]
            while ts.accept(","):
                tests.append(self.unary_test())
            ts.expect(")")
            return tests
        return [self.unary_test(bp=30)]

    def _range_ahead(self) -> bool:
        # `(1..5]` is a range; `(1, 2)` / `(> 5)` are tests. Look for `..` before the closing bracket.
        depth, j = 0, self.ts.i
        while j < len(self.ts.tokens):
            t = self.ts.tokens[j]
            if t.value in ("(", "[", "{") and t.kind == "op":
                depth += 1
            elif t.value in (")", "]", "}") and t.kind == "op":
                depth -= 1
                if depth <= 0:
                    return False
            elif t.value == ".." and depth == 1:
                return True
            elif t.value == "," and depth == 1:
                return False
            j += 1
        return False

    def unary_test(self, bp: int = 0) -> tuple:
        ts = self.ts
        if ts.peek.kind == "op" and ts.peek.value in _COMPARE:
            op = ts.next().value
            return ("utest", op, self.expression(30))
        return ("expr", self.expression(bp))

    def prefix(self) -> tuple:
        ts = self.ts
        token = ts.next()
        kind, value = token.kind, token.value
        if kind == "num":
            return ("lit", Decimal(value))
        if kind == "str":
            return ("lit", _unquote(value))
        if kind == "temporal":
            return ("temporal", _unquote(value[1:]), token.pos)
        if kind == "name":
            if value in _LITERALS:
                return ("lit", _LITERALS[value])
            if value == "if":
                cond = self.expression()
                ts.expect("then")
                yes = self.expression()
                ts.expect("else")
                return ("if", cond, yes, self.expression())
            if value in ("for", "some", "every"):
                return self.iteration(value)
            if value == "function":
                raise ExpressionSyntaxError("FEEL: function definitions are not supported", token.pos)
            if value in _KEYWORDS:
                ts.fail("expected a value", token)
            return ("var", value, token.pos)
        if value in ("[", "(", "]"):
            return self.bracket(token)
        if value == "{":
            return self.context()
        if value == "-":
            return ("neg", self.expression(70))
        ts.fail("expected a value, a name or '('", token)
        raise AssertionError

    def bracket(self, token: Token) -> tuple:
        ts = self.ts
        if token.value == "[" and ts.accept("]"):
            return ("list", [])
        first = self.expression()
        if ts.accept(".."):
            last = self.expression()
            close = ts.next()
            if close.value not in ("]", ")", "["):
                ts.fail("expected ']', ')' or '[' to close the range", close)
            return ("range", first, last, token.value == "[", close.value == "]")
        if token.value == "(":
            ts.expect(")")
            return first
        if token.value == "]":
            ts.fail("expected '..' in a range", ts.peek)
        items = [first]
        while ts.accept(","):
            items.append(self.expression())
        ts.expect("]")
        return ("list", items)

    def context(self) -> tuple:
        ts, entries = self.ts, []
        if ts.accept("}"):
            return ("context", entries)
        while True:
            key = ts.next()
            if key.kind not in ("name", "str"):
                ts.fail("expected a key", key)
            ts.expect(":")
            entries.append((key.value if key.kind == "name" else _unquote(key.value), self.expression()))
            if not ts.accept(","):
                break
        ts.expect("}")
        return ("context", entries)

    def iteration(self, word: str) -> tuple:
        ts, bindings = self.ts, []
        while True:
            name = ts.next()
            if name.kind != "name" or name.value in _KEYWORDS:
                ts.fail("expected a variable name", name)
            ts.expect("in")
            source = self.expression(30)
            if ts.accept(".."):
                source = ("range", source, self.expression(30), True, True)
            bindings.append((name.value, source))
            if not ts.accept(","):
                break
        ts.expect("return" if word == "for" else "satisfies")
        return (word, bindings, self.expression())

    def postfix(self, left: tuple) -> tuple:
        ts = self.ts
        while ts.peek.kind == "op" and ts.peek.value in (".", "[", "("):
            token = ts.next()
            if token.value == ".":
                name = ts.next()
                if name.kind != "name":
                    ts.fail("expected a name after '.'", name)
                left = ("path", left, name.value)
            elif token.value == "[":
                left = ("filter", left, self.expression())
                ts.expect("]")
            else:
                left = self.call(left, token)
        return left

    def call(self, left: tuple, token: Token) -> tuple:
        ts = self.ts
        if left[0] != "var":
            ts.fail("only named functions can be called", token)
        name, pos = left[1], left[2]
        if name in REFUSED_FUNCTIONS:
            raise ExpressionSyntaxError(f"FEEL: {name}() is not supported: {REFUSED_FUNCTIONS[name]}", pos)
        if name not in FUNCTIONS:
            raise ExpressionSyntaxError(f"FEEL: unknown function '{name}'", pos)
        args: list[tuple] = []
        named: list[tuple[str, tuple]] = []
        if not ts.accept(")"):
            while True:
                if ts.peek.kind == "name" and ts.ahead().value == ":":
                    key = ts.next().value
                    ts.next()
                    named.append((key, self.expression()))
                else:
                    args.append(self.expression())
                if not ts.accept(","):
                    break
            ts.expect(")")
        return ("call", name, args, named, pos)

    def finish(self, tree: tuple) -> tuple:
        if self.ts.peek.kind != "end":
            self.ts.fail("expected an operator or the end of the expression")
        return tree


@lru_cache(maxsize=2048)
def parse(text: str) -> tuple:
    """The tree of a FEEL expression; ExpressionSyntaxError with the offset in `text`."""
    parser = _Parser(text)
    if parser.ts.peek.kind == "end":
        raise ExpressionSyntaxError("FEEL syntax error: the expression is empty", 0)
    return parser.finish(parser.expression())


@lru_cache(maxsize=2048)
def parse_unary_tests(text: str) -> tuple:
    """The tests of a DMN input entry: ("any",), ("not", tests) or ("tests", [test, ...])."""
    if text.strip() == "-":
        return ("any",)
    parser = _Parser(text)
    ts = parser.ts
    if ts.peek.kind == "end":
        return ("any",)
    negate = ts.at("not") and ts.ahead().value == "("
    if negate:
        ts.next()
        ts.next()
    tests = [parser.unary_test()]
    while ts.accept(","):
        tests.append(parser.unary_test())
    if negate:
        ts.expect(")")
    parser.finish(("tests", tests))
    return ("not", tests) if negate else ("tests", tests)
