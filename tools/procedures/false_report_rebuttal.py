"""false_report_rebuttal: verify a press article, route the finding by a decision table, answer with a
written "phản hồi, cải chính" approved by a unit leader after the secrecy review, copy Sở TTTT in
parallel, follow up the correction and start an inspection when none comes (CT 1.e; KH II.5, III.2,
III.4, III.5)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.escalation import late
from tools.formfields import DECISION, area, choice, text

UNIT = "${unit}"
PRESS_OFFICE = '${org_unit("press_office")}'
FINDINGS = [("false", "Sai sự thật", "false"), ("distorted", "Xuyên tạc", "distorted"),
            ("slanderous", "Vu khống", "slanderous"), ("insulting", "Xúc phạm uy tín", "insulting the "
            "reputation"), ("misleading", "Gây hiểu nhầm", "misleading"),
            ("security", "Sai sự thật liên quan an ninh, trật tự", "false and security-related"),
            ("beyond_authority", "Vượt thẩm quyền của đơn vị", "beyond the unit's authority"),
            ("accurate", "Thông tin chính xác", "accurate")]
MEDIA = [("press", "Báo in, báo điện tử", "newspaper or online press"),
         ("e_news", "Trang thông tin điện tử", "e-news site"),
         ("social_media", "Mạng xã hội", "social media")]


def _clause(p: Process, node_id: str, clause: str, **more: str) -> None:
    p.nodes[node_id].props = {"clause": clause, **more}


def build() -> Process:
    p = Process(
        "false_report_rebuttal", "Phản hồi, cải chính thông tin báo chí sai sự thật",
        "The unit an article concerns verifies it; a decision table routes the finding. False, distorted, "
        "slanderous, insulting or misleading reporting gets a written response (phản hồi, cải chính) at "
        "once: drafted by the unit, reviewed for secrecy, approved by a unit leader who did not draft it, "
        "sent to the press agency, and copied to Sở TTTT for monitoring in a parallel branch with its own "
        "due date. Security matters also get the response and the copy, while Police coordinate with "
        "Thanh tra Sở. An accurate report is handled within the unit's authority and the press is told. "
        "An article still uncorrected after follow-up starts the inspection procedure. Source: CT 1.e; "
        "KH II.5, KH III.2, KH III.4, KH III.5.",
        [Lane("don-vi-lien-quan", "Đơn vị liên quan", "The unit the article concerns (variable unit): "
              "verifies, drafts and sends the response (CT 1.e).", None),
         Lane("lanh-dao-don-vi", "Lãnh đạo đơn vị", "The unit's head or deputy: approves the response, "
              "takes up a late verification (CT 1.e).", None),
         Lane("so-tttt-ttbcxb", "Phòng Thông tin - Báo chí - Xuất bản (Sở TTTT)", "Receives the copy, "
              "follows up the correction, advises on the uncorrected article (CT 1.e, KH III.4).", None),
         Lane("an-ninh", "Công an tỉnh và Thanh tra Sở", "Police (PA03/PA05) coordinate with Thanh tra Sở "
              "on security matters (KH III.2).", None),
         Lane("cap-tham-quyen", "Cấp có thẩm quyền", "Decides a matter beyond the unit's authority.", None),
         Lane("cap-tren", "Cấp trên của đơn vị", "Takes up a late step (tools/escalation.py).", None)],
        messages={"msg_correction_published": "correction_published"})
    unit, lead, office, sec, comp = ("don-vi-lien-quan", "lanh-dao-don-vi", "so-tttt-ttbcxb", "an-ninh",
                                     "cap-tham-quyen")
    p.node("startEvent", "flagged", "Phát hiện thông tin báo chí sai sự thật", "An article is flagged: by "
           "daily monitoring, a complaint or by hand (variables unit, source, article_url, press_agency).",
           unit, 0, props={"clause": "CT 1.e"})
    p.script("init", "Khởi tạo hồ sơ, thời hạn", "Case number and deadline lengths with defaults: "
             "response_days (1: at once), copy_days (2), correction_days (5), reminder_days (2), "
             "handling_days (10); for a district, its Phòng Văn hóa - Thông tin drafts the response "
             "with it (KH III.6). CT 1.e.", unit, 1, props={"clause": "CT 1.e"}, code="""
unit = value_of("unit", "so-tttt")
source = value_of("source", "manual")
case_number = value_of("case_number", "") or "PB-" + now().strftime("%Y%m%d%H%M%S")
response_days = int(value_of("response_days", 1))
copy_days = int(value_of("copy_days", 2))
correction_days = int(value_of("correction_days", 5))
reminder_days = int(value_of("reminder_days", 2))
handling_days = int(value_of("handling_days", 10))
chases = 0
drafters = [unit] + ([unit + "-vhtt"] if unit in org_groups("district") else [])
""")
    p.user("verify", "Kiểm tra, xác minh thông tin báo chí phản ánh", "Check and verify what the article "
           "reports", "CT 1.e.", unit, 2, fields=[
               text("article_url", "Đường dẫn bài viết", "Article address", pattern="^https?://\\S+$"),
               text("press_agency", "Cơ quan báo chí", "Press agency", min_len=2, max_len=200),
               choice("medium", "Loại hình", "Medium", MEDIA, required=False, default="press"),
               choice("finding", "Kết luận xác minh", "Finding", FINDINGS),
               area("verification_notes", "Căn cứ xác minh", "Evidence and notes")],
           candidateGroups=UNIT, dueDate="${working_days(response_days)}")
    _clause(p, "verify", "CT 1.e")
    p.timer("verify_overdue", "Quá hạn xác minh", "The verification is late: the unit's leaders take it "
            "up, the work goes on. CT 1.e.", "verify", "timeDate", "working_days(response_days)")
    p.user("escalate_verify", "Lãnh đạo đơn vị chỉ đạo xác minh quá hạn", "The unit's leaders act on the "
           "late verification", "CT 1.e.", lead, 4, 2, fields=[
               area("escalation_instruction", "Chỉ đạo", "Instruction")],
           candidateGroups="${leaders(unit)}", dueDate="${working_days(1)}", priority="90")
    _clause(p, "escalate_verify", "CT 1.e")
    p.node("endEvent", "verify_escalated", "Đã chỉ đạo", "Escalation handled.", lead, 5, 2)
    p.script("note_late_verify", "Ghi nhận quá hạn", "The late unit, counted per agency.", lead, 3, 2,
             props={"clause": "CT 1.e", "tally": "escalation", "tallyAgency": "late_unit"},
             code="late_unit = unit")
    p.node("businessRuleTask", "classify", "Phân loại hướng xử lý", "Decision table rebuttal_route "
           "(processes/false_report_rebuttal.dmn) maps the finding to respond / security / dossier / "
           "accurate. CT 1.e.", unit, 3, attrs={"camunda:decisionRef": "rebuttal_route"},
           props={"clause": "CT 1.e"})
    p.node("exclusiveGateway", "route_gw", "Hướng xử lý?", "Which route the decision gave.", unit, 4)
    # Security: the written response and the copy as for any false report, and Police with Thanh tra Sở.
    p.script("security_open", "Xác định đơn vị Công an phối hợp", "PA05 (cyber security) for online "
             "media, PA03 (internal political security) for the press. KH III.2.", sec, 5,
             props={"clause": "KH III.2, CT 4.b"}, code="""
online = value_of("medium", "press") in ("e_news", "social_media")
police_group = org_unit("police_cyber") if online else org_unit("police_security")
del online
""")
    p.node("parallelGateway", "security_fork", "Phản hồi và phối hợp Công an", "The response goes on while "
           "Police and Thanh tra Sở deal with the security matter. CT 1.e, KH III.2.", sec, 6)
    p.user("police", "Công an tỉnh phối hợp xử lý thông tin sai sự thật", "Police deal with the false "
           "security-related information with Thanh tra Sở", "KH III.2, CT 4.b.", sec, 7, fields=[
               text("police_ref", "Số hồ sơ Công an", "Police case number", min_len=1, max_len=50),
               area("police_conclusion", "Kết quả xử lý", "Outcome")],
           candidateGroups="${police_group}", dueDate="${working_days(handling_days)}")
    _clause(p, "police", "KH III.2, CT 4.a, CT 4.b")
    p.user("inspectorate_security", "Thanh tra Sở phối hợp với Công an xử lý", "Thanh tra Sở coordinates "
           "with Police", "KH III.2, KH III.5.", sec, 7, 1, fields=[
               area("inspectorate_note", "Kết quả phối hợp", "Coordination outcome")],
           candidateGroups='${org_unit("inspectorate")}', dueDate="${working_days(handling_days)}")
    _clause(p, "inspectorate_security", "KH III.2, KH III.5, CT 4.a")
    p.node("parallelGateway", "security_join", "Đã phối hợp xử lý", "Police and Thanh tra Sở are done.",
           sec, 8)
    p.node("endEvent", "security_done", "Đã phối hợp xử lý vấn đề an ninh", "Police and Thanh tra Sở "
           "handled the security matter. KH III.2.", sec, 9)
    # The written response: drafted, reviewed for secrecy, approved, sent, within response_days.
    p.node("subProcess", "response", "Phản hồi bằng văn bản", "Draft, secrecy review, a leader's "
           "approval and sending, at once (response_days); late: the unit's leaders, then the level above "
           "the unit. CT 1.e.", unit, 7, 1, props={"clause": "CT 1.e"})
    p.node("startEvent", "response_start", "Bắt đầu phản hồi", "The response is to be written.", unit,
           6.4, 1, parent="response")
    p.user("draft_response", "Dự thảo văn bản phản hồi, cải chính", "Draft the written response asking "
           "for a correction", "CT 1.e.", unit, 7, 1, fields=[
               area("response_text", "Nội dung phản hồi, đề nghị cải chính", "Response and correction "
                    "asked")],
           candidateGroups="${drafters}", dueDate="${working_days(response_days)}", priority="80")
    _clause(p, "draft_response", "CT 1.e, KH III.6")
    p.script("prepare_release", "Chuẩn bị rà soát bí mật", "The release for the secrecy review.", unit, 8,
             1, code='release_kind = "rebuttal"\nrelease_text = response_text', parent="response")
    p.node("callActivity", "secrecy", "Rà soát bảo vệ bí mật nhà nước", "The shared secrecy review "
           "before the response is released. CT 1.a.", unit, 9, 1,
           attrs={"calledElement": "secrecy_review"}, props={"clause": "CT 1.a"}, parent="response")
    p.node("exclusiveGateway", "release_gw", "Được phát hành?", "Refused by the review: redraft.", unit,
           10, 1, parent="response")
    p.user("approve_response", "Lãnh đạo đơn vị duyệt văn bản phản hồi", "A unit leader approves the "
           "response (not its drafter)", "CT 1.e.", unit, 11, 1, fields=[
               choice("approval", "Ý kiến phê duyệt", "Decision", DECISION, radio=True),
               area("approval_comment", "Ý kiến", "Comment", required=False)],
           candidateGroups="${leaders(unit)}", dueDate="${working_days(response_days)}", priority="80")
    _clause(p, "approve_response", "CT 1.e", fourEyes="draft_response")
    p.node("exclusiveGateway", "approval_gw", "Phê duyệt?", "Approved or sent back.", unit, 12, 1,
           parent="response")
    p.user("send_response", "Gửi văn bản phản hồi tới cơ quan báo chí, đồng gửi Sở TTTT", "Send the "
           "written response to the press agency at once, copying Sở TTTT", "CT 1.e.", unit, 13, 1, fields=[
               text("response_ref", "Số văn bản phản hồi", "Response letter number", min_len=1, max_len=50)],
           candidateGroups=UNIT, dueDate="${working_days(response_days)}", priority="80")
    _clause(p, "send_response", "CT 1.e")
    p.node("endEvent", "response_end", "Đã gửi văn bản phản hồi", "The response is sent.", unit, 13.6, 1,
           parent="response")
    for node_id in ("draft_response", "approve_response", "send_response"):
        p.nodes[node_id].parent = "response"
    p.timer("response_overdue", "Quá hạn phản hồi", "Not sent within response_days: the unit's leaders "
            "are asked to act, the work goes on. CT 1.e.", "response", "timeDate",
            "working_days(response_days)")
    p.timer("response_overdue_above", "Quá hạn, chuyển cấp trên", "Still not sent a working day later: "
            "VP UBND's and Sở TTTT's leaders. CT 1.e.", "response", "timeDate",
            "working_days(response_days + 1)", slot=1)
    for level, col_row in (("", (12, 0)), ("_above", (12, 1))):
        col, row = col_row
        p.script(f"note_late_response{level}", "Ghi nhận quá hạn" if not level else "Chuyển cấp trên",
                 "The late unit, counted per agency" + (
                     "; the level above: VP UBND's and Sở TTTT's leaders, never the unit's own." if level
                     else "."), lead, col, row,
                 props={"clause": "CT 1.e", "tally": "escalation", "tallyAgency": "late_unit"}, code="""
late_unit = unit
escalation_groups = [g for g in (org_unit("competent_decider"), leaders(org_unit("dept_ict")))
                     if g != leaders(unit)] or org_groups("province")
""")
    p.user("escalate_response", "Lãnh đạo đơn vị chỉ đạo phản hồi quá hạn", "The unit's leaders act on "
           "the late response", "CT 1.e.", lead, 13, 0, fields=[
               area("response_instruction", "Chỉ đạo của lãnh đạo đơn vị", "Instruction")],
           candidateGroups="${leaders(unit)}", dueDate="${working_days(1)}", priority="90")
    _clause(p, "escalate_response", "CT 1.e")
    p.user("escalate_response_above", "Lãnh đạo Văn phòng UBND tỉnh, Sở TTTT đôn đốc phản hồi quá hạn",
           "VP UBND's and Sở TTTT's leaders press for the late response", "CT 1.e.", lead, 13, 1, fields=[
               area("response_above_instruction", "Ý kiến chỉ đạo", "Instruction to the unit")],
           candidateGroups="${escalation_groups}", dueDate="${working_days(1)}", priority="95")
    _clause(p, "escalate_response_above", "CT 1.e")
    p.node("endEvent", "response_escalated", "Đã chỉ đạo", "Escalation handled.", lead, 14, 0)
    p.node("endEvent", "response_escalated_above", "Đã đôn đốc", "Escalation above the unit handled.",
           lead, 14, 1)
    p.node("parallelGateway", "copy_fork", "Đồng gửi Sở TTTT", "The copy to Sở TTTT is its own branch: "
           "the case does not wait for it. CT 1.e.", unit, 14.4, 1)
    p.user("copy_received", "Tiếp nhận bản đồng gửi để theo dõi, tổng hợp", "Sở TTTT receives the copy "
           "for monitoring and reporting", "CT 1.e, KH III.4.", office, 15, fields=[
               choice("press_agency_level", "Cơ quan báo chí thuộc", "Press agency is", [
                   ("local", "Báo chí địa phương", "local press"),
                   ("central", "Báo chí trung ương", "central press")]),
               area("tttt_note", "Ghi chú theo dõi", "Follow-up note", required=False)],
           candidateGroups=PRESS_OFFICE, dueDate="${working_days(copy_days)}")
    _clause(p, "copy_received", "CT 1.e, KH III.4")
    p.node("endEvent", "copy_filed", "Sở TTTT đã theo dõi, tổng hợp", "The copy is filed.", office, 16)
    p.node("receiveTask", "await_correction", "Chờ cơ quan báo chí cải chính", "Wait for the message "
           "correction_published for this case_number. CT 1.e.", unit, 15, 1,
           attrs={"messageRef": "msg_correction_published"},
           props={"correlationKey": "case_number", "clause": "CT 1.e"})
    p.timer("remind", "Nhắc cải chính", "Reminder after reminder_days working days. CT 1.e.",
            "await_correction", "timeDate", "working_days(reminder_days)", slot=1)
    p.timer("no_correction", "Quá hạn cải chính", "No correction within correction_days working days: "
            "the press office follows up. KH III.4.", "await_correction", "timeDate",
            "working_days(correction_days)", interrupting=True)
    p.script("note_reminder", "Gửi nhắc cơ quan báo chí", "Record the reminder (delivery by connector).",
             unit, 16, 2, code="chases = int(value_of('chases', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", unit, 17, 2)
    p.node("endEvent", "corrected", "Đã cải chính", "The press agency published the correction.",
           unit, 17, 1)
    p.user("escalate_correction", "Tham mưu xử lý bài viết chưa cải chính", "The press office advises "
           "on the uncorrected article", "KH III.4.", office, 16, 1, fields=[
               choice("follow_up_action", "Biện pháp", "Action", [
                   ("wait_more", "Tiếp tục đôn đốc, chờ cải chính", "chase again and keep waiting"),
                   ("inspect", "Đề nghị Thanh tra Sở thanh tra, xử lý", "ask Thanh tra Sở to inspect")]),
               area("follow_up_note", "Nội dung xử lý", "What was done")],
           candidateGroups=PRESS_OFFICE, dueDate="${working_days(2)}", priority="90")
    _clause(p, "escalate_correction", "KH III.4")
    p.node("exclusiveGateway", "correction_gw", "Tiếp tục chờ?", "Keep waiting or inspect.", office, 17, 1)
    p.script("ask_inspection", "Chuyển hồ sơ thanh tra", "The inspection's subject and reason.", office,
             18, 1, code="""
inspection_source = "rebuttal"
inspection_reason = "Cơ quan báo chí không cải chính thông tin sai sự thật (hồ sơ " + case_number + ")"
""")
    p.node("callActivity", "inspect", "Thanh tra, kiểm tra hoạt động báo chí", "Call press_inspection "
           "for the uncorrected article. KH II.5, KH III.5.", office, 19, 1,
           attrs={"calledElement": "press_inspection"}, props={"clause": "KH II.5, KH III.5"})
    p.node("endEvent", "inspected", "Đã thanh tra, xử lý bài viết chưa cải chính", "The inspection ended.",
           office, 20, 1)
    # Beyond the unit's authority, and an accurate article.
    p.user("dossier", "Lập hồ sơ báo cáo cấp có thẩm quyền", "Compile a dossier for the competent "
           "authority", "CT 1.e.", unit, 5, 3, fields=[
               text("dossier_ref", "Số hồ sơ", "Dossier number", min_len=1, max_len=50),
               area("dossier_summary", "Tóm tắt, đề xuất", "Summary and proposal")],
           candidateGroups=UNIT, dueDate="${working_days(handling_days)}")
    _clause(p, "dossier", "CT 1.e")
    p.user("authority", "Cấp có thẩm quyền cho ý kiến xử lý", "The competent authority decides",
           "CT 1.e.", comp, 6, fields=[area("authority_decision", "Ý kiến chỉ đạo", "Decision")],
           candidateGroups='${org_unit("competent_decider")}', dueDate="${working_days(handling_days)}")
    _clause(p, "authority", "CT 1.e")
    p.node("endEvent", "authority_done", "Đã báo cáo cấp có thẩm quyền", "Decided by the competent "
           "authority.", comp, 7)
    p.user("handle", "Giải quyết, xử lý theo thẩm quyền", "The article is accurate: deal with what it "
           "reports within the unit's authority", "CT 1.e.", unit, 5, 4, fields=[
               area("handling_result", "Kết quả giải quyết, xử lý", "What the unit did")],
           candidateGroups=UNIT, dueDate="${working_days(handling_days)}")
    _clause(p, "handle", "CT 1.e")
    p.user("inform_press", "Thông tin kết quả xử lý cho cơ quan báo chí", "Tell the press agency how it "
           "was handled", "CT 1.e.", unit, 6, 4, fields=[
               text("inform_ref", "Số văn bản / hình thức thông tin", "Letter number or how the press was "
                    "told", min_len=1, max_len=100)],
           candidateGroups=UNIT, dueDate="${working_days(2)}")
    _clause(p, "inform_press", "CT 1.e")
    p.node("endEvent", "accurate", "Thông tin chính xác: đã xử lý, thông tin cho báo chí", "The article "
           "was accurate: handled within the unit's authority, the press told.", unit, 7, 4)
    f = p.flow
    f("flagged", "init")
    f("init", "verify")
    f("verify_overdue", "note_late_verify")
    f("note_late_verify", "escalate_verify")
    f("escalate_verify", "verify_escalated")
    f("verify", "classify")
    f("classify", "route_gw")
    f("route_gw", "response", "Phản hồi, cải chính", 'route == "respond"',
      "False, distorted, slanderous, insulting, misleading.")
    f("route_gw", "security_open", "An ninh, trật tự", 'route == "security"', "Security-related.")
    f("route_gw", "dossier", "Vượt thẩm quyền", 'route == "dossier"', "Beyond the unit's authority.")
    f("route_gw", "handle", "Chính xác", default=True, doc="Accurate.")
    f("security_open", "security_fork")
    f("security_fork", "response")
    f("security_fork", "police")
    f("security_fork", "inspectorate_security")
    f("police", "security_join")
    f("inspectorate_security", "security_join")
    f("security_join", "security_done")
    f("response_start", "draft_response")
    f("draft_response", "prepare_release")
    f("prepare_release", "secrecy")
    f("secrecy", "release_gw")
    f("release_gw", "draft_response", "Không được phát hành", 'secrecy_decision == "refuse"')
    f("release_gw", "approve_response", "Phát hành", default=True)
    f("approve_response", "approval_gw")
    f("approval_gw", "draft_response", "Yêu cầu sửa", 'approval == "revise"')
    f("approval_gw", "send_response", "Phê duyệt", default=True)
    f("send_response", "response_end")
    f("response", "copy_fork")
    f("response_overdue", "note_late_response")
    f("note_late_response", "escalate_response")
    f("escalate_response", "response_escalated")
    f("response_overdue_above", "note_late_response_above")
    f("note_late_response_above", "escalate_response_above")
    f("escalate_response_above", "response_escalated_above")
    f("copy_fork", "copy_received")
    f("copy_fork", "await_correction")
    f("copy_received", "copy_filed")
    f("await_correction", "corrected")
    f("remind", "note_reminder")
    f("note_reminder", "reminded")
    f("no_correction", "escalate_correction")
    f("escalate_correction", "correction_gw")
    f("correction_gw", "await_correction", "Chờ tiếp", 'follow_up_action == "wait_more"')
    f("correction_gw", "ask_inspection", "Thanh tra", default=True)
    f("ask_inspection", "inspect")
    f("inspect", "inspected")
    f("dossier", "authority")
    f("authority", "authority_done")
    f("handle", "inform_press")
    f("inform_press", "accurate")
    late(p, "copy_received", 'org_unit("press_office")', "cap-tren", 0, "CT 1.e, KH III.4")
    return p
