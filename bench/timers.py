"""Timer lag at a steady rate and time to drain a burst, with one and two Celery worker processes.

    .venv/bin/python bench/timers.py [--rate 20] [--seconds 30] [--burst 10000] [--workers 1 2]

Runs `pressdesk beat` and `pressdesk worker` processes (as in production) against a private schema of
the test PostgreSQL and a private redis-server. Lag = fired_at - due_at of each timer row. The baseline
printed beside the figures is the tick interval: what a dispatcher that only looked once per tick would
add at worst.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

from engine.clock import Clock  # noqa: E402
from engine.db.models import Timer  # noqa: E402
from tests.conftest import PG_URL, SUPERVISOR, _make_engine  # noqa: E402
from tests.integration.celery_cluster import Cluster, wait_for  # noqa: E402
from tests.integration.helpers import deploy  # noqa: E402


def fresh_schema() -> str:
    schema = f"pdbench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    return schema


def drop_schema(schema: str) -> None:
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def fired_lags(engine) -> list[float]:
    with engine.reader() as uow:
        rows = uow.session.execute(select(Timer.due_at, Timer.fired_at).where(Timer.status == "fired")).all()
    return [(f - d).total_seconds() for d, f in rows]


def fired_count(engine) -> int:
    with engine.reader() as uow:
        return uow.session.execute(select(func.count()).select_from(Timer)
                                   .where(Timer.status == "fired")).scalar_one()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(workers: int, rate: float, seconds: float, burst: int) -> dict[str, float]:
    schema = fresh_schema()
    url = f"{PG_URL}?options=-csearch_path%3D{schema}"
    engine = _make_engine(url, Clock())
    deploy(engine, "wait_then_task.bpmn")
    tmp = Path(tempfile.mkdtemp())
    names = [f"w{i + 1}" for i in range(workers)]
    cluster = Cluster(url, tmp, PRESSDESK_TICK_SECONDS="1", PRESSDESK_LEASE_SECONDS="60",
                      PRESSDESK_CLAIM_BATCH="1000", PRESSDESK_MAX_IN_FLIGHT="4000").start(*names)
    try:
        # Warm up: wait until the workers fire a timer.
        start = lambda due: engine.runtime.start(  # noqa: E731
            "wait_then_task", SUPERVISOR, variables={"due": due.isoformat()})
        start(engine.clock.now() + timedelta(seconds=1))
        wait_for(lambda: fired_count(engine) >= 1, 60, "cluster never fired")
        # Steady load: each timer is started 2 s before it falls due, `rate` per second.
        n = int(rate * seconds)
        t0 = engine.clock.now() + timedelta(seconds=3)
        for i in range(n):
            due = t0 + timedelta(seconds=i / rate)
            while engine.clock.now() < due - timedelta(seconds=2):
                time.sleep(0.005)
            start(due)
        wait_for(lambda: fired_count(engine) >= n + 1, 120, "steady timers not all fired", every=0.5)
        lags = fired_lags(engine)[1:]
        if not burst:
            return {"p50": statistics.median(lags), "p99": pct(lags, 99), "drain": None, "n": len(lags)}
        # Burst: `burst` timers due at one moment, started ahead of it.
        before = fired_count(engine)
        due = engine.clock.now() + timedelta(seconds=5 + burst * 0.03)
        for _ in range(burst):
            start(due)
        wait_for(lambda: engine.clock.now() > due, 3600, "never due")
        began = time.monotonic()
        wait_for(lambda: fired_count(engine) >= before + burst, 1800, "burst not drained", every=0.25)
        drained = time.monotonic() - began
        return {"p50": statistics.median(lags), "p99": pct(lags, 99), "drain": drained, "n": len(lags)}
    finally:
        cluster.stop()
        engine.dispose()
        drop_schema(schema)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--burst", type=int, default=10_000, help="0: steady load only")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run")
    args = parser.parse_args()
    print(f"steady {args.rate:g} timers/s for {args.seconds:g} s; burst of {args.burst} due at once")
    print("baseline: tick interval 1.00 s (worst added lag of a once-per-tick dispatcher)")
    print("| workers | lag p50 s | lag p99 s | burst drained in s | burst rate /s |")
    print("|---|---|---|---|---|")
    for workers in args.workers:
        r = run(workers, args.rate, args.seconds, args.burst)
        drain = f"{r['drain']:.1f} | {args.burst / r['drain']:.0f}" if r["drain"] else "— | —"
        print(f"| {workers} | {r['p50']:.3f} | {r['p99']:.3f} | {drain} |", flush=True)


if __name__ == "__main__":
    main()
