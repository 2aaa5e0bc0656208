"""press_complaint: a hotline complaint about press activity, verified, sent to Police when a journalist is
impersonated, inspected by the Department Inspectorate with Police and the Journalists' Association,
decided and made public (Lai Châu plan, KH-20 to KH-24)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import area, choice, text

CATEGORIES = [("impersonation", "Mạo danh nhà báo, phóng viên", "impersonating a journalist"),
              ("extortion", "Lợi dụng hoạt động báo chí để sách nhiễu, trục lợi", "harassment or extortion"),
              ("false_information", "Thông tin sai sự thật", "false information"),
              ("ethics", "Vi phạm đạo đức nghề nghiệp", "breach of professional ethics"),
              ("other", "Khác", "other")]
INSPECTORATE = "so-tttt-thanh-tra"


def build() -> Process:
    p = Process(
        "press_complaint", "Tiếp nhận, xử lý phản ánh về hoạt động báo chí qua đường dây nóng",
        "A complaint about press activity reaches the public hotline (phone or e-mail); Sở TTTT verifies "
        "it; an impersonated journalist goes to Police; a suspected violation is inspected by the "
        "Department Inspectorate with Police and the Journalists' Association within inspection_days "
        "working days; the Director decides and the result is made public. Source: Lai Châu plan, "
        "KH-20 to KH-24.",
        [Lane("so-tttt", "Sở Thông tin và Truyền thông", "Runs the hotline, verifies, decides and publishes "
              "the results (KH-20, KH-21, KH-23, KH-24)."),
         Lane("cong-an", "Công an tỉnh", "Provincial Police: impersonated journalists; takes part in the "
              "inspection (KH-22, KH-23)."),
         Lane("hoi-nha-bao", "Hội Nhà báo tỉnh", "The Journalists' Association takes part in the "
              "inspection on professional ethics (KH-23)."),
         Lane(INSPECTORATE, "Thanh tra Sở TTTT", "The Department Inspectorate inspects (KH-23).")],
        starters=f"so-tttt,{INSPECTORATE}")
    p.node("startEvent", "received", "Tiếp nhận phản ánh qua đường dây nóng", "A complaint reaches the "
           "public hotline by phone or e-mail. KH-20.", "so-tttt", 0)
    p.script("init", "Khởi tạo hồ sơ, thời hạn", "Complaint number and deadline lengths with defaults: "
             "verify_days (5 working days), inspection_days (15), reminder_days (3), decision_days (5), "
             "publish_days (2). KH-20, KH-23.", "so-tttt", 1, code="""
complaint_number = value_of("complaint_number", "") or "KN-" + now().strftime("%Y%m%d%H%M%S")
verify_days = int(value_of("verify_days", 5))
inspection_days = int(value_of("inspection_days", 15))
reminder_days = int(value_of("reminder_days", 3))
decision_days = int(value_of("decision_days", 5))
publish_days = int(value_of("publish_days", 2))
received_at = iso(now())
verify_due = working_days(verify_days)
""")
    p.user("intake", "Ghi nhận nội dung phản ánh", "Record the complaint", "KH-20.", "so-tttt", 2, fields=[
        choice("channel", "Kênh tiếp nhận", "Channel", [
            ("phone", "Điện thoại đường dây nóng", "hotline phone"), ("email", "Thư điện tử", "e-mail")],
            radio=True),
        text("complainant_name", "Họ tên người phản ánh", "Complainant's name (may stay anonymous)",
             required=False, max_len=200),
        text("complainant_phone", "Số điện thoại liên hệ", "Contact phone", required=False, max_len=20,
             pattern="^\\+?[0-9 .-]{8,20}$"),
        text("complainant_email", "Thư điện tử liên hệ", "Contact e-mail", required=False, max_len=200,
             email=True),
        choice("category", "Nội dung phản ánh về", "What the complaint is about", CATEGORIES),
        text("press_agency", "Cơ quan báo chí / người bị phản ánh", "Press agency or person complained "
             "about", min_len=2, max_len=250),
        area("complaint_text", "Nội dung phản ánh", "The complaint")],
        dueDate="${verify_due}")
    p.script("check_intake", "Kiểm tra thông tin liên hệ", "A complaint needs a phone number or an e-mail "
             "address to answer the complainant. KH-20.", "so-tttt", 3, code="""
if not (str(value_of("complainant_phone", "")).strip() or str(value_of("complainant_email", "")).strip()):
    raise ValueError("complainant_phone or complainant_email is required to answer the complainant")
""")
    p.user("verify", "Xác minh nội dung phản ánh", "Verify the complaint (press card, facts)", "KH-21.",
           "so-tttt", 4, fields=[
               choice("press_card", "Kết quả kiểm tra thẻ nhà báo", "Press card check", [
                   ("valid", "Có thẻ nhà báo hợp lệ", "valid press card"),
                   ("none", "Không có thẻ nhà báo", "no press card"),
                   ("invalid", "Thẻ giả, hết hạn hoặc bị thu hồi", "forged, expired or withdrawn card"),
                   ("not_applicable", "Không liên quan", "not applicable")]),
               choice("verification_result", "Kết luận xác minh", "Finding", [
                   ("unfounded", "Phản ánh không có cơ sở", "unfounded"),
                   ("impersonation", "Mạo danh nhà báo", "impersonated journalist"),
                   ("violation", "Có dấu hiệu vi phạm, cần thanh tra", "suspected violation: inspect")],
                   radio=True),
               area("verification_notes", "Căn cứ xác minh", "Evidence and notes")],
           dueDate="${verify_due}")
    p.node("exclusiveGateway", "finding_gw", "Kết quả xác minh?", "Which way the finding sends the "
           "complaint. KH-21 to KH-23.", "so-tttt", 5)
    p.script("check_impersonation", "Xác nhận không có thẻ nhà báo hợp lệ", "Impersonation means no valid "
             "press card was found. KH-22.", "cong-an", 6, code="""
if press_card == "valid":
    raise ValueError("a journalist with a valid press card is not impersonated: choose another finding")
""")
    p.user("police", "Công an tỉnh xử lý hành vi mạo danh nhà báo", "Provincial Police deal with the "
           "impersonation", "KH-22.", "cong-an", 7, fields=[
               text("police_ref", "Số hồ sơ Công an", "Police case number", min_len=1, max_len=50),
               choice("police_action", "Biện pháp xử lý", "Action taken", [
                   ("criminal", "Khởi tố vụ án", "criminal proceedings"),
                   ("administrative", "Xử phạt vi phạm hành chính", "administrative fine"),
                   ("warning", "Cảnh cáo, nhắc nhở", "warning")]),
               area("police_result", "Kết quả xử lý", "Outcome")])
    p.node("endEvent", "police_done", "Đã chuyển Công an xử lý", "Ended: Police dealt with the "
           "impersonation. KH-22.", "cong-an", 7, 1)
    p.script("open_inspection", "Ấn định thời hạn thanh tra", "The inspection deadline (inspection_days "
             "working days) and its reminder (reminder_days before). KH-23.", INSPECTORATE, 7, code="""
inspection_due = working_days(inspection_days)
inspection_remind_at = add_working_days(inspection_due, -reminder_days)
""")
    p.node("subProcess", "inspection", "Thanh tra, kiểm tra", "Inspection by the Department Inspectorate "
           "with Police and the Journalists' Association. KH-23.", INSPECTORATE, 8)
    p.node("startEvent", "inspection_start", "Bắt đầu thanh tra", "The inspection starts.", INSPECTORATE, 8,
           parent="inspection")
    due = "${inspection_due}"
    p.user("inspection_plan", "Ban hành quyết định thanh tra", "Issue the inspection decision", "KH-23.",
           INSPECTORATE, 9, fields=[
               text("inspection_ref", "Số quyết định thanh tra", "Inspection decision number", min_len=1,
                    max_len=50),
               area("inspection_scope", "Nội dung, phạm vi thanh tra", "Scope of the inspection")],
           candidateGroups=INSPECTORATE, dueDate=due)
    p.node("parallelGateway", "inspection_fork", "Phối hợp thanh tra", "Police and the Journalists' "
           "Association take part. KH-23.", INSPECTORATE, 10, parent="inspection")
    p.user("police_input", "Công an tỉnh phối hợp thanh tra", "Police give their findings", "KH-23.",
           "cong-an", 11, fields=[area("police_opinion", "Ý kiến của Công an", "Police findings")],
           candidateGroups="cong-an", dueDate=due)
    p.user("association_input", "Hội Nhà báo cho ý kiến về đạo đức nghề nghiệp", "The Journalists' "
           "Association gives its view on professional ethics", "KH-23.", "hoi-nha-bao", 11, fields=[
               choice("ethics_breach", "Vi phạm đạo đức nghề nghiệp?", "Breach of professional ethics?", [
                   ("yes", "Có", "yes"), ("no", "Không", "no")], radio=True),
               area("association_opinion", "Ý kiến của Hội Nhà báo", "The Association's view")],
           candidateGroups="hoi-nha-bao", dueDate=due)
    p.node("parallelGateway", "inspection_join", "Đủ ý kiến phối hợp", "Both have answered. KH-23.",
           INSPECTORATE, 12, parent="inspection")
    p.user("conclusion", "Kết luận thanh tra", "Conclude the inspection", "KH-23.", INSPECTORATE, 13,
           fields=[
               choice("inspection_finding", "Kết luận", "Finding", [
                   ("violation", "Có vi phạm", "violation found"),
                   ("no_violation", "Không vi phạm", "no violation")], radio=True),
               area("conclusion_text", "Nội dung kết luận thanh tra", "Inspection conclusion", min_len=20)],
           candidateGroups=INSPECTORATE, dueDate=due)
    p.node("endEvent", "inspection_done", "Đã kết luận thanh tra", "Inspection concluded.", INSPECTORATE,
           14, parent="inspection")
    for node_id in ("inspection_plan", "police_input", "association_input", "conclusion"):
        p.nodes[node_id].parent = "inspection"
    p.timer("inspection_remind", "Nhắc hạn thanh tra", "Reminder reminder_days working days before the "
            "inspection deadline. KH-23.", "inspection", "timeDate", "inspection_remind_at", slot=1)
    p.timer("inspection_overdue", "Quá hạn thanh tra", "The inspection deadline passed: the Director "
            "takes it up, the inspection goes on. KH-23.", "inspection", "timeDate", "inspection_due")
    p.script("note_reminder", "Gửi nhắc hạn", "Record the reminder (delivery by connector, issue 5). "
             "KH-23.", INSPECTORATE, 14, 2, code="reminders_sent = int(value_of('reminders_sent', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", INSPECTORATE, 15, 2)
    p.user("escalate", "Giám đốc Sở chỉ đạo thanh tra quá hạn", "The Director acts on the overdue "
           "inspection", "KH-23.", "so-tttt", 14, 1, fields=[
               area("escalation_instruction", "Chỉ đạo của Giám đốc Sở", "The Director's instruction")],
           priority="90")
    p.node("endEvent", "escalated", "Đã chỉ đạo", "Escalation handled.", "so-tttt", 15, 1)
    p.user("decision", "Giám đốc Sở ra quyết định xử lý", "The Director decides", "KH-23.", "so-tttt", 15,
           fields=[
               choice("decision", "Quyết định", "Decision", [
                   ("sanction", "Xử phạt vi phạm hành chính", "administrative sanction"),
                   ("warning", "Nhắc nhở, yêu cầu khắc phục", "warning, correction required"),
                   ("no_violation", "Không vi phạm, kết thúc", "no violation, close")], radio=True),
               text("decision_ref", "Số quyết định / văn bản", "Decision number", min_len=1, max_len=50),
               area("decision_text", "Nội dung quyết định", "The decision")],
           dueDate="${working_days(decision_days)}", priority="70")
    p.node("exclusiveGateway", "decision_gw", "Có vi phạm?", "A sanction or warning is made public; no "
           "violation is answered to the complainant. KH-23, KH-24.", "so-tttt", 16)
    p.user("publish_results", "Công khai kết quả xử lý", "Make the result public", "KH-24.", "so-tttt", 17,
           fields=[
               text("results_url", "Đường dẫn công khai kết quả", "Address where the result is published",
                    pattern="^https?://\\S+$"),
               area("public_summary", "Nội dung công khai", "What is published")],
           dueDate="${working_days(publish_days)}")
    p.node("endEvent", "published", "Đã công khai kết quả xử lý", "Ended: decided and made public. "
           "KH-24.", "so-tttt", 18)
    p.user("answer_complainant", "Trả lời người phản ánh", "Answer the complainant", "KH-21, KH-24.",
           "so-tttt", 17, 2, fields=[
               choice("answer_channel", "Hình thức trả lời", "Channel", [
                   ("phone", "Điện thoại", "phone"), ("email", "Thư điện tử", "e-mail"),
                   ("letter", "Văn bản", "letter")]),
               area("answer_text", "Nội dung trả lời", "The answer")],
           dueDate="${working_days(publish_days)}")
    p.node("endEvent", "answered", "Đã trả lời người phản ánh", "Ended: no ground or no violation; the "
           "complainant is answered. KH-21, KH-24.", "so-tttt", 18, 2)
    f = p.flow
    f("received", "init")
    f("init", "intake")
    f("intake", "check_intake")
    f("check_intake", "verify")
    f("verify", "finding_gw")
    f("finding_gw", "check_impersonation", "Mạo danh", 'verification_result == "impersonation"',
      "Impersonated journalist: to Police.")
    f("finding_gw", "open_inspection", "Thanh tra", 'verification_result == "violation"',
      "Suspected violation: inspect.")
    f("finding_gw", "answer_complainant", "Không có cơ sở", default=True, doc="Unfounded.")
    f("check_impersonation", "police")
    f("police", "police_done")
    f("open_inspection", "inspection")
    f("inspection_start", "inspection_plan")
    f("inspection_plan", "inspection_fork")
    f("inspection_fork", "police_input")
    f("inspection_fork", "association_input")
    f("police_input", "inspection_join")
    f("association_input", "inspection_join")
    f("inspection_join", "conclusion")
    f("conclusion", "inspection_done")
    f("inspection_remind", "note_reminder")
    f("note_reminder", "reminded")
    f("inspection_overdue", "escalate")
    f("escalate", "escalated")
    f("inspection", "decision")
    f("decision", "decision_gw")
    f("decision_gw", "answer_complainant", "Không vi phạm", 'decision == "no_violation"', "No violation.")
    f("decision_gw", "publish_results", "Xử lý", default=True, doc="Sanction or warning.")
    f("publish_results", "published")
    f("answer_complainant", "answered")
    return p
