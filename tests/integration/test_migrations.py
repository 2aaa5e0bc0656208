"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from engine.db.migrate import upgrade
from engine.db.models import Base


def _assert_in_sync(url: str) -> None:
    upgrade(url)
    eng = create_engine(url)
    with eng.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    eng.dispose()
    assert diff == []


def test_sqlite_migrations_match_models(tmp_path):
    _assert_in_sync(f"sqlite:///{tmp_path / 'm.db'}")


@pytest.mark.postgres
def test_postgres_migrations_match_models(pg_url):
    schema = pg_url.split("search_path%3D")[1]
    url = pg_url.replace(schema, schema + "_mig")
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}_mig"'))
    try:
        _assert_in_sync(url)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}_mig" CASCADE'))
        admin.dispose()
