"""An analyst opens a process in the modeler, makes an edit that does not validate, sees the problem on
the offending element, fixes it and deploys version 2; the comparison lists the changed element."""
from __future__ import annotations

from playwright.sync_api import expect

from .conftest import sign_in


def _edit_label(page, element_id: str, text: str, *, at_left: bool = False) -> None:
    """Double-click an element (a lane's label sits in its left strip) and retype its label."""
    box = page.locator(f"#canvas g.djs-element[data-element-id={element_id}]").bounding_box()
    x = box["x"] + (20 if at_left else box["width"] / 2)
    page.mouse.dblclick(x, box["y"] + box["height"] / 2)
    editor = page.locator(".djs-direct-editing-parent")
    expect(editor).to_be_visible()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.mouse.click(box["x"] + box["width"] + 40, box["y"] - 30)  # outside: finishes the edit
    expect(editor).to_be_hidden()


def test_analyst_fixes_a_validation_error_and_deploys_version_2(page, server):
    sign_in(page, "analyst", "/modeler")
    card = page.locator("section.card[data-key=web_draft]")
    expect(card).to_contain_text("Soạn thông cáo (thử)")
    card.get_by_role("link", name="Mở").click()
    expect(page.locator("#canvas g[data-element-id=review]")).to_be_visible()
    expect(page.get_by_label("Process id")).to_have_value("web_draft")

    # A lane named after no agency leaves its user task without candidates: refused.
    _edit_label(page, "lane_review", "Phòng báo chí", at_left=True)
    page.get_by_role("button", name="Kiểm tra").click()
    problems = page.locator("#problems")
    expect(problems).to_contain_text("maps to no group")
    expect(problems.locator("li[data-element=review]")).to_have_count(1)
    expect(page.locator("#canvas g[data-element-id=review].pd-error")).to_have_count(1)

    _edit_label(page, "lane_review", "so-tttt", at_left=True)
    _edit_label(page, "review", "Soạn và duyệt thông cáo")
    page.locator("#canvas g.djs-element[data-element-id=review]").click()
    expect(page.get_by_test_id("prop-id")).to_have_text("review")
    due = page.get_by_label("Hạn xử lý (dueDate, vd. P5D)")
    expect(due).to_have_value("P3D")
    due.fill("P5D")
    due.press("Tab")
    page.get_by_role("button", name="Kiểm tra").click()
    expect(page.locator("#flash")).to_contain_text("Mô hình hợp lệ.")
    expect(page.locator("#canvas .pd-error")).to_have_count(0)

    page.get_by_role("button", name="Triển khai phiên bản mới").click()
    page.locator("dialog#confirm").get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#flash")).to_contain_text("Đã triển khai phiên bản 2")
    detail = server.call("GET", "/api/v1/definitions/web_draft", user="analyst")
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    xml = server.call("GET", "/api/v1/definitions/web_draft/xml?version=2", user="analyst").decode()
    assert "Soạn và duyệt thông cáo" in xml and 'camunda:dueDate="P5D"' in xml

    page.goto("/modeler/processes/web_draft/compare?a=1&b=2")
    changes = page.locator("#changes")
    expect(changes).to_contain_text("review")
    expect(changes).to_contain_text("Soạn và duyệt thông cáo")
    expect(changes).to_contain_text("dueDate: P3D → P5D")
    expect(changes).not_to_contain_text("lane_review")  # renamed and renamed back: unchanged


def test_analyst_creates_a_process_and_deploys_a_form_from_the_editors(page, server):
    sign_in(page, "analyst", "/modeler")
    page.get_by_role("link", name="Tạo quy trình mới").click()
    page.get_by_label("Process id").fill("web_new_process")
    page.get_by_label("Tên quy trình").fill("Quy trình mới (thử)")
    page.get_by_role("button", name="Triển khai phiên bản mới").click()
    page.locator("dialog#confirm").get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#flash")).to_contain_text("Đã triển khai phiên bản 1")
    assert server.call("GET", "/api/v1/definitions/web_new_process", user="analyst")["name"] == \
        "Quy trình mới (thử)"

    page.goto("/modeler/forms/web_review_form")
    expect(page.locator(".fjs-editor-container")).to_contain_text("Nhận xét / Summary")
    page.get_by_label("Mã biểu mẫu").fill("web_copy_form")
    page.get_by_role("button", name="Triển khai biểu mẫu").click()
    expect(page.locator("#flash")).to_contain_text("web_copy_form")
    copy = server.call("GET", "/api/v1/web/forms/web_copy_form", user="analyst")
    assert [c["key"] for c in copy["components"]] == ["summary", "pages"]
