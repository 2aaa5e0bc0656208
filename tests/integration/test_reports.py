"""The web pages' reports: dashboard counts, SLA per agency, auditor search/export, forms, start list."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from engine.errors import Forbidden, NotFound, ValidationFailed
from engine.reports import ReportService
from engine.repository import ModelFile

from ..conftest import AUDITOR, OFFICER_TTTT, OFFICER_YTE, SUPERVISOR
from .helpers import deploy, open_tasks

FORM = {"id": "answer_form", "type": "default", "components": [{"type": "textfield", "key": "answer",
                                                                 "id": "f_answer", "label": "Trả lời"}]}


@pytest.fixture
def reports(engine) -> ReportService:
    deploy(engine, "one_task.bpmn")
    return engine.reports


def _finish(engine, instance_id: str) -> None:
    task = open_tasks(engine, instance_id, OFFICER_TTTT)[0]
    engine.tasks.complete(task.id, OFFICER_TTTT, {"answer": "xong"})


def test_summary_counts_instances_by_status_and_tasks_by_agency(engine, reports, clock):
    late = engine.runtime.start("one_task", SUPERVISOR, business_key="A-1")
    clock.advance(days=3)  # past the P2D due date of the first task
    engine.runtime.start("one_task", SUPERVISOR, business_key="A-2")
    done = engine.runtime.start("one_task", SUPERVISOR, business_key="A-3")
    _finish(engine, done.id)

    summary = reports.summary(SUPERVISOR)
    assert summary["instances"] == [{"key": "one_task", "name": "Một việc",
                                     "counts": {"running": 2, "completed": 1}}]
    assert summary["agencies"] == [{"code": "so-tttt", "name": "Sở Thông tin và Truyền thông",
                                    "name_en": "Sở Thông tin và Truyền thông",
                                    "open": 2, "overdue": 1, "escalated": 0}]
    assert late.id
    with pytest.raises(Forbidden):
        reports.summary(OFFICER_TTTT)


def test_sla_gives_on_time_share_and_median_answer_time_per_agency(engine, reports, clock):
    start = clock.now()
    on_time = engine.runtime.start("one_task", SUPERVISOR)
    clock.advance(hours=4)
    _finish(engine, on_time.id)          # 4 h, before the due date
    slow = engine.runtime.start("one_task", SUPERVISOR)
    clock.advance(days=5)
    _finish(engine, slow.id)             # 120 h, late
    rows = reports.sla(SUPERVISOR, start, clock.now() + timedelta(seconds=1))
    assert rows == [{"code": "so-tttt", "name": "Sở Thông tin và Truyền thông",
                     "name_en": "Sở Thông tin và Truyền thông", "completed": 2,
                     "with_due": 2, "on_time_share": 0.5, "median_hours": 62.0}]
    assert reports.sla(SUPERVISOR, start - timedelta(days=9), start) == []
    with pytest.raises(ValidationFailed):
        reports.sla(SUPERVISOR, start, start)


def test_audit_search_filters_and_export_streams_only_the_selection(engine, reports, clock):
    a = engine.runtime.start("one_task", SUPERVISOR, business_key="BK-1")
    b = engine.runtime.start("one_task", SUPERVISOR, business_key="BK-2")
    _finish(engine, a.id)
    found, total = reports.audit_instances(AUDITOR, business_key="BK-1", definition=None, since=None,
                                           until=None, agency=None, actor_name=None)
    assert total == 1 and found[0]["id"] == a.id and found[0]["status"] == "completed"
    by_actor, _ = reports.audit_instances(AUDITOR, definition="one_task", since=None, until=None,
                                          agency="so-tttt", business_key=None, actor_name="officer.tttt")
    assert [i["id"] for i in by_actor] == [a.id]
    lines = [json.loads(x) for x in reports.audit_export(AUDITOR, "jsonl", definition=None, since=None,
                                                         until=None, agency=None, business_key=None,
                                                         actor_name="officer.tttt")]
    assert {ev["instance_id"] for ev in lines} == {a.id}
    assert [ev["seq"] for ev in lines] == list(range(1, len(lines) + 1))
    csv_text = "".join(reports.audit_export(AUDITOR, "csv", instance=b.id, definition=None, since=None,
                                            until=None, agency=None, business_key=None, actor_name=None))
    assert csv_text.splitlines()[0].startswith("instance_id,seq,at")
    assert b.id in csv_text and a.id not in csv_text
    with pytest.raises(Forbidden):
        reports.audit_instances(SUPERVISOR, definition=None, since=None, until=None, agency=None,
                                business_key=None, actor_name=None)


def test_forms_newest_version_wins_and_unknown_form_is_not_found(engine, reports):
    engine.repository.deploy([ModelFile("answer_form.form", json.dumps(FORM).encode())], SUPERVISOR)
    newer = {**FORM, "components": [*FORM["components"], {"type": "number", "key": "pages", "id": "f_p"}]}
    engine.repository.deploy([ModelFile("answer_form.form", json.dumps(newer).encode())], SUPERVISOR)
    assert [f["id"] for f in reports.forms()] == ["answer_form"]
    assert len(reports.form("answer_form")["components"]) == 2
    assert reports.form("camunda-forms:deployment:answer_form.form")["id"] == "answer_form"
    with pytest.raises(NotFound):
        reports.form("no_such_form")


def test_startable_lists_procedures_of_the_users_lanes(engine, reports):
    assert [p["key"] for p in reports.startable(OFFICER_TTTT)] == ["one_task"]
    assert reports.startable(OFFICER_YTE) == []
    assert reports.startable(SUPERVISOR)[0]["start_form"] is None


def test_escalation_tasks_count_as_escalated(engine, reports):
    deploy(engine, "reports_escalation.bpmn")  # its task has the escalations' priority 90
    engine.runtime.start("reports_escalation", SUPERVISOR)
    engine.runtime.start("one_task", SUPERVISOR)
    [agency] = reports.summary(SUPERVISOR)["agencies"]
    assert (agency["open"], agency["escalated"]) == (2, 1)
