"""Concurrent changes of one instance on the real PostgreSQL: none is lost, losers get a clear conflict."""
from __future__ import annotations

import threading

from engine.errors import Conflict

from ..conftest import OFFICER_TTTT, SUPERVISOR, person
from .helpers import deploy, open_tasks


def test_sixteen_threads_complete_sixteen_parallel_tasks(pg_engine):
    engine = pg_engine
    deploy(engine, "parallel_many.bpmn")
    inst = engine.runtime.start("parallel_many", OFFICER_TTTT, variables={"agencies": 16})
    tasks = [t for t in open_tasks(engine, inst.id, SUPERVISOR) if t.element_id == "contribute"]
    assert len(tasks) == 16
    officers = [person(f"officer{i}.tttt", "so-tttt") for i in range(16)]
    barrier = threading.Barrier(16)
    errors: list[BaseException] = []

    def work(task, officer, n):
        barrier.wait()
        for _ in range(50):  # retry on conflict, as a client would
            try:
                engine.tasks.complete(task.id, officer, {"contribution": f"ý kiến {n}"})
                return
            except Conflict:
                continue
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)
                return
        errors.append(AssertionError("gave up after 50 conflicts"))

    pairs = enumerate(zip(tasks, officers, strict=True))
    threads = [threading.Thread(target=work, args=(t, o, n)) for n, (t, o) in pairs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    remaining = open_tasks(engine, inst.id, SUPERVISOR)
    assert [t.element_id for t in remaining] == ["consolidate"]
    variables = engine.runtime.get(inst.id).variables
    assert sorted(variables["contributions"]) == sorted(f"ý kiến {n}" for n in range(16))
    completed = [e for e in engine.history.for_instance(inst.id, SUPERVISOR) if e["type"] == "task_completed"]
    assert len(completed) == 16
    assert engine.history.verify(inst.id).ok


def test_double_completion_race_has_one_winner(pg_engine):
    engine = pg_engine
    deploy(engine, "one_task.bpmn")
    inst = engine.runtime.start("one_task", OFFICER_TTTT)
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def work():
        barrier.wait()
        try:
            engine.tasks.complete(task.id, SUPERVISOR)
            outcomes.append("ok")
        except Conflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["ok"]
    assert engine.runtime.get(inst.id).status == "completed"
