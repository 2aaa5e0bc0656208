"""/api/v1/security-events: sign-ins, sign-outs, failures, lockouts and account changes (admin)."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from engine.security import EVENT_TYPES

from .auth.access import ADMINS, access
from .pagination import PAGINATED, PageArgsSchema, paged
from .smorest import PREFIX

blp = Blueprint("security_events", __name__, url_prefix=f"{PREFIX}/security-events",
                description="Security events (admin)")


class SecurityEventArgsSchema(PageArgsSchema):
    type = ma.fields.String(validate=ma.validate.OneOf(EVENT_TYPES))
    username = ma.fields.String(validate=ma.validate.Length(min=1, max=100))


class SecurityEventSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    at = ma.fields.AwareDateTime(required=True)
    type = ma.fields.String(required=True, metadata={"enum": list(EVENT_TYPES)})
    username = ma.fields.String(allow_none=True, required=True, metadata={"description": "whose account"})
    address = ma.fields.String(allow_none=True, required=True, metadata={"description": "client address"})
    actor = ma.fields.String(allow_none=True, required=True, metadata={"description": "the admin, if any"})
    data = ma.fields.Dict(required=True)


@blp.route("")
class SecurityEvents(MethodView):
    @access(*ADMINS)
    @blp.arguments(SecurityEventArgsSchema, location="query")
    @blp.response(200, SecurityEventSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """Security events, newest first"""
        items, total = current_app.extensions["pressdesk"].security.events(
            args["page"], args["per_page"], args.get("type"), args.get("username"))
        return paged(items, total, args)
