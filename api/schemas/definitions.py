from __future__ import annotations

import marshmallow as ma

from ..pagination import PageArgsSchema
from .common import moment


class DefinitionSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    key = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    executable = ma.fields.Boolean(required=True)
    deployment_id = ma.fields.Integer(required=True)
    deployed_at = moment(required=True)
    deployed_by = ma.fields.String(required=True)


class DefinitionDetailSchema(DefinitionSchema):
    versions = ma.fields.List(ma.fields.Nested(DefinitionSchema), required=True)


class DeploymentResultSchema(ma.Schema):
    """The first (usually only) process of the deployment, and all of them."""

    key = ma.fields.String(allow_none=True, required=True)
    version = ma.fields.Integer(allow_none=True, required=True)
    id = ma.fields.Integer(allow_none=True, required=True)
    executable = ma.fields.Boolean(allow_none=True, required=True)
    created = ma.fields.Boolean(required=True, metadata={"description": "false: every process unchanged"})
    definitions = ma.fields.List(ma.fields.Nested(DefinitionSchema), required=True)


class ValidationResultSchema(ma.Schema):
    valid = ma.fields.Boolean(required=True)
    errors = ma.fields.List(ma.fields.Dict(), required=True)


class DefinitionListArgsSchema(PageArgsSchema):
    all_versions = ma.fields.Boolean(load_default=False)
    executable = ma.fields.Boolean()
    sort = ma.fields.String(load_default="key", validate=ma.validate.OneOf(["key", "name", "deployed"]))


class VersionArgsSchema(ma.Schema):
    version = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))


class DeployArgsSchema(ma.Schema):
    filename = ma.fields.String(validate=ma.validate.Length(min=1, max=200),
                                metadata={"description": "file name for an application/xml body"})
    name = ma.fields.String(validate=ma.validate.Length(max=200), metadata={"description": "deployment name"})
    bind_tasks = ma.fields.String(validate=ma.validate.Length(min=1, max=100), metadata={
        "description": "connector topic (e.g. noop) given to every service, send or business rule task "
                       "without a runnable implementation"})
