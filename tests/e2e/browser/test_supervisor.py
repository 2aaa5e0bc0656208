"""A supervisor sees an overdue task on the dashboard, opens its case and terminates it after
confirming (cancelling the confirmation changes nothing), and reads the SLA chart per agency."""
from __future__ import annotations

import re
import time

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


def _open_incident(server, instance_id: str) -> dict:
    """Waits (the embedded dispatcher runs the job within a tick or two) for the instance's incident."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = server.call("GET", f"/api/v1/incidents?instance={instance_id}", user="supervisor")
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"no incident for {instance_id} within 30 s")


def test_supervisor_sees_an_incident_on_the_case_and_retries_it(page, server):
    failing = server.start("web_failing", "WH-2026-001")
    incident = _open_incident(server, failing["id"])
    assert incident["element_id"] == "notify_partner" and "PRESSDESK_WEBHOOK_URL" in incident["message"]

    sign_in(page, "supervisor", "/monitor")
    row = page.locator("#incidents tbody tr").filter(has_text=failing["id"][:8])
    expect(row).to_have_count(1)
    expect(row).to_contain_text("notify_partner")
    expect(row).to_contain_text("PRESSDESK_WEBHOOK_URL is not set")
    with page.expect_response(lambda r: r.url.endswith(f"/incidents/{incident['id']}/retry")) as retried:
        row.get_by_role("button", name="Thử lại").click()
    assert retried.value.status == 200
    resolved = server.call("GET", f"/api/v1/incidents/{incident['id']}", user="supervisor")
    assert resolved["status"] == "resolved" and resolved["resolved_by"] == "supervisor"
    # Its one new attempt fails the same way and opens a new incident.
    again = _open_incident(server, failing["id"])
    assert again["id"] != incident["id"]

    page.goto(f"/monitor/instances/{failing['id']}")
    expect(page.locator("[data-element-id=notify_partner].pd-failed")).to_have_count(1)
