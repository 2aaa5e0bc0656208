"""Demo data for `pressdesk serve --demo`: the organisation, the demo users and every model in processes/
and forms/. Safe to run again: users are refreshed and unchanged models are not redeployed.

The organisation is the file PRESSDESK_ORGANISATION names (engine/organisation.py): Đồng Nai by default,
`lai-chau` for processes/organisation.lai-chau.json, or a path."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from engine.identity import SYSTEM
from engine.organisation import load_organisation
from engine.repository import read_model_files


def seed_organisation(engine, root: Path, with_users: bool = True,
                      organisation: str | Path | None = None) -> Iterator[str]:
    org = load_organisation(organisation or engine.settings.organisation, root / "processes")
    engine.identity.seed_organisation(org)
    yield f"{len(org.groups)} groups of {org.province_vi or org.name}"
    if not with_users:
        return
    for u in org.demo_users:
        groups = org.codes if u["groups"] == ["*"] else u["groups"]
        engine.identity.create_user(u["username"], password=org.demo_password, roles=u["roles"],
                                    groups=groups, replace=True)
    yield f"{len(org.demo_users)} demo users (password: {org.demo_password})"


def seed_demo(engine, root: Path, organisation: str | Path | None = None) -> Iterator[str]:
    yield from seed_organisation(engine, root, organisation=organisation)
    folders = [p for p in (root / "processes", root / "forms") if p.exists()]
    files = read_model_files(folders)
    if files:
        for view in engine.repository.deploy(files, SYSTEM, name="demo"):
            yield f"deployed {view.key} version {view.version}" + ("" if view.created else " (unchanged)")
