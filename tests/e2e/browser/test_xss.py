"""Hostile text stays text: a task name, a BPMN documentation, a form value and a comment carrying script
payloads are shown literally on the officer's, supervisor's, analyst's and auditor's pages; no payload
runs (no dialog, no global set by it) and the app's own pages raise no Content-Security-Policy violation."""
from __future__ import annotations

import urllib.request
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from playwright.sync_api import expect

from .conftest import sign_in

HERE = Path(__file__).resolve().parent


def payload(where: str) -> str:
    return (f"{where}<img src=x onerror=\"window.__xss='{where}';alert('{where}')\">"
            f"<script>window.__xss='{where}'</script>\"'><svg onload=alert(1)>")


# Watches every page of the context: a payload that ran sets __xss or opens a dialog; any CSP refusal is
# recorded (the app's own code must never need one).
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def hostile(server):
    """web_xss deployed with a hostile task name, process name and documentation; one case whose task
    has a hostile comment."""
    xml = (HERE / "xss" / "web_xss.bpmn").read_text(encoding="utf-8")
    xml = (xml.replace("XSS_PROCESS", escape(payload("process"), {'"': "&quot;"}))
           .replace("XSS_NAME", escape(payload("name"), {'"': "&quot;"}))
           .replace("XSS_DOC", escape(payload("doc"))))
    headers = {"Content-Type": "application/xml", "Authorization": f"Bearer {server.token('analyst')}"}
    req = urllib.request.Request(f"{server.base}/api/v1/definitions?name=web_xss.bpmn", data=xml.encode(),
                                 method="POST", headers=headers)
    with urllib.request.urlopen(req, timeout=30) as resp:
        assert resp.status == 201
    inst = server.start("web_xss", "XSS-1")
    task = server.open_task(inst["id"])
    server.call("POST", f"/api/v1/tasks/{task['id']}/comments", {"text": payload("comment")}, "officer.tttt")
    return inst, task


def _assert_nothing_ran(page, dialogs: list[str]) -> None:
    page.wait_for_timeout(300)  # let any onerror/onload handler fire
    assert dialogs == []
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("window.__csp") == []


def test_payloads_in_names_documentation_forms_and_comments_never_run(page, server, hostile):
    inst, task = hostile
    page.context.add_init_script(WATCH)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    sign_in(page, "officer.tttt", f"/tasks/{task['id']}")
    expect(page.locator("#task-title")).to_have_text(payload("name"))
    expect(page.locator("#comments")).to_contain_text(payload("comment"))
    expect(page.locator(".djs-container")).to_be_visible()
    page.get_by_role("button", name="Nhận việc").click()
    page.get_by_label("Nhận xét / Summary").fill(payload("form"))
    page.get_by_role("button", name="Hoàn thành").click()
    expect(page.locator("#flash")).to_contain_text("Công việc đã hoàn thành")
    page.reload()
    expect(page.locator("#comments")).to_contain_text(payload("comment"))
    _assert_nothing_ran(page, dialogs)
    page.goto("/tasks?scope=mine&state=completed")
    page.wait_for_load_state("networkidle")
    _assert_nothing_ran(page, dialogs)

    page.goto("/signout")
    sign_in(page, "supervisor", f"/monitor/instances/{inst['id']}")
    expect(page.locator("#facts")).to_contain_text("web_xss")
    expect(page.locator("body")).to_contain_text("form<img src=x onerror=")  # the case data (as JSON)
    _assert_nothing_ran(page, dialogs)
    page.goto("/monitor")
    page.wait_for_load_state("networkidle")
    _assert_nothing_ran(page, dialogs)

    page.goto("/signout")
    sign_in(page, "analyst", "/modeler")
    expect(page.locator("section.card[data-key=web_xss]")).to_contain_text(payload("process"))
    page.goto("/modeler/processes/web_xss")
    shape = page.locator("#canvas g.djs-element[data-element-id=review]")
    expect(shape).to_be_visible()
    shape.click()
    expect(page.get_by_test_id("prop-id")).to_have_text("review")
    expect(page.locator("#prop-doc")).to_have_value(payload("doc"))
    _assert_nothing_ran(page, dialogs)

    page.goto("/signout")
    sign_in(page, "auditor", f"/audit/instances/{inst['id']}")
    expect(page.locator("body")).to_contain_text("comment<img src=x onerror=")
    _assert_nothing_ran(page, dialogs)
