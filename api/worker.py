"""The Celery app: beat ticks the dispatcher every second; workers run the claimed timers and jobs.

`pressdesk.tick` claims what falls due within the next two ticks (engine/scheduler/dispatcher.py,
leases committed first) and enqueues it in small batches with an ETA of their due time, so a timer fires
on time, not up to a tick late. `pressdesk.run` fires/runs each item in its own transaction. Tasks only
call engine services. The database is the source of truth: a batch lost with a broker outage or a
killed worker is claimed again when its lease passes, and a duplicate delivery finds its rows done.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterator

from celery import Celery
from celery.signals import worker_process_init

from engine.config import Settings

BATCH = 50  # items per message: few broker round trips when thousands are due at once
SLICE_SECONDS = 0.05  # a message's items fall due within this much of each other (its ETA is the last)
_settings = Settings()
app = Celery("pressdesk", broker=_settings.broker_url or "redis://127.0.0.1:6379/0")
app.conf.update(
    task_default_queue=_settings.queue,
    task_ignore_result=True,
    worker_prefetch_multiplier=4,
    broker_connection_retry_on_startup=True,
    # A message the broker could not take (outage) fails fast; the rows stay claimed and come back
    # when their lease passes, so nothing is lost.
    broker_transport_options={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
    beat_schedule={"pressdesk-tick": {"task": "pressdesk.tick", "schedule": _settings.tick_seconds,
                                      "options": {"expires": max(_settings.tick_seconds * 5, 2)}}},
    worker_hijack_root_logger=False,
)
_engine = None


def engine():
    global _engine
    if _engine is None:
        from engine.process_engine import ProcessEngine

        _engine = ProcessEngine(Settings())
    return _engine


@worker_process_init.connect
def _fresh_engine(**_kwargs) -> None:
    global _engine
    _engine = None  # a forked pool process must not share its parent's database connections


@app.task(name="pressdesk.tick")
def tick() -> int:
    """Claim what falls due before the tick after next and enqueue it; returns how many were claimed.

    Looking two ticks ahead, a tick that arrives late (the worker was busy) finds the work of its
    interval already enqueued by the previous one."""
    eng = engine()
    items = eng.scheduler.claim(lookahead=2 * eng.settings.tick_seconds)
    for batch in batches(items):
        run.apply_async(([(i.kind, i.id, i.due_at.timestamp()) for i in batch],), eta=batch[-1].due_at)
    return len(items)


def batches(items: list) -> Iterator[list]:
    """Items (soonest due first) in messages of at most BATCH, each spanning at most SLICE_SECONDS of
    due times: a message runs at its last item's due time, so none of its items fires more than a
    slice late, while thousands due at one moment still travel fifty to a message."""
    batch: list = []
    for item in items:
        if batch and (len(batch) == BATCH or
                      (item.due_at - batch[0].due_at).total_seconds() > SLICE_SECONDS):
            yield batch
            batch = []
        batch.append(item)
    if batch:
        yield batch


@app.task(name="pressdesk.run")
def run(batch: list[tuple[str, int, float]]) -> int:
    """Run claimed items (kind, id, due timestamp); returns how many did something."""
    from engine.scheduler.dispatcher import WorkItem

    eng = engine()
    items = [WorkItem(kind, ident, None) for kind, ident, _ in batch]
    eng.scheduler.renew(items)
    done = 0
    for (kind, ident, due), item in zip(batch, items, strict=True):
        wait = due - eng.clock.now().timestamp()
        if 0 < wait <= eng.settings.tick_seconds * 2:
            time.sleep(wait + 0.001)  # an ETA may be honoured a few milliseconds early
        try:
            done += bool(eng.scheduler.run(item))
        except Exception:  # noqa: BLE001 - one bad item must not lose the rest of the batch
            app.log.get_default_logger().exception("pressdesk: %s %s failed", kind, ident)
    return done


def main_argv(command: str, extra: list[str]) -> list[str]:
    """Celery's command line for `pressdesk worker` / `pressdesk beat`."""
    level = os.environ.get("PRESSDESK_LOG_LEVEL", "INFO")
    if command == "worker":
        return ["worker", "--loglevel", level, "--queues", _settings.queue, *extra]
    schedule = os.environ.get("PRESSDESK_BEAT_SCHEDULE", "/tmp/pressdesk-beat-schedule")
    return ["beat", "--loglevel", level, "--schedule", schedule, *extra]
