"""Demo data for `pressdesk serve --demo`: the organisation, the demo users and every model in processes/
and forms/. Safe to run again: users are refreshed and unchanged models are not redeployed."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from engine.identity import SYSTEM
from engine.repository import read_model_files


def seed_organisation(engine, root: Path, with_users: bool = True) -> Iterator[str]:
    org = json.loads((root / "processes" / "organisation.json").read_text(encoding="utf-8"))
    codes = [g["code"] for g in org["groups"]]
    for g in org["groups"]:
        engine.identity.ensure_group(g["code"], g["vi"], g.get("en", ""))
    yield f"{len(codes)} groups"
    if not with_users:
        return
    for u in org["demo_users"]:
        groups = codes if u["groups"] == ["*"] else u["groups"]
        engine.identity.create_user(u["username"], password=org["demo_password"], roles=u["roles"],
                                    groups=groups, replace=True)
    yield f"{len(org['demo_users'])} demo users (password: {org['demo_password']})"


def seed_demo(engine, root: Path) -> Iterator[str]:
    yield from seed_organisation(engine, root)
    folders = [p for p in (root / "processes", root / "forms") if p.exists()]
    files = read_model_files(folders)
    if files:
        for view in engine.repository.deploy(files, SYSTEM, name="demo"):
            yield f"deployed {view.key} version {view.version}" + ("" if view.created else " (unchanged)")
