"""One place that turns every failure into a JSON error body `{code, status, message, errors?}`.

Engine exceptions map to statuses here (views never catch them); HTTP errors raised by Flask, werkzeug
or webargs (404, 405, 413, 422 on bad arguments) get the same shape, and anything unexpected becomes a
500 whose body says nothing about the cause (the log has the traceback).
"""
from __future__ import annotations

from typing import Any

import marshmallow as ma
from flask import Flask, current_app, jsonify
from werkzeug.exceptions import HTTPException

from engine.errors import (
    Conflict,
    EngineError,
    Forbidden,
    IllegalState,
    ModelInvalid,
    NotFound,
    ScriptError,
    TooManyAttempts,
    Unauthenticated,
    ValidationFailed,
)

# Most specific first: IllegalState is a Conflict, ModelInvalid a ValidationFailed.
_STATUS = ((NotFound, 404), (Forbidden, 403), (IllegalState, 409), (Conflict, 409), (ModelInvalid, 422),
           (ValidationFailed, 422), (ScriptError, 422),
           (Unauthenticated, 401), (TooManyAttempts, 429))


class ErrorItemSchema(ma.Schema):
    field = ma.fields.String(allow_none=True, metadata={"description": "the field or parameter at fault"})
    location = ma.fields.String(metadata={"description": "json, query, path, form or files"})
    rule = ma.fields.String(metadata={"description": "the rule that failed (form checks)"})
    message = ma.fields.String(required=True)
    element_id = ma.fields.String(allow_none=True, metadata={"description": "BPMN element (model errors)"})
    line = ma.fields.Integer(allow_none=True)
    file = ma.fields.String()

    class Meta:
        unknown = ma.INCLUDE


class ErrorSchema(ma.Schema):
    code = ma.fields.String(required=True, metadata={"description": "machine-readable error code"})
    status = ma.fields.Integer(required=True, metadata={"description": "the HTTP status"})
    message = ma.fields.String(required=True)
    errors = ma.fields.List(ma.fields.Nested(ErrorItemSchema))


def error_body(code: str, status: int, message: str, errors: list[dict[str, Any]] | None = None):
    body: dict[str, Any] = {"code": code, "status": status, "message": message}
    if errors:
        body["errors"] = errors
    return body


def status_of(exc: EngineError) -> int:
    return next((status for kind, status in _STATUS if isinstance(exc, kind)), 400)


def flatten_messages(messages: Any, location: str | None = None, prefix: str = "") -> list[dict[str, Any]]:
    """webargs/marshmallow messages ({location: {field: [msg]}}) as a flat list of error items."""
    out: list[dict[str, Any]] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            if location is None:
                out.extend(flatten_messages(value, str(key)))
            else:
                out.extend(flatten_messages(value, location, f"{prefix}{key}."))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        field = prefix.rstrip(".") or None
        out.extend({"field": field, "location": location, "message": m} for m in messages)
    elif isinstance(messages, list):
        for i, value in enumerate(messages):
            out.extend(flatten_messages(value, location, f"{prefix}{i}."))
    else:
        out.append({"field": prefix.rstrip(".") or None, "location": location, "message": str(messages)})
    return out


def _http_code(exc: HTTPException) -> str:
    return (exc.name or "error").lower().replace(" ", "_").replace("'", "")


def register(app: Flask) -> None:
    @app.errorhandler(EngineError)
    def engine_error(exc: EngineError):
        status = status_of(exc)
        response = jsonify(error_body(exc.code, status, exc.message, exc.errors))
        if isinstance(exc, TooManyAttempts):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response, status

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        data = getattr(exc, "data", None) or {}
        errors = data.get("errors")
        if errors is None and "messages" in data:
            errors = flatten_messages(data["messages"])
        message = data.get("message") or _http_message(exc, errors)
        code = data.get("code") or ("invalid_request" if status == 422 else _http_code(exc))
        response = jsonify(error_body(code, status, message, errors))
        for name, value in (data.get("headers") or {}).items():
            response.headers[name] = value
        if getattr(exc, "valid_methods", None):
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response, status

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        current_app.logger.exception("unhandled error")
        return jsonify(error_body("internal_error", 500, "internal server error")), 500


def _http_message(exc: HTTPException, errors: list[dict[str, Any]] | None) -> str:
    if errors:
        first = errors[0]
        where = f"{first.get('location')} " if first.get("location") else ""
        field = f"{first['field']}: " if first.get("field") else ""
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        return f"invalid request {where}{field}{first['message']}{more}"
    return exc.description or exc.name
