"""Agency tallies: forwards, declines and escalations counted per agency for the statistics (CT 1.a ¶3,
CT 3.d).

An element with the extension property `tally` (forward | decline | escalation) and `tallyAgency` (the
name of the variable holding the agency's group code, e.g. `forwarded_from`) records a `tally` history
event `{kind, agency}` each time the engine completes it. engine.statistics counts those events per
agency; the history is append-only, so the counts cannot drift from what happened.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..bpmn.elements import ElementInfo, ProcessInfo
from ..errors import ModelProblem

KINDS = ("forward", "decline", "escalation")


def counted(task: Any, elements: Mapping[str, ElementInfo]) -> dict[str, Any] | None:
    """The tally a completed SpiffWorkflow task records, or None when its element counts nothing."""
    element = elements.get(task.task_spec.bpmn_id)
    props = element.properties if element is not None else {}
    kind = props.get("tally")
    if kind not in KINDS:
        return None
    agency = task.data.get((props.get("tallyAgency") or "").strip())
    return {"kind": kind, "agency": agency if isinstance(agency, str) and agency else None}


def model_problems(info: ProcessInfo, fname: str) -> list[ModelProblem]:
    out = []
    for el in info.elements.values():
        kind, agency = el.properties.get("tally"), (el.properties.get("tallyAgency") or "").strip()
        if kind is None and not agency:
            continue
        if kind not in KINDS:
            out.append(ModelProblem(f"property tally {kind!r} must be one of {', '.join(KINDS)}",
                                    el.element_id, el.line, fname))
        if not agency.isidentifier():
            out.append(ModelProblem("property tallyAgency must name the variable that holds the agency's "
                                    "group code", el.element_id, el.line, fname))
        if el.kind not in ("scriptTask", "task", "serviceTask", "intermediateThrowEvent", "endEvent"):
            out.append(ModelProblem(f"property tally is counted when the engine completes an element: put it "
                                    f"on a script task or a throw/end event, not on a {el.kind}",
                                    el.element_id, el.line, fname))
    return out
