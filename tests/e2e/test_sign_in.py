"""Sign-in hardening on SQLite and the real PostgreSQL: lockout per user name and per address whose state
lives in the database (two apps on one database stand for two gunicorn workers), one answer for an
unknown user and a wrong password, security events for the admin, the password policy, and revocation
of tokens on sign-out, password change and disabling, seen by another worker within its cache time."""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from api import create_app
from api.settings import ApiSettings
from engine import ProcessEngine

PASSWORD = "Lanh-dao-2026"
TOKEN = "/api/v1/auth/token"


@pytest.fixture
def apps(engine):
    """Two apps ("workers") on one database: the first without an actor cache, the second trusting a
    user's roles and token generation for 5 s of the engine clock."""
    for name, roles in (("officer.vp", ["officer"]), ("admin", ["admin"])):
        engine.identity.create_user(name, password=PASSWORD, roles=roles, groups=["vp-ubnd"])
    second = ProcessEngine(engine.settings, clock=engine.clock)
    yield (create_app(engine, ApiSettings(actor_cache_seconds=0)),
           create_app(second, ApiSettings(actor_cache_seconds=5)))
    second.dispose()


def sign_in(app, username, password=PASSWORD, address="10.0.0.1"):
    return app.test_client().post(TOKEN, json={"username": username, "password": password},
                                  environ_base={"REMOTE_ADDR": address})


def bearer(reply) -> dict[str, str]:
    return {"Authorization": f"Bearer {reply.get_json()['access_token']}"}


def test_five_failures_lock_a_user_name_on_every_worker_and_unknown_names_look_the_same(apps, engine):
    one, two = apps
    for attempt in range(5):  # alternate workers: the count is in the database
        wrong = sign_in(one if attempt % 2 else two, "officer.vp", "not-the-password")
        ghost = sign_in(two if attempt % 2 else one, "officer.ghost", "not-the-password")
        assert wrong.status_code == ghost.status_code == 401
        assert wrong.get_json() == ghost.get_json() == {
            "code": "invalid_credentials", "status": 401, "message": "wrong user name or password"}
    locked, ghost = sign_in(two, "officer.vp"), sign_in(one, "officer.ghost", PASSWORD)
    assert locked.status_code == ghost.status_code == 429  # even the right password
    assert locked.get_json() == ghost.get_json() and locked.get_json()["code"] == "too_many_attempts"
    assert locked.headers["Retry-After"] == ghost.headers["Retry-After"] == "901"
    assert sign_in(one, "admin").status_code == 200  # other names from the same address are not locked
    engine.clock.advance(seconds=899)
    assert sign_in(one, "officer.vp").status_code == 429
    engine.clock.advance(seconds=2)
    assert sign_in(one, "officer.vp").status_code == 200
    admin = bearer(sign_in(one, "admin"))
    client = one.test_client()
    events = client.get("/api/v1/security-events", headers=admin,
                        query_string={"username": "officer.vp", "per_page": 100}).get_json()
    assert [e["type"] for e in events][:2] == ["sign_in", "lockout"]
    assert sorted(e["type"] for e in events) == [
        "lockout", "sign_in", *["sign_in_failed"] * 5, "user_created"]
    assert events[1]["address"] == "10.0.0.1" and events[1]["data"] == {"scope": "user", "failures": 5}
    page = client.get("/api/v1/security-events", headers=admin, query_string={"per_page": 2})
    assert len(page.get_json()) == 2 and json.loads(page.headers["X-Pagination"])["total"] == 17
    officer = bearer(sign_in(one, "officer.vp"))
    assert client.get("/api/v1/security-events", headers=officer).status_code == 403
    assert client.get("/api/v1/security-events", headers=admin,
                      query_string={"type": "nonsense"}).status_code == 422


def test_one_address_is_locked_after_twenty_failures_whatever_the_names(apps):
    one, _ = apps
    for n in range(20):
        assert sign_in(one, f"guess.{n}", "x", address="10.9.9.9").status_code == 401
    assert sign_in(one, "officer.vp", address="10.9.9.9").status_code == 429
    assert sign_in(one, "officer.vp", address="10.1.1.1").status_code == 200


def test_parallel_guesses_cannot_exceed_the_limit(apps):
    one, _ = apps
    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda _: sign_in(one, "officer.vp", "wrong").status_code, range(12)))
    assert statuses.count(401) == 5 and statuses.count(429) == 7


def test_an_unknown_user_costs_the_same_work_as_a_wrong_password(apps):
    one, _ = apps

    def seconds(name: str) -> float:
        started = time.perf_counter()
        sign_in(one, name, "wrong", address=name)
        return time.perf_counter() - started

    wrong = min(seconds("officer.vp") for _ in range(3))
    ghost = min(seconds("nobody.here") for _ in range(3))
    assert 0.5 < ghost / wrong < 2, (ghost, wrong)  # both verify one argon2 hash


@pytest.mark.parametrize("password,why", [
    ("short-1", "at least 10 characters"), ("x-officer.new-x", "must not contain the user name"),
    ("Password123", "too common"), ("aaaaaaaaaaaa", "too common")])
def test_a_weak_password_is_refused_and_nothing_changes(apps, password, why):
    one, _ = apps
    admin, client = bearer(sign_in(one, "admin")), one.test_client()
    made = client.post("/api/v1/users", headers=admin,
                       json={"username": "officer.new", "password": password, "groups": ["vp-ubnd"]})
    assert made.status_code == 422 and why in made.get_json()["message"]
    assert made.get_json()["errors"][0]["field"] == "password"
    assert client.get("/api/v1/users/officer.new", headers=admin).status_code == 404
    weak = password.replace("officer.new", "officer.vp")
    changed = client.put("/api/v1/users/officer.vp", headers=admin,
                         json={"password": weak, "groups": ["vp-ubnd"]})
    assert changed.status_code == 422
    assert sign_in(one, "officer.vp").status_code == 200  # the old password still works


def test_sign_out_and_a_password_change_revoke_tokens_on_every_worker_within_seconds(apps, engine):
    one, two = apps
    token = bearer(sign_in(one, "officer.vp"))
    assert two.test_client().get("/api/v1/auth/me", headers=token).status_code == 200  # cached by two
    assert one.test_client().post("/api/v1/auth/revoke", headers=token).status_code == 204
    assert one.test_client().get("/api/v1/auth/me", headers=token).get_json()["code"] == "token_revoked"
    assert two.test_client().get("/api/v1/auth/me", headers=token).status_code == 200  # still trusted
    engine.clock.advance(seconds=5)
    assert two.test_client().get("/api/v1/auth/me", headers=token).status_code == 401
    token = bearer(sign_in(one, "officer.vp"))  # a new sign-in works again
    assert two.test_client().get("/api/v1/auth/me", headers=token).status_code == 200
    admin = bearer(sign_in(one, "admin"))
    changed = one.test_client().put("/api/v1/users/officer.vp", headers=admin,
                                    json={"password": "Moi-mat-khau-9", "groups": ["vp-ubnd"]})
    assert changed.status_code == 200
    assert one.test_client().get("/api/v1/tasks", headers=token).status_code == 401
    engine.clock.advance(timedelta(seconds=5))
    assert two.test_client().get("/api/v1/tasks", headers=token).status_code == 401
    assert sign_in(two, "officer.vp").status_code == 401
    assert sign_in(two, "officer.vp", "Moi-mat-khau-9").status_code == 200
    events = one.test_client().get("/api/v1/security-events", headers=admin,
                                   query_string={"type": "password_changed"}).get_json()
    assert [(e["username"], e["actor"]) for e in events] == [("officer.vp", "admin")]
    assert [e["type"] for e in engine.security.events(type_="sign_out")[0]] == ["sign_out"]


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(engine):
    engine.identity.create_user("officer.vp", password=PASSWORD, roles=["officer"], groups=["vp-ubnd"])
    app = create_app(engine, ApiSettings(proxy_hops=1))
    for n in range(20):
        app.test_client().post(TOKEN, json={"username": f"guess.{n}", "password": "y"},
                               headers={"X-Forwarded-For": "203.0.113.7"})
    forwarded = {"X-Forwarded-For": "203.0.113.7"}
    body = {"username": "officer.vp", "password": PASSWORD}
    assert app.test_client().post(TOKEN, json=body, headers=forwarded).status_code == 429
    assert app.test_client().post(TOKEN, json=body, headers={"X-Forwarded-For": "203.0.113.8"}).status_code \
        == 200
    [event] = engine.security.events(type_="lockout")[0]
    assert event["address"] == "203.0.113.7"
