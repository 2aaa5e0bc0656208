"""Swagger UI's files for /api/v1/docs, served from the swagger-ui-bundle package (nothing vendored)."""
from __future__ import annotations

from flask import Flask, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from .smorest import PREFIX

_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
           "favicon-16x16.png", "favicon-32x32.png"}


def register(app: Flask) -> None:
    @app.get(f"{PREFIX}/docs/assets/<name>")
    def swagger_asset(name: str):
        if name not in _ASSETS:
            from flask import abort

            abort(404)
        return send_from_directory(str(swagger_ui_path), name, max_age=86400)
