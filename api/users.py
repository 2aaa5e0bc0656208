"""/api/v1/users: the admin manages local users, their roles and agencies."""
from __future__ import annotations

import marshmallow as ma
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from engine.identity import ROLES

from .auth.access import ADMINS, access, actor
from .pagination import PAGINATED, PageArgsSchema, paged
from .schemas.common import StrictSchema
from .smorest import PREFIX

blp = Blueprint("users", __name__, url_prefix=f"{PREFIX}/users", description="Users (admin)")


class UserSchema(ma.Schema):
    username = ma.fields.String(required=True)
    display_name = ma.fields.String(required=True)
    email = ma.fields.String(allow_none=True, required=True)
    roles = ma.fields.List(ma.fields.String(), required=True)
    groups = ma.fields.List(ma.fields.String(), required=True)
    active = ma.fields.Boolean(required=True)


class UserArgsSchema(StrictSchema):
    password = ma.fields.String(validate=ma.validate.Length(min=1, max=1000),
                                metadata={"description": "omitted on update: the password stays; at least "
                                          "PRESSDESK_PASSWORD_MIN_LENGTH characters, not the user name, "
                                          "not a common password"})
    roles = ma.fields.List(ma.fields.String(validate=ma.validate.OneOf(ROLES)), load_default=list)
    groups = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=64)), load_default=list)
    display_name = ma.fields.String(validate=ma.validate.Length(max=200), load_default="")
    email = ma.fields.Email(allow_none=True)


class NewUserArgsSchema(UserArgsSchema):
    username = ma.fields.String(required=True, validate=ma.validate.Regexp(r"^[a-z0-9][a-z0-9._-]{0,99}$"))


def _identity():
    return current_app.extensions["pressdesk"].identity


def _save(username: str, args: dict, replace: bool) -> dict:
    identity = _identity()
    identity.create_user(username, password=args.get("password"), roles=args["roles"], groups=args["groups"],
                         display_name=args["display_name"], email=args.get("email"), replace=replace,
                         check_policy=True, by=actor().username)
    _forget(username)
    return identity.user(username)


def _forget(username: str) -> None:
    current_app.extensions["pressdesk_auth"].actors.forget(username)


@blp.route("")
class Users(MethodView):
    @access(*ADMINS)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, UserSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """List users by name"""
        items, total = _identity().users(args["page"], args["per_page"])
        return paged(items, total, args)

    @access(*ADMINS)
    @blp.arguments(NewUserArgsSchema)
    @blp.response(201, UserSchema)
    def post(self, args):
        """Create a user (422 if the name is taken or a group is unknown)"""
        return _save(args["username"], args, replace=False)


@blp.route("/<string:username>")
class User(MethodView):
    @access(*ADMINS)
    @blp.response(200, UserSchema)
    def get(self, username):
        """One user"""
        return _identity().user(username)

    @access(*ADMINS)
    @blp.arguments(UserArgsSchema)
    @blp.response(200, UserSchema)
    def put(self, args, username):
        """Replace a user's roles, groups and details (and password, if given)"""
        _identity().user(username)  # 404 for an unknown user rather than creating one
        return _save(username, args, replace=True)


@blp.route("/<string:username>/disable")
class Disable(MethodView):
    @access(*ADMINS)
    @blp.response(200, UserSchema)
    def post(self, username):
        """Disable a user: no sign-in, and their tokens stop working for good"""
        user = _identity().set_active(username, False, by=actor().username)
        _forget(username)
        return user


@blp.route("/<string:username>/enable")
class Enable(MethodView):
    @access(*ADMINS)
    @blp.response(200, UserSchema)
    def post(self, username):
        """Enable a disabled user again"""
        return _identity().set_active(username, True, by=actor().username)
