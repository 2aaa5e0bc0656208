"""A supervisor sees an overdue task on the dashboard, opens its case and terminates it after
confirming (cancelling the confirmation changes nothing), and reads the SLA chart per agency."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import sign_in


def test_supervisor_sees_overdue_task_and_terminates_the_case(page, server):
    # web_late's task was due on 6 January 2020: overdue from the moment it exists.
    late = server.start("web_late", "QH-2020-007")

    sign_in(page, "supervisor", "/monitor")
    overdue = page.locator("#overdue tbody tr").filter(has_text=late["id"][:8])
    expect(overdue).to_have_count(1)
    expect(overdue.locator(".badge")).to_contain_text("Quá hạn · 06/01/2020 09:00")
    agency = page.locator("#by-agency tbody tr").filter(has_text="Sở Thông tin và Truyền thông")
    expect(agency.locator("td").nth(2)).not_to_have_text("0")
    expect(page.locator("#by-procedure")).to_contain_text("Việc đã quá hạn (thử)")

    overdue.get_by_role("link").click()
    expect(page.locator("#instance-title")).to_contain_text("QH-2020-007")
    expect(page.locator("[data-element-id=review].pd-active")).to_have_count(1)
    expect(page.locator("#facts")).to_contain_text("Đang xử lý")

    # Reassign the open task to an officer, confirmed in the dialog.
    page.locator("#tasks").get_by_role("button", name="Giao lại").click()
    dialog = page.locator("dialog#confirm")
    dialog.get_by_label("Giao cho (tên đăng nhập)").fill("officer.tttt")
    dialog.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#tasks tbody tr")).to_contain_text("officer.tttt")
    assert server.open_task(late["id"])["assignee"] == "officer.tttt"

    page.get_by_role("button", name="Hủy hồ sơ").click()
    expect(dialog).to_contain_text("không thể hoàn tác")
    dialog.get_by_role("button", name="Hủy", exact=True).click()
    expect(dialog).to_be_hidden()
    assert server.call("GET", f"/api/v1/instances/{late['id']}", user="supervisor")["status"] == "running"

    page.get_by_role("button", name="Hủy hồ sơ").click()
    dialog.get_by_label("Lý do").fill("Trùng hồ sơ")
    dialog.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#facts")).to_contain_text("Đã hủy")
    expect(page.get_by_role("button", name="Hủy hồ sơ")).to_be_hidden()
    expect(page.locator("#history")).to_contain_text("Trùng hồ sơ")
    after = server.call("GET", f"/api/v1/instances/{late['id']}", user="supervisor")
    assert after["status"] == "terminated"


def test_supervisor_reads_the_sla_chart_per_agency(page, server):
    server.completed_review("SLA-2026-001", "Trả lời đúng hạn cho phóng viên.")

    sign_in(page, "supervisor", "/monitor/sla")
    expect(page.get_by_label("Từ ngày")).to_have_value(re.compile(r"^\d{2}/\d{2}/\d{4}$"))
    bar = page.locator("svg.sla-chart g[data-agency=so-tttt]")
    expect(bar).to_contain_text("Sở Thông tin và Truyền thông")
    expect(bar).to_contain_text("100%")  # completed well before its P3D due date
    page.get_by_label("Từ ngày").fill("01/01/2020")
    page.get_by_label("Đến ngày").fill("01/02/2020")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#chart")).to_contain_text("Không có công việc hoàn thành trong kỳ.")
