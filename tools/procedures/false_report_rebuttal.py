"""false_report_rebuttal: verify, route by a decision table, respond, follow up (CT-7 to CT-10)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import area, choice, text

UNIT = "${unit}"
FINDINGS = [("false", "Sai sự thật", "false"), ("distorted", "Xuyên tạc", "distorted"),
            ("slanderous", "Vu khống", "slanderous"), ("misleading", "Gây hiểu nhầm", "misleading"),
            ("security", "Liên quan an ninh, trật tự", "security-related"),
            ("beyond_authority", "Vượt thẩm quyền của đơn vị", "beyond the unit's authority"),
            ("accurate", "Thông tin chính xác", "accurate")]


def build() -> Process:
    p = Process(
        "false_report_rebuttal", "Phản hồi, cải chính thông tin sai sự thật trên báo chí",
        "Rebut false or distorted reporting: the unit verifies the article, a decision table routes the "
        "finding, a written response goes to the press agency at once with a copy to Sở TTTT, security "
        "matters go to Police, matters beyond authority become a dossier; follow up until corrected. "
        "Source: Đồng Nai directive, CT-7 to CT-10.",
        [Lane("so-tttt", "Sở Thông tin và Truyền thông", "Receives the copy of every response and follows "
              "up uncorrected reports (CT-7, CT-10)."),
         Lane("don-vi-lien-quan", "Đơn vị liên quan", "The unit the article concerns (variable unit): "
              "verifies and responds (CT-7).", None),
         Lane("cong-an", "Công an tỉnh", "Provincial Police: security-related matters (CT-8)."),
         Lane("ubnd-tinh", "Cấp có thẩm quyền (Lãnh đạo UBND tỉnh)", "The competent authority for "
              "matters beyond the unit's authority (CT-9).")],
        starters="so-tttt,so-y-te,vp-ubnd,cong-an,ubnd-bien-hoa,ubnd-long-khanh",
        messages={"msg_correction_published": "correction_published"})
    p.node("startEvent", "flagged", "Phát hiện thông tin sai sự thật", "An article is flagged: by daily "
           "monitoring, a complaint or by hand (variable source). CT-7.", "so-tttt", 0)
    p.script("init", "Khởi tạo hồ sơ, thời hạn", "Case number and deadline lengths with defaults: "
             "response_days (1: at once), correction_days (5), reminder_days (2). CT-7, CT-10.", "so-tttt", 1,
             code="""
unit = value_of("unit", "so-tttt")
source = value_of("source", "manual")
case_number = value_of("case_number", "") or "PB-" + now().strftime("%Y%m%d%H%M%S")
response_days = int(value_of("response_days", 1))
correction_days = int(value_of("correction_days", 5))
reminder_days = int(value_of("reminder_days", 2))
chases = 0
""")
    p.user("verify", "Xác minh nội dung thông tin", "Verify the article", "CT-7.", "don-vi-lien-quan", 2,
           fields=[text("article_url", "Đường dẫn bài viết", "Article address", pattern="^https?://\\S+$"),
                   text("press_agency", "Cơ quan báo chí", "Press agency", min_len=2, max_len=200),
                   choice("finding", "Kết luận xác minh", "Finding", FINDINGS),
                   area("verification_notes", "Căn cứ xác minh", "Evidence and notes")],
           candidateGroups=UNIT, dueDate="${working_days(response_days)}")
    p.node("businessRuleTask", "classify", "Phân loại hướng xử lý", "Decision table rebuttal_route "
           "(processes/false_report_rebuttal.dmn) maps the finding to respond / police / dossier / close. "
           "CT-7 to CT-9.", "don-vi-lien-quan", 3, attrs={"camunda:decisionRef": "rebuttal_route"})
    p.node("exclusiveGateway", "route_gw", "Hướng xử lý?", "Which route the decision gave. CT-7 to CT-9.",
           "don-vi-lien-quan", 4)
    p.user("respond", "Gửi văn bản phản hồi tới cơ quan báo chí, đồng gửi Sở TTTT", "Send the written "
           "response to the press agency at once, copying Sở TTTT", "CT-7.", "don-vi-lien-quan", 5, fields=[
               text("response_ref", "Số văn bản phản hồi", "Response letter number", min_len=1, max_len=50),
               area("response_text", "Nội dung phản hồi, đề nghị cải chính",
                    "Response and correction asked")],
           candidateGroups=UNIT, dueDate="${working_days(response_days)}", priority="80")
    p.user("copy_received", "Tiếp nhận bản sao, theo dõi việc cải chính", "Sở TTTT receives the copy and "
           "follows up", "CT-7, CT-10.", "so-tttt", 6, fields=[
               area("tttt_note", "Ghi chú theo dõi", "Follow-up note", required=False),
               choice("press_agency_level", "Cơ quan báo chí thuộc", "Press agency is", [
                   ("local", "Báo chí địa phương", "local press"),
                   ("central", "Báo chí trung ương", "central press")])])
    p.node("receiveTask", "await_correction", "Chờ cơ quan báo chí cải chính", "Wait for the message "
           "correction_published for this case_number. CT-10.", "don-vi-lien-quan", 7,
           attrs={"messageRef": "msg_correction_published"}, props={"correlationKey": "case_number"})
    p.timer("remind", "Nhắc cải chính", "Reminder after reminder_days working days. CT-10.",
            "await_correction", "timeDate", "working_days(reminder_days)", slot=1)
    p.timer("no_correction", "Quá hạn cải chính", "No correction within correction_days working days: "
            "escalate to Sở TTTT. CT-10.", "await_correction", "timeDate", "working_days(correction_days)",
            interrupting=True)
    p.script("note_reminder", "Gửi nhắc cơ quan báo chí", "Record the reminder (delivery by connector, "
             "issue 5). CT-10.", "don-vi-lien-quan", 8, 1, code="chases = int(value_of('chases', 0)) + 1")
    p.node("endEvent", "reminded", "Đã nhắc", "Reminder recorded.", "don-vi-lien-quan", 9, 1)
    p.node("endEvent", "corrected", "Đã cải chính", "Ended: the press agency published the correction. "
           "CT-10.", "don-vi-lien-quan", 9)
    p.user("escalate", "Sở TTTT xử lý việc chưa cải chính", "Sở TTTT acts on the missing correction",
           "CT-10.", "so-tttt", 8, fields=[
               choice("escalation_action", "Biện pháp", "Action", [
                   ("wait_more", "Tiếp tục đôn đốc, chờ cải chính", "chase again and keep waiting"),
                   ("close_uncorrected", "Kết thúc, chuyển thanh tra xử lý", "close, refer to inspection")]),
               area("escalation_note", "Nội dung xử lý", "What was done")], priority="90")
    p.node("exclusiveGateway", "escalation_gw", "Tiếp tục chờ?", "Keep waiting for the correction? CT-10.",
           "so-tttt", 9)
    p.node("endEvent", "uncorrected", "Kết thúc: chưa cải chính, chuyển thanh tra", "Ended without "
           "correction, referred to the Inspectorate. CT-10.", "so-tttt", 10)
    p.user("police", "Công an tỉnh xử lý vấn đề an ninh", "Provincial Police handle the security matter",
           "CT-8.", "cong-an", 5, fields=[
               text("police_ref", "Số hồ sơ Công an", "Police case number", min_len=1, max_len=50),
               area("police_conclusion", "Kết quả xử lý", "Outcome")])
    p.node("endEvent", "police_done", "Đã chuyển Công an xử lý", "Ended: handled by Police. CT-8.",
           "cong-an", 6)
    p.user("dossier", "Lập hồ sơ báo cáo cấp có thẩm quyền", "Compile a dossier for the competent "
           "authority", "CT-9.", "so-tttt", 5, 1, fields=[
               text("dossier_ref", "Số hồ sơ", "Dossier number", min_len=1, max_len=50),
               area("dossier_summary", "Tóm tắt, đề xuất", "Summary and proposal")])
    p.user("authority", "Cấp có thẩm quyền cho ý kiến xử lý", "The competent authority decides",
           "CT-9.", "ubnd-tinh", 6, fields=[
               area("authority_decision", "Ý kiến chỉ đạo", "Decision")])
    p.node("endEvent", "authority_done", "Đã báo cáo cấp có thẩm quyền", "Ended: decided by the competent "
           "authority. CT-9.", "ubnd-tinh", 7)
    p.node("endEvent", "accurate", "Thông tin chính xác: không phản bác", "Ended: the article is accurate, "
           "nothing to rebut.", "don-vi-lien-quan", 5, 1)
    f = p.flow
    f("flagged", "init")
    f("init", "verify")
    f("verify", "classify")
    f("classify", "route_gw")
    f("route_gw", "respond", "Phản hồi", 'route == "respond"', "False, distorted, slanderous, misleading.")
    f("route_gw", "police", "Công an", 'route == "police"', "Security-related.")
    f("route_gw", "dossier", "Hồ sơ", 'route == "dossier"', "Beyond the unit's authority.")
    f("route_gw", "accurate", "Chính xác", default=True, doc="Accurate.")
    f("respond", "copy_received")
    f("copy_received", "await_correction")
    f("await_correction", "corrected")
    f("remind", "note_reminder")
    f("note_reminder", "reminded")
    f("no_correction", "escalate")
    f("escalate", "escalation_gw")
    f("escalation_gw", "await_correction", "Chờ tiếp", 'escalation_action == "wait_more"', "Keep waiting.")
    f("escalation_gw", "uncorrected", "Kết thúc", default=True, doc="Close uncorrected.")
    f("police", "police_done")
    f("dossier", "authority")
    f("authority", "authority_done")
    return p
