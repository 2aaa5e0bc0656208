from __future__ import annotations

import marshmallow as ma

from engine.tasks import SORTS

from ..pagination import PageArgsSchema
from .common import PlainSchema, StrictSchema, moment, moment_arg, variables

SCOPES = ["mine", "candidate", "all"]
STATES = ["open", "completed", "cancelled"]


class TaskSchema(PlainSchema):
    id = ma.fields.String(required=True)
    instance_id = ma.fields.String(required=True)
    definition_key = ma.fields.String(required=True)
    element_id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    lane = ma.fields.String(allow_none=True, required=True)
    candidate_groups = ma.fields.List(ma.fields.String(), required=True)
    assignee = ma.fields.String(allow_none=True, required=True)
    created_at = moment(required=True)
    due_at = moment(allow_none=True, required=True)
    follow_up_at = moment(allow_none=True, required=True)
    priority = ma.fields.Integer(required=True)
    state = ma.fields.String(required=True, validate=ma.validate.OneOf(STATES))
    form = ma.fields.String(allow_none=True, required=True, metadata={"description": "form key"})
    completed_at = moment(allow_none=True)
    completed_by = ma.fields.String(allow_none=True)


class TaskDetailSchema(TaskSchema):
    form_definition = ma.fields.Dict(allow_none=True, required=True,
                                     metadata={"description": "the form-js form, when deployed"})
    data = ma.fields.Dict(allow_none=True, metadata={
        "description": "an open task's input data: the process data it sees, with a multi-instance "
                       "item and its loopCounter (null for closed tasks)"})
    loop_counter = ma.fields.Integer(allow_none=True, metadata={
        "description": "0-based index of a multi-instance activity's instance, else null"})


class TaskListArgsSchema(PageArgsSchema):
    scope = ma.fields.String(load_default="candidate", validate=ma.validate.OneOf(SCOPES))
    state = ma.fields.String(load_default="open", validate=ma.validate.OneOf(STATES))
    instance = ma.fields.String()
    definition = ma.fields.String()
    overdue = ma.fields.Boolean()
    due_before = moment_arg()
    sort = ma.fields.String(load_default="due", validate=ma.validate.OneOf(list(SORTS)))


class AssignArgsSchema(StrictSchema):
    user = ma.fields.String(required=True, allow_none=True, validate=ma.validate.Length(min=1, max=100),
                            metadata={"description": "user name, or null to unassign"})


class CompleteArgsSchema(StrictSchema):
    variables = variables(load_default=dict)


class CommentSchema(PlainSchema):
    id = ma.fields.Integer(required=True)
    author = ma.fields.String(required=True)
    at = moment(required=True)
    text = ma.fields.String(required=True)


class CommentArgsSchema(StrictSchema):
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=10_000))
