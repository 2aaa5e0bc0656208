"""Swagger UI's files for /api/v1/docs, served from the swagger-ui-bundle package (nothing vendored)."""
from __future__ import annotations

from flask import Flask, Response, send_from_directory
from swagger_ui_bundle import swagger_ui_path

from .smorest import PREFIX

_ASSETS = {"swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js",
           "favicon-16x16.png", "favicon-32x32.png"}


# flask-smorest's own page starts Swagger UI with an inline script, which the Content-Security-Policy
# (api/headers.py) refuses; this one loads the same start-up code from a file.
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>pressdesk API</title>
<link href="{assets}swagger-ui.css" rel="stylesheet" type="text/css"></head>
<body><div id="swagger-ui-container" data-spec-url="{spec}"></div>
<script src="{assets}swagger-ui-standalone-preset.js"></script>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}pressdesk-swagger.js"></script>
</body></html>"""
_START = ("window.addEventListener('load', function () {\n"
          "  var box = document.getElementById('swagger-ui-container');\n"
          "  window.ui = SwaggerUIBundle({url: box.dataset.specUrl, dom_id: '#swagger-ui-container'});\n"
          "});\n")


def register(app: Flask) -> None:
    def swagger_page():
        return Response(_PAGE.format(assets=f"{PREFIX}/docs/assets/", spec=f"{PREFIX}/openapi.json"),
                        mimetype="text/html")

    app.view_functions["api-docs.openapi_swagger_ui"] = swagger_page

    @app.get(f"{PREFIX}/docs/assets/<name>")
    def swagger_asset(name: str):
        if name == "pressdesk-swagger.js":
            return Response(_START, mimetype="text/javascript", headers={"Cache-Control": "max-age=86400"})
        if name not in _ASSETS:
            from flask import abort

            abort(404)
        return send_from_directory(str(swagger_ui_path), name, max_age=86400)
