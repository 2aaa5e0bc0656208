from __future__ import annotations

import marshmallow as ma

from engine.instance_queries import INSTANCE_SORTS, STATUSES

from ..pagination import PageArgsSchema
from .common import PlainSchema, StrictSchema, moment, variables


class InstanceSchema(PlainSchema):
    id = ma.fields.String(required=True)
    definition_key = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(STATUSES))
    business_key = ma.fields.String(allow_none=True, required=True)
    variables = variables(required=True)
    active_elements = ma.fields.List(ma.fields.String(), required=True)
    started_at = moment(required=True)
    started_by = ma.fields.String(required=True)
    ended_at = moment(allow_none=True, required=True)
    error = ma.fields.String(allow_none=True)


class StartArgsSchema(StrictSchema):
    variables = variables(load_default=dict)
    business_key = ma.fields.String(allow_none=True, validate=ma.validate.Length(min=1, max=200))
    version = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))


class InstanceListArgsSchema(PageArgsSchema):
    definition = ma.fields.String()
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    business_key = ma.fields.String()
    started_by = ma.fields.String()
    sort = ma.fields.String(load_default="started", validate=ma.validate.OneOf(list(INSTANCE_SORTS)))


class TerminateArgsSchema(StrictSchema):
    reason = ma.fields.String(validate=ma.validate.Length(max=2000))


class DiagramSchema(ma.Schema):
    instance_id = ma.fields.String(required=True)
    definition_key = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True)
    status = ma.fields.String(required=True)
    active_elements = ma.fields.List(ma.fields.String(), required=True)
    completed_elements = ma.fields.List(ma.fields.String(), required=True)
    xml = ma.fields.String(required=True, metadata={"description": "the BPMN of the instance's version"})


class MessageArgsSchema(StrictSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    correlation_key = ma.fields.String(allow_none=True, validate=ma.validate.Length(max=200))
    variables = variables(load_default=dict)
