"""periodic_report: the periodic review of press work for the competent authority, with statistics drawn
from the engine's own records or entered by hand (Lai Châu plan, KH-25, KH-26)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import area, choice, number, text

# (variable, Vietnamese, English): the figures of the report, from statistics or entered by hand.
FIGURES = [
    ("inquiries_received", "Số đề nghị cung cấp thông tin của báo chí", "Press inquiries received"),
    ("inquiries_answered", "Số đề nghị đã trả lời", "Inquiries answered"),
    ("inquiries_refused", "Số đề nghị từ chối (giấy tờ, bí mật)", "Inquiries refused (credentials, secrecy)"),
    ("rebuttals", "Số vụ phản hồi thông tin sai sự thật", "False reports rebutted"),
    ("corrections_obtained", "Số bài đã được cải chính", "Corrections obtained"),
    ("complaints_received", "Số phản ánh qua đường dây nóng", "Hotline complaints received"),
    ("violations_handled", "Số vi phạm đã xử lý, công khai", "Violations handled and made public"),
    ("impersonations_to_police", "Số vụ mạo danh nhà báo chuyển Công an", "Impersonations sent to Police"),
    ("multi_agency_cases", "Số vụ việc phức tạp liên quan nhiều cơ quan", "Multi-agency cases"),
    ("spokesperson_statements", "Số lần phát ngôn, cung cấp thông tin", "Spokesperson statements, answers"),
    ("tasks_completed", "Số công việc đã hoàn thành", "Tasks completed"),
    ("tasks_late", "Số công việc hoàn thành quá hạn", "Tasks completed late"),
    ("escalations", "Số lần phải chuyển cấp trên chỉ đạo (quá hạn)", "Escalations (overdue work)"),
]
FIGURE_NAMES = ", ".join(f'"{name}"' for name, _, _ in FIGURES)


def build() -> Process:
    p = Process(
        "periodic_report", "Sơ kết, báo cáo định kỳ công tác phát ngôn và cung cấp thông tin cho báo chí",
        "Periodic review for the competent authority: the statistics of the period (spokesperson work, "
        "inquiries, rebuttals, complaints and violations handled, late and escalated work) come from the "
        "engine's records (engine.statistics.summary, passed as the start variable statistics) or are "
        "entered by hand; Sở TTTT drafts the report within report_days working days and the competent "
        "authority accepts it or sends it back. Source: Lai Châu plan, KH-25, KH-26.",
        [Lane("so-tttt", "Sở Thông tin và Truyền thông", "Compiles the statistics and drafts the report "
              "(KH-25, KH-26)."),
         Lane("ubnd-tinh", "Lãnh đạo UBND tỉnh (cấp có thẩm quyền)", "Receives and accepts the report "
              "(KH-25).")],
        starters="so-tttt")
    p.node("startEvent", "due", "Đến kỳ báo cáo", "The reporting period ends: started by hand, or by the "
           "system with the period's statistics. KH-25.", "so-tttt", 0)
    p.script("init", "Xác định kỳ báo cáo, thời hạn", "The period (period_from, period_to; default the 90 "
             "days up to today) and report_days (5 working days) with defaults. KH-25.", "so-tttt", 1,
             code="""
period_to = value_of("period_to", "") or today().isoformat()
period_from = value_of("period_from", "") or (parse_date(period_to) - timedelta(days=90)).isoformat()
if parse_date(period_from) >= parse_date(period_to):
    raise ValueError("period_from must be before period_to")
period_label = value_of("period_label", "") or f"{period_from} - {period_to}"
report_days = int(value_of("report_days", 5))
report_due = working_days(report_days)
""")
    p.node("exclusiveGateway", "has_statistics", "Có số liệu từ hệ thống?", "Were the statistics passed "
           "in from the engine's records? KH-26.", "so-tttt", 2)
    p.script("from_history", "Tổng hợp số liệu từ lịch sử xử lý", "The report's figures from the "
             "engine statistics: instances started, end events reached, tasks done, late and escalated. "
             "KH-26.", "so-tttt", 3, code="""
procs = statistics.get("procedures", {})
work = statistics.get("tasks", {})


def started(key):
    return int(procs.get(key, {}).get("started", 0))


def ended(key, names):
    reached = procs.get(key, {}).get("ends", {})
    return sum([int(reached.get(n, 0)) for n in names])


def done(key, element):
    return int(procs.get(key, {}).get("tasks", {}).get(element, 0))


inquiries_received = started("press_inquiry")
inquiries_answered = ended("press_inquiry", ["answered", "published", "not_published"])
inquiries_refused = ended("press_inquiry", ["refused_credentials", "refused_secret"])
rebuttals = started("false_report_rebuttal")
corrections_obtained = ended("false_report_rebuttal", ["corrected"])
complaints_received = started("press_complaint")
violations_handled = ended("press_complaint", ["published"])
impersonations_to_police = ended("press_complaint", ["police_done"])
multi_agency_cases = started("multi_agency_case")
spokesperson_statements = (done("press_inquiry", "answer") + done("multi_agency_case", "statement")
                           + done("multi_agency_case", "press_update"))
tasks_completed = int(work.get("completed", 0))
tasks_late = int(work.get("late", 0))
escalations = int(work.get("escalations", 0))
statistics_source = "engine"
del procs, work
""")
    p.user("enter_statistics", "Nhập số liệu thống kê", "Enter the period's statistics by hand", "KH-26.",
           "so-tttt", 3, 1, fields=[
               number(name, vi, en, low=0, high=1_000_000) for name, vi, en in FIGURES],
           dueDate="${report_due}")
    p.script("check_figures", "Kiểm tra, tính tỷ lệ đúng hạn", "Every figure is a whole number, not "
             "negative; late work cannot exceed the work done; the on-time rate. KH-26.", "so-tttt", 4,
             code=f"""
figures = {{}}
for name in [{FIGURE_NAMES}]:
    value = value_of(name, None)
    if value is None or isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError(name + " must be a whole number, 0 or more")
    figures[name] = int(value)
if figures["tasks_late"] > figures["tasks_completed"]:
    raise ValueError("tasks_late cannot exceed tasks_completed")
total = figures["tasks_completed"]
on_time_rate = round(100 * (total - figures["tasks_late"]) / total, 1) if total else None
statistics_source = value_of("statistics_source", "manual")
del total
""")
    p.user("draft_report", "Dự thảo báo cáo sơ kết", "Draft the review report", "KH-25.", "so-tttt", 5,
           fields=[
               text("report_ref", "Số báo cáo", "Report number", min_len=1, max_len=50),
               area("assessment", "Đánh giá kết quả thực hiện", "Assessment of the period", min_len=20),
               area("recommendations", "Kiến nghị, đề xuất", "Recommendations")],
           dueDate="${report_due}")
    p.timer("report_overdue", "Quá hạn gửi báo cáo", "The report is late (report_days working days): "
            "the Department's leadership takes it up, the drafting goes on. KH-25.", "draft_report",
            "timeDate", "report_due")
    p.user("escalate", "Lãnh đạo Sở chỉ đạo hoàn thành báo cáo", "The Department's leadership acts on the "
           "late report", "KH-25.", "so-tttt", 6, 1, fields=[
               area("escalation_instruction", "Chỉ đạo", "Instruction")], priority="90")
    p.node("endEvent", "escalated", "Đã chỉ đạo", "Escalation handled.", "so-tttt", 7, 1)
    p.user("review", "Cấp có thẩm quyền tiếp nhận báo cáo", "The competent authority receives the report",
           "KH-25.", "ubnd-tinh", 6, fields=[
               choice("review_decision", "Ý kiến", "Decision", [
                   ("accept", "Tiếp nhận", "accept"), ("revise", "Yêu cầu bổ sung", "ask for more")],
                   radio=True),
               area("review_comment", "Ý kiến chỉ đạo", "Comments", required=False)])
    p.node("exclusiveGateway", "accepted", "Tiếp nhận?", "Accepted, or sent back to be completed? KH-25.",
           "ubnd-tinh", 7)
    p.node("endEvent", "submitted", "Đã báo cáo cấp có thẩm quyền", "Ended: the report is accepted. "
           "KH-25.", "ubnd-tinh", 8)
    f = p.flow
    f("due", "init")
    f("init", "has_statistics")
    f("has_statistics", "from_history", "Từ hệ thống", "value_of('statistics') is not None",
      "Statistics from the engine's records.")
    f("has_statistics", "enter_statistics", "Nhập tay", default=True, doc="No statistics given: enter them.")
    f("from_history", "check_figures")
    f("enter_statistics", "check_figures")
    f("check_figures", "draft_report")
    f("report_overdue", "escalate")
    f("escalate", "escalated")
    f("draft_report", "review")
    f("review", "accepted")
    f("accepted", "draft_report", "Bổ sung", 'review_decision == "revise"', "Sent back.")
    f("accepted", "submitted", "Tiếp nhận", default=True, doc="Accepted.")
    return p
