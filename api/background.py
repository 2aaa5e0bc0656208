"""/api/v1/incidents (failed background work, retry) and /api/v1/notifications (the caller's notices)."""
from __future__ import annotations

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from .auth.access import ANYONE, SUPERVISORS, access, actor
from .pagination import PAGINATED, paged
from .schemas.background import (
    IncidentListArgsSchema,
    IncidentSchema,
    NotificationListArgsSchema,
    NotificationSchema,
    ReadAllSchema,
    RetryArgsSchema,
)
from .smorest import PREFIX

incidents_blp = Blueprint("incidents", __name__, url_prefix=f"{PREFIX}/incidents",
                          description="Failed background work")
notifications_blp = Blueprint("notifications", __name__, url_prefix=f"{PREFIX}/notifications",
                              description="The caller's notices")


def _engine():
    return current_app.extensions["pressdesk"]


@incidents_blp.route("")
class Incidents(MethodView):
    @access(*SUPERVISORS)
    @incidents_blp.arguments(IncidentListArgsSchema, location="query")
    @incidents_blp.response(200, IncidentSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """Incidents — service tasks that used up their attempts, timers that could not fire — newest
        first (open ones unless status says otherwise)"""
        status = None if args["status"] == "all" else args["status"]
        items, total = _engine().management.incidents(actor(), status, args.get("instance"), args["page"],
                                                      args["per_page"])
        return paged(items, total, args)


@incidents_blp.route("/<int:incident_id>")
class Incident(MethodView):
    @access(*SUPERVISORS)
    @incidents_blp.response(200, IncidentSchema)
    def get(self, incident_id):
        """One incident"""
        return _engine().management.incident(incident_id, actor())


@incidents_blp.route("/<int:incident_id>/retry")
class Retry(MethodView):
    @access(*SUPERVISORS)
    @incidents_blp.arguments(RetryArgsSchema, required=False)
    @incidents_blp.response(200, IncidentSchema)
    def post(self, args, incident_id):
        """Run the failed work again and resolve the incident (409 when it is already resolved)"""
        return _engine().management.retry(incident_id, actor(), (args or {}).get("attempts"))


@notifications_blp.route("")
class Notifications(MethodView):
    @access(*ANYONE)
    @notifications_blp.arguments(NotificationListArgsSchema, location="query")
    @notifications_blp.response(200, NotificationSchema(many=True), headers=PAGINATED)
    def get(self, args):
        """The caller's own notices (assignment, reminder, overdue, escalation), newest first"""
        items, total = _engine().notifications.list(actor(), args["unread"], args["page"], args["per_page"])
        return paged(items, total, args)


@notifications_blp.route("/<int:notification_id>/read")
class Read(MethodView):
    @access(*ANYONE)
    @notifications_blp.response(200, NotificationSchema)
    def post(self, notification_id):
        """Mark one of your notices read (404 for anybody else's)"""
        return _engine().notifications.mark_read(notification_id, actor())


@notifications_blp.route("/read-all")
class ReadAll(MethodView):
    @access(*ANYONE)
    @notifications_blp.response(200, ReadAllSchema)
    def post(self):
        """Mark every unread notice of yours read"""
        return {"marked": _engine().notifications.mark_all_read(actor())}
