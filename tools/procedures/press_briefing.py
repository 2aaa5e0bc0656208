"""press_briefing: the periodic press meeting (Hội nghị giao ban báo chí): agenda, invitations, attendance,
minutes, and every follow-up question becomes its own press_inquiry case (Đồng Nai directive CT 6.a ¶2,
CT 7.b; Lai Châu plan KH III.1).

The texts say "thường xuyên" and "định kỳ" without a period; the meeting is monthly (the 10th, 08:00),
the rhythm the directive sets for the province's information to the press (CT 2.c), so that the month's
socio-economic information (monthly_briefing, due within 5 working days of the 1st) is out before it. An
extra meeting on a sensitive matter is started by hand.
"""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import area, day, number, text
from tools.procedures.releasing import AGENCIES, cite, due, escalation

HOST = "${host}"
QUESTION_LINE = "nhà báo | cơ quan báo chí | mã đơn vị trả lời | câu hỏi"


def build() -> Process:
    p = Process(
        "press_briefing", "Hội nghị giao ban báo chí định kỳ",
        "The periodic press meeting, monthly by timer or started by hand: the Party Propaganda Department's "
        "press unit (host) prepares the agenda with Sở TTTT's press office and the Journalists' Association "
        "(their input has a due date and never blocks the meeting), invites the press agencies, holds the "
        "meeting and records attendance and minutes; each question left open becomes a press_inquiry case "
        "answered by the competent unit (call activity, one per question). Source: Đồng Nai directive "
        "CT 6.a, CT 7.b; Lai Châu plan KH III.1.",
        [Lane("chu-tri-giao-ban", "Phòng Tuyên truyền – Báo chí – Xuất bản (Ban Tuyên giáo)", "The host "
              "(variable host): agenda, invitations, minutes.", None),
         Lane("phoi-hop-giao-ban", "Sở Thông tin và Truyền thông, Hội Nhà báo tỉnh", "Coordinating: the "
              "month's press situation and the press agencies' side.", None),
         Lane("don-vi-tra-loi", "Đơn vị trả lời câu hỏi", "Each question is answered by its competent unit "
              "as a press inquiry.", None)],
        starters="ban-tuyen-giao,so-tttt,hoi-nha-bao")
    cite(p.node("startEvent", "meeting_due", "Đến kỳ giao ban báo chí", "Monthly timer (the 10th, 08:00 "
                                                                        "Hanoi "
                "time); an extra meeting can be started by hand.", "chu-tri-giao-ban", 0,
                **timer_start("meeting_due", "R/2026-01-10T08:00:00+07:00/P1M")), "CT 6.a, KH III.1")
    cite(p.script("meeting_init", "Khởi tạo kỳ giao ban, thời hạn", "The host and the coordinating units "
                                                                    "from "
                  "the organisation; deadline lengths with defaults: prepare_days (3), input_days (2), "
                  "invite_days (2), minutes_days (2).", "chu-tri-giao-ban", 1, code=f"""
meeting_label = value_of("meeting_label", "") or f"{{today().month:02d}}/{{today().year}}"
host = org_unit("party_press")
press_office = org_unit("press_office")
journalists = org_unit("journalists")
agency_codes = {AGENCIES}
prepare_days = int(value_of("prepare_days", 3))
input_days = int(value_of("input_days", 2))
invite_days = int(value_of("invite_days", 2))
minutes_days = int(value_of("minutes_days", 2))
input_due = working_days(input_days)
"""), "KH III.1")
    cite(p.node("parallelGateway", "inputs_fork", "Lấy ý kiến phối hợp", "Sở TTTT and the Journalists' "
                "Association give their input while the host prepares.", "chu-tri-giao-ban", 2), "KH III.1")
    cite(p.user("agenda", "Chuẩn bị nội dung giao ban", "Prepare the agenda", "Topics, the units that "
                                                                              "report, "
                "the date.", "chu-tri-giao-ban", 3, fields=[
                    day("meeting_on", "Ngày giao ban", "Meeting date"),
                    area("agenda_text", "Nội dung giao ban", "Agenda"),
                    text("reporting_units", "Đơn vị báo cáo tại hội nghị", "Units that report at the meeting",
                         required=False, max_len=500)],
                candidateGroups=HOST, dueDate=due("prepare_days")), "CT 6.a, KH III.1")
    cite(p.user("press_situation", "Sở TTTT cung cấp tình hình báo chí, dư luận", "Sở TTTT's press office "
                "gives the month's press and public-opinion situation", "From daily monitoring.",
                "phoi-hop-giao-ban", 3, 1, fields=[
                    area("press_situation_text", "Tình hình thông tin báo chí, mạng xã hội", "Press and "
                                                                                             "social "
                         "media situation")],
                candidateGroups="${press_office}", dueDate="${input_due}"), "KH III.1")
    cite(p.user("association_input", "Hội Nhà báo tỉnh góp ý nội dung giao ban", "The Journalists' "
                                                                                 "Association "
                "gives the press agencies' side", "Coordinating, not a gate.", "phoi-hop-giao-ban", 3, 2,
                fields=[area("association_text", "Ý kiến của Hội Nhà báo", "The Association's input")],
                candidateGroups="${journalists}", dueDate="${input_due}"), "CT 6.a")
    for node_id in ("press_situation", "association_input"):
        cite(p.timer(f"{node_id}_expired", "Hết hạn góp ý", "No input by input_due: the meeting goes ahead "
                     "without it.", node_id, "timeDate", "input_due", interrupting=True), "KH III.1")
        p.node("exclusiveGateway", f"{node_id}_done", "Đã góp ý hoặc hết hạn", "The input, or its "
               "deadline: one path on.", "phoi-hop-giao-ban", 4, 1 if node_id == "press_situation" else 2)
        p.flow(f"{node_id}_expired", f"{node_id}_done")
        p.flow(node_id, f"{node_id}_done")
        p.flow(f"{node_id}_done", "inputs_join")
    cite(p.node("parallelGateway", "inputs_join", "Đủ nội dung", "The agenda and each input (or its "
                "deadline).", "chu-tri-giao-ban", 5), "KH III.1")
    cite(p.user("invite", "Gửi giấy mời cơ quan báo chí", "Invite the press agencies", "Local press, "
                "representative offices and resident reporters.", "chu-tri-giao-ban", 6, fields=[
                    text("invitation_ref", "Số giấy mời", "Invitation reference", min_len=1, max_len=50),
                    number("agencies_invited", "Số cơ quan báo chí được mời", "Press agencies invited", low=1,
                           high=500),
                    area("invited_list", "Danh sách cơ quan báo chí được mời", "Press agencies invited")],
                candidateGroups=HOST, dueDate=due("invite_days")), "CT 6.a, CT 7.b")
    cite(p.user("hold", "Tổ chức giao ban, ghi biên bản", "Hold the meeting: attendance and minutes",
                "One line per question to answer later: '" + QUESTION_LINE + "'.", "chu-tri-giao-ban", 7,
                fields=[
                    number("agencies_present", "Số cơ quan báo chí tham dự", "Press agencies present", low=0,
                           high=500),
                    number("journalists_present", "Số phóng viên tham dự", "Journalists present", low=0,
                           high=1000),
                    area("absent_agencies", "Cơ quan báo chí vắng mặt", "Press agencies absent",
                         required=False),
                    area("meeting_minutes", "Biên bản hội nghị", "Minutes", min_len=20),
                    area("follow_up_questions", "Câu hỏi cần trả lời sau: mỗi dòng '" + QUESTION_LINE + "'",
                         "Questions to answer later, one line each: 'journalist | press agency | answering "
                         "unit code | question'", required=False)],
                candidateGroups=HOST, dueDate=due("minutes_days")), "CT 6.a, CT 7.b, KH III.1")
    escalation(p, "hold", "minutes", "chu-tri-giao-ban", 7, 1, when="working_days(minutes_days)",
               group="${leaders(host)}", clause="CT 6.a, KH III.1")
    cite(p.script("questions_parse", "Lập danh sách câu hỏi cần trả lời", "Each line becomes a question with "
                  "its answering unit; attendance cannot exceed the invitations.", "chu-tri-giao-ban", 8,
                  code="""
if int(agencies_present) > int(agencies_invited):
    raise ValueError("agencies_present is more than the press agencies invited")
questions = []
for number, line in enumerate(str(value_of("follow_up_questions", "") or "").splitlines(), 1):
    if not line.strip():
        continue
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 4 or not all(parts):
        raise ValueError(f"follow_up_questions line {number}: write 'journalist | agency | unit | question'")
    if parts[2] not in agency_codes + [host, press_office]:
        raise ValueError(f"follow_up_questions line {number}: {parts[2]} is not a unit of the organisation")
    questions.append({"journalist_name": parts[0], "press_agency": parts[1], "unit": parts[2],
                      "question": parts[3]})
question_count = len(questions)
"""), "CT 6.a, KH III.1")
    cite(p.node("exclusiveGateway", "any_questions", "Có câu hỏi?", "Questions to answer?",
                "chu-tri-giao-ban", 9), "CT 6.a")
    p.node("subProcess", "follow_ups", "Trả lời từng câu hỏi của nhà báo", "Multi-instance: each question is "
           "its own press inquiry case, answered by its unit.", "don-vi-tra-loi", 10,
           body=each("questions", "question_item"), props={"clause": "CT 6.a, KH III.1"})
    inner = {"parent": "follow_ups"}
    p.node("startEvent", "question_start", "Câu hỏi", "A question from the meeting.", "don-vi-tra-loi", 10,
           **inner)
    cite(p.script("question_open", "Mở hồ sơ đề nghị cung cấp thông tin", "The question's journalist, press "
                  "agency, text and answering unit become the inquiry's variables.", "don-vi-tra-loi", 11,
                  code="""
journalist_name = question_item["journalist_name"]
press_agency = question_item["press_agency"]
question = question_item["question"]
unit = question_item["unit"]
source = "press_briefing"
""", **inner), "CT 6.a")
    cite(p.node("callActivity", "question_inquiry", "Trả lời đề nghị cung cấp thông tin của báo chí",
                "press_inquiry for this question.", "don-vi-tra-loi", 12,
                attrs={"calledElement": "press_inquiry"}, **inner), "CT 6.a, KH III.1")
    p.node("endEvent", "question_end", "Đã xử lý câu hỏi", "The inquiry ended.", "don-vi-tra-loi", 13,
           **inner)
    cite(p.node("endEvent", "meeting_held", "Đã giao ban, trả lời các câu hỏi", "Ended: the meeting is held, "
                "minuted, and every question answered through its inquiry.", "chu-tri-giao-ban", 14),
                "CT 6.a")
    f = p.flow
    f("meeting_due", "meeting_init")
    f("meeting_init", "inputs_fork")
    for branch in ("agenda", "press_situation", "association_input"):
        f("inputs_fork", branch)
    f("agenda", "inputs_join")
    f("inputs_join", "invite")
    f("invite", "hold")
    f("hold", "questions_parse")
    f("questions_parse", "any_questions")
    f("any_questions", "follow_ups", "Có", "question_count > 0", "Questions to answer.")
    f("any_questions", "meeting_held", "Không", default=True, doc="No question left open.")
    f("question_start", "question_open")
    f("question_open", "question_inquiry")
    f("question_inquiry", "question_end")
    f("follow_ups", "meeting_held")
    return p
