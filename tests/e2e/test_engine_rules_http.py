"""Engine rules over HTTP: four-eyes refusals are 403 and credentials that cannot be valid are 422 on their
field, both changing nothing."""
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


def test_an_expired_press_card_marked_valid_is_a_422_on_its_field(app, app_engine):
    from engine.identity import SYSTEM
    from engine.repository import read_model_files

    from ..conftest import ROOT

    app_engine.repository.deploy([f for f in read_model_files([ROOT / "processes", ROOT / "forms"])
                                  if f.name.startswith(("press_inquiry", "secrecy_review",
                                                        "portal_publication"))], SYSTEM)
    http = flask_http(app)
    start = {"journalist_name": "Trần Thị B", "press_agency": "Báo Biên Hòa", "question": "Tiến độ dự án?",
             "unit": "so-y-te"}
    iid = http.post("/api/v1/definitions/press_inquiry/instances", "spokesperson.yte",
                    json={"variables": start}).json["id"]
    intake = _open(http, "spokesperson.yte", iid)["intake"]
    before = snapshot(app_engine)
    card = {**{k: v for k, v in start.items() if k != "unit"}, "credential_type": "press_card",
            "credential_number": "HNB-1", "credential_valid_until": "2025-12-31", "credentials_ok": "yes"}
    reply = http.post(f"/api/v1/tasks/{intake['id']}/complete", "spokesperson.yte",
                      json={"variables": card})
    assert reply.status == 422, reply.text
    assert [e["field"] for e in reply.json["errors"]] == ["credential_valid_until"]
    assert snapshot(app_engine) == before
    card["credential_valid_until"] = "2026-12-31"
    assert http.post(f"/api/v1/tasks/{intake['id']}/complete", "spokesperson.yte",
                     json={"variables": card}).status == 200
