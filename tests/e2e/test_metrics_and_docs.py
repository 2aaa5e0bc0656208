"""/metrics, /healthz and the API documentation pages."""
from __future__ import annotations

import re

from engine.identity import Actor

from .conftest import flask_http, server_http

PAST = "2020-01-06T08:00:00+07:00"
FUTURE = "2099-01-05T08:00:00+07:00"
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))


def gauge(text: str, name: str, labels: str = "") -> float:
    match = re.search(rf"^{re.escape(name + labels)} (\S+)$", text, re.M)
    assert match, f"{name}{labels} not in metrics"
    return float(match.group(1))


def test_metrics_count_instances_tasks_and_requests(app, app_engine):
    http = flask_http(app)
    http.deploy("press_answer.bpmn", "answer_form.form")
    for due in (PAST, PAST, FUTURE):
        app_engine.runtime.start("press_answer", YTE, {"due": due})
    app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    http.get("/api/v1/tasks", "supervisor")
    text = http.get("/metrics").text
    assert gauge(text, "pressdesk_instances", '{status="running"}') == 4
    assert gauge(text, "pressdesk_instances", '{status="completed"}') == 0
    assert gauge(text, "pressdesk_open_tasks") == 4
    assert gauge(text, "pressdesk_overdue_tasks") == 2
    assert gauge(text, "pressdesk_http_request_duration_seconds_count",
                 '{endpoint="/api/v1/tasks",method="GET",status="200"}') >= 1


def test_metrics_add_up_across_gunicorn_workers(server_url):
    http = server_http(server_url)
    for _ in range(6):  # spread over both workers
        assert http.get("/api/v1/auth/me", "auditor").status == 200
    text = http.get("/metrics").text
    count = gauge(text, "pressdesk_http_request_duration_seconds_count",
                  '{endpoint="/api/v1/auth/me",method="GET",status="200"}')
    assert count >= 6
    assert "pressdesk_open_tasks" in text


def test_healthz_openapi_and_swagger_ui(app):
    http = flask_http(app)
    assert http.get("/healthz").json == {"status": "ok"}
    spec = http.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert spec["paths"]["/api/v1/tasks"]["get"]["x-roles"] == ["officer", "spokesperson", "supervisor",
                                                               "auditor", "admin"]
    assert spec["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    page = http.get("/api/v1/docs")
    assert page.status == 200 and "/api/v1/docs/assets/swagger-ui-bundle.js" in page.text
    asset = http.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status == 200 and b"SwaggerUIBundle" in asset.body
    assert http.get("/api/v1/docs/assets/index.html").status == 404
