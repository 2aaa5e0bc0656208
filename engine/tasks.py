"""Tasks: the human-task list and its actions (claim, unclaim, assign, complete, comments).

An officer sees and acts only on tasks of their groups (as candidate) or assigned to them; supervisors
and auditors see all. A task the caller may not see is reported as not found, so ids reveal nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import MultiInstanceTask
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskState
from sqlalchemy import Row, Select, bindparam, case, exists, func, or_, select, union

from . import history, permissions
from .clock import LOCAL_TZ
from .db.models import ProcessInstance, TaskCandidateGroup, TaskComment, TaskRow, User
from .errors import Conflict, IllegalState, NotFound, ValidationFailed
from .identity import Actor
from .paging import MAX_PER_PAGE, check_page
from .projection import Step, set_candidate_state
from .rules import checks, four_eyes
from .runtime import _check_variables


@dataclass
class TaskView:
    id: str
    instance_id: str
    definition_key: str
    element_id: str
    name: str
    lane: str | None
    candidate_groups: list[str]
    assignee: str | None
    created_at: str
    due_at: str | None
    follow_up_at: str | None
    priority: int
    state: str
    form: str | None
    completed_at: str | None = None
    completed_by: str | None = None
    overdue: bool = False  # set when the task's due date passed with the task open
    # The task's own input data (process data plus a multi-instance item and loopCounter), open tasks
    # read one by one only (TaskService.get).
    data: dict[str, Any] | None = None
    loop_counter: int | None = None

    @classmethod
    def of(cls, r: TaskRow | Row) -> TaskView:
        def iso(d):
            return d.isoformat() if d else None
        return cls(r.id, r.instance_id, r.definition_key, r.element_id, r.name, r.lane,
                   list(r.candidate_groups or []), r.assignee, r.created_at.isoformat(), iso(r.due_at),
                   iso(r.follow_up_at), r.priority, r.state, r.form_key, iso(r.completed_at), r.completed_by,
                   bool(r.overdue))


def loop_counter(task) -> int | None:
    """The 0-based index of a multi-instance activity's instance (Camunda's loopCounter), else None."""
    parent = task.parent
    if parent is None or not isinstance(parent.task_spec, MultiInstanceTask):
        return None
    index = task.internal_data.get("key_or_index")
    index = task.internal_data.get("item") if index is None else index
    return index if isinstance(index, int) else None


# sort key -> its natural order: due dates soonest (overdue) first, highest priority first, newest first.
SORTS = {"due": "asc", "priority": "desc", "created": "desc"}

# Hot statements built once: a prebuilt statement keeps its memoized cache key, so executing it costs
# no construction and no cache-key walk.
# Lock by subquery: a task never moves to another instance, so its instance_id may be read before the
# lock; everything else about the task is read after it.
_LOCK_TASK_INSTANCE = (
    select(ProcessInstance)
    .where(ProcessInstance.id == select(TaskRow.instance_id)
           .where(TaskRow.id == bindparam("task_id")).scalar_subquery())
    .with_for_update())
_TASK_BY_ID = (select(TaskRow).where(TaskRow.id == bindparam("task_id"))
               .execution_options(populate_existing=True))
_TASK_AND_OPEN_SIBLINGS = (
    select(TaskRow)
    .where(TaskRow.instance_id == bindparam("instance_id"),
           or_(TaskRow.id == bindparam("task_id"), TaskRow.state == "open"))
    .execution_options(populate_existing=True))


_OVERDUE = case((TaskRow.due_at < bindparam("now", type_=TaskRow.due_at.type), 1), else_=0)
_OPEN_COUNTS = select(func.count(), func.sum(_OVERDUE)).where(TaskRow.state == "open")


@lru_cache(maxsize=256)
def _list_statements(visible: str, by_instance: bool, by_definition: bool, overdue: bool | None,
                     by_due_before: bool, sort: str, reverse: bool = False) -> tuple[Select, Select]:
    """The task-list query and its count for one combination of filters, built once with bound
    parameters (values are passed at execution), so a list call neither rebuilds nor re-keys it."""
    if visible in ("candidate", "candidate1") and sort == "due" and not by_instance and not by_definition:
        return _candidate_statements(overdue, by_due_before, reverse, visible == "candidate1")
    # Plain rows (same attribute names as TaskRow): the list only reads them, so ORM loading and the
    # identity map would be pure overhead.
    q = select(TaskRow.__table__).where(TaskRow.state == bindparam("state"))
    if visible == "mine":
        q = q.where(TaskRow.assignee == bindparam("username"))
    elif visible in ("candidate", "candidate1"):
        in_groups = exists().where(TaskCandidateGroup.task_id == TaskRow.id,
                                   TaskCandidateGroup.group_code.in_(bindparam("groups", expanding=True)))
        q = q.where(or_(TaskRow.assignee == bindparam("username"), in_groups))
    if by_instance:
        q = q.where(TaskRow.instance_id == bindparam("instance"))
    if by_definition:
        q = q.where(TaskRow.definition_key == bindparam("definition"))
    now = bindparam("now", type_=TaskRow.due_at.type)
    if overdue is True:
        q = q.where(TaskRow.due_at < now)
    elif overdue is False:
        q = q.where(or_(TaskRow.due_at.is_(None), TaskRow.due_at >= now))
    if by_due_before:
        q = q.where(TaskRow.due_at < bindparam("due_before", type_=TaskRow.due_at.type))
    if sort == "due":
        # Overdue first, then soonest due; tasks without a due date last. Same order as the index
        # ix_task_state_due, so PostgreSQL can walk it and stop at LIMIT (or walk it backwards).
        order = _due_order(TaskRow.due_at, TaskRow.created_at, TaskRow.id, reverse)
    elif sort == "priority":
        priority = TaskRow.priority.asc() if reverse else TaskRow.priority.desc()
        order = [priority, TaskRow.created_at, TaskRow.id]
    else:
        order = [TaskRow.created_at.asc() if reverse else TaskRow.created_at.desc(), TaskRow.id]
    count = select(func.count()).select_from(q.subquery())
    rows = q.order_by(*order).offset(bindparam("offset")).limit(bindparam("limit"))
    return rows, count


def _candidate_statements(overdue: bool | None, by_due_before: bool, reverse: bool, one_group: bool
                          ) -> tuple[Select, Select]:
    """An officer's default list: tasks of my groups or assigned to me, by due date.

    The group side walks ix_candidate_state_due (group, state, due, created, id) in order and stops after
    offset+limit entries; the assigned side walks ix_task_assignee_state. Their union is ordered once
    more and cut to the page. The count adds an index-only count of the group side (distinct only when
    a task can be there twice, i.e. with several groups) to the assigned tasks outside those groups."""
    c = TaskCandidateGroup
    now = bindparam("now", type_=TaskRow.due_at.type)
    groups = select(c.task_id.label("id"), c.due_at, c.created_at).where(
        c.group_code.in_(bindparam("groups", expanding=True)), c.state == bindparam("state"))
    assigned = select(TaskRow.id, TaskRow.due_at, TaskRow.created_at).where(
        TaskRow.assignee == bindparam("username"), TaskRow.state == bindparam("state"))
    sides = []
    for q, due, created, ident in ((groups, c.due_at, c.created_at, c.task_id),
                                   (assigned, TaskRow.due_at, TaskRow.created_at, TaskRow.id)):
        if overdue is True:
            q = q.where(due < now)
        elif overdue is False:
            q = q.where(or_(due.is_(None), due >= now))
        if by_due_before:
            q = q.where(due < bindparam("due_before", type_=TaskRow.due_at.type))
        sides.append((q, _due_order(due, created, ident, reverse)))
    (group_side, _), (assigned_side, _) = sides
    in_my_groups = exists().where(c.task_id == TaskRow.id,
                                  c.group_code.in_(bindparam("groups", expanding=True)))
    counted = func.count() if one_group else func.count(c.task_id.distinct())
    group_count = group_side.with_only_columns(counted)
    assigned_count = assigned_side.with_only_columns(func.count()).where(~in_my_groups)
    count = select(group_count.scalar_subquery() + assigned_count.scalar_subquery())
    windows = [select(q.order_by(*order).limit(bindparam("window")).subquery()) for q, order in sides]
    ids = union(*windows).subquery()
    rows = (select(TaskRow.__table__).join(ids, TaskRow.id == ids.c.id)
            .order_by(*_due_order(TaskRow.due_at, TaskRow.created_at, TaskRow.id, reverse))
            .offset(bindparam("offset")).limit(bindparam("limit")))
    return rows, count


def _due_order(due, created, ident, reverse: bool) -> list:
    if reverse:
        return [due.desc().nulls_first(), created.desc(), ident.desc()]
    return [due.asc().nulls_last(), created.asc(), ident.asc()]


class TaskService:
    def __init__(self, engine) -> None:
        self._engine = engine

    # --- queries ----------------------------------------------------------------------------------
    def list(self, actor: Actor, scope: str = "candidate", state: str = "open", instance: str | None = None,
             overdue: bool | None = None, due_before: datetime | None = None, definition: str | None = None,
             sort: str = "due", page: int = 1, per_page: int = 50, order: str | None = None
             ) -> tuple[list[TaskView], int]:
        """scope: mine (assigned to me), candidate (mine or my groups'), all (supervisors/auditors).
        `order` (asc|desc) reverses a sort's natural order (see SORTS)."""
        if scope not in ("mine", "candidate", "all") or state not in ("open", "completed", "cancelled"):
            raise ValidationFailed("scope must be mine|candidate|all and state open|completed|cancelled")
        if sort not in SORTS:
            raise ValidationFailed(f"sort must be one of {', '.join(SORTS)}")
        offset = check_page(page, per_page, order)
        visible = "mine" if scope == "mine" else (
            "candidate" if scope == "candidate" or not actor.sees_everything else "all")
        if visible == "candidate" and len(actor.groups) == 1:
            visible = "candidate1"  # one group: no task is listed twice, the count needs no DISTINCT
        reverse = (order or SORTS[sort]) != SORTS[sort]
        rows_q, count_q = _list_statements(visible, bool(instance), bool(definition), overdue,
                                           due_before is not None, sort, reverse)
        params = {"state": state, "username": actor.username, "groups": sorted(actor.groups),
                  "instance": instance, "definition": definition, "now": self._engine.clock.now(),
                  "due_before": due_before, "offset": offset, "limit": per_page, "window": offset + per_page}
        with self._engine.reader() as uow:
            rows = uow.session.execute(rows_q, params).all()
            if 0 < len(rows) < per_page or (offset == 0 and not rows):
                total = offset + len(rows)  # a page that is not full is the last one: no count needed
            else:
                total = uow.session.execute(count_q, params).scalar_one()
            return [TaskView.of(r) for r in rows], total

    def get(self, task_id: str, actor: Actor) -> TaskView:
        """One task; an open one with its input data (`data`, `loop_counter`) as the interpreter holds it."""
        with self._engine.reader() as uow:
            row = self._visible_row(uow.session, task_id, actor)
            view = TaskView.of(row)
            if row.state == "open":
                view.data, view.loop_counter = self._input_data(uow.session, row)
            return view

    def _input_data(self, session, row: TaskRow) -> tuple[dict[str, Any] | None, int | None]:
        from uuid import UUID

        instance = session.get(ProcessInstance, row.instance_id)
        loaded = self._engine.repository.load(session, instance.definition_id)
        task = self._engine.runtime.restore(instance, loaded).get_task_from_id(UUID(row.id))
        if task is None:
            return None, None
        data = dict(task.data)
        counter = loop_counter(task)
        if counter is not None:
            data.setdefault("loopCounter", counter)  # Camunda's local variable of one instance
        return data, counter

    def _visible_row(self, session, task_id: str, actor: Actor, lock: bool = False) -> TaskRow:
        q = select(TaskRow).where(TaskRow.id == task_id)
        row = session.execute(q.with_for_update() if lock else q).scalar_one_or_none()
        if row is None or not self.may_see(actor, row):
            raise NotFound(f"no task {task_id}")
        return row

    @staticmethod
    def may_see(actor: Actor, row: TaskRow) -> bool:
        return permissions.may_see_task(actor, row)

    # --- assignment -------------------------------------------------------------------------------
    def claim(self, task_id: str, actor: Actor) -> TaskView:
        def act(session, row: TaskRow, step: Step) -> None:
            if row.assignee == actor.username:
                return
            permissions.require_claim(actor, row)
            if row.assignee is not None:
                raise Conflict(f"task is already claimed by {row.assignee}")
            four_eyes.check(self._engine, session, row, actor.username, "claim")
            row.assignee = actor.username
            step.record("task_claimed", row.element_id, row.id, {"assignee": actor.username})
        return self._assignment(task_id, actor, act)

    def unclaim(self, task_id: str, actor: Actor) -> TaskView:
        def act(session, row: TaskRow, step: Step) -> None:
            if row.assignee is None:
                raise IllegalState("task is not claimed")
            permissions.require_unclaim(actor, row)
            step.record("task_unclaimed", row.element_id, row.id, {"previous": row.assignee})
            row.assignee = None
        return self._assignment(task_id, actor, act)

    def assign(self, task_id: str, user: str | None, actor: Actor) -> TaskView:
        def act(session, row: TaskRow, step: Step) -> None:
            permissions.require_assign(actor, row)
            if user is not None:
                target = session.execute(select(User).where(User.username == user)).scalar_one_or_none()
                if target is None or not target.active:
                    raise ValidationFailed(f"no such user: {user}", [{"field": "user", "message": "unknown"}])
                four_eyes.check(self._engine, session, row, user, "be assigned")
            step.record("task_assigned", row.element_id, row.id, {"previous": row.assignee, "assignee": user})
            row.assignee = user
            if user and user != actor.username:
                self._engine.notifications.notify(session, [user], "assignment", row, step.now)
        return self._assignment(task_id, actor, act)

    def _assignment(self, task_id: str, actor: Actor, act) -> TaskView:
        with self._engine.uow() as uow:
            s = uow.session
            row, instance = self._locked_row(s, task_id, actor)
            if row.state != "open":
                raise Conflict(f"task is {row.state}")
            step = Step(actor.username, self._engine.clock.now())
            act(s, row, step)
            history.append_instance(s, instance, step.events)
            uow.commit()
            return TaskView.of(row)

    def _locked_row(self, session, task_id: str, actor: Actor, open_tasks: dict[str, TaskRow] | None = None
                    ) -> tuple[TaskRow, ProcessInstance]:
        """The task row, read only after taking its instance's lock (serialises with completion and
        timers of the same instance), with the locked instance row.

        With `open_tasks` given, the same read also fills it with the instance's open task rows (the
        projector needs them after a completion), saving a query.
        """
        instance = session.execute(_LOCK_TASK_INSTANCE, {"task_id": task_id}).scalar_one_or_none()
        if instance is None:
            raise NotFound(f"no task {task_id}")
        q = _TASK_AND_OPEN_SIBLINGS if open_tasks is not None else _TASK_BY_ID
        row = None
        for r in session.execute(q, {"task_id": task_id, "instance_id": instance.id}).scalars():
            if r.id == task_id:
                row = r
            if open_tasks is not None and r.state == "open":
                open_tasks[r.id] = r
        if row is None or not self.may_see(actor, row):
            raise NotFound(f"no task {task_id}")
        return row, instance

    # --- completion -------------------------------------------------------------------------------
    def complete(self, task_id: str, actor: Actor, variables: dict[str, Any] | None = None) -> TaskView:
        """Complete an open task with form data. An unclaimed task is claimed by the completer."""
        _check_variables(variables)
        variables = variables or {}
        with self._engine.uow() as uow:
            s = uow.session
            open_tasks: dict[str, TaskRow] = {}
            row, instance = self._locked_row(s, task_id, actor, open_tasks)
            if row.state != "open":
                raise Conflict(f"task is already {row.state}")
            permissions.require_complete(actor, row)
            four_eyes.check(self._engine, s, row, actor.username)
            validator = getattr(self._engine, "forms", None)
            if validator is not None and row.form_key:
                validator.validate(row.form_key, variables, session=s)
            now = self._engine.clock.now()

            def action(wf: BpmnWorkflow, step: Step, inst: ProcessInstance) -> None:
                from uuid import UUID

                task = wf.get_task_from_id(UUID(task_id))
                if task is None or not task.has_state(TaskState.READY):
                    raise Conflict("task is no longer waiting for completion")
                checks.run(self._engine.repository.load(s, inst.definition_id).elements.get(row.element_id),
                           {**task.data, **variables}, now.astimezone(LOCAL_TZ).date())
                before = dict(task.data)
                task.data.update(variables)
                changes = {k: [before.get(k), task.data[k]]
                           for k in DeepMerge.get_updated_keys(before, task.data)}
                task.run()
                step.completed_by_hand.add(task_id)
                step.record("task_completed", row.element_id, task_id,
                            {"name": row.name, "changes": changes})

            row.state, row.completed_at, row.completed_by = "completed", now, actor.username
            set_candidate_state(s, [task_id], "completed")
            if row.assignee is None:
                row.assignee = actor.username
            self._engine.runtime.change(row.instance_id, actor, action, uow=uow, locked=instance,
                                        open_tasks=open_tasks)
            uow.commit()
            return TaskView.of(row)

    # --- comments ---------------------------------------------------------------------------------
    def add_comment(self, task_id: str, actor: Actor, text: str) -> dict[str, Any]:
        if not text or not text.strip():
            raise ValidationFailed("a comment needs text", [{"field": "text", "message": "required"}])
        if len(text) > 10_000:
            raise ValidationFailed("comment is too long (max 10000 characters)")
        with self._engine.uow() as uow:
            row, instance = self._locked_row(uow.session, task_id, actor)
            now = self._engine.clock.now()
            comment = TaskComment(task_id=task_id, author=actor.username, at=now, text=text.strip())
            uow.session.add(comment)
            step = Step(actor.username, now)
            step.record("task_commented", row.element_id, task_id, {"text": comment.text})
            history.append_instance(uow.session, instance, step.events)
            uow.session.flush()
            out = {"id": comment.id, "author": comment.author, "at": now.isoformat(), "text": comment.text}
            uow.commit()
            return out

    def comments(self, task_id: str, actor: Actor) -> list[dict[str, Any]]:
        return self.comment_page(task_id, actor, per_page=MAX_PER_PAGE)[0]

    def comment_page(self, task_id: str, actor: Actor, page: int = 1, per_page: int = 50,
                     order: str = "asc") -> tuple[list[dict[str, Any]], int]:
        """One page of a task's comments (oldest first unless order=desc) and their total."""
        offset = check_page(page, per_page, order)
        with self._engine.reader() as uow:
            self._visible_row(uow.session, task_id, actor)
            where = TaskComment.task_id == task_id
            total = uow.session.execute(select(func.count()).where(where)).scalar_one()
            terms = [t.desc() if order == "desc" else t for t in (TaskComment.at, TaskComment.id)]
            rows = uow.session.execute(select(TaskComment).where(where).order_by(*terms)
                                       .offset(offset).limit(per_page)).scalars()
            return [{"id": c.id, "author": c.author, "at": c.at.isoformat(), "text": c.text}
                    for c in rows], total

    # --- counts -----------------------------------------------------------------------------------
    def open_counts(self) -> dict[str, int]:
        """Open tasks and, of those, the overdue ones (by the engine clock)."""
        now = self._engine.clock.now()
        with self._engine.reader() as uow:
            open_, overdue = uow.session.execute(_OPEN_COUNTS, {"now": now}).one()
        return {"open": open_, "overdue": overdue or 0}
