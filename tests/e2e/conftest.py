"""HTTP fixtures: the app through Flask's test client (SQLite, manual clock) and a real gunicorn server
(`pressdesk serve` on 127.0.0.1, PostgreSQL), both driven through one small `Http` interface."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from api import create_app
from api.demo import seed_organisation
from api.settings import ApiSettings
from engine import ProcessEngine
from engine.config import Settings

from ..conftest import PG_URL, ROOT, pg_admin

MODELS = Path(__file__).resolve().parent / "bpmn"
PASSWORD = "demo"


@dataclass
class Reply:
    status: int
    headers: Any
    body: bytes

    @property
    def json(self) -> Any:
        import json

        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


class Http:
    """A client that signs in as a user (`as_`) and sends JSON; the same calls on both transports."""

    def __init__(self, send, token_for) -> None:
        self._send, self._token_for = send, token_for
        self._tokens: dict[str, str] = {}

    def token(self, user: str) -> str:
        if user not in self._tokens:
            self._tokens[user] = self._token_for(user)
        return self._tokens[user]

    def call(self, method: str, path: str, user: str | None = None, headers: dict | None = None,
             **kwargs) -> Reply:
        headers = dict(headers or {})
        if user is not None:
            headers["Authorization"] = f"Bearer {self.token(user)}"
        return self._send(method, path, headers, **kwargs)

    def get(self, path: str, user: str | None = None, **kwargs) -> Reply:
        return self.call("GET", path, user, **kwargs)

    def post(self, path: str, user: str | None = None, **kwargs) -> Reply:
        return self.call("POST", path, user, **kwargs)

    def deploy(self, *names: str, user: str = "analyst", files: dict[str, bytes] | None = None) -> Reply:
        files = files or {n: (MODELS / n).read_bytes() for n in names}
        return self.post("/api/v1/definitions", user, files=files)


# --- Flask test client on SQLite ---------------------------------------------------------------------
@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory) -> Path:
    """A SQLite database with the demo organisation and users, made once (argon2 hashing is slow on
    purpose) and copied for each test."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    engine = ProcessEngine(Settings(database_url=f"sqlite:///{path}"))
    engine.create_schema()
    list(seed_organisation(engine, ROOT))
    engine.dispose()
    return path


@pytest.fixture
def app_engine(seeded_db, tmp_path, clock) -> Iterator[ProcessEngine]:
    db = tmp_path / "api.db"
    shutil.copy(seeded_db, db)
    engine = ProcessEngine(Settings(database_url=f"sqlite:///{db}"), clock=clock)
    yield engine
    engine.dispose()


@pytest.fixture
def app(app_engine):
    # No actor cache: a test that changes a user sees the change on the next request.
    return create_app(app_engine, ApiSettings(token_ttl_seconds=3600, max_request_bytes=1024 * 1024,
                                              actor_cache_seconds=0))


def flask_http(app) -> Http:
    client = app.test_client()

    def send(method, path, headers, json=None, files=None, data=None, query_string=None):
        if files:
            from io import BytesIO

            data = {**(data or {}), "file": [(BytesIO(content), name) for name, content in files.items()]}
        r = client.open(path, method=method, headers=headers, json=json, data=data, query_string=query_string)
        return Reply(r.status_code, r.headers, r.get_data())

    issuer = app.extensions["pressdesk_auth"].issuer
    return Http(send, lambda user: issuer.issue(user).access_token)


# --- a real gunicorn server on PostgreSQL --------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server_url(tmp_path_factory) -> Iterator[str]:
    """`pressdesk serve` (gunicorn, 2 workers) on a free port, on a fresh PostgreSQL schema that it
    migrates itself; the demo organisation is seeded beside it."""
    admin = pg_admin()
    schema = f"pdapi_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    db_url = f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    port = _free_port()
    env = {**os.environ, "PRESSDESK_DATABASE_URL": db_url, "PRESSDESK_SECRET_KEY": "e2e-secret"}
    log = open(tmp_path_factory.mktemp("server") / "serve.log", "w+b")  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc, log)
        engine = ProcessEngine(Settings(database_url=db_url))
        list(seed_organisation(engine, ROOT))
        engine.dispose()
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _wait_healthy(base: str, proc: subprocess.Popen, log) -> None:
    import requests

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"pressdesk serve exited: {log.read().decode()[-2000:]}")
        try:
            if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or too busy starting to answer in time
            pass
        time.sleep(0.2)
    raise RuntimeError("pressdesk serve did not become healthy within 60 s")


def server_http(base: str) -> Http:
    import requests

    session = requests.Session()

    def send(method, path, headers, json=None, files=None, data=None, query_string=None):
        r = session.request(method, base + path, headers=headers, json=json, data=data, params=query_string,
                            files=[("file", (n, c)) for n, c in files.items()] if files else None, timeout=30)
        return Reply(r.status_code, r.headers, r.content)

    def token_for(user: str) -> str:
        r = session.post(f"{base}/api/v1/auth/token", json={"username": user, "password": PASSWORD},
                         timeout=30)
        assert r.status_code == 200, r.text
        return r.json()["access_token"]

    return Http(send, token_for)


@pytest.fixture(params=["flask", "gunicorn"])
def http(request) -> Http:
    """Both transports: every test using it runs in-process on SQLite and over TCP on PostgreSQL."""
    if request.param == "flask":
        return flask_http(request.getfixturevalue("app"))
    return server_http(request.getfixturevalue("server_url"))


# --- background work for the incident and notification endpoints -------------------------------------
def open_incident(engine) -> int:
    """A service task whose connector is not configured (no portal URL) used up its two attempts: an
    open incident. Deploys the model the first time; advances the engine's manual clock 32 s."""
    from engine.identity import Actor
    from engine.repository import ModelFile

    name = "publish_portal.bpmn"
    model = ROOT / "tests" / "integration" / "bpmn" / name
    analyst = Actor("analyst", frozenset({"analyst"}))
    supervisor = Actor("supervisor", frozenset({"supervisor"}))
    engine.repository.deploy([ModelFile(name, model.read_bytes())], analyst)
    inst = engine.runtime.start("publish_portal", supervisor, {"headline": "Thông cáo", "text": "Nội dung"})
    for seconds in (1, 31):  # first attempt, then the second after the 30 s backoff
        engine.clock.advance(seconds=seconds)
        engine.runtime.fire_due_timers()
    [incident], _ = engine.management.incidents(supervisor, instance=inst.id)
    return incident.id
