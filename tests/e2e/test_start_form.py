"""Starting a procedure whose start event has a form: what the starter submits is checked against the
form (422 with one error per field, nothing written) before the instance exists; the start page's form
lists the organisation's agencies and preselects the starter's own."""
from __future__ import annotations

from pathlib import Path

from engine.identity import SYSTEM
from engine.repository import read_model_files

from .conftest import flask_http
from .test_bad_input import snapshot

ROOT = Path(__file__).resolve().parents[2]
START = "/api/v1/definitions/press_inquiry/instances"
GOOD = {"journalist_name": "Trần Thị B", "press_agency": "Báo Biên Hòa",
        "question": "Tiến độ dự án đường ven sông?", "unit": "ubnd-bien-hoa", "answer_days": 3}


def _deployed(app, app_engine):
    files = [f for f in read_model_files([ROOT / "processes", ROOT / "forms"])
             if f.name.startswith(("press_inquiry", "secrecy_review", "portal_publication"))]
    app_engine.repository.deploy(files, SYSTEM)
    return flask_http(app)


def test_a_wrong_start_submission_is_refused_with_422_and_changes_nothing(app, app_engine):
    http = _deployed(app, app_engine)
    before = snapshot(app_engine)
    bad = {"journalist_name": "B", "question": "", "unit": "hoi-nha-bao", "answer_days": 90, "secret": 1}
    reply = http.post(START, "officer.bienhoa", json={"variables": bad, "business_key": "BH-2026-001"})
    assert reply.status == 422, reply.json
    rules = {(e["field"], e["rule"]) for e in reply.json["errors"]}
    assert rules == {("journalist_name", "minLength"), ("press_agency", "required"),
                     ("question", "required"), ("unit", "options"), ("answer_days", "max"),
                     ("secret", "unknown")}
    assert http.post(START, "officer.bienhoa", json={"variables": {}}).status == 422  # the form is required
    assert snapshot(app_engine) == before


def test_a_filled_in_start_form_starts_the_inquiry_for_the_chosen_unit(app, app_engine):
    http = _deployed(app, app_engine)
    reply = http.post(START, "officer.bienhoa", json={"variables": GOOD, "business_key": "BH-2026-002"})
    assert reply.status == 201, reply.json
    inst = app_engine.runtime.get(reply.json["id"])
    assert inst.variables["unit"] == "ubnd-bien-hoa" and inst.variables["journalist_name"] == "Trần Thị B"
    [intake] = app_engine.tasks.list(SYSTEM, scope="all", instance=inst.id)[0]
    assert intake.element_id == "intake" and intake.candidate_groups == ["ubnd-bien-hoa"]
    startable = {p["key"]: p for p in http.get("/api/v1/web/startable", "officer.bienhoa").json}
    assert startable["press_inquiry"]["start_form"] == "press_inquiry_received"
    form = http.get("/api/v1/web/forms/press_inquiry_received", "officer.bienhoa").json
    [unit] = [c for c in form["components"] if c.get("key") == "unit"]
    assert unit["properties"] == {"default": "starter_group"}
    assert "ubnd-bien-hoa" in [v["value"] for v in unit["values"]]
