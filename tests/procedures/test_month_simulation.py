"""January 2026 in the demo province on a simulated clock: the daily monitoring started by its timer every
day (the duty officer on the 10 days off), the monthly briefing, three press inquiries, four rebuttal cases
opened by monitoring, one multi-agency case; then the month's statistics: completed, late, escalated.

The clock only moves forward; `at()` sets it and lets every due timer fire, as the dispatcher would.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from engine.clock import LOCAL_TZ

from .conftest import PEOPLE, deploy
from .walk import INQUIRY, do, open_tasks

YTE, TTTT, SUPERVISOR = "spokesperson.yte", "officer.tttt", PEOPLE["supervisor"]
KEYS = ("false_report_rebuttal", "daily_monitoring", "press_inquiry", "multi_agency_case", "monthly_briefing",
        "press_inspection", "secrecy_review")
DIGEST = {"items_total": 20, "channels": ["press", "e_news", "social_media"],
          "digest": "Báo chí đưa tin về tình hình kinh tế - xã hội của tỉnh"}
# Items flagged for a rebuttal, by day: (address, unit, press agency) and how the unit's verification ends.
FLAGS = {6: [("https://bao.example/so-ca-sot", "so-y-te", "Báo Mẫu", "false")],
         13: [("https://bao.example/thuoc-gia", "so-y-te", "Báo Mẫu", "distorted"),
              ("https://mxh.example/kich-dong", "cong-an", "Trang Mạng", "security")],
         20: [("https://bao.example/ngap-nuoc", "ubnd-bien-hoa", "Báo Mẫu", "accurate")]}
VERIFIER = {"so-y-te": YTE, "cong-an": "officer.congan", "ubnd-bien-hoa": "officer.bienhoa"}
LEADER = {"so-y-te": "leader.yte", "cong-an": "leader.congan"}
LATE_DIGEST_DAY = 27
CARD = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Đồng Nai", "credential_type": "press_card",
        "credential_number": "HNB-0123", "credential_valid_until": "2026-12-31",
        "question": "Tình hình dịch sốt xuất huyết trên địa bàn?"}
FIGURES = {"report_month": "12/2025", "highlights": "Sản xuất công nghiệp tăng 8% so với cùng kỳ",
           "indicators": "Thu ngân sách đạt 105% dự toán", "sources": "Cục Thống kê, Sở Tài chính"}


class Province:
    def __init__(self, engine, clock) -> None:
        self.engine, self.clock = engine, clock
        self.days: dict[int, str] = {}  # day of January -> its daily_monitoring instance
        self.cases: dict[str, str] = {}  # the inquiries and the multi-agency case started by hand

    def at(self, day: int, hour: int, minute: int = 0, second: int = 0) -> None:
        self.clock.set(datetime(2026, 1, day, hour, minute, second, tzinfo=LOCAL_TZ))
        self.engine.runtime.fire_due_timers()

    def instance(self, key: str, started_on: int) -> str:
        views = self.engine.runtime.list(definition=key, per_page=100)[0]
        [view] = [v for v in views if datetime.fromisoformat(v.started_at).astimezone(LOCAL_TZ).day
                  == started_on]
        return view.id

    def complete_open(self, element_id: str, who: str, **data) -> None:
        actor = PEOPLE[who]
        for task in self.engine.tasks.list(actor, per_page=500)[0]:
            if task.element_id == element_id:
                self.engine.tasks.complete(task.id, actor, data)

    # --- the procedures, as their people work them ----------------------------------------------
    def digest(self, day: int) -> None:
        iid = self.days[day]
        lines = "\n".join(f"{url} | {unit} | {agency}" for url, unit, agency, _ in FLAGS.get(day, []))
        if "duty_collect" in self.engine.runtime.get(iid).active_elements:  # a day off
            do(self.engine, iid, "duty_collect", "duty.tttt", **DIGEST, flagged_items=lines)
        else:
            do(self.engine, iid, "collect_items", TTTT, **DIGEST, flagged_items=lines)
        for url, unit, agency, finding in FLAGS.get(day, []):
            verify = [t for t in open_tasks(self.engine, iid)
                      if t.element_id == "verify" and t.candidate_groups == [unit]]
            self.engine.tasks.complete(verify[0].id, PEOPLE[VERIFIER[unit]], {
                "article_url": url, "press_agency": agency, "finding": finding,
                "verification_notes": "Đối chiếu với số liệu chính thức của đơn vị"})
            if finding in ("false", "distorted", "security"):  # drafted, reviewed, approved, sent, copied
                do(self.engine, iid, "draft_response", VERIFIER[unit],
                   response_text="Đề nghị cải chính thông tin sai sự thật")
                do(self.engine, iid, "secrecy_leader_review", LEADER[unit], secrecy_decision="release",
                   consult_police=False)
                do(self.engine, iid, "approve_response", LEADER[unit], approval="approve")
                do(self.engine, iid, "send_response", VERIFIER[unit], response_ref=f"{day}/PH")
                do(self.engine, iid, "copy_received", TTTT, press_agency_level="local")
            elif finding == "accurate":  # handled within the unit's authority, the press told
                do(self.engine, iid, "handle", VERIFIER[unit], handling_result="Đã khắc phục điểm ngập")
                do(self.engine, iid, "inform_press", VERIFIER[unit], inform_ref=f"{day}/TB")

    def inquiry(self, credentials: bool = True) -> str:
        iid = self.engine.runtime.start("press_inquiry", PEOPLE[YTE], INQUIRY).id
        if not credentials:
            do(self.engine, iid, "intake", YTE, **{**CARD, "credential_type": "none"}, credentials_ok="no",
               refusal_reason="Không xuất trình thẻ nhà báo hoặc giấy giới thiệu")
            do(self.engine, iid, "tell_refused", YTE, refusal_channel="in_person",
               refusal_notice="Đề nghị xuất trình thẻ nhà báo hoặc giấy giới thiệu")
            return iid
        do(self.engine, iid, "intake", YTE, **CARD, credentials_ok="yes")
        do(self.engine, iid, "route", YTE, competent="yes", spokesperson=YTE)
        return iid

    def answer(self, iid: str, publish: bool) -> None:
        do(self.engine, iid, "draft", YTE, answer_text="Số ca mắc giảm 20% so với tháng trước")
        do(self.engine, iid, "approve", "leader.yte", approval="approve")
        do(self.engine, iid, "secrecy_leader_review", "leader.yte", secrecy_decision="release")
        do(self.engine, iid, "answer", YTE, answer_channel="email",
           release_form="statement" if publish else "answer_only")
        if publish:
            do(self.engine, iid, "publish_site", YTE, unit_site_url="https://syt.dongnai.gov.vn/tin/1")
            do(self.engine, iid, "portal_edit", "officer.vp", portal_title="Sở Y tế trả lời báo chí",
               portal_summary="Tình hình dịch sốt xuất huyết tháng 1")
            do(self.engine, iid, "portal_approve", "chief.vp", portal_decision="approve")
            do(self.engine, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/9")

    def briefing(self, step: str) -> None:
        iid = self.instance("monthly_briefing", 1)
        if step == "compile":
            do(self.engine, iid, "compile", "officer.vp", **FIGURES)
        elif step == "send_back":
            do(self.engine, iid, "approve", "chief.vp", approval="revise", approval_comment="Thêm FDI")
        else:
            do(self.engine, iid, "approve", "chief.vp", approval="approve")
            do(self.engine, iid, "provide", "officer.vp", channel="press_conference", release_ref="GM-01/VP",
               press_agencies=18)
            do(self.engine, iid, "minutes", "officer.vp", journalists_present=25, questions_asked=6)
            do(self.engine, iid, "portal_edit", "officer.vp", portal_title="Kinh tế - xã hội tháng 12/2025",
               portal_summary="Các chỉ tiêu chủ yếu của tháng")
            do(self.engine, iid, "portal_approve", "chief.vp", portal_decision="approve")
            do(self.engine, iid, "portal_publish", "officer.vp", portal_url="https://dongnai.gov.vn/tin/kt-xh")

    def case(self, step: str, iid: str | None = None) -> str:
        e = self.engine
        if step == "open":
            iid = e.runtime.start("multi_agency_case", PEOPLE["officer.vp"], {"case_number": "VV-2026-1"}).id
            do(e, iid, "report", "officer.vp", case_title="Ngộ độc thực phẩm tại trường học",
               case_summary="Nhiều học sinh nhập viện sau bữa trưa", public_interest="normal",
               proposed_lead="so-y-te")
            do(e, iid, "designate", "supervisor", lead_agency="so-y-te", serious_incident="no")
        elif step == "coordinate":
            do(e, iid, "plan", YTE, extra_agencies=["cong-an"],
               coordination_request="Đề nghị cung cấp thông tin")
            do(e, iid, "coord_btg", "officer.btg", btg_orientation="Định hướng đưa tin khách quan, kịp thời")
            do(e, iid, "coord_vp", "officer.vp", vp_input="Đã báo cáo Chủ tịch UBND tỉnh")
            do(e, iid, "coord_tttt", TTTT, tttt_guidance="Hướng dẫn báo chí, theo dõi mạng xã hội")
            do(e, iid, "coord_other", "officer.congan", agency_input="Công an đang điều tra nguyên nhân")
        else:
            do(e, iid, "consolidate", YTE, consolidated_report="Báo cáo tổng hợp ý kiến các cơ quan phối hợp")
            do(e, iid, "advise", YTE, advice="Đề xuất kết luận vụ việc, công bố kết quả")
            do(e, iid, "authority", "supervisor", authority_decision="close")
            do(e, iid, "portal_news", "officer.vp", portal_title="Kết quả xử lý vụ ngộ độc",
               portal_url="https://dongnai.gov.vn/tin/vu-viec-1")
            do(e, iid, "closure", YTE, closure_note="Đã xử lý xong, công bố kết quả")
        return iid

    # --- the month ------------------------------------------------------------------------------
    def live(self, day: int) -> None:
        """One day: the timers of 08:00, the day's scripted work, the digest, the timers of the evening."""
        self.at(day, 8, 0, 1)  # the daily timer (and on the 1st the monthly one)
        self.days[day] = self.instance("daily_monitoring", day)
        for work in self.agenda().get(day, []):
            work()
        if {"collect_items", "duty_collect"} & set(self.engine.runtime.get(self.days[day]).active_elements):
            if day == LATE_DIGEST_DAY:  # the digest misses its 16:00 deadline and is escalated
                self.at(day, 16, 30)
                self.complete_open("escalate_digest", "leader.ttbcxb",
                                   escalation_instruction="Hoàn thành bản tổng hợp trước 17 giờ")
                self.at(day, 17)
            else:
                self.at(day, 15)
            self.digest(day)
        self.at(day, 17, 30)

    def agenda(self) -> dict[int, list]:
        e, people, c = self.engine, PEOPLE, self.cases
        return {
            2: [lambda: self.briefing("compile")],
            5: [lambda: self.briefing("send_back"), lambda: self.briefing("compile")],
            6: [lambda: self.briefing("approve_and_give"),
                lambda: self.answer(c.setdefault("answered", self.inquiry()), publish=False)],
            8: [lambda: e.runtime.correlate_message(  # the Health case of the 6th is corrected
                "correction_published", people[TTTT], "GS-20260106-1",
                {"correction_url": "https://bao.example/cai-chinh"})],
            12: [lambda: self.at(12, 9, 30),  # answer due Monday 19, 09:30; answered on the 20th
                 lambda: c.setdefault("late", self.inquiry())],
            14: [lambda: self.complete_open("police", "officer.congan", police_ref="CA-14",
                                            police_conclusion="Đã xử lý tài khoản"),
                 lambda: self.complete_open("inspectorate_security", "inspector.tttt",
                                            inspectorate_note="Phối hợp Công an xử lý theo thẩm quyền")],
            15: [lambda: self.at(15, 9, 30), lambda: c.setdefault("case", self.case("open")),
                 lambda: e.runtime.correlate_message(  # the security case of the 13th is corrected
                     "correction_published", people[TTTT], "GS-20260113-2")],
            16: [lambda: self.case("coordinate", c["case"]), lambda: self.inspection(planned=True)],
            19: [lambda: self.at(19, 12),  # the deadline passed at 09:30: the unit's leadership acts
                 lambda: self.complete_open("escalate", "leader.yte",
                                            escalation_instruction="Trả lời nhà báo ngay trong ngày"),
                 self.press_updates],
            20: [lambda: self.answer(c["late"], publish=True)],
            21: [lambda: self.complete_open(  # no correction of the 13th's Health case in 5 working days
                "escalate_correction", TTTT, follow_up_action="inspect",
                follow_up_note="Đề nghị Thanh tra Sở thanh tra, xử lý theo quy định"),
                lambda: c.setdefault("refused", self.inquiry(credentials=False)), self.press_updates],
            22: [lambda: self.case("close", c["case"]), self.inspection],
        }

    def inspection(self, planned: bool = False) -> None:
        """Thanh tra Sở's yearly planned inspection (started on the 15th by its timer, no violation), or
        the inspection of the press agency that did not correct the 13th's article."""
        inspector = "inspector.tttt"
        self.complete_open("inspection_plan", inspector, inspection_ref="2/QĐ-TTr",
                           inspection_scope="Việc thực hiện tôn chỉ, mục đích; việc cải chính")
        self.complete_open("inspection_conclude", inspector, inspection_finding="no_violation"
                           if planned else "violation", inspection_authority="within",
                           inspection_measure="none" if planned else "correction",
                           inspection_conclusion="Kết luận thanh tra hoạt động báo chí trên địa bàn tỉnh")
        self.complete_open("inspection_approve", "leader.thanhtra", inspection_approval="approve")
        if not planned:
            self.complete_open("inspection_publish", inspector, inspection_public_summary="Yêu cầu cải chính",
                               inspection_results_url="https://stttt.example/kq/1")

    def press_updates(self) -> None:
        """The multi-agency case's regular press updates (every 2 days while it is open)."""
        self.complete_open("press_update", YTE, update_channel="press_release",
                           update_text="Thông tin tiến độ xử lý vụ việc")

    def statistics(self) -> dict:
        self.clock.set(datetime(2026, 2, 1, 0, 0, tzinfo=LOCAL_TZ))
        return self.engine.statistics.summary(SUPERVISOR, datetime(2026, 1, 1, tzinfo=LOCAL_TZ),
                                              datetime(2026, 2, 1, tzinfo=LOCAL_TZ))


@pytest.fixture
def month(province, clock):
    clock.set(datetime(2025, 12, 31, 20, 0, tzinfo=LOCAL_TZ))
    deploy(province, *KEYS)
    return Province(province, clock)


def test_a_month_of_the_province(month):
    for day in range(1, 32):
        month.live(day)
    stats = month.statistics()
    procedures, tasks = stats["procedures"], stats["tasks"]

    started_by = {(v.definition_key, v.started_by) for v in month.engine.runtime.list(per_page=100)[0]}
    assert started_by == {("daily_monitoring", "timer"), ("monthly_briefing", "timer"),
                          ("press_inspection", "timer"), ("press_inquiry", YTE),
                          ("multi_agency_case", "officer.vp")}
    daily = procedures["daily_monitoring"]
    assert (daily["started"], daily["completed"], daily["open"]) == (31, 31, 0)
    # 10 days off (1 January, 9 weekend days) monitored by the duty officer; 3 days had items to answer.
    assert {k: daily["ends"][k] for k in ("nothing_flagged", "cases_closed")} == {
        "nothing_flagged": 28, "cases_closed": 3}
    assert "day_off" not in daily["ends"]
    # The four rebuttal cases, each through its own route; the uncorrected one was inspected.
    assert {k: daily["ends"][k] for k in ("corrected", "inspected", "security_done", "accurate",
                                          "inspection_published")} == {
        "corrected": 2, "inspected": 1, "security_done": 1, "accurate": 1, "inspection_published": 1}
    assert daily["tasks"]["collect_items"] == 21 and daily["tasks"]["duty_collect"] == 10
    assert daily["tasks"]["verify"] == 4 and daily["tasks"]["approve_response"] == 3
    assert daily["tasks"]["escalate_correction"] == 1  # the uncorrected case
    planned = procedures["press_inspection"]  # the yearly timer of 15 January
    assert (planned["started"], planned["completed"], planned["ends"]["inspection_no_violation"]) == (1, 1, 1)
    assert daily["tasks"]["escalate_digest"] == 1

    briefing = procedures["monthly_briefing"]
    assert (briefing["started"], briefing["completed"], briefing["ends"]["published"]) == (1, 1, 1)
    assert briefing["tasks"]["compile"] == 2

    inquiry = procedures["press_inquiry"]
    assert (inquiry["started"], inquiry["completed"], inquiry["open"]) == (3, 3, 0)
    assert {k: inquiry["ends"][k] for k in ("answered", "published", "refused_credentials")} == {
        "answered": 1, "published": 1, "refused_credentials": 1}

    multi = procedures["multi_agency_case"]
    assert (multi["started"], multi["completed"], multi["ends"]["closed"]) == (1, 1, 1)
    assert multi["tasks"]["press_update"] == 2

    # Late: the late inquiry's draft, approval and answer (due the 19th, done the 20th) and the digest
    # of the 27th. Escalations: that inquiry, the uncorrected rebuttal and that digest.
    assert tasks["late"] == 4 and tasks["escalations"] == 3 and tasks["open_overdue"] == 0
    assert tasks["completed"] == sum(sum(p["tasks"].values()) for p in procedures.values())
