"""Bodies are bounded before parsing (huge: 413, nested too deep: 400, nothing changed) and every list in
the OpenAPI document caps per_page."""
from __future__ import annotations

import time

import pytest

from engine.identity import Actor

from .conftest import flask_http

FUTURE = "2099-01-05T08:00:00+07:00"
YTE = Actor("spokesperson.yte", frozenset({"officer", "spokesperson"}), frozenset({"so-y-te"}))


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.fixture
def world(app, app_engine):
    http = flask_http(app)
    assert http.deploy("press_answer.bpmn", "answer_form.form").status == 201
    inst = app_engine.runtime.start("press_answer", YTE, {"due": FUTURE})
    [task], _ = app_engine.tasks.list(YTE, instance=inst.id)
    return http, app_engine, {"instance_id": inst.id, "task_id": task.id}


@pytest.mark.parametrize("depth", [33, 100_000])
def test_json_nested_too_deep_is_refused_before_parsing(world, depth):
    http, engine, ids = world
    body = '{"text": ' + nested(depth) + "}"
    started = time.perf_counter()
    reply = http.post(f"/api/v1/tasks/{ids['task_id']}/comments", "spokesperson.yte", data=body,
                      headers={"Content-Type": "application/json"})
    assert reply.status == 400 and "nested deeper than 32" in reply.json["message"]
    assert time.perf_counter() - started < 2
    assert engine.tasks.comments(ids["task_id"], YTE) == []


def test_json_nested_within_the_limit_is_read(world):
    http, _, _ = world
    deep = {"due": FUTURE, "detail": {"a": {"b": {"c": [[[[1]]]]}}}}
    reply = http.post("/api/v1/definitions/press_answer/instances", "spokesperson.yte",
                      json={"variables": deep})
    assert reply.status == 201 and reply.json["variables"]["detail"]["a"]["b"]["c"] == [[[[1]]]]


def test_a_body_over_the_size_limit_is_413(world):
    http, engine, ids = world
    reply = http.post(f"/api/v1/tasks/{ids['task_id']}/comments", "spokesperson.yte",
                      json={"text": "x" * (1024 * 1024 + 1)})
    assert reply.status == 413 and reply.json["code"] == "request_entity_too_large"
    assert engine.tasks.comments(ids["task_id"], YTE) == []


def test_every_list_in_the_openapi_document_caps_per_page(world):
    http, _, ids = world
    spec = http.get("/api/v1/openapi.json").json
    lists = [(path, op) for path, ops in spec["paths"].items() for method, op in ops.items()
             if method == "get" and any(p["name"] == "per_page" for p in op.get("parameters", []))]
    assert len(lists) >= 10
    for path, _op in lists:
        target = path.format(**ids)
        refused = http.get(target, "admin", query_string={"per_page": 501})
        assert refused.status == 422 and refused.json["errors"][0]["field"] == "per_page", path
        assert http.get(target, "admin", query_string={"per_page": 0}).status == 422, path
        assert http.get(target, "admin", query_string={"per_page": 500}).status == 200, path
