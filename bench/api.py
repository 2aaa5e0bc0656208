"""The HTTP API under load: the officer's task list with 10,000 and 100,000 open tasks, and
start -> complete of a one-user-task process, through gunicorn (2 workers) on PostgreSQL.

Each HTTP figure is printed beside the engine-level figure for the same work from the same run (the
service called in-process, no HTTP). Open tasks are seeded with bulk inserts straight into the engine's
own tables (instances, task rows, candidate groups) — far faster than starting 100,000 instances, and
the task list reads nothing else. The clients are threads with keep-alive connections on this machine,
so they share its cores with the server and PostgreSQL.

    .venv/bin/python bench/api.py [--pg URL] [--requests N] [--instances N] [--clients C]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL = ROOT / "tests" / "integration" / "bpmn" / "one_task.bpmn"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
GROUPS = ["so-tttt", "so-y-te", "vp-ubnd", "cong-an", "ban-tuyen-giao", "hoi-nha-bao", "ubnd-bien-hoa",
          "ubnd-long-khanh", "so-tttt-thanh-tra", "ubnd-tinh"]
OFFICER = "officer.tttt"


# --- set-up ---------------------------------------------------------------------------------------------
def make_engine(url: str):
    from engine.config import Settings
    from engine.process_engine import ProcessEngine

    return ProcessEngine(Settings(database_url=url))


def prepare(url: str) -> None:
    from api.demo import seed_organisation
    from engine.db.migrate import upgrade
    from engine.identity import SYSTEM
    from engine.repository import ModelFile

    upgrade(url)  # as `pressdesk serve` would; it then finds the schema current
    eng = make_engine(url)
    list(seed_organisation(eng, ROOT))
    eng.repository.deploy([ModelFile(MODEL.name, MODEL.read_bytes())], SYSTEM)
    eng.dispose()


def seed_open_tasks(url: str, count: int, batch: int = 10_000) -> None:
    """`count` more open tasks, one per placeholder instance, spread over ten agencies; due dates from
    ten days ago to twenty days ahead (so a third are overdue)."""
    from sqlalchemy import insert, select

    from engine.db.models import ProcessDefinition, ProcessInstance, TaskCandidateGroup, TaskRow

    eng = make_engine(url)
    now = datetime.now(UTC)
    rnd = random.Random(count)
    with eng.db.begin() as conn:
        definition = conn.execute(select(ProcessDefinition).where(ProcessDefinition.key == "one_task")).one()
        for start in range(0, count, batch):
            instances, tasks, candidates = [], [], []
            for _ in range(min(batch, count - start)):
                iid, tid, group = str(uuid.uuid4()), str(uuid.uuid4()), rnd.choice(GROUPS)
                created = now - timedelta(minutes=rnd.randint(0, 60 * 24 * 10))
                instances.append(dict(
                    id=iid, definition_id=definition.id, definition_key="one_task",
                    definition_version=definition.version, business_key=None, status="running", state="{}",
                    state_format="seeded", variables={}, active_elements=["answer"], error=None,
                    started_at=created, started_by="seed", ended_at=None, history_seq=0,
                    history_hash="0" * 64, version=1))
                tasks.append(dict(
                    id=tid, instance_id=iid, definition_key="one_task", element_id="answer", name="Trả lời",
                    lane="so-tttt", candidate_groups=[group], assignee=None, created_at=created,
                    due_at=now + timedelta(minutes=rnd.randint(-60 * 24 * 10, 60 * 24 * 20)),
                    follow_up_at=None, priority=rnd.choice((30, 50, 70)), form_key=None, state="open",
                    completed_at=None, completed_by=None))
                candidates.append(dict(task_id=tid, group_code=group))
            conn.execute(insert(ProcessInstance.__table__), instances)
            conn.execute(insert(TaskRow.__table__), tasks)
            conn.execute(insert(TaskCandidateGroup.__table__), candidates)
    # What autovacuum would do soon after a bulk load: statistics, and the visibility map that lets
    # the list's count read the index alone.
    with eng.db.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
    eng.dispose()


# --- the server and its clients -----------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "PRESSDESK_DATABASE_URL": url, "PRESSDESK_SECRET_KEY": "bench-secret"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("pressdesk serve did not start")


class Client:
    """One keep-alive connection with a bearer token."""

    def __init__(self, port: int, token: str | None = None) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Content-Type": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def call(self, method: str, path: str, body=None):
        self.conn.request(method, path, json.dumps(body) if body is not None else None, self.headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status >= 400:
            raise RuntimeError(f"{method} {path} -> {r.status}: {data[:300]!r}")
        return json.loads(data) if data else None


def token(port: int, user: str) -> str:
    reply = Client(port).call("POST", "/api/v1/auth/token", {"username": user, "password": "demo"})
    return reply["access_token"]


def run_clients(clients: int, total: int, work) -> tuple[float, list[float]]:
    """Run `work(client_index)` `total` times over `clients` threads; (ops/s, per-op seconds)."""
    latencies: list[float] = []
    lock = threading.Lock()
    per = total // clients

    def loop(i: int) -> None:
        mine = []
        for _ in range(per):
            t0 = time.perf_counter()
            work(i)
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return per * clients / (time.perf_counter() - start), latencies


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1] * 1000 if len(values) > 1 \
        else values[0] * 1000


# --- measurements ---------------------------------------------------------------------------------------
def engine_task_list(url: str, n: int) -> tuple[float, list[float]]:
    from engine.identity import Actor

    eng = make_engine(url)
    officer = Actor(OFFICER, frozenset({"officer"}), frozenset({"so-tttt"}))
    eng.tasks.list(officer)
    rate, lat = run_clients(1, n, lambda _i: eng.tasks.list(officer))
    eng.dispose()
    return rate, lat


def http_task_list(port: int, tok: str, n: int, clients: int) -> tuple[float, list[float]]:
    pool = [Client(port, tok) for _ in range(clients)]
    pool[0].call("GET", "/api/v1/tasks")
    return run_clients(clients, n, lambda i: pool[i].call("GET", "/api/v1/tasks"))


def engine_start_complete(url: str, n: int) -> float:
    from engine.identity import Actor

    eng = make_engine(url)
    officer = Actor(OFFICER, frozenset({"officer"}), frozenset({"so-tttt"}))

    def one(_i: int) -> None:
        inst = eng.runtime.start("one_task", officer)
        [task], _ = eng.tasks.list(officer, instance=inst.id)
        eng.tasks.complete(task.id, officer, {"answer": "ok"})

    one(0)
    rate, _ = run_clients(1, n, one)
    eng.dispose()
    return rate


def http_start_complete(port: int, tok: str, n: int, clients: int) -> float:
    pool = [Client(port, tok) for _ in range(clients)]

    def one(i: int) -> None:
        c = pool[i]
        inst = c.call("POST", "/api/v1/definitions/one_task/instances", {})
        [task] = c.call("GET", f"/api/v1/tasks?instance={inst['id']}")
        c.call("POST", f"/api/v1/tasks/{task['id']}/complete", {"variables": {"answer": "ok"}})

    one(0)
    rate, _ = run_clients(clients, n, one)
    return rate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg", default=os.environ.get("PRESSDESK_TEST_PG_URL", PG_DEFAULT))
    ap.add_argument("--requests", type=int, default=2000, help="task-list requests per measurement")
    ap.add_argument("--instances", type=int, default=600, help="instances per start->complete measurement")
    ap.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients")
    args = ap.parse_args()

    from sqlalchemy import create_engine, text

    admin = create_engine(args.pg)
    schema = f"benchapi_{uuid.uuid4().hex[:8]}"
    url = f"{args.pg}{'&' if '?' in args.pg else '?'}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    rows = []
    proc = None
    try:
        prepare(url)
        port = free_port()
        proc = start_server(url, port)
        tok = token(port, OFFICER)
        seeded = 0
        for target in (10_000, 100_000):
            t0 = time.perf_counter()
            seed_open_tasks(url, target - seeded)
            seeded = target
            print(f"seeded {target} open tasks ({time.perf_counter() - t0:.1f} s)", flush=True)
            for name, (rate, lat) in (
                    (f"GET /tasks, {target:,} open, engine in-process", engine_task_list(url, args.requests)),
                    (f"GET /tasks, {target:,} open, HTTP x{args.clients}",
                     http_task_list(port, tok, args.requests, args.clients)),
                    (f"GET /tasks, {target:,} open, HTTP x1",
                     http_task_list(port, tok, args.requests // 2, 1))):
                rows.append((name, rate, pct(lat, 50), pct(lat, 95), pct(lat, 99)))
        engine_rate = engine_start_complete(url, args.instances)
        http_rate = http_start_complete(port, tok, args.instances, args.clients)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    head = f"{'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(f"\n{'officer task list (first page of 50)':46} {head}")
    for name, rate, p50, p95, p99 in rows:
        print(f"{name:46} {rate:>8.0f} {p50:>8.2f} {p95:>8.2f} {p99:>8.2f}")
    print(f"\nstart -> complete of one_task, {args.instances} instances")
    print(f"{'engine in-process, 1 process':46} {engine_rate:>8.1f} inst/s")
    print(f"{f'HTTP, gunicorn 2 workers, {args.clients} clients':46} {http_rate:>8.1f} inst/s "
          "(3 requests each: start, list, complete)")
    print("\ntargets: task list p95 <= 20 ms at 100,000 open tasks; >= 100 inst/s start->complete over HTTP")
    print(f"load average during the run (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
