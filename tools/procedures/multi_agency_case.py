"""multi_agency_case: a complex case handled by a designated lead agency with the coordinating agencies,
regular press updates while it is open, advice to the competent authority, portal news (CT-20 to CT-24)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import UNITS, area, choice, many, text

LEAD = "${lead_agency}"
FIXED = ("ban-tuyen-giao", "vp-ubnd", "so-tttt")  # the coordinating agencies the directive names
FURTHER = [u for u in UNITS if u[0] not in FIXED]
CHANNELS = [("press_release", "Thông cáo báo chí", "press release"),
            ("press_conference", "Họp báo", "press conference"),
            ("interview", "Trả lời phỏng vấn", "interview"),
            ("portal", "Đăng trên Cổng TTĐT", "e-portal post")]


def _mi(collection: str, item: str) -> str:
    # camunda:collection alone: one instance per list item, item in `item`, created in parallel.
    return (f'<bpmn:multiInstanceLoopCharacteristics camunda:collection="{collection}" '
            f'camunda:elementVariable="{item}" />')


def build() -> Process:
    p = Process(
        "multi_agency_case", "Xử lý vụ việc phức tạp liên quan nhiều cơ quan",
        "A complex multi-agency case: the competent authority designates a lead agency, the spokesperson "
        "speaks at once on a serious public-interest incident, the lead agency coordinates with Ban Tuyên "
        "giáo, VP UBND, Sở TTTT and any further agencies, informs the press every update_every_days days "
        "while the case is open, consolidates the reports and advises the competent authority; VP UBND "
        "writes the portal news item. Source: Đồng Nai directive, CT-20 to CT-24.",
        [Lane("ubnd-tinh", "Lãnh đạo UBND tỉnh (cấp có thẩm quyền)", "The competent authority: designates "
              "the lead agency and decides on its advice (CT-20, CT-23)."),
         Lane("vp-ubnd", "Văn phòng UBND tỉnh", "Reports the case, coordinates and writes the portal news "
              "item (CT-22, CT-24)."),
         Lane("ban-tuyen-giao", "Ban Tuyên giáo Tỉnh ủy", "Party Propaganda Department: orientation of the "
              "information (CT-22)."),
         Lane("so-tttt", "Sở Thông tin và Truyền thông", "Press management: guidance to the press (CT-22)."),
         Lane("co-quan-phoi-hop", "Cơ quan phối hợp khác", "Further agencies the lead agency asks to "
              "coordinate, one task each (variable further_agencies) (CT-22).", None),
         Lane("co-quan-chu-tri", "Cơ quan chủ trì", "The designated lead agency (variable lead_agency): "
              "informs the press, coordinates, consolidates, advises (CT-20 to CT-23).", None)],
        starters="vp-ubnd,so-tttt,so-y-te,cong-an,ubnd-bien-hoa,ubnd-long-khanh,ban-tuyen-giao")
    p.node("startEvent", "reported", "Phát sinh vụ việc phức tạp", "A complex case involving several "
           "agencies arises. CT-20.", "vp-ubnd", 0)
    p.script("init", "Khởi tạo hồ sơ, thời hạn", "Case number and deadline lengths with defaults: "
             "designation_days (1), statement_days (1), coordination_days (2), consolidation_days (5), "
             "update_every_days (2 calendar days between press updates). CT-20, CT-21.", "vp-ubnd", 1,
             code="""
case_number = value_of("case_number", "") or "VV-" + now().strftime("%Y%m%d%H%M%S")
designation_days = int(value_of("designation_days", 1))
statement_days = int(value_of("statement_days", 1))
coordination_days = int(value_of("coordination_days", 2))
consolidation_days = int(value_of("consolidation_days", 5))
update_every_days = int(value_of("update_every_days", 2))
if update_every_days < 1:
    raise ValueError("update_every_days must be at least 1")
rounds = 0
""")
    p.user("report", "Báo cáo vụ việc, đề xuất cơ quan chủ trì", "Report the case and propose the lead "
           "agency", "CT-20.", "vp-ubnd", 2, fields=[
               text("case_title", "Tên vụ việc", "Case title", min_len=5, max_len=250),
               area("case_summary", "Tóm tắt vụ việc", "Summary of the case"),
               choice("public_interest", "Mức độ quan tâm của dư luận", "Public interest", [
                   ("normal", "Bình thường", "normal"),
                   ("serious", "Nghiêm trọng, dư luận đặc biệt quan tâm",
                    "serious public-interest incident")],
                   radio=True),
               choice("proposed_lead", "Đề xuất cơ quan chủ trì", "Proposed lead agency", UNITS)],
           dueDate="${working_days(designation_days)}")
    p.user("designate", "Giao cơ quan chủ trì", "Designate the lead agency", "CT-20.", "ubnd-tinh", 3,
           fields=[
               choice("lead_agency", "Cơ quan chủ trì", "Lead agency", UNITS),
               choice("serious_incident", "Sự cố nghiêm trọng liên quan lợi ích công cộng?", "Serious "
                      "public-interest incident: the spokesperson must speak", [
                          ("yes", "Có", "yes"), ("no", "Không", "no")], radio=True),
               area("designation_note", "Ý kiến chỉ đạo", "Instructions", required=False)],
           dueDate="${working_days(designation_days)}", priority="80")
    p.node("subProcess", "case_open", "Vụ việc đang xử lý", "The case is open: coordination, reports and "
           "advice, with regular press updates until the competent authority closes it. CT-21 to CT-23.",
           "co-quan-chu-tri", 4)
    inner = {"parent": "case_open"}
    p.node("startEvent", "case_start", "Bắt đầu xử lý", "Handling starts.", "co-quan-chu-tri", 4.3, **inner)
    p.node("exclusiveGateway", "is_serious", "Sự cố nghiêm trọng?", "A serious public-interest incident "
           "needs the spokesperson to speak first. CT-21.", "co-quan-chu-tri", 5, **inner)
    p.user("statement", "Người phát ngôn phát ngôn, cung cấp thông tin ban đầu", "The spokesperson speaks "
           "to the press at once", "CT-21.", "co-quan-chu-tri", 6, 1, fields=[
               text("spokesperson", "Người phát ngôn (tên đăng nhập)", "Spokesperson (user name)",
                    min_len=2, max_len=100, pattern="^[a-z0-9._-]+$"),
               choice("statement_channel", "Hình thức phát ngôn", "Channel", CHANNELS),
               area("statement_text", "Nội dung phát ngôn", "What was said")],
           candidateGroups=LEAD, dueDate="${working_days(statement_days)}", priority="85")
    p.user("plan", "Xác định cơ quan phối hợp, nội dung cần phối hợp", "Name the further coordinating "
           "agencies and what is asked of them", "CT-22.", "co-quan-chu-tri", 7, fields=[
               many("extra_agencies", "Cơ quan phối hợp thêm (ngoài Ban Tuyên giáo, VP UBND, Sở TTTT)",
                    "Further coordinating agencies (besides Ban Tuyên giáo, VP UBND and Sở TTTT)", FURTHER,
                    required=False),
               area("coordination_request", "Nội dung đề nghị phối hợp", "What the lead agency asks")],
           candidateGroups=LEAD, dueDate="${working_days(coordination_days)}")
    p.script("prepare", "Lập danh sách cơ quan phối hợp", "The further agencies, without the three named "
             "ones and the lead agency; one coordination task each. CT-22.", "co-quan-chu-tri", 8,
             code="""
chosen = value_of("extra_agencies", []) or []
further_agencies = [a for a in dict.fromkeys(chosen) if a not in ("ban-tuyen-giao", "vp-ubnd", "so-tttt")
                    and a != lead_agency]
rounds = int(value_of("rounds", 0)) + 1
""", **inner)
    p.node("inclusiveGateway", "fork", "Phối hợp song song", "Coordinate at once with every agency but "
           "the lead agency itself. CT-22.", "co-quan-chu-tri", 9, **inner)
    due = "${working_days(coordination_days)}"
    p.user("coord_btg", "Ban Tuyên giáo định hướng thông tin", "Ban Tuyên giáo gives the orientation of "
           "the information", "CT-22.", "ban-tuyen-giao", 10, fields=[
               area("btg_orientation", "Định hướng thông tin", "Orientation of the information")],
           candidateGroups="ban-tuyen-giao", dueDate=due)
    p.user("coord_vp", "VP UBND tỉnh phối hợp, báo cáo lãnh đạo", "VP UBND coordinates and informs the "
           "provincial leadership", "CT-22.", "vp-ubnd", 10, fields=[
               area("vp_input", "Ý kiến phối hợp của VP UBND", "VP UBND's input")],
           candidateGroups="vp-ubnd", dueDate=due)
    p.user("coord_tttt", "Sở TTTT hướng dẫn báo chí, theo dõi dư luận", "Sở TTTT guides the press and "
           "watches public opinion", "CT-22.", "so-tttt", 10, fields=[
               area("tttt_guidance", "Hướng dẫn báo chí, tình hình dư luận", "Press guidance and public "
                    "opinion")],
           candidateGroups="so-tttt", dueDate=due)
    p.user("coord_other", "Cơ quan phối hợp cung cấp thông tin", "A further agency gives its information "
           "(one task per agency)", "CT-22.", "co-quan-phoi-hop", 10, fields=[
               area("agency_input", "Thông tin của cơ quan phối hợp", "The agency's information")],
           candidateGroups="${agency}", dueDate=due)
    p.nodes["coord_other"].body = _mi("further_agencies", "agency")
    p.node("inclusiveGateway", "join", "Đủ ý kiến phối hợp", "Every agency asked has answered. CT-22.",
           "co-quan-chu-tri", 11, **inner)
    p.user("consolidate", "Tổng hợp báo cáo", "Consolidate the reports", "CT-23.", "co-quan-chu-tri", 12,
           fields=[area("consolidated_report", "Báo cáo tổng hợp", "Consolidated report", min_len=20)],
           candidateGroups=LEAD, dueDate="${working_days(consolidation_days)}")
    p.user("advise", "Tham mưu, đề xuất cấp có thẩm quyền", "Advise the competent authority", "CT-23.",
           "co-quan-chu-tri", 13, fields=[
               area("advice", "Nội dung tham mưu, đề xuất", "Advice and proposal")],
           candidateGroups=LEAD, dueDate="${working_days(consolidation_days)}")
    p.user("authority", "Cấp có thẩm quyền cho ý kiến", "The competent authority decides on the advice",
           "CT-23.", "ubnd-tinh", 14, fields=[
               choice("authority_decision", "Ý kiến chỉ đạo", "Decision", [
                   ("close", "Đồng ý, kết thúc vụ việc", "agree, close the case"),
                   ("more", "Tiếp tục phối hợp làm rõ", "coordinate further")], radio=True),
               area("authority_instruction", "Nội dung chỉ đạo", "Instruction", required=False)],
           candidateGroups="ubnd-tinh", priority="80")
    # Lanes do not reach into the subprocess: its tasks name their groups.
    for node_id in ("statement", "plan", "coord_btg", "coord_vp", "coord_tttt", "coord_other", "consolidate",
                    "advise", "authority"):
        p.nodes[node_id].parent = "case_open"
    p.node("exclusiveGateway", "authority_gw", "Kết thúc vụ việc?", "Close the case, or another round of "
           "coordination? CT-23.", "ubnd-tinh", 15, **inner)
    p.node("endEvent", "case_done", "Vụ việc xử lý xong", "Handling done.", "co-quan-chu-tri", 15.5, **inner)
    p.timer("update_due", "Định kỳ cung cấp thông tin cho báo chí", "Every update_every_days days while "
            "the case is open, the lead agency informs the press (non-interrupting cycle). CT-21.",
            "case_open", "timeCycle", 'f"R/P{update_every_days}D"')
    p.user("press_update", "Cung cấp thông tin định kỳ cho báo chí", "Inform the press of the progress",
           "CT-21.", "co-quan-chu-tri", 16.5, 2, fields=[
               choice("update_channel", "Hình thức", "Channel", CHANNELS),
               area("update_text", "Nội dung thông tin", "What the press was told")],
           candidateGroups=LEAD, priority="70")
    p.node("endEvent", "update_given", "Đã cung cấp thông tin", "Press update given.", "co-quan-chu-tri",
           17.5, 2)
    p.user("portal_news", "Viết tin đăng Cổng TTĐT tỉnh", "Write the portal news item with the lead "
           "agency", "CT-24.", "vp-ubnd", 16.5, fields=[
               text("portal_title", "Tiêu đề tin", "Portal item title", min_len=5, max_len=250),
               text("portal_url", "Đường dẫn tin trên Cổng", "Portal address", pattern="^https?://\\S+$")])
    p.user("closure", "Kết thúc, lưu hồ sơ vụ việc", "Close the case and file it", "CT-23.",
           "co-quan-chu-tri", 17.5, fields=[
               area("closure_note", "Kết quả xử lý vụ việc", "Outcome of the case")],
           candidateGroups=LEAD)
    p.node("endEvent", "closed", "Vụ việc đã kết thúc", "Ended: the case is closed and on the portal. "
           "CT-23, CT-24.", "co-quan-chu-tri", 18.5)
    f = p.flow
    f("reported", "init")
    f("init", "report")
    f("report", "designate")
    f("designate", "case_open")
    f("case_start", "is_serious")
    f("is_serious", "statement", "Nghiêm trọng", 'serious_incident == "yes"', "Serious: the spokesperson "
      "speaks first.")
    f("is_serious", "plan", "Không", default=True, doc="Not serious.")
    f("statement", "plan")
    f("plan", "prepare")
    f("prepare", "fork")
    for branch, code in (("coord_btg", "ban-tuyen-giao"), ("coord_vp", "vp-ubnd"), ("coord_tttt", "so-tttt")):
        f("fork", branch, "", f'lead_agency != "{code}"', f"Unless {code} is the lead agency.")
        f(branch, "join")
    f("fork", "coord_other", "", "True", "Always: one task per further agency, none when there are none.")
    f("coord_other", "join")
    f("join", "consolidate")
    f("consolidate", "advise")
    f("advise", "authority")
    f("authority", "authority_gw")
    f("authority_gw", "plan", "Tiếp tục", 'authority_decision == "more"', "Another round of coordination.")
    f("authority_gw", "case_done", "Kết thúc", default=True, doc="Close the case.")
    f("update_due", "press_update")
    f("press_update", "update_given")
    f("case_open", "portal_news")
    f("portal_news", "closure")
    f("closure", "closed")
    return p
