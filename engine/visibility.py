"""Who may see which instance: one rule for instance lists, details, diagrams and histories.

Supervisors, auditors and analysts see every instance (analysts read instances to follow versions).
Anyone else sees the instances they started and those with a task (open or done) of one of their groups,
assigned to them or completed by them. An instance the caller may not see is reported as not found.
"""
from __future__ import annotations

from sqlalchemy import ColumnElement, exists, or_, select

from .db.models import ProcessInstance, TaskCandidateGroup, TaskRow
from .identity import Actor


def sees_all_instances(actor: Actor) -> bool:
    return actor.sees_everything or actor.has_role("analyst")


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
