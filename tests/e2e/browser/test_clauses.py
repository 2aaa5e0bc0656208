"""A supervisor opens the clause matrix from the navigation: a clause a test model cites shows its step
and the overdue task, a clause that is no workflow shows why, the document filter and the English
switch work."""
from __future__ import annotations

from playwright.sync_api import expect

from .conftest import sign_in


def test_supervisor_reads_the_clause_matrix(page, server):
    server.start("web_late", "DK-2020-001")  # its review task cites CT 1.e and has been due since 2020

    sign_in(page, "supervisor", "/monitor")
    page.get_by_role("navigation", name="main").get_by_role("link", name="Điều khoản").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Điều khoản của văn bản và quy trình thực hiện")
    cited = page.locator("tr[data-clause='CT 1.e']")
    expect(cited.locator("li[data-procedure=web_late]")).to_contain_text("Xem xét tin bài")
    expect(cited.locator("td[data-figure=overdue]")).not_to_have_text("0")
    expect(cited).to_contain_text("phản hồi ngay bằng văn bản")
    policy = page.locator("tr[data-clause='CT 1.c']")
    expect(policy).to_contain_text("Không phải quy trình")
    expect(policy).to_contain_text("nhiệm vụ thường xuyên")  # the reason, in Vietnamese
    uncovered = page.locator("tr[data-clause='CT 2.c'] [data-uncovered]")
    expect(uncovered).to_have_text("Chưa có bước nào thực hiện")
    expect(page.locator("#clause-summary")).to_contain_text("34 điều khoản")

    page.get_by_label("Văn bản").select_option("KH")
    expect(page.locator("tr[data-clause]")).to_have_count(13)
    expect(page.locator("tr[data-clause='CT 1.e']")).to_have_count(0)

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Clauses of the documents and the procedures implementing them")
    expect(page.locator("tr[data-clause='CT 1.e']")).to_contain_text("immediate written response")
