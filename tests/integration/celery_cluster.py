"""A real Celery cluster for integration tests: a private redis-server, `pressdesk beat` and workers
as subprocesses (the commands the containers run), against the test's PostgreSQL schema.

The Redis server is private (own port, nothing on disk) so stopping it never disturbs anyone else.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from .servers import free_port

BIN = Path(sys.executable).parent


class Redis:
    def __init__(self) -> None:
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server is not installed")
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: _ping(self.port), 10, "private redis-server did not start")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None


def _ping(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def wait_for(check, timeout: float, message: str, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(message)


class Cluster:
    """Beat plus named workers on one private Redis and queue."""

    def __init__(self, database_url: str, tmp: Path, **settings: str) -> None:
        self.redis = Redis()
        self.tmp = tmp
        self.env = {**os.environ, "PRESSDESK_DATABASE_URL": database_url,
                    "PRESSDESK_BROKER_URL": f"redis://127.0.0.1:{self.redis.port}/0",
                    "PRESSDESK_QUEUE": f"pdtest-{uuid.uuid4().hex[:8]}",
                    "PRESSDESK_TICK_SECONDS": "0.5", "PRESSDESK_LEASE_SECONDS": "3",
                    # A short lease needs few claims in flight: no more than the workers do in one lease.
                    "PRESSDESK_CLAIM_BATCH": "150", "PRESSDESK_MAX_IN_FLIGHT": "300",
                    "PRESSDESK_LOG_LEVEL": "WARNING",
                    "PRESSDESK_BEAT_SCHEDULE": str(tmp / "beat-schedule"), **settings}
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, *workers: str, beat: bool = True) -> Cluster:
        self.redis.start()
        if beat:
            self._spawn("beat", ["beat"])
        for name in workers:
            self.worker(name)
        return self

    def worker(self, name: str) -> subprocess.Popen:
        return self._spawn(name, ["worker", "--pool", "solo", "-n", f"{name}@%h", "--without-gossip",
                                  "--without-mingle", "--without-heartbeat"])

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen([str(BIN / "pressdesk"), *args], env=self.env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        self.procs[name] = proc
        return proc

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)

    def stop(self) -> None:
        for name in list(self.procs):
            proc = self.procs.pop(name)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(10)
        self.redis.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}"
                         for p in sorted(self.tmp.glob("*.log")))
