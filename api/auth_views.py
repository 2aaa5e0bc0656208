"""/api/v1/auth: exchange a user name and password for a bearer token; who am I."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from .auth.access import access, actor
from .schemas.common import StrictSchema
from .smorest import PREFIX

blp = Blueprint("auth", __name__, url_prefix=f"{PREFIX}/auth", description="Sign in")


class CredentialsSchema(StrictSchema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=1000))


class TokenSchema(ma.Schema):
    access_token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True)
    expires_in = ma.fields.Integer(required=True, metadata={"description": "seconds"})


class MeSchema(ma.Schema):
    username = ma.fields.String(required=True)
    roles = ma.fields.List(ma.fields.String(), required=True)
    groups = ma.fields.List(ma.fields.String(), required=True)


@blp.route("/token")
class Token(MethodView):
    @blp.doc(security=[])
    @blp.arguments(CredentialsSchema)
    @blp.response(200, TokenSchema)
    def post(self, creds):
        """Sign in with a local user name and password"""
        engine = current_app.extensions["pressdesk"]
        who = engine.identity.authenticate(creds["username"], creds["password"])
        if who is None:
            abort(401, code="invalid_credentials", message="wrong user name or password")
        return current_app.extensions["pressdesk_auth"].issuer.issue(who.username)


@blp.route("/me")
class Me(MethodView):
    @access()
    @blp.response(200, MeSchema)
    def get(self):
        """The signed-in user's roles and groups"""
        me = actor()
        return {"username": me.username, "roles": sorted(me.roles), "groups": sorted(me.groups)}
