"""Browser tests: the system Chromium (Playwright, headless) against a real `pressdesk serve` on
127.0.0.1 with a temporary SQLite database. Each test leaves a screenshot of its final page in
var/artifacts/. Without Chromium the tests skip on a developer machine and fail under CI=true."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ...conftest import IN_CI, ROOT
from ..conftest import _free_port

MODELS = Path(__file__).resolve().parent / "models"
ARTIFACTS = ROOT / "var" / "artifacts"
CHROMIUM = os.environ.get("PRESSDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PASSWORD = "demo"

pytestmark = pytest.mark.browser


class Server:
    """The running server and a tiny JSON client for arranging test data through the public API."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._tokens: dict[str, str] = {}

    def token(self, user: str) -> str:
        if user not in self._tokens:
            self._tokens[user] = self.call("POST", "/api/v1/auth/token",
                                           {"username": user, "password": PASSWORD})["access_token"]
        return self._tokens[user]

    def call(self, method: str, path: str, body=None, user: str | None = None):
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if user:
            headers["Authorization"] = f"Bearer {self.token(user)}"
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(req, timeout=30) as resp:
            raw = resp.read()
            return json.loads(raw) if raw and "json" in resp.headers.get("Content-Type", "") else raw

    def start(self, key: str, business_key: str, user: str = "supervisor") -> dict:
        return self.call("POST", f"/api/v1/definitions/{key}/instances",
                         {"variables": {}, "business_key": business_key}, user)

    def completed_review(self, business_key: str, summary: str) -> dict:
        """A web_review case whose one task officer.tttt has completed."""
        inst = self.start("web_review", business_key)
        task = self.open_task(inst["id"])
        self.call("POST", f"/api/v1/tasks/{task['id']}/complete", {"variables": {"summary": summary}},
                  user="officer.tttt")
        return inst

    def open_task(self, instance_id: str, user: str = "supervisor") -> dict:
        tasks = self.call("GET", f"/api/v1/tasks?scope=all&state=open&instance={instance_id}", user=user)
        assert len(tasks) == 1, tasks
        return tasks[0]


def _seed(db_url: str, demo: bool = False) -> None:
    """Migrate, create the demo organisation (with `demo`: and deploy processes/ and forms/; without,
    only press_inquiry) and deploy this folder's models, in-process."""
    from api.demo import seed_demo, seed_organisation
    from engine import ProcessEngine
    from engine.config import Settings
    from engine.db.migrate import upgrade
    from engine.identity import SYSTEM
    from engine.repository import read_model_files

    upgrade(db_url)
    engine = ProcessEngine(Settings(database_url=db_url))
    try:
        list(seed_demo(engine, ROOT) if demo else seed_organisation(engine, ROOT))
        engine.repository.deploy(read_model_files([MODELS]), SYSTEM, name="browser tests")
        if not demo:  # press_inquiry, for its start form (the demo deploys every procedure)
            engine.repository.deploy([f for f in read_model_files([ROOT / "processes", ROOT / "forms"])
                                      if f.name.startswith(("press_inquiry", "secrecy_review",
                                                            "portal_publication"))],
                                     SYSTEM, name="press inquiry")
    finally:
        engine.dispose()


@contextmanager
def running_server(db_url: str, log_path: Path) -> Iterator[Server]:
    """`pressdesk serve` (gunicorn) on a free port of 127.0.0.1 over an already seeded database."""
    port = _free_port()
    env = {**os.environ, "PRESSDESK_DATABASE_URL": db_url, "PRESSDESK_SECRET_KEY": "browser-test-secret"}
    with open(log_path, "w+b") as log:
        proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, proc, log)
            yield Server(base)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_until_up(base: str, proc: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                tail = log.read().decode(errors='replace')[-3000:]
                raise RuntimeError(f"server did not start:\n{tail}") from None
            time.sleep(0.2)


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[Server]:
    db_url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'pressdesk.db'}"
    _seed(db_url)
    with running_server(db_url, tmp_path_factory.mktemp("weblog") / "server.log") as srv:
        yield srv


def launch_chromium(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(base_url=server.base, viewport={"width": 1366, "height": 900},
                                  locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", accept_downloads=True)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    # bpmn-js reports errors inside its event listeners on the console only. Refused requests also log
    # "Failed to load resource"; tests assert those refusals themselves.
    pg.on("console", lambda m: m.type == "error" and not m.text.startswith("Failed to load resource")
          and errors.append(m.text))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page, user: str, next_path: str = "/") -> None:
    page.goto(f"/signin?next={next_path}")
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/signin" not in url)
