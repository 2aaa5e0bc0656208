"""/api/v1/audit: verify the hash chains and export every event (streamed)."""
from __future__ import annotations

from flask import Response, current_app, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import AUDITORS, SUPERVISORS, access, actor
from .schemas.history import ExportArgsSchema, VerifyArgsSchema, VerifySchema
from .smorest import PREFIX

blp = Blueprint("audit", __name__, url_prefix=f"{PREFIX}/audit", description="Tamper-evident history")

_EXPORT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv"}


@blp.route("/verify")
class Verify(MethodView):
    @access(*AUDITORS, *SUPERVISORS)
    @blp.arguments(VerifyArgsSchema, location="query")
    @blp.response(200, VerifySchema)
    def get(self, args):
        """Recompute the hash chains (of one instance, or all); ok=false names the broken event"""
        result = current_app.extensions["pressdesk"].history.verify(args.get("instance"), actor())
        return result.as_dict()


@blp.route("/export")
class Export(MethodView):
    @access(*AUDITORS)
    @blp.arguments(ExportArgsSchema, location="query")
    @blp.doc(responses={"200": {"description": "the events, one per line", "content": {
        media: {"schema": {"type": "string"}} for media in _EXPORT_TYPES.values()}}})
    def get(self, args):
        """Every history event in [from, to), as JSON lines or CSV, streamed"""
        lines = current_app.extensions["pressdesk"].history.export(
            args["format"], args.get("since"), args.get("until"), actor())
        name = f"pressdesk-history.{args['format']}"
        return Response(stream_with_context(lines), mimetype=_EXPORT_TYPES[args["format"]],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
