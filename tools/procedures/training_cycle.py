"""training_cycle: the yearly spokesperson training, organised by Sở TTTT with Hội Nhà báo (KH-1 to KH-3)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import UNITS, area, choice, day, many, number, text

# Every unit with a spokesperson: the default of the `units` variable and the plan form's choices.
TRAINED = [*UNITS, ("ban-tuyen-giao", "Ban Tuyên giáo Tỉnh ủy", "Party Propaganda Department")]
UNIT_CODES = [code for code, _, _ in TRAINED]


def build() -> Process:
    p = Process(
        "training_cycle", "Bồi dưỡng, tập huấn người phát ngôn hằng năm",
        "Yearly training of spokespersons (skills, crisis communication): Sở TTTT plans it with the "
        "Journalists' Association, every unit nominates attendees before a deadline (reminder, then "
        "chasing), sessions are held, attendance and evaluation are recorded and reported. Source: "
        "KH-1 to KH-3.",
        [Lane("so-tttt", "Sở Thông tin và Truyền thông", "Organises the training, chases late units, "
              "records attendance and reports (KH-1, KH-3)."),
         Lane("hoi-nha-bao", "Hội Nhà báo tỉnh", "The Journalists' Association co-organises and teaches "
              "the sessions (KH-1)."),
         Lane("don-vi", "Các đơn vị (cơ quan, địa phương)", "Each unit with a spokesperson nominates its "
              "attendees; a task goes to the group named by the item's unit (KH-2).", None)],
        starters="so-tttt")
    p.node("startEvent", "yearly", "Đến kỳ tập huấn hằng năm", "Yearly timer (2 March, 08:00 Hanoi time); "
           "an instance can also be started by hand. KH-1.", "so-tttt", 0,
           **timer_start("yearly", "R/2026-03-02T08:00:00+07:00/P1Y"))
    p.script("init", "Khởi tạo kỳ tập huấn, thời hạn", "Deadline lengths as process variables with "
             "defaults: nomination_days (10 working days), reminder_days (3 before the deadline), "
             "training_days (30), report_days (10); units (every unit with a spokesperson). KH-1, KH-2.",
             "so-tttt", 1, code=f"""
training_year = int(value_of("training_year", today().year))
units = list(value_of("units", {UNIT_CODES!r}))
nomination_days = int(value_of("nomination_days", 10))
reminder_days = int(value_of("reminder_days", 3))
training_days = int(value_of("training_days", 30))
report_days = int(value_of("report_days", 10))
plan_revisions = 0
""")
    p.user("plan", "Xây dựng kế hoạch tập huấn", "Draw up the training plan", "KH-1.", "so-tttt", 2, fields=[
        text("plan_ref", "Số kế hoạch", "Plan reference", min_len=1, max_len=50),
        many("topics", "Nội dung tập huấn", "Topics", [
            ("skills", "Kỹ năng phát ngôn, cung cấp thông tin", "spokesperson skills"),
            ("crisis", "Truyền thông xử lý khủng hoảng", "crisis communication"),
            ("law", "Pháp luật về báo chí", "press law"),
            ("social_media", "Mạng xã hội", "social media")]),
        many("units", "Đơn vị được mời cử người", "Units invited to nominate", TRAINED),
        number("places_per_unit", "Số người tối đa mỗi đơn vị", "Places per unit", low=1, high=20,
               default=2),
        day("first_session_on", "Ngày dự kiến khai giảng", "Planned first session"),
        area("plan_summary", "Tóm tắt kế hoạch", "Plan summary")], dueDate="${working_days(10)}")
    p.user("hnb_agree", "Hội Nhà báo thống nhất phối hợp", "The Journalists' Association agrees to "
           "co-organise, or asks for changes", "KH-1.", "hoi-nha-bao", 3, fields=[
               choice("hnb_decision", "Ý kiến của Hội Nhà báo", "Decision", [
                   ("agree", "Thống nhất phối hợp", "agree"),
                   ("revise", "Đề nghị điều chỉnh kế hoạch", "ask for changes")], radio=True),
               text("lecturers", "Giảng viên Hội Nhà báo cử", "Lecturers the Association provides",
                    required=False, max_len=500),
               area("hnb_comment", "Ý kiến cụ thể", "Comments", required=False)],
           dueDate="${working_days(5)}")
    p.node("exclusiveGateway", "hnb_ok", "Thống nhất?", "Did the Journalists' Association agree? KH-1.",
           "hoi-nha-bao", 4)
    p.script("note_revision", "Ghi nhận đề nghị điều chỉnh", "Count the plan revisions asked for; the plan "
             "goes back to Sở TTTT. KH-1.", "hoi-nha-bao", 4, 1,
             code="plan_revisions = int(value_of('plan_revisions', 0)) + 1")
    p.script("open_nominations", "Gửi văn bản đề nghị các đơn vị cử người", "Ask every invited unit to "
             "nominate attendees by nominations_due (nomination_days working days). KH-2.", "so-tttt", 5,
             code="""
if not units:
    raise ValueError("units: at least one unit must be invited")
nominations_due = working_days(nomination_days)
remind_at = add_working_days(nominations_due, -reminder_days)
nominations = [{"unit": u} for u in units]
reminders_sent = 0
""")
    p.node("subProcess", "collect_nominations", "Các đơn vị cử người tham gia", "Multi-instance: one "
           "nomination per invited unit (the list nominations), due at nominations_due. KH-2.", "don-vi", 6,
           body=each("nominations", "nomination"))
    inner = {"parent": "collect_nominations"}
    p.node("startEvent", "nominations_start", "Đơn vị nhận đề nghị", "The unit receives the request. KH-2.",
           "don-vi", 6, **inner)
    p.user("nominate", "Cử cán bộ tham gia tập huấn", "Nominate the unit's attendees", "KH-2.", "don-vi", 7,
           fields=[number("nominee_count", "Số người được cử", "Number of attendees", low=0, high=20),
                   area("nominees", "Họ tên, chức vụ người được cử", "Names and positions", required=False),
                   text("no_nominee_reason", "Lý do không cử (nếu không cử ai)", "Reason, when nobody is "
                        "nominated", required=False, max_len=300)],
           candidateGroups="${nomination['unit']}", dueDate="${nominations_due}")
    p.nodes["nominate"].parent = "collect_nominations"
    p.script("record_nomination", "Ghi nhận danh sách cử", "Keep the unit's answer in its item; names "
             "are required when someone is nominated, a reason when nobody is. KH-2.", "don-vi", 8, code="""
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
""", **inner)
    p.node("endEvent", "nominations_end", "Đã gửi danh sách", "The unit's nomination is in. KH-2.",
           "don-vi", 9, **inner)
    p.timer("remind_units", "Nhắc các đơn vị", "Reminder reminder_days working days before the "
            "nomination deadline. KH-2.", "collect_nominations", "timeDate", "remind_at", slot=1)
    p.script("note_reminder", "Gửi nhắc các đơn vị chưa cử", "Record the reminder (e-mail delivery is a "
             "connector, issue 5). KH-2.", "don-vi", 8, 1,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "don-vi", 9, 1)
    p.timer("nominations_overdue", "Quá hạn cử người", "The nomination deadline passed: Sở TTTT chases the "
            "units still missing, without stopping their nominations. KH-2.", "collect_nominations",
            "timeDate", "nominations_due")
    p.user("escalate", "Đôn đốc đơn vị chưa cử người", "Chase the units that have not nominated",
           "KH-2.", "so-tttt", 9, 1, fields=[
               area("chase_note", "Nội dung đôn đốc", "What was done to chase the units")], priority="90")
    p.node("endEvent", "chased", "Đã đôn đốc", "Chasing recorded.", "so-tttt", 10, 1)
    p.script("tally", "Tổng hợp danh sách học viên", "Count the attendees, the units that nominated nobody "
             "and the units that answered late. KH-2.", "so-tttt", 10, code="""
total_nominees = sum([int(n.get("count", 0)) for n in nominations])
units_without = [n["unit"] for n in nominations if int(n.get("count", 0)) == 0]
late_units = [n["unit"] for n in nominations if n.get("late")]
sessions_due = working_days(training_days)
sessions_held = 0
""")
    p.node("exclusiveGateway", "any_nominees", "Có học viên?", "Did any unit nominate anyone? KH-2.",
           "so-tttt", 11)
    p.node("endEvent", "cancelled", "Không tổ chức: không có học viên", "Ended: no unit nominated anyone, "
           "the training is not held this year. KH-2.", "so-tttt", 12, 1)
    p.user("hold_sessions", "Tổ chức các buổi tập huấn", "Hold the training sessions with Sở TTTT",
           "KH-1.", "hoi-nha-bao", 12, fields=[
               number("session_count", "Số buổi đã tổ chức", "Sessions held", low=1, high=50),
               day("last_session_on", "Ngày kết thúc", "Last session on"),
               text("venue", "Địa điểm", "Venue", min_len=2, max_len=200),
               area("session_notes", "Nội dung đã giảng dạy", "What was taught")],
           dueDate="${sessions_due}")
    p.user("attendance", "Ghi nhận điểm danh", "Record attendance", "KH-3.", "so-tttt", 13, fields=[
        number("attended", "Số học viên tham dự", "Attendees present", low=0, high=1000),
        area("absentees", "Người vắng mặt, lý do", "Absentees and reasons", required=False)],
        dueDate="${sessions_due}")
    p.script("check_attendance", "Kiểm tra số liệu điểm danh", "Attendance cannot exceed the nominees; the "
             "sessions held are counted. KH-3.", "so-tttt", 14, code="""
if int(attended) > int(total_nominees):
    raise ValueError("attended is more than the people nominated")
sessions_held = int(value_of("sessions_held", 0)) + int(session_count)
attendance_rate = round(100 * int(attended) / int(total_nominees))
""")
    p.user("evaluate", "Đánh giá kết quả tập huấn", "Evaluate the training", "KH-3.", "hoi-nha-bao", 15,
           fields=[number("passed", "Số học viên đạt yêu cầu", "Attendees who passed", low=0, high=1000),
                   number("satisfaction", "Mức độ hài lòng (1-5)", "Satisfaction, 1 to 5", low=1, high=5),
                   choice("makeup_needed", "Cần tổ chức buổi bổ sung?", "Is a make-up session needed?", [
                       ("no", "Không", "no"), ("yes", "Có, cho học viên chưa đạt", "yes, for those who "
                                                                            "did not pass")], radio=True),
                   area("evaluation", "Nhận xét, đánh giá", "Evaluation")])
    p.node("exclusiveGateway", "makeup_gw", "Buổi bổ sung?", "Is a make-up session needed? KH-3.",
           "hoi-nha-bao", 16)
    p.user("report", "Báo cáo kết quả tập huấn", "Report the results to the provincial People's "
           "Committee", "KH-3.", "so-tttt", 17, fields=[
               text("report_ref", "Số báo cáo", "Report reference", min_len=1, max_len=50),
               area("report_summary", "Tóm tắt kết quả", "Summary of results")],
           dueDate="${working_days(report_days)}")
    p.node("endEvent", "reported", "Đã báo cáo kết quả tập huấn", "Ended: training held, attendance and "
           "evaluation recorded and reported. KH-3.", "so-tttt", 18)
    f = p.flow
    f("yearly", "init")
    f("init", "plan")
    f("plan", "hnb_agree")
    f("hnb_agree", "hnb_ok")
    f("hnb_ok", "open_nominations", "Thống nhất", 'hnb_decision == "agree"', "Agreed.")
    f("hnb_ok", "note_revision", "Điều chỉnh", default=True, doc="Changes asked for.")
    f("note_revision", "plan")
    f("open_nominations", "collect_nominations")
    f("nominations_start", "nominate")
    f("nominate", "record_nomination")
    f("record_nomination", "nominations_end")
    f("remind_units", "note_reminder")
    f("note_reminder", "reminded")
    f("nominations_overdue", "escalate")
    f("escalate", "chased")
    f("collect_nominations", "tally")
    f("tally", "any_nominees")
    f("any_nominees", "hold_sessions", "Có", "total_nominees > 0", "Someone was nominated.")
    f("any_nominees", "cancelled", "Không", default=True, doc="Nobody was nominated.")
    f("hold_sessions", "attendance")
    f("attendance", "check_attendance")
    f("check_attendance", "evaluate")
    f("evaluate", "makeup_gw")
    f("makeup_gw", "hold_sessions", "Bổ sung", 'makeup_needed == "yes"', "Hold a make-up session.")
    f("makeup_gw", "report", "Báo cáo", default=True, doc="Report the results.")
    f("report", "reported")
    return p
