"""/api/v1/signals: broadcast a signal to every instance waiting for it and start the processes it starts."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import WORKERS, access, actor
from .schemas.signals import SignalArgsSchema, SignalResultSchema
from .smorest import PREFIX

blp = Blueprint("signals", __name__, url_prefix=f"{PREFIX}/signals", description="Signals")


@blp.route("")
class Signals(MethodView):
    @access(*WORKERS)
    @blp.arguments(SignalArgsSchema)
    @blp.response(200, SignalResultSchema)
    def post(self, args):
        """Broadcast a signal by name (404 when no instance waits for it and no process starts on it)"""
        return current_app.extensions["pressdesk"].runtime.signal(args["name"], args["variables"], actor())
