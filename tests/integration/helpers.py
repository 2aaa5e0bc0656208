"""Small builders shared by the integration tests."""
from __future__ import annotations

from pathlib import Path

from engine.identity import Actor
from engine.repository import ModelFile

from ..conftest import ANALYST

MODELS = Path(__file__).resolve().parent / "bpmn"


def model(name: str) -> ModelFile:
    return ModelFile(name, (MODELS / name).read_bytes())


def deploy(engine, *names: str, actor: Actor = ANALYST, **kwargs):
    return engine.repository.deploy([model(n) for n in names], actor, **kwargs)


def open_tasks(engine, instance_id: str, actor: Actor) -> list:
    tasks, _ = engine.tasks.list(actor, scope="all" if actor.sees_everything else "candidate",
                                 instance=instance_id)
    return tasks


def task_named(engine, instance_id: str, element_id: str, actor: Actor):
    matches = [t for t in open_tasks(engine, instance_id, actor) if t.element_id == element_id]
    assert matches, f"no open task {element_id} visible to {actor.username}"
    return matches[0]


def event_types(engine, instance_id: str, actor: Actor) -> list[str]:
    return [e["type"] for e in engine.history.for_instance(instance_id, actor)]
