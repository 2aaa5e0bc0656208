"""POST /api/v1/signals over HTTP: waiting instances hear it, signal-start processes start, and an unknown
signal is a 404 that changes nothing (Camunda's REST API answers 204 there; pressdesk, like its message
endpoint, says that nobody listened)."""
from __future__ import annotations

from pathlib import Path

from engine.identity import Actor

from .conftest import flask_http

INTEGRATION = Path(__file__).resolve().parent.parent / "integration" / "bpmn"
SYSTEM = Actor("system", frozenset({"admin"}))


def test_signal_over_http(app, app_engine):
    http = flask_http(app)
    for name in ("events_signal_catch.bpmn", "events_signal_start.bpmn"):
        assert http.deploy(files={name: (INTEGRATION / name).read_bytes()}).status == 201
    inst = app_engine.runtime.start("events_signal_catch", SYSTEM)
    before = app_engine.history.for_instance(inst.id, SYSTEM)
    unknown = http.post("/api/v1/signals", "spokesperson.yte", json={"name": "nobody_listens"})
    assert unknown.status == 404 and unknown.json["code"] == "not_found"
    assert app_engine.history.for_instance(inst.id, SYSTEM) == before
    reply = http.post("/api/v1/signals", "spokesperson.yte", json={"name": "publish", "variables": {"n": 1}})
    assert reply.status == 200, reply.json
    assert reply.json["delivered"] == [inst.id] and len(reply.json["started"]) == 1
    started = app_engine.runtime.get(reply.json["started"][0])
    assert started.definition_key == "events_signal_start" and started.variables["n"] == 1
    assert http.post("/api/v1/signals", "analyst", json={"name": "publish"}).status == 403
