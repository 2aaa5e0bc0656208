"""Take the README's screenshots of the four main pages on the demo data:

    .venv/bin/python -m tests.e2e.browser.screenshots [OUT_DIR]   (default docs/screenshots)

Seeds a temporary SQLite database like `pressdesk serve --demo` (plus one case already overdue), starts
the server, arranges a few cases through the API and photographs each user kind's main page."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from .conftest import PASSWORD, ROOT, _seed, launch_chromium, running_server

VIEWPORT = {"width": 1280, "height": 800}
# press_inquiry's start form (forms/press_inquiry_received.form), the unit added per case.
INQUIRY = {"journalist_name": "Nguyễn Văn A", "press_agency": "Báo Đồng Nai",
           "question": "Số ca sốt xuất huyết tháng này?"}


def _arrange(server) -> str:
    for n, (user, unit) in enumerate([("officer.tttt", "so-tttt"), ("officer.tttt", "so-tttt"),
                                      ("spokesperson.yte", "so-y-te"), ("officer.tttt", "so-tttt")], 1):
        server.call("POST", "/api/v1/definitions/press_inquiry/instances",
                    {"variables": {**INQUIRY, "unit": unit}, "business_key": f"PV-2026-{n:03d}"}, user)
    server.start("web_late", "QH-2020-007")
    done = server.start("web_review", "KT-2026-003")
    task = server.open_task(done["id"])
    server.call("POST", f"/api/v1/tasks/{task['id']}/complete",
                {"variables": {"summary": "Đủ căn cứ trả lời báo chí."}}, user="officer.tttt")
    return done["id"]


def _sign_in(page, base: str, user: str, path: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/signin?next={path}")
    page.fill("#username", user)
    page.fill("#password", PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_url(lambda url: "/signin" not in url)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'pressdesk.db'}"
        _seed(db_url, demo=True)
        with running_server(db_url, Path(tmp) / "server.log") as server, sync_playwright() as pw:
            audited = _arrange(server)
            browser = launch_chromium(pw)
            page = browser.new_page(viewport=VIEWPORT, timezone_id="Asia/Ho_Chi_Minh", locale="vi-VN")
            _sign_in(page, server.base, "officer.tttt", "/tasks?scope=candidate")
            page.get_by_role("tab", name="Của đơn vị tôi").click()
            expect(page.locator("#task-list tbody tr")).not_to_have_count(0)
            page.screenshot(path=str(out / "officer-tasks.png"))

            _sign_in(page, server.base, "supervisor", "/monitor")
            expect(page.locator("#overdue tbody tr")).not_to_have_count(0)
            page.screenshot(path=str(out / "supervisor-monitor.png"))

            _sign_in(page, server.base, "analyst", "/modeler/processes/press_inquiry")
            task = page.locator("#canvas g.djs-element[data-element-id=draft]")
            task.click()
            expect(page.get_by_test_id("prop-id")).to_have_text("draft")
            page.screenshot(path=str(out / "analyst-modeler.png"))

            _sign_in(page, server.base, "auditor", f"/audit/instances/{audited}")
            page.get_by_role("button", name="Kiểm tra toàn vẹn").click()
            expect(page.locator("#verdict")).to_contain_text("nguyên vẹn")
            page.screenshot(path=str(out / "auditor-history.png"))
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
