"""Every endpoint × every kind of caller gets the expected status; other agencies' tasks stay hidden."""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

import jwt
import pytest

from api.auth.tokens import LocalTokens
from engine.identity import Actor

from .conftest import MODELS, flask_http, open_incident

FUTURE = "2099-01-05T08:00:00+07:00"
USERS = ("spokesperson.yte", "officer.congan", "supervisor", "analyst", "auditor", "admin")
BAD_TOKENS = ("no token", "expired", "forged", "alg none", "unknown user")
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))
FORM_OK = {"answer": "Nội dung trả lời đầy đủ"}


def _expect(yte, congan, supervisor, analyst, auditor, admin) -> dict[str, int]:
    return dict(zip(USERS, (yte, congan, supervisor, analyst, auditor, admin), strict=True))


ALL_200 = _expect(200, 200, 200, 200, 200, 200)
ADMIN_ONLY = _expect(403, 403, 403, 403, 403, 200)
# (name, method, path with {instance}/{task}, what the path needs fresh for each call, request, expected)
ENDPOINTS = [
    ("me", "GET", "/api/v1/auth/me", None, {}, ALL_200),
    ("definitions", "GET", "/api/v1/definitions", None, {}, ALL_200),
    ("deploy", "POST", "/api/v1/definitions", None, {"deploy": True}, _expect(403, 403, 403, 200, 403, 200)),
    ("validate", "POST", "/api/v1/definitions/validate", None, {"deploy": True},
     _expect(403, 403, 403, 200, 403, 200)),
    ("definition", "GET", "/api/v1/definitions/press_answer", None, {}, ALL_200),
    ("xml", "GET", "/api/v1/definitions/press_answer/xml", None, {}, ALL_200),
    ("start", "POST", "/api/v1/definitions/press_answer/instances", None,
     {"json": {"variables": {"due": FUTURE}}}, _expect(201, 403, 201, 403, 403, 201)),
    ("instances", "GET", "/api/v1/instances", None, {}, ALL_200),
    ("instance", "GET", "/api/v1/instances/{instance}", "instance", {},
     _expect(200, 404, 200, 200, 200, 200)),
    ("suspend", "POST", "/api/v1/instances/{instance}/suspend", "instance", {},
     _expect(403, 403, 200, 403, 403, 200)),
    ("resume", "POST", "/api/v1/instances/{instance}/resume", "suspended", {},
     _expect(403, 403, 200, 403, 403, 200)),
    ("terminate", "POST", "/api/v1/instances/{instance}/terminate", "instance", {"json": {}},
     _expect(403, 403, 200, 403, 403, 200)),
    ("diagram", "GET", "/api/v1/instances/{instance}/diagram", "instance", {},
     _expect(200, 404, 200, 200, 200, 200)),
    ("history", "GET", "/api/v1/instances/{instance}/history", "instance", {},
     _expect(200, 404, 200, 403, 200, 200)),
    ("message", "POST", "/api/v1/messages", None, {"json": {"name": "nobody_waits", "correlation_key": "x"}},
     _expect(404, 404, 404, 403, 403, 404)),
    ("signal", "POST", "/api/v1/signals", None, {"json": {"name": "nobody_waits"}},
     _expect(404, 404, 404, 403, 403, 404)),
    ("tasks", "GET", "/api/v1/tasks", None, {}, _expect(200, 200, 200, 403, 200, 200)),
    ("task", "GET", "/api/v1/tasks/{task}", "task", {}, _expect(200, 404, 200, 403, 200, 200)),
    ("claim", "POST", "/api/v1/tasks/{task}/claim", "task", {}, _expect(200, 404, 200, 403, 403, 403)),
    ("unclaim", "POST", "/api/v1/tasks/{task}/unclaim", "claimed", {}, _expect(200, 404, 200, 403, 403, 200)),
    ("assign", "POST", "/api/v1/tasks/{task}/assign", "task", {"json": {"user": "spokesperson.yte"}},
     _expect(403, 404, 200, 403, 403, 200)),
    ("complete", "POST", "/api/v1/tasks/{task}/complete", "task", {"json": {"variables": FORM_OK}},
     _expect(200, 404, 200, 403, 403, 403)),
    ("comments", "GET", "/api/v1/tasks/{task}/comments", "task", {}, _expect(200, 404, 200, 403, 200, 200)),
    ("comment", "POST", "/api/v1/tasks/{task}/comments", "task", {"json": {"text": "ghi chú"}},
     _expect(201, 404, 201, 403, 403, 201)),
    ("verify", "GET", "/api/v1/audit/verify", None, {}, _expect(403, 403, 200, 403, 200, 200)),
    ("export", "GET", "/api/v1/audit/export", None, {}, _expect(403, 403, 403, 403, 200, 200)),
    ("users", "GET", "/api/v1/users", None, {}, ADMIN_ONLY),
    ("new user", "POST", "/api/v1/users", "username",
     {"json": {"username": "{username}", "roles": ["officer"], "groups": ["so-y-te"]}},
     _expect(403, 403, 403, 403, 403, 201)),
    ("user", "GET", "/api/v1/users/officer.vp", None, {}, ADMIN_ONLY),
    ("replace user", "PUT", "/api/v1/users/officer.vp", None, {"json": {"roles": ["officer"],
                                                                       "groups": ["vp-ubnd"]}}, ADMIN_ONLY),
    ("disable", "POST", "/api/v1/users/officer.vp/disable", None, {}, ADMIN_ONLY),
    ("enable", "POST", "/api/v1/users/officer.vp/enable", None, {}, ADMIN_ONLY),
    ("incidents", "GET", "/api/v1/incidents", None, {}, _expect(403, 403, 200, 403, 403, 200)),
    ("incident", "GET", "/api/v1/incidents/{incident}", "incident", {},
     _expect(403, 403, 200, 403, 403, 200)),
    ("retry", "POST", "/api/v1/incidents/{incident}/retry", "incident", {},
     _expect(403, 403, 200, 403, 403, 200)),
    ("notifications", "GET", "/api/v1/notifications", None, {}, ALL_200),
    # The notice is the so-y-te spokesperson's: anybody else is told it does not exist.
    ("read", "POST", "/api/v1/notifications/{notification}/read", "notification", {},
     _expect(200, 404, 404, 404, 404, 404)),
    ("read-all", "POST", "/api/v1/notifications/read-all", None, {}, ALL_200),
]


@pytest.fixture
def world(app, app_engine, clock):
    http = flask_http(app)
    assert http.deploy("press_answer.bpmn", "answer_form.form").status == 201
    issuer = app.extensions["pressdesk_auth"].issuer
    expired = issuer.issue("supervisor").access_token
    clock.advance(timedelta(seconds=3601))
    forged = LocalTokens("someone-else's-secret", 3600, clock).issue("admin").access_token
    none_alg = jwt.encode({"sub": "admin", "iss": "pressdesk", "iat": 0, "exp": 2**40}, None,
                          algorithm="none")
    http = flask_http(app)  # its tokens are issued from now on
    bad = {"expired": expired, "forged": forged, "alg none": none_alg,
           "unknown user": issuer.issue("nobody").access_token}
    return http, app_engine, bad


def fresh(engine, need: str | None) -> dict[str, str]:
    """A new instance of press_answer (started by the so-y-te spokesperson) in the state a call needs;
    or a new open incident; or a new notice to the spokesperson (a supervisor assigned them a task)."""
    if need is None:
        return {}
    if need == "username":
        return {"username": f"user.{uuid.uuid4().hex[:8]}"}
    if need == "incident":
        return {"incident": open_incident(engine)}
    inst = engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [task], _ = engine.tasks.list(YTE, instance=inst.id)
    if need == "suspended":
        engine.runtime.suspend(inst.id, Actor("supervisor", frozenset({"supervisor"})))
    if need == "claimed":
        engine.tasks.claim(task.id, YTE)
    if need == "notification":
        engine.tasks.assign(task.id, YTE.username, Actor("supervisor", frozenset({"supervisor"})))
        [notice], _ = engine.notifications.list(YTE, unread=True, per_page=1)
        return {"notification": notice.id}
    return {"instance": inst.id, "task": task.id}


def send(http, method, path, request, user=None, headers=None, ids=None):
    kwargs = {k: v for k, v in request.items() if k != "deploy"}
    if "json" in kwargs and ids:
        kwargs["json"] = {k: v.format(**ids) if isinstance(v, str) else v for k, v in kwargs["json"].items()}
    if request.get("deploy"):
        kwargs["files"] = {"press_answer.bpmn": (MODELS / "press_answer.bpmn").read_bytes()}
    return http.call(method, path, user, headers=headers, **kwargs)


@pytest.mark.parametrize("name,method,path,need,request_,expected", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_every_caller_gets_the_expected_status(world, name, method, path, need, request_, expected):
    http, engine, bad = world
    got, wanted = {}, {}
    for principal in USERS + BAD_TOKENS:
        ids = fresh(engine, need)
        target = path.format(**ids)
        if principal in USERS:
            reply = send(http, method, target, request_, principal, ids=ids)
        else:
            headers = {} if principal == "no token" else {"Authorization": f"Bearer {bad[principal]}"}
            reply = send(http, method, target, request_, headers=headers, ids=ids)
        got[principal] = reply.status
        wanted[principal] = expected.get(principal, 401)
        assert reply.headers["Content-Type"].split(";")[0] in (
            "application/json", "application/xml", "application/x-ndjson"), reply.headers["Content-Type"]
        if reply.status >= 400:
            assert reply.json["status"] == reply.status and reply.json["message"]
        if reply.status == 401:
            assert reply.headers["WWW-Authenticate"].startswith("Bearer")
    assert got == wanted


def test_tokens_expire_by_the_engine_clock(app, clock):
    http = flask_http(app)
    token = http.token("auditor")
    assert http.get("/api/v1/auth/me", "auditor").status == 200
    clock.advance(timedelta(seconds=3599))
    assert http.get("/api/v1/auth/me", "auditor").status == 200
    clock.advance(timedelta(seconds=2))
    reply = http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    assert reply.status == 401 and reply.json["code"] == "token_expired"


def test_sign_in_with_a_password(app):
    http = flask_http(app)
    ok = http.post("/api/v1/auth/token", json={"username": "officer.vp", "password": "demo"})
    assert ok.status == 200 and ok.json["token_type"] == "Bearer" and ok.json["expires_in"] == 3600
    me = http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {ok.json['access_token']}"})
    assert me.json == {"username": "officer.vp", "roles": ["officer"], "groups": ["vp-ubnd"]}
    wrong = http.post("/api/v1/auth/token", json={"username": "officer.vp", "password": "nope"})
    assert wrong.status == 401 and wrong.json["code"] == "invalid_credentials"
    nobody = http.post("/api/v1/auth/token", json={"username": "ghost", "password": "demo"})
    assert nobody.status == 401 and nobody.json["message"] == wrong.json["message"]


def test_another_agency_cannot_read_claim_or_complete_a_task_by_its_id(world):
    http, engine, _ = world
    ids = fresh(engine, "task")
    task, inst = ids["task"], ids["instance"]
    before = engine.history.events(inst, Actor("auditor", frozenset({"auditor"})))[1]
    police = "officer.congan"
    for method, path, body in [
        ("GET", f"/api/v1/tasks/{task}", None), ("POST", f"/api/v1/tasks/{task}/claim", None),
        ("POST", f"/api/v1/tasks/{task}/complete", {"variables": FORM_OK}),
        ("POST", f"/api/v1/tasks/{task}/unclaim", None),
        ("POST", f"/api/v1/tasks/{task}/assign", {"user": police}),
        ("GET", f"/api/v1/tasks/{task}/comments", None),
        ("POST", f"/api/v1/tasks/{task}/comments", {"text": "x"}),
        ("GET", f"/api/v1/instances/{inst}", None), ("GET", f"/api/v1/instances/{inst}/diagram", None),
        ("GET", f"/api/v1/instances/{inst}/history", None),
    ]:
        reply = http.call(method, path, police, json=body)
        assert reply.status == 404, (path, reply.status)
        # Exactly what an id that does not exist gets: the answer tells nothing about the task.
        unknown = "00000000-0000-4000-8000-000000000000"
        ghost = http.call(method, path.replace(task, unknown).replace(inst, unknown), police, json=body)
        assert reply.text.replace(task, unknown).replace(inst, unknown) == ghost.text
    assert http.get("/api/v1/tasks", police, query_string={"instance": inst}).json == []
    assert http.get("/api/v1/instances", police, query_string={"per_page": 500}).json == []
    row = engine.tasks.get(task, YTE)
    assert row.state == "open" and row.assignee is None
    assert engine.history.events(inst, Actor("auditor", frozenset({"auditor"})))[1] == before


def test_the_admin_manages_users_and_a_disabled_user_is_locked_out(app):
    http = flask_http(app)
    creds = {"username": "officer.longkhanh", "password": "s3cret-pass"}
    made = http.post("/api/v1/users", "admin",
                     json={**creds, "roles": ["officer"], "groups": ["ubnd-long-khanh"]})
    assert made.status == 201 and made.json["groups"] == ["ubnd-long-khanh"] and made.json["active"]
    assert http.post("/api/v1/users", "admin", json={"username": "officer.longkhanh"}).status == 422
    assert http.post("/api/v1/users", "admin", json={"username": "x", "groups": ["nowhere"]}).status == 422
    signed = http.post("/api/v1/auth/token", json=creds)
    token = {"Authorization": f"Bearer {signed.json['access_token']}"}
    assert http.get("/api/v1/tasks", headers=token).status == 200
    moved = http.call("PUT", "/api/v1/users/officer.longkhanh", "admin",
                      json={"roles": ["officer", "spokesperson"], "groups": ["ubnd-bien-hoa"]})
    assert moved.json["groups"] == ["ubnd-bien-hoa"]
    assert http.get("/api/v1/auth/me", headers=token).json["groups"] == ["ubnd-bien-hoa"]
    assert http.post("/api/v1/auth/token", json=creds).status == 200  # the password was kept
    assert http.post("/api/v1/users/officer.longkhanh/disable", "admin").json["active"] is False
    assert http.get("/api/v1/tasks", headers=token).status == 401
    assert http.post("/api/v1/auth/token", json=creds).status == 401
    http.post("/api/v1/users/officer.longkhanh/enable", "admin")
    assert http.get("/api/v1/tasks", headers=token).status == 200
    listed = http.get("/api/v1/users", "admin", query_string={"per_page": 5})
    assert len(listed.json) == 5 and json.loads(listed.headers["X-Pagination"])["total"] == 14
    assert http.call("PUT", "/api/v1/users/ghost", "admin", json={}).status == 404


def test_roles_and_groups_are_cached_only_briefly():
    from api.auth.access import ActorCache
    from engine.errors import NotFound

    calls = []

    class Identity:
        def actor(self, name):
            calls.append(name)
            if name == "ghost":
                raise NotFound(name)
            return Actor(name)

    cache = ActorCache(Identity(), ttl_seconds=60)
    assert cache.get("a") == cache.get("a") == Actor("a")
    assert calls == ["a"]
    for _ in range(2):
        with pytest.raises(NotFound):
            cache.get("ghost")
    assert calls == ["a", "ghost", "ghost"]  # refusals are never cached
    uncached = ActorCache(Identity(), ttl_seconds=0)
    uncached.get("b")
    uncached.get("b")
    assert calls[-2:] == ["b", "b"]
