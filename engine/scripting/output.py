"""`print()` in a BPMN script: what it writes goes to the instance log (its history), not to stdout.

The runtime opens a capture around each change (`capture()`); print() appends to it, bounded, and the
change records what was printed as one `script_output` history event. Outside a capture (deploy-time
checks, raw evaluation) print() only logs.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

log = logging.getLogger("pressdesk.scripts")
MAX_LINE_CHARS = 2_000
MAX_LINES = 200  # per change; the rest is counted, not kept

_sink: ContextVar[list[str] | None] = ContextVar("pressdesk_script_output", default=None)


class Output(list):
    """Lines printed during one change; `dropped` counts those over MAX_LINES."""

    dropped = 0


def script_print(*values: Any, sep: str = " ", end: str = "\n") -> None:
    """print() for sandboxed scripts: no file=, no flush=; each line is cut at MAX_LINE_CHARS."""
    if not isinstance(sep, str) or not isinstance(end, str):
        raise TypeError("print(): sep and end must be text")
    text = (sep.join(str(v)[:MAX_LINE_CHARS] for v in values[:100]) + end).rstrip("\n")[:MAX_LINE_CHARS]
    sink = _sink.get()
    if sink is None:
        log.info("script printed: %s", text)
    elif len(sink) < MAX_LINES:
        sink.append(text)
    else:
        sink.dropped += 1


@contextmanager
def capture() -> Iterator[Output]:
    """Collect what scripts print inside the block."""
    out = Output()
    token = _sink.set(out)
    try:
        yield out
    finally:
        _sink.reset(token)
