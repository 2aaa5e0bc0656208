"""Every response carries the browser security headers; no page or template runs inline script (the
Content-Security-Policy would refuse it), and the cookies the server sets are SameSite=Strict."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.headers import HEADERS

from .conftest import flask_http

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"
PATHS = ["/signin", "/tasks", "/monitor", "/modeler", "/audit", "/api/v1/docs", "/api/v1/openapi.json",
         "/api/v1/tasks", "/api/v1/nowhere", "/healthz", "/metrics", "/static/app.js",
         "/api/v1/docs/assets/pressdesk-swagger.js"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_carries_the_security_headers(app, path):
    reply = flask_http(app).get(path, "admin")
    for name, value in HEADERS.items():
        assert reply.headers[name] == value, (path, name)
    csp = dict(d.strip().split(" ", 1) for d in reply.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'" and csp["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp["default-src"] and "unsafe-eval" not in reply.headers[
        "Content-Security-Policy"]


@pytest.mark.parametrize("template", sorted(p.name for p in TEMPLATES.glob("*.html")))
def test_no_template_holds_inline_script_or_event_handlers(template):
    html = (TEMPLATES / template).read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag  # JSON data blocks never run
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "javascript:" not in html.lower()
    assert "|safe" not in html.replace(" ", "") and "autoescape false" not in html


def test_the_swagger_page_starts_from_a_file(app):
    page = flask_http(app).get("/api/v1/docs").text
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)


def test_the_language_cookie_is_strict(app):
    reply = flask_http(app).get("/lang/en?next=/tasks")
    cookie = reply.headers["Set-Cookie"]
    assert "SameSite=Strict" in cookie and "HttpOnly" in cookie
