"""The web pages' read endpoints (/api/v1/web, api/web/reports.py) in the OpenAPI document, with their
roles under `x-roles` like every other operation, so that the schemathesis run and the generated
authorisation matrix cover them too."""
from __future__ import annotations

from typing import Any

_OBJECT = {"type": "object"}
_LIST = {"type": "array", "items": {"type": "object"}}
_TEXT = {"type": "string"}
_FILTERS = [("definition", _TEXT), ("from", {"type": "string", "format": "date-time"}),
            ("to", {"type": "string", "format": "date-time"}), ("agency", _TEXT), ("business_key", _TEXT),
            ("actor", _TEXT)]
_PAGING = [("page", {"type": "integer", "minimum": 1, "maximum": 100_000, "default": 1}),
           ("per_page", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100})]
# path, summary, roles, query parameters (name, schema, required), 200 body (schema or {media: schema})
_OPERATIONS: list[tuple[str, str, list[str], list[tuple[str, dict, bool]], Any]] = [
    ("/me", "Who the token belongs to", ["any"], [], _OBJECT),
    ("/summary", "Supervisor dashboard counts", ["supervisor", "admin"], [], _OBJECT),
    ("/sla", "On-time share and median answer time per agency", ["supervisor", "admin"],
     [("from", {"type": "string", "format": "date-time"}, True),
      ("to", {"type": "string", "format": "date-time"}, True)], _LIST),
    ("/startable", "Procedures the caller may start", ["any"], [], _LIST),
    ("/groups", "Agencies and units", ["any"], [], _LIST),
    ("/forms", "The newest version of every deployed form", ["any"], [], _LIST),
    ("/forms/{form_key}", "One deployed form-js schema", ["any"], [], _OBJECT),
    ("/definitions/{key}/diff", "Elements added, removed and changed between two versions",
     ["analyst", "supervisor", "auditor", "admin"],
     [(v, {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}, True) for v in "ab"], _OBJECT),
    ("/audit/instances", "Auditor search over running and ended instances", ["auditor", "admin"],
     [(n, s, False) for n, s in _PAGING + _FILTERS], _LIST),
    ("/audit/export", "History events of the selected instances, streamed", ["auditor", "admin"],
     [("format", {"type": "string", "enum": ["jsonl", "csv"], "default": "jsonl"}, False),
      ("instance", _TEXT, False)] + [(n, s, False) for n, s in _FILTERS],
     {"application/x-ndjson": _TEXT, "text/csv": _TEXT}),
]


def document(app, spec, prefix: str = "/api/v1/web") -> None:
    """Add the web read operations (the app's `web_api` routes) to the app's apispec."""
    from flask_smorest.spec.plugins import FlaskPlugin

    rules = {FlaskPlugin.flaskpath2openapi(r.rule): r for r in app.url_map.iter_rules()
             if r.endpoint.startswith("web_api.")}
    for path, summary, roles, query, body in _OPERATIONS:
        params = [{"in": "query", "name": n, "required": req, "schema": schema} for n, schema, req in query]
        content = body if "application/x-ndjson" in body else {"application/json": body}
        ok: dict[str, Any] = {"description": "OK", "content": {m: {"schema": s} for m, s in content.items()}}
        if path == "/audit/instances":
            ok["headers"] = {"X-Pagination": {"description": "JSON: total, page, per_page",
                                              "schema": {"type": "string"}}}
        spec.path(rule=rules[prefix + path], parameters=[], operations={"get": {
            "tags": ["web"], "summary": summary, "parameters": params, "x-roles": roles,
            "responses": {"200": ok, "default": {"$ref": "#/components/responses/DEFAULT_ERROR"}}}})
