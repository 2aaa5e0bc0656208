"""multi_agency_case: a complex case handled by a designated lead agency with Ban Tuyên giáo, VP UBND and
Sở TTTT (Đồng Nai directive, CT 1.a ¶2): regular press information while the case is open, each release
secrecy-reviewed and published on the unit's site and the provincial portal during the case (CT 1.b,
CT 1.d, CT 2.a, CT 2.b); the spokesperson speaks on a serious incident (CT 1.d)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import area, choice, text
from tools.procedures.releasing import AGENCIES, cite, due, escalation, publish, secrecy

LEAD = "${lead_agency}"
LEAD_LEADERS = "${leaders(lead_agency)}"
CODES = "^[a-z0-9-]+(, *[a-z0-9-]+)*$"
CHANNELS = [("press_release", "Thông cáo báo chí", "press release"),
            ("press_conference", "Họp báo", "press conference"),
            ("interview", "Trả lời phỏng vấn", "interview")]


def build() -> Process:
    p = Process(
        "multi_agency_case", "Xử lý vụ việc phức tạp liên quan nhiều cơ quan",
        "A complex case involving several agencies: the competent authority designates a lead agency; on a "
        "serious public-interest incident its spokesperson speaks at once; the lead agency coordinates with "
        "Ban Tuyên giáo, VP UBND, Sở TTTT and any further agencies to process the information, consolidate "
        "the reports and advise the competent authority; every update_every_days days while the case is "
        "open it informs the press. Every release (statement, update, result) is reviewed for secrets by "
        "the unit leader (secrecy_review), posted on the unit's site and, unless a reason is given, sent to "
        "the portal where the Chief of Office approves it (portal_publication), during the case. Source: "
        "Đồng Nai directive, CT 1.a, CT 1.b, CT 1.d, CT 2.a, CT 2.b.",
        [Lane("ubnd-tinh", "Lãnh đạo UBND tỉnh (cấp có thẩm quyền)", "The competent authority: designates "
                                                                     "the "
              "lead agency and decides on its advice."),
         Lane("vp-ubnd", "Văn phòng UBND tỉnh", "Reports the case and coordinates."),
         Lane("co-quan-chu-tri", "Cơ quan chủ trì", "The designated lead agency (variable lead_agency): its "
              "spokesperson informs the press, it coordinates, consolidates and advises.", None),
         Lane("lanh-dao-chu-tri", "Lãnh đạo cơ quan chủ trì", "The lead agency's head and deputies: secrecy "
              "review, the advice to the authority, escalations.", None),
         Lane("co-quan-phoi-hop", "Cơ quan phối hợp", "Ban Tuyên giáo, VP UBND, Sở TTTT and the further "
              "agencies the lead agency asks (one task each).", None)],
        starters="vp-ubnd,so-tttt,ban-tuyen-giao,ubnd-tinh")
    cite(p.node("startEvent", "reported", "Phát sinh vụ việc phức tạp", "A complex case involving several "
                "agencies arises.", "vp-ubnd", 0), "CT 1.a")
    cite(p.script("init", "Khởi tạo hồ sơ, thời hạn", "Case number, the agencies of the organisation and "
                  "deadline lengths with defaults: designation_days (1), statement_days (1), "
                  "coordination_days "
                  "(2), consolidation_days (5), update_every_days (2 calendar days between press updates), "
                  "update_days (1 working day to give an update).", "vp-ubnd", 1, code=f"""
case_number = value_of("case_number", "") or "VV-" + now().strftime("%Y%m%d%H%M%S")
agency_codes = {AGENCIES}
designation_days = int(value_of("designation_days", 1))
statement_days = int(value_of("statement_days", 1))
coordination_days = int(value_of("coordination_days", 2))
consolidation_days = int(value_of("consolidation_days", 5))
update_every_days = int(value_of("update_every_days", 2))
update_days = int(value_of("update_days", 1))
if update_every_days < 1:
    raise ValueError("update_every_days must be at least 1")
rounds = 0
updates_given = 0
"""), "CT 1.a")
    cite(p.user("report", "Báo cáo vụ việc, đề xuất cơ quan chủ trì", "Report the case and propose the lead "
                "agency", "Agency codes of the organisation.", "vp-ubnd", 2, fields=[
                    text("case_title", "Tên vụ việc", "Case title", min_len=5, max_len=250),
                    area("case_summary", "Tóm tắt vụ việc", "Summary of the case"),
                    choice("public_interest", "Mức độ quan tâm của dư luận", "Public interest", [
                        ("normal", "Bình thường", "normal"),
                        ("serious", "Nghiêm trọng, dư luận đặc biệt quan tâm", "serious public-interest "
                         "incident")], radio=True),
                    text("proposed_lead", "Đề xuất cơ quan chủ trì (mã đơn vị)",
                         "Proposed lead agency (code)",
                         pattern="^[a-z0-9-]+$", max_len=60)],
                dueDate=due("designation_days")), "CT 1.a")
    cite(p.user("designate", "Giao cơ quan chủ trì", "Designate the lead agency", "The competent authority "
                "decides.", "ubnd-tinh", 3, fields=[
                    text("lead_agency", "Cơ quan chủ trì (mã đơn vị)", "Lead agency (code)",
                         pattern="^[a-z0-9-]+$", max_len=60),
                    choice("serious_incident", "Vụ việc nghiêm trọng, dư luận quan tâm?", "Serious "
                           "public-interest incident: the spokesperson must speak", [
                               ("yes", "Có", "yes"), ("no", "Không", "no")], radio=True),
                    area("designation_note", "Ý kiến chỉ đạo", "Instructions", required=False)],
                dueDate=due("designation_days"), priority="80"), "CT 1.a")
    cite(p.script("check_lead", "Kiểm tra cơ quan chủ trì", "The lead agency is one of the organisation's "
                  "agencies.", "ubnd-tinh", 4, code="""
if lead_agency not in agency_codes + org_groups("party"):
    raise ValueError("lead_agency: " + lead_agency + " is not an agency of the organisation")
unit = lead_agency
"""), "CT 1.a")
    p.node("subProcess", "case_open", "Vụ việc đang xử lý", "The case is open: coordination, reports and "
           "advice, with regular press information until the competent authority closes it.",
           "co-quan-chu-tri", 5, props={"clause": "CT 1.a"})
    inner = {"parent": "case_open"}
    p.node("startEvent", "case_start", "Bắt đầu xử lý", "Handling starts.", "co-quan-chu-tri", 5, **inner)
    cite(p.node("exclusiveGateway", "is_serious", "Vụ việc nghiêm trọng?", "A serious public-interest "
                                                                           "incident "
                "needs the spokesperson to speak first.", "co-quan-chu-tri", 6, **inner), "CT 1.d")
    cite(p.user("statement", "Người phát ngôn phát ngôn, cung cấp thông tin cho báo chí", "The spokesperson "
                "(or the person authorised to speak) informs the press at once", "Người phát ngôn hoặc người "
                "được ủy quyền phát ngôn.", "co-quan-chu-tri", 7, 1, fields=[
                    text("spokesperson", "Người phát ngôn (tên đăng nhập)", "Spokesperson (user name)",
                         min_len=2, max_len=100, pattern="^[a-z0-9._-]+$"),
                    choice("statement_channel", "Hình thức phát ngôn", "Channel", CHANNELS),
                    area("statement_text", "Nội dung phát ngôn", "What is said")],
                candidateGroups=LEAD, dueDate=due("statement_days"), priority="85"), "CT 1.d")
    secrecy(p, "stmt", "lanh-dao-chu-tri", 8, 1, unit="lead_agency", kind="statement",
            text_of="statement_text",
            refused="statement", then="stmt_site", parent="case_open")
    publish(p, "stmt", "co-quan-chu-tri", 11, 1, unit="lead_agency", group=LEAD, kind="statement",
            title='"Phát ngôn: " + case_title', text_of="statement_text", then="plan", parent="case_open",
            clause="CT 1.b, CT 1.d, CT 2.a, CT 2.b")
    cite(p.user("plan", "Xác định cơ quan phối hợp, nội dung cần phối hợp", "Name the further coordinating "
                "agencies and what is asked of them", "Besides Ban Tuyên giáo, VP UBND and Sở TTTT.",
                "co-quan-chu-tri", 15, fields=[
                    text("extra_agencies", "Cơ quan phối hợp thêm (mã đơn vị, cách nhau bởi dấu phẩy)",
                         "Further coordinating agencies (codes, comma-separated)", required=False,
                         pattern=CODES, max_len=1000),
                    area("coordination_request", "Nội dung đề nghị phối hợp", "What the lead agency asks")],
                candidateGroups=LEAD, dueDate=due("coordination_days")), "CT 1.a")
    cite(p.script("prepare", "Lập danh sách cơ quan phối hợp", "The further agencies, without the three "
                                                               "named "
                  "ones and the lead agency; one coordination task each.", "co-quan-chu-tri", 16, code="""
chosen = [a.strip() for a in str(value_of("extra_agencies", "") or "").split(",") if a.strip()]
unknown = [a for a in chosen if a not in agency_codes + org_groups("party")]
if unknown:
    raise ValueError("extra_agencies: not agencies of the organisation: " + ", ".join(unknown))
named = (org_unit("party_press"), org_unit("portal_office"), org_unit("dept_ict"))
further_agencies = [a for a in dict.fromkeys(chosen) if a not in named and a != lead_agency]
rounds = int(value_of("rounds", 0)) + 1
""", **inner), "CT 1.a")
    cite(p.node("inclusiveGateway", "fork", "Phối hợp song song", "Coordinate at once with every agency but "
                "the lead agency itself.", "co-quan-chu-tri", 17, **inner), "CT 1.a")
    coordination = due("coordination_days")
    for node_id, vi, en, field, fvi, fen, group, row in (
            ("coord_btg", "Ban Tuyên giáo định hướng thông tin", "Ban Tuyên giáo orients the information",
             "btg_orientation", "Định hướng thông tin", "Orientation of the information",
             '${org_unit("party_press")}', 0),
            ("coord_vp", "Văn phòng UBND tỉnh phối hợp xử lý thông tin, báo cáo", "VP UBND processes the "
             "information and informs the provincial leadership", "vp_input", "Ý kiến phối hợp của Văn phòng "
             "UBND tỉnh", "VP UBND's input", '${org_unit("portal_office")}', 1),
            ("coord_tttt", "Sở Thông tin và Truyền thông phối hợp xử lý thông tin", "Sở TTTT processes the "
             "information, guides the press and watches public opinion", "tttt_guidance", "Hướng dẫn báo "
                                                                                          "chí, "
             "tình hình dư luận", "Press guidance and public opinion", '${org_unit("dept_ict")}', 2)):
        cite(p.user(node_id, vi, en, "Processing information, consolidated reports, advice to the "
                    "authority.", "co-quan-phoi-hop", 18, row, fields=[area(field, fvi, fen)],
                    candidateGroups=group, dueDate=coordination), "CT 1.a")
    cite(p.user("coord_other", "Cơ quan phối hợp cung cấp thông tin", "A further agency gives its "
                                                                      "information "
                "(one task per agency)", "Further agencies.", "co-quan-phoi-hop", 18, 3, fields=[
                    area("agency_input", "Thông tin của cơ quan phối hợp", "The agency's information")],
                candidateGroups="${agency}", dueDate=coordination), "CT 1.a")
    p.nodes["coord_other"].body = ('<bpmn:multiInstanceLoopCharacteristics '
                                   'camunda:collection="further_agencies" '
                                   'camunda:elementVariable="agency" />')
    cite(p.node("inclusiveGateway", "join", "Đủ ý kiến phối hợp", "Every agency asked has answered.",
                "co-quan-chu-tri", 19, **inner), "CT 1.a")
    cite(p.user("consolidate", "Tổng hợp báo cáo", "Consolidate the reports", "With the coordinating "
                                                                              "agencies' "
                "input.", "co-quan-chu-tri", 20, fields=[
                    area("consolidated_report", "Báo cáo tổng hợp", "Consolidated report", min_len=20)],
                candidateGroups=LEAD, dueDate=due("consolidation_days")), "CT 1.a")
    cite(p.user("advise", "Lãnh đạo cơ quan chủ trì tham mưu cấp có thẩm quyền", "The lead agency's leader "
                "advises the competent authority", "Not the officer who consolidated (four-eyes).",
                "lanh-dao-chu-tri", 21, fields=[area("advice", "Nội dung tham mưu, đề xuất", "Advice and "
                                                                                             "proposal")],
                candidateGroups=LEAD_LEADERS, dueDate=due(2)), "CT 1.a")
    p.nodes["advise"].props["fourEyes"] = "consolidate"
    cite(p.user("authority", "Cấp có thẩm quyền xem xét, chỉ đạo giải quyết", "The competent authority "
                                                                              "decides "
                "on the advice", "Close the case or coordinate further.", "ubnd-tinh", 22, fields=[
                    choice("authority_decision", "Ý kiến chỉ đạo", "Decision", [
                        ("close", "Đồng ý, kết thúc vụ việc", "agree, close the case"),
                        ("more", "Tiếp tục phối hợp làm rõ", "coordinate further")], radio=True),
                    area("authority_instruction", "Nội dung chỉ đạo", "Instruction", required=False)],
                candidateGroups="ubnd-tinh", dueDate=due(3), priority="80"), "CT 1.a")
    cite(p.node("exclusiveGateway", "authority_gw", "Kết thúc vụ việc?", "Close the case, or another round "
                                                                         "of "
                "coordination?", "ubnd-tinh", 23, **inner), "CT 1.a")
    cite(p.user("result", "Cung cấp thông tin kết quả xử lý cho báo chí", "Inform the press of the outcome",
                "Before the case closes.", "co-quan-chu-tri", 24, fields=[
                    choice("result_channel", "Hình thức", "Channel", CHANNELS),
                    area("result_text", "Nội dung thông tin kết quả xử lý",
                         "The outcome as told to the press")],
                candidateGroups=LEAD, dueDate=due(1)), "CT 1.a, CT 1.d")
    secrecy(p, "outcome", "lanh-dao-chu-tri", 25, unit="lead_agency", kind="statement", text_of="result_text",
            refused="result", then="outcome_site", parent="case_open")
    publish(p, "outcome", "co-quan-chu-tri", 28, unit="lead_agency", group=LEAD, kind="case_news",
            title='"Kết quả xử lý: " + case_title', text_of="result_text", then="case_done",
            parent="case_open",
            clause="CT 1.b, CT 1.d, CT 2.a, CT 2.b")
    p.node("endEvent", "case_done", "Vụ việc xử lý xong", "Handling done.", "co-quan-chu-tri", 32, **inner)
    for node_id in ("statement", "plan", "coord_btg", "coord_vp", "coord_tttt", "coord_other", "consolidate",
                    "advise", "authority", "result"):
        p.nodes[node_id].parent = "case_open"
    # Regular press information while the case is open: each update reviewed and published at once.
    cite(p.timer("update_due", "Định kỳ cung cấp thông tin cho báo chí", "Every update_every_days days while "
                 "the case is open (non-interrupting cycle).", "case_open", "timeCycle",
                 'f"R/P{update_every_days}D"'), "CT 1.a")
    cite(p.user("press_update", "Cung cấp thông tin định kỳ cho báo chí", "Inform the press of the progress",
                "Regular and timely, during the case.", "co-quan-chu-tri", 33, 2, fields=[
                    choice("update_channel", "Hình thức", "Channel", CHANNELS),
                    area("update_text", "Nội dung thông tin", "What the press is told")],
                candidateGroups=LEAD, dueDate=due("update_days"), priority="70"), "CT 1.a, CT 1.d")
    # Late work goes above the unit: the lead agency's leaders, above them VP UBND's leaders.
    escalation(p, "statement", "statement", "lanh-dao-chu-tri", 7, 3, when="working_days(statement_days)",
               group=LEAD_LEADERS, clause="CT 1.d")
    escalation(p, "consolidate", "consolidate", "lanh-dao-chu-tri", 20, 3,
               when="working_days(consolidation_days)", group=LEAD_LEADERS, clause="CT 1.a")
    escalation(p, "advise", "advise", "lanh-dao-chu-tri", 22, 3, when="working_days(2)",
               group='${org_unit("competent_decider")}', clause="CT 1.a")
    escalation(p, "press_update", "update", "lanh-dao-chu-tri", 33, 3, when="working_days(update_days)",
               group=LEAD_LEADERS, clause="CT 1.a")
    secrecy(p, "upd", "lanh-dao-chu-tri", 34, 2, unit="lead_agency", kind="press_update",
            text_of="update_text",
            refused="press_update", then="upd_site")
    publish(p, "upd", "co-quan-chu-tri", 37, 2, unit="lead_agency", group=LEAD, kind="case_update",
            title='"Thông tin vụ việc: " + case_title', text_of="update_text", then="update_given",
            clause="CT 1.b, CT 1.d, CT 2.a, CT 2.b")
    p.node("endEvent", "update_given", "Đã cung cấp thông tin", "Press update given and published.",
           "co-quan-chu-tri", 41, 2)
    cite(p.user("closure", "Kết thúc, lưu hồ sơ vụ việc", "Close the case and file it", "After the outcome "
                                                                                        "is "
                "published.", "co-quan-chu-tri", 33, fields=[
                    area("closure_note", "Kết quả xử lý vụ việc", "Outcome of the case")],
                candidateGroups=LEAD, dueDate=due(2)), "CT 1.a")
    p.node("endEvent", "closed", "Vụ việc đã kết thúc", "Ended: the case is closed; its news was published "
           "during the case.", "co-quan-chu-tri", 34)
    f = p.flow
    f("reported", "init")
    f("init", "report")
    f("report", "designate")
    f("designate", "check_lead")
    f("check_lead", "case_open")
    f("case_start", "is_serious")
    f("is_serious", "statement", "Nghiêm trọng", 'serious_incident == "yes"', "Serious: the spokesperson "
      "speaks first.")
    f("is_serious", "plan", "Không", default=True, doc="Not serious.")
    f("statement", "stmt_release")
    f("plan", "prepare")
    f("prepare", "fork")
    for branch, unit in (("coord_btg", "party_press"), ("coord_vp", "portal_office"), ("coord_tttt",
                                                                                       "dept_ict")):
        f("fork", branch, "", f'lead_agency != org_unit("{unit}")', f"Unless {unit} is the lead agency.")
        f(branch, "join")
    f("fork", "coord_other", "", "True", "Always: one task per further agency, none when there are none.")
    f("coord_other", "join")
    f("join", "consolidate")
    f("consolidate", "advise")
    f("advise", "authority")
    f("authority", "authority_gw")
    f("authority_gw", "plan", "Tiếp tục", 'authority_decision == "more"', "Another round of coordination.")
    f("authority_gw", "result", "Kết thúc", default=True, doc="Close: the outcome goes to the press first.")
    f("result", "outcome_release")
    f("update_due", "press_update")
    f("press_update", "upd_release")
    f("case_open", "closure")
    f("closure", "closed")
    return p
