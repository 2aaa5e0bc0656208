"""Completing a task checks the submitted variables against its deployed form; a refusal changes nothing."""
from __future__ import annotations

import pytest

from engine.errors import ValidationFailed

from ..conftest import OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, event_types, open_tasks


def test_invalid_form_data_is_refused_with_per_field_errors_and_nothing_changes(engine):
    deploy(engine, "one_task.bpmn", "answer_form.form")
    inst = engine.runtime.start("one_task", OFFICER_TTTT)
    [task] = open_tasks(engine, inst.id, OFFICER_TTTT)
    before = event_types(engine, inst.id, SUPERVISOR)
    with pytest.raises(ValidationFailed) as refused:
        engine.tasks.complete(task.id, OFFICER_TTTT, {"answer": "ok", "channel": "fax", "pages": 0, "x": 1})
    assert {(e["field"], e["rule"]) for e in refused.value.errors} == {
        ("answer", "minLength"), ("channel", "options"), ("pages", "min"), ("x", "unknown")}
    assert engine.tasks.get(task.id, OFFICER_TTTT).state == "open"
    assert engine.tasks.get(task.id, OFFICER_TTTT).assignee is None
    assert event_types(engine, inst.id, SUPERVISOR) == before
    engine.tasks.complete(task.id, OFFICER_TTTT, {"answer": "Đã trả lời bằng văn bản", "channel": "letter"})
    assert engine.runtime.get(inst.id).status == "completed"


def test_a_newer_form_version_replaces_the_older(engine):
    deploy(engine, "one_task.bpmn", "answer_form.form")
    assert engine.forms.get("answer_form")["components"][0]["key"] == "answer"
    from engine.repository import ModelFile

    from ..conftest import ANALYST
    empty = ModelFile("answer_form.form", '{"id": "answer_form", "components": []}')
    engine.repository.deploy([empty], ANALYST)
    assert engine.forms.get("answer_form")["components"] == []
    assert engine.forms.get("camunda-forms:deployment:answer_form.form")["components"] == []
    assert engine.forms.get("no_such_form") is None
