"""Engine settings, read from PRESSDESK_* environment variables (documented in the README)."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError as exc:
        raise SystemExit(f"{name} must be a number, got {raw!r}") from exc


def _str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name) or default


def _env(name: str, default: str | None = None):
    return field(default_factory=lambda: _str(name, default))


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
    # Sign-in (engine/security.py): failures of one user name / one client address within the window
    # before sign-in is locked for `signin_lockout_seconds`; the minimum password length.
    signin_max_failures: int = field(default_factory=lambda: _int("PRESSDESK_SIGNIN_MAX_FAILURES", 5))
    signin_address_max_failures: int = field(
        default_factory=lambda: _int("PRESSDESK_SIGNIN_ADDRESS_MAX_FAILURES", 20))
    signin_window_seconds: int = field(default_factory=lambda: _int("PRESSDESK_SIGNIN_WINDOW_SECONDS", 900))
    signin_lockout_seconds: int = field(default_factory=lambda: _int("PRESSDESK_SIGNIN_LOCKOUT_SECONDS", 900))
    password_min_length: int = field(default_factory=lambda: _int("PRESSDESK_PASSWORD_MIN_LENGTH", 10))
    # Resource limits (engine/limits.py): checked at deploy, and inside every change of an instance.
    max_process_elements: int = field(default_factory=lambda: _int("PRESSDESK_MAX_PROCESS_ELEMENTS", 2000))
    max_parallel_branches: int = field(default_factory=lambda: _int("PRESSDESK_MAX_PARALLEL_BRANCHES", 200))
    max_multi_instance: int = field(default_factory=lambda: _int("PRESSDESK_MAX_MULTI_INSTANCE", 1000))
    max_instance_tasks: int = field(default_factory=lambda: _int("PRESSDESK_MAX_INSTANCE_TASKS", 10000))
    max_instance_state_bytes: int = field(
        default_factory=lambda: _int("PRESSDESK_MAX_INSTANCE_STATE_BYTES", 8 * 1024 * 1024))

    # --- background work (engine/scheduler/, docs/operations.md) ------------------------------------
    # Redis URL of the Celery broker; unset = embedded mode (a dispatcher thread in `pressdesk serve`).
    broker_url: str | None = _env("PRESSDESK_BROKER_URL")
    queue: str = field(default_factory=lambda: _str("PRESSDESK_QUEUE", "pressdesk"))
    # How often beat (or the embedded thread) wakes the dispatcher, and how far ahead it claims.
    tick_seconds: float = field(default_factory=lambda: _float("PRESSDESK_TICK_SECONDS", 1.0))
    # A claimed timer or job not done within the lease returns to the pool (its worker died).
    lease_seconds: float = field(default_factory=lambda: _float("PRESSDESK_LEASE_SECONDS", 60.0))
    claim_batch: int = field(default_factory=lambda: _int("PRESSDESK_CLAIM_BATCH", 1000))
    max_in_flight: int = field(default_factory=lambda: _int("PRESSDESK_MAX_IN_FLIGHT", 4000))
    # Service-task connectors and e-mails: attempts, and the first retry delay (doubling each time).
    job_attempts: int = field(default_factory=lambda: _int("PRESSDESK_JOB_ATTEMPTS", 4))
    job_backoff_seconds: float = field(default_factory=lambda: _float("PRESSDESK_JOB_BACKOFF_SECONDS", 30.0))
    job_backoff_max_seconds: float = field(
        default_factory=lambda: _float("PRESSDESK_JOB_BACKOFF_MAX_SECONDS", 3600.0))
    # SLA of user tasks with a due date: remind this long before it; escalate this long after it.
    sla_reminder_before: str = field(default_factory=lambda: _str("PRESSDESK_SLA_REMINDER_BEFORE", "PT24H"))
    sla_escalate_after: str = field(default_factory=lambda: _str("PRESSDESK_SLA_ESCALATE_AFTER", "PT0S"))
    # Connectors.
    portal_url: str | None = _env("PRESSDESK_PORTAL_URL")
    portal_token: str | None = _env("PRESSDESK_PORTAL_TOKEN")
    webhook_url: str | None = _env("PRESSDESK_WEBHOOK_URL")
    http_timeout_seconds: float = field(
        default_factory=lambda: _float("PRESSDESK_HTTP_TIMEOUT_SECONDS", 10.0))
    smtp_host: str | None = _env("PRESSDESK_SMTP_HOST")
    smtp_port: int = field(default_factory=lambda: _int("PRESSDESK_SMTP_PORT", 25))
    smtp_user: str | None = _env("PRESSDESK_SMTP_USER")
    smtp_password: str | None = _env("PRESSDESK_SMTP_PASSWORD")
    smtp_starttls: bool = field(default_factory=lambda: _str("PRESSDESK_SMTP_STARTTLS", "false").lower()
                                in ("1", "true", "yes"))
    mail_from: str = field(default_factory=lambda: _str("PRESSDESK_MAIL_FROM", "pressdesk@localhost"))
