"""spokesperson_roster: every six months each district sends the spokesperson list of its People's Committee
and communes to Sở TTTT, which consolidates it with the provincial agencies' spokespersons, the press
representative offices and resident reporters, and publishes it on its own site and the provincial portal
(Lai Châu plan KH II.2; Đồng Nai directive CT 3.c, CT 2.a)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import area, choice, number, text
from tools.procedures.releasing import cite, due, escalation, publish

OFFICE = "${press_office}"
DEPT_LEADERS = "${leaders(dept)}"
DISTRICT = "${submission['district']}"
PHONE = "^[0-9 +.()-]{8,20}$"


def build() -> Process:
    p = Process(
        "spokesperson_roster", "Tổng hợp, công bố danh sách người phát ngôn 6 tháng",
        "Every six months each district of the organisation (org_groups('district')) compiles the "
        "spokesperson "
        "list of its People's Committee and communes, its leader approves it and sends it to Sở TTTT before "
        "a "
        "deadline (reminder, then the Department's leaders chase); Sở TTTT's press office checks each list, "
        "consolidates the provincial list with the press representative offices and resident reporters, the "
        "Department's leader approves it, and it is published on Sở TTTT's site and the provincial portal "
        "(portal_publication: the Chief of Office approves). Source: Lai Châu plan KH II.2; Đồng Nai "
        "directive CT 3.c.",
        [Lane("phong-ttbcxb", "Phòng Thông tin – Báo chí – Xuất bản (Sở TTTT)", "Checks and consolidates the "
              "lists (variable press_office).", None),
         Lane("lanh-dao-so", "Lãnh đạo Sở Thông tin và Truyền thông", "Approves the provincial list, chases "
              "late districts.", None),
         Lane("cap-huyen", "UBND cấp huyện", "Each district People's Committee sends its list; a task goes "
                                             "to "
              "the group named by the item's district, the approval to its leaders.", None)],
        starters="so-tttt")
    cite(p.node("startEvent", "half_yearly", "Đến kỳ 6 tháng", "Six-monthly timer (1 June and 1 December, "
                "08:00 Hanoi time); an instance can also be started by hand.", "phong-ttbcxb", 0,
                **timer_start("half_yearly", "R/2026-06-01T08:00:00+07:00/P6M")), "KH II.2")
    cite(p.script("init", "Khởi tạo kỳ tổng hợp, thời hạn", "The period, the districts of the deployed "
                  "organisation and deadline lengths with defaults: submission_days (10 working days), "
                  "reminder_days (3 before the deadline), publish_days (5).", "phong-ttbcxb", 1, code="""
roster_period = value_of("roster_period", f"{today().year}-H{1 if today().month <= 6 else 2}")
dept = org_unit("dept_ict")
press_office = org_unit("press_office")
districts = list(value_of("districts", org_groups("district")))
if not districts:
    raise ValueError("districts: the organisation has no district")
unknown = [d for d in districts if d not in org_groups("district")]
if unknown:
    raise ValueError("districts: not districts of the organisation: " + ", ".join(unknown))
submission_days = int(value_of("submission_days", 10))
reminder_days = int(value_of("reminder_days", 3))
publish_days = int(value_of("publish_days", 5))
submissions_due = working_days(submission_days)
remind_at = add_working_days(submissions_due, -reminder_days)
submissions = [{"district": d} for d in districts]
reminders_sent = 0
"""), "KH II.2")
    p.node("subProcess", "collect_lists", "Các huyện gửi danh sách người phát ngôn", "Multi-instance: one "
                                                                                     "list "
           "per district, due at submissions_due, each approved by the district's leader and checked by "
           "Sở TTTT.", "cap-huyen", 2, body=each("submissions", "submission"), props={"clause": "KH II.2"})
    inner = {"parent": "collect_lists"}
    p.node("startEvent", "lists_start", "Huyện nhận đề nghị", "The district receives the request.",
           "cap-huyen", 2, **inner)
    cite(p.user("compile_list", "Lập danh sách người phát ngôn của huyện và các xã", "Compile the list of "
                                                                                     "the "
                "district's and its communes' spokespersons", "People's Committee of the district and of its "
                "communes, wards and towns.", "cap-huyen", 3, fields=[
                    text("spokesperson_name", "Người phát ngôn của UBND huyện", "The district's spokesperson",
                         min_len=2, max_len=200),
                    text("spokesperson_title", "Chức vụ", "Position", min_len=2, max_len=200),
                    text("spokesperson_phone", "Điện thoại", "Telephone", pattern=PHONE),
                    text("spokesperson_email", "Thư điện tử", "E-mail", email=True, max_len=200),
                    number("commune_count", "Số xã, phường, thị trấn", "Number of communes", low=1, high=200),
                    area("commune_spokespersons", "Người phát ngôn các xã: mỗi dòng 'xã | họ tên | điện "
                         "thoại'", "Commune spokespersons, one line each: 'commune | name | telephone'",
                         min_len=5)],
                candidateGroups=DISTRICT, dueDate="${submissions_due}"), "KH II.2")
    cite(p.script("record_list", "Kiểm tra và ghi nhận danh sách", "One well-formed line per commune; the "
                                                                   "list "
                  "is kept in the district's item.", "cap-huyen", 4, code="""
lines = [line for line in commune_spokespersons.splitlines() if line.strip()]
if len(lines) != int(commune_count):
    raise ValueError(f"commune_spokespersons: {len(lines)} lines for {commune_count} communes")
for number, line in enumerate(lines, 1):
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"commune_spokespersons line {number}: write 'commune | name | telephone'")
submission["spokesperson"] = spokesperson_name
submission["communes"] = len(lines)
submission["late"] = now() > parse_datetime(submissions_due)
""", **inner), "KH II.2")
    cite(p.user("approve_list", "Lãnh đạo UBND huyện duyệt, gửi danh sách", "The district's leader approves "
                "and sends the list", "Not the officer who compiled it (four-eyes).", "cap-huyen", 5, fields=[
                    text("dispatch_ref", "Số văn bản gửi Sở Thông tin và Truyền thông", "Reference of the "
                         "letter to Sở TTTT", min_len=1, max_len=50),
                    area("approval_comment", "Ý kiến", "Comments", required=False)],
                candidateGroups="${leaders(submission['district'])}", dueDate=due(2)), "KH II.2")
    p.nodes["approve_list"].props["fourEyes"] = "compile_list"
    cite(p.user("check_list", "Sở TTTT kiểm tra danh sách của huyện", "Sở TTTT checks the district's list",
                "Complete and valid, or returned.", "phong-ttbcxb", 6, fields=[
                    choice("list_check", "Kết quả kiểm tra", "Result", [
                        ("accept", "Đầy đủ, hợp lệ", "complete and valid"),
                        ("return", "Trả lại để bổ sung", "return for completion")], radio=True),
                    area("check_note", "Nội dung cần bổ sung", "What to complete", required=False)],
                candidateGroups=OFFICE, dueDate=due(2)), "KH II.2")
    p.node("exclusiveGateway", "list_ok", "Đạt yêu cầu?", "Is the list complete?", "phong-ttbcxb", 7)
    cite(p.script("note_return", "Ghi nhận trả lại", "Count the returns and require a reason.",
                  "phong-ttbcxb",
                  7, 1, code="""
if not str(value_of("check_note", "")).strip():
    raise ValueError("check_note: say what the district must complete")
submission["returns"] = int(submission.get("returns", 0)) + 1
""", **inner), "KH II.2")
    p.node("endEvent", "lists_end", "Đã nhận danh sách", "The district's list is accepted.", "phong-ttbcxb",
           8,
           **inner)
    for node_id in ("compile_list", "approve_list", "check_list", "list_ok"):
        p.nodes[node_id].parent = "collect_lists"
    cite(p.timer("remind_districts", "Nhắc các huyện", "Reminder reminder_days working days before "
                 "submissions_due.", "collect_lists", "timeDate", "remind_at", slot=1), "KH II.2")
    p.script("note_reminder", "Gửi nhắc các huyện chưa gửi", "Record the reminder.", "cap-huyen", 9, 1,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "cap-huyen", 10, 1)
    escalation(p, "collect_lists", "lists", "lanh-dao-so", 9, 0, when="submissions_due", group=DEPT_LEADERS,
               clause="KH II.2")
    cite(p.script("tally", "Tổng hợp số liệu các huyện", "Count the communes listed and the districts that "
                  "sent late; the consolidation deadline starts.", "phong-ttbcxb", 11, code="""
communes_listed = sum([int(s.get("communes", 0)) for s in submissions])
late_districts = [s["district"] for s in submissions if s.get("late")]
publish_due = working_days(publish_days)
"""), "KH II.2")
    cite(p.user("consolidate", "Tổng hợp danh sách người phát ngôn của tỉnh", "Consolidate the provincial "
                                                                              "list "
                "with the press representative offices and resident reporters", "Provincial agencies, "
                "districts and communes; Văn phòng đại diện, phóng viên thường trú.", "phong-ttbcxb", 12,
                fields=[
                    text("roster_ref", "Số văn bản công bố", "Reference of the published list", min_len=1,
                         max_len=50),
                    area("provincial_spokespersons", "Người phát ngôn các sở, ban, ngành cấp tỉnh",
                         "Spokespersons of the provincial agencies"),
                    number("representative_offices", "Số văn phòng đại diện cơ quan báo chí", "Press "
                           "representative offices", low=0, high=200),
                    number("resident_reporters", "Số phóng viên thường trú", "Resident reporters", low=0,
                           high=500),
                    area("press_contacts", "Danh sách văn phòng đại diện, phóng viên thường trú", "The "
                         "representative offices and resident reporters")],
                candidateGroups=OFFICE, dueDate="${publish_due}"), "KH II.2, CT 3.c")
    escalation(p, "consolidate", "roster", "lanh-dao-so", 12, 1, when="publish_due", group=DEPT_LEADERS,
               clause="KH II.2")
    cite(p.user("approve_roster", "Lãnh đạo Sở duyệt danh sách", "The Department's leader approves the list",
                "Not the officer who consolidated it (four-eyes).", "lanh-dao-so", 13, fields=[
                    choice("roster_decision", "Ý kiến", "Decision", [
                        ("approve", "Phê duyệt công bố", "approve"), ("return", "Trả lại chỉnh sửa",
                                                                      "return")],
                           radio=True),
                    area("roster_comment", "Ý kiến", "Comments", required=False)],
                candidateGroups=DEPT_LEADERS, dueDate=due(2)), "KH II.2, CT 3.c")
    p.nodes["approve_roster"].props["fourEyes"] = "consolidate"
    p.node("exclusiveGateway", "roster_ok", "Duyệt?", "List approved, or returned?", "lanh-dao-so", 14)
    publish(p, "roster", "phong-ttbcxb", 15, unit="dept", group=OFFICE, kind="roster",
            title='"Danh sách người phát ngôn, văn phòng đại diện, phóng viên thường trú " + roster_period',
            text_of='provincial_spokespersons + "\\n" + press_contacts', then="published", days=2,
            optional=False,
            clause="CT 3.c, KH II.2, CT 2.a")
    cite(p.node("endEvent", "published", "Đã công bố danh sách người phát ngôn", "Ended: the list is on Sở "
                "TTTT's site and the provincial portal with the representative offices and resident "
                "reporters.",
                "phong-ttbcxb", 19), "CT 3.c, KH II.2")
    f = p.flow
    f("half_yearly", "init")
    f("init", "collect_lists")
    f("lists_start", "compile_list")
    f("compile_list", "record_list")
    f("record_list", "approve_list")
    f("approve_list", "check_list")
    f("check_list", "list_ok")
    f("list_ok", "lists_end", "Đạt", 'list_check == "accept"', "Accepted.")
    f("list_ok", "note_return", "Trả lại", default=True, doc="Returned for completion.")
    f("note_return", "compile_list")
    f("remind_districts", "note_reminder")
    f("note_reminder", "reminded")
    f("collect_lists", "tally")
    f("tally", "consolidate")
    f("consolidate", "approve_roster")
    f("approve_roster", "roster_ok")
    f("roster_ok", "roster_site", "Duyệt", 'roster_decision == "approve"', "Approved.")
    f("roster_ok", "consolidate", "Trả lại", default=True, doc="Returned.")
    return p
