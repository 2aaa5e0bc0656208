"""Engine settings, read from PRESSDESK_* environment variables (documented in the README).

pydantic-settings reads and checks them: a bad value is a SettingsError that names every bad variable
at once (the CLI prints it as one line and exits 1); the library never exits the process itself.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "PRESSDESK_"


class SettingsError(ValueError):
    """One or more PRESSDESK_* variables have values pressdesk cannot use; the message lists each."""


class PressdeskSettings(BaseSettings):
    """Base of the engine's and the web's settings: the shared prefix, empty means unset, and one error
    listing every bad variable."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_ignore_empty=True, extra="ignore",
                                      validate_default=True)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise SettingsError(_describe(exc)) from None


def _describe(exc: ValidationError) -> str:
    problems = []
    for error in exc.errors():
        name = PREFIX + "_".join(str(part) for part in error["loc"]).upper()
        value = error.get("input")
        shown = f", got {value!r}" if isinstance(value, str | int | float) else ""
        problems.append(f"{name}: {error['msg'].lower()}{shown}")
    return "bad settings: " + "; ".join(problems)


class Settings(PressdeskSettings):
    database_url: str = f"sqlite:///{ROOT / 'var' / 'pressdesk.db'}"
    # Largest BPMN/DMN/form file accepted at deploy, checked before any parser sees it.
    max_model_bytes: int = Field(5 * 1024 * 1024, gt=0)
    # How many parsed process versions stay in memory.
    spec_cache_size: int = Field(256, gt=0)
    # How long a change waits for another change of the same instance before giving up (conflict).
    lock_timeout_ms: int = Field(5000, gt=0)
    # Sandbox budget per expression or script.
    script_time_limit_ms: int = Field(1000, gt=0)
    secret_key: str = "dev-only-secret"
    # Sign-in (engine/security.py): failures of one user name / one client address within the window
    # before sign-in is locked for `signin_lockout_seconds`; the minimum password length.
    signin_max_failures: int = Field(5, ge=1)
    signin_address_max_failures: int = Field(20, ge=1)
    signin_window_seconds: int = Field(900, gt=0)
    signin_lockout_seconds: int = Field(900, ge=0)
    password_min_length: int = Field(10, ge=1)
    # Resource limits (engine/limits.py): checked at deploy, and inside every change of an instance.
    max_process_elements: int = Field(2000, gt=0)
    max_parallel_branches: int = Field(200, gt=0)
    max_multi_instance: int = Field(1000, gt=0)
    max_instance_tasks: int = Field(10000, gt=0)
    max_instance_state_bytes: int = Field(8 * 1024 * 1024, gt=0)
    # Organisation file seeded by `serve --demo` (a name such as lai-chau, or a path); engine/organisation.py.
    organisation: str = "dong-nai"

    # --- background work (engine/scheduler/, docs/operations.md) ------------------------------------
    # Redis URL of the Celery broker; unset = embedded mode (a dispatcher thread in `pressdesk serve`).
    broker_url: str | None = None
    queue: str = "pressdesk"
    # How often beat (or the embedded thread) wakes the dispatcher, and how far ahead it claims.
    tick_seconds: float = Field(1.0, gt=0)
    # A claimed timer or job not done within the lease returns to the pool (its worker died).
    lease_seconds: float = Field(60.0, gt=0)
    claim_batch: int = Field(1000, gt=0)
    max_in_flight: int = Field(4000, gt=0)
    # Service-task connectors and e-mails: attempts, and the first retry delay (doubling each time).
    job_attempts: int = Field(4, ge=1)
    job_backoff_seconds: float = Field(30.0, ge=0)
    job_backoff_max_seconds: float = Field(3600.0, ge=0)
    # SLA of user tasks with a due date: remind this long before it; escalate this long after it.
    sla_reminder_before: str = "PT24H"
    sla_escalate_after: str = "PT0S"
    # Connectors.
    portal_url: str | None = None
    portal_token: str | None = None
    webhook_url: str | None = None
    http_timeout_seconds: float = Field(10.0, gt=0)
    smtp_host: str | None = None
    smtp_port: int = Field(25, gt=0, lt=65536)
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    mail_from: str = "pressdesk@localhost"
