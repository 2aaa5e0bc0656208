"""An auditor finds a completed case, reads its hash-chained history, verifies it and exports it."""
from __future__ import annotations

import csv
import io
import json
import re

from playwright.sync_api import expect

from .conftest import sign_in


def test_auditor_verifies_and_exports_a_history(page, server):
    inst = server.completed_review("KT-2026-003", "Đủ căn cứ trả lời báo chí.")

    sign_in(page, "auditor", "/audit")
    page.get_by_label("Mã hồ sơ").fill("KT-2026-003")
    page.get_by_label("Người thực hiện").fill("officer.tttt")
    page.get_by_role("button", name="Tìm").click()
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Hoàn thành")

    with page.expect_download() as selection:
        page.get_by_role("button", name="Xuất JSON Lines").click()
    lines = [json.loads(x) for x in open(selection.value.path(), encoding="utf-8").read().splitlines()]
    assert {ev["instance_id"] for ev in lines} == {inst["id"]}
    assert any(ev["type"] == "task_completed" and ev["actor"] == "officer.tttt" for ev in lines)

    rows.get_by_role("link").click()
    expect(page.locator("#title")).to_contain_text("KT-2026-003")
    events = page.locator("#events tbody tr")
    expect(events).to_have_count(len(lines))
    hashes = page.locator("#events code.hash").all_inner_texts()
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)

    page.get_by_role("button", name="Kiểm tra toàn vẹn").click()
    expect(page.locator("#verdict")).to_have_text(f"Chuỗi băm nguyên vẹn: {len(lines)} sự kiện")

    with page.expect_download() as one:
        page.get_by_role("button", name="Xuất CSV").click()
    table = list(csv.DictReader(io.StringIO(open(one.value.path(), encoding="utf-8").read())))
    assert [int(r["seq"]) for r in table] == list(range(1, len(lines) + 1))
    assert table[-1]["hash"] == hashes[-1]
