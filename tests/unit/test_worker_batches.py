"""How the Celery tick packs claimed work into messages (api/worker.py): each message runs at its last
item's due time, so its items fall due close together."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from api.worker import BATCH, SLICE_SECONDS, batches
from engine.scheduler.dispatcher import WorkItem

T0 = datetime(2026, 1, 5, 1, 0, tzinfo=UTC)


def items(offsets: list[float]) -> list[WorkItem]:
    return [WorkItem("timer", i, T0 + timedelta(seconds=s)) for i, s in enumerate(offsets)]


def test_a_steady_stream_is_cut_into_slices_so_no_timer_waits_for_a_later_one():
    work = items([i / 20 for i in range(20)])  # 20 timers/s over one second
    packed = list(batches(work))
    assert [i for b in packed for i in b] == work  # all of them, in order
    for batch in packed:
        assert (batch[-1].due_at - batch[0].due_at).total_seconds() <= SLICE_SECONDS
    assert len(packed) == 10  # two timers per 50 ms slice at this rate


def test_a_burst_due_at_one_moment_travels_fifty_to_a_message():
    packed = list(batches(items([0.0] * 1_025)))
    assert [len(b) for b in packed] == [BATCH] * 20 + [25]


def test_nothing_claimed_sends_nothing():
    assert list(batches([])) == []
