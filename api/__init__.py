"""pressdesk's web layer: the Flask app that translates HTTP into engine service calls.

`create_app()` builds the JSON API under /api/v1 (flask-smorest: OpenAPI 3 at /api/v1/openapi.json,
Swagger UI at /api/v1/docs), plus /healthz and /metrics outside it.
"""
from __future__ import annotations

from flask import Flask, jsonify

from .settings import ApiSettings


def create_app(engine=None, settings: ApiSettings | None = None, verifier=None) -> Flask:
    """The app around `engine` (default: one from the PRESSDESK_* environment). `verifier` replaces the
    local token verifier (e.g. an OpenID Connect one; see api/auth/tokens.py)."""
    from engine.process_engine import ProcessEngine

    from . import body_limits, docs, errors, headers, metrics
    from .auth.access import ActorCache
    from .auth.tokens import LocalTokens
    from .smorest import make_api

    engine = engine or ProcessEngine()
    settings = settings or ApiSettings()
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    if settings.proxy_hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)
    app.json.ensure_ascii = False  # Vietnamese stays readable in responses
    app.extensions["pressdesk"] = engine
    body_limits.register(app, settings.max_json_depth)
    tokens = LocalTokens(engine.settings.secret_key, settings.token_ttl_seconds, engine.clock,
                         settings.token_issuer)
    app.extensions["pressdesk_auth"] = _Auth(tokens, verifier or tokens,
                                             ActorCache(engine.identity, settings.actor_cache_seconds,
                                                        engine.clock))

    @app.get("/healthz")
    def healthz():
        with engine.db.connect() as conn:
            conn.exec_driver_sql("select 1")
        return jsonify(status="ok")

    api = make_api(app)
    from .web import register as register_web  # pages for the four kinds of users (api/web/)
    from .web.openapi import document as document_web

    register_web(app)
    document_web(app, api.spec)
    docs.register(app)
    metrics.register(app, engine)
    headers.register(app)  # CSP, nosniff, no framing, referrer policy on every response
    errors.register(app)  # last: replaces flask-smorest's own HTTPException handler
    return app


class _Auth:
    """The token issuer (local users), the verifier that checks bearer tokens, and who users are."""

    def __init__(self, issuer, verifier, actors) -> None:
        self.issuer, self.verifier, self.actors = issuer, verifier, actors
