"""Steps the publication procedures share, drawn into a tools/bpmngen Process: the secrecy review before a
release (call of `secrecy_review`), publication on the unit's own site and, by default, on the provincial
portal (call of `portal_publication`: VP UBND edits, the Chief of Office approves, VP UBND publishes), and
an escalation to the leaders above the unit when a deadline passes.

Element ids made here start with the caller's prefix; none starts with `secrecy_` or `portal_`, the
prefixes of the called processes (a caller and a called process must not share element ids).
"""
from __future__ import annotations

from tools.bpmngen import Node, Process
from tools.formfields import area, choice, text

URL = "^https?://\\S+$"
YES_NO = [("yes", "Có", "yes"), ("no", "Không", "no")]
SECRECY_CLAUSE = "CT 1.a, CT 4.c"
SITE_CLAUSE = "CT 1.b"
PORTAL_CLAUSE = "CT 1.b, CT 2.a"


def cite(node: Node, clause: str) -> Node:
    """The `clause` extension property: the documents' own ids of the obligation the element fulfils."""
    node.props["clause"] = clause
    return node


def due(days: str | int) -> str:
    """A camunda:dueDate of `days` working days from the task's creation (a number or a variable)."""
    return f"${{working_days({days})}}"


def secrecy(p: Process, prefix: str, lane: str, col: float, row: int = 0, *, unit: str, kind: str,
            text_of: str,
            refused: str, then: str, parent: str | None = None, clause: str = SECRECY_CLAUSE) -> str:
    """The unit leader's secrecy review of `text_of` (an expression) before it is released; a refusal goes
    back to `refused`, a release (in full or limited) on to `then`. Returns the first element's id."""
    inner = {"parent": parent} if parent else {}
    cite(p.script(f"{prefix}_release", "Chuẩn bị nội dung trước khi cung cấp", "The text to release, the "
                                                                               "unit "
                  f"and the kind of release ({kind}) for the secrecy review.", lane, col, row,
                  code=f"unit = {unit}\nrelease_kind = {kind!r}\nrelease_text = str({text_of})", **inner),
                  clause)
    cite(p.node("callActivity", f"{prefix}_check", "Xem xét bảo vệ bí mật nhà nước", "secrecy_review: the "
                "unit leader checks state and investigation secrets (optionally with Police) before "
                "release.", lane, col + 1, row, attrs={"calledElement": "secrecy_review"}, **inner), clause)
    cite(p.node("exclusiveGateway", f"{prefix}_cleared", "Được phép cung cấp?", "Released in full or "
                "limited goes on; refused goes back to be rewritten.", lane, col + 2, row, **inner), clause)
    p.flow(f"{prefix}_release", f"{prefix}_check")
    p.flow(f"{prefix}_check", f"{prefix}_cleared")
    p.flow(f"{prefix}_cleared", refused, "Không được cung cấp", 'secrecy_decision == "refuse"',
           "Refused: the text is rewritten.")
    p.flow(f"{prefix}_cleared", then, "Được cung cấp", default=True, doc="Released (in full or limited).")
    return f"{prefix}_release"


def publish(p: Process, prefix: str, lane: str, col: float, row: int = 0, *, unit: str, group: str,
            kind: str, title: str, text_of: str, then: str, days: str | int = 1, parent: str | None = None,
            site: bool = True, optional: bool = True, clause: str = PORTAL_CLAUSE) -> str:
    """With `site`, the unit posts the item on its own site (Trang thông tin điện tử của đơn vị) and sends
    it to VP UBND for the provincial portal by default (leaving the portal out needs a reason); without,
    the item goes straight to the portal; `optional=False` sends it to the portal always. Then `then`.
    `unit`, `title` and `text_of` are expressions. Returns the first element's id."""
    inner = {"parent": parent} if parent else {}
    first = f"{prefix}_site" if site else f"{prefix}_item"
    optional = optional and site
    if site:
        skip = [choice("to_portal", "Chuyển Văn phòng UBND tỉnh đăng Cổng Thông tin điện tử tỉnh",
                       "Send to VP UBND for the provincial portal (the rule)", YES_NO, radio=True,
                       default="yes"),
                area("portal_skip_reason", "Lý do không đăng Cổng (nếu không chuyển)", "Why it is not sent "
                                                                                       "to "
                     "the portal", required=False)] if optional else []
        cite(p.user(f"{prefix}_site", "Đăng Trang thông tin điện tử của đơn vị, chuyển đăng Cổng", "Post it "
                                                                                                   "on "
                    "the unit's own site and send it to the portal", "Statements and press releases go on "
                                                                     "the "
                    "unit's site and to VP UBND for the portal; leaving the portal out needs a reason.", lane,
                    col, row, fields=[
                        text("site_url", "Đường dẫn trên Trang thông tin điện tử của đơn vị", "Address on "
                                                                                              "the "
                             "unit's own site", pattern=URL), *skip],
                    candidateGroups=group, dueDate=due(days)), SITE_CLAUSE)
        p.nodes[first].parent = parent
        p.flow(first, f"{prefix}_item")
    check = """
if value_of("to_portal", "yes") == "no" and not str(value_of("portal_skip_reason", "")).strip():
    raise ValueError("portal_skip_reason: say why the item is not sent to the portal")""" if optional else ""
    cite(p.script(f"{prefix}_item", "Lập tin gửi Cổng Thông tin điện tử tỉnh", "The portal item: unit, kind, "
                  "title and text.", lane, col + 1, row, code=f"""{check}
unit = {unit}
item_kind = {kind!r}
item_title = str({title})
item_text = str({text_of})
""", **inner), clause)
    cite(p.node("callActivity", f"{prefix}_portal",
                "Đăng Cổng Thông tin điện tử tỉnh (Chánh Văn phòng duyệt)",
                "portal_publication: VP UBND edits, the Chief of Office approves, VP UBND publishes.", lane,
                col + 3, row, attrs={"calledElement": "portal_publication"}, **inner), clause)
    p.flow(f"{prefix}_portal", then)
    if not optional:
        p.flow(f"{prefix}_item", f"{prefix}_portal")
        return first
    cite(p.node("exclusiveGateway", f"{prefix}_routed", "Đăng Cổng?", "To the portal unless a reason was "
                "given.", lane, col + 2, row, **inner), clause)
    p.flow(f"{prefix}_item", f"{prefix}_routed")
    p.flow(f"{prefix}_routed", then, "Không đăng Cổng (có lý do)", 'value_of("to_portal", "yes") == "no"',
           "Left out of the portal, with the reason recorded.")
    p.flow(f"{prefix}_routed", f"{prefix}_portal", "Đăng Cổng", default=True, doc="The rule: to the portal.")
    return first


def escalation(p: Process, host: str, prefix: str, lane: str, col: float, row: int, *, when: str, group: str,
               clause: str, slot: int = 0) -> None:
    """A non-interrupting timer on `host` at `when` (an expression giving a moment): the leaders in
    `group`, above the unit doing the work, take it up within a working day; the work goes on."""
    cite(p.timer(f"{prefix}_late", "Quá hạn", "The deadline passed: the leaders above the unit take it up, "
                 "the work goes on.", host, "timeDate", when, slot=slot), clause)
    cite(p.user(f"escalate_{prefix}", "Lãnh đạo chỉ đạo xử lý việc chậm", "The leaders act on the late work",
                "Escalation above the unit.", lane, col, row, fields=[
                    area("escalation_instruction", "Nội dung chỉ đạo", "Instruction")],
                candidateGroups=group, dueDate=due(1), priority="90"), clause)
    p.node("endEvent", f"{prefix}_escalated", "Đã chỉ đạo", "Escalation handled.", lane, col + 1, row)
    p.nodes[f"escalate_{prefix}"].parent = p.nodes[f"{prefix}_escalated"].parent = p.nodes[host].parent
    p.flow(f"{prefix}_late", f"escalate_{prefix}")
    p.flow(f"escalate_{prefix}", f"{prefix}_escalated")


# The province's agencies that can lead a case or report, from the deployed organisation (never a list
# of one province's districts): an expression for scripts.
AGENCIES = 'sorted(set(org_groups("office") + org_groups("department") + org_groups("district")))'
