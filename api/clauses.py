"""/api/v1/clauses: the clause matrix (clause -> procedures and elements -> live task figures)."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import AUDITORS, SUPERVISORS, access, actor
from .schemas.clauses import ClauseMatrixSchema, ClauseSchema
from .smorest import PREFIX

blp = Blueprint("clauses", __name__, url_prefix=f"{PREFIX}/clauses",
                description="Clauses of the directive and the plan, and what implements them")


@blp.route("")
class Clauses(MethodView):
    @access(*SUPERVISORS, *AUDITORS)
    @blp.response(200, ClauseMatrixSchema)
    def get(self):
        """Every clause with the deployed elements citing it and their open, overdue and completed tasks"""
        return current_app.extensions["pressdesk"].clauses.matrix(actor())


@blp.route("/<string:clause_id>")
class Clause(MethodView):
    @access(*SUPERVISORS, *AUDITORS)
    @blp.response(200, ClauseSchema)
    def get(self, clause_id):
        """One clause (id such as "CT 1.e", URL-encoded) with its elements and figures; 404 if unknown"""
        return current_app.extensions["pressdesk"].clauses.clause(clause_id, actor())
