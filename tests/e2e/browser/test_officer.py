"""An officer signs in, starts a procedure, finds its task among their agency's, claims it and completes
it through its form; an invalid submission is refused by the server and the error shows on the field."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import sign_in


def test_officer_claims_and_completes_a_task_through_its_form(page, server):
    sign_in(page, "officer.tttt", "/start")
    page.get_by_label("Thủ tục").select_option(label="Xem xét tin bài (thử)")
    page.get_by_label("Mã hồ sơ").fill("BC-2026-001")
    page.get_by_role("button", name="Khởi tạo").click()
    expect(page.locator("#flash")).to_contain_text("Đã khởi tạo hồ sơ: BC-2026-001")
    [inst] = server.call("GET", "/api/v1/instances?business_key=BC-2026-001", user="supervisor")

    page.get_by_role("link", name="Công việc").click()
    page.get_by_role("tab", name="Của đơn vị tôi").click()
    # A date that does not exist is refused in the field, not sent.
    page.get_by_label("Hạn trước ngày").fill("31/02/2026")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_label("Hạn trước ngày")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#flash")).to_contain_text("Ngày không hợp lệ")
    page.get_by_label("Hạn trước ngày").fill("31/12/2099")
    page.get_by_label("Mã hồ sơ").fill("BC-2026-001")
    page.get_by_role("button", name="Lọc").click()
    row = page.locator("#task-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("BC-2026-001")
    expect(row.locator(".badge")).to_contain_text("Còn hạn")
    row.get_by_role("link", name="Xem xét tin bài").click()

    expect(page.locator("#task-title")).to_have_text("Xem xét tin bài")
    expect(page.locator(".djs-container")).to_be_visible()  # the diagram is drawn
    expect(page.locator("[data-element-id=review].pd-active")).to_have_count(1)
    page.get_by_role("button", name="Nhận việc").click()
    expect(page.get_by_role("button", name="Trả lại việc")).to_be_visible()
    expect(page.locator("#task-facts")).to_contain_text("officer.tttt")

    # Too short for the form's minLength: the server refuses it and nothing moves on.
    page.get_by_label("Nhận xét / Summary").fill("ngắn")
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("#form-errors")).to_contain_text("summary")
    field = page.locator(".fjs-form-field").filter(has=page.get_by_label("Nhận xét / Summary"))
    expect(field.locator(".fjs-form-field-error")).not_to_have_count(0)
    assert server.open_task(inst["id"])["state"] == "open"

    page.get_by_label("Nhận xét / Summary").fill("Tin bài phản ánh đúng sự việc, không cần cải chính.")
    page.get_by_label("Số trang / Pages").fill("2")
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("#flash")).to_contain_text("Công việc đã hoàn thành")
    expect(page.get_by_role("button", name="Hoàn thành")).to_be_hidden()
    expect(page.locator("#history")).to_contain_text("task completed")
    done = server.call("GET", f"/api/v1/instances/{inst['id']}", user="supervisor")
    assert done["status"] == "completed"
    assert done["variables"]["summary"].startswith("Tin bài")

    page.get_by_label("Nội dung ý kiến").fill("Đã trao đổi với phóng viên.")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(page.locator("#comments")).to_contain_text("Đã trao đổi với phóng viên.")
    expect(page).to_have_url(re.compile(r"/tasks/"))
