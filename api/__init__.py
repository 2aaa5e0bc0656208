"""pressdesk's web layer: the Flask app that translates HTTP into engine service calls."""
from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException


def create_app(engine=None) -> Flask:
    from engine.process_engine import ProcessEngine

    app = Flask(__name__)
    app.extensions["pressdesk"] = engine or ProcessEngine()

    @app.get("/healthz")
    def healthz():
        eng = app.extensions["pressdesk"]
        with eng.db.connect() as conn:
            conn.exec_driver_sql("select 1")
        return jsonify(status="ok")

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        code = exc.name.lower().replace(" ", "_")
        return jsonify(code=code, status=exc.code, message=exc.description), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return jsonify(code="internal_error", status=500, message="internal server error"), 500

    return app
