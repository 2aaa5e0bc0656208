"""monthly_briefing: every month VP UBND gives the press the province's socio-economic information and
updates the provincial portal (Đồng Nai directive, CT 2.c), after the secrecy review (CT 1.a, CT 4.c)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import timer_start
from tools.formfields import area, choice, number, text
from tools.procedures.releasing import cite, escalation, publish, secrecy

LEADERS = "${leaders(unit)}"
MONTH = "^(0[1-9]|1[0-2])/20[0-9]{2}$"


def build() -> Process:
    p = Process(
        "monthly_briefing", "Cung cấp thông tin kinh tế - xã hội hằng tháng cho báo chí",
        "Every month VP UBND compiles the socio-economic information; the Office's leader reviews it for "
        "secrets (secrecy_review) and the Chief of Office approves it (not the person who compiled it); "
        "it is given to the press within briefing_days working days and the provincial portal is updated "
        "(portal_publication: the Chief of Office approves the portal item). A late briefing goes to the "
        "Office's leaders. Source: Đồng Nai directive, CT 2.c.",
        [Lane("vp-ubnd", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee: compiles, "
                                                "gives "
              "the information to the press and runs the portal."),
         Lane("lanh-dao-vp", "Lãnh đạo Văn phòng UBND tỉnh", "The Chief of Office and deputy: secrecy "
                                                             "review, "
              "approval, escalations (variable unit's leaders).", None)],
        starters="vp-ubnd")
    cite(p.node("startEvent", "monthly", "Đầu tháng", "Monthly timer (the 1st, 08:00 Hanoi time); an "
                                                      "instance "
                "can also be started by hand.", "vp-ubnd", 0,
                **timer_start("monthly", "R/2026-01-01T08:00:00+07:00/P1M")), "CT 2.c")
    cite(p.script("init", "Khởi tạo kỳ báo cáo, thời hạn", "The month reported (default: the previous "
                                                           "month), "
                  "the unit (VP UBND) and briefing_days (5 working days).", "vp-ubnd", 1, code="""
last_month = today().replace(day=1) - timedelta(days=1)
report_month = value_of("report_month", f"{last_month.month:02d}/{last_month.year}")
unit = org_unit("portal_office")
briefing_days = int(value_of("briefing_days", 5))
briefing_due = working_days(briefing_days)
revisions = 0
"""), "CT 2.c")
    p.node("subProcess", "brief", "Tổng hợp và cung cấp thông tin", "Compile, review, approve and give the "
           "information to the press, under the deadline briefing_due.", "vp-ubnd", 2, props={"clause": "CT "
                                                                                                        "2.c"})
    inner = {"parent": "brief"}
    p.node("startEvent", "brief_start", "Bắt đầu", "The month's briefing starts.", "vp-ubnd", 2, **inner)
    cite(p.user("compile", "Tổng hợp thông tin kinh tế - xã hội", "Compile the month's socio-economic "
                "information", "From the departments' figures.", "vp-ubnd", 3, fields=[
                    text("report_month", "Tháng báo cáo (MM/YYYY)", "Month reported (MM/YYYY)", max_len=7,
                         pattern=MONTH),
                    area("highlights", "Tình hình kinh tế - xã hội nổi bật", "Main socio-economic "
                                                                             "developments"),
                    area("indicators", "Các chỉ tiêu chủ yếu", "Main indicators (production, budget, "
                         "investment, social security)"),
                    text("sources", "Nguồn số liệu (sở, ngành)", "Where the figures come from", max_len=500)],
                dueDate="${briefing_due}"), "CT 2.c")
    secrecy(p, "info", "lanh-dao-vp", 4, unit="unit", kind="monthly_info",
            text_of='highlights + "\\n" + indicators', refused="note_revision", then="approve",
            parent="brief")
    cite(p.user("approve", "Chánh Văn phòng duyệt nội dung cung cấp", "The Chief of Office approves the "
                "information", "Not by the officer who compiled it (four-eyes).", "lanh-dao-vp", 7, fields=[
                    choice("approval", "Ý kiến", "Decision", [("approve", "Phê duyệt", "approve"),
                                                              ("revise", "Yêu cầu sửa", "send back")],
                           radio=True),
                    area("approval_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
                candidateGroups=LEADERS, dueDate="${briefing_due}"), "CT 2.c")
    p.nodes["approve"].props["fourEyes"] = "compile"
    p.node("exclusiveGateway", "approved", "Được duyệt?", "Approved, or sent back?", "lanh-dao-vp", 8)
    cite(p.script("note_revision", "Ghi nhận yêu cầu sửa", "Count the revisions asked for.", "vp-ubnd", 8, 1,
                  code="revisions = int(value_of('revisions', 0)) + 1"), "CT 2.c")
    cite(p.user("provide", "Cung cấp thông tin cho báo chí", "Give the information to the press",
                "Press conference or written press release.", "vp-ubnd", 9, fields=[
                    choice("channel", "Hình thức cung cấp", "How", [
                        ("press_conference", "Họp báo định kỳ", "regular press conference"),
                        ("written_release", "Thông cáo báo chí bằng văn bản", "written press release")],
                        radio=True),
                    text("release_ref", "Số thông cáo / giấy mời họp báo", "Release or invitation reference",
                         min_len=1, max_len=50),
                    number("press_agencies", "Số cơ quan báo chí nhận thông tin", "Press agencies informed",
                           low=1, high=500)],
                dueDate="${briefing_due}"), "CT 2.c")
    p.node("exclusiveGateway", "channel_gw", "Họp báo?", "Was it a press conference?", "vp-ubnd", 10)
    cite(p.user("minutes", "Ghi nhận kết quả họp báo", "Record the press conference: attendance and "
                "questions", "Questions left open are answered as press inquiries.", "vp-ubnd", 11, 1,
                fields=[
                    number("journalists_present", "Số phóng viên dự", "Journalists present", low=1,
                           high=1000),
                    number("questions_asked", "Số câu hỏi", "Questions asked", low=0, high=500),
                    area("open_questions", "Câu hỏi cần trả lời sau (nếu có)", "Questions to answer later",
                         required=False)],
                dueDate="${working_days(1)}"), "CT 2.c")
    p.node("endEvent", "brief_done", "Đã cung cấp", "The press has the information.", "vp-ubnd", 12, **inner)
    for node_id in ("compile", "approve", "approved", "note_revision", "provide", "channel_gw", "minutes"):
        p.nodes[node_id].parent = "brief"
    escalation(p, "brief", "brief", "lanh-dao-vp", 10, 2, when="briefing_due", group=LEADERS, clause="CT 2.c")
    publish(p, "monthly", "vp-ubnd", 13, unit="unit", group="${unit}", kind="monthly_info",
            title='"Thông tin kinh tế - xã hội tháng " + report_month', text_of='highlights + "\\n" + '
                                                                                'indicators',
            then="published", site=False, clause="CT 2.c, CT 2.a")
    cite(p.node("endEvent", "published", "Đã cung cấp thông tin và cập nhật Cổng", "Ended: the press has the "
                "month's information and the portal is updated.", "vp-ubnd", 17), "CT 2.c")
    f = p.flow
    f("monthly", "init")
    f("init", "brief")
    f("brief_start", "compile")
    f("compile", "info_release")
    f("approve", "approved")
    f("approved", "provide", "Duyệt", 'approval == "approve"', "Approved.")
    f("approved", "note_revision", "Sửa lại", default=True, doc="Sent back.")
    f("note_revision", "compile")
    f("provide", "channel_gw")
    f("channel_gw", "minutes", "Họp báo", 'channel == "press_conference"', "Press conference.")
    f("channel_gw", "brief_done", "Thông cáo", default=True, doc="Written release.")
    f("minutes", "brief_done")
    f("brief", "monthly_item")
    return p
