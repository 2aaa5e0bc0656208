"""secrecy_review walked on its own as the releasing unit's leader, with and without the Police."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, NotFound, ScriptError

from .conftest import PEOPLE, deploy
from .walk import do, open_tasks

RELEASE = {"unit": "so-y-te", "release_kind": "inquiry_answer", "release_text": "Số ca sốt xuất huyết: 120"}


@pytest.fixture
def review(province):
    deploy(province, "secrecy_review")

    def start(**variables):
        return province.runtime.start("secrecy_review", PEOPLE["supervisor"], {**RELEASE, **variables}).id
    return start


def test_the_units_leader_releases_in_full_within_a_working_day(province, review):
    iid = review()
    [task] = open_tasks(province, iid)
    assert task.candidate_groups == ["so-y-te-lanh-dao"] and task.due_at.startswith("2026-01-06T01:00")
    with pytest.raises(NotFound):  # the unit's officers do not review their own release
        province.tasks.complete(task.id, PEOPLE["spokesperson.yte"], {"secrecy_decision": "release"})
    do(province, iid, "secrecy_leader_review", "leader.yte", secrecy_decision="release")
    inst = province.runtime.get(iid)
    assert inst.status == "completed" and inst.variables["secrecy_decision"] == "release"


def test_limiting_needs_its_legal_basis_and_the_police_may_be_consulted(province, review):
    iid = review(release_kind="statement")
    leader = PEOPLE["leader.yte"]
    with pytest.raises(ScriptError, match="secrecy_note"):
        do(province, iid, "secrecy_leader_review", leader, secrecy_decision="limit")
    do(province, iid, "secrecy_leader_review", leader, secrecy_decision="limit", consult_police=True)
    [opinion] = open_tasks(province, iid)
    assert opinion.element_id == "secrecy_police_opinion" and opinion.candidate_groups == ["cong-an-pa03"]
    assert opinion.due_at.startswith("2026-01-07T01:00")
    with pytest.raises((NotFound, Forbidden)):
        province.tasks.complete(opinion.id, leader, {"police_advice": "limit", "police_opinion": "x"})
    do(province, iid, "secrecy_police_opinion", "officer.congan", police_advice="refuse",
       police_opinion="Thông tin thuộc hồ sơ vụ án đang điều tra")
    do(province, iid, "secrecy_decide", leader, secrecy_decision="refuse",
       secrecy_note="Bí mật điều tra (Bộ luật Tố tụng hình sự, điều 14)")
    data = province.runtime.get(iid).variables
    assert (data["secrecy_decision"], data["police_advice"]) == ("refuse", "refuse")
    assert data["secrecy_note"].startswith("Bí mật điều tra")


def test_an_unknown_release_kind_is_refused_at_the_start(province, review):
    with pytest.raises(ScriptError, match="release_kind"):
        review(release_kind="gossip")
    assert province.runtime.list(definition="secrecy_review")[1] == 0
