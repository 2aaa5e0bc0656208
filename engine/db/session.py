"""Database connections: one SQLAlchemy engine per ProcessEngine, tuned per backend."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import sessionmaker


def make_db_engine(url: str, lock_timeout_ms: int = 5000, **kwargs: Any) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        return _sqlite_engine(url, **kwargs)
    kwargs.setdefault("pool_size", 20)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_recycle", 1800)
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # A change that cannot get an instance's row lock in time fails (and becomes a retryable
        # conflict) instead of queueing forever behind a stuck writer.
        with dbapi_conn.cursor() as cur:
            cur.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
            # Short OLTP statements: JIT compilation costs far more than it saves (it once made a
            # 40 ms task count take 300 ms).
            cur.execute("SET jit = off")
        dbapi_conn.commit()

    return engine


def _sqlite_engine(url: str, **kwargs: Any) -> Engine:
    if url in ("sqlite://", "sqlite:///:memory:"):
        from sqlalchemy.pool import StaticPool

        kwargs.setdefault("poolclass", StaticPool)
    kwargs.setdefault("connect_args", {}).update({"check_same_thread": False, "timeout": 30})
    engine = create_engine(url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writing transaction takes the write lock up front: SQLite's per-instance lock is the whole
        # database, and taking it late (on first write) is what produces "database is locked" deadlocks.
        # A read transaction (make_snapshot_session_factory) begins deferred: in WAL mode it reads a
        # snapshot and never blocks a writer, however long it streams.
        read = bool(conn.get_execution_options().get(READ_ONLY, False))
        info = conn.connection.info  # lives as long as the DBAPI connection
        if info.get(READ_ONLY, False) != read:
            conn.exec_driver_sql(f"PRAGMA query_only = {int(read)}")  # a read transaction cannot write
            info[READ_ONLY] = read
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")

    return engine


READ_ONLY = "pressdesk_read_only"  # execution option marking a read transaction


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


def make_read_session_factory(engine: Engine) -> sessionmaker:
    """Sessions for plain reads. On PostgreSQL they run in autocommit: a one-statement read sees the
    same committed data as inside a READ COMMITTED transaction, without the BEGIN and ROLLBACK round
    trips. SQLite keeps ordinary sessions (its transactions begin with BEGIN IMMEDIATE)."""
    if engine.dialect.name != "postgresql":
        return make_session_factory(engine)
    return make_session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))


def make_snapshot_session_factory(engine: Engine) -> sessionmaker:
    """Sessions for reads that need one transaction (a consistent view, or a streamed result: yield_per
    needs a transaction on PostgreSQL). On SQLite the transaction begins deferred, so it takes no write
    lock; on PostgreSQL it is READ ONLY. Their units of work never commit."""
    if engine.dialect.name == "postgresql":
        factory = make_session_factory(engine.execution_options(postgresql_readonly=True))
    else:
        factory = make_session_factory(engine.execution_options(**{READ_ONLY: True}))
    return factory


@contextmanager
def pipelined(session) -> Iterator[None]:
    """On PostgreSQL, send the block's statements together (psycopg pipeline mode): one round trip
    for all of them instead of one each. Only for statements whose results nobody reads (plain
    INSERTs): their errors surface when the block ends, not at the statement. Elsewhere a no-op."""
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        yield
        return
    import psycopg.errors

    try:
        with conn.connection.driver_connection.pipeline():
            yield
    except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected,
            psycopg.errors.SerializationFailure) as exc:
        # Same meaning as outside a pipeline (see UnitOfWork): another change holds the instance.
        from ..errors import Conflict

        raise Conflict("the instance is busy with another change; retry") from exc
