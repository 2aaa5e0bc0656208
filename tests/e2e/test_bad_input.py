"""Bad requests get a clear 4xx JSON error naming the problem, and change nothing in the database."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from engine.db.models import Base
from engine.identity import Actor

from .conftest import flask_http, open_incident

FUTURE = "2099-01-05T08:00:00+07:00"
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))
SUPERVISOR = Actor("supervisor", frozenset({"supervisor"}))
GHOST = "00000000-0000-4000-8000-000000000000"
DOCTYPE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           b'<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">&e;</bpmn:definitions>')
UNLANED = b"""<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="nowhere"/>
  </bpmn:process>
</bpmn:definitions>"""


def snapshot(engine) -> dict[str, list]:
    """Every row of every table (the test databases are small)."""
    with engine.reader() as uow:
        return {t.name: sorted(map(repr, uow.session.execute(select(t)).all()))
                for t in Base.metadata.sorted_tables}


@pytest.fixture
def scene(app, app_engine):
    http = flask_http(app)
    assert http.deploy("press_answer.bpmn", "answer_form.form").status == 201
    running = app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [task], _ = app_engine.tasks.list(YTE, instance=running.id)
    claimed_inst = app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [claimed], _ = app_engine.tasks.list(YTE, instance=claimed_inst.id)
    app_engine.tasks.claim(claimed.id, Actor("supervisor", frozenset({"supervisor"}), frozenset({"so-y-te"})))
    suspended = app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [frozen], _ = app_engine.tasks.list(YTE, instance=suspended.id)
    app_engine.runtime.suspend(suspended.id, SUPERVISOR)
    incident, resolved = open_incident(app_engine), open_incident(app_engine)
    app_engine.management.retry(resolved, SUPERVISOR)
    assigned = app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [given], _ = app_engine.tasks.list(YTE, instance=assigned.id)
    app_engine.tasks.assign(given.id, YTE.username, SUPERVISOR)
    [notice], _ = app_engine.notifications.list(YTE)
    return http, app_engine, {"instance": running.id, "task": task.id, "claimed": claimed.id,
                              "suspended": suspended.id, "frozen": frozen.id, "incident": incident,
                              "resolved": resolved, "notification": notice.id}


def bad_requests(ids):
    """(who, method, path, request kwargs, status, code) — each a mistake a client could make."""
    t, i = ids["task"], ids["instance"]
    raw = {"Content-Type": "application/json"}
    return [
        # malformed or wrongly shaped bodies
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/complete", {"data": b"{not json", "headers": raw},
         400, None),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/complete", {"json": {"variables": []}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/complete", {"json": {"vars": {}}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/complete",
         {"json": {"variables": {"answer": "đủ dài rồi", "__class__": 1}}}, 422, "validation_failed"),
        ("spokesperson.yte", "POST", "/api/v1/definitions/press_answer/instances",
         {"data": b"[1, 2", "headers": raw}, 400, None),
        ("spokesperson.yte", "POST", "/api/v1/definitions/press_answer/instances",
         {"json": {"variables": {"due": FUTURE}, "business_key": 7}}, 422, "invalid_request"),
        ("spokesperson.yte", "POST", "/api/v1/definitions/press_answer/instances",
         {"json": {"variables": {"due": "not a date"}}}, 422, None),
        ("supervisor", "POST", f"/api/v1/tasks/{t}/assign", {"json": {"user": "ghost"}}, 422,
         "validation_failed"),
        ("supervisor", "POST", f"/api/v1/tasks/{t}/assign", {"json": {}}, 422, "invalid_request"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/comments", {"json": {"text": ""}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "POST", "/api/v1/messages", {"json": {"correlation_key": "x"}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "GET", "/api/v1/tasks", {"query_string": {"per_page": 0}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "GET", "/api/v1/tasks", {"query_string": {"sort": "colour"}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "GET", "/api/v1/tasks", {"query_string": {"due_before": "tomorrow"}}, 422,
         "invalid_request"),
        ("supervisor", "GET", "/api/v1/instances", {"query_string": {"status": "sleeping"}}, 422,
         "invalid_request"),
        # wrong form data
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/complete",
         {"json": {"variables": {"answer": 5, "pages": 99}}}, 422, "validation_failed"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/complete", {"json": {"variables": {}}}, 422,
         "validation_failed"),
        # hostile or broken models
        ("analyst", "POST", "/api/v1/definitions", {"files": {"evil.bpmn": DOCTYPE}}, 422, None),
        ("analyst", "POST", "/api/v1/definitions", {"files": {"broken.bpmn": UNLANED}}, 422, "model_invalid"),
        ("analyst", "POST", "/api/v1/definitions", {"json": {"file": "x"}}, 422, "validation_failed"),
        ("analyst", "POST", "/api/v1/definitions", {"files": {"f.form": b"{}"}}, 422, "model_invalid"),
        ("analyst", "POST", "/api/v1/definitions",
         {"files": {"p.bpmn": b"x"}, "data": {"lane_map": "[1]"}}, 422, "validation_failed"),
        # unknown ids
        ("supervisor", "GET", f"/api/v1/tasks/{GHOST}", {}, 404, "not_found"),
        ("supervisor", "POST", f"/api/v1/tasks/{GHOST}/complete", {"json": {}}, 404, "not_found"),
        ("supervisor", "POST", f"/api/v1/tasks/{GHOST}/claim", {}, 404, "not_found"),
        ("supervisor", "GET", f"/api/v1/tasks/{GHOST}/comments", {}, 404, "not_found"),
        ("supervisor", "GET", f"/api/v1/instances/{GHOST}", {}, 404, "not_found"),
        ("supervisor", "POST", f"/api/v1/instances/{GHOST}/terminate", {}, 404, "not_found"),
        ("supervisor", "GET", f"/api/v1/instances/{GHOST}/diagram", {}, 404, "not_found"),
        ("auditor", "GET", f"/api/v1/instances/{GHOST}/history", {}, 404, "not_found"),
        ("auditor", "GET", "/api/v1/audit/verify", {"query_string": {"instance": GHOST}}, 404, "not_found"),
        ("analyst", "GET", "/api/v1/definitions/no_such_process", {}, 404, "not_found"),
        ("analyst", "GET", "/api/v1/definitions/press_answer/xml", {"query_string": {"version": 9}}, 404,
         "not_found"),
        ("spokesperson.yte", "POST", "/api/v1/definitions/no_such_process/instances", {"json": {}}, 404,
         "not_found"),
        ("spokesperson.yte", "POST", "/api/v1/messages", {"json": {"name": "nobody_waits"}}, 404,
         "not_found"),
        ("spokesperson.yte", "POST", "/api/v1/signals", {"json": {"name": "nobody_waits"}}, 404,
         "not_found"),
        ("spokesperson.yte", "POST", "/api/v1/signals", {"json": {"variables": {}}}, 422, "invalid_request"),
        ("spokesperson.yte", "POST", "/api/v1/signals",
         {"json": {"name": "x", "variables": {"__class__": 1}}}, 422, "validation_failed"),
        ("supervisor", "GET", "/api/v1/incidents/424242", {}, 404, "not_found"),
        ("supervisor", "POST", "/api/v1/incidents/424242/retry", {}, 404, "not_found"),
        ("admin", "POST", f"/api/v1/incidents/{2**63}/retry", {}, 404, "not_found"),
        ("spokesperson.yte", "POST", "/api/v1/notifications/424242/read", {}, 404, "not_found"),
        ("spokesperson.yte", "POST", f"/api/v1/notifications/{2**64}/read", {}, 404, "not_found"),
        # another user's notice is as unknown as one that does not exist
        ("officer.congan", "POST", f"/api/v1/notifications/{ids['notification']}/read", {}, 404,
         "not_found"),
        ("supervisor", "POST", f"/api/v1/notifications/{ids['notification']}/read", {}, 404, "not_found"),
        # bad arguments of the background lists and retry
        ("supervisor", "GET", "/api/v1/incidents", {"query_string": {"status": "sleeping"}}, 422,
         "invalid_request"),
        ("supervisor", "POST", f"/api/v1/incidents/{ids['incident']}/retry", {"json": {"attempts": 0}}, 422,
         "invalid_request"),
        ("supervisor", "POST", f"/api/v1/incidents/{ids['incident']}/retry", {"json": {"tries": 2}}, 422,
         "invalid_request"),
        ("spokesperson.yte", "GET", "/api/v1/notifications", {"query_string": {"unread": "maybe"}}, 422,
         "invalid_request"),
        # illegal transitions
        ("supervisor", "POST", f"/api/v1/instances/{i}/resume", {}, 409, "illegal_state"),
        ("supervisor", "POST", f"/api/v1/instances/{ids['suspended']}/suspend", {}, 409, "illegal_state"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{ids['frozen']}/complete",
         {"json": {"variables": {"answer": "đủ dài rồi"}}}, 409, "illegal_state"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{t}/unclaim", {}, 409, "illegal_state"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{ids['claimed']}/claim", {}, 409, "conflict"),
        ("spokesperson.yte", "POST", f"/api/v1/tasks/{ids['claimed']}/complete",
         {"json": {"variables": {"answer": "đủ dài rồi"}}}, 403, "forbidden"),
        ("supervisor", "POST", f"/api/v1/incidents/{ids['resolved']}/retry", {}, 409, "illegal_state"),
        # wrong method, unknown path
        ("supervisor", "DELETE", f"/api/v1/tasks/{t}", {}, 405, "method_not_allowed"),
        ("supervisor", "GET", "/api/v1/nothing/here", {}, 404, "not_found"),
    ]


def test_each_mistake_gets_a_clear_error_and_changes_nothing(scene):
    http, engine, ids = scene
    before = snapshot(engine)
    problems = []
    for who, method, path, kwargs, status, code in bad_requests(ids):
        reply = http.call(method, path, who, **kwargs)
        body = reply.json
        ok = (reply.status == status and body["status"] == status and body["message"]
              and (code is None or body["code"] == code) and "Traceback" not in reply.text)
        if not ok:
            problems.append((method, path, kwargs, reply.status, body))
    assert problems == []
    assert snapshot(engine) == before


def test_field_errors_name_the_field_and_where_it_was(scene):
    http, _, ids = scene
    reply = http.get("/api/v1/tasks", "spokesperson.yte", query_string={"per_page": 0, "scope": "x"})
    assert {(e["location"], e["field"]) for e in reply.json["errors"]} == {("query", "per_page"),
                                                                          ("query", "scope")}
    reply = http.post(f"/api/v1/tasks/{ids['task']}/complete", "spokesperson.yte",
                      json={"variables": {"answer": 5}})
    assert reply.json["errors"] == [{"field": "answer", "rule": "type", "message": "answer must be text"}]
    reply = http.post(f"/api/v1/tasks/{ids['task']}/complete", "spokesperson.yte", data=b"{",
                      headers={"Content-Type": "application/json"})
    assert reply.status == 400 and "JSON" in reply.json["message"]


def test_model_errors_list_element_and_line(scene):
    http, _, _ = scene
    reply = http.deploy(files={"broken.bpmn": UNLANED})
    assert reply.status == 422
    assert any(e["element_id"] == "f" and e["line"] for e in reply.json["errors"]), reply.json


BAD_JUEL = b"""<?xml version="1.0"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="bad_juel" isExecutable="true">
    <bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="g"/>
    <bpmn:exclusiveGateway id="g" default="f2"/>
    <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="e">
      <bpmn:conditionExpression>${a &gt; &amp;&amp; b}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f2" sourceRef="g" targetRef="e"/><bpmn:endEvent id="e"/>
  </bpmn:process>
</bpmn:definitions>"""


def test_a_malformed_expression_is_refused_with_element_line_and_column(scene):
    http, engine, _ = scene
    before = snapshot(engine)
    reply = http.deploy(files={"bad_juel.bpmn": BAD_JUEL})
    assert reply.status == 422 and reply.json["code"] == "model_invalid"
    [error] = [e for e in reply.json["errors"] if e["element_id"] == "f1"]
    assert error["line"] == 6 and "column 7: JUEL syntax error" in error["message"], error
    assert snapshot(engine) == before


def test_a_body_over_the_limit_is_refused_with_413(scene):
    http, engine, ids = scene
    before = snapshot(engine)
    big = b'{"text": "' + b"x" * (1024 * 1024 + 10) + b'"}'
    reply = http.post(f"/api/v1/tasks/{ids['task']}/comments", "spokesperson.yte", data=big,
                      headers={"Content-Type": "application/json"})
    assert reply.status == 413 and reply.json["code"] == "request_entity_too_large"
    reply = http.deploy(files={"huge.bpmn": b" " * (1024 * 1024 + 10)})
    assert reply.status == 413
    assert snapshot(engine) == before


def test_an_unexpected_failure_is_a_bare_500(scene, monkeypatch):
    http, engine, ids = scene

    def explode(*_args, **_kwargs):
        raise RuntimeError("password=hunter2 at /srv/secret.py line 3")

    monkeypatch.setattr(engine.runtime, "get", explode)
    reply = http.get(f"/api/v1/instances/{ids['instance']}", "supervisor")
    assert reply.status == 500
    assert reply.json == {"code": "internal_error", "status": 500, "message": "internal server error"}
