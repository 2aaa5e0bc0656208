"""/api/v1/tasks: the task list, a task with its form, claim/unclaim/assign/complete, comments."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import READERS, WORKERS, access, actor
from .pagination import PAGINATED, PageArgsSchema, paged
from .schemas.tasks import (
    AssignArgsSchema,
    CommentArgsSchema,
    CommentSchema,
    CompleteArgsSchema,
    TaskDetailSchema,
    TaskListArgsSchema,
    TaskSchema,
)
from .smorest import PREFIX

blp = Blueprint("tasks", __name__, url_prefix=f"{PREFIX}/tasks", description="Human tasks")


def _engine():
    return current_app.extensions["pressdesk"]


@blp.route("")
class Tasks(MethodView):
    @access(*READERS)
    @blp.arguments(TaskListArgsSchema, location="query")
    @blp.response(200, TaskSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """Tasks of the caller's groups or assigned to them (scope=all: everything, for supervisors and
        auditors); by default open ones, soonest due (overdue) first"""
        items, total = _engine().tasks.list(actor(), **args)
        return paged(items, total, args)


@blp.route("/<string:task_id>")
class Task(MethodView):
    @access(*READERS)
    @blp.response(200, TaskDetailSchema)
    def get(self, task_id):
        """One task, with its form-js form when the form is deployed"""
        engine = _engine()
        task = engine.tasks.get(task_id, actor())
        form = engine.forms.get(task.form) if task.form else None
        return {**task.__dict__, "form_definition": form}


@blp.route("/<string:task_id>/claim")
class Claim(MethodView):
    @access(*WORKERS)
    @blp.response(200, TaskSchema)
    def post(self, task_id):
        """Claim a task of one of your groups"""
        return _engine().tasks.claim(task_id, actor())


@blp.route("/<string:task_id>/unclaim")
class Unclaim(MethodView):
    @access(*WORKERS)
    @blp.response(200, TaskSchema)
    def post(self, task_id):
        """Give a claimed task back to its groups"""
        return _engine().tasks.unclaim(task_id, actor())


@blp.route("/<string:task_id>/assign")
class Assign(MethodView):
    @access(*WORKERS)
    @blp.arguments(AssignArgsSchema)
    @blp.response(200, TaskSchema)
    def post(self, args, task_id):
        """Assign a task to a user (supervisors, or its current assignee handing it on)"""
        return _engine().tasks.assign(task_id, args["user"], actor())


@blp.route("/<string:task_id>/complete")
class Complete(MethodView):
    @access(*WORKERS)
    @blp.arguments(CompleteArgsSchema)
    @blp.response(200, TaskSchema)
    def post(self, args, task_id):
        """Complete a task with its form data (422 with one error per wrong field)"""
        return _engine().tasks.complete(task_id, actor(), args["variables"])


@blp.route("/<string:task_id>/comments")
class Comments(MethodView):
    @access(*READERS)
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, CommentSchema(many=True), headers=PAGINATED)
    def get(self, args, task_id):
        """A task's comments, oldest first"""
        items, total = _engine().tasks.comment_page(task_id, actor(), args["page"], args["per_page"],
                                                    args.get("order") or "asc")
        return paged(items, total, args)

    @access(*WORKERS)
    @blp.arguments(CommentArgsSchema)
    @blp.response(201, CommentSchema)
    def post(self, args, task_id):
        """Add a comment to a task"""
        return _engine().tasks.add_comment(task_id, actor(), args["text"])
