"""/api/v1/messages: deliver a message to the one instance waiting for it, or start one."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import WORKERS, access, actor
from .schemas.instances import InstanceSchema, MessageArgsSchema
from .smorest import PREFIX

blp = Blueprint("messages", __name__, url_prefix=f"{PREFIX}/messages", description="Message correlation")


@blp.route("")
class Messages(MethodView):
    @access(*WORKERS)
    @blp.arguments(MessageArgsSchema)
    @blp.response(200, InstanceSchema)
    def post(self, args):
        """Correlate a message by name and correlation key (404 when nobody waits for it)"""
        return current_app.extensions["pressdesk"].runtime.correlate_message(
            args["name"], actor(), args.get("correlation_key"), args["variables"])
