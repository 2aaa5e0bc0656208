"""Walking a procedure through the engine services as its people do."""
from __future__ import annotations

from engine.identity import Actor

from .conftest import PEOPLE

SUPERVISOR = PEOPLE["supervisor"]
# press_inquiry's start form (forms/press_inquiry_received.form) filled in for Sở Y tế.
INQUIRY = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Đồng Nai",
           "question": "Số ca sốt xuất huyết tháng này?", "unit": "so-y-te"}


def open_tasks(engine, instance_id: str) -> list:
    return engine.tasks.list(SUPERVISOR, scope="all", instance=instance_id, per_page=500)[0]


def open_elements(engine, instance_id: str) -> list[str]:
    return sorted(t.element_id for t in open_tasks(engine, instance_id))


def do(engine, instance_id: str, element_id: str, who: str | Actor, **data):
    """Complete the one open task `element_id` as `who` (a demo user name), returning the task."""
    actor = PEOPLE[who] if isinstance(who, str) else who
    matches = [t for t in engine.tasks.list(actor, instance=instance_id, per_page=500)[0]
               if t.element_id == element_id]
    assert len(matches) == 1, f"{who} sees {len(matches)} open {element_id} tasks"
    engine.tasks.complete(matches[0].id, actor, data)
    return matches[0]


def ended_at(engine, instance_id: str) -> str:
    """The end event the instance finished in (from its history)."""
    inst = engine.runtime.get(instance_id)
    assert inst.status == "completed", (inst.status, inst.active_elements)
    events = engine.history.for_instance(instance_id, SUPERVISOR)
    ends = [e["element_id"] for e in events if e["type"] == "element_completed"
            and e["data"].get("kind") == "EndEvent"]
    return ends[-1]


def history_of(engine, instance_id: str) -> list[tuple[str, str | None]]:
    return [(e["type"], e["element_id"]) for e in engine.history.for_instance(instance_id, SUPERVISOR)]
