"""press_inspection: the Department Inspectorate's inspection of press activity (Lai Châu plan KH II.5,
KH III.5, KH I.2): called from a hotline complaint or an uncorrected rebuttal, or started each year as a
planned inspection; coordinated with the units the plan lists; a matter that is complex or beyond the
Inspectorate's authority becomes a dossier for the competent agency; every violation is made public."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.escalation import late
from tools.formfields import DECISION, area, choice, many, text

INSPECTORATE = '${org_unit("inspectorate")}'
CHIEF = '${leaders(org_unit("inspectorate"))}'
DIRECTOR = '${leaders(org_unit("dept_ict"))}'
# The units KH II.5 lists as coordinating the inspection: function (org_unit) or "districts".
COORDINATORS = [
    ("journalists", "Hội Nhà báo tỉnh", "Provincial Journalists' Association"),
    ("districts", "UBND, Phòng Văn hóa - Thông tin các huyện, thành phố", "district People's Committees "
     "and their culture and information offices"),
    ("party_press", "Phòng Tuyên truyền - Báo chí - Xuất bản (Ban Tuyên giáo Tỉnh ủy)", "the Party "
     "Propaganda Department's press unit"),
    ("police_security", "Phòng An ninh chính trị nội bộ (Công an tỉnh)", "Police PA03, internal political "
     "security"),
    ("police_cyber", "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (Công an tỉnh)",
     "Police PA05, cyber security and high-tech crime"),
    ("press_office", "Phòng Thông tin - Báo chí - Xuất bản (Sở TTTT)", "the Department's press office")]
# Competent agencies a dossier may go to: a function of the organisation, or an agency outside it.
RECIPIENTS = [
    ("competent_decider", "Lãnh đạo UBND tỉnh (qua Văn phòng UBND tỉnh)", "the Provincial People's "
     "Committee, through its Office"),
    ("police_security", "Công an tỉnh (Phòng An ninh chính trị nội bộ)", "Provincial Police (PA03)"),
    ("party_press", "Ban Tuyên giáo Tỉnh ủy", "the Party Propaganda Department"),
    ("journalists", "Hội Nhà báo tỉnh", "the Journalists' Association"),
    ("external", "Cơ quan ngoài tỉnh (Cục Báo chí, cơ quan chủ quản…)", "an agency outside the province "
     "(Press Authority, governing body…)")]


def build() -> Process:
    p = Process(
        "press_inspection", "Thanh tra, kiểm tra hoạt động báo chí",
        "Thanh tra Sở inspects press activity: called by a hotline complaint (press_complaint) or an "
        "uncorrected article (false_report_rebuttal), or started each year for the planned inspection of "
        "press agencies' principles and purposes. The units the plan lists coordinate; the conclusion is "
        "approved by the Inspectorate's leader (not its drafter); a complex matter or one beyond the "
        "Inspectorate's authority becomes a dossier for a named competent agency; every violation is made "
        "public. Source: Lai Châu plan KH II.5, KH III.5, KH I.2.",
        [Lane("thanh-tra-so", "Thanh tra Sở", "Thanh tra Sở Thông tin và Truyền thông leads the inspection "
              "(KH II.5, KH III.5).", None),
         Lane("lanh-dao-thanh-tra", "Lãnh đạo Thanh tra Sở", "The Chief Inspector and deputies approve "
              "the conclusion; the Department's leaders take up a late inspection.", None),
         Lane("don-vi-phoi-hop", "Đơn vị phối hợp", "The units the plan lists coordinate (KH II.5).", None),
         Lane("co-quan-chuc-nang", "Cơ quan có thẩm quyền", "The competent agency a dossier goes to "
              "(KH II.5).", None),
         Lane("cap-tren", "Cấp trên của đơn vị", "Takes up a late step (tools/escalation.py).", None)],
        starters="so-tttt-thanh-tra")
    lane, chief, coord, comp = "thanh-tra-so", "lanh-dao-thanh-tra", "don-vi-phoi-hop", "co-quan-chuc-nang"
    p.node("startEvent", "inspection_called", "Yêu cầu thanh tra, kiểm tra", "Called by a complaint or an "
           "uncorrected article, or started by hand (variables inspection_source, press_agency, "
           "inspection_reason). KH II.5.", lane, 0, props={"clause": "KH II.5"})
    p.node("startEvent", "inspection_yearly", "Thanh tra theo kế hoạch hằng năm", "Yearly timer, 15 "
           "January 08:00: the planned inspection of the press agencies, representative offices and "
           "resident reporters' principles and purposes. KH II.5.", lane, 0, 1,
           props={"clause": "KH II.5"}, **timer_start("inspection_yearly", "R/2026-01-15T08:00:00+07:00/P1Y"))
    p.script("inspection_init", "Khởi tạo hồ sơ thanh tra, thời hạn", "Source (planned when started by "
             "the timer), subject and deadline lengths with defaults: inspection_plan_days (5 working "
             "days), inspection_days (15), inspection_publish_days (3), inspection_dossier_days (10). "
             "KH II.5.", lane, 1, props={"clause": "KH II.5"}, code="""
inspection_source = value_of("inspection_source", "planned")
planned_subject = "Các cơ quan báo chí, văn phòng đại diện, phóng viên thường trú"
inspection_subject = value_of("press_agency", "") or planned_subject
planned_reason = "Thanh tra việc thực hiện tôn chỉ, mục đích theo kế hoạch"
inspection_reason = value_of("inspection_reason", "") or planned_reason
del planned_subject, planned_reason
inspection_number = "TTr-" + now().strftime("%Y%m%d%H%M%S")
inspection_plan_days = int(value_of("inspection_plan_days", 5))
inspection_days = int(value_of("inspection_days", 15))
inspection_publish_days = int(value_of("inspection_publish_days", 3))
inspection_dossier_days = int(value_of("inspection_dossier_days", 10))
inspection_due = working_days(inspection_days)
""")
    p.user("inspection_plan", "Ban hành quyết định thanh tra, xác định đơn vị phối hợp", "Issue the "
           "inspection decision and name the coordinating units", "KH II.5.", lane, 2, fields=[
               text("inspection_ref", "Số quyết định thanh tra", "Inspection decision number", min_len=1,
                    max_len=50),
               area("inspection_scope", "Nội dung, phạm vi thanh tra", "Scope of the inspection"),
               many("inspection_coordinators", "Đơn vị phối hợp", "Coordinating units", COORDINATORS,
                    required=False),
               text("inspection_districts", "Mã các huyện, thành phố liên quan (cách nhau bởi dấu phẩy)",
                    "Codes of the districts concerned, comma-separated", required=False, max_len=500)],
           candidateGroups=INSPECTORATE, dueDate="${working_days(inspection_plan_days)}")
    p.nodes["inspection_plan"].props = {"clause": "KH II.5, KH III.5"}
    p.script("inspection_coord_list", "Lập danh sách đơn vị phối hợp", "One coordination request per "
             "unit chosen; districts by their culture and information office; a district code must be one "
             "of the organisation's districts. KH II.5.", lane, 3, props={"clause": "KH II.5"}, code="""
chosen = list(value_of("inspection_coordinators", []) or [])
districts = [d.strip() for d in str(value_of("inspection_districts", "") or "").split(",") if d.strip()]
known = org_groups("district")
unknown = [d for d in districts if d not in known]
if unknown:
    raise ValueError(f"inspection_districts: {unknown[0]!r} is not a district of the organisation")
if districts and "districts" not in chosen:
    raise ValueError("inspection_districts: choose 'districts' among the coordinating units")
if "districts" in chosen and not districts:
    raise ValueError("inspection_districts: name the districts concerned")
inspection_coordination = [{"group": org_unit(f), "role": f} for f in chosen if f != "districts"]
inspection_coordination += [{"group": d + "-vhtt", "role": "districts"} for d in districts]
inspection_coordination_count = len(inspection_coordination)
del chosen, districts, known, unknown
""")
    p.node("exclusiveGateway", "inspection_coord_gw", "Có đơn vị phối hợp?", "Any coordinating unit? "
           "KH II.5.", lane, 4)
    p.node("subProcess", "inspection_coordination", "Các đơn vị phối hợp thanh tra", "Each coordinating "
           "unit gives its findings within inspection_due. KH II.5, KH III.2, KH III.3.", coord, 5,
           body=each("inspection_coordination", "inspection_coordinator"),
           props={"clause": "KH II.5, KH III.2, KH III.3"})
    inner = {"parent": "inspection_coordination"}
    p.node("startEvent", "inspection_coord_start", "Đề nghị phối hợp", "A unit is asked.", coord, 5, **inner)
    p.user("inspection_coordinate", "Phối hợp thanh tra, cho ý kiến", "Take part in the inspection and "
           "give findings", "KH II.5.", coord, 6, fields=[
               area("coordination_opinion", "Ý kiến, kết quả phối hợp", "Findings of the coordinating unit")],
           candidateGroups='${inspection_coordinator["group"]}', dueDate="${inspection_due}")
    p.nodes["inspection_coordinate"].parent = "inspection_coordination"
    p.nodes["inspection_coordinate"].props = {"clause": "KH II.5, KH III.2, KH III.3, CT 4.a, CT 6.a"}
    p.script("inspection_coord_keep", "Ghi nhận ý kiến phối hợp", "Keep the unit's findings in its item.",
             coord, 7, code='inspection_coordinator["opinion"] = coordination_opinion', **inner)
    p.node("endEvent", "inspection_coord_end", "Đã cho ý kiến", "The unit has answered.", coord, 8, **inner)
    p.user("inspection_conclude", "Dự thảo kết luận thanh tra, biện pháp xử lý", "Draft the inspection "
           "conclusion and the measure", "KH II.5, KH III.5.", lane, 9, fields=[
               choice("inspection_finding", "Kết luận", "Finding", [
                   ("violation", "Có vi phạm", "violation found"),
                   ("no_violation", "Không vi phạm", "no violation")], radio=True),
               choice("inspection_authority", "Thẩm quyền xử lý", "Authority", [
                   ("within", "Thuộc thẩm quyền của Thanh tra Sở", "within the Inspectorate's authority"),
                   ("beyond", "Phức tạp, vượt quá thẩm quyền: lập hồ sơ đề nghị cơ quan chức năng",
                    "complex or beyond authority: dossier to the competent agency")], radio=True),
               choice("inspection_measure", "Biện pháp xử lý", "Measure", [
                   ("sanction", "Xử phạt vi phạm hành chính", "administrative sanction"),
                   ("correction", "Yêu cầu khắc phục, cải chính", "correction required"),
                   ("warning", "Nhắc nhở, chấn chỉnh", "warning"),
                   ("none", "Không áp dụng", "none")]),
               area("inspection_conclusion", "Nội dung kết luận thanh tra", "Inspection conclusion",
                    min_len=20)],
           candidateGroups=INSPECTORATE, dueDate="${inspection_due}")
    p.nodes["inspection_conclude"].props = {"clause": "KH II.5, KH III.5"}
    p.timer("inspection_overdue", "Quá hạn thanh tra", "inspection_due passed: the Department's leaders "
            "take it up, the inspection goes on. KH II.5.", "inspection_conclude", "timeDate",
            "inspection_due")
    p.user("escalate_inspection", "Lãnh đạo Sở chỉ đạo thanh tra quá hạn", "The Department's leaders act "
           "on the late inspection", "KH II.5.", chief, 11, 1, fields=[
               area("inspection_instruction", "Chỉ đạo của Lãnh đạo Sở", "The leaders' instruction")],
           candidateGroups=DIRECTOR, dueDate="${working_days(1)}", priority="90")
    p.nodes["escalate_inspection"].props = {"clause": "KH II.5"}
    p.node("endEvent", "inspection_escalated", "Đã chỉ đạo", "Escalation handled.", chief, 12, 1)
    p.script("inspection_note_late", "Ghi nhận quá hạn", "The late unit (Thanh tra Sở), counted per agency.",
             chief, 10, 1, props={"clause": "KH II.5", "tally": "escalation", "tallyAgency": "late_unit"},
             code='late_unit = org_unit("inspectorate")')
    p.user("inspection_approve", "Lãnh đạo Thanh tra Sở phê duyệt kết luận", "The Inspectorate's leader "
           "approves the conclusion (not its drafter)", "KH II.5, KH III.5.", chief, 10, fields=[
               choice("inspection_approval", "Ý kiến phê duyệt", "Decision", DECISION, radio=True),
               area("inspection_approval_note", "Ý kiến", "Comment", required=False)],
           candidateGroups=CHIEF, dueDate="${working_days(2)}", priority="70")
    p.nodes["inspection_approve"].props = {"clause": "KH II.5, KH III.5", "fourEyes": "inspection_conclude"}
    p.node("exclusiveGateway", "inspection_approve_gw", "Phê duyệt?", "Approved or sent back.", chief, 11)
    p.node("exclusiveGateway", "inspection_authority_gw", "Vượt thẩm quyền?", "Complex or beyond the "
           "Inspectorate's authority? KH II.5.", lane, 12)
    p.user("inspection_dossier", "Lập hồ sơ đề nghị cơ quan chức năng xử lý", "Compile the dossier for the "
           "competent agency", "KH II.5.", lane, 13, 1, fields=[
               text("inspection_dossier_ref", "Số hồ sơ, văn bản đề nghị", "Dossier number", min_len=1,
                    max_len=50),
               choice("inspection_recipient", "Cơ quan có thẩm quyền nhận hồ sơ", "Competent agency",
                      RECIPIENTS),
               text("inspection_recipient_name", "Tên cơ quan nhận (nếu ngoài tỉnh)", "Agency's name when "
                    "outside the province", required=False, max_len=200),
               area("inspection_dossier_summary", "Tóm tắt hồ sơ, đề xuất", "Summary and proposal")],
           candidateGroups=INSPECTORATE, dueDate="${working_days(inspection_dossier_days)}")
    p.nodes["inspection_dossier"].props = {"clause": "KH II.5"}
    p.script("inspection_route_dossier", "Xác định nơi nhận hồ sơ", "The recipient's group in the "
             "organisation; an agency outside it must be named. KH II.5.", lane, 14, 1,
             props={"clause": "KH II.5"}, code="""
if inspection_recipient == "external":
    if not str(value_of("inspection_recipient_name", "")).strip():
        raise ValueError("inspection_recipient_name is required for an agency outside the province")
    inspection_recipient_group = ""
else:
    inspection_recipient_group = org_unit(inspection_recipient)
""")
    p.node("exclusiveGateway", "inspection_recipient_gw", "Nơi nhận trong tỉnh?", "Is the recipient in "
           "the organisation?", lane, 15, 1)
    p.user("inspection_dossier_receive", "Tiếp nhận hồ sơ, xử lý theo thẩm quyền", "The competent agency "
           "receives the dossier and handles it", "KH II.5.", comp, 16, fields=[
               area("inspection_handling", "Kết quả xử lý của cơ quan có thẩm quyền", "How the competent "
                    "agency handled it")],
           candidateGroups="${inspection_recipient_group}",
           dueDate="${working_days(inspection_dossier_days)}")
    p.nodes["inspection_dossier_receive"].props = {"clause": "KH II.5"}
    p.node("exclusiveGateway", "inspection_violation_gw", "Có vi phạm?", "Every violation is made public, "
           "whatever started the inspection. KH I.2.", lane, 17)
    p.user("inspection_publish", "Công khai kết quả xử lý vi phạm", "Make the result public", "KH I.2.",
           lane, 18, fields=[
               text("inspection_results_url", "Đường dẫn công khai kết quả", "Address where the result is "
                    "published", pattern="^https?://\\S+$"),
               area("inspection_public_summary", "Nội dung công khai", "What is published")],
           candidateGroups=INSPECTORATE, dueDate="${working_days(inspection_publish_days)}")
    p.nodes["inspection_publish"].props = {"clause": "KH I.2"}
    p.node("endEvent", "inspection_published", "Đã công khai kết quả xử lý vi phạm", "Ended: violation "
           "handled and made public. KH I.2.", lane, 19)
    p.node("endEvent", "inspection_no_violation", "Kết luận không vi phạm", "Ended: no violation found.",
           lane, 18, 1)
    f = p.flow
    f("inspection_called", "inspection_init")
    f("inspection_yearly", "inspection_init")
    f("inspection_init", "inspection_plan")
    f("inspection_plan", "inspection_coord_list")
    f("inspection_coord_list", "inspection_coord_gw")
    f("inspection_coord_gw", "inspection_coordination", "Có", "inspection_coordination_count > 0")
    f("inspection_coord_gw", "inspection_conclude", "Không", default=True)
    f("inspection_coord_start", "inspection_coordinate")
    f("inspection_coordinate", "inspection_coord_keep")
    f("inspection_coord_keep", "inspection_coord_end")
    f("inspection_coordination", "inspection_conclude")
    f("inspection_conclude", "inspection_approve")
    f("inspection_overdue", "inspection_note_late")
    f("inspection_note_late", "escalate_inspection")
    f("escalate_inspection", "inspection_escalated")
    f("inspection_approve", "inspection_approve_gw")
    f("inspection_approve_gw", "inspection_conclude", "Yêu cầu sửa", 'inspection_approval == "revise"')
    f("inspection_approve_gw", "inspection_authority_gw", "Phê duyệt", default=True)
    f("inspection_authority_gw", "inspection_dossier", "Vượt thẩm quyền", 'inspection_authority == "beyond"')
    f("inspection_authority_gw", "inspection_violation_gw", "Thuộc thẩm quyền", default=True)
    f("inspection_dossier", "inspection_route_dossier")
    f("inspection_route_dossier", "inspection_recipient_gw")
    f("inspection_recipient_gw", "inspection_dossier_receive", "Trong tỉnh", "inspection_recipient_group")
    f("inspection_recipient_gw", "inspection_violation_gw", "Ngoài tỉnh", default=True)
    f("inspection_dossier_receive", "inspection_violation_gw")
    f("inspection_violation_gw", "inspection_publish", "Có vi phạm", 'inspection_finding == "violation"')
    f("inspection_violation_gw", "inspection_no_violation", "Không vi phạm", default=True)
    f("inspection_publish", "inspection_published")
    late(p, "inspection_approve", 'leaders(org_unit("inspectorate"))', "cap-tren", 0, "KH II.5",
         above='leaders(org_unit("dept_ict"))')
    late(p, "inspection_publish", 'org_unit("inspectorate")', "cap-tren", 1, "KH I.2")
    return p
