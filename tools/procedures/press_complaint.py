"""press_complaint: a complaint about press activity on the Department's hotline (Lai Châu plan KH II.4),
received and verified by the press office with Thanh tra Sở, Police and the Journalists' Association
asked; an impersonated journalist is reported to VP UBND, Police and Sở TTTT (CT 7.b); a suspected
violation is inspected through press_inspection; the complainant is answered on every path."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each
from tools.escalation import late
from tools.formfields import area, choice, many, text

PRESS_OFFICE = '${org_unit("press_office")}'
CATEGORIES = [("impersonation", "Mạo danh nhà báo, phóng viên", "impersonating a journalist"),
              ("extortion", "Lợi dụng hoạt động báo chí để sách nhiễu, trục lợi", "harassment or extortion"),
              ("false_information", "Thông tin sai sự thật", "false information"),
              ("ethics", "Vi phạm đạo đức nghề nghiệp", "breach of professional ethics"),
              ("other", "Khác", "other")]
CONSULTED = [("police_security", "Công an tỉnh", "Provincial Police"),
             ("journalists", "Hội Nhà báo tỉnh", "Provincial Journalists' Association")]


def _clause(p: Process, node_id: str, clause: str) -> None:
    p.nodes[node_id].props = {"clause": clause}


def build() -> Process:
    p = Process(
        "press_complaint", "Tiếp nhận, xử lý thông tin phản ánh về báo chí qua đường dây nóng",
        "A complaint about press activity reaches the Department's public hotline (phone or e-mail). The "
        "press office (Phòng Thông tin - Báo chí - Xuất bản) records and verifies it with Thanh tra Sở, "
        "asking Police and the Journalists' Association as needed. An impersonated journalist is reported "
        "to VP UBND, Police and Sở TTTT; a suspected violation is inspected (press_inspection); the "
        "complainant is answered whatever the outcome. Source: KH II.4, KH II.5, CT 7.b.",
        [Lane("so-tttt-ttbcxb", "Phòng Thông tin - Báo chí - Xuất bản (Sở TTTT)", "Runs the hotline, "
              "verifies and answers the complainant (KH II.4).", None),
         Lane("don-vi-phoi-hop", "Đơn vị phối hợp xác minh", "Thanh tra Sở coordinates; Police and the "
              "Journalists' Association are asked (KH II.4).", None),
         Lane("bao-tin-mao-danh", "Văn phòng UBND tỉnh, Công an tỉnh, Sở TTTT", "Told of an impersonated "
              "journalist (CT 7.b).", None),
         Lane("lanh-dao-so", "Lãnh đạo Sở TTTT", "The Department's leaders take up a late verification.",
              None),
         Lane("cap-tren", "Cấp trên của đơn vị", "Takes up a late step (tools/escalation.py).", None)],
        starters="so-tttt-ttbcxb,so-tttt")
    office, coord, notice, lead = "so-tttt-ttbcxb", "don-vi-phoi-hop", "bao-tin-mao-danh", "lanh-dao-so"
    p.node("startEvent", "received", "Tiếp nhận phản ánh qua đường dây nóng", "A complaint reaches the "
           "public hotline by phone or e-mail. KH II.4.", office, 0, props={"clause": "KH II.4"})
    p.script("init", "Khởi tạo hồ sơ, thời hạn", "Complaint number and deadline lengths with defaults: "
             "verify_days (5 working days), answer_days (2), notice_days (1). KH II.4.", office, 1,
             props={"clause": "KH II.4"}, code="""
complaint_number = value_of("complaint_number", "") or "KN-" + now().strftime("%Y%m%d%H%M%S")
verify_days = int(value_of("verify_days", 5))
answer_days = int(value_of("answer_days", 2))
notice_days = int(value_of("notice_days", 1))
received_at = iso(now())
verify_due = working_days(verify_days)
""")
    p.user("intake", "Ghi nhận nội dung phản ánh", "Record the complaint", "KH II.4.", office, 2, fields=[
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
        area("complaint_text", "Nội dung phản ánh", "The complaint"),
        many("consulted", "Đề nghị phối hợp xác minh (ngoài Thanh tra Sở)", "Also ask (besides Thanh tra "
             "Sở)", CONSULTED, required=False)],
        candidateGroups=PRESS_OFFICE, dueDate="${verify_due}")
    _clause(p, "intake", "KH II.4")
    p.script("check_intake", "Kiểm tra thông tin liên hệ, lập danh sách phối hợp", "A complaint needs a "
             "phone number or an e-mail address to answer the complainant; Thanh tra Sở always "
             "coordinates the verification, Police and the Journalists' Association when asked. KH II.4.",
             office, 3, props={"clause": "KH II.4"}, code="""
if not (str(value_of("complainant_phone", "")).strip() or str(value_of("complainant_email", "")).strip()):
    raise ValueError("complainant_phone or complainant_email is required to answer the complainant")
consultations = [{"group": org_unit("inspectorate"), "role": "inspectorate"}]
consultations += [{"group": org_unit(f), "role": f} for f in list(value_of("consulted", []) or [])]
""")
    p.node("subProcess", "consult", "Phối hợp xác minh", "Each unit asked gives its view on the "
           "complaint by verify_due. KH II.4.", coord, 4, body=each("consultations", "consultation"),
           props={"clause": "KH II.4"})
    inner = {"parent": "consult"}
    p.node("startEvent", "consult_start", "Đề nghị phối hợp", "A unit is asked.", coord, 4, **inner)
    p.user("consult_input", "Phối hợp xác minh nội dung phản ánh", "Give the unit's view on the "
           "complaint", "KH II.4.", coord, 5, fields=[
               area("consult_opinion", "Ý kiến phối hợp", "The unit's view")],
           candidateGroups='${consultation["group"]}', dueDate="${verify_due}")
    p.nodes["consult_input"].parent = "consult"
    _clause(p, "consult_input", "KH II.4")
    p.script("consult_keep", "Ghi nhận ý kiến", "Keep the view in its item.", coord, 6,
             code='consultation["opinion"] = consult_opinion', **inner)
    p.node("endEvent", "consult_end", "Đã cho ý kiến", "The unit has answered.", coord, 7, **inner)
    p.user("verify", "Kết luận xác minh nội dung phản ánh", "Conclude the verification (press card, "
           "facts)", "KH II.4.", office, 8, fields=[
               choice("press_card", "Kết quả kiểm tra thẻ nhà báo", "Press card check", [
                   ("valid", "Có thẻ nhà báo hợp lệ", "valid press card"),
                   ("none", "Không có thẻ nhà báo", "no press card"),
                   ("invalid", "Thẻ giả, hết hạn hoặc bị thu hồi", "forged, expired or withdrawn card"),
                   ("not_applicable", "Không liên quan", "not applicable")]),
               choice("verification_result", "Kết luận xác minh", "Finding", [
                   ("unfounded", "Phản ánh không có cơ sở", "unfounded"),
                   ("impersonation", "Mạo danh nhà báo, phóng viên", "impersonated journalist"),
                   ("violation", "Có dấu hiệu vi phạm, cần thanh tra", "suspected violation: inspect")],
                   radio=True),
               area("verification_notes", "Căn cứ xác minh", "Evidence and notes")],
           candidateGroups=PRESS_OFFICE, dueDate="${verify_due}")
    _clause(p, "verify", "KH II.4")
    p.timer("verify_overdue", "Quá hạn xác minh", "verify_due passed: the Department's leaders take it "
            "up, the work goes on. KH II.4.", "verify", "timeDate", "verify_due")
    p.user("escalate", "Lãnh đạo Sở chỉ đạo xác minh quá hạn", "The Department's leaders act on the late "
           "verification", "KH II.4.", lead, 10, 1, fields=[
               area("escalation_instruction", "Chỉ đạo của Lãnh đạo Sở", "The leaders' instruction")],
           candidateGroups='${leaders(org_unit("dept_ict"))}', dueDate="${working_days(1)}", priority="90")
    _clause(p, "escalate", "KH II.4")
    p.node("endEvent", "escalated", "Đã chỉ đạo", "Escalation handled.", lead, 11, 1)
    p.script("note_late", "Ghi nhận quá hạn", "The late unit (the press office), counted per agency.", lead,
             9, 1, props={"clause": "KH II.4", "tally": "escalation", "tallyAgency": "late_unit"},
             code='late_unit = org_unit("press_office")')
    p.node("exclusiveGateway", "finding_gw", "Kết quả xác minh?", "Which way the finding sends the "
           "complaint.", office, 9)
    p.script("check_impersonation", "Xác nhận không có thẻ nhà báo hợp lệ", "Impersonation means no valid "
             "press card was found. CT 7.b.", notice, 10, props={"clause": "CT 7.b"}, code="""
if press_card == "valid":
    raise ValueError("a journalist with a valid press card is not impersonated: choose another finding")
""")
    p.node("parallelGateway", "notify_fork", "Thông báo mạo danh", "VP UBND, Police and Sở TTTT are told "
           "to coordinate. CT 7.b.", notice, 11, props={"clause": "CT 7.b"})
    p.user("police", "Công an tỉnh xử lý hành vi mạo danh nhà báo", "Police deal with the impersonation",
           "CT 7.b, CT 4.b.", notice, 12, fields=[
               text("police_ref", "Số hồ sơ Công an", "Police case number", min_len=1, max_len=50),
               choice("police_action", "Biện pháp xử lý", "Action taken", [
                   ("criminal", "Khởi tố vụ án", "criminal proceedings"),
                   ("administrative", "Xử phạt vi phạm hành chính", "administrative fine"),
                   ("warning", "Cảnh cáo, nhắc nhở", "warning")]),
               area("police_result", "Kết quả xử lý", "Outcome")],
           candidateGroups='${org_unit("police_security")}', dueDate="${working_days(10)}")
    _clause(p, "police", "CT 7.b, CT 4.b")
    p.user("notify_vp", "Văn phòng UBND tỉnh tiếp nhận thông báo mạo danh", "VP UBND takes note of the "
           "impersonation", "CT 7.b.", notice, 12, 1, fields=[
               area("vp_note", "Ghi nhận, biện pháp phối hợp", "What VP UBND notes and does")],
           candidateGroups='${org_unit("portal_office")}', dueDate="${working_days(notice_days)}")
    _clause(p, "notify_vp", "CT 7.b")
    p.user("notify_tttt", "Sở TTTT tiếp nhận thông báo mạo danh", "Sở TTTT takes note of the "
           "impersonation", "CT 7.b.", notice, 12, 2, fields=[
               area("tttt_note", "Ghi nhận, biện pháp phối hợp", "What Sở TTTT notes and does")],
           candidateGroups='${leaders(org_unit("dept_ict"))}', dueDate="${working_days(notice_days)}")
    _clause(p, "notify_tttt", "CT 7.b")
    p.node("parallelGateway", "notify_join", "Đã phối hợp xử lý", "All three have acted.", notice, 13)
    p.script("ask_inspection", "Đề nghị thanh tra", "The inspection's subject and reason. KH II.5.",
             office, 10, 2, code="""
inspection_source = "complaint"
inspection_reason = "Phản ánh qua đường dây nóng số " + complaint_number + ": " + complaint_text
""")
    p.node("callActivity", "inspect", "Thanh tra, kiểm tra hoạt động báo chí", "Call press_inspection "
           "for the suspected violation. KH II.4, KH II.5.", office, 11, 2,
           attrs={"calledElement": "press_inspection"}, props={"clause": "KH II.4, KH II.5"})
    p.user("answer_complainant", "Trả lời người phản ánh", "Answer the complainant", "KH II.4.", office,
           14, fields=[
               choice("answer_channel", "Hình thức trả lời", "Channel", [
                   ("phone", "Điện thoại", "phone"), ("email", "Thư điện tử", "e-mail"),
                   ("letter", "Văn bản", "letter")]),
               area("answer_text", "Nội dung trả lời", "The answer")],
           candidateGroups=PRESS_OFFICE, dueDate="${working_days(answer_days)}")
    _clause(p, "answer_complainant", "KH II.4")
    p.node("exclusiveGateway", "outcome_gw", "Kết quả xử lý?", "Which outcome the answered complaint "
           "had (the periodic report counts them).", office, 15)
    p.node("endEvent", "answered", "Đã trả lời người phản ánh", "Ended: unfounded or no violation; the "
           "complainant is answered. KH II.4.", office, 16)
    p.node("endEvent", "police_done", "Đã thông báo Công an xử lý mạo danh, đã trả lời", "Ended: the "
           "impersonation went to Police, VP UBND and Sở TTTT; the complainant is answered. CT 7.b.",
           office, 16, 1)
    p.node("endEvent", "published", "Đã xử lý, công khai vi phạm, đã trả lời", "Ended: the violation was "
           "inspected and made public; the complainant is answered. KH II.4, KH I.2.", office, 16, 2)
    f = p.flow
    f("received", "init")
    f("init", "intake")
    f("intake", "check_intake")
    f("check_intake", "consult")
    f("consult_start", "consult_input")
    f("consult_input", "consult_keep")
    f("consult_keep", "consult_end")
    f("consult", "verify")
    f("verify_overdue", "note_late")
    f("note_late", "escalate")
    f("escalate", "escalated")
    f("verify", "finding_gw")
    f("finding_gw", "check_impersonation", "Mạo danh", 'verification_result == "impersonation"',
      "Impersonated journalist.")
    f("finding_gw", "ask_inspection", "Thanh tra", 'verification_result == "violation"',
      "Suspected violation: inspect.")
    f("finding_gw", "answer_complainant", "Không có cơ sở", default=True, doc="Unfounded.")
    f("check_impersonation", "notify_fork")
    f("notify_fork", "police")
    f("notify_fork", "notify_vp")
    f("notify_fork", "notify_tttt")
    f("police", "notify_join")
    f("notify_vp", "notify_join")
    f("notify_tttt", "notify_join")
    f("notify_join", "answer_complainant")
    f("ask_inspection", "inspect")
    f("inspect", "answer_complainant")
    f("answer_complainant", "outcome_gw")
    f("outcome_gw", "police_done", "Mạo danh", 'verification_result == "impersonation"')
    f("outcome_gw", "published", "Vi phạm", 'verification_result == "violation" and '
      'inspection_finding == "violation"')
    f("outcome_gw", "answered", "Không vi phạm", default=True)
    late(p, "answer_complainant", 'org_unit("press_office")', "cap-tren", 0, "KH II.4")
    return p
