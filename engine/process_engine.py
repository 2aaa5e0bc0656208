"""The ProcessEngine: one object handing out the engine's services.

    engine = ProcessEngine.from_settings()
    engine.repository.deploy(...); engine.runtime.start(...); engine.tasks.complete(...)

Flask views, Celery tasks and the CLI call only these services.
"""
from __future__ import annotations

from .bpmn import clock_bridge
from .clause_matrix import ClauseService
from .clock import Clock
from .config import Settings
from .connectors import default_registry
from .db.models import Base
from .db.session import (
    make_db_engine,
    make_read_session_factory,
    make_session_factory,
    make_snapshot_session_factory,
)
from .db.unit_of_work import UnitOfWork
from .forms import FormService
from .history_service import HistoryService
from .identity import IdentityService
from .management import ManagementService
from .notifications import NotificationService
from .reports import ReportService
from .repository import RepositoryService
from .runtime import RuntimeService
from .scheduler.dispatcher import Dispatcher
from .scheduler.jobs import JobService
from .security import SecurityService
from .statistics import StatisticsService
from .tasks import TaskService


class ProcessEngine:
    def __init__(self, settings: Settings | None = None, clock: Clock | None = None) -> None:
        self.settings = settings or Settings()
        self.clock = clock or Clock()
        clock_bridge.install()
        self.db = make_db_engine(self.settings.database_url, self.settings.lock_timeout_ms)
        self._sessions = make_session_factory(self.db)
        self._read_sessions = make_read_session_factory(self.db)
        self._snapshot_sessions = make_snapshot_session_factory(self.db)
        self.identity = IdentityService(self)
        self.security = SecurityService(self)
        self.repository = RepositoryService(self)
        self.runtime = RuntimeService(self)
        self.tasks = TaskService(self)
        self.history = HistoryService(self)
        self.clauses = ClauseService(self)
        self.connectors = default_registry()
        self.notifications = NotificationService(self)
        self.jobs = JobService(self)
        self.scheduler = Dispatcher(self)
        self.management = ManagementService(self)
        self.forms = FormService(self)
        self.statistics = StatisticsService(self)
        self.reports = ReportService(self)

    @classmethod
    def from_settings(cls, **overrides) -> ProcessEngine:
        clock = overrides.pop("clock", None)
        settings = Settings(**overrides)
        return cls(settings, clock)

    @property
    def is_postgres(self) -> bool:
        return self.db.dialect.name == "postgresql"

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self._sessions)

    def reader(self) -> UnitOfWork:
        """A unit of work for reads that change nothing (no commit; see make_read_session_factory)."""
        return UnitOfWork(self._read_sessions)

    def snapshot(self) -> UnitOfWork:
        """A read-only transaction for reads that need one: a consistent view or a streamed export.
        It blocks no writer on either database (see make_snapshot_session_factory); never commit it."""
        return UnitOfWork(self._snapshot_sessions)

    def create_schema(self) -> None:
        """Create tables directly (tests); production uses `pressdesk db upgrade` (Alembic)."""
        Base.metadata.create_all(self.db)

    def dispose(self) -> None:
        self.db.dispose()
