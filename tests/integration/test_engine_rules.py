"""Engine rules on tasks. Four-eyes: whoever completed a task named by `fourEyes` may not claim, be
assigned or complete the task that names it. Deploy refuses `fourEyes` ids that are not user tasks of the
process, unknown `tally` kinds or agency variables, and unknown `completionCheck` names."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, ModelInvalid
from engine.rules.four_eyes import FourEyesViolation

from ..conftest import person
from .helpers import deploy, event_types, model, task_named

DRAFTER = person("drafter.tttt", "so-tttt")
LEADER = person("leader.tttt", "so-tttt")


def _approval(engine):
    deploy(engine, "four_eyes.bpmn")
    iid = engine.runtime.start("four_eyes", DRAFTER).id
    draft = task_named(engine, iid, "draft", DRAFTER)
    engine.tasks.complete(draft.id, DRAFTER, {"text": "Dự thảo"})
    return iid, task_named(engine, iid, "approve", LEADER)


def test_the_drafter_cannot_complete_or_claim_the_approval_and_nothing_changes(engine):
    iid, approve = _approval(engine)
    before = event_types(engine, iid, LEADER)
    with pytest.raises(FourEyesViolation, match="drafter.tttt completed 'Soạn dự thảo'") as refused:
        engine.tasks.complete(approve.id, DRAFTER, {"decision": "approve"})
    assert isinstance(refused.value, Forbidden) and refused.value.code == "four_eyes"
    with pytest.raises(FourEyesViolation):
        engine.tasks.claim(approve.id, DRAFTER)
    after = engine.tasks.get(approve.id, LEADER)
    assert (after.state, after.assignee) == ("open", None)
    assert event_types(engine, iid, LEADER) == before  # no history, no state change
    engine.tasks.complete(approve.id, LEADER, {"decision": "approve"})
    assert engine.runtime.get(iid).status == "completed"


def test_a_supervisor_cannot_hand_the_approval_to_its_drafter(engine):
    engine.identity.create_user(DRAFTER.username, password="demo", roles=DRAFTER.roles, groups=DRAFTER.groups)
    _, approve = _approval(engine)
    boss = person("supervisor", "so-tttt", roles=("supervisor",))
    with pytest.raises(FourEyesViolation):
        engine.tasks.assign(approve.id, DRAFTER.username, boss)
    assert engine.tasks.get(approve.id, LEADER).assignee is None


def test_after_a_revision_the_latest_drafter_is_the_one_excluded(engine):
    iid, approve = _approval(engine)
    engine.tasks.complete(approve.id, LEADER, {"decision": "revise"})
    redraft = task_named(engine, iid, "draft", LEADER)
    engine.tasks.complete(redraft.id, LEADER, {"text": "Dự thảo lần 2", "decision": None})
    second = task_named(engine, iid, "approve", DRAFTER)
    with pytest.raises(FourEyesViolation):
        engine.tasks.complete(second.id, LEADER, {"decision": "approve"})
    engine.tasks.complete(second.id, DRAFTER, {"decision": "approve"})  # the first drafter did not write this
    assert engine.runtime.get(iid).status == "completed"


def test_deploy_refuses_four_eyes_ids_that_are_not_user_tasks_of_the_process(engine):
    with pytest.raises(ModelInvalid) as refused:
        engine.repository.deploy([model("four_eyes_bad.bpmn")], person("analyst", roles=("analyst",)))
    problems = {(e["element_id"], e["message"].split(",")[0]) for e in refused.value.errors}
    assert problems == {("approve", "property fourEyes names 'prepare'"),
                        ("approve", "property fourEyes names 'drafting'")}
    messages = " ".join(e["message"] for e in refused.value.errors)
    assert "is a scriptTask" in messages and "does not exist in this process" in messages
    assert engine.repository.list_definitions() == []


def test_deploy_refuses_unknown_tallies_and_completion_checks(engine):
    with pytest.raises(ModelInvalid) as refused:
        engine.repository.deploy([model("rules_bad.bpmn")], person("analyst", roles=("analyst",)))
    found = sorted((e["element_id"], e["message"].split(" must")[0].split(" names")[0]
                    .split(" is counted")[0]) for e in refused.value.errors)
    assert found == [("check", "property completionCheck 'horoscope'"), ("check", "property tally"),
                     ("count", "property tally 'praise'"), ("count", "property tallyAgency")]
    assert engine.repository.list_definitions() == []
