"""The web pages over HTTP (Flask test client): who may open which page, sign-in redirects for missing
or forged tokens, HTML 404 pages for unknown ids, the language switch and the web's own JSON endpoints."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest

from api.web.i18n import catalogue
from api.web.session import TOKEN_COOKIE
from engine.identity import SYSTEM
from engine.repository import ModelFile, read_model_files

MODELS = Path(__file__).resolve().parent / "browser" / "models"
STATIC = Path(__file__).resolve().parents[2] / "api" / "web" / "static"


@pytest.fixture
def client(app):
    return app.test_client()


def _token(app, user: str) -> str:
    return app.extensions["pressdesk_auth"].issuer.issue(user).access_token


def _signed_in(app, client, user: str):
    client.set_cookie(TOKEN_COOKIE, _token(app, user))
    return client


@pytest.mark.parametrize("cookie", [None, "not-a-token", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.forged"])
def test_pages_without_a_valid_token_redirect_to_sign_in(client, cookie):
    if cookie:
        client.set_cookie(TOKEN_COOKIE, cookie)
    r = client.get("/tasks?scope=mine")
    assert r.status_code == 302
    assert r.headers["Location"].startswith("/signin?next=/tasks")
    assert client.get("/signin").status_code == 200


def test_an_expired_token_redirects_too(app, client, clock):
    _signed_in(app, client, "officer.tttt")
    assert client.get("/tasks").status_code == 200
    clock.advance(timedelta(hours=2))
    assert client.get("/tasks").status_code == 302


def test_each_user_kind_opens_its_area_and_no_other(app, client):
    _signed_in(app, client, "officer.tttt")
    assert client.get("/").headers["Location"] == "/tasks"
    assert client.get("/monitor").status_code == 403
    assert client.get("/modeler").status_code == 403
    _signed_in(app, client, "supervisor")
    assert client.get("/").headers["Location"] == "/tasks"
    assert client.get("/monitor").status_code == 200
    assert client.get("/audit").status_code == 403
    _signed_in(app, client, "analyst")
    assert client.get("/").headers["Location"] == "/modeler"
    assert client.get("/modeler/new").status_code == 200
    _signed_in(app, client, "auditor")
    assert client.get("/").headers["Location"] == "/audit"
    page = client.get("/audit").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Tra cứu lịch sử" in page


def test_the_clause_page_is_for_supervisors_and_auditors_and_linked_in_their_navigation(app, client):
    for user in ("supervisor", "auditor", "chief.vp"):
        _signed_in(app, client, user)
        page = client.get("/clauses").get_data(as_text=True)
        assert "<h1>Điều khoản của văn bản và quy trình thực hiện</h1>" in page and "clauses.js" in page
        assert 'href="/clauses"' in client.get("/", follow_redirects=True).get_data(as_text=True)
    for user in ("officer.tttt", "analyst"):
        _signed_in(app, client, user)
        assert client.get("/clauses").status_code == 403
        assert 'href="/clauses"' not in client.get("/", follow_redirects=True).get_data(as_text=True)


@pytest.mark.parametrize("user", ["officer.tttt", "supervisor", "analyst", "auditor"])
def test_every_signed_in_user_has_the_notifications_page_and_the_header_badge(app, client, user):
    _signed_in(app, client, user)
    page = client.get("/notifications").get_data(as_text=True)
    assert "<h1>Thông báo</h1>" in page and 'id="unread"' in page and "unread.js" in page
    assert 'href="/notifications"' in client.get("/", follow_redirects=True).get_data(as_text=True)
    assert "unread.js" not in client.get("/signin").get_data(as_text=True)


def test_unknown_ids_answer_a_404_page(app, client):
    _signed_in(app, client, "admin")  # admin opens every area
    for path in ("/tasks/nope", "/monitor/instances/nope", "/modeler/processes/nope",
                 "/modeler/processes/nope/compare", "/audit/instances/nope"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "text/html" in r.headers["Content-Type"] and "Không tìm thấy" in r.get_data(as_text=True)


def test_an_officer_cannot_open_another_agencys_task_page(app, app_engine, client):
    app_engine.repository.deploy(read_model_files([MODELS]), SYSTEM)
    supervisor = app_engine.identity.actor("supervisor")
    inst = app_engine.runtime.start("web_review", supervisor)
    task = app_engine.tasks.list(supervisor, scope="all", instance=inst.id)[0][0]
    _signed_in(app, client, "spokesperson.yte")
    assert client.get(f"/tasks/{task.id}").status_code == 404
    _signed_in(app, client, "officer.tttt")
    assert client.get(f"/tasks/{task.id}").status_code == 200


def test_language_switch_sets_english_and_only_local_redirects(app, client):
    _signed_in(app, client, "officer.tttt")
    r = client.get("/lang/en?next=/tasks")
    assert r.status_code == 302 and r.headers["Location"] == "/tasks"
    page = client.get("/tasks").get_data(as_text=True)
    assert '<html lang="en">' in page and "My tasks" in page
    assert client.get("/lang/en?next=//evil.example").headers["Location"] == "/"
    assert client.get("/lang/fr").status_code == 404


def test_catalogues_have_the_same_keys_and_cover_every_key_the_pages_use():
    vi, en = catalogue("vi"), catalogue("en")
    assert vi.keys() == en.keys()
    templates = Path(STATIC.parent / "templates")
    used = set()
    for f in [*templates.glob("*.html"), *STATIC.glob("*.js")]:
        used |= set(re.findall(r"""\bt\(\s*['"]([a-z_]+\.[a-z_.]+)['"]""", f.read_text(encoding="utf-8")))
    assert used and used <= vi.keys(), sorted(used - vi.keys())


def test_web_endpoints_need_a_token_and_the_right_role(app, app_engine, client):
    assert client.get("/api/v1/web/summary").status_code == 401
    bearer = {"Authorization": f"Bearer {_token(app, 'officer.tttt')}"}
    r = client.get("/api/v1/web/summary", headers=bearer)
    assert r.status_code == 403 and r.json["code"] == "forbidden"
    assert client.get("/api/v1/web/audit/instances", headers=bearer).status_code == 403
    sup = {"Authorization": f"Bearer {_token(app, 'supervisor')}"}
    bad = client.get("/api/v1/web/sla?from=yesterday&to=2026-01-01T00:00:00%2B07:00", headers=sup)
    assert bad.status_code == 422 and bad.json["errors"][0]["field"] == "from"
    assert client.get("/api/v1/web/forms/nope", headers=sup).status_code == 404


def test_version_diff_endpoint(app, app_engine, client):
    app_engine.repository.deploy(read_model_files([MODELS]), SYSTEM)
    xml = (MODELS / "web_draft.bpmn").read_text(encoding="utf-8").replace('name="Soạn thông cáo"',
                                                                         'name="Soạn lại"')
    app_engine.repository.deploy([ModelFile("web_draft.bpmn", xml.encode())], SYSTEM)
    analyst = {"Authorization": f"Bearer {_token(app, 'analyst')}"}
    r = client.get("/api/v1/web/definitions/web_draft/diff?a=1&b=2", headers=analyst)
    assert r.status_code == 200
    assert [c["id"] for c in r.json["changed"]] == ["review"] and r.json["added"] == []
    assert client.get("/api/v1/web/definitions/web_draft/diff?a=1&b=9", headers=analyst).status_code == 404
    assert json.loads(client.get("/api/v1/web/me", headers=analyst).data)["roles"] == ["analyst"]
