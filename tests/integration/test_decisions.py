"""DMN decision tables deployed with the BPMN that calls them: they run, and a changed table is a new
version of the calling process (unchanged files are still not redeployed)."""
from __future__ import annotations

import pytest

from engine.errors import ModelInvalid

from ..conftest import ANALYST, OFFICER_TTTT
from .helpers import deploy, model

DMN = ("decision_route.bpmn", "decision_route.dmn")


@pytest.mark.parametrize("finding, route", [("false", "respond"), ("accurate", "close")])
def test_business_rule_task_runs_the_deployed_table(engine, finding, route):
    deploy(engine, *DMN)
    done = engine.runtime.start("decision_route", OFFICER_TTTT, {"finding": finding})
    assert done.status == "completed" and done.variables["route"] == route


def test_changed_table_makes_a_new_version_and_old_instances_keep_theirs(engine):
    [first] = deploy(engine, *DMN)
    [again] = deploy(engine, *DMN)
    assert again.version == 1 and not again.created
    changed = model("decision_route.dmn")
    changed.content = changed.content.replace(b'"respond"', b'"rebut"')
    [second] = engine.repository.deploy([model("decision_route.bpmn"), changed], ANALYST)
    assert second.version == 2 and second.created
    new = engine.runtime.start("decision_route", OFFICER_TTTT, {"finding": "false"})
    assert new.variables["route"] == "rebut"
    old = engine.runtime.start("decision_route", OFFICER_TTTT, {"finding": "false"}, version=first.version)
    assert old.variables["route"] == "respond"


def test_process_without_its_table_is_refused(engine):
    with pytest.raises(ModelInvalid) as err:
        deploy(engine, "decision_route.bpmn")
    assert "decision_route" in err.value.message
