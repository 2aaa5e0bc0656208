"""Four-eyes over HTTP: the drafter's claim or completion of the approval is a 403 that changes nothing."""
from __future__ import annotations

from pathlib import Path

from .conftest import flask_http
from .test_bad_input import snapshot

MODEL = Path(__file__).resolve().parents[1] / "integration" / "bpmn" / "four_eyes.bpmn"


def _open(http, user, iid):
    return {t["element_id"]: t for t in http.get(f"/api/v1/tasks?instance={iid}", user).json}


def test_the_drafter_gets_403_on_claim_and_complete_of_the_approval(app, app_engine):
    http = flask_http(app)
    assert http.deploy(files={"four_eyes.bpmn": MODEL.read_bytes()}).status == 201
    iid = http.post("/api/v1/definitions/four_eyes/instances", "officer.tttt", json={}).json["id"]
    draft = _open(http, "officer.tttt", iid)["draft"]
    assert http.post(f"/api/v1/tasks/{draft['id']}/complete", "officer.tttt",
                     json={"variables": {"text": "Dự thảo"}}).status == 200
    approve = _open(http, "officer.tttt", iid)["approve"]
    before = snapshot(app_engine)
    for action, body in (("complete", {"variables": {"decision": "approve"}}), ("claim", None)):
        reply = http.post(f"/api/v1/tasks/{approve['id']}/{action}", "officer.tttt", json=body)
        assert reply.status == 403, reply.text
        assert reply.json["code"] == "four_eyes" and "officer.tttt completed" in reply.json["message"]
    assert snapshot(app_engine) == before
    done = http.post(f"/api/v1/tasks/{approve['id']}/complete", "supervisor",
                     json={"variables": {"decision": "approve"}})
    assert done.status == 200 and done.json["completed_by"] == "supervisor"
