"""press_briefing: the monthly press meeting (timer, or by hand): agenda by Ban Tuyên giáo's press unit
with Sở TTTT's and the Journalists' Association's input (due dates, never a gate), invitations,
attendance and minutes; every follow-up question becomes its own press_inquiry case."""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ
from engine.errors import Forbidden, ScriptError

from .conftest import PEOPLE, deploy
from .publishing import CALLED
from .timers import start_timers
from .walk import do, ended_at, history_of, open_elements, open_tasks

HOLD = {"agencies_present": 12, "journalists_present": 20, "meeting_minutes": "Biên bản hội nghị giao ban "
        "báo chí tháng 1: Sở Y tế thông tin về dịch sốt xuất huyết"}
QUESTIONS = ("Nguyễn Văn A | Báo Đồng Nai | so-y-te | Số ca sốt xuất huyết tháng này?\n"
             "Trần Thị B | Đài PT-TH Đồng Nai | ubnd-bien-hoa | Tiến độ dự án chống ngập?")
REFUSE = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Đồng Nai", "credential_type": "none",
          "question": "Số ca sốt xuất huyết tháng này?", "credentials_ok": "no",
          "refusal_reason": "Không xuất trình thẻ nhà báo hoặc giấy giới thiệu"}

TOLD = {"refusal_channel": "email", "refusal_notice": "Đề nghị xuất trình thẻ nhà báo khi làm việc"}


@pytest.fixture
def meeting(province):
    deploy(province, "press_briefing", "press_inquiry", *CALLED)

    def start(**variables):
        iid = province.runtime.start("press_briefing", PEOPLE["officer.btg"], variables).id
        do(province, iid, "agenda", "officer.btg", meeting_on="2026-01-09", agenda_text="Thông tin tháng 1")
        do(province, iid, "press_situation", "officer.tttt", press_situation_text="Dư luận về dịch bệnh")
        do(province, iid, "association_input", "officer.hnb", association_text="Đề nghị thông tin sớm")
        do(province, iid, "invite", "officer.btg", invitation_ref="GM-01/BTG", agencies_invited=15,
           invited_list="Báo Đồng Nai; Đài PT-TH Đồng Nai; VPĐD các báo")
        return iid
    return start


def test_each_follow_up_question_becomes_a_press_inquiry_of_its_unit(province, meeting):
    iid = meeting()
    [hold] = open_tasks(province, iid)
    assert hold.element_id == "hold" and hold.candidate_groups == ["ban-tuyen-giao-ttbcxb"] and hold.due_at
    do(province, iid, "hold", "officer.btg", **HOLD, follow_up_questions=QUESTIONS)
    intakes = sorted((t.element_id, t.candidate_groups[0]) for t in open_tasks(province, iid))
    assert intakes == [("intake", "so-y-te"), ("intake", "ubnd-bien-hoa")]
    [yte] = [t for t in open_tasks(province, iid) if t.candidate_groups == ["so-y-te"]]
    province.tasks.complete(yte.id, PEOPLE["spokesperson.yte"], REFUSE)
    do(province, iid, "tell_refused", "spokesperson.yte", **TOLD)
    assert open_elements(province, iid) == ["intake"]  # the meeting waits for every question
    [bh] = open_tasks(province, iid)
    province.tasks.complete(bh.id, PEOPLE["officer.bienhoa"], {**REFUSE, "journalist_name": "Trần Thị B",
                                                               "press_agency": "Đài PT-TH Đồng Nai"})
    do(province, iid, "tell_refused", "officer.bienhoa", **TOLD)
    assert ended_at(province, iid) == "meeting_held"
    called = [el for kind, el in history_of(province, iid) if kind == "element_completed"]
    assert called.count("question_inquiry") == 2 and called.count("refused_credentials") == 2


def test_silent_coordinators_do_not_hold_the_meeting_up_and_no_question_ends_it(province, clock):
    deploy(province, "press_briefing", "press_inquiry", *CALLED)
    iid = province.runtime.start("press_briefing", PEOPLE["officer.btg"]).id
    groups = sorted((t.element_id, t.candidate_groups[0]) for t in open_tasks(province, iid))
    assert groups == [("agenda", "ban-tuyen-giao-ttbcxb"), ("association_input", "hoi-nha-bao"),
                      ("press_situation", "so-tttt-ttbcxb")]
    assert all(t.due_at for t in open_tasks(province, iid))
    do(province, iid, "agenda", "officer.btg", meeting_on="2026-01-09", agenda_text="Thông tin tháng 1")
    clock.set(datetime(2026, 1, 7, 8, 0, 1, tzinfo=LOCAL_TZ))  # 2 working days later
    province.runtime.fire_due_timers()
    assert open_elements(province, iid) == ["invite"]
    do(province, iid, "invite", "officer.btg", invitation_ref="GM-01/BTG", agencies_invited=15,
       invited_list="Báo Đồng Nai")
    do(province, iid, "hold", "officer.btg", **HOLD)
    assert ended_at(province, iid) == "meeting_held"


@pytest.mark.parametrize("questions, problem", [
    ("Nguyễn Văn A | Báo Đồng Nai | so-y-te", "line 1"),
    ("Nguyễn Văn A | Báo Đồng Nai | ubnd-tam-duong | Câu hỏi?", "not a unit"),  # Lai Châu's district
])
def test_bad_question_lines_are_refused_and_nothing_changes(province, meeting, questions, problem):
    iid = meeting()
    with pytest.raises(ScriptError, match=problem):
        do(province, iid, "hold", "officer.btg", **HOLD, follow_up_questions=questions)
    with pytest.raises(ScriptError, match="agencies_present"):
        do(province, iid, "hold", "officer.btg", **{**HOLD, "agencies_present": 16})
    assert open_elements(province, iid) == ["hold"]


def test_monthly_timer_and_who_may_start(province):
    deploy(province, "press_briefing", "press_inquiry", *CALLED)
    [waiting] = [t for t in start_timers(province, "press_briefing") if t.status == "waiting"]
    assert waiting.due_at.astimezone(LOCAL_TZ).replace(tzinfo=None) == datetime(2026, 1, 10, 8, 0)
    with pytest.raises(Forbidden):
        province.runtime.start("press_briefing", PEOPLE["spokesperson.yte"])
