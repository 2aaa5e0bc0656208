"""docker-compose.yml: validated by `docker-compose config` (Compose's own schema and interpolation), and
its services' commands run as processes — migrate, then api, worker and beat on PostgreSQL and a
private Redis, with the containers' own health checks — since no Docker engine runs here.

Without the `docker-compose` binary (Debian package `docker-compose`) the validation skips on a developer
machine and fails under CI=true; `.ci/run` installs it.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text

from ..conftest import IN_CI, PG_URL, ROOT, pg_admin
from ..e2e.conftest import server_http
from .celery_cluster import Redis, wait_for
from .helpers import MODELS
from .servers import free_port

COMPOSE = ROOT / "docker-compose.yml"
SERVICES = {"postgres", "redis", "migrate", "api", "worker", "beat"}
BIN = Path(sys.executable).parent


def compose_file() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def docker_compose() -> str:
    exe = shutil.which("docker-compose")
    if exe is None:
        message = "docker-compose is not installed (apt-get install docker-compose)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return exe


def config(*files: Path, **env: str) -> subprocess.CompletedProcess:
    args = [docker_compose(), "--project-directory", str(ROOT)]
    for f in files:
        args += ["-f", str(f)]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PRESSDESK_", "POSTGRES_"))}
    return subprocess.run([*args, "config"], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
                          timeout=60)


def test_docker_compose_config_validates_the_file():
    done = config(COMPOSE, PRESSDESK_SECRET_KEY="compose-test-secret")
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)["services"]
    assert set(resolved) == SERVICES
    written = compose_file()["services"]
    for name in ("migrate", "api", "worker", "beat"):
        service = resolved[name]
        assert service["command"] == written[name]["command"]
        env = service["environment"]
        assert env["PRESSDESK_SECRET_KEY"] == "compose-test-secret"
        assert env["PRESSDESK_DATABASE_URL"] == "postgresql://pressdesk:pressdesk@postgres:5432/pressdesk"
        assert env["PRESSDESK_BROKER_URL"] == "redis://redis:6379/0"
        assert service["depends_on"]["postgres"] == {"condition": "service_healthy"}
    for name in ("api", "worker", "beat"):
        assert resolved[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    for name in ("postgres", "redis", "api", "worker"):
        assert resolved[name]["healthcheck"]["test"], name
    assert resolved["postgres"]["volumes"] and resolved["redis"]["volumes"]


def test_docker_compose_config_refuses_a_missing_secret_and_a_wrong_key(tmp_path):
    done = config(COMPOSE)
    assert done.returncode != 0 and "set PRESSDESK_SECRET_KEY" in done.stderr
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(COMPOSE.read_text().replace("    healthcheck:\n      test: [\"CMD\", \"redis-cli\"",
                                                  "    healthchek:\n      test: [\"CMD\", \"redis-cli\"", 1))
    assert broken.read_text() != COMPOSE.read_text()
    done = config(broken, PRESSDESK_SECRET_KEY="x")
    assert done.returncode != 0 and "healthchek" in done.stderr


# --- the containers' commands, as processes -------------------------------------------------------
def host_command(argv: list[str]) -> list[str]:
    """A container command on this machine: `pressdesk`, `celery` and `python` from the virtualenv."""
    exe = {"pressdesk": str(BIN / "pressdesk"), "celery": str(BIN / "celery"), "python": sys.executable}
    return [exe.get(argv[0], argv[0]), *argv[1:]]


def health(service: dict, env: dict) -> bool:
    """Run a service's health check as Docker would (CMD: the argv; CMD-SHELL: through sh)."""
    kind, *rest = service["healthcheck"]["test"]
    if kind == "CMD-SHELL":
        first, _, tail = rest[0].replace("$$", "$").partition(" ")
        argv = ["sh", "-c", " ".join([host_command([first])[0], tail])]
    else:
        argv = host_command(rest)
    try:
        return subprocess.run(argv, env=env, capture_output=True, timeout=30).returncode == 0
    except subprocess.TimeoutExpired:
        return False


@pytest.fixture
def fresh_schema():
    """An empty PostgreSQL schema, as the compose file's new `pgdata` volume is."""
    admin = pg_admin()
    schema = f"pdcompose_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.mark.postgres
def test_the_containers_commands_run_as_processes(fresh_schema, tmp_path):
    services = compose_file()["services"]
    redis = Redis()
    redis.start()
    port = free_port()
    # The compose environment, with this machine's PostgreSQL schema and private Redis for its services.
    env = {**os.environ, "PRESSDESK_DATABASE_URL": fresh_schema,
           "PRESSDESK_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
           "PRESSDESK_SECRET_KEY": "compose-test-secret",
           "PRESSDESK_QUEUE": f"pdcompose-{uuid.uuid4().hex[:8]}",
           "PRESSDESK_BEAT_SCHEDULE": str(tmp_path / "beat-schedule"), "HOSTNAME": socket.gethostname()}
    procs: dict[str, subprocess.Popen] = {}
    try:
        migrate = subprocess.run(host_command(services["migrate"]["command"]), env=env, capture_output=True,
                                 text=True, timeout=120)
        assert migrate.returncode == 0, migrate.stderr  # the one-shot service completes successfully
        seed = ("from api.demo import seed_organisation; from engine.process_engine import ProcessEngine;"
                "from pathlib import Path; list(seed_organisation(ProcessEngine(), Path('.')))")
        subprocess.run([sys.executable, "-c", seed], cwd=ROOT, env=env, check=True, timeout=120)

        api = services["api"]["command"]
        api = [*api[:api.index("--host") + 1], "127.0.0.1", "--port", str(port),
               *api[api.index("--port") + 2:]]  # only the address differs from the container's
        for name, argv in (("api", api), ("worker", services["worker"]["command"]),
                           ("beat", services["beat"]["command"])):
            log = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
            procs[name] = subprocess.Popen(host_command(argv), cwd=tmp_path, env=env, stdout=log,
                                           stderr=subprocess.STDOUT, start_new_session=True)
        api_check = dict(services["api"]["healthcheck"])
        api_check["test"] = [part.replace("127.0.0.1:5000", f"127.0.0.1:{port}")
                             for part in api_check["test"]]
        wait_for(lambda: health({"healthcheck": api_check}, env), 90, "api never healthy", every=1)
        wait_for(lambda: health(services["worker"], env), 90, "worker never answered its ping", every=1)

        # A timer through the whole chain: HTTP start, beat's tick on Redis, the worker fires it.
        http = server_http(f"http://127.0.0.1:{port}")
        model = MODELS / "wait_then_task.bpmn"
        assert http.deploy(files={model.name: model.read_bytes()}).status == 201
        due = datetime.now(UTC) + timedelta(seconds=3)
        inst = http.post("/api/v1/definitions/wait_then_task/instances", "supervisor",
                         json={"variables": {"due": due.isoformat()}}).json
        assert inst["status"] == "waiting" and inst["active_elements"] == ["wait"]
        wait_for(lambda: http.get(f"/api/v1/instances/{inst['id']}", "supervisor").json["active_elements"]
                 == ["after"], 60, "the worker never fired the timer", every=0.5)
        for name, proc in procs.items():
            assert proc.poll() is None, (name, (tmp_path / f"{name}.log").read_text()[-2000:])
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                os.killpg(proc.pid, 15)
        for proc in procs.values():
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait(10)
        redis.stop()

