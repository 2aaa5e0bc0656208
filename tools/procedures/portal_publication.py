"""portal_publication: every item for the provincial e-portal (Cổng Thông tin điện tử tỉnh): VP UBND
edits it with the unit, the Chief of Office approves, VP UBND publishes (CT 1.b, CT 2.a, CT 2.b).

Called (callActivity calledElement="portal_publication"). In: unit, item_kind, item_title, item_text.
Out: portal_url, portal_published_at (both None when the Chief of Office declines), portal_decision.
"""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import area, choice, text

OFFICE = '${org_unit("portal_office")}'
CHIEF = '${org_unit("portal_chief")}'
KINDS = ("statement", "press_release", "inquiry_answer", "case_news", "case_update", "monthly_info",
         "roster", "rebuttal", "inspection_result", "briefing")


def build() -> Process:
    p = Process(
        "portal_publication", "Đăng tải tin, bài lên Cổng Thông tin điện tử tỉnh",
        "An item for the provincial e-portal: the Portal (Văn phòng UBND tỉnh) liaises with the unit and "
        "edits the item, reports it to the Chief of Office (Chánh Văn phòng) who approves it, then "
        "publishes it; each step has a due date in working days. Source: Đồng Nai directive, CT 1.b, "
        "CT 2.a, CT 2.b.",
        [Lane("portal_office", "Văn phòng UBND tỉnh (Cổng Thông tin điện tử tỉnh)", "The Portal editors "
              "of the Office of the Provincial People's Committee (CT 2.a, CT 2.b).", None),
         Lane("portal_chief", "Chánh Văn phòng UBND tỉnh", "The Chief of Office or the deputy (leaders "
              "group of VP UBND) agrees the content of every portal item (CT 2.b).", None)])
    p.node("startEvent", "portal_start", "Nhận nội dung đăng Cổng", "A unit sends content for the portal: "
           "the caller passes unit, item_kind, item_title and item_text (CT 1.b).", "portal_office", 0)
    p.script("portal_init", "Kiểm tra nội dung gửi đăng", f"item_kind is one of {', '.join(KINDS)}; title "
             "and text must not be empty. Each step is due within portal_days working days (default 1).",
             "portal_office", 1, code=f"""
if value_of("item_kind") not in {KINDS!r}:
    raise ValueError("item_kind must be one of {', '.join(KINDS)}")
if not str(value_of("item_title", "")).strip() or not str(value_of("item_text", "")).strip():
    raise ValueError("item_title and item_text are required for a portal item")
portal_days = int(value_of("portal_days", 1))
portal_url = None
portal_published_at = None
""")
    p.user("portal_edit", "Biên tập tin, bài cho Cổng Thông tin điện tử tỉnh", "Edit the item for the "
           "provincial e-portal with the unit", "Liaise with the unit, write the news item and report it "
           "to the Chief of Office. CT 2.a, CT 2.b.", "portal_office", 2, fields=[
               text("portal_title", "Tiêu đề tin, bài", "Title of the item", min_len=5, max_len=250),
               area("portal_summary", "Nội dung tin, bài", "Text of the item")],
           candidateGroups=OFFICE, dueDate="${working_days(portal_days)}").props["clause"] = "CT 2.a, CT 2.b"
    p.user("portal_approve", "Chánh Văn phòng UBND tỉnh duyệt tin, bài", "The Chief of Office approves the "
           "portal item", "Not by the person who edited it (fourEyes). CT 2.b.", "portal_chief", 3, fields=[
               choice("portal_decision", "Ý kiến duyệt", "Decision", [
                   ("approve", "Duyệt đăng", "approve"), ("revise", "Yêu cầu biên tập lại", "send back"),
                   ("reject", "Không đăng", "reject")], radio=True),
               area("portal_comment", "Ý kiến (bắt buộc nếu không đăng)", "Comments (required to reject)",
                    required=False)],
           candidateGroups=CHIEF, dueDate="${working_days(portal_days)}").props.update(
               clause="CT 2.b", fourEyes="portal_edit")
    p.node("exclusiveGateway", "portal_ok", "Duyệt đăng?", "Approved, sent back or rejected? CT 2.b.",
           "portal_chief", 4)
    p.script("portal_declined", "Ghi nhận không đăng, lý do", "The Chief of Office declined: the reason is "
             "required and goes back to the unit. CT 2.b.", "portal_chief", 5, 1, code="""
if not str(value_of("portal_comment", "")).strip():
    raise ValueError("portal_comment (the reason) is required to reject a portal item")
""").props["clause"] = "CT 2.b"
    p.node("endEvent", "portal_not_published", "Không đăng Cổng", "Ended: not published; portal_url stays "
           "empty.", "portal_chief", 6, 1)
    p.user("portal_publish", "Đăng tải tin, bài lên Cổng Thông tin điện tử tỉnh", "Publish the item on the "
           "provincial e-portal", "CT 1.b, CT 2.a.", "portal_office", 5, fields=[
               text("portal_url", "Đường dẫn tin, bài trên Cổng", "Address on the portal",
                    pattern="^https?://\\S+$")],
           candidateGroups=OFFICE, dueDate="${working_days(portal_days)}").props["clause"] = "CT 1.b, CT 2.a"
    p.script("portal_record", "Ghi nhận thời điểm đăng", "portal_published_at is the engine clock's "
             "moment of publication. CT 2.a.", "portal_office", 6, code="portal_published_at = iso(now())")
    p.node("endEvent", "portal_published", "Đã đăng Cổng", "Ended: published; portal_url and "
           "portal_published_at go back to the caller.", "portal_office", 7)
    f = p.flow
    f("portal_start", "portal_init")
    f("portal_init", "portal_edit")
    f("portal_edit", "portal_approve")
    f("portal_approve", "portal_ok")
    f("portal_ok", "portal_publish", "Duyệt", 'portal_decision == "approve"', "Approved.")
    f("portal_ok", "portal_declined", "Không đăng", 'portal_decision == "reject"', "Rejected.")
    f("portal_ok", "portal_edit", "Biên tập lại", default=True, doc="Sent back for editing.")
    f("portal_declined", "portal_not_published")
    f("portal_publish", "portal_record")
    f("portal_record", "portal_published")
    return p
