"""secrecy_review: the one reusable secrecy review before any information is released (CT 1.a, CT 4.c).

Called (callActivity calledElement="secrecy_review") before an inquiry answer, a statement, a press
update, the monthly information or a rebuttal is released. In: unit, release_kind, release_text.
Out: secrecy_decision (release | limit | refuse), secrecy_note.
"""
from __future__ import annotations

from tools.bpmngen import Lane, Process
from tools.formfields import area, check, choice

SECRECY = "CT 1.a, CT 4.c"
KINDS = ("inquiry_answer", "statement", "press_update", "monthly_info", "rebuttal")
DECISIONS = [("release", "Được cung cấp đầy đủ", "may be released in full"),
             ("limit", "Cung cấp có giới hạn", "release limited"),
             ("refuse", "Không được cung cấp (bí mật nhà nước, bí mật điều tra)", "must not be released")]
LEADERS = "${leaders(unit)}"
POLICE = '${org_unit("police_security")}'


def build() -> Process:
    p = Process(
        "secrecy_review", "Rà soát bí mật nhà nước, bí mật điều tra trước khi cung cấp thông tin",
        "Secrecy review before a release: the unit's leader checks the text against the rules on state "
        "secrets and on secrecy during investigation and handling, may consult the Police (Phòng An ninh "
        "chính trị nội bộ), and decides: release, limit or refuse. Called before every inquiry answer, "
        "statement, press update, monthly information and rebuttal. Source: Đồng Nai directive, CT 1.a "
        "(first paragraph) and CT 4.c.",
        [Lane("secrecy_leaders", "Lãnh đạo đơn vị", "The releasing unit's head or deputy (leaders group "
              "of the variable unit) decides what may be released (CT 1.a).", None),
         Lane("secrecy_police", "Công an tỉnh (Phòng An ninh chính trị nội bộ)", "Consulted when the leader "
              "asks: guidance on protecting state secrets (CT 4.c).", None)])
    p.node("startEvent", "secrecy_start", "Nhận nội dung cần rà soát", "A text is to be released: the "
           "caller passes unit, release_kind and release_text.", "secrecy_leaders", 0)
    p.script("secrecy_init", "Kiểm tra nội dung đưa vào rà soát", "The release kind must be one of "
             f"{', '.join(KINDS)}; the text must not be empty. Review deadline: secrecy_days working days "
             "(default 1).", "secrecy_leaders", 1, code=f"""
if value_of("release_kind") not in {KINDS!r}:
    raise ValueError("release_kind must be one of {', '.join(KINDS)}")
if not str(value_of("release_text", "")).strip():
    raise ValueError("release_text is required for the secrecy review")
secrecy_due = working_days(int(value_of("secrecy_days", 1)))
secrecy_consulted = False
""")
    p.user("secrecy_leader_review", "Lãnh đạo đơn vị rà soát bí mật nhà nước, bí mật điều tra", "The unit's "
           "leader reviews the text for state secrets and investigation secrecy", "Release, limit or "
           "refuse; the legal basis is required to limit or refuse; the Police may be consulted first. "
           "CT 1.a, CT 4.c.", "secrecy_leaders", 2, fields=[
               choice("secrecy_decision", "Kết luận rà soát", "Review result", DECISIONS, radio=True),
               area("secrecy_note", "Căn cứ pháp lý, phạm vi hạn chế (bắt buộc nếu hạn chế hoặc không "
                    "cung cấp)", "Legal basis and what is withheld (required to limit or refuse)",
                    required=False),
               check("consult_police", "Xin ý kiến Công an tỉnh trước khi kết luận",
                     "Consult the Police before deciding")],
           candidateGroups=LEADERS, dueDate="${secrecy_due}").props["clause"] = SECRECY
    p.node("exclusiveGateway", "secrecy_consult", "Xin ý kiến Công an?", "Does the leader consult the "
           "Police before deciding? CT 4.c.", "secrecy_leaders", 3)
    p.user("secrecy_police_opinion", "Công an tỉnh cho ý kiến về bảo vệ bí mật nhà nước", "The Police "
           "give their opinion on protecting state secrets", "Within 2 working days. CT 4.c.",
           "secrecy_police", 4, fields=[
               choice("police_advice", "Ý kiến đề xuất", "Advice", DECISIONS, radio=True),
               area("police_opinion", "Nội dung ý kiến", "Opinion")],
           candidateGroups=POLICE, dueDate="${working_days(2)}").props["clause"] = "CT 4.c"
    p.user("secrecy_decide", "Lãnh đạo đơn vị kết luận sau ý kiến Công an", "The unit's leader decides "
           "after the Police opinion", "CT 1.a, CT 4.c.", "secrecy_leaders", 5, fields=[
               choice("secrecy_decision", "Kết luận rà soát", "Review result", DECISIONS, radio=True),
               area("secrecy_note", "Căn cứ pháp lý, phạm vi hạn chế (bắt buộc nếu hạn chế hoặc không "
                    "cung cấp)", "Legal basis and what is withheld (required to limit or refuse)",
                    required=False)],
           candidateGroups=LEADERS, dueDate="${working_days(1)}").props["clause"] = SECRECY
    p.script("secrecy_record", "Ghi nhận kết luận rà soát", "The decision is release, limit or refuse; "
             "limit and refuse need their legal basis (secrecy_note), kept in the history. CT 1.a.",
             "secrecy_leaders", 6, code="""
if secrecy_decision not in ("release", "limit", "refuse"):
    raise ValueError("secrecy_decision must be release, limit or refuse")
secrecy_note = str(value_of("secrecy_note", "")).strip()
if secrecy_decision != "release" and not secrecy_note:
    raise ValueError("secrecy_note (the legal basis) is required to limit or refuse a release")
secrecy_reviewed_at = iso(now())
""").props["clause"] = "CT 1.a"
    p.node("endEvent", "secrecy_end", "Đã rà soát", "Reviewed: secrecy_decision and secrecy_note go back "
           "to the caller.", "secrecy_leaders", 7)
    f = p.flow
    f("secrecy_start", "secrecy_init")
    f("secrecy_init", "secrecy_leader_review")
    f("secrecy_leader_review", "secrecy_consult")
    f("secrecy_consult", "secrecy_police_opinion", "Xin ý kiến", "bool(value_of('consult_police', False))",
      "The leader consults the Police.")
    f("secrecy_consult", "secrecy_record", "Kết luận ngay", default=True, doc="The leader decides alone.")
    f("secrecy_police_opinion", "secrecy_decide")
    f("secrecy_decide", "secrecy_record")
    f("secrecy_record", "secrecy_end")
    return p
