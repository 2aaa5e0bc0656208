"""SLA of user tasks: reminder before the due date, overdue flag, escalation to supervisors, notices."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import ModelInvalid, NotFound, ValidationFailed
from engine.repository import ModelFile

from ..conftest import ANALYST, SUPERVISOR, person
from .helpers import deploy, event_types, model, task_named
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


def hanoi(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=LOCAL_TZ)


def sla_moments(engine, instance_id: str) -> dict[str, datetime]:
    timers = engine.management.timers(SUPERVISOR, instance=instance_id)[0]
    return {t.handler: datetime.fromisoformat(t.due_at).astimezone(LOCAL_TZ) for t in timers}


@pytest.mark.parametrize("due,reminder,escalation", [
    # Monday: the reminder two working days earlier skips the weekend (Thursday); escalation Tuesday.
    (hanoi(2026, 1, 12, 9), hanoi(2026, 1, 8, 9), hanoi(2026, 1, 13, 9)),
    # Wednesday 29 April: back over the Hùng Kings holiday (Monday 27, observed) and the weekend to
    # Friday 24; forward over 30/4, 1/5 and the weekend to Monday 4 May.
    (hanoi(2026, 4, 29, 9), hanoi(2026, 4, 24, 9), hanoi(2026, 5, 4, 9)),
])
def test_sla_offsets_in_working_days_skip_weekends_and_holidays(engine, staff, due, reminder, escalation):
    deploy(engine, "sla_working_days.bpmn")
    inst = engine.runtime.start("sla_working_days", OFFICER, variables={"due": due.isoformat()})
    assert sla_moments(engine, inst.id) == {"reminder": reminder, "overdue": due, "escalation": escalation}

    engine.clock.set(reminder - timedelta(seconds=1))
    assert engine.runtime.fire_due_timers() == 0
    engine.clock.set(reminder + timedelta(seconds=1))
    assert engine.runtime.fire_due_timers() == 1
    assert kinds(engine, OFFICER) == ["reminder"]
    engine.clock.set(escalation - timedelta(seconds=1))
    engine.runtime.fire_due_timers()  # the overdue notice, in between
    assert kinds(engine, OFFICER) == kinds(engine, CHIEF) == ["overdue", "reminder"]
    engine.clock.set(escalation + timedelta(seconds=1))
    engine.runtime.fire_due_timers()
    assert kinds(engine, CHIEF) == ["escalation", "overdue", "reminder"]
    assert "escalation" not in kinds(engine, OFFICER)


@pytest.mark.parametrize("props,words", [
    ('<camunda:property name="reminderBeforeWorkingDays" value="two"/>', "whole number of working days"),
    ('<camunda:property name="escalateAfterWorkingDays" value="-1"/>', "whole number of working days"),
    ('<camunda:property name="escalateAfterWorkingDays" value="999"/>', "from 0 to 250"),
    ('<camunda:property name="reminderBeforeWorkingDays" value="1"/>'
     '<camunda:property name="reminderBefore" value="PT4H"/>', "both set"),
])
def test_bad_working_day_offsets_are_refused_at_deploy(engine, props, words):
    xml = model("sla_working_days.bpmn").content.decode()
    start = xml.index("<camunda:properties>") + len("<camunda:properties>")
    xml = xml[:start] + props + xml[xml.index("</camunda:properties>"):]
    with pytest.raises(ModelInvalid, match=words):
        engine.repository.deploy([ModelFile("sla_working_days.bpmn", xml)], ANALYST)
