"""spokesperson_roster: every six months each district sends its spokesperson list to Sở TTTT, which
consolidates and publishes the provincial list on the portal (Đồng Nai directive, CT-12, CT-13)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import DISTRICTS, area, choice, number, text

DISTRICT_CODES = [code for code, _, _ in DISTRICTS]
PHONE = "^[0-9 +.()-]{8,20}$"


def build() -> Process:
    p = Process(
        "spokesperson_roster", "Tổng hợp, công bố danh sách người phát ngôn 6 tháng",
        "Every six months each district compiles the spokesperson list of its People's Committee and "
        "communes and sends it to Sở TTTT before a deadline (reminder, then chasing); Sở TTTT checks each "
        "list, consolidates the provincial list with the press representative offices and resident "
        "reporters, and it is published on the provincial e-portal. Source: Đồng Nai directive, CT-12, "
        "CT-13 (portal: CT-6).",
        [Lane("so-tttt", "Sở Thông tin và Truyền thông", "Checks and consolidates the lists, chases late "
              "districts (CT-12, CT-13)."),
         Lane("cap-huyen", "UBND cấp huyện", "Each district People's Committee sends its list; a task goes "
              "to the group named by the item's district (CT-12).", None),
         Lane("vp-ubnd", "Văn phòng UBND tỉnh", "Publishes on the provincial e-portal; the Chief of Office "
              "approves (CT-13, CT-6).")],
        starters="so-tttt")
    p.node("startEvent", "half_yearly", "Đến kỳ 6 tháng", "Six-monthly timer (1 June and 1 December, "
           "08:00 Hanoi time); an instance can also be started by hand. CT-12.", "so-tttt", 0,
           **timer_start("half_yearly", "R/2026-06-01T08:00:00+07:00/P6M"))
    p.script("init", "Khởi tạo kỳ tổng hợp, thời hạn", "The period, the districts (list variable "
             "districts) and deadline lengths with defaults: submission_days (10 working days), "
             "reminder_days (3 before the deadline), publish_days (5). CT-12.", "so-tttt", 1, code=f"""
roster_period = value_of("roster_period", f"{{today().year}}-H{{1 if today().month <= 6 else 2}}")
districts = list(value_of("districts", {DISTRICT_CODES!r}))
if not districts:
    raise ValueError("districts: at least one district")
submission_days = int(value_of("submission_days", 10))
reminder_days = int(value_of("reminder_days", 3))
publish_days = int(value_of("publish_days", 5))
submissions_due = working_days(submission_days)
remind_at = add_working_days(submissions_due, -reminder_days)
submissions = [{{"district": d}} for d in districts]
reminders_sent = 0
""")
    p.node("subProcess", "collect_lists", "Các huyện gửi danh sách người phát ngôn", "Multi-instance: one "
           "list per district (the list submissions), due at submissions_due, each checked by Sở TTTT. "
           "CT-12.", "cap-huyen", 2, body=each("submissions", "submission"))
    p.node("startEvent", "lists_start", "Huyện nhận đề nghị", "The district receives the request. CT-12.",
           "cap-huyen", 2, parent="collect_lists")
    p.user("compile_list", "Lập danh sách người phát ngôn của huyện và các xã", "Compile the list of the "
           "district's and its communes' spokespersons", "CT-12.", "cap-huyen", 3, fields=[
               text("spokesperson_name", "Người phát ngôn của UBND huyện", "The district's spokesperson",
                    min_len=2, max_len=200),
               text("spokesperson_title", "Chức vụ", "Position", min_len=2, max_len=200),
               text("spokesperson_phone", "Điện thoại", "Telephone", pattern=PHONE),
               text("spokesperson_email", "Thư điện tử", "E-mail", email=True, max_len=200),
               number("commune_count", "Số xã, phường, thị trấn", "Number of communes", low=1, high=200),
               area("commune_spokespersons", "Người phát ngôn các xã: mỗi dòng 'xã | họ tên | điện "
                    "thoại'", "Commune spokespersons, one line each: 'commune | name | telephone'",
                    min_len=5)],
           candidateGroups="${submission['district']}", dueDate="${submissions_due}")
    p.script("record_list", "Kiểm tra và ghi nhận danh sách", "One well-formed line per commune; the list "
             "is kept in the district's item. CT-12.", "cap-huyen", 4, code="""
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
""")
    p.user("check_list", "Sở TTTT kiểm tra danh sách của huyện", "Sở TTTT checks the district's list",
           "CT-12, CT-13.", "so-tttt", 5, fields=[
               choice("list_check", "Kết quả kiểm tra", "Result", [
                   ("accept", "Đầy đủ, hợp lệ", "complete and valid"),
                   ("return", "Trả lại để bổ sung", "return for completion")], radio=True),
               area("check_note", "Nội dung cần bổ sung", "What to complete", required=False)],
           candidateGroups="so-tttt")  # inside the district lane's subprocess: name the group
    p.node("exclusiveGateway", "list_ok", "Đạt yêu cầu?", "Is the list complete? CT-12.", "so-tttt", 6)
    p.script("note_return", "Ghi nhận trả lại", "Count the returns in the district's item and require a "
             "reason. CT-12.", "so-tttt", 6, 1, code="""
if not str(value_of("check_note", "")).strip():
    raise ValueError("check_note: say what the district must complete")
submission["returns"] = int(submission.get("returns", 0)) + 1
""")
    p.node("endEvent", "lists_end", "Đã nhận danh sách", "The district's list is accepted. CT-12.",
           "so-tttt", 7, parent="collect_lists")
    for node_id in ("compile_list", "record_list", "check_list", "list_ok", "note_return"):
        p.nodes[node_id].parent = "collect_lists"
    p.timer("remind_districts", "Nhắc các huyện", "Reminder reminder_days working days before "
            "submissions_due. CT-12.", "collect_lists", "timeDate", "remind_at", slot=1)
    p.script("note_reminder", "Gửi nhắc các huyện chưa gửi", "Record the reminder (e-mail delivery is a "
             "connector, issue 5). CT-12.", "cap-huyen", 8, 1,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "cap-huyen", 9, 1)
    p.timer("submissions_overdue", "Quá hạn gửi danh sách", "submissions_due passed: Sở TTTT chases the "
            "districts still missing, without stopping their work. CT-12.", "collect_lists", "timeDate",
            "submissions_due")
    p.user("escalate", "Đôn đốc huyện chưa gửi danh sách", "Chase the districts that have not "
           "sent their list", "CT-12.", "so-tttt", 8, 2, fields=[
               area("chase_note", "Nội dung đôn đốc", "What was done to chase the districts")],
           priority="90")
    p.node("endEvent", "chased", "Đã đôn đốc", "Chasing recorded.", "so-tttt", 9, 2)
    p.script("tally", "Tổng hợp số liệu các huyện", "Count the communes listed and the districts that "
             "sent late; the consolidation deadline starts. CT-13.", "so-tttt", 9, code="""
communes_listed = sum([int(s.get("communes", 0)) for s in submissions])
late_districts = [s["district"] for s in submissions if s.get("late")]
publish_due = working_days(publish_days)
""")
    p.user("consolidate", "Tổng hợp danh sách người phát ngôn của tỉnh", "Consolidate the provincial list "
           "with the press representative offices and resident reporters", "CT-13.", "so-tttt", 10, fields=[
               text("roster_ref", "Số văn bản công bố", "Reference of the published list", min_len=1,
                    max_len=50),
               area("provincial_spokespersons", "Người phát ngôn cấp tỉnh, các sở, ngành",
                    "Provincial and department spokespersons"),
               number("representative_offices", "Số văn phòng đại diện cơ quan báo chí", "Press "
                      "representative offices", low=0, high=200),
               number("resident_reporters", "Số phóng viên thường trú", "Resident reporters", low=0,
                      high=500),
               area("press_contacts", "Danh sách văn phòng đại diện, phóng viên thường trú", "The "
                    "representative offices and resident reporters")],
           dueDate="${publish_due}")
    p.user("portal_approve", "Chánh Văn phòng duyệt đăng danh sách", "The Chief of Office approves "
           "publishing the list", "CT-13, CT-6.", "vp-ubnd", 11, fields=[
               choice("portal_decision", "Ý kiến duyệt", "Decision", [
                   ("approve", "Duyệt đăng", "approve"), ("return", "Trả Sở TTTT chỉnh sửa", "return to "
                                                                                    "Sở TTTT")], radio=True),
               area("portal_comment", "Ý kiến", "Comments", required=False)],
           assignee="${value_of('chief_of_office', 'chief.vp')}", dueDate="${publish_due}")
    p.node("exclusiveGateway", "portal_ok", "Duyệt đăng?", "Approved for the portal? CT-6.", "vp-ubnd", 12)
    p.user("portal_publish", "Công bố danh sách trên Cổng TTĐT tỉnh", "Publish the provincial list on "
           "the e-portal", "CT-13.", "vp-ubnd", 13, fields=[
               text("portal_url", "Đường dẫn trên Cổng", "Portal address", pattern="^https?://\\S+$")],
           dueDate="${publish_due}")
    p.node("endEvent", "published", "Đã công bố danh sách người phát ngôn", "Ended: the provincial list "
           "is published with the press representative offices and resident reporters. CT-13.",
           "vp-ubnd", 14)
    f = p.flow
    f("half_yearly", "init")
    f("init", "collect_lists")
    f("lists_start", "compile_list")
    f("compile_list", "record_list")
    f("record_list", "check_list")
    f("check_list", "list_ok")
    f("list_ok", "lists_end", "Đạt", 'list_check == "accept"', "Accepted.")
    f("list_ok", "note_return", "Trả lại", default=True, doc="Returned for completion.")
    f("note_return", "compile_list")
    f("remind_districts", "note_reminder")
    f("note_reminder", "reminded")
    f("submissions_overdue", "escalate")
    f("escalate", "chased")
    f("collect_lists", "tally")
    f("tally", "consolidate")
    f("consolidate", "portal_approve")
    f("portal_approve", "portal_ok")
    f("portal_ok", "portal_publish", "Duyệt", 'portal_decision == "approve"', "Approved.")
    f("portal_ok", "consolidate", "Trả lại", default=True, doc="Returned to Sở TTTT.")
    f("portal_publish", "published")
    return p
