"""An officer whom a supervisor assigns tasks sees the unread count in the header, reads the notices
newest first, marks one read, then all, and opens the task a notice is about."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import sign_in

OFFICER = "officer.tttt"


def _assigned(server, business_key: str) -> dict:
    task = server.open_task(server.start("web_review", business_key)["id"])
    server.call("POST", f"/api/v1/tasks/{task['id']}/assign", {"user": OFFICER}, user="supervisor")
    return task


def test_officer_sees_the_unread_badge_and_marks_notices_read(page, server):
    server.call("POST", "/api/v1/notifications/read-all", user=OFFICER)  # earlier tests' notices
    first = _assigned(server, "TB-2026-001")
    second = _assigned(server, "TB-2026-002")

    sign_in(page, OFFICER, "/tasks")
    badge = page.locator("header #unread")
    expect(badge).to_have_text("2")
    page.get_by_role("link", name=re.compile("^Thông báo")).click()
    expect(page).to_have_url(re.compile(r"/notifications$"))
    rows = page.locator("#notify-list tbody tr")
    # Notices other tests left (all read by now) may follow; these two lead the list.
    expect(rows.nth(1)).to_be_visible()
    # Newest first: the second assignment heads the list.
    opens = rows.get_by_role("link", name="Mở công việc")
    expect(opens.nth(0)).to_have_attribute("href", f"/tasks/{second['id']}")
    expect(opens.nth(1)).to_have_attribute("href", f"/tasks/{first['id']}")
    expect(rows.nth(0)).to_contain_text("Được giao việc")
    expect(rows.nth(0)).to_contain_text("Công việc mới được giao: Xem xét tin bài")

    rows.nth(1).get_by_role("button", name="Đánh dấu đã đọc").click()
    expect(rows.nth(1)).to_contain_text("Đã đọc")
    expect(badge).to_have_text("1")
    page.get_by_label("Chỉ thông báo chưa đọc").check()
    page.get_by_role("button", name="Lọc").click()
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link")).to_have_attribute("href", f"/tasks/{second['id']}")

    page.get_by_role("button", name="Đánh dấu tất cả đã đọc").click()
    expect(page.locator("#flash")).to_contain_text("Đã đánh dấu đã đọc: 1")
    expect(badge).to_be_hidden()
    expect(page.locator("#notify-list")).to_contain_text("Không có thông báo.")
    unread = server.call("GET", "/api/v1/notifications?unread=true", user=OFFICER)
    assert unread == []

    page.get_by_label("Chỉ thông báo chưa đọc").uncheck()
    page.get_by_role("button", name="Lọc").click()
    rows.nth(0).get_by_role("link", name="Mở công việc").click()
    expect(page.locator("#task-title")).to_have_text("Xem xét tin bài")
    expect(page.locator("#task-facts")).to_contain_text(OFFICER)
