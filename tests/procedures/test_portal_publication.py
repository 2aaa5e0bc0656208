"""portal_publication walked on its own: VP UBND edits, the Chief of Office (not the editor) approves,
VP UBND publishes, each step due within a working day."""
from __future__ import annotations

import pytest

from engine.errors import ScriptError
from engine.rules.four_eyes import FourEyesViolation

from .conftest import PEOPLE, deploy
from .walk import do, ended_at, open_tasks

ITEM = {"unit": "so-y-te", "item_kind": "statement", "item_title": "Thông cáo về dịch sốt xuất huyết",
        "item_text": "Sở Y tế thông tin về tình hình dịch sốt xuất huyết trên địa bàn tỉnh."}
EDIT = {"portal_title": "Sở Y tế thông tin về dịch sốt xuất huyết",
        "portal_summary": "Tình hình dịch tháng 1"}


@pytest.fixture
def item(province):
    deploy(province, "portal_publication")
    return lambda **v: province.runtime.start("portal_publication", PEOPLE["supervisor"], {**ITEM, **v}).id


def test_edited_sent_back_approved_by_the_chief_and_published_with_its_address(province, item, clock):
    iid = item()
    [edit] = open_tasks(province, iid)
    assert edit.candidate_groups == ["vp-ubnd"] and edit.due_at.startswith("2026-01-06T01:00")
    chief = PEOPLE["chief.vp"]
    do(province, iid, "portal_edit", chief, **EDIT)  # the Chief edits this one himself …
    [approve] = open_tasks(province, iid)
    assert approve.candidate_groups == ["vp-ubnd-lanh-dao"]
    with pytest.raises(FourEyesViolation):  # … so he may not approve it: his deputy does
        province.tasks.complete(approve.id, chief, {"portal_decision": "approve"})
    do(province, iid, "portal_approve", "deputy.vp", portal_decision="revise",
       portal_comment="Bổ sung số liệu")
    do(province, iid, "portal_edit", "officer.vp", **EDIT)
    clock.advance(hours=2)
    do(province, iid, "portal_approve", chief, portal_decision="approve")
    [publish] = open_tasks(province, iid)
    assert publish.candidate_groups == ["vp-ubnd"] and publish.due_at is not None
    do(province, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/12")
    assert ended_at(province, iid) == "portal_published"
    data = province.runtime.get(iid).variables
    assert data["portal_url"] == "https://dongnai.gov.vn/tin/12"
    assert data["portal_published_at"].startswith("2026-01-05T10:00")


def test_a_rejection_needs_its_reason_and_leaves_no_address(province, item):
    iid = item(item_kind="inquiry_answer")
    do(province, iid, "portal_edit", "officer.vp", **EDIT)
    with pytest.raises(ScriptError, match="portal_comment"):
        do(province, iid, "portal_approve", "chief.vp", portal_decision="reject")
    do(province, iid, "portal_approve", "chief.vp", portal_decision="reject",
       portal_comment="Nội dung đã được đăng trong tin trước")
    assert ended_at(province, iid) == "portal_not_published"
    assert province.runtime.get(iid).variables["portal_url"] is None


def test_an_item_without_text_is_refused_at_the_start(province, item):
    with pytest.raises(ScriptError, match="item_text"):
        item(item_text=" ")
    assert province.runtime.list(definition="portal_publication")[1] == 0
