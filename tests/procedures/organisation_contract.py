"""The organisation helpers and leader people the procedures use (CONTRACTS: `leaders`, `org_unit`),
standing in only while the deployed organisation does not provide them yet."""
from __future__ import annotations

import pytest

from engine.identity import Actor
from engine.scripting import sandbox

from .conftest import PEOPLE

FUNCTIONS = {"press_office": "so-tttt-ttbcxb", "inspectorate": "so-tttt-thanh-tra",
             "portal_office": "vp-ubnd", "portal_chief": "vp-ubnd-lanh-dao",
             "competent_decider": "vp-ubnd-lanh-dao",
             "police_security": "cong-an-pa03", "police_cyber": "cong-an-pa05",
             "party_press": "ban-tuyen-giao-ttbcxb", "journalists": "hoi-nha-bao", "dept_ict": "so-tttt"}
STAND_INS = {"leader.yte": ("so-y-te-lanh-dao",), "leader.tttt": ("so-tttt-lanh-dao",),
             "chief.vp": ("vp-ubnd", "vp-ubnd-lanh-dao"), "deputy.vp": ("vp-ubnd-lanh-dao",),
             "leader.congan": ("cong-an-lanh-dao",), "leader.bienhoa": ("ubnd-bien-hoa-lanh-dao",),
             "officer.pa03": ("cong-an-pa03",)}


@pytest.fixture(autouse=True)
def organisation_helpers(monkeypatch) -> None:
    if "leaders" not in sandbox.SAFE_BUILTINS:
        monkeypatch.setitem(sandbox.SAFE_BUILTINS, "leaders", lambda code: f"{code}-lanh-dao")
    if "org_unit" not in sandbox.SAFE_BUILTINS:
        monkeypatch.setitem(sandbox.SAFE_BUILTINS, "org_unit", FUNCTIONS.__getitem__)


def person(username: str) -> Actor:
    """A demo user, in the groups the contract gives it even where the organisation lacks them yet."""
    extra = frozenset(STAND_INS.get(username, ()))
    known = PEOPLE.get(username)
    if known is None:
        return Actor(username, frozenset({"officer"}), extra)
    return Actor(known.username, known.roles, known.groups | extra)
