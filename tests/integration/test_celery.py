"""A real Celery worker and beat (subprocesses) against PostgreSQL and a private Redis.

Wall-clock time with short timers (seconds), a 0.5 s tick and a 3 s lease, so the suite stays quick.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from engine.clock import Clock
from engine.db.models import HistoryEvent, Timer

from ..conftest import SUPERVISOR, _make_engine, _truncate_pg, person
from .celery_cluster import Cluster, wait_for
from .helpers import deploy, event_types
from .servers import portal_server, smtp_server

pytestmark = pytest.mark.postgres
CHIEF = person("chief.tttt", "so-tttt", roles=("officer", "supervisor"))


@pytest.fixture
def wall(pg_url):
    _truncate_pg(pg_url)
    eng = _make_engine(pg_url, Clock())
    yield eng
    eng.dispose()


@pytest.fixture
def cluster(pg_url, tmp_path, request):
    clusters = []

    def make(*workers, beat=True, **settings):
        c = Cluster(pg_url, tmp_path, **settings).start(*workers, beat=beat)
        clusters.append(c)
        return c
    yield make
    for c in clusters:
        if request.node.rep_call_failed if hasattr(request.node, "rep_call_failed") else False:
            print(c.logs())
        c.stop()


def count(engine, q) -> int:
    with engine.reader() as uow:
        return uow.session.execute(q).scalar_one()


def fired(engine) -> int:
    return count(engine, select(func.count()).select_from(Timer).where(Timer.status == "fired"))


def timer_fired_events(engine) -> int:
    return count(engine, select(func.count()).select_from(HistoryEvent)
                 .where(HistoryEvent.type == "timer_fired"))


def start_waiting(engine, n: int, due) -> list[str]:
    return [engine.runtime.start("wait_then_task", SUPERVISOR, variables={"due": due.isoformat()}).id
            for _ in range(n)]


def start_due_together(engine, n: int, seconds_each: float = 0.04) -> list[str]:
    """n instances whose timers all fall due at one moment, shortly after the last is started (a
    timer already due at start fires inside the start and never becomes a row)."""
    due = engine.clock.now() + timedelta(seconds=3 + n * seconds_each)
    ids = start_waiting(engine, n, due)
    assert engine.clock.now() < due, "starting took longer than planned; raise seconds_each"
    wait_for(lambda: engine.clock.now() > due, 3 + n * seconds_each, "never due")
    assert count(engine, select(func.count()).select_from(Timer).where(Timer.status == "waiting")) == n
    return ids


def assert_each_fired_once(engine, ids: list[str]) -> None:
    assert fired(engine) == len(ids) and timer_fired_events(engine) == len(ids)
    for instance_id in ids[:: max(1, len(ids) // 20)]:
        view = engine.runtime.get(instance_id)
        assert view.active_elements == ["after"], view
        assert event_types(engine, instance_id, SUPERVISOR).count("timer_fired") == 1


def test_thousand_timers_due_at_once_fire_exactly_once_with_two_workers(wall, cluster):
    deploy(wall, "wait_then_task.bpmn")
    ids = start_due_together(wall, 1000)  # due at one moment, before any worker runs
    c = cluster("w1", "w2")
    wait_for(lambda: fired(wall) >= 1000, 120, "timers not drained", every=0.5)
    assert_each_fired_once(wall, ids)
    with wall.reader() as uow:
        workers = set(uow.session.execute(select(Timer.fired_by)).scalars())
    assert len(workers) == 2, workers  # both worker processes fired some
    c.stop()


def test_killed_worker_claims_return_after_the_lease(wall, cluster):
    deploy(wall, "wait_then_task.bpmn")
    ids = start_due_together(wall, 400)
    c = cluster("w1")
    wait_for(lambda: fired(wall) >= 20, 60, "first worker fired nothing")
    c.kill("w1")  # SIGKILL while it holds claimed, not yet fired timers
    left = 400 - fired(wall)
    assert left > 0
    with wall.reader() as uow:
        held = uow.session.execute(select(func.count()).select_from(Timer).where(
            Timer.status == "waiting", Timer.claimed_until > wall.clock.now())).scalar_one()
    assert held > 0  # the dead worker's claims are still leased
    c.worker("w2")
    wait_for(lambda: fired(wall) >= 400, 90, "second worker did not finish")
    assert_each_fired_once(wall, ids)


def test_redis_down_for_thirty_seconds_loses_no_timer(wall, cluster):
    deploy(wall, "wait_then_task.bpmn")
    c = cluster("w1")
    ids = start_waiting(wall, 50, wall.clock.now() + timedelta(seconds=5))
    c.redis.stop()
    due_during_outage = wall.clock.now()
    import time

    time.sleep(30)
    assert fired(wall) == 0 and due_during_outage < wall.clock.now()
    c.redis.start()
    wait_for(lambda: fired(wall) >= 50, 90, "timers not fired after Redis came back", every=0.5)
    assert_each_fired_once(wall, ids)


def ready(engine) -> None:
    """Wait until the cluster fires timers (workers take a few seconds to start)."""
    deploy(engine, "wait_then_task.bpmn")
    [canary] = start_waiting(engine, 1, engine.clock.now() + timedelta(seconds=1))  # fired by a worker
    wait_for(lambda: engine.runtime.get(canary).active_elements == ["after"], 60, "cluster never fired")


def test_cycle_start_timer_fires_on_schedule(wall, cluster):
    cluster("w1")
    ready(wall)
    deploy(wall, "timer_start_seconds.bpmn")  # R3/PT2S
    wait_for(lambda: wall.runtime.list(definition="timer_start_seconds")[1] >= 3, 30, "cycle did not fire")
    views, total = wall.runtime.list(definition="timer_start_seconds")
    assert total == 3 and {v.started_by for v in views} == {"timer"}
    starts = sorted(v.started_at for v in views)
    assert starts == sorted(set(starts))
    with wall.reader() as uow:
        rows = [(t.status, t.detail["index"]) for t in uow.session.execute(
            select(Timer).where(Timer.handler == "start").order_by(Timer.due_at)).scalars()]
    assert rows == [("fired", 0), ("fired", 1), ("fired", 2)]  # none skipped: each fired on schedule


def test_boundary_timer_fires_and_the_overdue_task_escalates(wall, cluster):
    wall.identity.create_user("chief.tttt", roles=CHIEF.roles, groups=CHIEF.groups)
    cluster("w1")
    ready(wall)
    deploy(wall, "boundary_escalation.bpmn")
    inst = wall.runtime.start("boundary_escalation", SUPERVISOR)
    wait_for(lambda: wall.runtime.get(inst.id).active_elements == ["escalate"], 30, "boundary never fired")
    notices = [n.kind for n in wall.notifications.list(CHIEF)[0]]
    assert "escalation" in notices and "overdue" in notices
    types = event_types(wall, inst.id, SUPERVISOR)
    assert types.count("timer_fired") == 1 and "task_escalated" in types


def test_failing_connector_becomes_an_incident_and_retry_succeeds(wall, cluster):
    deploy(wall, "publish_portal.bpmn")
    wall.settings.job_backoff_seconds = 0.5  # jobs take their backoff from the engine that creates them
    with portal_server(failures=2) as portal:
        cluster("w1", PRESSDESK_PORTAL_URL=portal.url, PRESSDESK_JOB_BACKOFF_SECONDS="0.5")
        ready(wall)
        inst = wall.runtime.start("publish_portal", SUPERVISOR, variables={"headline": "T", "text": "B"})
        [incident] = wait_for(lambda: wall.management.incidents(SUPERVISOR)[0], 30, "no incident")
        assert len(portal.received) == 2 and "503" in incident.message
        wall.management.retry(incident.id, SUPERVISOR)
        wait_for(lambda: wall.runtime.get(inst.id).active_elements == ["check"], 30, "retry did not run")
    assert len(portal.received) == 3
    assert wall.runtime.get(inst.id).variables["portal_item_id"] == "item-3"


def test_worker_sends_notification_e_mail_through_smtp(wall, cluster):
    wall.identity.create_user("chief.tttt", roles=CHIEF.roles, groups=CHIEF.groups,
                              email="chief@so-tttt.test")
    deploy(wall, "one_task.bpmn")
    with smtp_server() as (box, port):
        cluster("w1", PRESSDESK_SMTP_HOST="127.0.0.1", PRESSDESK_SMTP_PORT=str(port))
        inst = wall.runtime.start("one_task", SUPERVISOR)
        [task] = wall.tasks.list(SUPERVISOR, scope="all", instance=inst.id)[0]
        wall.tasks.assign(task.id, "chief.tttt", SUPERVISOR)
        wait_for(lambda: box.messages, 30, "no e-mail arrived")
    [(rcpt, msg)] = box.messages
    assert rcpt == ["chief@so-tttt.test"] and "Trả lời" in msg["Subject"]
    # The worker marks the notice sent once the SMTP server has accepted it, so this may come a moment later.
    wait_for(lambda: wall.notifications.list(CHIEF)[0][0].email_status == "sent", 30,
             "notice never marked sent")
