"""In the browser: a forged token lands on the sign-in page, a wrong password is refused there, and an
unknown id shows the not-found page."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import sign_in


def test_forged_token_wrong_password_and_unknown_id(page, server):
    page.context.add_cookies([{"name": "pd_token", "value": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.x",
                               "url": server.base}])
    page.goto("/monitor")
    expect(page).to_have_url(re.compile(r"/signin\?next=/monitor$"))

    page.get_by_label("Tên đăng nhập").fill("supervisor")
    page.get_by_label("Mật khẩu").fill("wrong")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("alert").filter(has_text="không đúng")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/signin"))

    sign_in(page, "supervisor", "/monitor")
    expect(page).to_have_url(re.compile(r"/monitor$"))
    response = page.goto("/monitor/instances/00000000-0000-0000-0000-000000000000")
    assert response.status == 404
    expect(page.get_by_test_id("error-title")).to_have_text("Không tìm thấy")
