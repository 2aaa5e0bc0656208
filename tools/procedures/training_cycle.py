"""training_cycle: the yearly training of spokespersons, organised by Sở TTTT's Phòng Thông tin – Báo chí –
Xuất bản with Văn phòng Sở, the Journalists' Association coordinating (Đồng Nai directive CT 3.a, CT 6.b;
Lai Châu plan KH II.2, KH III.3)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import area, choice, day, many, number, text
from tools.procedures.releasing import AGENCIES, cite, due, escalation

OFFICE = "${press_office}"
DEPT_LEADERS = '${leaders(org_unit("dept_ict"))}'


def build() -> Process:
    p = Process(
        "training_cycle", "Bồi dưỡng, tập huấn người phát ngôn hằng năm",
        "Yearly training of spokespersons and the officers in charge of information to the press (skills, "
        "crisis communication): Sở TTTT's press office plans it and the Department's leader approves the "
        "plan; the Journalists' Association coordinates (its input has a due date and never holds the "
        "training up), Văn phòng Sở prepares the logistics, every agency nominates attendees before a "
        "deadline (reminder, chasing); sessions are held, attendance and evaluation recorded, the report "
        "approved by the Department's leader. Source: Đồng Nai directive CT 3.a, CT 6.b; Lai Châu plan "
        "KH II.2, KH III.3.",
        [Lane("phong-ttbcxb", "Phòng Thông tin – Báo chí – Xuất bản (Sở TTTT)", "Organises the training "
              "(variable press_office).", None),
         Lane("lanh-dao-so", "Lãnh đạo Sở Thông tin và Truyền thông", "Approves the plan and the report, "
              "receives escalations.", None),
         Lane("phoi-hop-tap-huan", "Hội Nhà báo tỉnh, Văn phòng Sở", "Coordinating: lecturers and content; "
              "logistics.", None),
         Lane("don-vi", "Các cơ quan, đơn vị, địa phương", "Each agency nominates its attendees; a task "
                                                           "goes to "
              "the group named by the item's unit.", None)],
        starters="so-tttt")
    cite(p.node("startEvent", "yearly", "Đến kỳ tập huấn hằng năm", "Yearly timer (2 March, 08:00 Hanoi "
                                                                    "time); "
                "an instance can also be started by hand.", "phong-ttbcxb", 0,
                **timer_start("yearly", "R/2026-03-02T08:00:00+07:00/P1Y")), "KH II.2")
    cite(p.script("init", "Khởi tạo kỳ tập huấn, thời hạn", "The organising units from the organisation, the "
                  "agencies invited (every department and district unless given) and deadline lengths with "
                  "defaults: plan_days (10), input_days (5), nomination_days (10), reminder_days (3), "
                  "training_days (30), report_days (10).", "phong-ttbcxb", 1, code=f"""
training_year = int(value_of("training_year", today().year))
press_office = org_unit("press_office")
journalists = org_unit("journalists")
dept_office = org_unit("dept_office")
units = list(value_of("units", {AGENCIES}))
if not units:
    raise ValueError("units: at least one agency must be invited")
plan_days = int(value_of("plan_days", 10))
input_days = int(value_of("input_days", 5))
nomination_days = int(value_of("nomination_days", 10))
reminder_days = int(value_of("reminder_days", 3))
training_days = int(value_of("training_days", 30))
report_days = int(value_of("report_days", 10))
plan_revisions = 0
"""), "KH II.2")
    cite(p.user("plan", "Xây dựng kế hoạch tập huấn", "Draw up the training plan", "Topics, places, dates.",
                "phong-ttbcxb", 2, fields=[
                    text("plan_ref", "Số kế hoạch", "Plan reference", min_len=1, max_len=50),
                    many("topics", "Nội dung tập huấn", "Topics", [
                        ("skills", "Kỹ năng phát ngôn, cung cấp thông tin cho báo chí",
                         "spokesperson skills"),
                        ("crisis", "Xử lý khủng hoảng truyền thông", "crisis communication"),
                        ("response", "Phản hồi thông tin", "responding to press reports"),
                        ("foreign", "Thông tin đối ngoại", "external information"),
                        ("law", "Pháp luật về báo chí", "press law")]),
                    number("places_per_unit", "Số người tối đa mỗi đơn vị", "Places per unit", low=1, high=20,
                           default=2),
                    day("first_session_on", "Ngày dự kiến khai giảng", "Planned first session"),
                    area("plan_summary", "Tóm tắt kế hoạch", "Plan summary")],
                candidateGroups=OFFICE, dueDate=due("plan_days")), "CT 3.a, KH II.2")
    cite(p.user("approve_plan", "Lãnh đạo Sở duyệt kế hoạch tập huấn", "The Department's leader approves the "
                "plan", "Not the officer who drew it up (four-eyes).", "lanh-dao-so", 3, fields=[
                    choice("plan_decision", "Ý kiến", "Decision", [("approve", "Phê duyệt", "approve"),
                                                                   ("revise", "Yêu cầu sửa", "send back")],
                           radio=True),
                    area("plan_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
                candidateGroups=DEPT_LEADERS, dueDate=due(3)), "KH II.2")
    p.nodes["approve_plan"].props["fourEyes"] = "plan"
    p.node("exclusiveGateway", "plan_ok", "Duyệt?", "Plan approved, or sent back?", "lanh-dao-so", 4)
    cite(p.script("note_revision", "Ghi nhận yêu cầu sửa", "Count the plan revisions.", "lanh-dao-so", 4, 1,
                  code="plan_revisions = int(value_of('plan_revisions', 0)) + 1"), "KH II.2")
    cite(p.script("open_nominations", "Gửi văn bản đề nghị các đơn vị cử người", "Ask every invited agency "
                                                                                 "to "
                  "nominate attendees by nominations_due; the Association's input is due at input_due.",
                  "phong-ttbcxb", 5, code="""
nominations_due = working_days(nomination_days)
remind_at = add_working_days(nominations_due, -reminder_days)
input_due = working_days(input_days)
nominations = [{"unit": u} for u in units]
reminders_sent = 0
"""), "KH II.2")
    cite(p.node("parallelGateway", "coordinate", "Phối hợp song song", "Nominations, the Association's input "
                "and the logistics at once.", "phong-ttbcxb", 6), "CT 6.b")
    cite(p.user("association_input", "Hội Nhà báo tỉnh phối hợp: giảng viên, nội dung", "The Journalists' "
                "Association coordinates: lecturers and content", "A parallel input with a due date, not a "
                "gate.", "phoi-hop-tap-huan", 7, fields=[
                    text("lecturers", "Giảng viên Hội Nhà báo cử", "Lecturers the Association provides",
                         required=False, max_len=500),
                    area("association_comment", "Ý kiến về nội dung tập huấn", "Comments on the content")],
                candidateGroups="${journalists}", dueDate="${input_due}"), "CT 6.b, KH III.3")
    cite(p.timer("association_expired", "Hết hạn phối hợp", "No input by input_due: the training goes ahead "
                 "with Sở TTTT's own lecturers.", "association_input", "timeDate", "input_due",
                 interrupting=True), "CT 6.b")
    cite(p.user("logistics", "Văn phòng Sở chuẩn bị hậu cần", "Văn phòng Sở prepares the venue and "
                "materials", "Coordinating unit of the plan.", "phoi-hop-tap-huan", 7, 1, fields=[
                    text("venue", "Địa điểm", "Venue", min_len=2, max_len=200),
                    area("materials", "Tài liệu, hậu cần", "Materials and logistics", required=False)],
                candidateGroups="${dept_office}", dueDate="${input_due}"), "KH II.2")
    p.node("subProcess", "collect_nominations", "Các đơn vị cử người tham gia", "Multi-instance: one "
           "nomination per invited agency, due at nominations_due.", "don-vi", 7, 2,
           body=each("nominations", "nomination"), props={"clause": "KH II.2"})
    inner = {"parent": "collect_nominations"}
    p.node("startEvent", "nominations_start", "Đơn vị nhận đề nghị", "The agency receives the request.",
           "don-vi", 7, 2, **inner)
    cite(p.user("nominate", "Cử cán bộ tham gia tập huấn", "Nominate the agency's attendees", "Spokespersons "
                "and officers in charge of information to the press.", "don-vi", 8, 2, fields=[
                    number("nominee_count", "Số người được cử", "Number of attendees", low=0, high=20),
                    area("nominees", "Họ tên, chức vụ người được cử", "Names and positions", required=False),
                    text("no_nominee_reason", "Lý do không cử (nếu không cử ai)", "Reason, when nobody is "
                         "nominated", required=False, max_len=300)],
                candidateGroups="${nomination['unit']}", dueDate="${nominations_due}"), "KH II.2")
    p.nodes["nominate"].parent = "collect_nominations"
    cite(p.script("record_nomination", "Ghi nhận danh sách cử", "Names are required when someone is "
                  "nominated, a reason when nobody is.", "don-vi", 9, 2, code="""
count = int(nominee_count)
if count > int(value_of("places_per_unit", 20)):
    raise ValueError("nominee_count is above the places per unit")
if count > 0 and not str(value_of("nominees", "")).strip():
    raise ValueError("nominees: give the names of the people nominated")
if count == 0 and not str(value_of("no_nominee_reason", "")).strip():
    raise ValueError("no_nominee_reason is required when nobody is nominated")
nomination["count"] = count
nomination["nominees"] = value_of("nominees", "")
nomination["late"] = now() > parse_datetime(nominations_due)
""", **inner), "KH II.2")
    p.node("endEvent", "nominations_end", "Đã gửi danh sách", "The agency's nomination is in.", "don-vi", 10,
           2,
           **inner)
    cite(p.timer("remind_units", "Nhắc các đơn vị", "Reminder reminder_days working days before the "
                 "nomination deadline.", "collect_nominations", "timeDate", "remind_at", slot=1), "KH II.2")
    p.script("note_reminder", "Gửi nhắc các đơn vị chưa cử", "Record the reminder.", "don-vi", 9, 3,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "don-vi", 10, 3)
    cite(p.timer("nominations_overdue", "Quá hạn cử người", "The deadline passed: the Department's leaders "
                 "chase the agencies still missing, without stopping the nominations.", "collect_nominations",
                 "timeDate", "nominations_due"), "KH II.2")
    cite(p.user("escalate", "Lãnh đạo Sở đôn đốc đơn vị chưa cử người", "The Department's leaders chase the "
                "agencies that have not nominated", "Escalation above the press office.", "lanh-dao-so", 9,
                fields=[area("chase_note", "Nội dung đôn đốc", "What was done to chase the agencies")],
                candidateGroups=DEPT_LEADERS, dueDate=due(1), priority="90"), "KH II.2")
    p.node("endEvent", "chased", "Đã đôn đốc", "Chasing recorded.", "lanh-dao-so", 10)
    p.node("exclusiveGateway", "association_done", "Hội Nhà báo đã phối hợp hoặc hết hạn", "The "
           "Association's input, or its deadline: one path on.", "phoi-hop-tap-huan", 9)
    cite(p.node("parallelGateway", "coordinated", "Đủ điều kiện tổ chức", "Nominations in; the Association's "
                "input and the logistics done (or the input's deadline passed).", "phong-ttbcxb", 11), "CT "
                                                                                                       "6.b")
    cite(p.script("tally", "Tổng hợp danh sách học viên", "Count the attendees, the agencies that nominated "
                  "nobody and those that answered late.", "phong-ttbcxb", 12, code="""
total_nominees = sum([int(n.get("count", 0)) for n in nominations])
units_without = [n["unit"] for n in nominations if int(n.get("count", 0)) == 0]
late_units = [n["unit"] for n in nominations if n.get("late")]
sessions_due = working_days(training_days)
sessions_held = 0
"""), "KH II.2")
    p.node("exclusiveGateway", "any_nominees", "Có học viên?", "Did any agency nominate anyone?",
           "phong-ttbcxb", 13)
    cite(p.node("endEvent", "cancelled", "Không tổ chức: không có học viên", "Ended: nobody was nominated; "
                                                                             "the "
                "Department's leaders were told by the escalation.", "phong-ttbcxb", 14, 1), "KH II.2")
    cite(p.user("hold_sessions", "Tổ chức các buổi tập huấn", "Hold the training sessions", "With the "
                "Association's lecturers when it sent them.", "phong-ttbcxb", 14, fields=[
                    number("session_count", "Số buổi đã tổ chức", "Sessions held", low=1, high=50),
                    day("last_session_on", "Ngày kết thúc", "Last session on"),
                    area("session_notes", "Nội dung đã giảng dạy", "What was taught")],
                candidateGroups=OFFICE, dueDate="${sessions_due}"), "CT 3.a, CT 6.b, KH II.2")
    escalation(p, "hold_sessions", "sessions", "lanh-dao-so", 14, 1, when="sessions_due", group=DEPT_LEADERS,
               clause="KH II.2")
    cite(p.user("attendance", "Ghi nhận điểm danh", "Record attendance", "Against the nominations.",
                "phong-ttbcxb", 15, fields=[
                    number("attended", "Số học viên tham dự", "Attendees present", low=0, high=1000),
                    area("absentees", "Người vắng mặt, lý do", "Absentees and reasons", required=False)],
                candidateGroups=OFFICE, dueDate=due(2)), "KH II.2")
    cite(p.script("check_attendance", "Kiểm tra số liệu điểm danh", "Attendance cannot exceed the nominees.",
                  "phong-ttbcxb", 16, code="""
if int(attended) > int(total_nominees):
    raise ValueError("attended is more than the people nominated")
sessions_held = int(value_of("sessions_held", 0)) + int(session_count)
attendance_rate = round(100 * int(attended) / int(total_nominees))
"""), "KH II.2")
    cite(p.user("evaluate", "Đánh giá kết quả tập huấn", "Evaluate the training", "With the Association's "
                "view when it gave one.", "phong-ttbcxb", 17, fields=[
                    number("passed", "Số học viên đạt yêu cầu", "Attendees who passed", low=0, high=1000),
                    number("satisfaction", "Mức độ hài lòng (1-5)", "Satisfaction, 1 to 5", low=1, high=5),
                    choice("makeup_needed", "Cần tổ chức buổi bổ sung?", "Is a make-up session needed?", [
                        ("no", "Không", "no"), ("yes", "Có, cho học viên chưa đạt", "yes")], radio=True),
                    area("evaluation", "Nhận xét, đánh giá", "Evaluation")],
                candidateGroups=OFFICE, dueDate=due(5)), "KH II.2")
    p.node("exclusiveGateway", "makeup_gw", "Buổi bổ sung?", "Is a make-up session needed?", "phong-ttbcxb",
           18)
    cite(p.user("report", "Báo cáo kết quả tập huấn", "Report the results", "To the Department's leader.",
                "phong-ttbcxb", 19, fields=[
                    text("report_ref", "Số báo cáo", "Report reference", min_len=1, max_len=50),
                    area("report_summary", "Tóm tắt kết quả", "Summary of results")],
                candidateGroups=OFFICE, dueDate=due("report_days")), "CT 3.a, KH II.2")
    escalation(p, "report", "report", "lanh-dao-so", 18, 1, when="working_days(report_days)",
               group=DEPT_LEADERS, clause="KH II.2")
    cite(p.user("approve_report", "Lãnh đạo Sở duyệt báo cáo", "The Department's leader approves the report",
                "Not the officer who wrote it (four-eyes).", "lanh-dao-so", 20, fields=[
                    text("signed_ref", "Số văn bản ký ban hành", "Reference of the signed report", min_len=1,
                         max_len=50),
                    area("report_comment", "Ý kiến", "Comments", required=False)],
                candidateGroups=DEPT_LEADERS, dueDate=due(3)), "KH II.2")
    p.nodes["approve_report"].props["fourEyes"] = "report"
    cite(p.node("endEvent", "reported", "Đã báo cáo kết quả tập huấn", "Ended: training held, attendance and "
                "evaluation recorded, report approved.", "phong-ttbcxb", 21), "KH II.2")
    f = p.flow
    f("yearly", "init")
    f("init", "plan")
    f("plan", "approve_plan")
    f("approve_plan", "plan_ok")
    f("plan_ok", "open_nominations", "Duyệt", 'plan_decision == "approve"', "Approved.")
    f("plan_ok", "note_revision", "Sửa lại", default=True, doc="Sent back.")
    f("note_revision", "plan")
    f("open_nominations", "coordinate")
    for branch in ("association_input", "logistics", "collect_nominations"):
        f("coordinate", branch)
    f("association_input", "association_done")
    f("association_expired", "association_done")
    f("association_done", "coordinated")
    f("logistics", "coordinated")
    f("collect_nominations", "coordinated")
    f("nominations_start", "nominate")
    f("nominate", "record_nomination")
    f("record_nomination", "nominations_end")
    f("remind_units", "note_reminder")
    f("note_reminder", "reminded")
    f("nominations_overdue", "escalate")
    f("escalate", "chased")
    f("coordinated", "tally")
    f("tally", "any_nominees")
    f("any_nominees", "hold_sessions", "Có", "total_nominees > 0", "Someone was nominated.")
    f("any_nominees", "cancelled", "Không", default=True, doc="Nobody was nominated.")
    f("hold_sessions", "attendance")
    f("attendance", "check_attendance")
    f("check_attendance", "evaluate")
    f("evaluate", "makeup_gw")
    f("makeup_gw", "hold_sessions", "Bổ sung", 'makeup_needed == "yes"', "Hold a make-up session.")
    f("makeup_gw", "report", "Báo cáo", default=True, doc="Report the results.")
    f("report", "approve_report")
    f("approve_report", "reported")
    return p
