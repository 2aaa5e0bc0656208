"""Static checks and the guarding AST transform for sandboxed expressions and scripts.

Everything here works on source text alone, so the same checks run at deploy time (to report problems
to the analyst with line numbers) and, through the compile cache, before every evaluation.
"""
from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from types import CodeType

from .. import timeparse
from .guards import AMPLIFYING_METHODS, MAX_CHARS, SandboxViolation

SANDBOX_FILENAME = "<pressdesk-sandbox>"

# Refused as calls so the analyst gets a clear message; none of them exists in the sandbox's builtins
# either, so building the call indirectly only ends in a NameError.
FORBIDDEN_CALLS = frozenset({
    "__import__", "open", "eval", "exec", "compile", "globals", "locals", "vars", "getattr", "setattr",
    "delattr", "hasattr", "dir", "input", "breakpoint", "help", "exit", "quit", "memoryview", "type",
    "object", "super", "classmethod", "staticmethod", "property", "id", "bytes", "bytearray", "format",
    "iter", "next", "aiter", "anext",
})  # print() is allowed: it writes to the instance log (output.py)
# The only exception classes a handler may name. None of them catches the sandbox's own signals (time
# budget, size refusals: BaseExceptions) nor RecursionError/MemoryError, which can be raised inside the
# trace hook and switch tracing off: a script must never survive those and keep running untraced.
ALLOWED_EXCEPTIONS = frozenset({
    "ArithmeticError", "LookupError", "ValueError", "TypeError", "KeyError", "IndexError",
    "ZeroDivisionError",
})
# str.format can reach attributes through "{0.__class__}"; the prefixes reach frames and code objects.
DENIED_ATTRIBUTES = frozenset({"format", "format_map", "mro"})
DENIED_ATTRIBUTE_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_")

_GUARDED_OPS: dict[type, str] = {ast.Add: "+", ast.Mult: "*", ast.Pow: "**", ast.LShift: "<<", ast.Mod: "%"}
_BINOP_GUARD = {"+": "__sb_add", "*": "__sb_mul", "**": "__sb_pow", "<<": "__sb_lshift", "%": "__sb_mod"}


@dataclass(frozen=True)
class Compiled:
    code: CodeType
    traced: bool  # a script, or an expression with loops/functions: runs under the time/memory budget


def _refusing(message: str):
    def visit(self: _Checker, node: ast.AST) -> None:
        self._add(node, message)
        self.generic_visit(node)
    return visit


class _Checker(ast.NodeVisitor):
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.traced = False

    def _add(self, node: ast.AST, message: str) -> None:
        self.problems.append(f"line {getattr(node, 'lineno', 1)}: {message}")

    def _name(self, node: ast.AST, name: str | None, what: str = "name") -> None:
        if name and name.startswith("__"):
            self._add(node, f"{what} '{name}' is not allowed (names starting with '__' are reserved)")

    visit_Import = visit_ImportFrom = _refusing("import is not allowed")
    visit_Global = visit_Nonlocal = _refusing("global/nonlocal is not allowed")
    visit_ClassDef = _refusing("class definitions are not allowed")
    visit_AsyncFunctionDef = visit_Await = visit_AsyncFor = visit_AsyncWith = _refusing(
        "async code is not allowed")
    visit_Yield = visit_YieldFrom = _refusing("yield is not allowed")
    visit_With = _refusing("with statements are not allowed")
    visit_Match = _refusing("match statements are not allowed")

    def visit_Name(self, node: ast.Name) -> None:
        self._name(node, node.id)

    def visit_arg(self, node: ast.arg) -> None:
        self._name(node, node.arg, "argument")

    def visit_keyword(self, node: ast.keyword) -> None:
        self._name(node, node.arg, "keyword")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        if attr.startswith(DENIED_ATTRIBUTE_PREFIXES) or attr in DENIED_ATTRIBUTES:
            hint = " (use an f-string instead)" if attr in ("format", "format_map") else ""
            self._add(node, f"attribute '.{attr}' is not allowed{hint}")
        elif not isinstance(node.ctx, ast.Load):
            # Task data is dicts and lists; the only objects with settable attributes are shared ones
            # (helper functions), which one script must not change for the next.
            self._add(node, f"assigning or deleting attribute '.{attr}' is not allowed")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in FORBIDDEN_CALLS:
            self._add(node, f"calling {node.func.id}() is not allowed")
            for child in (*node.args, *node.keywords):  # the name itself needs no second message
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.traced = True
        self._name(node, node.name, "function name")
        if node.decorator_list:
            self._add(node, "decorators are not allowed")
        self.generic_visit(node)

    def _loop(self, node: ast.AST) -> None:
        self.traced = True
        self.generic_visit(node)

    visit_Lambda = visit_While = visit_For = _loop
    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _loop

    def visit_Try(self, node: ast.Try) -> None:
        # The time budget stops a script by raising once; finally blocks and catch-all handlers could
        # outlive it, so only named, ordinary exceptions may be handled.
        if node.finalbody:
            self._add(node, "try/finally is not allowed")
        for handler in node.handlers:
            kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
            if handler.type is None:
                self._add(handler, "a bare 'except:' is not allowed; name the error (except ValueError:)")
            elif not all(isinstance(k, ast.Name) and k.id in ALLOWED_EXCEPTIONS for k in kinds):
                allowed = ", ".join(sorted(ALLOWED_EXCEPTIONS))
                self._add(handler, f"'except' may only name these errors: {allowed}")
            self._name(handler, handler.name)
        self.generic_visit(node)

    visit_TryStar = visit_Try

    def visit_FormattedValue(self, node: ast.FormattedValue) -> None:
        spec = node.format_spec
        if spec is not None:
            if any(not isinstance(v, ast.Constant) for v in spec.values):
                self._add(node, "f-string format specifications must be constant")
            else:
                text = "".join(str(v.value) for v in spec.values)
                if any(int(n) > MAX_CHARS for n in re.findall(r"\d+", text)):
                    self._add(node, f"f-string width or precision above {MAX_CHARS:,}")
        self.visit(node.value)


def _call(name: str, args: list[ast.expr], keywords: list[ast.keyword] | None = None) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=args, keywords=keywords or [])


class _Guard(ast.NodeTransformer):
    """Routes size-amplifying operations through engine.scripting.guards."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        op = _GUARDED_OPS.get(type(node.op))
        if op is None:
            return node
        return ast.copy_location(_call(_BINOP_GUARD[op], [node.left, node.right]), node)

    def visit_AugAssign(self, node: ast.AugAssign) -> ast.stmt:
        self.generic_visit(node)
        op = _GUARDED_OPS.get(type(node.op))
        if op is None:
            return node
        target, opc = node.target, ast.Constant(op)
        if isinstance(target, ast.Name):
            value = _call("__sb_aug", [opc, ast.Name(id=target.id, ctx=ast.Load()), node.value])
            new: ast.stmt = ast.Assign(targets=[ast.Name(id=target.id, ctx=ast.Store())], value=value)
        elif isinstance(target, ast.Subscript):
            key = target.slice
            if isinstance(key, ast.Slice):
                parts = [key.lower, key.upper, key.step]
                key = _call("__sb_slice", [p if p is not None else ast.Constant(None) for p in parts])
            new = ast.Expr(_call("__sb_aug_item", [target.value, key, opc, node.value]))
        else:  # attribute targets were refused by the checker
            raise TypeError("unsupported augmented assignment target")
        return ast.copy_location(new, node)

    def visit_While(self, node: ast.While) -> ast.While:
        self.generic_visit(node)
        # `while True: pass` compiles to a jump onto itself, which raises no trace event in 3.11; a name
        # load at the top of the body gives every iteration an instruction the time budget can see.
        tick = ast.copy_location(ast.Expr(ast.Name(id="__sb_tick", ctx=ast.Load())), node)
        node.body.insert(0, tick)
        return node

    def visit_Call(self, node: ast.Call) -> ast.expr:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in AMPLIFYING_METHODS:
            func.value = self.visit(func.value)
            node.args = [self.visit(a) for a in node.args]
            node.keywords = [self.visit(k) for k in node.keywords]
            node = self._unpack_args(node)
            args = [func.value, ast.Constant(func.attr), *node.args]
            return ast.copy_location(_call("__sb_method", args, node.keywords), node)
        self.generic_visit(node)
        return self._unpack_args(node)

    def visit_Attribute(self, node: ast.Attribute) -> ast.expr:
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load) and node.attr in AMPLIFYING_METHODS:
            # The method as a value (map(str.ljust, ...)) stays guarded when it is called later.
            return ast.copy_location(_call("__sb_bound", [node.value, ast.Constant(node.attr)]), node)
        return node

    @staticmethod
    def _pieces(elts: list[ast.expr]) -> list[ast.expr] | None:
        """Elements of a display as sb_unpack pieces, when two or more are *starred (else None)."""
        if sum(isinstance(e, ast.Starred) for e in elts) < 2:
            return None
        pieces: list[ast.expr] = []
        run: list[ast.expr] = []
        for e in elts:
            if isinstance(e, ast.Starred):
                if run:
                    pieces.append(ast.Tuple(elts=run, ctx=ast.Load()))
                    run = []
                pieces.append(e.value)
            else:
                run.append(e)
        if run:
            pieces.append(ast.Tuple(elts=run, ctx=ast.Load()))
        return pieces

    def _unpack_args(self, node: ast.Call) -> ast.Call:
        pieces = self._pieces(node.args)
        if pieces is not None:
            unpacked = _call("__sb_unpack", [ast.Constant("tuple"), *pieces])
            node.args = [ast.Starred(value=unpacked, ctx=ast.Load())]
        return node

    def _display(self, node: ast.List | ast.Tuple | ast.Set, kind: str) -> ast.expr:
        self.generic_visit(node)
        if not isinstance(getattr(node, "ctx", ast.Load()), ast.Load):
            return node  # an assignment target such as `first, *rest = x`
        pieces = self._pieces(node.elts)
        if pieces is None:
            return node
        return ast.copy_location(_call("__sb_unpack", [ast.Constant(kind), *pieces]), node)

    def visit_List(self, node: ast.List) -> ast.expr:
        return self._display(node, "list")

    def visit_Tuple(self, node: ast.Tuple) -> ast.expr:
        return self._display(node, "tuple")

    def visit_Set(self, node: ast.Set) -> ast.expr:
        return self._display(node, "set")

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.expr:
        for value in node.values:
            if isinstance(value, ast.FormattedValue):
                value.value = self.visit(value.value)
        if len(node.values) < 2:
            return node
        parts: list[ast.expr] = [
            ast.JoinedStr(values=[v]) if isinstance(v, ast.FormattedValue) else v for v in node.values
        ]
        return ast.copy_location(_call("__sb_concat", parts), node)


def _prepare(source: str, mode: str) -> str:
    # BPMN text often carries the XML indentation; eval() itself strips leading blanks.
    return source.strip() if mode == "eval" else textwrap.dedent(source)


@lru_cache(maxsize=4096)
def _compile(source: str, mode: str) -> Compiled | tuple[str, ...]:
    """Compiled code, or the problems found; cached because the same text is evaluated many times."""
    text = _prepare(source, mode)
    try:
        tree = ast.parse(text, filename=SANDBOX_FILENAME, mode=mode)
    except SyntaxError as exc:
        return (f"line {exc.lineno or 1}: syntax error: {exc.msg}",)
    except (ValueError, RecursionError, MemoryError) as exc:
        return (f"line 1: cannot parse: {exc.__class__.__name__}",)
    checker = _Checker()
    try:
        checker.visit(tree)
    except RecursionError:
        return ("line 1: nested too deeply",)
    if checker.problems:
        return tuple(checker.problems)
    try:
        tree = ast.fix_missing_locations(_Guard().visit(tree))
        # Scripts always run under the budget (straight-line code can grow data line by line too); loop-free
        # expressions are bounded by their guarded operations and skip the trace hook.
        return Compiled(compile(tree, SANDBOX_FILENAME, mode), checker.traced or mode == "exec")
    except SyntaxError as exc:  # e.g. 'return' outside function, found by the compiler
        return (f"line {exc.lineno or 1}: syntax error: {exc.msg}",)
    except (TypeError, ValueError, RecursionError, MemoryError) as exc:
        return (f"line 1: cannot compile: {exc.__class__.__name__}",)


def compile_checked(source: str, mode: str) -> Compiled:
    """Compiled, guarded code for `source` ('eval' or 'exec'), or SandboxViolation listing problems."""
    result = _compile(source, mode)
    if isinstance(result, Compiled):
        return result
    kind = "expression" if mode == "eval" else "script"
    line = int(m.group(1)) if (m := re.match(r"line (\d+)", result[0])) else None
    raise SandboxViolation(f"{kind} refused: " + "; ".join(result), list(result), line)


def check_expression(src: str) -> list[str]:
    """Problems of an expression (gateway condition, DMN entry, timer, ...); empty when it is fine."""
    result = _compile(src, "eval")
    return [] if isinstance(result, Compiled) else list(result)


def check_script(src: str) -> list[str]:
    """Problems of a script task's script; empty when it is fine."""
    result = _compile(src, "exec")
    return [] if isinstance(result, Compiled) else list(result)


def is_iso_timer_literal(text: str) -> bool:
    """True for a bare ISO 8601 date-time, duration or repeating interval, as Camunda writes them."""
    return timeparse.is_timer_literal(text)


def check_timer_expression(src: str) -> list[str]:
    """Timer definitions take a bare ISO 8601 value (`P2D`) or an expression giving one."""
    return [] if is_iso_timer_literal(src) else check_expression(src)


def check_dmn_input_entry(src: str) -> list[str]:
    """A DMN input entry as SpiffWorkflow reads it: '?' stands for the input, a leading operator
    (`> 5`) compares with it, anything else is compared with ==."""
    text = src.strip()
    if not text or text == "-":
        return []
    if re.search(r"""(\?)(?=(?:[^'"]|['"][^'"]*['"])*$)""", text):
        return check_expression(re.sub(r"""(\?)(?=(?:[^'"]|['"][^'"]*['"])*$)""", "dmninputexpr", text))
    problems = check_expression(text)
    if problems and all("syntax error" in p for p in problems):
        return check_expression(f"dmninputexpr {text}")
    return problems
