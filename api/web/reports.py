"""The web pages' own JSON endpoints under /api/v1/web: what the pages need beyond the core API
(dashboard counts, SLA figures, auditor search and selection export, version diff, forms, groups, the
procedures a user may start). Same bearer tokens and error shape as the rest of /api/v1."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Response, abort, current_app, jsonify, request, stream_with_context

from engine.bpmn.model_diff import diff_models
from engine.errors import Conflict, EngineError, Forbidden, NotFound, ValidationFailed
from engine.identity import Actor
from engine.permissions import require_role
from engine.reports import ReportService

from .session import bearer_actor

reports = Blueprint("web_api", __name__, url_prefix="/api/v1/web")
_STATUS = ((NotFound, 404), (Forbidden, 403), (Conflict, 409), (ValidationFailed, 422))


def _engine():
    return current_app.extensions["pressdesk"]


def _reports() -> ReportService:
    return _engine().reports


def _actor() -> Actor:
    actor = bearer_actor()
    if actor is None:
        abort(401, "a valid bearer token is required")
    return actor


def _time(name: str) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationFailed(f"{name} must be an ISO 8601 date-time",
                               [{"field": name, "message": "not an ISO 8601 date-time"}]) from None
    if value.tzinfo is None:
        raise ValidationFailed(f"{name} needs a time zone offset", [{"field": name, "message": "no offset"}])
    return value


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name, default, type=int)
    if not low <= value <= high:
        raise ValidationFailed(f"{name} must be between {low} and {high}",
                               [{"field": name, "message": f"between {low} and {high}"}])
    return value


def _audit_filters() -> dict:
    args = request.args
    return {"definition": args.get("definition") or None, "since": _time("from"), "until": _time("to"),
            "agency": args.get("agency") or None, "business_key": args.get("business_key") or None,
            "actor_name": args.get("actor") or None}


@reports.errorhandler(EngineError)
def engine_error(exc: EngineError):
    status = next((code for cls, code in _STATUS if isinstance(exc, cls)), 400)
    body = {"code": exc.code, "status": status, "message": exc.message}
    if exc.errors:
        body["errors"] = exc.errors
    return jsonify(body), status


@reports.get("/me")
def me():
    """Who the token belongs to."""
    a = _actor()
    return jsonify(username=a.username, roles=sorted(a.roles), groups=sorted(a.groups))


@reports.get("/summary")
def summary():
    """Supervisor dashboard: instances by procedure and status, open/overdue/escalated tasks by agency."""
    return jsonify(_reports().summary(_actor()))


@reports.get("/sla")
def sla():
    """On-time share and median answer time per agency for tasks completed in [from, to)."""
    actor = _actor()
    since, until = _time("from"), _time("to")
    if since is None or until is None:
        raise ValidationFailed("from and to are required", [{"field": "from", "message": "required"}])
    return jsonify(_reports().sla(actor, since, until))


@reports.get("/startable")
def startable():
    """Procedures the caller may start (newest executable versions), with their start form key."""
    return jsonify(_reports().startable(_actor()))


@reports.get("/groups")
def groups():
    _actor()
    return jsonify(_reports().groups())


@reports.get("/forms")
def forms():
    """The newest version of every deployed form."""
    _actor()
    return jsonify(_reports().forms())


@reports.get("/forms/<path:form_key>")
def form(form_key: str):
    """One deployed form-js schema (newest version of that id)."""
    _actor()
    return jsonify(_reports().form(form_key))


@reports.get("/definitions/<key>/diff")
def definition_diff(key: str):
    """Elements added, removed and changed from version a to version b."""
    actor = _actor()
    require_role(actor, "analyst", "supervisor", "auditor",
                 message="only analysts, supervisors and auditors compare versions")
    a, b = request.args.get("a", type=int), request.args.get("b", type=int)
    if a is None or b is None:
        raise ValidationFailed("a and b (version numbers) are required",
                               [{"field": "a", "message": "required"}])
    if not (1 <= a < 2**31 and 1 <= b < 2**31):  # versions are 32-bit row values
        raise ValidationFailed("a and b must be version numbers from 1",
                               [{"field": "a" if not 1 <= a < 2**31 else "b", "message": "out of range"}])
    repo = _engine().repository
    return jsonify({"key": key, "a": a, "b": b, **diff_models(repo.get_xml(key, a), repo.get_xml(key, b))})


@reports.get("/audit/instances")
def audit_instances():
    """Auditor search over running and ended instances."""
    actor = _actor()
    page, per_page = _int_arg("page", 1, 1, 100_000), _int_arg("per_page", 100, 1, 500)
    rows, total = _reports().audit_instances(actor, page=page, per_page=per_page, **_audit_filters())
    resp = jsonify(rows)
    resp.headers["X-Pagination"] = f'{{"total": {total}, "page": {page}, "per_page": {per_page}}}'
    return resp


@reports.get("/audit/export")
def audit_export():
    """History events of the selected instances (same filters as the search, or one instance), streamed."""
    actor = _actor()
    fmt = request.args.get("format", "jsonl")
    lines = _reports().audit_export(actor, fmt, instance=request.args.get("instance") or None,
                                    **_audit_filters())
    mimetype = "text/csv" if fmt == "csv" else "application/x-ndjson"
    resp = Response(stream_with_context(lines), mimetype=mimetype)
    resp.headers["Content-Disposition"] = f"attachment; filename=history.{fmt}"
    return resp
