"""daily_monitoring: every day, working day or not, the press office (Phòng Thông tin - Báo chí - Xuất
bản) collects the press, e-news and social-media items about the province (a duty officer on days off);
every item flagged for "phản hồi, cải chính" becomes a false_report_rebuttal case (Lai Châu plan KH II.3,
KH III.4; Đồng Nai directive CT 1.e)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import area, check, many, number

# The kinds of organisation groups an item can concern (engine/organisation.py KINDS).
MONITORED_KINDS = ["department", "district", "office", "party", "province"]


def _fields() -> list[dict]:
    return [number("items_total", "Số tin, bài liên quan đến tỉnh", "Items about the province", low=0,
                   high=5000),
            many("channels", "Nguồn đã theo dõi", "Channels monitored", [
                ("press", "Báo in, báo điện tử", "newspapers and online press"),
                ("e_news", "Trang thông tin điện tử tổng hợp", "e-news sites"),
                ("social_media", "Mạng xã hội", "social media")]),
            area("digest", "Tóm tắt dư luận trong ngày", "Digest of the day's coverage"),
            area("flagged_items", "Tin cần phản hồi, cải chính: mỗi dòng 'đường dẫn | mã đơn vị liên quan | "
                 "cơ quan báo chí'", "Items needing a written response, one line each: 'address | unit code "
                 "| press agency'", required=False),
            check("sensitive", "Có vấn đề nhạy cảm, phức tạp cần định hướng dư luận", "A sensitive or "
                  "complex matter needs Ban Tuyên giáo's orientation")]


def build() -> Process:
    p = Process(
        "daily_monitoring", "Theo dõi, tổng hợp thông tin báo chí, mạng xã hội hằng ngày",
        "Every day the press office of Sở TTTT (Phòng Thông tin - Báo chí - Xuất bản) collects the press, "
        "e-news and social-media items about the province by collect_hours after the start (its leaders "
        "take up a late digest); on weekends and public holidays the duty officer does it. Every item "
        "flagged for a written response is handled as its own false_report_rebuttal case (call activity, "
        "one per item, case number GS-<date>-<n>). Source: KH II.3, KH III.4, CT 1.e.",
        [Lane("so-tttt-ttbcxb", "Phòng Thông tin - Báo chí - Xuất bản (Sở TTTT)", "Monitors the press and "
              "social media every day and opens the rebuttal cases (KH II.3, KH III.4).", None),
         Lane("lanh-dao-phong", "Lãnh đạo Phòng Thông tin - Báo chí - Xuất bản", "Takes up a late digest.",
              None),
         Lane("ban-tuyen-giao", "Phòng Tuyên truyền - Báo chí - Xuất bản (Ban Tuyên giáo Tỉnh ủy)",
              "Works with the press office on monitoring; orients opinion on sensitive matters (KH III.1).",
              None)],
        starters="so-tttt-ttbcxb")
    lane, lead = "so-tttt-ttbcxb", "lanh-dao-phong"
    p.node("startEvent", "daily", "Đầu ngày", "Daily timer, 08:00 Hanoi time, every day of the week; an "
           "instance can also be started by hand. KH II.3.", lane, 0, props={"clause": "KH II.3"},
           **timer_start("daily", "R/2026-01-01T08:00:00+07:00/P1D"))
    p.script("init_day", "Xác định ngày theo dõi, thời hạn", "The day monitored, whether it is a working "
             "day, and the deadline length with its default: collect_hours (8 hours after the start); "
             "monitored_units (the organisation's agencies and districts an item can concern). KH II.3.",
             lane, 1, props={"clause": "KH II.3"}, code=f"""
monitoring_date = iso(today())
working_day = is_working_day(monitoring_date)
collect_hours = int(value_of("collect_hours", 8))
collect_due = iso(now() + timedelta(hours=collect_hours))
kinds = {MONITORED_KINDS!r}
monitored_units = list(value_of("monitored_units", None) or [c for k in kinds for c in org_groups(k)])
del kinds
""")
    p.node("exclusiveGateway", "working_day_gw", "Ngày làm việc?", "A working day goes to the press "
           "office, a weekend or public holiday to the duty officer: monitoring never skips a day. KH II.3.",
           lane, 2)
    p.user("collect_items", "Tổng hợp tin, bài về tỉnh trong ngày", "Collect the day's items about the "
           "province and flag those that need a written response", "KH II.3, KH III.4.", lane, 3,
           fields=_fields(), candidateGroups='${org_unit("press_office")}', dueDate="${collect_due}")
    p.nodes["collect_items"].props = {"clause": "KH II.3, KH III.4, CT 1.e"}
    p.user("duty_collect", "Trực theo dõi thông tin ngày nghỉ", "The duty officer collects the day's items "
           "on a day off and flags those that need a written response", "KH II.3.", lane, 3, 1,
           fields=_fields(), candidateGroups='${org_unit("duty_officer")}', dueDate="${collect_due}")
    p.nodes["duty_collect"].props = {"clause": "KH II.3, KH III.4, CT 1.e"}
    for task in ("collect_items", "duty_collect"):
        p.timer(f"{task}_overdue", "Quá hạn tổng hợp", "collect_due passed: the press office's leaders "
                "take it up without stopping the work. KH II.3.", task, "timeDate", "collect_due")
    p.user("escalate_digest", "Chỉ đạo hoàn thành tổng hợp trong ngày", "The press office's leaders deal "
           "with the late monitoring digest", "KH II.3.", lead, 5, fields=[
               area("escalation_instruction", "Chỉ đạo", "Instruction")],
           candidateGroups='${leaders(org_unit("press_office"))}', dueDate="${working_days(1)}",
           priority="90")
    p.nodes["escalate_digest"].props = {"clause": "KH II.3"}
    p.node("endEvent", "digest_escalated", "Đã chỉ đạo", "Escalation handled.", lead, 6)
    p.script("note_late_digest", "Ghi nhận quá hạn", "The late unit (the press office, or its duty officers "
             "on a day off), counted per agency.", lead, 4,
             props={"clause": "KH II.3", "tally": "escalation", "tallyAgency": "late_unit"},
             code='late_unit = org_unit("press_office") if working_day else org_unit("duty_officer")')
    p.script("open_flags", "Lập danh sách tin cần phản hồi, cải chính", "One case per flagged line, "
             "numbered GS-<date>-<n>; the address must be a web address, the unit one of monitored_units, "
             "at most as many flags as items. KH III.4, CT 1.e.", lane, 4, 1,
             props={"clause": "KH III.4, CT 1.e"}, code="""
lines = [line for line in str(value_of("flagged_items", "")).splitlines() if line.strip()]
stamp = monitoring_date.replace("-", "")
flags = []
for number, line in enumerate(lines, 1):
    parts = [part.strip() for part in line.split("|")]
    if len(parts) != 3 or not parts[0].startswith(("http://", "https://")):
        raise ValueError(f"flagged_items line {number}: write 'address | unit code | press agency'")
    if parts[1] not in monitored_units:
        raise ValueError(f"flagged_items line {number}: unknown unit {parts[1]!r}")
    flags.append({"case_number": f"GS-{stamp}-{number}", "article_url": parts[0], "unit": parts[1],
                  "press_agency": parts[2]})
if len(flags) > int(items_total):
    raise ValueError("flagged_items: more items flagged than items collected")
flagged_count = len(flags)
sensitive = bool(value_of("sensitive", False))
""")
    p.node("exclusiveGateway", "sensitive_gw", "Vấn đề nhạy cảm?", "Does a sensitive or complex matter "
           "need Ban Tuyên giáo's orientation? KH III.1.", lane, 4.5, 1)
    p.node("parallelGateway", "day_fork", "Phản hồi và định hướng", "The rebuttal cases and Ban Tuyên "
           "giáo's orientation go on side by side: neither waits for the other.", lane, 4.8, 3)
    p.user("orientation", "Phối hợp nắm bắt thông tin, định hướng dư luận", "Ban Tuyên giáo's press unit "
           "gives information and orientation on the sensitive matter", "KH III.1.", "ban-tuyen-giao", 6.5,
           fields=[area("orientation_note", "Ý kiến định hướng thông tin", "Orientation given")],
           candidateGroups='${org_unit("party_press")}', dueDate="${working_days(1)}")
    p.nodes["orientation"].props = {"clause": "KH III.1"}
    p.node("endEvent", "oriented", "Đã định hướng thông tin", "Ban Tuyên giáo's press unit has given its "
           "orientation.", "ban-tuyen-giao", 7.5)
    p.node("exclusiveGateway", "any_flagged", "Có tin cần phản hồi, cải chính?", "Was any item flagged?",
           lane, 5.3, 1)
    p.node("endEvent", "nothing_flagged", "Không có tin cần phản hồi, cải chính", "Ended: the digest is "
           "in, nothing to answer. KH II.3.", lane, 6, 2)
    p.node("subProcess", "rebut_each", "Xử lý từng tin cần phản hồi, cải chính", "Multi-instance over "
           "flags: each flagged item becomes its own rebuttal case; the day ends when every case has "
           "ended. CT 1.e.", lane, 6, 1, body=each("flags", "flag"), props={"clause": "CT 1.e, KH III.4"})
    inner = {"parent": "rebut_each"}
    p.node("startEvent", "flag_start", "Tin được đánh dấu", "A flagged item.", lane, 6, 1, **inner)
    p.script("open_case", "Mở hồ sơ phản hồi, cải chính", "Give the rebuttal its case number, the unit "
             "concerned, the article and source monitoring.", lane, 7, 1, code="""
case_number = flag["case_number"]
unit = flag["unit"]
article_url = flag["article_url"]
press_agency = flag["press_agency"]
source = "monitoring"
""", **inner)
    p.node("callActivity", "rebut", "Phản hồi, cải chính thông tin báo chí sai sự thật", "Call "
           "false_report_rebuttal for this case (verification, response, correction follow-up). CT 1.e.",
           lane, 8, 1, attrs={"calledElement": "false_report_rebuttal"}, props={"clause": "CT 1.e"}, **inner)
    p.script("close_case", "Ghi nhận kết quả hồ sơ", "Keep the case's finding and route in its item.",
             lane, 9, 1, code="""
flag["finding"] = value_of("finding")
flag["route"] = value_of("route")
flag["corrected"] = bool(value_of("correction_url"))
""", **inner)
    p.node("endEvent", "flag_end", "Hồ sơ kết thúc", "The case has ended.", lane, 10, 1, **inner)
    p.script("day_summary", "Tổng hợp kết quả trong ngày", "Count the cases by route. KH II.3.", lane, 11,
             1, code="""
rebuttal_routes = {}
for item in flags:
    rebuttal_routes[item["route"]] = rebuttal_routes.get(item["route"], 0) + 1
""")
    p.node("endEvent", "cases_closed", "Đã xử lý các tin cần phản hồi, cải chính", "Ended: every flagged "
           "item's case has ended.", lane, 12, 1)
    f = p.flow
    f("daily", "init_day")
    f("init_day", "working_day_gw")
    f("working_day_gw", "collect_items", "Ngày làm việc", "working_day", "A working day.")
    f("working_day_gw", "duty_collect", "Ngày nghỉ", default=True, doc="Weekend or public holiday: duty.")
    f("collect_items", "open_flags")
    f("duty_collect", "open_flags")
    f("collect_items_overdue", "note_late_digest")
    f("duty_collect_overdue", "note_late_digest")
    f("note_late_digest", "escalate_digest")
    f("escalate_digest", "digest_escalated")
    f("open_flags", "sensitive_gw")
    f("sensitive_gw", "day_fork", "Nhạy cảm", "sensitive")
    f("sensitive_gw", "any_flagged", "Không", default=True)
    f("day_fork", "any_flagged")
    f("day_fork", "orientation")
    f("orientation", "oriented")
    f("any_flagged", "rebut_each", "Có", "flagged_count > 0", "Items to answer.")
    f("any_flagged", "nothing_flagged", "Không", default=True, doc="Nothing to answer.")
    f("flag_start", "open_case")
    f("open_case", "rebut")
    f("rebut", "close_case")
    f("close_case", "flag_end")
    f("rebut_each", "day_summary")
    f("day_summary", "cases_closed")
    return p
