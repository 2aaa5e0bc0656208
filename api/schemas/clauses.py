"""Schemas of the clause matrix (GET /api/v1/clauses)."""
from __future__ import annotations

import marshmallow as ma

from .common import moment


class FiguresSchema(ma.Schema):
    open = ma.fields.Integer(required=True, metadata={"description": "open tasks"})
    overdue = ma.fields.Integer(required=True, metadata={"description": "open tasks past their due date"})
    completed = ma.fields.Integer(required=True)
    completed_on_time = ma.fields.Integer(required=True, metadata={"description": "by the due date, or none"})
    completed_late = ma.fields.Integer(required=True)


class ClauseElementSchema(ma.Schema):
    element_id = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True, metadata={"description": "BPMN element type, e.g. userTask"})
    clauses = ma.fields.List(ma.fields.String(), required=True, metadata={"description": "every id it cites"})
    figures = ma.fields.Nested(FiguresSchema, required=True)


class ClauseProcedureSchema(ma.Schema):
    key = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    version = ma.fields.Integer(required=True, metadata={"description": "the newest deployed version"})
    elements = ma.fields.List(ma.fields.Nested(ClauseElementSchema), required=True)


class ClauseSchema(ma.Schema):
    id = ma.fields.String(required=True, metadata={"example": "CT 1.e"})
    document = ma.fields.String(required=True, metadata={"description": "CT (directive) or KH (plan)"})
    heading = ma.fields.String(required=True, metadata={"description": "the section it belongs to"})
    text = ma.fields.String(required=True, metadata={"description": "Vietnamese, as in the source"})
    gist = ma.fields.String(required=True, metadata={"description": "one line in English"})
    reason = ma.fields.String(allow_none=True, required=True,
                              metadata={"description": "why the clause is no workflow, if it is not"})
    reason_vi = ma.fields.String(allow_none=True, required=True,
                                 metadata={"description": "the reason in Vietnamese"})
    note = ma.fields.String(allow_none=True, required=True,
                            metadata={"description": "what part is not modelled"})
    note_vi = ma.fields.String(allow_none=True, required=True)
    procedures = ma.fields.List(ma.fields.Nested(ClauseProcedureSchema), required=True)
    figures = ma.fields.Nested(FiguresSchema, required=True)


class ClauseDocumentSchema(ma.Schema):
    key = ma.fields.String(required=True)
    title_vi = ma.fields.String(required=True)
    title_en = ma.fields.String(required=True)


class ClauseSummarySchema(FiguresSchema):
    clauses = ma.fields.Integer(required=True)
    implemented = ma.fields.Integer(required=True, metadata={"description": "clauses deployed elements cite"})
    not_workflow = ma.fields.Integer(required=True, metadata={"description": "clauses with a reason instead"})
    uncovered = ma.fields.List(ma.fields.String(), required=True,
                               metadata={"description": "clauses with neither elements nor a reason"})


class ClauseMatrixSchema(ma.Schema):
    documents = ma.fields.List(ma.fields.Nested(ClauseDocumentSchema), required=True)
    clauses = ma.fields.List(ma.fields.Nested(ClauseSchema), required=True)
    summary = ma.fields.Nested(ClauseSummarySchema, required=True)
    at = moment(required=True)  # when the figures were read
