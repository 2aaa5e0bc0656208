"""The province's procedures as deployed by `make run`: processes/ and forms/ on SQLite, the whole
organisation of processes/organisation.json, its demo people as actors, a manual clock."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import ProcessEngine
from engine.config import Settings
from engine.identity import SYSTEM, Actor
from engine.organisation import load_organisation
from engine.repository import read_model_files

ROOT = Path(__file__).resolve().parents[2]
ORG = json.loads((ROOT / "processes" / "organisation.json").read_text(encoding="utf-8"))
ORGANISATION = load_organisation("dong-nai")
CODES = [g["code"] for g in ORG["groups"]]
PEOPLE = {u["username"]: Actor(u["username"], frozenset(u["roles"]),
                               frozenset(CODES if u["groups"] == ["*"] else u["groups"]))
          for u in ORG["demo_users"]}


def model_files(*keys: str):
    """The process files of `keys` and of the processes they call (with every decision table) and every
    form."""
    pending, names = list(keys), set()
    while pending:
        name = f"{pending.pop()}.bpmn"
        if name not in names:
            names.add(name)
            pending.extend(re.findall(r'calledElement="([^"]+)"',
                                      (ROOT / "processes" / name).read_text(encoding="utf-8")))
    return [f for f in read_model_files([ROOT / "processes", ROOT / "forms"])
            if f.name in names or f.kind in ("dmn", "form")]


@pytest.fixture
def province(tmp_path, clock) -> Iterator[ProcessEngine]:
    eng = ProcessEngine(Settings(database_url=f"sqlite:///{tmp_path / 'province.db'}"), clock=clock)
    eng.create_schema()
    eng.identity.seed_organisation(ORGANISATION)
    yield eng
    eng.dispose()


def deploy(engine: ProcessEngine, *keys: str) -> None:
    engine.repository.deploy(model_files(*keys), SYSTEM)
