"""camunda:candidateGroups given as an expression: the owning unit is chosen while the instance runs."""
from __future__ import annotations

import pytest

from engine.errors import ModelInvalid, NotFound
from engine.repository import ModelFile

from ..conftest import ANALYST, OFFICER_TTTT, OFFICER_YTE, SUPERVISOR
from .helpers import MODELS, deploy, open_tasks, task_named


@pytest.mark.parametrize("unit, expected", [("so-y-te", ["so-y-te"]), (["so-y-te", "so-tttt"],
                                                                          ["so-y-te", "so-tttt"]),
                                            ("so-y-te, so-tttt", ["so-y-te", "so-tttt"]), ("", ["so-tttt"])])
def test_expression_chooses_the_candidate_groups(engine, unit, expected):
    deploy(engine, "dynamic_groups.bpmn")
    inst = engine.runtime.start("dynamic_groups", OFFICER_TTTT)
    engine.tasks.complete(task_named(engine, inst.id, "route", OFFICER_TTTT).id, OFFICER_TTTT, {"unit": unit})
    [answer] = [t for t in open_tasks(engine, inst.id, SUPERVISOR) if t.element_id == "answer"]
    # An empty choice falls back to the lane's group.
    assert answer.candidate_groups == expected


def test_only_the_chosen_unit_may_complete(engine):
    deploy(engine, "dynamic_groups.bpmn")
    inst = engine.runtime.start("dynamic_groups", OFFICER_TTTT)
    engine.tasks.complete(task_named(engine, inst.id, "route", OFFICER_TTTT).id, OFFICER_TTTT,
                          {"unit": "so-y-te"})
    answer = task_named(engine, inst.id, "answer", OFFICER_YTE)
    assert not open_tasks(engine, inst.id, OFFICER_TTTT)
    with pytest.raises(NotFound):  # another agency's officer does not even see it
        engine.tasks.complete(answer.id, OFFICER_TTTT)
    engine.tasks.complete(answer.id, OFFICER_YTE)
    assert engine.runtime.get(inst.id).status == "completed"


def test_a_refused_expression_is_reported_at_deploy(engine):
    xml = (MODELS / "dynamic_groups.bpmn").read_text().replace("${unit}", "${__import__('os')}")
    with pytest.raises(ModelInvalid) as err:
        engine.repository.deploy([ModelFile("bad.bpmn", xml)], ANALYST)
    assert [e["element_id"] for e in err.value.errors] == ["answer"]
    assert "candidateGroups" in err.value.errors[0]["message"]
