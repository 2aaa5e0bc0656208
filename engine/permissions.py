"""Who may do what: the one rule book for seeing, starting, claiming, completing, assigning and
administering. Engine services, the start page, the task list and the web read endpoints all ask here.

System actors (the timer, the connector runner, the engine's own maintenance) are not users: they are
built in code with `system=True`, a user cannot be created under their names, and no user name grants
anything by itself.

Instances: supervisors, auditors and analysts see every instance (analysts read instances to follow
versions). Anyone else sees the instances they started and those with a task (open or done) of one of
their groups, assigned to them or completed by them. What the caller may not see is reported as not found.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, exists, or_, select

from .db.models import ProcessInstance, TaskCandidateGroup, TaskRow
from .errors import Forbidden
from .identity import SYSTEM_USERNAMES, Actor, is_reserved_username

__all__ = ["SYSTEM_USERNAMES", "is_reserved_username"]  # re-exported: the rule book names them too

def require_role(actor: Actor, *roles: str, message: str | None = None) -> None:
    """Raises Forbidden unless the actor has one of `roles` (admin has every role; system actors pass)."""
    if not (actor.system or actor.has_role(*roles)):
        raise Forbidden(message or f"this is for {' or '.join(roles)} users")


# --- instances ----------------------------------------------------------------------------------------
def sees_all_instances(actor: Actor) -> bool:
    return actor.system or actor.sees_everything or actor.has_role("analyst")


def instance_clause(actor: Actor) -> ColumnElement[bool] | None:
    """A WHERE clause over ProcessInstance limiting it to what `actor` may see; None = everything."""
    if sees_all_instances(actor):
        return None
    mine = exists().where(TaskRow.instance_id == ProcessInstance.id,
                          or_(TaskRow.assignee == actor.username, TaskRow.completed_by == actor.username))
    clauses = [ProcessInstance.started_by == actor.username, mine]
    if actor.groups:
        clauses.append(exists().where(
            TaskRow.instance_id == ProcessInstance.id, TaskCandidateGroup.task_id == TaskRow.id,
            TaskCandidateGroup.group_code.in_(sorted(actor.groups))))
    return or_(*clauses)


def may_see_instance(session, instance_id: str, actor: Actor) -> bool:
    clause = instance_clause(actor)
    q = select(ProcessInstance.id).where(ProcessInstance.id == instance_id)
    if clause is not None:
        q = q.where(clause)
    return session.execute(q).first() is not None


def may_read_history(session, instance_id: str, actor: Actor) -> bool:
    """Histories follow instance visibility, except that analysts, who see instances to follow
    versions, do not read their histories."""
    if actor.has_role("analyst") and not actor.has_role("supervisor", "auditor"):
        return False
    return may_see_instance(session, instance_id, actor)


def require_instance_admin(actor: Actor, what: str) -> None:
    """Suspend, resume, terminate: supervisors and admins."""
    require_role(actor, "supervisor", "admin", message=f"only supervisors may {what} instances")


# --- starting -----------------------------------------------------------------------------------------
def starters(starter_groups: Iterable[str] | None, lane_groups: Iterable[str] | None) -> set[str]:
    """The groups whose officers may start a definition: its starter-groups property, else its lanes'
    groups; empty means anyone signed in."""
    return set(starter_groups or []) or set(lane_groups or [])


def may_start(actor: Actor, starter_groups: Iterable[str] | None, lane_groups: Iterable[str] | None) -> bool:
    if actor.system or actor.has_role("supervisor", "admin"):
        return True
    allowed = starters(starter_groups, lane_groups)
    return not allowed or bool(actor.groups & allowed)


def require_start(actor: Actor, key: str, starter_groups: Iterable[str] | None,
                  lane_groups: Iterable[str] | None) -> None:
    if not may_start(actor, starter_groups, lane_groups):
        allowed = starters(starter_groups, lane_groups)
        raise Forbidden(f"you may not start {key!r}: it is started by {', '.join(sorted(allowed))}")


# --- tasks --------------------------------------------------------------------------------------------
def may_see_task(actor: Actor, row: TaskRow) -> bool:
    return (actor.system or actor.sees_everything or row.assignee == actor.username
            or bool(actor.groups & set(row.candidate_groups or [])))


def is_candidate(actor: Actor, row: TaskRow) -> bool:
    return bool(actor.groups & set(row.candidate_groups or [])) or row.assignee == actor.username


def require_claim(actor: Actor, row: TaskRow) -> None:
    if not is_candidate(actor, row):
        raise Forbidden("you are not a candidate for this task")


def require_unclaim(actor: Actor, row: TaskRow) -> None:
    if row.assignee != actor.username and not actor.has_role("supervisor"):
        raise Forbidden("only the assignee or a supervisor may unclaim this task")


def require_assign(actor: Actor, row: TaskRow) -> None:
    if not actor.has_role("supervisor") and row.assignee != actor.username:
        raise Forbidden("only a supervisor or the current assignee may assign this task")


def require_complete(actor: Actor, row: TaskRow) -> None:
    if row.assignee not in (None, actor.username):
        raise Forbidden(f"task is assigned to {row.assignee}")
    if not is_candidate(actor, row):
        raise Forbidden("you are not a candidate for this task")
