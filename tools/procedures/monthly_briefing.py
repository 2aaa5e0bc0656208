"""monthly_briefing: VP UBND gives the press the month's socio-economic information and updates the
portal (Đồng Nai directive, CT-11, with CT-6 for the portal)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import timer_start
from tools.formfields import area, choice, number, text

CHIEF = "${value_of('chief_of_office', 'chief.vp')}"
MONTH = "^(0[1-9]|1[0-2])/20[0-9]{2}$"


def build() -> Process:
    p = Process(
        "monthly_briefing", "Cung cấp thông tin kinh tế - xã hội hằng tháng cho báo chí",
        "Every month VP UBND compiles the socio-economic information, the Chief of Office approves it, it "
        "is given to the press (press conference or written release) within briefing_days working days "
        "and the provincial e-portal is updated. Source: Đồng Nai directive, CT-11 (portal: CT-6).",
        [Lane("vp-ubnd", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee: compiles, "
              "gives the information to the press and runs the e-portal; the Chief of Office approves "
              "(CT-11, CT-6).")],
        starters="vp-ubnd")
    p.node("startEvent", "monthly", "Đầu tháng", "Monthly timer (the 1st, 08:00 Hanoi time); an instance "
           "can also be started by hand. CT-11.", "vp-ubnd", 0,
           **timer_start("monthly", "R/2026-01-01T08:00:00+07:00/P1M"))
    p.script("init", "Khởi tạo kỳ báo cáo, thời hạn", "The month reported (default: the previous month) "
             "and deadline lengths with defaults: briefing_days (5 working days), reminder_days (1 before "
             "the deadline). CT-11.", "vp-ubnd", 1, code="""
last_month = today().replace(day=1) - timedelta(days=1)
report_month = value_of("report_month", f"{last_month.month:02d}/{last_month.year}")
briefing_days = int(value_of("briefing_days", 5))
reminder_days = int(value_of("reminder_days", 1))
briefing_due = working_days(briefing_days)
remind_at = add_working_days(briefing_due, -reminder_days)
revisions = 0
""")
    p.node("subProcess", "brief", "Tổng hợp và cung cấp thông tin", "Compile, approve and give the "
           "information to the press, under the deadline briefing_due. CT-11.", "vp-ubnd", 2)
    p.node("startEvent", "brief_start", "Bắt đầu", "The month's briefing starts.", "vp-ubnd", 2,
           parent="brief")
    p.user("compile", "Tổng hợp thông tin kinh tế - xã hội", "Compile the month's socio-economic "
           "information", "CT-11.", "vp-ubnd", 3, fields=[
               text("report_month", "Tháng báo cáo (MM/YYYY)", "Month reported (MM/YYYY)", max_len=7,
                    pattern=MONTH),
               area("highlights", "Tình hình kinh tế - xã hội nổi bật", "Main socio-economic developments"),
               area("indicators", "Các chỉ tiêu chủ yếu", "Main indicators (production, budget, "
                    "investment, social security)"),
               text("sources", "Nguồn số liệu (sở, ngành)", "Where the figures come from", max_len=500)],
           dueDate="${briefing_due}")
    p.user("approve", "Chánh Văn phòng duyệt nội dung", "The Chief of Office approves the information",
           "CT-11.", "vp-ubnd", 4, fields=[
               choice("approval", "Ý kiến", "Decision", [("approve", "Phê duyệt", "approve"),
                                                         ("revise", "Yêu cầu sửa", "send back")], radio=True),
               area("approval_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
           assignee=CHIEF, dueDate="${briefing_due}")
    p.node("exclusiveGateway", "approved", "Được duyệt?", "Approved? CT-11.", "vp-ubnd", 5)
    p.script("note_revision", "Ghi nhận yêu cầu sửa", "Count the revisions asked for. CT-11.", "vp-ubnd",
             5, 1, code="revisions = int(value_of('revisions', 0)) + 1")
    p.user("provide", "Cung cấp thông tin cho báo chí", "Give the information to the press", "CT-11.",
           "vp-ubnd", 6, fields=[
               choice("channel", "Hình thức cung cấp", "How", [
                   ("press_conference", "Họp báo định kỳ", "regular press conference"),
                   ("written_release", "Thông cáo báo chí bằng văn bản", "written press release")],
                   radio=True),
               text("release_ref", "Số thông cáo / giấy mời họp báo", "Release or invitation reference",
                    min_len=1, max_len=50),
               number("press_agencies", "Số cơ quan báo chí nhận thông tin", "Press agencies informed",
                      low=1, high=500)],
           dueDate="${briefing_due}")
    p.node("exclusiveGateway", "channel_gw", "Họp báo?", "Was it a press conference? CT-11.", "vp-ubnd", 7)
    p.user("minutes", "Ghi nhận kết quả họp báo", "Record the press conference: attendance and "
           "questions", "CT-11.", "vp-ubnd", 8, 1, fields=[
               number("journalists_present", "Số phóng viên dự", "Journalists present", low=1, high=1000),
               number("questions_asked", "Số câu hỏi", "Questions asked", low=0, high=500),
               area("open_questions", "Câu hỏi cần trả lời sau (nếu có)", "Questions to answer later",
                    required=False)],
           dueDate="${briefing_due}")
    p.node("endEvent", "brief_done", "Đã cung cấp", "The press has the information.", "vp-ubnd", 9,
           parent="brief")
    for node_id in ("compile", "approve", "approved", "note_revision", "provide", "channel_gw", "minutes"):
        p.nodes[node_id].parent = "brief"
    p.timer("remind", "Nhắc trước hạn", "Reminder reminder_days working days before briefing_due. CT-11.",
            "brief", "timeDate", "remind_at", slot=1)
    p.script("note_reminder", "Gửi nhắc hạn", "Record the reminder (e-mail delivery is a connector, "
             "issue 5). CT-11.", "vp-ubnd", 7, 2,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "vp-ubnd", 8, 2)
    p.timer("overdue", "Quá hạn cung cấp", "briefing_due passed: the Office's leadership takes it up "
            "without stopping the work. CT-11.", "brief", "timeDate", "briefing_due")
    p.user("escalate", "Chỉ đạo việc cung cấp thông tin chậm", "The Office's leadership deals with the "
           "late briefing", "CT-11.", "vp-ubnd", 9, 2, fields=[
               area("escalation_instruction", "Chỉ đạo", "Instruction")], priority="90")
    p.node("endEvent", "escalated", "Đã chỉ đạo", "Escalation handled.", "vp-ubnd", 10, 2)
    p.user("portal_edit", "Cập nhật tin lên Cổng TTĐT tỉnh", "Prepare the portal item", "CT-11, CT-6.",
           "vp-ubnd", 10, fields=[
               text("portal_title", "Tiêu đề tin", "Portal item title", min_len=5, max_len=250),
               area("portal_summary", "Nội dung tóm tắt", "Summary")])
    p.user("portal_approve", "Chánh Văn phòng duyệt tin đăng Cổng", "The Chief of Office approves the "
           "portal item", "CT-6.", "vp-ubnd", 11, fields=[
               choice("portal_decision", "Ý kiến duyệt", "Decision", [
                   ("approve", "Duyệt đăng", "approve"), ("revise", "Biên tập lại", "edit again")],
                   radio=True),
               area("portal_comment", "Ý kiến", "Comments", required=False)], assignee=CHIEF)
    p.node("exclusiveGateway", "portal_ok", "Duyệt đăng?", "Approved for the portal? CT-6.", "vp-ubnd", 12)
    p.user("portal_publish", "Đăng tin lên Cổng TTĐT tỉnh", "Post the item on the provincial e-portal",
           "CT-11.", "vp-ubnd", 13, fields=[
               text("portal_url", "Đường dẫn tin trên Cổng", "Portal address", pattern="^https?://\\S+$")])
    p.node("endEvent", "published", "Đã cung cấp thông tin và cập nhật Cổng", "Ended: the press has the "
           "month's information and the portal is updated. CT-11.", "vp-ubnd", 14)
    f = p.flow
    f("monthly", "init")
    f("init", "brief")
    f("brief_start", "compile")
    f("compile", "approve")
    f("approve", "approved")
    f("approved", "provide", "Duyệt", 'approval == "approve"', "Approved.")
    f("approved", "note_revision", "Sửa lại", default=True, doc="Sent back.")
    f("note_revision", "compile")
    f("provide", "channel_gw")
    f("channel_gw", "minutes", "Họp báo", 'channel == "press_conference"', "Press conference.")
    f("channel_gw", "brief_done", "Thông cáo", default=True, doc="Written release.")
    f("minutes", "brief_done")
    f("remind", "note_reminder")
    f("note_reminder", "reminded")
    f("overdue", "escalate")
    f("escalate", "escalated")
    f("brief", "portal_edit")
    f("portal_edit", "portal_approve")
    f("portal_approve", "portal_ok")
    f("portal_ok", "portal_publish", "Duyệt", 'portal_decision == "approve"', "Approved.")
    f("portal_ok", "portal_edit", "Biên tập lại", default=True, doc="Edit again.")
    f("portal_publish", "published")
    return p
