"""daily_monitoring: each working day the press office collects the items about the province; every item
flagged for a rebuttal becomes a false_report_rebuttal case (Lai Châu plan, KH-4, KH-5)."""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.bpmnparts import each, timer_start
from tools.formfields import area, many, number

MONITORED = ["so-y-te", "so-tttt", "vp-ubnd", "cong-an", "ban-tuyen-giao", "ubnd-bien-hoa", "ubnd-long-khanh"]


def build() -> Process:
    p = Process(
        "daily_monitoring", "Theo dõi báo chí, mạng xã hội hằng ngày",
        "Every working day the press office of Sở TTTT collects the press, e-news and social-media items "
        "about the province by collect_hours after the start (escalated when late); every item flagged "
        "for a rebuttal is handled as its own false_report_rebuttal case (call activity, one per item, "
        "case number GS-<date>-<n>). On a weekend or public holiday the instance ends at once. Source: "
        "KH-4, KH-5.",
        [Lane("so-tttt", "Sở Thông tin và Truyền thông (bộ phận theo dõi báo chí)", "The press office of "
              "Sở TTTT monitors the press and social media and opens the rebuttal cases (KH-4, KH-5).")],
        starters="so-tttt")
    p.node("startEvent", "daily", "Đầu ngày", "Daily timer, 08:00 Hanoi time; an instance can also be "
           "started by hand. KH-4.", "so-tttt", 0, **timer_start("daily", "R/2026-01-01T08:00:00+07:00/P1D"))
    p.script("init_day", "Xác định ngày theo dõi, thời hạn", "The day monitored, whether it is a working "
             "day, and the deadline length with its default: collect_hours (8 hours after the start); "
             "monitored_units (the units an item can concern). KH-4.", "so-tttt", 1, code=f"""
monitoring_date = iso(today())
working_day = is_working_day(monitoring_date)
collect_hours = int(value_of("collect_hours", 8))
collect_due = iso(now() + timedelta(hours=collect_hours))
monitored_units = list(value_of("monitored_units", {MONITORED!r}))
""")
    p.node("exclusiveGateway", "working_day_gw", "Ngày làm việc?", "Is the day a working day (weekends and "
           "Vietnamese public holidays are not)? KH-4.", "so-tttt", 2)
    p.node("endEvent", "day_off", "Ngày nghỉ: không tổng hợp", "Ended quietly: not a working day. KH-4.",
           "so-tttt", 3, 1)
    p.user("collect_items", "Tổng hợp tin, bài về tỉnh trong ngày", "Collect the day's items about the "
           "province and flag those that need a rebuttal", "KH-4, KH-5.", "so-tttt", 3, fields=[
               number("items_total", "Số tin, bài liên quan đến tỉnh", "Items about the province", low=0,
                      high=5000),
               many("channels", "Nguồn đã theo dõi", "Channels monitored", [
                   ("press", "Báo in, báo điện tử", "newspapers and online press"),
                   ("e_news", "Trang thông tin điện tử tổng hợp", "e-news sites"),
                   ("social_media", "Mạng xã hội", "social media")]),
               area("digest", "Tóm tắt dư luận trong ngày", "Digest of the day's coverage"),
               area("flagged_items", "Tin cần phản bác: mỗi dòng 'đường dẫn | mã đơn vị liên quan | cơ quan "
                    "báo chí'", "Items needing a rebuttal, one line each: 'address | unit code | press "
                    "agency'", required=False)],
           dueDate="${collect_due}")
    p.timer("collect_overdue", "Quá hạn tổng hợp", "collect_due passed: the Department's leadership takes "
            "it up without stopping the work. KH-4.", "collect_items", "timeDate", "collect_due")
    p.user("escalate_digest", "Chỉ đạo hoàn thành tổng hợp trong ngày", "The Department's leadership "
           "deals with the late monitoring digest", "KH-4.", "so-tttt", 4, 2, fields=[
               area("escalation_instruction", "Chỉ đạo", "Instruction")], priority="90")
    p.node("endEvent", "digest_escalated", "Đã chỉ đạo", "Escalation handled.", "so-tttt", 5, 2)
    p.script("open_flags", "Lập danh sách tin cần phản bác", "One case per flagged line, numbered "
             "GS-<date>-<n>; the address must be a web address, the unit one of monitored_units, at most "
             "as many flags as items. KH-5.", "so-tttt", 4, code="""
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
""")
    p.node("exclusiveGateway", "any_flagged", "Có tin cần phản bác?", "Was any item flagged? KH-5.",
           "so-tttt", 5)
    p.node("endEvent", "nothing_flagged", "Không có tin cần phản bác", "Ended: the digest is in, nothing to "
           "rebut. KH-4.", "so-tttt", 6, 1)
    p.node("subProcess", "rebut_each", "Xử lý từng tin cần phản bác", "Multi-instance over flags: each "
           "flagged item becomes its own rebuttal case; the day ends when every case has ended. KH-5.",
           "so-tttt", 6, body=each("flags", "flag"))
    inner = {"parent": "rebut_each"}
    p.node("startEvent", "flag_start", "Tin được đánh dấu", "A flagged item. KH-5.", "so-tttt", 6, **inner)
    p.script("open_case", "Mở hồ sơ phản bác", "Give the rebuttal its case number, the unit concerned, the "
             "article and source monitoring. KH-5.", "so-tttt", 7, code="""
case_number = flag["case_number"]
unit = flag["unit"]
article_url = flag["article_url"]
press_agency = flag["press_agency"]
source = "monitoring"
""", **inner)
    p.node("callActivity", "rebut", "Phản hồi, cải chính thông tin sai sự thật", "Call false_report_rebuttal "
           "for this case (verification, response, correction follow-up). KH-5, CT-7 to CT-10.", "so-tttt",
           8, attrs={"calledElement": "false_report_rebuttal"}, **inner)
    p.script("close_case", "Ghi nhận kết quả hồ sơ", "Keep the case's finding and route in its item. KH-5.",
             "so-tttt", 9, code="""
flag["finding"] = value_of("finding")
flag["route"] = value_of("route")
flag["corrected"] = bool(value_of("correction_url"))
""", **inner)
    p.node("endEvent", "flag_end", "Hồ sơ kết thúc", "The case has ended.", "so-tttt", 10, **inner)
    p.script("day_summary", "Tổng hợp kết quả trong ngày", "Count the cases by route. KH-5.", "so-tttt", 11,
             code="""
rebuttal_routes = {}
for item in flags:
    rebuttal_routes[item["route"]] = rebuttal_routes.get(item["route"], 0) + 1
""")
    p.node("endEvent", "cases_closed", "Đã xử lý các tin cần phản bác", "Ended: every flagged item's case "
           "has ended. KH-5.", "so-tttt", 12)
    f = p.flow
    f("daily", "init_day")
    f("init_day", "working_day_gw")
    f("working_day_gw", "collect_items", "Ngày làm việc", "working_day", "A working day.")
    f("working_day_gw", "day_off", "Ngày nghỉ", default=True, doc="Weekend or public holiday.")
    f("collect_items", "open_flags")
    f("collect_overdue", "escalate_digest")
    f("escalate_digest", "digest_escalated")
    f("open_flags", "any_flagged")
    f("any_flagged", "rebut_each", "Có", "flagged_count > 0", "Items to rebut.")
    f("any_flagged", "nothing_flagged", "Không", default=True, doc="Nothing to rebut.")
    f("flag_start", "open_case")
    f("open_case", "rebut")
    f("rebut", "close_case")
    f("close_case", "flag_end")
    f("rebut_each", "day_summary")
    f("day_summary", "cases_closed")
    return p
