"""pressdesk's workflow engine: a library with a small facade (see process_engine.ProcessEngine).

No web framework is imported anywhere in this package. Names are resolved lazily so that light modules
(models, migrations, the clock) can be imported without building the whole engine.
"""
from importlib import import_module

_EXPORTS = {
    "Actor": "engine.identity", "SYSTEM": "engine.identity", "Clock": "engine.clock",
    "ManualClock": "engine.clock", "ProcessEngine": "engine.process_engine",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")
