"""The incident and notification endpoints: lists with filters and X-Pagination, retry, read."""
from __future__ import annotations

import json

import pytest

from engine.identity import Actor

from .conftest import flask_http, open_incident

FUTURE = "2099-01-05T08:00:00+07:00"
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))
SUPERVISOR = Actor("supervisor", frozenset({"supervisor"}))


@pytest.fixture
def http(app, app_engine):
    http = flask_http(app)
    assert http.deploy("press_answer.bpmn", "answer_form.form").status == 201
    return http


def pages(reply) -> dict:
    return json.loads(reply.headers["X-Pagination"])


def test_incidents_list_filter_page_and_retry(http, app_engine):
    first, second, third = (open_incident(app_engine) for _ in range(3))
    reply = http.get("/api/v1/incidents", "supervisor", query_string={"per_page": 2})
    assert reply.status == 200 and [i["id"] for i in reply.json] == [third, second]  # newest first
    assert pages(reply) == {"total": 3, "total_pages": 2, "page": 1, "per_page": 2, "first_page": 1,
                                 "last_page": 2, "next_page": 2}
    page2 = http.get("/api/v1/incidents", "supervisor", query_string={"per_page": 2, "page": 2})
    assert [i["id"] for i in page2.json] == [first]
    one = http.get(f"/api/v1/incidents/{first}", "admin").json
    assert one["type"] == "failed_job" and one["element_id"] == "publish" and one["status"] == "open"
    assert one["definition_key"] == "publish_portal" and "PRESSDESK_PORTAL_URL" in one["message"]
    mine = http.get("/api/v1/incidents", "supervisor", query_string={"instance": one["instance_id"]}).json
    assert [i["id"] for i in mine] == [first]

    retried = http.post(f"/api/v1/incidents/{first}/retry", "supervisor", json={"attempts": 1})
    assert retried.status == 200 and retried.json["status"] == "resolved"
    assert retried.json["resolved_by"] == "supervisor" and retried.json["resolved_at"]
    [job], _ = app_engine.management.jobs(SUPERVISOR, instance=one["instance_id"])
    assert job.status == "waiting" and job.max_attempts == job.attempts + 1  # due again, one more try
    assert [i["id"] for i in http.get("/api/v1/incidents", "supervisor").json] == [third, second]
    resolved = http.get("/api/v1/incidents", "supervisor", query_string={"status": "resolved"}).json
    assert [i["id"] for i in resolved] == [first]
    every = http.get("/api/v1/incidents", "supervisor", query_string={"status": "all"})
    assert pages(every)["total"] == 3
    again = http.post(f"/api/v1/incidents/{first}/retry", "supervisor")
    assert again.status == 409 and again.json["code"] == "illegal_state"


def test_the_retried_job_runs_again_and_a_new_failure_is_a_new_incident(http, app_engine):
    first = open_incident(app_engine)
    assert http.post(f"/api/v1/incidents/{first}/retry", "supervisor", json={"attempts": 1}).status == 200
    app_engine.clock.advance(seconds=1)
    app_engine.runtime.fire_due_timers()  # still no portal configured: the one new attempt fails too
    [newer] = http.get("/api/v1/incidents", "supervisor").json
    assert newer["id"] != first and newer["status"] == "open"


def _assign_to_yte(engine) -> str:
    inst = engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [task], _ = engine.tasks.list(YTE, instance=inst.id)
    engine.tasks.assign(task.id, YTE.username, SUPERVISOR)
    return task.id


def test_notifications_are_the_callers_own_and_can_be_read(http, app_engine):
    tasks = [_assign_to_yte(app_engine) for _ in range(3)]
    reply = http.get("/api/v1/notifications", "spokesperson.yte", query_string={"per_page": 2})
    assert reply.status == 200 and pages(reply)["total"] == 3 and len(reply.json) == 2
    newest = reply.json[0]
    assert newest["kind"] == "assignment" and newest["task_id"] == tasks[-1] and newest["read_at"] is None
    assert "Trả lời phóng viên" in newest["title"]
    assert http.get("/api/v1/notifications", "officer.congan").json == []  # nobody else's notices

    read = http.post(f"/api/v1/notifications/{newest['id']}/read", "spokesperson.yte")
    assert read.status == 200 and read.json["read_at"]
    again = http.post(f"/api/v1/notifications/{newest['id']}/read", "spokesperson.yte")
    assert again.json["read_at"] == read.json["read_at"]  # reading twice keeps the first time
    unread = http.get("/api/v1/notifications", "spokesperson.yte", query_string={"unread": "true"})
    assert pages(unread)["total"] == 2 and newest["id"] not in [n["id"] for n in unread.json]

    done = http.post("/api/v1/notifications/read-all", "spokesperson.yte")
    assert done.status == 200 and done.json == {"marked": 2}
    assert http.get("/api/v1/notifications", "spokesperson.yte", query_string={"unread": "true"}).json == []
    assert http.post("/api/v1/notifications/read-all", "spokesperson.yte").json == {"marked": 0}
    assert pages(http.get("/api/v1/notifications", "spokesperson.yte"))["total"] == 3
