"""A day of each kind of user, through HTTP: in-process (SQLite) and against gunicorn (PostgreSQL)."""
from __future__ import annotations

import json
import uuid

from .conftest import MODELS

PAST = "2020-01-06T08:00:00+07:00"
FUTURE = "2099-01-05T08:00:00+07:00"


def start(http, due: str = FUTURE, user: str = "spokesperson.yte", **extra) -> dict:
    bk = f"HB-{uuid.uuid4().hex[:8]}"
    r = http.post("/api/v1/definitions/press_answer/instances", user,
                  json={"variables": {"due": due, **extra}, "business_key": bk})
    assert r.status == 201, r.text
    return r.json


def tasks_of(http, user: str, instance: str, **query) -> list[dict]:
    r = http.get("/api/v1/tasks", user, query_string={"instance": instance, **query})
    assert r.status == 200, r.text
    return r.json


def test_an_officer_lists_claims_and_completes_tasks(http):
    assert http.deploy("press_answer.bpmn", "answer_form.form").status in (200, 201)
    inst = start(http)
    [task] = tasks_of(http, "spokesperson.yte", inst["id"])
    assert task["element_id"] == "answer" and task["candidate_groups"] == ["so-y-te"]
    assert task["assignee"] is None and task["due_at"].startswith("2099-01-05T01:00:00")

    listing = http.get("/api/v1/tasks", "spokesperson.yte", query_string={"per_page": 1})
    assert listing.status == 200 and len(listing.json) == 1
    assert json.loads(listing.headers["X-Pagination"])["total"] >= 1

    claimed = http.post(f"/api/v1/tasks/{task['id']}/claim", "spokesperson.yte")
    assert claimed.status == 200 and claimed.json["assignee"] == "spokesperson.yte"
    mine = http.get("/api/v1/tasks", "spokesperson.yte",
                    query_string={"scope": "mine", "instance": inst["id"]})
    assert [t["id"] for t in mine.json] == [task["id"]]

    detail = http.get(f"/api/v1/tasks/{task['id']}", "spokesperson.yte")
    assert detail.json["form"] == "answer_form"
    assert [c["key"] for c in detail.json["form_definition"]["components"]] == ["answer", "channel", "pages"]

    comment = http.post(f"/api/v1/tasks/{task['id']}/comments", "spokesperson.yte",
                        json={"text": "Đã liên hệ phóng viên"})
    assert comment.status == 201 and comment.json["author"] == "spokesperson.yte"

    wrong = http.post(f"/api/v1/tasks/{task['id']}/complete", "spokesperson.yte",
                      json={"variables": {"answer": "ok", "channel": "fax"}})
    assert wrong.status == 422 and wrong.json["code"] == "validation_failed"
    assert {(e["field"], e["rule"]) for e in wrong.json["errors"]} == {("answer", "minLength"),
                                                                        ("channel", "options")}
    assert tasks_of(http, "spokesperson.yte", inst["id"])[0]["state"] == "open"

    done = http.post(f"/api/v1/tasks/{task['id']}/complete", "spokesperson.yte",
                     json={"variables": {"answer": "Sở Y tế trả lời bằng văn bản", "channel": "letter"}})
    assert done.status == 200 and done.json["state"] == "completed"
    again = http.post(f"/api/v1/tasks/{task['id']}/complete", "spokesperson.yte",
                      json={"variables": {"answer": "lần hai nữa"}})
    assert again.status == 409

    [publish] = tasks_of(http, "officer.vp", inst["id"])
    assert publish["element_id"] == "publish"
    assert tasks_of(http, "spokesperson.yte", inst["id"]) == []
    assert http.post(f"/api/v1/tasks/{publish['id']}/complete", "officer.vp", json={}).status == 200
    final = http.get(f"/api/v1/instances/{inst['id']}", "spokesperson.yte")
    assert final.json["status"] == "completed"
    assert final.json["variables"]["answer"] == "Sở Y tế trả lời bằng văn bản"


def test_a_supervisor_lists_late_work_and_terminates_an_instance(http):
    http.deploy("press_answer.bpmn", "answer_form.form")
    late, on_time = start(http, due=PAST), start(http, due=FUTURE)
    overdue = http.get("/api/v1/tasks", "supervisor", query_string={"scope": "all", "overdue": "true",
                                                                    "per_page": 500})
    ids = {t["instance_id"] for t in overdue.json}
    assert late["id"] in ids and on_time["id"] not in ids
    everything = http.get("/api/v1/tasks", "supervisor", query_string={"scope": "all", "per_page": 500})
    order = [t["instance_id"] for t in everything.json]
    assert order.index(late["id"]) < order.index(on_time["id"])  # overdue first

    r = http.post(f"/api/v1/instances/{late['id']}/terminate", "supervisor", json={"reason": "trùng hồ sơ"})
    assert r.status == 200 and r.json["status"] == "terminated" and r.json["ended_at"]
    assert tasks_of(http, "supervisor", late["id"], scope="all") == []
    assert http.post(f"/api/v1/instances/{late['id']}/terminate", "supervisor", json={}).status == 409
    terminated = http.get("/api/v1/instances", "supervisor",
                          query_string={"status": "terminated", "definition": "press_answer"})
    assert late["id"] in {i["id"] for i in terminated.json}
    assert http.post(f"/api/v1/instances/{on_time['id']}/terminate", "spokesperson.yte").status == 403


def test_an_analyst_deploys_a_new_version_and_running_instances_stay_on_the_old(http):
    key = f"press_answer_{uuid.uuid4().hex[:6]}"
    v1 = (MODELS / "press_answer.bpmn").read_text().replace('id="press_answer"', f'id="{key}"')
    r = http.deploy(files={f"{key}.bpmn": v1.encode()})
    assert r.status == 201 and r.json["key"] == key and r.json["version"] == 1 and r.json["executable"]
    assert http.deploy(files={f"{key}.bpmn": v1.encode()}).status == 200  # unchanged: no new version
    old = http.post(f"/api/v1/definitions/{key}/instances", "spokesperson.yte",
                    json={"variables": {"due": FUTURE}})
    assert old.status == 201 and old.json["version"] == 1

    v2 = v1.replace("Trả lời phóng viên", "Trả lời phóng viên (v2)")
    r = http.post("/api/v1/definitions", "analyst", data=v2.encode(),
                  headers={"Content-Type": "application/xml"}, query_string={"filename": f"{key}.bpmn"})
    assert r.status == 201 and r.json["version"] == 2
    detail = http.get(f"/api/v1/definitions/{key}", "analyst")
    assert [v["version"] for v in detail.json["versions"]] == [1, 2]
    assert "(v2)" not in http.get(f"/api/v1/definitions/{key}/xml", "analyst",
                                  query_string={"version": 1}).text

    new = http.post(f"/api/v1/definitions/{key}/instances", "spokesperson.yte",
                    json={"variables": {"due": FUTURE}})
    listed = {i["id"]: i["version"] for i in
              http.get("/api/v1/instances", "analyst", query_string={"definition": key}).json}
    assert listed == {old.json["id"]: 1, new.json["id"]: 2}
    [task] = tasks_of(http, "spokesperson.yte", old.json["id"])
    assert task["name"] == "Trả lời phóng viên"  # the old instance runs the old model

    refused = http.post("/api/v1/definitions/validate", "analyst",
                        data=b"<bpmn:definitions xmlns:bpmn='http://www.omg.org/spec/BPMN/20100524/MODEL'>",
                        headers={"Content-Type": "application/xml"})
    assert refused.status == 200 and refused.json["valid"] is False and refused.json["errors"]


def test_an_auditor_reads_and_verifies_a_completed_history(http):
    http.deploy("press_answer.bpmn", "answer_form.form")
    inst = start(http)
    [t1] = tasks_of(http, "spokesperson.yte", inst["id"])
    http.post(f"/api/v1/tasks/{t1['id']}/complete", "spokesperson.yte",
              json={"variables": {"answer": "Nội dung trả lời"}})
    [t2] = tasks_of(http, "officer.vp", inst["id"])
    http.post(f"/api/v1/tasks/{t2['id']}/complete", "officer.vp", json={})

    history = http.get(f"/api/v1/instances/{inst['id']}/history", "auditor", query_string={"per_page": 500})
    assert history.status == 200
    events = history.json
    assert events[0]["type"] == "instance_started" and events[-1]["type"] == "instance_completed"
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    assert all(e["prev_hash"] == p["hash"] for p, e in zip(events, events[1:], strict=False))
    assert json.loads(history.headers["X-Pagination"])["total"] == len(events)

    verified = http.get("/api/v1/audit/verify", "auditor", query_string={"instance": inst["id"]})
    assert verified.json == {"ok": True, "checked": len(events), "broken_at": None, "chain": inst["id"],
                             "reason": None}
    export = http.get("/api/v1/audit/export", "auditor", query_string={"format": "jsonl"})
    assert export.status == 200 and export.headers["Content-Type"].startswith("application/x-ndjson")
    exported = [json.loads(line) for line in export.text.splitlines()]
    assert [e["hash"] for e in exported if e["instance_id"] == inst["id"]] == [e["hash"] for e in events]
    csv = http.get("/api/v1/audit/export", "auditor", query_string={"format": "csv"})
    assert csv.text.splitlines()[0].startswith("instance_id,seq,at,actor")
    assert http.get("/api/v1/audit/export", "supervisor").status == 403
