"""The published OpenAPI document is the truth: schemathesis sends generated requests to every operation
(a bounded number per operation) and checks that none gets a server error and every response matches
the documented statuses, content types, headers and schemas."""
from __future__ import annotations

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

from .conftest import flask_http, open_incident

FUTURE = "2099-01-05T08:00:00+07:00"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))


@pytest.fixture
def api_schema(app, app_engine):
    """The app with a deployed process, a few instances and an incident, and its OpenAPI document."""
    http = flask_http(app)
    assert http.deploy("press_answer.bpmn", "answer_form.form").status == 201
    for _ in range(3):
        app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    open_incident(app_engine)  # incident 1: retry and read have something real to act on
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema.config.headers = {"Authorization": f"Bearer {http.token('admin')}"}
    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=8, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented(case):
    case.call_and_validate(checks=CHECKS)
