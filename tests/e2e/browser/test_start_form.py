"""An officer of Biên Hòa starts a press inquiry through its start form: the answering unit starts on
their own agency, an invalid submission is refused by the server with the errors on the fields (and
nothing is started), the corrected one starts the case in their agency, whose intake task shows what
was entered."""
from __future__ import annotations

from playwright.sync_api import expect

from .conftest import ARTIFACTS, sign_in

OFFICER = "officer.bienhoa"
KEY = "BH-2026-015"


def test_officer_starts_a_press_inquiry_through_its_start_form(page, server):
    sign_in(page, OFFICER, "/start")
    page.get_by_label("Thủ tục").select_option(label="Trả lời đề nghị cung cấp thông tin của báo chí")
    unit = page.locator(".fjs-form-field").filter(has_text="Đơn vị chủ trì trả lời")
    expect(unit).to_contain_text("UBND thành phố Biên Hòa")  # the starter's own agency, preselected
    page.get_by_label("Mã hồ sơ").fill(KEY)

    # A one-letter name and no press agency: the server refuses and the fields say why.
    page.get_by_label("Họ tên nhà báo").fill("B")
    page.get_by_label("Nội dung đề nghị cung cấp thông tin").fill("Tiến độ giải phóng mặt bằng ven sông?")
    with page.expect_response(lambda r: r.url.endswith("/definitions/press_inquiry/instances")) as refused:
        page.get_by_role("button", name="Khởi tạo").click()
    assert refused.value.status == 422
    errors = page.locator("#start-errors")
    expect(errors).to_contain_text("Dữ liệu chưa hợp lệ")
    expect(errors).to_contain_text("journalist_name")
    expect(errors).to_contain_text("press_agency")
    name_field = page.locator(".fjs-form-field").filter(has=page.get_by_label("Họ tên nhà báo"))
    expect(name_field.locator(".fjs-form-field-error")).not_to_have_count(0)
    assert server.call("GET", f"/api/v1/instances?business_key={KEY}", user="supervisor") == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "test_officer_start_form_refused.png"), full_page=True)

    page.get_by_label("Họ tên nhà báo").fill("Trần Thị B")
    page.get_by_label("Cơ quan báo chí").fill("Báo Đồng Nai")
    page.get_by_role("button", name="Khởi tạo").click()
    expect(page.locator("#flash")).to_contain_text(f"Đã khởi tạo hồ sơ: {KEY}")
    expect(errors).to_be_empty()
    [inst] = server.call("GET", f"/api/v1/instances?business_key={KEY}", user="supervisor")
    assert inst["variables"]["unit"] == "ubnd-bien-hoa"
    assert inst["variables"]["journalist_name"] == "Trần Thị B"
    intake = server.open_task(inst["id"])
    assert intake["element_id"] == "intake" and intake["candidate_groups"] == ["ubnd-bien-hoa"]

    # The intake task of the officer's agency opens with the journalist's details already filled in.
    page.goto(f"/tasks/{intake['id']}")
    expect(page.locator("#task-title")).to_have_text("Tiếp nhận, kiểm tra thẻ nhà báo hoặc giấy giới thiệu")
    expect(page.get_by_label("Họ tên nhà báo")).to_have_value("Trần Thị B")
    expect(page.get_by_label("Cơ quan báo chí")).to_have_value("Báo Đồng Nai")
