"""periodic_report: the half-yearly review and report on spokesperson work and information to the press,
with figures per agency from the engine's records, the agencies' own reports, the recipients the texts name
and the public results of violations handled (Đồng Nai directive CT 3.d; Lai Châu plan KH I.2)."""
from __future__ import annotations

from xml.sax.saxutils import escape

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import area, choice, many, text
from tools.procedures.releasing import AGENCIES, cite, due, escalation, publish

OFFICE = "${press_office}"
DEPT_LEADERS = "${leaders(dept)}"
AGENCY = "${agency_item['agency']}"
# The plan's Nơi nhận (to whom the report goes); the first two must receive it.
RECIPIENTS = [("ubnd-tinh", "UBND tỉnh", "Provincial People's Committee"),
              ("cuc-bao-chi", "Cục Báo chí (Bộ Thông tin và Truyền thông)",
               "Press Department of the Ministry"),
              ("ban-tuyen-giao", "Ban Tuyên giáo Tỉnh ủy", "Party Propaganda Department"),
              ("cong-an", "Công an tỉnh", "Provincial Police"),
              ("hoi-nha-bao", "Hội Nhà báo tỉnh", "Provincial Journalists' Association"),
              ("ubnd-huyen", "UBND các huyện, thành phố", "District People's Committees")]
REQUIRED = ("ubnd-tinh", "cuc-bao-chi")


def _service(code: str, inputs: dict[str, str], clause: str) -> str:
    params = "".join(f'<camunda:inputParameter name="{k}">{escape(v)}</camunda:inputParameter>'
                     for k, v in inputs.items())
    return (f'<bpmn:extensionElements><camunda:properties><camunda:property name="clause" value="{clause}" />'
            f"</camunda:properties><camunda:inputOutput>{params}</camunda:inputOutput></bpmn:extensionElements>")


def build() -> Process:
    p = Process(
        "periodic_report", "Sơ kết, báo cáo định kỳ công tác phát ngôn và cung cấp thông tin cho báo chí",
        "Half-yearly by timer (or by hand): the figures of the period per agency come from the engine's "
        "records (connector statistics.summary); every agency sends its own report (one task each, due "
        "agency_days; late ones go to the agency's leaders, missing ones are recorded); Sở TTTT's press "
        "office drafts the report, the Department's leader approves it (not the drafter), Văn phòng Sở sends "
        "it to the recipients the plan names (UBND tỉnh and Cục Báo chí of Bộ TTTT at least) and the results "
        "of the violations handled are made public on Sở TTTT's site and the portal; the competent authority "
        "receives it. Source: Đồng Nai directive CT 3.d; Lai Châu plan KH I.2.",
        [Lane("phong-ttbcxb", "Phòng Thông tin – Báo chí – Xuất bản (Sở TTTT)", "Drafts the report (variable "
              "press_office).", None),
         Lane("lanh-dao-so", "Lãnh đạo Sở Thông tin và Truyền thông", "Approves the report.", None),
         Lane("van-phong-so", "Văn phòng Sở", "Sends the report to its recipients.", None),
         Lane("cac-co-quan", "Các cơ quan, đơn vị, địa phương", "Each agency's own report.", None),
         Lane("ubnd-tinh", "UBND tỉnh (cấp có thẩm quyền)", "Receives the report.")],
        starters="so-tttt")
    cite(p.node("startEvent", "due", "Đến kỳ báo cáo", "Half-yearly timer (15 June and 15 December, 08:00 "
                "Hanoi time): the six-month review and the yearly one; also started by hand.",
                "phong-ttbcxb", 0,
                **timer_start("due", "R/2026-06-15T08:00:00+07:00/P6M")), "CT 3.d, KH I.2")
    cite(p.script("init", "Xác định kỳ báo cáo, thời hạn", "The period (period_from, period_to; default the "
                                                           "six "
                  "months up to today), the agencies of the organisation and deadline lengths: agency_days "
                  "(5), "
                  "report_days (10).", "phong-ttbcxb", 1, code=f"""
period_to = value_of("period_to", "") or today().isoformat()
period_from = value_of("period_from", "") or (parse_date(period_to) - timedelta(days=182)).isoformat()
if parse_date(period_from) >= parse_date(period_to):
    raise ValueError("period_from must be before period_to")
period_label = value_of("period_label", "") or f"{{period_from}} - {{period_to}}"
dept = org_unit("dept_ict")
press_office = org_unit("press_office")
dept_office = org_unit("dept_office")
agencies = list(value_of("agencies", {AGENCIES}))
agency_days = int(value_of("agency_days", 5))
report_days = int(value_of("report_days", 10))
agency_due = working_days(agency_days)
agency_close = working_days(agency_days + 3)
report_due = working_days(report_days)
"""), "CT 3.d")
    p.node("serviceTask", "gather", "Thống kê số liệu từ hệ thống", "The engine's statistics of the period "
           "(statistics.summary).", "phong-ttbcxb", 2,
           attrs={"camunda:type": "external", "camunda:topic": "statistics.summary"},
           body=_service("gather", {"period_from": "${period_from}", "period_to": "${period_to}"}, "CT 3.d"))
    cite(p.script("figures", "Tổng hợp số liệu theo cơ quan", "The report's figures, in total and per agency "
                  "(inquiries, forwards, declines, escalations, late work).", "phong-ttbcxb", 3, code="""
procs = statistics.get("procedures", {})
work = statistics.get("tasks", {})
inquiries_received = int(procs.get("press_inquiry", {}).get("started", 0))
rebuttals = int(procs.get("false_report_rebuttal", {}).get("started", 0))
complaints_received = int(procs.get("press_complaint", {}).get("started", 0))
multi_agency_cases = int(procs.get("multi_agency_case", {}).get("started", 0))
press_meetings = int(procs.get("press_briefing", {}).get("started", 0))
tasks_completed = int(work.get("completed", 0))
tasks_late = int(work.get("late", 0))
escalations = int(work.get("escalations", 0))
on_time_rate = round(100 * (tasks_completed - tasks_late) / tasks_completed, 1) if tasks_completed else None
per_agency = {}
for code, row in dict(statistics.get("agencies", {}) or {}).items():
    per_agency[code] = {k: v for k, v in dict(row).items() if isinstance(v, int) and not isinstance(v, bool)}
agency_items = [{"agency": a, "figures": per_agency.get(a, {})} for a in agencies]
del procs, work
"""), "CT 3.d, KH I.2")
    p.node("subProcess", "agency_reports", "Các cơ quan gửi báo cáo", "Multi-instance: one report per "
                                                                      "agency, "
           "due agency_due; late ones go to the agency's leaders, missing at agency_close is recorded.",
           "cac-co-quan", 4, body=each("agency_items", "agency_item"), props={"clause": "CT 3.d"})
    inner = {"parent": "agency_reports"}
    p.node("startEvent", "agency_start", "Cơ quan nhận đề nghị", "The agency is asked.", "cac-co-quan", 4,
           **inner)
    cite(p.user("agency_report", "Báo cáo công tác phát ngôn, cung cấp thông tin của cơ quan", "The agency's "
                "own report of the period", "With its figures from the system shown.", "cac-co-quan", 5,
                fields=[text("agency_report_ref", "Số báo cáo", "Report reference", min_len=1, max_len=50),
                        area("agency_report_text", "Kết quả, tồn tại, kiến nghị", "Results, shortcomings, "
                             "proposals")],
                candidateGroups=AGENCY, dueDate="${agency_due}"), "CT 3.d")
    p.nodes["agency_report"].parent = "agency_reports"
    cite(p.script("agency_received", "Ghi nhận báo cáo của cơ quan", "Kept in the agency's item.",
                  "cac-co-quan",
                  6, code="""
agency_item["report_ref"] = agency_report_ref
agency_item["late"] = now() > parse_datetime(agency_due)
agency_item["missing"] = False
""", **inner), "CT 3.d")
    p.node("endEvent", "agency_end", "Đã nhận báo cáo", "The agency's report is in.", "cac-co-quan", 7,
           **inner)
    cite(p.timer("agency_late", "Quá hạn báo cáo", "agency_due passed: the agency's leaders take it up, the "
                 "report is still awaited.", "agency_report", "timeDate", "agency_due", slot=1), "CT 3.d")
    cite(p.user("escalate_agency", "Lãnh đạo cơ quan chỉ đạo gửi báo cáo", "The agency's leaders act on the "
                                                                        "late "
                "report", "Escalation above the officers.", "cac-co-quan", 6, 1, fields=[
                    area("escalation_instruction", "Nội dung chỉ đạo", "Instruction")],
                candidateGroups="${leaders(agency_item['agency'])}", dueDate=due(1), priority="90"), "CT 3.d")
    p.nodes["escalate_agency"].parent = "agency_reports"
    p.node("endEvent", "agency_chased", "Đã chỉ đạo", "Escalation handled.", "cac-co-quan", 7, 1, **inner)
    cite(p.timer("agency_closed", "Hết hạn nhận báo cáo", "agency_close passed: the report is recorded as "
                 "missing and the review goes on.", "agency_report", "timeDate", "agency_close",
                 interrupting=True), "CT 3.d")
    cite(p.script("agency_missing", "Ghi nhận cơ quan không gửi báo cáo", "Named in the review.",
                  "cac-co-quan",
                  6, 2, code='agency_item["missing"] = True', **inner), "CT 3.d")
    p.node("endEvent", "agency_absent", "Không gửi báo cáo", "Recorded as missing.", "cac-co-quan", 7, 2,
           **inner)
    cite(p.script("agency_tally", "Tổng hợp báo cáo các cơ quan", "Which agencies reported late or not at "
                                                                  "all.",
                  "phong-ttbcxb", 8, code="""
missing_agencies = [i["agency"] for i in agency_items if i.get("missing")]
late_agencies = [i["agency"] for i in agency_items if i.get("late") and not i.get("missing")]
"""), "CT 3.d")
    cite(p.user("draft_report", "Dự thảo báo cáo sơ kết, tổng kết", "Draft the review report", "Figures per "
                "agency, the agencies' reports, the violations handled.", "phong-ttbcxb", 9, fields=[
                    text("report_ref", "Số báo cáo", "Report number", min_len=1, max_len=50),
                    area("assessment", "Nhận xét, đánh giá công tác phát ngôn và cung cấp thông tin",
                         "Assessment of the period", min_len=20),
                    area("violations_results", "Kết quả xử lý vi phạm (công khai)", "Violations handled "
                                                                                    "(made "
                         "public)"),
                    area("recommendations", "Kiến nghị, đề xuất", "Recommendations")],
                candidateGroups=OFFICE, dueDate="${report_due}"), "CT 3.d, KH I.2")
    escalation(p, "draft_report", "draft", "lanh-dao-so", 9, 1, when="report_due", group=DEPT_LEADERS,
               clause="CT 3.d")
    cite(p.user("approve", "Lãnh đạo Sở duyệt báo cáo", "The Department's leader approves the report", "Not "
                                                                                                       "the "
                "officer who drafted it (four-eyes).", "lanh-dao-so", 10, fields=[
                    choice("approval", "Ý kiến", "Decision", [("approve", "Phê duyệt", "approve"),
                                                              ("revise", "Yêu cầu sửa",
                                                               "send back")], radio=True),
                    area("approval_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
                candidateGroups=DEPT_LEADERS, dueDate=due(2)), "CT 3.d")
    p.nodes["approve"].props["fourEyes"] = "draft_report"
    p.node("exclusiveGateway", "approved", "Được duyệt?", "Approved, or sent back?", "lanh-dao-so", 11)
    cite(p.node("parallelGateway", "release", "Gửi và công khai", "Sent to the recipients and the violations "
                "results made public at once.", "phong-ttbcxb", 12), "KH I.2")
    cite(p.user("send", "Gửi báo cáo đến nơi nhận", "Send the report to its recipients", "UBND tỉnh and Cục "
                                                                                         "Báo "
                "chí (Bộ TTTT) at least.", "van-phong-so", 13, fields=[
                    text("dispatch_ref", "Số, ngày văn bản gửi", "Dispatch reference", min_len=1, max_len=80),
                    many("recipients", "Nơi nhận", "Recipients", RECIPIENTS)],
                candidateGroups="${dept_office}", dueDate=due(2)), "CT 3.d, KH I.2")
    cite(p.script("check_recipients", "Kiểm tra nơi nhận", "The competent authorities must receive it.",
                  "van-phong-so", 14, code=f"""
missing = [r for r in {REQUIRED!r} if r not in recipients]
if missing:
    raise ValueError("recipients: the report must go to " + ", ".join(missing))
del missing
"""), "KH I.2")
    publish(p, "violations", "phong-ttbcxb", 13, 1, unit="dept", group=OFFICE, kind="inspection_result",
            title='"Kết quả xử lý vi phạm trong hoạt động báo chí " + period_label',
            text_of="violations_results",
            then="released", days=2, optional=False, clause="KH I.2")
    p.node("parallelGateway", "released", "Đã gửi, đã công khai", "Sent and made public: both done.",
           "phong-ttbcxb", 17)
    cite(p.user("review", "Cấp có thẩm quyền tiếp nhận báo cáo",
                "The competent authority receives the report",
                "Accepts or asks for more.", "ubnd-tinh", 18, fields=[
                    choice("review_decision", "Ý kiến", "Decision", [
                        ("accept", "Tiếp nhận", "accept"), ("revise", "Yêu cầu bổ sung", "ask for more")],
                        radio=True),
                    area("review_comment", "Ý kiến chỉ đạo", "Comments", required=False)],
                candidateGroups="ubnd-tinh", dueDate=due(5)), "CT 3.d, KH I.2")
    p.node("exclusiveGateway", "accepted", "Tiếp nhận?", "Accepted, or sent back to be completed?",
           "ubnd-tinh", 19)
    cite(p.node("endEvent", "submitted", "Đã báo cáo cấp có thẩm quyền", "Ended: the report is received and "
                                                                         "the "
                "violations results are public.", "ubnd-tinh", 20), "CT 3.d, KH I.2")
    f = p.flow
    f("due", "init")
    f("init", "gather")
    f("gather", "figures")
    f("figures", "agency_reports")
    f("agency_start", "agency_report")
    f("agency_report", "agency_received")
    f("agency_received", "agency_end")
    f("agency_late", "escalate_agency")
    f("escalate_agency", "agency_chased")
    f("agency_closed", "agency_missing")
    f("agency_missing", "agency_absent")
    f("agency_reports", "agency_tally")
    f("agency_tally", "draft_report")
    f("draft_report", "approve")
    f("approve", "approved")
    f("approved", "release", "Duyệt", 'approval == "approve"', "Approved.")
    f("approved", "draft_report", "Sửa lại", default=True, doc="Sent back.")
    f("release", "send")
    f("send", "check_recipients")
    f("check_recipients", "released")
    f("release", "violations_site")
    f("released", "review")
    f("review", "accepted")
    f("accepted", "draft_report", "Bổ sung", 'review_decision == "revise"', "Sent back.")
    f("accepted", "submitted", "Tiếp nhận", default=True, doc="Accepted.")
    return p
