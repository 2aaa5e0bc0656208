"""The browser application: pages for officers, supervisors, analysts and auditors.

Pages are Jinja shells plus small vanilla JS modules (static/) that call the JSON API with the user's
bearer token. Third-party browser code (bpmn-js, form-js) is copied from node_modules into
static/vendor/ by `make install`; nothing third-party is committed.
"""
from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the pages and the web's own JSON endpoints to the app (one call from create_app)."""
    from .pages import pages
    from .reports import reports

    app.register_blueprint(pages)
    app.register_blueprint(reports)
