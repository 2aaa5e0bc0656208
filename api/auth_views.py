"""/api/v1/auth: exchange a user name and password for a bearer token; who am I."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import access, actor
from .schemas.common import StrictSchema
from .smorest import PREFIX

RETRY_AFTER = {"Retry-After": {"description": "seconds until sign-in may be tried again",
                               "schema": {"type": "integer"}}}
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
    @blp.alt_response(401, description="wrong user name or password (the same for an unknown user)")
    @blp.alt_response(429, description="too many failed sign-ins for this user name or address; "
                                       "see Retry-After", headers=RETRY_AFTER)
    def post(self, creds):
        """Sign in with a local user name and password"""
        engine = current_app.extensions["pressdesk"]
        signed = engine.security.sign_in(creds["username"], creds["password"], request.remote_addr)
        return current_app.extensions["pressdesk_auth"].issuer.issue(signed.actor.username, signed.generation)


@blp.route("/revoke")
class Revoke(MethodView):
    @access()
    @blp.response(204)
    def post(self):
        """Sign out: every token of the signed-in user stops working"""
        username = actor().username
        current_app.extensions["pressdesk"].security.sign_out(username, request.remote_addr)
        current_app.extensions["pressdesk_auth"].actors.forget(username)


@blp.route("/me")
class Me(MethodView):
    @access()
    @blp.response(200, MeSchema)
    def get(self):
        """The signed-in user's roles and groups"""
        me = actor()
        return {"username": me.username, "roles": sorted(me.roles), "groups": sorted(me.groups)}
