"""press_inquiry: answer a journalist's request for information (Đồng Nai directive, CT-1 to CT-6)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import DECISION, UNITS, agency, area, check, choice, day, number, text

UNIT = "${unit}"
# The agencies that receive press inquiries: they start the procedure, and the start form's unit is one.
STARTERS = ["so-y-te", "so-tttt", "vp-ubnd", "cong-an", "ubnd-bien-hoa", "ubnd-long-khanh", "ban-tuyen-giao"]


def build() -> Process:
    p = Process(
        "press_inquiry", "Trả lời đề nghị cung cấp thông tin của báo chí",
        "Answer a press inquiry: credentials checked, routed to the competent unit's spokesperson, secrecy "
        "review, drafting and approval, answer within answer_days working days, publication and hand-off "
        "to VP UBND for the provincial e-portal. Source: Đồng Nai directive, CT-1 to CT-6.",
        [Lane("don-vi", "Đơn vị chủ trì (người phát ngôn)", "The competent unit's spokesperson or "
              "authorised person; tasks go to the group named by the variable unit (CT-2).", None),
         Lane("lanh-dao-don-vi", "Lãnh đạo đơn vị", "The competent unit's leadership: receives "
              "escalations when the answer deadline passes (CT-4).", None),
         Lane("vp-ubnd", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee, runs the "
              "provincial e-portal (CT-5, CT-6).")],
        starters=",".join(STARTERS))
    p.start("received", "Nhà báo đề nghị cung cấp thông tin", "A journalist asks for information",
            "By letter, e-mail or in person; the officer who receives it records who asks what, and "
            "which unit answers (their own by default). CT-1.", "don-vi", 0, fields=[
                text("journalist_name", "Họ tên nhà báo", "Journalist's full name", min_len=2, max_len=200),
                text("press_agency", "Cơ quan báo chí", "Press agency", min_len=2, max_len=200),
                area("question", "Nội dung đề nghị cung cấp thông tin", "What the journalist asks"),
                agency("unit", "Đơn vị chủ trì trả lời", "The unit that answers", STARTERS),
                number("answer_days", "Thời hạn trả lời (ngày làm việc)", "Answer within (working days)",
                       required=False, low=1, high=30),
                number("reminder_days", "Nhắc trước hạn (ngày làm việc)", "Reminder before the deadline "
                       "(working days)", required=False, low=0, high=10)])
    p.script("init", "Khởi tạo thời hạn", "Deadline lengths as process variables with defaults: "
             "answer_days (5 working days) and reminder_days (1) may be given at start. CT-4.", "don-vi", 1,
             code="""
unit = value_of("unit", "so-tttt")
answer_days = int(value_of("answer_days", 5))
reminder_days = int(value_of("reminder_days", 1))
received_at = iso(now())
answer_due = working_days(answer_days)
remind_at = add_working_days(answer_due, -reminder_days)
""")
    p.user("intake", "Tiếp nhận, kiểm tra thẻ nhà báo / giấy giới thiệu", "Receive the request and check "
           "the press card or letter of introduction", "CT-1.", "don-vi", 2, fields=[
               text("journalist_name", "Họ tên nhà báo", "Journalist's full name", min_len=2, max_len=200),
               text("press_agency", "Cơ quan báo chí", "Press agency", min_len=2, max_len=200),
               choice("credential_type", "Loại giấy tờ", "Credential shown", [
                   ("press_card", "Thẻ nhà báo", "press card"),
                   ("introduction_letter", "Giấy giới thiệu của cơ quan báo chí", "letter of introduction"),
                   ("none", "Không có", "none")]),
               text("credential_number", "Số thẻ / số giấy giới thiệu", "Card or letter number",
                    required=False, max_len=50, pattern="^[A-Za-z0-9/.-]*$"),
               day("credential_valid_until", "Thời hạn giá trị", "Valid until", required=False),
               area("question", "Nội dung đề nghị cung cấp thông tin", "What the journalist asks"),
               choice("credentials_ok", "Kết quả kiểm tra giấy tờ", "Credentials check result", [
                   ("yes", "Hợp lệ", "valid"), ("no", "Không hợp lệ", "not valid")], radio=True),
               area("refusal_reason", "Lý do từ chối (nếu không hợp lệ)", "Reason for refusal, required "
                    "when not valid", required=False)],
           candidateGroups=UNIT, dueDate="${answer_due}")
    p.node("exclusiveGateway", "credentials_valid", "Giấy tờ hợp lệ?", "Are the credentials valid? "
           "CT-1.", "don-vi", 3)
    p.script("record_refusal", "Ghi nhận từ chối, lý do", "Refuse a request without valid credentials; the "
             "reason is required and kept in the history. CT-1.", "don-vi", 4, 2, code="""
if not str(value_of("refusal_reason", "")).strip():
    raise ValueError("refusal_reason is required when credentials are not valid")
outcome = "refused_credentials"
""")
    p.node("endEvent", "refused_credentials", "Từ chối: không có thẻ/giấy giới thiệu hợp lệ",
           "Request refused for lack of valid credentials. CT-1.", "don-vi", 5, 2)
    p.user("route", "Phân công người phát ngôn / người được ủy quyền", "Route to the spokesperson or "
           "authorised person, or forward to the competent unit", "CT-2.", "don-vi", 4, fields=[
               choice("competent", "Thuộc thẩm quyền của đơn vị?", "Is this unit competent?", [
                   ("yes", "Đúng thẩm quyền", "competent"), ("no", "Chuyển đơn vị khác", "forward")],
                   radio=True),
               choice("forward_to", "Đơn vị có thẩm quyền (nếu chuyển)", "Competent unit, when forwarding",
                      UNITS, required=False),
               text("spokesperson", "Người phát ngôn / người được ủy quyền (tên đăng nhập)",
                    "Spokesperson or authorised person (user name)", required=False, max_len=100,
                    pattern="^[a-z0-9._-]*$")],
           candidateGroups=UNIT, dueDate="${answer_due}")
    p.node("exclusiveGateway", "is_competent", "Đúng thẩm quyền?", "Is the unit competent? CT-2.",
           "don-vi", 5)
    p.script("forward", "Chuyển đơn vị có thẩm quyền", "Forward the request to the competent unit; the "
             "answer deadline keeps running. CT-2, CT-4.", "don-vi", 5, 1, code="""
target = value_of("forward_to", "")
if not target or target == unit:
    raise ValueError("forward_to must name another unit")
forwarded_from = unit
unit = target
forward_to = None
""")
    p.node("subProcess", "handle", "Xử lý và trả lời", "Prepare and give the answer, under the "
                 "answer deadline. CT-3, CT-4.", "don-vi", 6)
    inner = {"parent": "handle"}
    p.node("startEvent", "handle_start", "Bắt đầu xử lý", "Handling starts.", "don-vi", 6.2, **inner)
    p.user("secrecy_review", "Rà soát bí mật nhà nước, bí mật điều tra", "Secrecy review (state secret, "
           "investigation secrecy): release, limit or refuse", "CT-3.", "don-vi", 7, fields=[
               choice("secrecy", "Kết luận rà soát", "Review result", [
                   ("none", "Được cung cấp đầy đủ", "may be released"),
                   ("partial", "Cung cấp có giới hạn", "release limited"),
                   ("secret", "Không được cung cấp (bí mật)", "must not be released")], radio=True),
               text("secrecy_basis", "Căn cứ pháp lý (nếu hạn chế/từ chối)", "Legal basis when limited or "
                    "refused", required=False, max_len=300)],
           candidateGroups=UNIT, dueDate="${answer_due}", **_assignee())
    p.node("exclusiveGateway", "may_release", "Được cung cấp?", "May the information be released? CT-3.",
           "don-vi", 8)
    p.user("refusal_notice", "Thông báo từ chối cung cấp thông tin", "Tell the journalist the information "
           "cannot be released, with its legal basis", "CT-3.", "don-vi", 9, 1, fields=[
               area("refusal_text", "Nội dung thông báo từ chối", "Refusal notice sent to the journalist")],
           candidateGroups=UNIT, dueDate="${answer_due}", **_assignee())
    p.node("endEvent", "handle_refused", "Đã thông báo từ chối", "Refusal notified.", "don-vi", 10, 1,
           **inner)
    p.user("draft", "Soạn nội dung trả lời", "Draft the answer", "CT-4.", "don-vi", 9, fields=[
        area("answer_text", "Nội dung trả lời", "Answer text"),
        text("limitation_note", "Phạm vi hạn chế (nếu có)", "What was withheld, if limited", required=False)],
        candidateGroups=UNIT, dueDate="${answer_due}", **_assignee())
    p.user("approve", "Lãnh đạo đơn vị duyệt nội dung", "The unit's leader approves the answer",
           "CT-4.", "don-vi", 10, fields=[
               choice("approval", "Ý kiến", "Decision", DECISION, radio=True),
               area("approval_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
           candidateGroups=UNIT, dueDate="${answer_due}")
    p.node("exclusiveGateway", "approved", "Được duyệt?", "Approved? CT-4.", "don-vi", 11)
    p.user("answer", "Trả lời nhà báo", "Give the answer to the journalist", "CT-4, CT-5.", "don-vi", 12,
           fields=[
               choice("answer_channel", "Hình thức trả lời", "Channel", [
                   ("written", "Văn bản", "written"), ("email", "Thư điện tử", "e-mail"),
                   ("interview", "Phỏng vấn trực tiếp", "interview"),
                   ("press_conference", "Họp báo", "press conference")]),
               check("publish_release", "Đăng thông cáo trên trang của đơn vị và gửi VP UBND",
                     "Publish as a statement on the unit's site and send to VP UBND")],
           candidateGroups=UNIT, dueDate="${answer_due}", **_assignee())
    p.node("endEvent", "handle_done", "Đã trả lời", "Answer given.", "don-vi", 13, **inner)
    for node_id in ("secrecy_review", "may_release", "refusal_notice", "draft", "approve", "approved",
                    "answer"):
        p.nodes[node_id].parent = "handle"
    p.timer("remind", "Nhắc trước hạn", "Reminder before the answer deadline (remind_at, reminder_days "
            "working days before). CT-4.", "handle", "timeDate", "remind_at", slot=1)
    p.timer("overdue", "Quá hạn trả lời", "The answer deadline (answer_days working days) passed: "
            "escalate without stopping the work. CT-4.", "handle", "timeDate", "answer_due")
    p.script("note_reminder", "Gửi nhắc hạn", "Record the reminder (e-mail delivery is a connector, "
             "issue 5). CT-4.", "don-vi", 11, 2,
             code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "don-vi", 12, 2)
    p.user("escalate", "Chỉ đạo xử lý yêu cầu quá hạn", "The unit's leader deals with the overdue "
           "inquiry", "CT-4: no shirking.", "lanh-dao-don-vi", 13, fields=[
               area("escalation_instruction", "Chỉ đạo của lãnh đạo", "Instruction to the spokesperson")],
           candidateGroups=UNIT, priority="90")
    p.node("endEvent", "escalated", "Đã chỉ đạo", "Escalation handled.", "lanh-dao-don-vi", 14)
    p.node("exclusiveGateway", "release_kind", "Công bố thông cáo?", "Was the answer refused, or is it "
           "published as a statement? CT-5.", "don-vi", 14)
    p.node("endEvent", "refused_secret", "Từ chối: thông tin bí mật", "Ended: refused under secrecy "
           "rules. CT-3.", "don-vi", 15, 2)
    p.node("endEvent", "answered", "Đã trả lời báo chí", "Ended: answered, no statement published.",
           "don-vi", 15, 1)
    p.user("publish_site", "Đăng thông cáo trên trang thông tin của đơn vị", "Publish the statement on "
           "the unit's website and send it to VP UBND", "CT-5.", "don-vi", 15, fields=[
               text("unit_site_url", "Đường dẫn bài đăng", "Address of the published statement",
                    pattern="^https?://\\S+$")],
           candidateGroups=UNIT)
    p.user("portal_edit", "Biên tập tin cho Cổng TTĐT tỉnh", "Edit the item for the provincial e-portal",
           "CT-5.", "vp-ubnd", 16, fields=[
               text("portal_title", "Tiêu đề tin", "Portal item title", min_len=5, max_len=250),
               area("portal_summary", "Tóm tắt", "Summary")])
    p.user("portal_approve", "Chánh Văn phòng duyệt tin đăng Cổng", "The Chief of Office approves the "
           "portal item", "CT-6.", "vp-ubnd", 17, fields=[
               choice("portal_decision", "Ý kiến duyệt", "Decision", [
                   ("approve", "Duyệt đăng", "approve"), ("reject", "Không đăng", "reject")], radio=True),
               area("portal_comment", "Ý kiến", "Comments", required=False)],
           assignee="${value_of('chief_of_office', 'chief.vp')}")
    p.node("exclusiveGateway", "portal_ok", "Duyệt đăng?", "Approved for the portal? CT-6.", "vp-ubnd", 18)
    p.user("portal_publish", "Đăng tin lên Cổng TTĐT tỉnh", "Post the item on the provincial e-portal",
           "CT-5.", "vp-ubnd", 19, fields=[
               text("portal_url", "Đường dẫn tin trên Cổng", "Portal address", pattern="^https?://\\S+$")])
    p.node("endEvent", "published", "Đã trả lời và đăng Cổng", "Ended: answered and published on the "
           "portal. CT-5, CT-6.", "vp-ubnd", 20)
    p.node("endEvent", "not_published", "Đã trả lời, không đăng Cổng", "Ended: answered, the Chief of "
           "Office declined the portal item. CT-6.", "vp-ubnd", 19, 1)
    f = p.flow
    f("received", "init")
    f("init", "intake")
    f("intake", "credentials_valid")
    f("credentials_valid", "route", "Hợp lệ", 'credentials_ok == "yes"', "Valid credentials.")
    f("credentials_valid", "record_refusal", "Không hợp lệ", default=True, doc="No valid credentials.")
    f("record_refusal", "refused_credentials")
    f("route", "is_competent")
    f("is_competent", "forward", "Chuyển", 'competent == "no"', "Not competent: forward.")
    f("is_competent", "handle", "Đúng thẩm quyền", default=True, doc="Competent.")
    f("forward", "route")
    f("handle_start", "secrecy_review")
    f("secrecy_review", "may_release")
    f("may_release", "refusal_notice", "Bí mật", 'secrecy == "secret"', "Secret: refuse.")
    f("may_release", "draft", "Được cung cấp", default=True, doc="Released in full or in part.")
    f("refusal_notice", "handle_refused")
    f("draft", "approve")
    f("approve", "approved")
    f("approved", "answer", "Duyệt", 'approval == "approve"', "Approved.")
    f("approved", "draft", "Sửa lại", default=True, doc="Sent back for revision.")
    f("answer", "handle_done")
    f("remind", "note_reminder")
    f("note_reminder", "reminded")
    f("overdue", "escalate")
    f("escalate", "escalated")
    f("handle", "release_kind")
    f("release_kind", "refused_secret", "Bí mật", 'secrecy == "secret"', "Refused under secrecy rules.")
    f("release_kind", "publish_site", "Đăng thông cáo", "bool(value_of('publish_release', False))",
      "Published as a statement.")
    f("release_kind", "answered", "Chỉ trả lời", default=True, doc="Answer only.")
    f("publish_site", "portal_edit")
    f("portal_edit", "portal_approve")
    f("portal_approve", "portal_ok")
    f("portal_ok", "portal_publish", "Duyệt", 'portal_decision == "approve"', "Approved.")
    f("portal_ok", "not_published", "Không đăng", default=True, doc="Not approved.")
    f("portal_publish", "published")
    return p


def _assignee() -> dict[str, str]:
    # The person the route step named, else any officer of the unit.
    return {"assignee": "${value_of('spokesperson', '') or None}"}
