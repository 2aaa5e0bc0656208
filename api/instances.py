"""/api/v1/instances: list and read instances, suspend/resume/terminate, diagram data, history."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import ANYONE, READERS, SUPERVISORS, access, actor
from .pagination import PAGINATED, paged
from .schemas.history import EventSchema, HistoryArgsSchema
from .schemas.instances import DiagramSchema, InstanceListArgsSchema, InstanceSchema, TerminateArgsSchema
from .smorest import PREFIX

blp = Blueprint("instances", __name__, url_prefix=f"{PREFIX}/instances", description="Process instances")


def _runtime():
    return current_app.extensions["pressdesk"].runtime


@blp.route("")
class Instances(MethodView):
    @access(*ANYONE)
    @blp.arguments(InstanceListArgsSchema, location="query")
    @blp.response(200, InstanceSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """List the instances the caller may see (filters: definition, status, business key, starter)"""
        items, total = _runtime().list(actor=actor(), **args)
        return paged(items, total, args)


@blp.route("/<string:instance_id>")
class Instance(MethodView):
    @access(*ANYONE)
    @blp.response(200, InstanceSchema)
    def get(self, instance_id):
        """One instance"""
        return _runtime().get(instance_id, actor())


@blp.route("/<string:instance_id>/suspend")
class Suspend(MethodView):
    @access(*SUPERVISORS)
    @blp.response(200, InstanceSchema)
    def post(self, instance_id):
        """Suspend a running or waiting instance (its timers wait, its tasks cannot be completed)"""
        return _runtime().suspend(instance_id, actor())


@blp.route("/<string:instance_id>/resume")
class Resume(MethodView):
    @access(*SUPERVISORS)
    @blp.response(200, InstanceSchema)
    def post(self, instance_id):
        """Resume a suspended instance"""
        return _runtime().resume(instance_id, actor())


@blp.route("/<string:instance_id>/terminate")
class Terminate(MethodView):
    @access(*SUPERVISORS)
    @blp.arguments(TerminateArgsSchema, required=False)
    @blp.response(200, InstanceSchema)
    def post(self, args, instance_id):
        """Terminate an instance: its open tasks and timers are cancelled"""
        return _runtime().terminate(instance_id, actor(), (args or {}).get("reason"))


@blp.route("/<string:instance_id>/diagram")
class Diagram(MethodView):
    @access(*ANYONE)
    @blp.response(200, DiagramSchema)
    def get(self, instance_id):
        """The instance's BPMN with its active and completed element ids"""
        return _runtime().diagram(instance_id, actor())


@blp.route("/<string:instance_id>/history")
class History(MethodView):
    @access(*READERS)
    @blp.arguments(HistoryArgsSchema, location="query")
    @blp.response(200, EventSchema(many=True), headers=PAGINATED)
    def get(self, args, instance_id):
        """The instance's hash-chained history, by sequence number"""
        history = current_app.extensions["pressdesk"].history
        items, total = history.events(instance_id, actor(), args["page"], args["per_page"],
                                      args.get("order") or "asc")
        return paged(items, total, args)
