"""Stand-ins for the organisation helpers (leaders/org_unit/org_groups), the plan's units and leaders and
the shared secrecy_review process, as the issue-10 contracts name them, until those land on this branch.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from engine.identity import SYSTEM, Actor
from engine.repository import read_model_files
from engine.scripting import sandbox
from tools.bpmngen import Lane, Process
from tools.formfields import choice

FUNCTIONS = {"press_office": "so-tttt-ttbcxb", "inspectorate": "so-tttt-thanh-tra", "portal_office": "vp-ubnd",
             "portal_chief": "vp-ubnd-lanh-dao", "competent_decider": "vp-ubnd-lanh-dao",
             "police_security": "cong-an-pa03", "police_cyber": "cong-an-pa05",
             "party_press": "ban-tuyen-giao-ttbcxb", "journalists": "hoi-nha-bao", "dept_ict": "so-tttt",
             "duty_officer": "so-tttt-truc"}
DISTRICTS = ["ubnd-bien-hoa", "ubnd-long-khanh"]
KINDS = {"district": DISTRICTS, "department": ["cong-an", "so-tttt", "so-y-te"], "office": ["vp-ubnd"],
         "party": ["ban-tuyen-giao"], "province": ["ubnd-tinh"]}
UNITS = ["so-tttt-ttbcxb", "so-tttt-truc", "cong-an-pa03", "cong-an-pa05", "ban-tuyen-giao-ttbcxb",
         *[f"{d}-vhtt" for d in DISTRICTS]]
LEADERS = [f"{c}-lanh-dao" for c in ["so-y-te", "so-tttt", "so-tttt-ttbcxb", "so-tttt-thanh-tra", "vp-ubnd",
                                     "cong-an", "hoi-nha-bao", *DISTRICTS]]


def _actor(name: str, *groups: str) -> Actor:
    return Actor(name, frozenset({"officer"}), frozenset(groups))


PEOPLE = {
    "spokesperson.yte": _actor("spokesperson.yte", "so-y-te"),
    "leader.yte": _actor("leader.yte", "so-y-te-lanh-dao"),
    "officer.tttt": _actor("officer.tttt", "so-tttt", "so-tttt-ttbcxb"),
    "leader.tttt": _actor("leader.tttt", "so-tttt-lanh-dao"),
    "leader.ttbcxb": _actor("leader.ttbcxb", "so-tttt-ttbcxb-lanh-dao"),
    "duty.tttt": _actor("duty.tttt", "so-tttt-ttbcxb", "so-tttt-truc"),
    "inspector.tttt": _actor("inspector.tttt", "so-tttt-thanh-tra"),
    "leader.thanhtra": _actor("leader.thanhtra", "so-tttt-thanh-tra-lanh-dao"),
    "officer.vp": _actor("officer.vp", "vp-ubnd"),
    "chief.vp": _actor("chief.vp", "vp-ubnd", "vp-ubnd-lanh-dao"),
    "officer.congan": _actor("officer.congan", "cong-an", "cong-an-pa03", "cong-an-pa05"),
    "officer.btg": _actor("officer.btg", "ban-tuyen-giao", "ban-tuyen-giao-ttbcxb"),
    "officer.hnb": _actor("officer.hnb", "hoi-nha-bao"),
    "officer.bienhoa": _actor("officer.bienhoa", "ubnd-bien-hoa"),
    "officer.vhtt": _actor("officer.vhtt", "ubnd-bien-hoa-vhtt"),
}


def _org_unit(function: str) -> str:
    if function not in FUNCTIONS:
        raise ValueError(f"org_unit(): unknown function {function!r}")
    return FUNCTIONS[function]


def _secrecy_review() -> Process:
    p = Process("secrecy_review", "Rà soát bảo vệ bí mật nhà nước", "Stand-in for the shared review.",
                [Lane("lanh-dao", "Lãnh đạo đơn vị", "The unit leader.", None)])
    p.node("startEvent", "secrecy_start", "Bắt đầu", "Start.", "lanh-dao", 0)
    p.user("secrecy_review_decide", "Rà soát bí mật", "Review", "CT 1.a.", "lanh-dao", 1, fields=[
        choice("secrecy_decision", "Kết quả", "Decision", [("release", "Phát hành", "release"),
                                                            ("limit", "Hạn chế", "limit"),
                                                            ("refuse", "Không phát hành", "refuse")])],
           candidateGroups="${leaders(unit)}")
    p.node("endEvent", "secrecy_end", "Kết thúc", "End.", "lanh-dao", 2)
    p.flow("secrecy_start", "secrecy_review_decide")
    p.flow("secrecy_review_decide", "secrecy_end")
    return p


@pytest.fixture(autouse=True)
def org(monkeypatch, tmp_path: Path):
    """Patch the helpers in before the engine is made (use before `province`)."""
    monkeypatch.setitem(sandbox.SAFE_BUILTINS, "org_unit", _org_unit)
    monkeypatch.setitem(sandbox.SAFE_BUILTINS, "leaders", lambda code: f"{code}-lanh-dao")
    monkeypatch.setitem(sandbox.SAFE_BUILTINS, "org_groups", lambda kind: list(KINDS.get(kind, [])))
    return tmp_path


def setup(engine, tmp_path: Path) -> None:
    for code in UNITS + LEADERS:
        engine.identity.ensure_group(code, code, code)
    p = _secrecy_review()
    stub = tmp_path / "stub"
    stub.mkdir(exist_ok=True)
    (stub / "secrecy_review.bpmn").write_text(p.xml(), encoding="utf-8")
    import json
    for form_id, form in p.forms.items():
        (stub / f"{form_id}.form").write_text(json.dumps(form), encoding="utf-8")
    engine.repository.deploy(read_model_files([stub]), SYSTEM)


def release(engine, instance_id: str, who: str, decision: str = "release") -> None:
    """The unit leader's secrecy review of the pending release."""
    from .walk import do
    do(engine, instance_id, "secrecy_review_decide", PEOPLE[who], secrecy_decision=decision)
