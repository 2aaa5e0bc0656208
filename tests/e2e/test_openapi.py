"""The published OpenAPI document is the truth: schemathesis sends generated requests to every operation
(the web read API included) and walks the links between operations (stateful), and checks that none
gets a server error and every response matches the documented statuses, content types, headers and
schemas.

The fuzz job (`make fuzz`, part of `make test`, marked `fuzz`) runs PRESSDESK_FUZZ_EXAMPLES examples per
operation: 50 under CI=true, 8 on a developer machine. The examples run per operation are written to
var/artifacts/fuzz-examples.json.
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from engine.identity import Actor

from ..conftest import IN_CI, ROOT
from .conftest import flask_http, open_incident

pytestmark = pytest.mark.fuzz
FUTURE = "2099-01-05T08:00:00+07:00"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))
EXAMPLES = int(os.environ.get("PRESSDESK_FUZZ_EXAMPLES") or (50 if IN_CI else 8))
if IN_CI:
    assert EXAMPLES >= 50, "CI runs at least 50 examples per operation"
# Calls that end the admin's session would turn the rest of a stateful run into 401s.
SESSION_ENDING = r"^/api/v1/(auth/revoke|users/\{username\}/disable)$"
RUN: Counter[str] = Counter()
STATUSES: Counter[int] = Counter()
_ISSUE: list = []  # the app's token issuer, for calls that must not end the admin's session


@pytest.fixture(scope="module", autouse=True)
def report():
    started = time.monotonic()
    yield
    out = ROOT / "var" / "artifacts" / "fuzz-examples.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = {"examples_per_operation_setting": EXAMPLES, "total": sum(RUN.values()),
               "server_errors": sum(n for s, n in STATUSES.items() if s >= 500),
               "statuses": dict(sorted(STATUSES.items())), "seconds": round(time.monotonic() - started, 1),
               "per_operation": dict(sorted(RUN.items()))}
    out.write_text(json.dumps(summary, indent=1))


def _world(app, app_engine):
    http = flask_http(app)
    assert http.deploy("press_answer.bpmn", "answer_form.form").status == 201
    for _ in range(3):
        app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    open_incident(app_engine)  # incident 1: retry and read have something real to act on
    _ISSUE[:] = [app.extensions["pressdesk_auth"].issuer.issue]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.headers = {"Authorization": f"Bearer {http.token('admin')}"}
    return schema


@pytest.fixture
def api_schema(app, app_engine):
    """The app with a deployed process, a few instances and an incident, and its OpenAPI document."""
    return _world(app, app_engine)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck), database=None)
def test_every_operation_answers_as_documented(case):
    label = case.operation.label
    RUN[label if case.method.upper() == case.operation.method.upper() else "other methods"] += 1
    headers = None
    if case.path == "/api/v1/auth/revoke":  # sign out someone else, so the admin's token lives on
        headers = {"Authorization": f"Bearer {_ISSUE[0]('auditor').access_token}"}
    if (case.path_parameters or {}).get("username") == "admin":
        case.path_parameters["username"] = "officer.vp"
    response = case.call(headers=headers)
    STATUSES[response.status_code] += 1
    case.validate_response(response, checks=CHECKS)


def test_stateful_links_between_operations_answer_as_documented(app, app_engine):
    machine_schema = _world(app, app_engine).exclude(path_regex=SESSION_ENDING)

    class Machine(machine_schema.as_state_machine()):
        def after_call(self, response, case):
            RUN[f"stateful {case.method.upper()} {case.path}"] += 1
            STATUSES[response.status_code] += 1

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            case.validate_response(response, checks=CHECKS)

    Machine.run(settings=settings(max_examples=max(5, EXAMPLES // 2), stateful_step_count=8, deadline=None,
                                  suppress_health_check=list(HealthCheck), database=None))
