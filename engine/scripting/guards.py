"""Size guards for sandboxed code, and the exceptions the sandbox raises.

A single C-level operation such as `'x' * 10**10` allocates gigabytes before any Python-level check could
stop it, so the sandbox's AST transform routes the operators that can amplify sizes (`+ * ** << %`,
augmented assignments, f-strings and a few str/bytes methods) through the functions below, which
estimate the result size from the operands and refuse before allocating. Every large result (64 KB and
up) is also charged against the evaluation's memory budget, so one line cannot stack up many values that
are each below the per-operation limits. Loops are bounded separately by the time and memory budget in
sandbox.py.
"""
from __future__ import annotations

import itertools
import operator
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

from ..errors import ScriptError

MAX_ITEMS = 1_000_000  # elements in one list/tuple built by an operator, items in one range
MAX_CHARS = 10_000_000  # characters/bytes in one string built by an operator or a padding method
MAX_INT_BITS = 100_000  # ~30,000 decimal digits; far beyond any business number

_SEQ = (list, tuple)
_TEXT = (str, bytes)
_NESTED = (list, tuple, str, bytes, dict, set, frozenset)


class SandboxViolation(ScriptError):
    """An expression or script was refused by the sandbox (statically or while running)."""

    code = "script_refused"

    def __init__(self, message: str, problems: list[str] | None = None, line: int | None = None) -> None:
        super().__init__(message, [{"message": p} for p in (problems or [message])])
        self.problems = problems or [message]
        self.line = line


class ScriptTimeout(SandboxViolation):
    """The evaluation used up its time budget."""

    code = "script_timeout"


class ScriptResourceLimit(SandboxViolation):
    """The evaluation would have built a value (or used memory) beyond the sandbox limits."""

    code = "script_resource_limit"


class Refused(BaseException):
    """Raised inside sandboxed code. A BaseException so `except Exception` in a script cannot hide it;
    the sandbox turns it into ScriptResourceLimit at the boundary."""


def _refuse(message: str) -> None:
    raise Refused(message)


_CHARGE_FROM = 1 << 16  # results smaller than this are never counted (keeps the common path cheap)
_charges = threading.local()  # bytes the running evaluation may still build; unset outside the sandbox


def set_allowance(nbytes: int | None) -> None:
    """Start (or with None, end) counting large results of the evaluation running in this thread."""
    _charges.left = nbytes


def _charge(nbytes: int) -> None:
    if nbytes < _CHARGE_FROM:
        return
    left = getattr(_charges, "left", None)
    if left is None:
        return
    left -= nbytes
    _charges.left = left
    if left < 0:
        _refuse("the values built by this evaluation exceed its memory limit")


def _check_seq_repeat(seq: Any, times: int) -> None:
    if times <= 1:
        return
    if isinstance(seq, _TEXT):
        if len(seq) * times > MAX_CHARS:
            _refuse(f"repeating a text of {len(seq)} characters {times} times exceeds {MAX_CHARS:,}")
        _charge(len(seq) * times)
        return
    size = len(seq)
    if size * times > MAX_ITEMS:
        _refuse(f"repeating a sequence of {size} items {times} times exceeds {MAX_ITEMS:,} items")
    _charge(8 * size * times)
    # [[0] * 10**6] * 10**6 is small but aliases one big list a million times; printing or comparing it
    # would then run forever in C, so count one level of nested sizes as well.
    inner = 0
    for item in seq:
        if isinstance(item, _NESTED):
            inner += len(item)
    if inner * times > MAX_CHARS:
        _refuse(f"repeating nested values {times} times would reference {inner * times:,} elements")


def _check_int_bits(bits: int, what: str) -> None:
    if bits > MAX_INT_BITS:
        _refuse(f"{what} would give an integer of about {bits:,} bits (limit {MAX_INT_BITS:,})")
    _charge(bits >> 3)


def sb_mul(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    if ta is float or tb is float:
        return a * b
    if isinstance(a, int) and isinstance(b, int):
        _check_int_bits(a.bit_length() + b.bit_length(), "multiplication")
    elif isinstance(b, int) and isinstance(a, _SEQ + _TEXT):
        _check_seq_repeat(a, b)
    elif isinstance(a, int) and isinstance(b, _SEQ + _TEXT):
        _check_seq_repeat(b, a)
    return a * b


def sb_pow(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int) and b > 1 and a not in (0, 1, -1):
        _check_int_bits(a.bit_length() * b, "power")
    return a**b


def sb_lshift(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int) and a and b > 0:
        _check_int_bits(a.bit_length() + b, "shift")
    return a << b


def sb_add(a: Any, b: Any) -> Any:
    if isinstance(a, _TEXT) and isinstance(b, _TEXT):
        if len(a) + len(b) > MAX_CHARS:
            _refuse(f"joining texts would exceed {MAX_CHARS:,} characters")
        _charge(len(a) + len(b))
    elif isinstance(a, _SEQ) and isinstance(b, _SEQ):
        if len(a) + len(b) > MAX_ITEMS:
            _refuse(f"joining sequences would exceed {MAX_ITEMS:,} items")
        _charge(8 * (len(a) + len(b)))
    return a + b


# printf-style conversion with optional mapping key, flags, width and precision.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_width(text: str) -> None:
    if text == "*":
        _refuse("'*' widths are not allowed in % formatting")
    if text and int(text) > MAX_CHARS:
        _refuse(f"a format width of {text} exceeds {MAX_CHARS:,} characters")


def sb_mod(a: Any, b: Any) -> Any:
    if isinstance(a, _TEXT):
        fmt = a if isinstance(a, str) else a.decode("latin-1")
        for match in _PERCENT.finditer(fmt):
            _check_width(match.group(1) or "")
            _check_width(match.group(2) or "")
        args = b if isinstance(b, tuple) else (b,)
        size = len(a) + sum(len(x) for x in args if isinstance(x, _TEXT))
        if size > MAX_CHARS:
            _refuse(f"formatting would exceed {MAX_CHARS:,} characters")
        _charge(size)
    return a % b


_INPLACE: dict[str, tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]] = {
    "+": (sb_add, operator.iadd),
    "*": (sb_mul, operator.imul),
    "**": (sb_pow, operator.ipow),
    "<<": (sb_lshift, operator.ilshift),
    "%": (sb_mod, operator.imod),
}


def sb_aug(op: str, current: Any, value: Any) -> Any:
    """`x op= value`: check like the binary operator, then apply in place (lists stay the same object)."""
    check, inplace = _INPLACE[op]
    if isinstance(current, (list, dict, set)):
        if op == "+" and isinstance(current, list) and isinstance(value, Iterable):
            if isinstance(value, _SEQ + _TEXT):
                if len(current) + len(value) > MAX_ITEMS:
                    _refuse(f"extending a list would exceed {MAX_ITEMS:,} items")
                _charge(8 * len(value))
        elif op == "*" and isinstance(value, int):
            _check_seq_repeat(current, value)
        return inplace(current, value)
    return check(current, value)


def sb_aug_item(container: Any, key: Any, op: str, value: Any) -> None:
    container[key] = sb_aug(op, container[key], value)


def sb_concat(*parts: str) -> str:
    """An f-string: its parts are formatted one by one, then joined only if the total is allowed."""
    size = sum(len(p) for p in parts)
    if size > MAX_CHARS:
        _refuse(f"an f-string would exceed {MAX_CHARS:,} characters")
    _charge(size)
    return "".join(parts)


_DISPLAYS: dict[str, type] = {"list": list, "tuple": tuple, "set": set}


def sb_unpack(kind: str, *pieces: Iterable[Any]) -> Any:
    """A display or call with several *starred parts ([*a, *a, *a]); each piece is an iterable."""
    size = sum(len(p) for p in pieces if isinstance(p, _NESTED))
    if size > MAX_ITEMS:
        _refuse(f"unpacking would build more than {MAX_ITEMS:,} items")
    _charge(8 * size)
    return _DISPLAYS[kind](itertools.chain(*pieces))


def _arg(args: tuple, kwargs: dict, index: int, name: str, default: Any = None) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _check_text_method(obj: str | bytes, name: str, args: tuple, kwargs: dict) -> tuple:
    """Refuses amplifying str/bytes method calls; returns args (join's iterable materialised)."""
    size = len(obj)
    if name in ("center", "ljust", "rjust", "zfill"):
        width = _arg(args, kwargs, 0, "width", 0)
        if isinstance(width, int) and width > MAX_CHARS:
            _refuse(f"{name}() to width {width} exceeds {MAX_CHARS:,} characters")
        _charge(width if isinstance(width, int) else 0)
    elif name == "expandtabs":
        tab = _arg(args, kwargs, 0, "tabsize", 8)
        tabs = obj.count("\t" if isinstance(obj, str) else b"\t")
        if isinstance(tab, int) and size + tabs * tab > MAX_CHARS:
            _refuse(f"expandtabs() would exceed {MAX_CHARS:,} characters")
    elif name == "replace" and len(args) >= 2 and isinstance(args[1], type(obj)):
        old, new = args[0], args[1]
        count = _arg(args, kwargs, 2, "count", -1)
        hits = obj.count(old) if old else size + 1
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        grown = size + hits * max(0, len(new) - len(old))
        if grown > MAX_CHARS:
            _refuse(f"replace() would exceed {MAX_CHARS:,} characters")
        _charge(grown)
    elif name == "join" and args:
        parts = list(args[0])
        if len(parts) > MAX_ITEMS:
            _refuse(f"join() of more than {MAX_ITEMS:,} parts")
        total = sum(len(p) for p in parts if isinstance(p, _TEXT)) + size * max(0, len(parts) - 1)
        if total > MAX_CHARS:
            _refuse(f"join() would exceed {MAX_CHARS:,} characters")
        _charge(total)
        args = (parts, *args[1:])
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, _TEXT)), default=1)
        if size * longest > MAX_CHARS:
            _refuse(f"translate() would exceed {MAX_CHARS:,} characters")
    return args


AMPLIFYING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "replace", "join",
                                "translate", "to_bytes", "extend"})


def sb_method(obj: Any, name: str, *args: Any, **kwargs: Any) -> Any:
    """obj.name(*args, **kwargs) for methods that can build huge values from small inputs."""
    if name not in AMPLIFYING_METHODS:  # only the transform names methods; never trust anything else
        _refuse(f"method '{name}' cannot be called this way")
    if isinstance(obj, type) and args and isinstance(args[0], obj):
        # Unbound form, str.join(sep, parts): check it as sep.join(parts).
        return sb_method(args[0], name, *args[1:], **kwargs)
    if isinstance(obj, _TEXT):
        args = _check_text_method(obj, name, args, kwargs)
    elif name == "to_bytes" and isinstance(obj, int):
        length = _arg(args, kwargs, 0, "length", 1)
        if isinstance(length, int) and length > MAX_CHARS:
            _refuse(f"to_bytes() of {length} bytes exceeds {MAX_CHARS:,}")
        _charge(length if isinstance(length, int) else 0)
    elif name == "extend" and isinstance(obj, list) and args and isinstance(args[0], _NESTED):
        if len(obj) + len(args[0]) > MAX_ITEMS:  # x.extend(x) doubles
            _refuse(f"extending a list would exceed {MAX_ITEMS:,} items")
        _charge(8 * len(args[0]))
    # `name` comes from the source and was checked statically (no underscore names).
    return getattr(obj, name)(*args, **kwargs)


def sb_bound(obj: Any, name: str) -> Callable[..., Any]:
    """`obj.name` used as a value (map(str.ljust, ...)): a callable that still goes through sb_method.

    A plain closure, not functools.partial: a partial's public `.func` would hand sb_method itself to
    the script."""
    getattr(obj, name)  # same AttributeError as plain Python when there is no such method

    def method(*args: Any, **kwargs: Any) -> Any:
        return sb_method(obj, name, *args, **kwargs)

    return method


def safe_range(*args: int) -> range:
    """range() limited to MAX_ITEMS values, so `sum(range(10**12))` cannot run for hours in C."""
    r = range(*args)
    try:
        size = len(r)
    except OverflowError:
        size = MAX_ITEMS + 1
    if size > MAX_ITEMS:
        _refuse(f"range() of more than {MAX_ITEMS:,} values")
    return r


def safe_sum(iterable: Iterable[Any], start: Any = 0) -> Any:
    """sum() of numbers only: summing lists or strings is quadratic and runs unchecked in C."""
    if not isinstance(start, (int, float)):
        _refuse("sum() only adds numbers; build lists with a comprehension or join() for text")
    return sum(iterable, start)
