"""Instances per second for start -> complete of a one-user-task process.

Prints, in one run: raw SpiffWorkflow in memory (parse once; per instance: create, run, serialize,
restore, complete, run, serialize) as the floor, then the engine services on SQLite and on PostgreSQL
(one process, then two worker processes), each with its ratio to the floor.

    .venv/bin/python bench/throughput.py [--instances N] [--pg URL]
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODEL = ROOT / "tests" / "integration" / "bpmn" / "one_task.bpmn"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def raw_floor(n: int) -> float:
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
    from SpiffWorkflow.camunda.parser import CamundaParser
    from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
    from SpiffWorkflow.util.task import TaskState

    parser = CamundaParser()
    parser.add_bpmn_file(str(MODEL))
    spec, subs = parser.get_spec("one_task"), parser.get_subprocess_specs("one_task")
    ser = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
    start = time.perf_counter()
    for _ in range(n):
        wf = BpmnWorkflow(spec, subs)
        wf.do_engine_steps()
        state = ser.serialize_json(wf)
        wf = ser.deserialize_json(state)
        task = wf.get_next_task(state=TaskState.READY, manual=True)
        task.data["answer"] = "ok"
        task.run()
        wf.do_engine_steps()
        ser.serialize_json(wf)
        assert wf.is_completed()
    return n / (time.perf_counter() - start)


def _engine(url: str, fresh: bool):
    from engine.clock import Clock
    from engine.config import Settings
    from engine.process_engine import ProcessEngine

    eng = ProcessEngine(Settings(database_url=url), clock=Clock())
    if fresh:
        eng.create_schema()
        eng.identity.ensure_group("so-tttt", "Sở TTTT")
    return eng


def _setup(url: str) -> None:
    from engine.identity import SYSTEM
    from engine.repository import ModelFile

    eng = _engine(url, fresh=True)
    eng.repository.deploy([ModelFile(MODEL.name, MODEL.read_bytes())], SYSTEM)
    eng.dispose()


def _work(url: str, n: int, out: mp.Queue | None = None) -> float:
    from engine.identity import Actor

    eng = _engine(url, fresh=False)
    officer = Actor("officer.tttt", frozenset({"officer"}), frozenset({"so-tttt"}))
    eng.runtime.start("one_task", officer)  # warm the definition cache
    start = time.perf_counter()
    for _ in range(n):
        inst = eng.runtime.start("one_task", officer)
        [task], _ = eng.tasks.list(officer, instance=inst.id)
        eng.tasks.complete(task.id, officer, {"answer": "ok"})
    rate = n / (time.perf_counter() - start)
    eng.dispose()
    if out is not None:
        out.put(rate)
    return rate


def engine_rate(url: str, n: int, processes: int) -> float:
    _setup(url)
    if processes == 1:
        return _work(url, n)
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_work, args=(url, n // processes, q)) for _ in range(processes)]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    # Aggregate = sum of the per-process steady rates (process start-up and imports excluded).
    return sum(q.get() for _ in procs)


def pg_schema_url(base: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    sep = "&" if "?" in base else "?"
    return schema, f"{base}{sep}options=-csearch_path%3D{schema}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--instances", type=int, default=1000)
    ap.add_argument("--pg", default=os.environ.get("PRESSDESK_TEST_PG_URL", PG_DEFAULT))
    args = ap.parse_args()
    n = args.instances

    floor = raw_floor(n)
    rows = [("raw SpiffWorkflow in memory (floor)", 1, floor)]
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        rows.append(("engine, SQLite", 1, engine_rate(url, n, 1)))

    from sqlalchemy import create_engine, text

    admin = create_engine(args.pg)
    schema, url = pg_schema_url(args.pg)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        rows.append(("engine, PostgreSQL", 1, engine_rate(url, n, 1)))
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        rows.append(("engine, PostgreSQL", 2, engine_rate(url, n, 2)))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    print(f"start -> complete of a one-user-task process, {n} instances per measurement")
    print(f"{'runner':40} {'procs':>5} {'inst/s':>9} {'per-proc overhead vs floor':>28}")
    for name, procs, rate in rows:
        ratio = floor / (rate / procs)
        print(f"{name:40} {procs:>5} {rate:>9.1f} {ratio:>27.2f}x")


if __name__ == "__main__":
    main()
