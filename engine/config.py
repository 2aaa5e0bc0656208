"""Engine settings, read from PRESSDESK_* environment variables (documented in the README)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    try:
        return int(raw) if raw else default
    except ValueError as exc:  # a typo in the environment should stop start-up with a clear line
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from exc


@dataclass
class Settings:
    database_url: str = field(
        default_factory=lambda: os.environ.get(
            "PRESSDESK_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'pressdesk.db'}"
        )
    )
    # Largest BPMN/DMN/form file accepted at deploy, checked before any parser sees it.
    max_model_bytes: int = field(default_factory=lambda: _int("PRESSDESK_MAX_MODEL_BYTES", 5 * 1024 * 1024))
    # How many parsed process versions stay in memory.
    spec_cache_size: int = field(default_factory=lambda: _int("PRESSDESK_SPEC_CACHE_SIZE", 256))
    # How long a change waits for another change of the same instance before giving up (conflict).
    lock_timeout_ms: int = field(default_factory=lambda: _int("PRESSDESK_LOCK_TIMEOUT_MS", 5000))
    # Sandbox budget per expression or script.
    script_time_limit_ms: int = field(default_factory=lambda: _int("PRESSDESK_SCRIPT_TIME_LIMIT_MS", 1000))
    secret_key: str = field(default_factory=lambda: os.environ.get("PRESSDESK_SECRET_KEY", "dev-only-secret"))
