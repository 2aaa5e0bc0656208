"""Task data after a script: what SpiffWorkflow removes, plus keeping the rest JSON-ready.

TaskDataEnvironment removes functions, modules and injected names after a script. We do the same, and
convert what JSON cannot hold but has an obvious text form (dates, datetimes, times, timedeltas; tuples
and sets become lists). Anything else refuses the script with the variable's name, instead of failing
later, far from the script, when the instance is saved.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import time as dtime
from types import ModuleType
from typing import Any

from ..clock import LOCAL_TZ
from .guards import MAX_ITEMS, SandboxViolation, ScriptResourceLimit
from .helpers import iso_duration

MAX_DATA_VALUES = MAX_ITEMS  # values in one task's data; also bounds the walk below


_SCALARS = frozenset({str, int, float, bool, type(None)})
_Path = str | tuple  # (parent path, key): formatted only when an error names it


def _path_text(path: _Path) -> str:
    if isinstance(path, str):
        return path
    parent, key = path
    return f"{_path_text(parent)}[{key!r}]"


class _Jsonifier:
    """Turns values into plain JSON data, visiting at most MAX_DATA_VALUES values."""

    def __init__(self) -> None:
        self.left = MAX_DATA_VALUES

    def _count(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise ScriptResourceLimit(f"task data holds more than {MAX_DATA_VALUES:,} values")

    def value(self, value: Any, path: _Path, depth: int = 0) -> Any:
        """`value` as JSON data; the same object when nothing had to change."""
        if type(value) in _SCALARS or isinstance(value, (str, int, float)):
            return value
        if depth > 64:
            where = _path_text(path)
            raise SandboxViolation(f"task data '{where}' is nested too deeply (or refers to itself)")
        if isinstance(value, datetime):
            return (value if value.tzinfo else value.replace(tzinfo=LOCAL_TZ)).isoformat()
        if isinstance(value, (date, dtime)):
            return value.isoformat()
        if isinstance(value, timedelta):
            return iso_duration(value)
        if isinstance(value, list):
            return self._list(value, path, depth)
        if isinstance(value, (tuple, set, frozenset)):
            return self._list(list(value), path, depth)
        if isinstance(value, dict):
            return self._dict(value, path, depth)
        raise SandboxViolation(
            f"variable '{_path_text(path)}' holds a {type(value).__name__} value, which task data cannot "
            f"store; convert it (e.g. list(...), str(...)) or remove it with 'del'"
        )

    def _list(self, value: list, path: _Path, depth: int) -> list:
        self._count(len(value))
        out = None
        for i, item in enumerate(value):
            if type(item) in _SCALARS:
                continue
            new = self.value(item, (path, i), depth + 1)
            if new is not item:
                if out is None:
                    out = list(value)
                out[i] = new
        return value if out is None else out

    def _dict(self, value: dict, path: _Path, depth: int) -> dict:
        self._count(len(value))
        out = None
        for k, v in value.items():
            key = k
            if type(k) not in _SCALARS:
                key = self.value(k, (path, "<key>"), depth + 1)
                if not isinstance(key, str):
                    where = _path_text(path)
                    raise SandboxViolation(f"task data '{where}' has a key of type {type(k).__name__}")
            new = v if type(v) in _SCALARS else self.value(v, (path, k), depth + 1)
            if out is None and (key is not k or new is not v):
                out = {}
                for k2, v2 in value.items():  # copy what came before unchanged
                    if k2 is k:
                        break
                    out[k2] = v2
            if out is not None:
                out[key] = new
        return value if out is None else out


def make_jsonable(data: dict, drop_unstorable: bool = False) -> None:
    """Convert task data in place to JSON-ready values (see the module docstring).

    A value that cannot be converted raises SandboxViolation, or is removed with drop_unstorable.
    """
    walker = _Jsonifier()
    walker._count(len(data))
    for key in list(data):
        value = data[key]
        if type(value) in _SCALARS:
            continue
        before = walker.left
        try:
            new = walker.value(value, key)
        except SandboxViolation:
            if not drop_unstorable:
                raise
            walker.left = before  # the dropped value no longer counts
            del data[key]
            continue
        if new is not value:
            data[key] = new


def remove_leftovers(context: dict, external_context: dict) -> None:
    """What TaskDataEnvironment removes after a script: builtins, functions, modules, external names."""
    for key in list(context):
        value = context[key]
        if key == "__builtins__" or key.startswith("__sb_") or key in external_context \
                or callable(value) or isinstance(value, ModuleType):
            del context[key]
