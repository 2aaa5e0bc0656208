"""One instance waiting for the same message under several correlation keys: each delivery reaches only
the wait subscribed with its key (a multi-instance call activity, one wait per case)."""
from __future__ import annotations

import pytest

from engine.errors import NotFound

from ..conftest import OFFICER_TTTT, SUPERVISOR
from .helpers import deploy, event_types


def test_each_key_reaches_only_its_own_wait(engine):
    deploy(engine, "wait_correction.bpmn")
    deploy(engine, "corrections_per_case.bpmn")
    inst = engine.runtime.start("corrections_per_case", OFFICER_TTTT, {"cases": ["HS-1", "HS-2"]})
    assert engine.runtime.get(inst.id).status == "waiting"
    after_one = engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "HS-1", {"url": "u1"})
    assert after_one.status == "waiting"  # HS-2 still waits
    with pytest.raises(NotFound):
        engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "HS-1")
    done = engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "HS-2", {"url": "u2"})
    assert done.status == "completed"
    assert event_types(engine, inst.id, SUPERVISOR).count("message_received") == 2


def test_a_receive_task_takes_its_message_and_the_variables(engine):
    deploy(engine, "receive_task.bpmn")
    inst = engine.runtime.start("receive_task", OFFICER_TTTT, {"case_number": "HS-9"})
    assert inst.status == "waiting" and inst.active_elements == ["wait"]
    done = engine.runtime.correlate_message("correction_published", OFFICER_TTTT, "HS-9", {"url": "u9"})
    assert done.status == "completed" and done.variables["url"] == "u9"
