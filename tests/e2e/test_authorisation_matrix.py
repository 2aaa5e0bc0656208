"""The authorisation matrix, generated from the OpenAPI document: every operation × every role × every
kind of bad token. A role listed in the operation's `x-roles` gets past the gate (whatever the engine then
says about the object: 404, 409, 422…); a role not listed gets 403; a missing, expired, forged, unsigned,
unknown-user, disabled-user or revoked token gets 401. Every route under /api/v1 must be in the document
with its `x-roles`, so a new endpoint cannot ship without being in this matrix."""
from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from api.auth.tokens import LocalTokens
from engine.identity import ROLES

from .conftest import flask_http

BAD_TOKENS = ("no token", "expired", "forged", "alg none", "unknown user", "disabled user", "revoked")
# Values for path parameters: nothing needs to exist, the gate answers before any lookup.
PATH_VALUES = {"key": "press_answer", "form_key": "answer_form", "username": "nobody.here",
               "instance_id": "00000000-0000-4000-8000-000000000000", "task_id": "00000000-0000-4000-8000-0"
               "00000000000", "incident_id": "99999", "notification_id": "99999", "clause_id": "KH%20IV.9"}
# Routes outside the matrix on purpose: the document itself and Swagger UI.
UNGATED = {"/api/v1/openapi.json", "/api/v1/docs", "/api/v1/docs/assets/<name>"}
GATE_MESSAGES = ("this needs one of the roles", "this report is for", "only analysts, supervisors")


def operations(http) -> list[tuple[str, str, dict]]:
    spec = http.get("/api/v1/openapi.json").json
    return [(method.upper(), path, op) for path, ops in spec["paths"].items() for method, op in ops.items()
            if method in ("get", "post", "put", "patch", "delete")]


@pytest.fixture
def matrix(app, app_engine, clock):
    identity, issuer = app_engine.identity, app.extensions["pressdesk_auth"].issuer
    for role in ROLES:  # one user per role, nothing else
        identity.create_user(f"role.{role}", roles=[role], groups=["so-y-te"])
    for name in ("gone.disabled", "gone.revoked"):
        identity.create_user(name, roles=["admin"])
    expired = issuer.issue("role.admin").access_token
    clock.advance(timedelta(seconds=3601))
    disabled, revoked = issuer.issue("gone.disabled").access_token, issuer.issue("gone.revoked").access_token
    identity.set_active("gone.disabled", False)
    app_engine.security.sign_out("gone.revoked")
    bad = {"no token": None, "expired": expired, "disabled user": disabled, "revoked": revoked,
           "forged": LocalTokens("someone else's secret", 3600, clock).issue("role.admin").access_token,
           "alg none": jwt.encode({"sub": "role.admin", "iss": "pressdesk", "iat": 0, "exp": 2**40, "gen": 0},
                                  None, algorithm="none"),
           "unknown user": issuer.issue("nobody.at.all").access_token}

    def token(user: str) -> str:  # issued per call: a sign-out in the matrix revokes the earlier ones
        return issuer.issue(user, identity.signed_in(user)[1]).access_token

    return flask_http(app), bad, token


def required_query(op: dict) -> dict[str, str]:
    """A value for each required query parameter (the gate of some web reports reads them first)."""
    sample = {"integer": "1", "string": "2026-01-05T08:00:00+07:00"}
    return {p["name"]: sample[p["schema"].get("type", "string")] for p in op.get("parameters", [])
            if p["in"] == "query" and p.get("required")}


def call(http, method: str, path: str, op: dict, token: str | None):
    target = path.format(**PATH_VALUES)
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return http.call(method, target, headers=headers, query_string=required_query(op),
                     json={} if method in ("POST", "PUT", "PATCH") else None)


def test_every_operation_every_role_and_every_bad_token(matrix):
    http, bad, token = matrix
    ops = operations(http)
    assert len(ops) >= 50
    wrong: list[str] = []
    for method, path, op in ops:
        if op.get("security") == []:  # signing in is the one public operation
            assert (method, path) == ("POST", "/api/v1/auth/token")
            continue
        roles = op.get("x-roles")
        assert roles, f"{method} {path} has no x-roles"
        for role in ROLES:
            reply = call(http, method, path, op, token(f"role.{role}"))
            allowed = roles == ["any"] or role in roles
            gate_refused = reply.status == 401 or (reply.status == 403 and reply.json["message"].startswith(
                GATE_MESSAGES))
            if allowed and gate_refused or not allowed and reply.status != 403:
                wrong.append(f"{method} {path} as {role}: {reply.status} {reply.text[:100]}")
        for kind, bad_token in bad.items():
            reply = call(http, method, path, op, bad_token)
            if reply.status != 401 or reply.json["status"] != 401:
                wrong.append(f"{method} {path} with {kind} token: {reply.status}")
    assert wrong == []


def test_every_api_route_is_documented_with_its_roles(app):
    http = flask_http(app)
    documented = {(m, p) for m, p, _ in operations(http)}
    from flask_smorest.spec.plugins import FlaskPlugin

    missing = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule in UNGATED:
            continue
        path = FlaskPlugin.flaskpath2openapi(rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (method, path) not in documented:
                missing.append(f"{method} {path}")
    assert missing == []
