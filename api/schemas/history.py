from __future__ import annotations

import marshmallow as ma

from ..pagination import PageArgsSchema
from .common import PlainSchema, moment, moment_arg


class EventSchema(PlainSchema):
    seq = ma.fields.Integer(required=True)
    at = moment(required=True)
    actor = ma.fields.String(required=True)
    type = ma.fields.String(required=True)
    instance_id = ma.fields.String(allow_none=True)
    element_id = ma.fields.String(allow_none=True, required=True)
    task_id = ma.fields.String(allow_none=True, required=True)
    data = ma.fields.Dict(required=True)
    prev_hash = ma.fields.String(required=True)
    hash = ma.fields.String(required=True)


class HistoryArgsSchema(PageArgsSchema):
    per_page = ma.fields.Integer(load_default=100, validate=ma.validate.Range(min=1, max=500))


class VerifyArgsSchema(ma.Schema):
    instance = ma.fields.String()


class VerifySchema(ma.Schema):
    ok = ma.fields.Boolean(required=True)
    checked = ma.fields.Integer(required=True)
    broken_at = ma.fields.Integer(allow_none=True, required=True)
    chain = ma.fields.String(allow_none=True, required=True)
    reason = ma.fields.String(allow_none=True, required=True)


class ExportArgsSchema(ma.Schema):
    format = ma.fields.String(load_default="jsonl", validate=ma.validate.OneOf(["jsonl", "csv"]))
    since = moment_arg(data_key="from")
    until = moment_arg(data_key="to")
