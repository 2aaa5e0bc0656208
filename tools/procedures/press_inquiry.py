"""press_inquiry: answer a journalist's request for information (Đồng Nai directive CT 1.a, 1.b, 1.d, 2.b,
7.b): credentials checked by the engine, routed to the competent unit (forwarded once at most, VP UBND
decides beyond that), drafted by the spokesperson, approved by the unit's leaders (not the drafter),
secrecy review, answer within answer_days working days with escalation above the unit, statements
published on the unit's site and the provincial portal."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import agency, area, check, choice, day, number, text

UNIT = "${unit}"
LEADERS = "${leaders(unit)}"
DECIDER = '${org_unit("competent_decider")}'
# The agencies that receive press inquiries: they start the procedure, and the start form's unit is one.
STARTERS = ["so-y-te", "so-tttt", "vp-ubnd", "cong-an", "ubnd-bien-hoa", "ubnd-long-khanh", "ban-tuyen-giao"]
CODE = "^[a-z0-9-]*$"  # a group code of the organisation, checked against it by the scripts
NOTICES = [("notify_vp", "Văn phòng UBND tỉnh", "portal_office", "vp_handling"),
           ("notify_police", "Cơ quan Công an", "police_security", "police_handling"),
           ("notify_tttt", "Sở Thông tin và Truyền thông", "dept_ict", "tttt_handling")]


def build() -> Process:
    p = Process(
        "press_inquiry", "Trả lời đề nghị cung cấp thông tin của báo chí",
        "Answer a press inquiry: the press card or letter of introduction is checked (a refused journalist "
        "is told; a suspected impersonation is notified to VP UBND, the Police and Sở TTTT); the competent "
        "unit's spokesperson or authorised person answers, forwarded to another unit at most once (VP UBND "
        "decides the competent unit beyond that, or when a unit declines); the unit's leaders approve (not "
        "the drafter), the secrecy review decides what may be released; a late answer escalates to the "
        "unit's leaders, then to VP UBND and Sở TTTT; statements go to the unit's site and the provincial "
        "portal. Source: Đồng Nai directive, CT 1.a, CT 1.b, CT 1.d, CT 2.b, CT 7.b.",
        [Lane("don-vi", "Đơn vị chủ trì (người phát ngôn, người được ủy quyền phát ngôn)", "The competent "
              "unit (variable unit): its spokesperson or authorised person receives and answers (CT 1.a).",
              None),
         Lane("lanh-dao-don-vi", "Lãnh đạo đơn vị", "The unit's head and deputies (leaders group of unit): "
              "approve the answer, review secrecy, deal with a late answer (CT 1.a).", None),
         Lane("lanh-dao-vp-ubnd", "Lãnh đạo Văn phòng UBND tỉnh", "Chief of Office and deputy: decide the "
              "competent unit when a unit declines or a second forward is asked; the next escalation level "
              "with Sở TTTT's leaders (CT 1.a).", None),
         Lane("vp-ubnd", "Văn phòng UBND tỉnh (Cổng Thông tin điện tử tỉnh)", "Publishes statements on the "
              "provincial portal (CT 1.b, CT 2.a, CT 2.b)."),
         Lane("co-quan-phoi-hop", "Cơ quan phối hợp xử lý giả mạo nhà báo", "VP UBND, the Police and Sở "
              "TTTT, told of a suspected impersonation of a journalist (CT 7.b).", None)],
        starters=",".join(STARTERS))
    _reception(p)
    _refusal(p)
    _routing(p)
    _handling(p)
    _escalation(p)
    _publication(p)
    return p


def _clause(node, ids: str, **more: str) -> None:
    node.props.update(clause=ids, **more)


def _reception(p: Process) -> None:
    p.start("received", "Nhà báo đề nghị cung cấp thông tin", "A journalist asks for information",
            "By letter, e-mail or in person; the officer who receives it records who asks what, and which "
            "unit answers (their own by default). CT 1.a.", "don-vi", 0, fields=[
                text("journalist_name", "Họ tên nhà báo", "Journalist's full name", min_len=2, max_len=200),
                text("press_agency", "Cơ quan báo chí", "Press agency", min_len=2, max_len=200),
                area("question", "Nội dung đề nghị cung cấp thông tin", "What the journalist asks"),
                agency("unit", "Đơn vị chủ trì trả lời", "The unit that answers", STARTERS),
                number("answer_days", "Thời hạn trả lời (ngày làm việc)", "Answer within (working days)",
                       required=False, low=1, high=30),
                number("reminder_days", "Nhắc trước hạn (ngày làm việc)", "Reminder before the deadline "
                       "(working days)", required=False, low=0, high=10)])
    p.script("init", "Khởi tạo thời hạn", "Deadlines as process variables with defaults: answer_days (5 "
             "working days), reminder_days (1); the escalation above the unit comes escalate_above_days "
             "(2) working days after the deadline. No forward yet. CT 1.a.", "don-vi", 1, code="""
unit = value_of("unit", "so-tttt")
answer_days = int(value_of("answer_days", 5))
reminder_days = int(value_of("reminder_days", 1))
received_at = iso(now())
answer_due = working_days(answer_days)
remind_at = add_working_days(answer_due, -reminder_days)
escalate_above_at = add_working_days(answer_due, int(value_of("escalate_above_days", 2)))
forwards = 0
""")
    _clause(p.user("intake", "Tiếp nhận, kiểm tra thẻ nhà báo hoặc giấy giới thiệu", "Receive the request "
                   "and check the press card or letter of introduction", "The engine refuses 'valid' without "
                   "a card or letter, without its number, with an expired card or with a suspected "
                   "impersonation (completionCheck press_credentials). CT 7.b.", "don-vi", 2, fields=[
                       text("journalist_name", "Họ tên nhà báo", "Journalist's full name", min_len=2,
                            max_len=200),
                       text("press_agency", "Cơ quan báo chí", "Press agency", min_len=2, max_len=200),
                       choice("credential_type", "Loại giấy tờ xuất trình", "Credential shown", [
                           ("press_card", "Thẻ nhà báo", "press card"),
                           ("introduction_letter", "Giấy giới thiệu của cơ quan báo chí",
                            "letter of introduction"),
                           ("none", "Không xuất trình", "none")]),
                       text("credential_number", "Số thẻ nhà báo hoặc số giấy giới thiệu", "Card or letter "
                            "number", required=False, max_len=50, pattern="^[A-Za-z0-9/.-]*$"),
                       day("credential_valid_until", "Thời hạn giá trị của thẻ hoặc giấy", "Valid until",
                           required=False),
                       area("question", "Nội dung đề nghị cung cấp thông tin", "What the journalist asks"),
                       check("impersonation_suspected", "Nghi vấn lợi dụng danh nghĩa, giả mạo nhà báo, "
                             "phóng viên", "Suspected impersonation of a journalist"),
                       choice("credentials_ok", "Kết quả kiểm tra giấy tờ", "Credentials check result", [
                           ("yes", "Hợp lệ", "valid"), ("no", "Không hợp lệ", "not valid")], radio=True),
                       area("refusal_reason", "Lý do từ chối (bắt buộc nếu không hợp lệ)", "Reason for "
                            "refusal, required when not valid", required=False)],
                   candidateGroups=UNIT, dueDate="${working_days(1)}"), "CT 7.b",
            completionCheck="press_credentials")
    p.node("exclusiveGateway", "credentials_valid", "Giấy tờ hợp lệ?", "Are the credentials valid? "
           "CT 7.b.", "don-vi", 3)


def _refusal(p: Process) -> None:
    p.node("parallelGateway", "refused_split", "Từ chối tiếp nhận", "Refused: the journalist is told, and "
           "a suspected impersonation is notified at the same time. CT 7.b.", "don-vi", 4, 3)
    _clause(p.user("tell_refused", "Thông báo cho nhà báo lý do từ chối", "Tell the journalist why the "
                   "request is refused", "Within 1 working day. CT 7.b.", "don-vi", 5, 3, fields=[
                       choice("refusal_channel", "Hình thức thông báo", "Channel", [
                           ("written", "Văn bản", "written"), ("email", "Thư điện tử", "e-mail"),
                           ("in_person", "Trực tiếp", "in person")]),
                       area("refusal_notice", "Nội dung thông báo từ chối", "Notice sent to the journalist")],
                   candidateGroups=UNIT, dueDate="${working_days(1)}"), "CT 7.b")
    p.node("exclusiveGateway", "suspected", "Nghi vấn giả mạo?", "Is an impersonation suspected? CT 7.b.",
           "don-vi", 5, 4)
    p.node("parallelGateway", "notify_split", "Thông báo các cơ quan", "VP UBND, the Police and Sở TTTT are "
           "told at once. CT 7.b.", "don-vi", 6, 4)
    for row, (node_id, who, function, field) in enumerate(NOTICES):
        _clause(p.user(node_id, f"{who} tiếp nhận thông báo nghi vấn giả mạo nhà báo", f"{who} is told of a "
                       "suspected impersonation of a journalist", "Record what is done to coordinate the "
                       "handling, within 1 working day. CT 7.b.", "co-quan-phoi-hop", 7, row, fields=[
                           area(field, "Biện pháp phối hợp xử lý", "Coordinated handling")],
                       candidateGroups=f'${{org_unit("{function}")}}', dueDate="${working_days(1)}"),
                "CT 7.b")
    p.node("parallelGateway", "notify_join", "Đã thông báo", "All three agencies were told.", "don-vi", 8, 4)
    p.node("exclusiveGateway", "notice_merge", "Đã xử lý nghi vấn", "Notified, or nothing to notify.",
           "don-vi", 9, 4)
    p.node("parallelGateway", "refused_join", "Đã xử lý từ chối", "Journalist told and agencies notified "
           "where needed.", "don-vi", 10, 3)
    _clause(p.script("record_refusal", "Ghi nhận kết quả từ chối", "outcome: refused_impersonation or "
                     "refused_credentials, kept with the reason in the history. CT 7.b.", "don-vi", 10.7, 3,
                     code="""
impersonated = bool(value_of("impersonation_suspected", False))
outcome = "refused_impersonation" if impersonated else "refused_credentials"
"""), "CT 7.b")
    p.node("endEvent", "refused_credentials", "Từ chối: giấy tờ không hợp lệ", "Request refused for lack "
           "of valid credentials. CT 7.b.", "don-vi", 11.4, 3)


def _routing(p: Process) -> None:
    _clause(p.user("route", "Phân công người phát ngôn, người được ủy quyền phát ngôn", "Route to the "
                   "spokesperson or authorised person, forward to the competent unit, or decline",
                   "Forwarding is allowed once; a second forward or a decline goes to VP UBND. CT 1.a.",
                   "don-vi", 4, fields=[
                       choice("competent", "Thuộc thẩm quyền của đơn vị?", "Is this unit competent?", [
                           ("yes", "Đúng thẩm quyền", "competent"),
                           ("forward", "Chuyển đơn vị có thẩm quyền", "forward to the competent unit"),
                           ("decline", "Không thuộc thẩm quyền, đề nghị Văn phòng UBND tỉnh xác định",
                            "decline: VP UBND decides")], radio=True),
                       text("forward_to", "Mã đơn vị có thẩm quyền (nếu chuyển)", "Group code of the "
                            "competent unit, when forwarding (e.g. so-y-te)", required=False, max_len=100,
                            pattern=CODE),
                       area("decline_reason", "Lý do (bắt buộc nếu không thuộc thẩm quyền)", "Reason, "
                            "required to decline", required=False),
                       text("spokesperson", "Người phát ngôn hoặc người được ủy quyền phát ngôn (tên đăng "
                            "nhập)", "Spokesperson or authorised person (user name)", required=False,
                            max_len=100, pattern="^[a-z0-9._-]*$"),
                       check("serious_incident", "Vụ việc nghiêm trọng, dư luận quan tâm", "Serious incident "
                             "of public concern: the answer is a public statement")],
                   candidateGroups=UNIT, dueDate="${working_days(1)}"), "CT 1.a, CT 1.d")
    p.node("exclusiveGateway", "is_competent", "Đúng thẩm quyền?", "Competent, forward or decline? CT 1.a.",
           "don-vi", 5)
    _clause(p.script("forward", "Chuyển đơn vị có thẩm quyền", "The first forward moves the inquiry to the "
                     "named unit (the answer deadline keeps running); a second one goes to VP UBND "
                     "instead. Counted per agency. CT 1.a.", "don-vi", 6, 1, code="""
target = str(value_of("forward_to", "")).strip()
if not target or target == unit:
    raise ValueError("forward_to must name another unit")
leaders(target)
forwards = int(value_of("forwards", 0)) + 1
forwarded_from = unit
if forwards == 1:
    unit = target
forward_to = None
"""), "CT 1.a", tally="forward", tallyAgency="forwarded_from")
    p.node("exclusiveGateway", "forward_limit", "Chuyển lần thứ hai?", "A second forward is not allowed: "
           "VP UBND decides the competent unit. CT 1.a.", "don-vi", 7, 1)
    _clause(p.script("record_decline", "Ghi nhận đơn vị từ chối", "A unit declining needs its reason; VP "
                     "UBND decides. Counted per agency. CT 1.a.", "don-vi", 6, 2, code="""
if not str(value_of("decline_reason", "")).strip():
    raise ValueError("decline_reason is required to decline an inquiry")
declined_by = unit
"""), "CT 1.a", tally="decline", tallyAgency="declined_by")
    _clause(p.user("decide_competent", "Văn phòng UBND tỉnh xác định đơn vị có thẩm quyền", "VP UBND's "
                   "leaders decide the competent unit", "After a decline or a second forward: the unit "
                   "named must answer; no shirking. CT 1.a.", "lanh-dao-vp-ubnd", 8, fields=[
                       text("competent_unit", "Mã đơn vị có thẩm quyền", "Group code of the competent unit",
                            min_len=2, max_len=100, pattern=CODE),
                       area("decision_note", "Ý kiến chỉ đạo", "Instruction", required=False)],
                   candidateGroups=DECIDER, dueDate="${working_days(1)}", priority="80"), "CT 1.a")
    _clause(p.script("assign_competent", "Giao đơn vị có thẩm quyền", "The decided unit takes the inquiry; "
                     "any further forward or decline goes back to VP UBND. CT 1.a.", "lanh-dao-vp-ubnd", 9,
                     code="""
leaders(competent_unit)
unit = competent_unit
forwards = max(int(value_of("forwards", 0)), 1)
competent = None
decided_by_vp = True
"""), "CT 1.a")


def _handling(p: Process) -> None:
    _clause(p.node("subProcess", "handle", "Soạn, duyệt, rà soát và trả lời", "Prepare and give the answer "
                   "under the answer deadline. CT 1.a.", "don-vi", 12), "CT 1.a")
    inner = {"parent": "handle"}
    p.node("startEvent", "handle_start", "Bắt đầu xử lý", "Handling starts in the competent unit.", "don-vi",
           12.3, **inner)
    _clause(p.user("draft", "Soạn nội dung trả lời", "Draft the answer", "By the spokesperson or "
                   "authorised person. CT 1.a.", "don-vi", 13, fields=[
                       area("answer_text", "Nội dung trả lời", "Answer text")],
                   candidateGroups=UNIT, dueDate="${answer_due}", **_assignee()), "CT 1.a")
    _clause(p.user("approve", "Lãnh đạo đơn vị duyệt nội dung trả lời", "The unit's leader approves the "
                   "answer", "Never by the person who drafted it (fourEyes). CT 1.a.", "lanh-dao-don-vi", 14,
                   fields=[choice("approval", "Ý kiến", "Decision", [
                       ("approve", "Phê duyệt", "approve"), ("revise", "Yêu cầu sửa", "send back")],
                       radio=True),
                       area("approval_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
                   candidateGroups=LEADERS, dueDate="${answer_due}"), "CT 1.a", fourEyes="draft")
    p.node("exclusiveGateway", "approved", "Được duyệt?", "Approved or sent back? CT 1.a.",
           "lanh-dao-don-vi", 15)
    p.script("to_secrecy", "Chuyển rà soát bí mật", "The approved answer is the text to review.",
             "lanh-dao-don-vi", 16, code='release_kind = "inquiry_answer"\nrelease_text = answer_text')
    _clause(p.node("callActivity", "secrecy", "Rà soát bí mật nhà nước, bí mật điều tra", "Call "
                   "secrecy_review: the unit's leader releases, limits or refuses. CT 1.a, CT 4.c.",
                   "lanh-dao-don-vi", 17, attrs={"calledElement": "secrecy_review"}), "CT 1.a, CT 4.c")
    p.node("exclusiveGateway", "may_release", "Được cung cấp?", "May the answer be released? CT 1.a.",
           "don-vi", 18)
    _clause(p.user("refusal_notice", "Thông báo không cung cấp thông tin", "Tell the journalist the "
                   "information cannot be released, with its legal basis", "CT 1.a.", "don-vi", 19, 1,
                   fields=[area("refusal_text", "Nội dung thông báo", "Notice sent to the journalist")],
                   candidateGroups=UNIT, dueDate="${answer_due}", **_assignee()), "CT 1.a")
    p.node("endEvent", "handle_refused", "Đã thông báo không cung cấp", "Refusal notified.", "don-vi", 20, 1,
           **inner)
    _clause(p.user("answer", "Trả lời nhà báo", "Give the answer to the journalist", "A serious incident "
                   "of public concern is answered by a public statement; a statement goes to the unit's "
                   "site and the portal unless a reason to skip the portal is given. CT 1.a, CT 1.b, "
                   "CT 1.d.", "don-vi", 19, fields=[
                       choice("answer_channel", "Hình thức trả lời", "Channel", [
                           ("written", "Văn bản", "written"), ("email", "Thư điện tử", "e-mail"),
                           ("interview", "Phỏng vấn trực tiếp", "interview"),
                           ("press_conference", "Họp báo", "press conference")]),
                       choice("release_form", "Hình thức công bố", "Form of the release", [
                           ("statement", "Phát ngôn, thông cáo báo chí (đăng Trang thông tin điện tử của "
                            "đơn vị và Cổng Thông tin điện tử tỉnh)", "statement: unit's site and portal"),
                           ("answer_only", "Chỉ trả lời nhà báo đề nghị", "answer to this journalist only")],
                           radio=True, default="statement"),
                       area("portal_skip_reason", "Lý do không đăng Cổng Thông tin điện tử tỉnh (để trống "
                            "là đăng)", "Reason not to send the statement to the portal (empty: send it)",
                            required=False)],
                   candidateGroups=UNIT, dueDate="${answer_due}", **_assignee()), "CT 1.a, CT 1.b, CT 1.d")
    p.script("check_release", "Kiểm tra hình thức công bố", "A serious incident needs a public statement. "
             "CT 1.d.", "don-vi", 20, code="""
if value_of("serious_incident", False) and release_form != "statement":
    raise ValueError("a serious incident of public concern is answered by a public statement (CT 1.d)")
""").props["clause"] = "CT 1.d"
    p.node("endEvent", "handle_done", "Đã trả lời", "Answer given.", "don-vi", 21, **inner)
    for node_id in ("draft", "approve", "approved", "to_secrecy", "secrecy", "may_release", "refusal_notice",
                    "answer", "check_release"):
        p.nodes[node_id].parent = "handle"


def _escalation(p: Process) -> None:
    for timer in (
            p.timer("remind", "Nhắc trước hạn", "Reminder before the answer deadline (remind_at, "
                    "reminder_days working days before). CT 1.a.", "handle", "timeDate", "remind_at", slot=1),
            p.timer("overdue", "Quá hạn trả lời", "The answer deadline passed: the unit's leaders are asked "
                    "to act, the work goes on. CT 1.a.", "handle", "timeDate", "answer_due"),
            p.timer("overdue_above", "Quá hạn, chuyển cấp trên", "Still not answered escalate_above_days "
                    "after the deadline: VP UBND's and Sở TTTT's leaders. CT 1.a.", "handle", "timeDate",
                    "escalate_above_at", slot=2)):
        _clause(timer, "CT 1.a")
    p.script("note_reminder", "Gửi nhắc hạn", "Record the reminder (the task's own SLA reminder notifies "
             "the unit). CT 1.a.", "lanh-dao-don-vi", 13, 2,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "lanh-dao-don-vi", 14, 2)
    _clause(p.script("note_late", "Ghi nhận quá hạn", "The late unit, counted per agency. CT 1.a.",
                     "lanh-dao-don-vi", 13, 1, code="late_unit = unit"),
            "CT 1.a", tally="escalation", tallyAgency="late_unit")
    _clause(p.user("escalate", "Lãnh đạo đơn vị chỉ đạo trả lời quá hạn", "The unit's leaders deal with "
                   "the overdue inquiry", "Above the officers who hold it. CT 1.a: no shirking.",
                   "lanh-dao-don-vi", 14, 1, fields=[
                       area("escalation_instruction", "Chỉ đạo của lãnh đạo đơn vị", "Instruction to the "
                            "spokesperson")],
                   candidateGroups=LEADERS, dueDate="${working_days(1)}", priority="90"), "CT 1.a")
    p.node("endEvent", "escalated", "Đã chỉ đạo", "Escalation handled.", "lanh-dao-don-vi", 15, 1)
    _clause(p.script("note_late_above", "Chuyển cấp trên", "The next level above the unit's leaders: VP "
                     "UBND's and Sở TTTT's leaders, never the unit's own group. Counted per agency. CT 1.a.",
                     "lanh-dao-vp-ubnd", 13, 1, code="""
late_unit = unit
own = leaders(unit)
above = [g for g in (org_unit("competent_decider"), leaders(org_unit("dept_ict"))) if g != own]
escalation_groups = above or org_groups("province")
"""), "CT 1.a", tally="escalation", tallyAgency="late_unit")
    _clause(p.user("escalate_above", "Lãnh đạo Văn phòng UBND tỉnh, Sở TTTT đôn đốc trả lời quá hạn",
                   "VP UBND's and Sở TTTT's leaders press for the overdue answer", "The level above the "
                   "unit. CT 1.a.", "lanh-dao-vp-ubnd", 14, 1, fields=[
                       area("escalation_above_instruction", "Ý kiến chỉ đạo", "Instruction to the unit")],
                   candidateGroups="${escalation_groups}", dueDate="${working_days(1)}", priority="95"),
            "CT 1.a")
    p.node("endEvent", "escalated_above", "Đã đôn đốc", "Escalation above the unit handled.",
           "lanh-dao-vp-ubnd", 15, 1)


def _publication(p: Process) -> None:
    p.node("exclusiveGateway", "release_how", "Công bố thế nào?", "Refused, answered only, or published as "
           "a statement? CT 1.b.", "don-vi", 22)
    p.node("endEvent", "refused_secret", "Từ chối: thông tin bí mật", "Ended: refused under secrecy rules. "
           "CT 1.a.", "don-vi", 23, 1)
    p.node("endEvent", "answered", "Đã trả lời báo chí", "Ended: answered this journalist only.", "don-vi",
           23, 2)
    p.node("parallelGateway", "publish_split", "Đăng trang đơn vị và Cổng", "The statement goes to the "
           "unit's site and, at the same time, to VP UBND for the portal. CT 1.b.", "don-vi", 23)
    _clause(p.user("publish_site", "Đăng lên Trang thông tin điện tử của đơn vị", "Publish the statement on "
                   "the unit's website", "Within 1 working day. CT 1.b.", "don-vi", 24, fields=[
                       text("unit_site_url", "Đường dẫn bài đăng", "Address of the published statement",
                            pattern="^https?://\\S+$")],
                   candidateGroups=UNIT, dueDate="${working_days(1)}"), "CT 1.b")
    p.node("exclusiveGateway", "portal_wanted", "Gửi Cổng?", "Sent to the portal unless the answer gave a "
           "reason not to. CT 1.b.", "vp-ubnd", 24)
    p.script("to_portal", "Chuyển Văn phòng UBND tỉnh đăng Cổng", "The statement as a portal item.",
             "vp-ubnd", 25, code="""
item_kind = "statement"
item_title = "Trả lời báo chí: " + str(press_agency)
item_text = answer_text
""")
    _clause(p.node("callActivity", "portal", "Đăng Cổng Thông tin điện tử tỉnh", "Call portal_publication: "
                   "VP UBND edits, the Chief of Office approves, VP UBND publishes. CT 1.b, CT 2.a, CT 2.b.",
                   "vp-ubnd", 26, attrs={"calledElement": "portal_publication"}), "CT 1.b, CT 2.a, CT 2.b")
    p.script("portal_skipped", "Ghi nhận không đăng Cổng, lý do", "The reason given in the answer is kept.",
             "vp-ubnd", 26, 1, code="portal_url = None")
    p.node("exclusiveGateway", "portal_merge", "Đã xử lý đăng Cổng", "Published on the portal, declined, "
           "or skipped with a reason.", "vp-ubnd", 27)
    p.node("parallelGateway", "publish_join", "Đã đăng", "Both publications done.", "don-vi", 28)
    p.node("endEvent", "published", "Đã trả lời và công bố", "Ended: answered and published. CT 1.b.",
           "don-vi", 29)
    f = p.flow
    f("received", "init")
    f("init", "intake")
    f("intake", "credentials_valid")
    f("credentials_valid", "route", "Hợp lệ", 'credentials_ok == "yes"', "Valid credentials.")
    f("credentials_valid", "refused_split", "Không hợp lệ", default=True, doc="No valid credentials.")
    f("refused_split", "tell_refused")
    f("refused_split", "suspected")
    f("tell_refused", "refused_join")
    f("suspected", "notify_split", "Nghi vấn giả mạo", "bool(value_of('impersonation_suspected', False))",
      "Suspected impersonation.")
    f("suspected", "notice_merge", "Không", default=True, doc="No impersonation suspected.")
    for node_id, *_ in NOTICES:
        f("notify_split", node_id)
        f(node_id, "notify_join")
    f("notify_join", "notice_merge")
    f("notice_merge", "refused_join")
    f("refused_join", "record_refusal")
    f("record_refusal", "refused_credentials")
    f("route", "is_competent")
    f("is_competent", "forward", "Chuyển", 'competent == "forward"', "Forward to the competent unit.")
    f("is_competent", "record_decline", "Từ chối", 'competent == "decline"', "The unit declines.")
    f("is_competent", "handle", "Đúng thẩm quyền", default=True, doc="Competent.")
    f("forward", "forward_limit")
    f("forward_limit", "decide_competent", "Lần thứ hai", "forwards > 1", "Second forward: VP UBND decides.")
    f("forward_limit", "route", "Lần đầu", default=True, doc="First forward: the new unit routes it.")
    f("record_decline", "decide_competent")
    f("decide_competent", "assign_competent")
    f("assign_competent", "route")
    f("handle_start", "draft")
    f("draft", "approve")
    f("approve", "approved")
    f("approved", "to_secrecy", "Duyệt", 'approval == "approve"', "Approved.")
    f("approved", "draft", "Sửa lại", default=True, doc="Sent back for revision.")
    f("to_secrecy", "secrecy")
    f("secrecy", "may_release")
    f("may_release", "refusal_notice", "Không cung cấp", 'secrecy_decision == "refuse"', "Refused.")
    f("may_release", "answer", "Được cung cấp", default=True, doc="Released in full or limited.")
    f("refusal_notice", "handle_refused")
    f("answer", "check_release")
    f("check_release", "handle_done")
    f("remind", "note_reminder")
    f("note_reminder", "reminded")
    f("overdue", "note_late")
    f("note_late", "escalate")
    f("escalate", "escalated")
    f("overdue_above", "note_late_above")
    f("note_late_above", "escalate_above")
    f("escalate_above", "escalated_above")
    f("handle", "release_how")
    f("release_how", "refused_secret", "Không cung cấp", 'secrecy_decision == "refuse"', "Refused.")
    f("release_how", "publish_split", "Phát ngôn, thông cáo", "value_of('release_form') == 'statement'",
      "Statement.")
    f("release_how", "answered", "Chỉ trả lời", default=True, doc="Answer only.")
    f("publish_split", "publish_site")
    f("publish_split", "portal_wanted")
    f("publish_site", "publish_join")
    f("portal_wanted", "portal_skipped", "Không đăng (có lý do)",
      "bool(str(value_of('portal_skip_reason', '')).strip())", "A reason not to publish was given.")
    f("portal_wanted", "to_portal", "Đăng Cổng", default=True, doc="Sent to the portal by default.")
    f("to_portal", "portal")
    f("portal", "portal_merge")
    f("portal_skipped", "portal_merge")
    f("portal_merge", "publish_join")
    f("publish_join", "published")


def _assignee() -> dict[str, str]:
    # The person the route step named, else any officer of the unit.
    return {"assignee": "${value_of('spokesperson', '') or None}"}
