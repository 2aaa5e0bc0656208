"""A task's own data: each instance of a multi-instance user task shows its item and loopCounter, through
the task service and GET /api/v1/tasks/{id}; a closed task shows none; an unknown task is a 404."""
from __future__ import annotations

from engine.identity import SYSTEM
from engine.repository import ModelFile

from ..conftest import SUPERVISOR
from ..integration.test_lenient_models import HEAD
from .conftest import flask_http

MODEL = HEAD + """<process id="per_article" isExecutable="true">
<startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
<userTask id="review" name="Review one article" camunda:candidateGroups="so-tttt">
  <multiInstanceLoopCharacteristics camunda:collection="articles" camunda:elementVariable="article"/>
</userTask>
<sequenceFlow id="f2" sourceRef="review" targetRef="e"/><endEvent id="e"/>
</process></definitions>"""
ARTICLES = ["Bài 1", "Bài 2", "Bài 3"]


def _start(engine):
    engine.repository.deploy([ModelFile("per_article.bpmn", MODEL)], SYSTEM)
    return engine.runtime.start("per_article", SUPERVISOR, {"articles": ARTICLES, "case": "BH-7"})


def _open(engine, instance_id):
    tasks, _ = engine.tasks.list(SUPERVISOR, scope="all", instance=instance_id)
    return tasks


def test_each_instance_of_a_multi_instance_task_shows_its_item_and_counter(sqlite_engine):
    inst = _start(sqlite_engine)
    seen = {}
    for row in _open(sqlite_engine, inst.id):
        task = sqlite_engine.tasks.get(row.id, SUPERVISOR)
        assert task.data["case"] == "BH-7" and task.data["loopCounter"] == task.loop_counter
        seen[task.loop_counter] = task.data["article"]
    assert seen == dict(enumerate(ARTICLES))
    first = _open(sqlite_engine, inst.id)[0]
    sqlite_engine.tasks.complete(first.id, SUPERVISOR, {"verdict": "ok"})
    closed = sqlite_engine.tasks.get(first.id, SUPERVISOR)
    assert closed.state == "completed" and closed.data is None and closed.loop_counter is None


def test_a_plain_task_shows_the_process_data_without_a_counter(sqlite_engine):
    sqlite_engine.repository.deploy([ModelFile("plain.bpmn", MODEL.replace(
        '<multiInstanceLoopCharacteristics camunda:collection="articles" camunda:elementVariable="article"/>',
        ""))], SYSTEM)
    inst = sqlite_engine.runtime.start("per_article", SUPERVISOR, {"case": "BH-8"})
    [row] = _open(sqlite_engine, inst.id)
    task = sqlite_engine.tasks.get(row.id, SUPERVISOR)
    assert task.data == {"case": "BH-8"} and task.loop_counter is None


def test_the_task_endpoint_shows_the_input_data(app, app_engine):
    http = flask_http(app)
    inst = _start(app_engine)
    rows = _open(app_engine, inst.id)
    reply = http.get(f"/api/v1/tasks/{rows[1].id}", "officer.tttt")
    assert reply.status == 200, reply.json
    body = reply.json
    assert body["data"]["article"] == ARTICLES[body["loop_counter"]]
    assert body["data"]["loopCounter"] == body["loop_counter"]
    listed = http.get(f"/api/v1/tasks?instance={inst.id}", "officer.tttt").json
    assert all("data" not in t for t in listed)  # the list stays light
    assert http.get("/api/v1/tasks/no-such-task", "officer.tttt").status == 404
    assert http.get(f"/api/v1/tasks/{rows[1].id}", "officer.vp").status == 404  # not their group's
