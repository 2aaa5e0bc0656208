"""Shared fixtures: an engine on SQLite and on the real PostgreSQL, a controllable clock, demo groups.

Integration tests take the `engine` fixture, which runs each test once per database. PostgreSQL tests
skip when the server is unreachable on a developer machine, and FAIL under CI=true.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from engine import ManualClock, ProcessEngine
from engine.config import Settings
from engine.db.models import Base
from engine.identity import Actor

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("PRESSDESK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
GROUPS = {
    "so-tttt": "Sở Thông tin và Truyền thông", "so-y-te": "Sở Y tế", "vp-ubnd": "Văn phòng UBND tỉnh",
    "cong-an": "Công an tỉnh", "ban-tuyen-giao": "Ban Tuyên giáo", "hoi-nha-bao": "Hội Nhà báo",
    "ubnd-bien-hoa": "UBND TP Biên Hòa", "so-tttt-thanh-tra": "Thanh tra Sở TTTT",
}


def _pg_schema_url() -> tuple[str, str]:
    schema = f"pdtest_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    sep = "&" if "?" in PG_URL else "?"
    return schema, f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def pg_admin():
    """An engine on the real PostgreSQL; skips the test when unreachable, fails it under CI."""
    admin = create_engine(PG_URL)
    try:
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server"
        admin.dispose()
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI but unreachable at {PG_URL}: {exc}")
        pytest.skip(f"PostgreSQL unreachable at {PG_URL}")
    return admin


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A private schema in the real PostgreSQL for this test session."""
    admin = pg_admin()
    schema, url = _pg_schema_url()
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    schema_engine = create_engine(url)
    Base.metadata.create_all(schema_engine)
    schema_engine.dispose()
    yield url
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _truncate_pg(url: str) -> None:
    eng = create_engine(url)
    with eng.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    eng.dispose()


@pytest.fixture
def clock() -> ManualClock:
    # Monday 5 January 2026, 08:00 in Hanoi.
    return ManualClock(datetime(2026, 1, 5, 1, 0, tzinfo=UTC))


def _make_engine(url: str, clock: ManualClock) -> ProcessEngine:
    engine = ProcessEngine(Settings(database_url=url), clock=clock)
    engine.create_schema()
    for code, name in GROUPS.items():
        engine.identity.ensure_group(code, name)
    return engine


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request, tmp_path, clock) -> Iterator[ProcessEngine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'pressdesk.db'}"
    else:
        url = request.getfixturevalue("pg_url")
        _truncate_pg(url)
    eng = _make_engine(url, clock)
    yield eng
    eng.dispose()


@pytest.fixture
def sqlite_engine(tmp_path, clock) -> Iterator[ProcessEngine]:
    eng = _make_engine(f"sqlite:///{tmp_path / 'pressdesk.db'}", clock)
    yield eng
    eng.dispose()


@pytest.fixture
def pg_engine(pg_url, clock) -> Iterator[ProcessEngine]:
    _truncate_pg(pg_url)
    eng = _make_engine(pg_url, clock)
    yield eng
    eng.dispose()


# --- people -------------------------------------------------------------------------------------------
def person(username: str, *groups: str, roles: tuple[str, ...] = ("officer",)) -> Actor:
    return Actor(username, frozenset(roles), frozenset(groups))


ANALYST = person("analyst", roles=("analyst",))
SUPERVISOR = person("supervisor", *GROUPS, roles=("supervisor",))
AUDITOR = person("auditor", roles=("auditor",))
OFFICER_TTTT = person("officer.tttt", "so-tttt")
OFFICER_YTE = person("spokesperson.yte", "so-y-te", roles=("officer", "spokesperson"))
OFFICER_VP = person("officer.vp", "vp-ubnd")


@pytest.fixture
def people(engine) -> dict[str, Actor]:
    """The demo people as database users (needed where a user must exist, e.g. assign)."""
    out = {}
    for actor in (ANALYST, SUPERVISOR, AUDITOR, OFFICER_TTTT, OFFICER_YTE, OFFICER_VP):
        engine.identity.create_user(actor.username, password="demo", roles=actor.roles, groups=actor.groups)
        out[actor.username] = actor
    return out
