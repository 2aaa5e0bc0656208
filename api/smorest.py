"""The flask-smorest Api: OpenAPI settings, the bearer security scheme and the resource blueprints."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from .errors import ErrorSchema

PREFIX = "/api/v1"


class PressdeskApi(Api):
    # Documented error body; the bodies themselves come from api/errors.py.
    ERROR_SCHEMA = ErrorSchema


def make_api(app: Flask) -> PressdeskApi:
    from . import auth_views, background, definitions, history, instances, messages, signals, tasks, users

    app.config.update(
        API_TITLE="pressdesk", API_VERSION="1", OPENAPI_VERSION="3.0.3", OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json", OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL=f"{PREFIX}/docs/assets/",
        API_SPEC_OPTIONS={
            "info": {"description": "BPMN workflow engine for the province's press-information procedures."},
            "servers": [{"url": "/"}],
            "security": [{"bearer": []}],
            "components": {"securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        },
    )
    api = PressdeskApi(app)
    for module in (auth_views, definitions, instances, messages, tasks, history, users):
        api.register_blueprint(module.blp)
    api.register_blueprint(background.incidents_blp)
    api.register_blueprint(background.notifications_blp)
    api.register_blueprint(signals.blp)
    return api
