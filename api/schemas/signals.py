from __future__ import annotations

import marshmallow as ma

from .common import PlainSchema, StrictSchema, variables


class SignalArgsSchema(StrictSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    variables = variables(load_default=dict)


class SignalResultSchema(PlainSchema):
    name = ma.fields.String(required=True)
    delivered = ma.fields.List(ma.fields.String(), required=True,
                               metadata={"description": "ids of the instances that heard the signal"})
    started = ma.fields.List(ma.fields.String(), required=True,
                             metadata={"description": "ids of the instances the signal started"})
