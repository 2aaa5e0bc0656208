"""Domain exceptions raised by the engine services.

Entry points (HTTP, CLI, Celery) map these to status codes or exit codes in one place each;
the engine itself never knows about HTTP.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""

    code = "engine_error"

    def __init__(self, message: str, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


class NotFound(EngineError):
    """An id, key or version that does not exist (or that the caller may not see)."""

    code = "not_found"


class Forbidden(EngineError):
    """The caller is known but may not do this."""

    code = "forbidden"


class Unauthenticated(EngineError):
    """A sign-in was refused: the same answer for an unknown user, a wrong password or a disabled user."""

    code = "invalid_credentials"


class TooManyAttempts(EngineError):
    """Sign-in is locked for a while after repeated failures; `retry_after` is in seconds."""

    code = "too_many_attempts"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Conflict(EngineError):
    """The state changed under the caller (lost a race, task already completed, version bumped).

    Callers may retry after re-reading.
    """

    code = "conflict"


class IllegalState(Conflict):
    """The requested transition is not allowed from the object's current state."""

    code = "illegal_state"


class ValidationFailed(EngineError):
    """Input was refused; `errors` lists what is wrong, one item per problem."""

    code = "validation_failed"


class ModelInvalid(ValidationFailed):
    """A BPMN/DMN/form model was refused; errors are `{element_id, message, line}` items."""

    code = "model_invalid"


class ScriptError(EngineError):
    """A BPMN expression or script failed or was refused by the sandbox at run time."""

    code = "script_error"


class ResourceLimit(ScriptError):
    """An instance would exceed a documented limit (engine/limits.py); the change is refused and an
    incident records it."""

    code = "resource_limit"

    def __init__(self, message: str, element_id: str | None = None) -> None:
        super().__init__(message)
        self.element_id = element_id
        # Set by the runtime: records the incident once the refused transaction has rolled back.
        self.after_rollback: Callable[[], None] | None = None


@dataclass
class ModelProblem:
    """One problem found in a model, as reported to the analyst."""

    message: str
    element_id: str | None = None
    line: int | None = None
    file: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"element_id": self.element_id, "message": self.message, "line": self.line}
        if self.file:
            out["file"] = self.file
        return out
