"""Walking the shared release steps the publication procedures call: the secrecy review by the unit's
leader (secrecy_review) and the provincial portal item (portal_publication: VP UBND edits, the Chief of
Office approves, VP UBND publishes)."""
from __future__ import annotations

from .walk import do

CALLED = ("secrecy_review", "portal_publication")


def review(engine, iid: str, leader: str, decision: str = "release", note: str = "") -> None:
    """The unit's leader decides on the one open secrecy review of the instance."""
    data = {"secrecy_decision": decision, "consult_police": False}
    if note or decision != "release":
        data["secrecy_note"] = note or "Khoản 2 Điều 9 Nghị định 09/2017/NĐ-CP"
    do(engine, iid, "secrecy_leader_review", leader, **data)


def portal(engine, iid: str, url: str = "https://portal.example/tin/1", editor: str = "officer.vp",
           chief: str = "chief.vp") -> None:
    """VP UBND edits, the Chief of Office approves and VP UBND publishes the one open portal item."""
    do(engine, iid, "portal_edit", editor, portal_title="Tin đăng Cổng Thông tin điện tử tỉnh",
       portal_summary="Nội dung tin đã biên tập cùng đơn vị")
    do(engine, iid, "portal_approve", chief, portal_decision="approve")
    do(engine, iid, "portal_publish", editor, portal_url=url)


def site(engine, iid: str, element: str, who: str, url: str = "https://donvi.example/tin/1", *,
         choice: bool = True, skip_reason: str | None = None) -> None:
    """The unit posts the item on its own site and sends it to the portal (`choice`: the form asks);
    a `skip_reason` leaves the portal out."""
    data = {"site_url": url}
    if choice:
        data["to_portal"] = "no" if skip_reason is not None else "yes"
        if skip_reason:
            data["portal_skip_reason"] = skip_reason
    do(engine, iid, element, who, **data)
