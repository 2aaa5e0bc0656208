"""One unit of work per engine operation: the only place that commits.

    with engine.uow() as uow:
        ...change things through uow.session...
        uow.commit()

Leaving the block without commit() rolls everything back, so a refused request changes nothing.
"""
from __future__ import annotations

from types import TracebackType

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..errors import Conflict


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker) -> None:
        self._factory = session_factory
        self.session: Session
        self._after_commit: list = []

    def __enter__(self) -> UnitOfWork:
        self.session = self._factory()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()
        if (record := getattr(exc, "after_rollback", None)) is not None:
            exc.after_rollback = None  # the outermost unit of work only (engine/limits.py)
            record()
        if isinstance(exc, StaleDataError):
            raise Conflict("the instance was changed by someone else; reload and retry") from exc
        if isinstance(exc, OperationalError) and _is_lock_error(exc):
            raise Conflict("the instance is busy with another change; retry") from exc

    @property
    def is_postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def after_commit(self, callback) -> None:
        """Run `callback` only once the transaction has committed (e.g. enqueue background work)."""
        self._after_commit.append(callback)

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise Conflict("the instance was changed by someone else; reload and retry") from exc
        except OperationalError as exc:
            if _is_lock_error(exc):
                raise Conflict("the instance is busy with another change; retry") from exc
            raise
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            callback()

    def rollback(self) -> None:
        self.session.rollback()


def _is_lock_error(exc: OperationalError) -> bool:
    text_ = str(exc.orig).lower() if exc.orig else str(exc).lower()
    return "lock" in text_ or "could not serialize" in text_ or "deadlock" in text_
