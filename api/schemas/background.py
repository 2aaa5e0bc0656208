"""Incidents (failed background work) and the caller's notifications."""
from __future__ import annotations

import marshmallow as ma

from engine.management import INCIDENT_STATUSES
from engine.notifications import KINDS

from ..pagination import PageArgsSchema
from .common import StrictSchema, moment


class IncidentSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    type = ma.fields.String(required=True, metadata={"description": "failed_job or failed_timer"})
    job_id = ma.fields.Integer(allow_none=True, required=True)
    timer_id = ma.fields.Integer(allow_none=True, required=True)
    instance_id = ma.fields.String(allow_none=True, required=True)
    definition_key = ma.fields.String(allow_none=True, required=True)
    element_id = ma.fields.String(allow_none=True, required=True)
    message = ma.fields.String(required=True, metadata={"description": "the last error"})
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(INCIDENT_STATUSES))
    created_at = moment(required=True)
    resolved_at = moment(allow_none=True, required=True)
    resolved_by = ma.fields.String(allow_none=True, required=True)


class IncidentListArgsSchema(PageArgsSchema):
    status = ma.fields.String(load_default="open", validate=ma.validate.OneOf([*INCIDENT_STATUSES, "all"]),
                              metadata={"description": "open (default), resolved or all"})
    instance = ma.fields.String(metadata={"description": "only this instance's incidents"})

    class Meta:
        exclude = ("order",)  # always newest first


class RetryArgsSchema(StrictSchema):
    attempts = ma.fields.Integer(validate=ma.validate.Range(min=1, max=100),
                                 metadata={"description": "new attempts (default: the job's first number)"})


class NotificationSchema(ma.Schema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, validate=ma.validate.OneOf(KINDS))
    title = ma.fields.String(required=True)
    body = ma.fields.String(required=True)
    task_id = ma.fields.String(allow_none=True, required=True)
    instance_id = ma.fields.String(allow_none=True, required=True)
    created_at = moment(required=True)
    read_at = moment(allow_none=True, required=True)
    email_status = ma.fields.String(required=True, metadata={"description": "none, pending, sent or failed"})


class NotificationListArgsSchema(PageArgsSchema):
    unread = ma.fields.Boolean(load_default=False, metadata={"description": "only notices not yet read"})

    class Meta:
        exclude = ("order",)  # always newest first


class ReadAllSchema(ma.Schema):
    marked = ma.fields.Integer(required=True, metadata={"description": "how many notices were unread"})
