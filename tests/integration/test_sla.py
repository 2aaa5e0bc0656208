"""SLA of user tasks: reminder before the due date, overdue flag, escalation to supervisors, notices."""
from __future__ import annotations

import pytest

from engine.errors import NotFound, ValidationFailed

from ..conftest import SUPERVISOR, person
from .helpers import deploy, event_types, task_named
from .servers import smtp_server

OFFICER = person("officer.tttt", "so-tttt")
COLLEAGUE = person("reporter.tttt", "so-tttt")
CHIEF = person("chief.tttt", "so-tttt", roles=("officer", "supervisor"))
OTHER_CHIEF = person("chief.vp", "vp-ubnd", roles=("officer", "supervisor"))


@pytest.fixture
def staff(engine):
    for actor, email in ((OFFICER, "officer@so-tttt.test"), (COLLEAGUE, None),
                         (CHIEF, "chief@so-tttt.test"), (OTHER_CHIEF, "chief@vp.test")):
        engine.identity.create_user(actor.username, password="demo", roles=actor.roles, groups=actor.groups,
                                    email=email)


def kinds(engine, actor) -> list[str]:
    return sorted(n.kind for n in engine.notifications.list(actor)[0])


def test_reminder_overdue_and_escalation(engine, staff):
    deploy(engine, "sla_task.bpmn")
    inst = engine.runtime.start("sla_task", OFFICER)
    task = task_named(engine, inst.id, "answer", OFFICER)
    waiting = engine.management.timers(SUPERVISOR, instance=inst.id)[0]
    assert sorted(t.handler for t in waiting) == ["escalation", "overdue", "reminder"]

    engine.clock.advance(days=1, hours=20, seconds=1)  # four hours before the due date
    assert engine.runtime.fire_due_timers() == 1  # the reminder (its e-mails are due from now on)
    assert kinds(engine, OFFICER) == kinds(engine, COLLEAGUE) == kinds(engine, CHIEF) == ["reminder"]
    assert kinds(engine, OTHER_CHIEF) == []  # not a candidate group of the task
    assert not engine.tasks.get(task.id, OFFICER).overdue

    engine.tasks.claim(task.id, OFFICER)
    engine.clock.advance(hours=4)
    engine.runtime.fire_due_timers()
    assert engine.tasks.get(task.id, OFFICER).overdue
    assert kinds(engine, OFFICER) == ["overdue", "reminder"]
    assert kinds(engine, COLLEAGUE) == ["reminder"]  # the task is the assignee's now
    overdue_only, _ = engine.tasks.list(SUPERVISOR, scope="all", overdue=True)
    assert [t.id for t in overdue_only] == [task.id]

    engine.clock.advance(hours=2)
    engine.runtime.fire_due_timers()
    assert kinds(engine, CHIEF) == ["escalation", "reminder"]
    assert "escalation" not in kinds(engine, OFFICER) and kinds(engine, OTHER_CHIEF) == []
    types = event_types(engine, inst.id, SUPERVISOR)
    assert [t for t in types if t.startswith("task_") and t != "task_created"] == [
        "task_reminded", "task_claimed", "task_overdue", "task_escalated"]
    assert engine.management.timers(SUPERVISOR, instance=inst.id)[1] == 0  # nothing left waiting


def test_completing_in_time_cancels_the_sla_timers(engine, staff):
    deploy(engine, "sla_task.bpmn")
    inst = engine.runtime.start("sla_task", OFFICER)
    engine.tasks.complete(task_named(engine, inst.id, "answer", OFFICER).id, OFFICER)
    assert engine.management.timers(SUPERVISOR, instance=inst.id)[1] == 0
    cancelled, _ = engine.management.timers(SUPERVISOR, status="cancelled", instance=inst.id)
    assert sorted(t.handler for t in cancelled) == ["escalation", "overdue", "reminder"]
    engine.clock.advance(days=10)
    engine.runtime.fire_due_timers()
    assert kinds(engine, OFFICER) == [] and kinds(engine, CHIEF) == []


def test_assignment_notice_is_e_mailed_through_smtp(engine, staff):
    deploy(engine, "sla_task.bpmn")
    inst = engine.runtime.start("sla_task", OFFICER)
    task = task_named(engine, inst.id, "answer", OFFICER)
    with smtp_server() as (box, port):
        engine.settings.smtp_host, engine.settings.smtp_port = "127.0.0.1", port
        engine.tasks.assign(task.id, "officer.tttt", CHIEF)
        [notice] = engine.notifications.list(OFFICER)[0]
        assert notice.kind == "assignment" and notice.email_status == "pending"
        engine.clock.advance(seconds=1)
        assert engine.runtime.fire_due_timers() == 1  # the e-mail job
        [(rcpt, msg)] = box.messages
    assert rcpt == ["officer@so-tttt.test"] and "Trả lời phóng viên" in msg["Subject"]
    assert "Trả lời phóng viên" in msg.get_content()
    assert engine.notifications.list(OFFICER)[0][0].email_status == "sent"


def test_notices_are_private_and_marked_read(engine, staff):
    deploy(engine, "sla_task.bpmn")
    inst = engine.runtime.start("sla_task", OFFICER)
    engine.tasks.assign(task_named(engine, inst.id, "answer", OFFICER).id, "reporter.tttt", CHIEF)
    [notice] = engine.notifications.list(COLLEAGUE)[0]
    with pytest.raises(NotFound):
        engine.notifications.mark_read(notice.id, OFFICER)  # someone else's notice
    with pytest.raises(NotFound):
        engine.notifications.mark_read(999_999, COLLEAGUE)
    assert engine.notifications.list(COLLEAGUE, unread=True)[1] == 1
    assert engine.notifications.mark_read(notice.id, COLLEAGUE).read_at is not None
    assert engine.notifications.list(COLLEAGUE, unread=True)[1] == 0
    assert engine.notifications.mark_all_read(COLLEAGUE) == 0
    with pytest.raises(ValidationFailed):
        engine.notifications.list(COLLEAGUE, per_page=0)
