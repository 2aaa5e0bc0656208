"""Malformed event definitions are refused at deploy, each naming its element and the reason, and
nothing is deployed."""
from __future__ import annotations

import pytest

from engine.errors import ModelInvalid
from engine.repository import ModelFile

from ..conftest import ANALYST
from .helpers import MODELS


def _model(name: str, old: str, new: str) -> ModelFile:
    text = (MODELS / name).read_text()
    assert old in text
    return ModelFile(name, text.replace(old, new).encode())


@pytest.mark.parametrize(("name", "old", "new", "element", "reason"), [
    ("events_links.bpmn", '<bpmn:linkEventDefinition name="review"/></bpmn:intermediateCatchEvent>',
     '<bpmn:linkEventDefinition name="revue"/></bpmn:intermediateCatchEvent>', "go", "no link catch event"),
    ("events_signal_catch.bpmn", 'signalRef="s_publish"/></bpmn:intermediateCatchEvent>',
     'signalRef="s_nothing"/></bpmn:intermediateCatchEvent>', "wait_publish", "names no <signal>"),
    ("events_conditional.bpmn", "<bpmn:condition>approved</bpmn:condition>", "", "wait_approved",
     "condition"),
    ("events_conditional.bpmn", "<bpmn:condition>approved</bpmn:condition>",
     "<bpmn:condition>import os</bpmn:condition>", "wait_approved", "refused"),
    ("events_esp_error.bpmn", '<bpmn:startEvent id="error_start">',
     '<bpmn:startEvent id="error_start" isInterrupting="false">', "error_start", "always interrupts"),
    ("events_esp_timer.bpmn", "<bpmn:timeDuration>PT1H</bpmn:timeDuration>",
     "<bpmn:timeDuration>every hour</bpmn:timeDuration>", "remind_start", "timeDuration"),
    ("events_receive_prefixed.bpmn", 'messageRef="tns:paid"', 'messageRef="tns:unpaid"', "wait_paid",
     "names no <message>"),
])
def test_a_malformed_event_is_refused_with_its_element_and_reason(engine, name, old, new, element, reason):
    with pytest.raises(ModelInvalid) as refused:
        engine.repository.deploy([_model(name, old, new)], ANALYST)
    problems = [e for e in refused.value.errors if e["element_id"] == element]
    assert problems and any(reason in e["message"] for e in problems), refused.value.errors
    assert engine.repository.list_definitions() == []
