"""Keep SpiffWorkflow's task tree bounded when a process loops.

SpiffWorkflow 3.2 keeps every task it ever ran: a loop adds one tree level per pass, so after a few hundred
passes its depth-limited iterators (max_depth=1000) stop seeing the frontier (the instance even reports
itself completed), its recursive helpers hit the recursion limit, and every step costs time proportional to
the whole history. pressdesk keeps history in its own tables, so after each step `compact` removes the
finished tasks the interpreter will not read again.

(a) Chain splicing: a COMPLETED task with exactly one child, whose parent is finished too, is removed and
    its child takes its slot in the parent's child list (so depth-first order, which decides which READY
    task runs first, is unchanged). Kept: the root and its direct children, `last_task`, the parent of a
    join task, a split an unfinished structured join will look up (and that split's children), a task
    with an unfinished subprocess, a completed join task whose consumed inputs are still in the tree, and
    the nearest task of each parallel-gateway input spec on every path (see `_splice_chains`).
(b) Branch pruning: below a finished task (or a running loop-marker task) with a live child (one whose
    subtree holds an unfinished task, `last_task` or an unfinished subprocess) every other child subtree
    is dropped, except the cancelled tasks of unstructured joins that their join's next firing has still
    to read: those are kept with their parents and re-hung under the root, so the tree stays shallow, and
    runs of such pairs are folded into one when that provably gives the join the same data.

Removed tasks also leave the event manager, and the subprocesses they started (nested ones too) are
deleted. Only finished tasks are removed, and only the child lists of finished tasks and of running
loop-marker tasks are edited. Compared with raw Spiff, the only difference is that joins no longer see
tasks of their earlier rounds: Spiff 3.2 counts those as arrived inputs (a looping parallel or inclusive
join then fires early) and merges their stale data again.
"""
from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from itertools import pairwise
from typing import TYPE_CHECKING
from uuid import UUID
from weakref import WeakKeyDictionary

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import StandardLoopTask
from SpiffWorkflow.bpmn.specs.mixins.parallel_gateway import ParallelGateway
from SpiffWorkflow.bpmn.specs.mixins.unstructured_join import UnstructuredJoin
from SpiffWorkflow.specs.Join import Join
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.deep_merge import DeepMerge
from SpiffWorkflow.util.task import TaskState

if TYPE_CHECKING:
    from SpiffWorkflow.bpmn import BpmnWorkflow
    from SpiffWorkflow.specs.WorkflowSpec import WorkflowSpec
    from SpiffWorkflow.workflow import Workflow

FINISHED = TaskState.FINISHED_MASK
COMPLETED = TaskState.COMPLETED

# Process spec -> names of the specs feeding one of its ParallelGateways (parsed specs never change).
_parallel_inputs: WeakKeyDictionary[WorkflowSpec, frozenset[str]] = WeakKeyDictionary()


def compact(workflow: BpmnWorkflow) -> int:
    """Compact `workflow` and every subprocess below it; return how many tasks were removed.

    Call it between steps (after do_engine_steps), never from inside a SpiffWorkflow callback.
    """
    top = workflow.top_workflow
    removed = _TreeCompactor(workflow, top).run()
    for sp in [sp for sp in top.subprocesses.values() if _descends_from(sp, workflow, top)]:
        # Skip subprocesses deleted while their parent workflow was compacted.
        if top.subprocesses.get(sp.parent_task_id) is sp:
            removed += _TreeCompactor(sp, top).run()
    return removed


def tree_stats(workflow: Workflow) -> tuple[int, int]:
    """(number of tasks, depth of the deepest task) of one workflow's own tree, for tests and benchmarks."""
    deepest, stack = 0, [(workflow.task_tree, 0)]
    while stack:
        task, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((workflow.tasks[c], depth + 1) for c in task._children)
    return len(workflow.tasks), deepest


def _descends_from(sp: Workflow, ancestor: Workflow, top: BpmnWorkflow) -> bool:
    if ancestor is top:
        return True
    current: Workflow | None = sp
    while current is not None and current is not top:
        if current is ancestor:
            return True
        parent_task = top.get_task_from_id(current.parent_task_id)
        current = parent_task.workflow if parent_task is not None else None
    return False


def _walk(root: Task) -> Iterator[Task]:
    """Depth-first, parents before children, in Spiff's child order; iterative so depth cannot overflow."""
    tasks = root.workflow.tasks
    stack = [root]
    while stack:
        task = stack.pop()
        yield task
        stack.extend(tasks[c] for c in reversed(task._children))


def _is_ancestor(candidate: Task, task: Task) -> bool:
    tasks = task.workflow.tasks
    parent_id = task._parent
    while parent_id is not None:
        if parent_id == candidate.id:
            return True
        parent = tasks.get(parent_id)
        parent_id = parent._parent if parent is not None else None
    return False


def _fold_is_exact(first: dict, second: dict) -> bool:
    """Whether DeepMerge of `first` then `second` into any dict equals one merge of their fold.

    A scalar in `second` always wins; nested dicts recurse; an equal list of scalars merges idempotently.
    Anything else (lists that differ, a container replacing another kind) depends on the target: no fold.
    A list holding containers is never folded away: merging it can fail, and the fold must fail alike.
    """
    for key in first.keys() & second.keys():
        a, b = first[key], second[key]
        if _holds_nested_list(a):
            return False
        if not isinstance(b, (dict, list)):
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            if not _fold_is_exact(a, b):
                return False
        elif not (a == b and isinstance(b, list) and not any(isinstance(v, (dict, list)) for v in b)):
            return False
    return True


def _holds_nested_list(value: object) -> bool:
    """A list holding dicts or lists, at any dict depth: DeepMerge merges those item by item."""
    if isinstance(value, dict):
        return any(_holds_nested_list(v) for v in value.values())
    return isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value)


def _inputs_of_parallel_gateways(spec: WorkflowSpec) -> frozenset[str]:
    names = _parallel_inputs.get(spec)
    if names is None:
        names = frozenset(
            i.name for ts in spec.task_specs.values() if isinstance(ts, ParallelGateway) for i in ts.inputs
        )
        _parallel_inputs[spec] = names
    return names


class _TreeCompactor:
    def __init__(self, wf: Workflow, top: BpmnWorkflow) -> None:
        self.wf = wf
        self.top = top
        self.root: Task = wf.task_tree
        self.dropped: list[UUID] = []

    def run(self) -> int:
        order = list(_walk(self.root))
        protected = self._protected_splits(order)
        arrivals, fired = self._join_tasks(order)
        consumed = {x.id for x in arrivals if self._consumers(x, fired.get(x.task_spec.name, []), first=True)}
        pending = {x.id for x in arrivals if x.id not in consumed}
        if self._prune_branches(order, protected, pending):
            order = list(_walk(self.root))
        tasks = self.wf.tasks
        holding = {  # consumed tasks pruning had to keep (rare) hold their consumers in place
            y for x in arrivals if x.id in consumed and x.id in tasks
            for y in self._consumers(x, fired.get(x.task_spec.name, []), first=False)
        }
        self._splice_chains(order, protected, holding)
        self._fold_pending_pairs([x for x in arrivals if x.id in pending and x.id in tasks])
        return len(self.dropped) + self._delete_subprocesses()

    # --- facts -------------------------------------------------------------------------------------
    def _protected_splits(self, order: list[Task]) -> set[UUID]:
        """Splits an unfinished structured join will look up.

        BoundaryEventJoin and StartEventJoin (a Join with split_task set) call find_ancestor(split_task)
        and read that split's children (main task vs. boundary events; which start event fired), and
        Join._do_join searches below it. So the split keeps its place and its children until no task of
        the join is unfinished.
        """
        tasks, protected = self.wf.tasks, set()
        for task in order:
            spec = task.task_spec
            if isinstance(spec, Join) and spec.split_task and not task.has_state(FINISHED):
                parent = tasks.get(task._parent)
                while parent is not None and parent.task_spec.name != spec.split_task:
                    parent = tasks.get(parent._parent)
                if parent is not None:
                    protected.add(parent.id)
        return protected

    @staticmethod
    def _join_tasks(order: list[Task]) -> tuple[list[Task], dict[str, list[Task]]]:
        """Cancelled (or failed) tasks of unstructured joins, and each such join's completed tasks."""
        arrivals: list[Task] = []
        fired: dict[str, list[Task]] = {}
        for task in order:
            if isinstance(task.task_spec, UnstructuredJoin) and task.has_state(FINISHED):
                if task.state == COMPLETED:
                    fired.setdefault(task.task_spec.name, []).append(task)
                else:
                    arrivals.append(task)
        return arrivals, fired

    @staticmethod
    def _consumers(arrival: Task, fired: list[Task], first: bool) -> set[UUID]:
        """Firings of the join that already merged `arrival` (only the first found, if `first`).

        UnstructuredJoin._update_hook cancels the earlier WAITING task of the join each time another input
        arrives; when the join fires, _run_hook merges the parent data of every finished non-ancestor task
        of the join, and the parallel/inclusive thresholds count those tasks' parents as arrived inputs.
        Once a firing has merged one, it only feeds stale inputs into later rounds (uncompacted Spiff 3.2
        then fires a looping parallel join early), so it may go. A firing consumed it if it completed later
        and is off its line (the ancestor test keeps clock skew between hosts from making a firing of an
        earlier round look like a consumer).
        """
        tasks = arrival.workflow.tasks
        above, parent_id = set(), arrival._parent
        while parent_id is not None:
            above.add(parent_id)
            parent_id = tasks[parent_id]._parent if parent_id in tasks else None
        found: set[UUID] = set()
        for done in fired:
            if done.last_state_change < arrival.last_state_change or done.id in above:
                continue
            if arrival._children and _is_ancestor(arrival, done):
                continue
            found.add(done.id)
            if first:
                break
        return found

    def _self_live(self, task: Task) -> bool:
        if not task.has_state(FINISHED) or task is self.wf.last_task:
            return True
        sp = self.top.subprocesses.get(task.id)
        return sp is not None and not sp.completed

    # --- rule (b) ----------------------------------------------------------------------------------
    def _prune_branches(self, order: list[Task], protected: set[UUID], pending: set[UUID]) -> bool:
        live: set[UUID] = set()
        for task in reversed(order):
            if self._self_live(task) or any(c in live for c in task._children):
                live.add(task.id)
        tasks, before = self.wf.tasks, len(self.dropped)
        for parent in order:
            # Only finished parents: multi-instance tasks and event-based gateways read their children
            # while they run; a finished task's child list is read by nobody but the iterators. A running
            # loop-marker task reads only the child that just completed (merge_child: child.parent).
            running_loop = isinstance(parent.task_spec, StandardLoopTask)
            if parent.id not in tasks or parent.id in protected:
                continue
            if not parent.has_state(FINISHED) and not running_loop:
                continue
            if not any(c in live for c in parent._children):
                continue  # the whole subtree is history; its own parent decides
            for child_id in [c for c in parent._children if c not in live and c not in pending]:
                self._drop_branch(parent, tasks[child_id], pending)
        return len(self.dropped) > before

    def _drop_branch(self, parent: Task, branch: Task, pending: set[UUID]) -> None:
        members = list(_walk(branch))
        keep = {t.id for t in members if t.id in pending}
        keep |= {self.wf.tasks[k]._parent for k in list(keep)}
        if parent is self.root and len(keep) == len(members):
            return  # already a re-hung pair
        tops = [t for t in members if t.id in keep and t._parent not in keep]
        parent._children.remove(branch.id)
        for task in members:
            if task.id in keep:
                task._children = [c for c in task._children if c in keep]
            else:
                self._drop(task)
        # The join reads only (its task, that task's parent): where they hang does not matter to it.
        for task in tops:
            task._parent = self.root.id
            self.root._children.append(task.id)

    # --- rule (a) ----------------------------------------------------------------------------------
    def _splice_chains(self, order: list[Task], protected: set[UUID], holding: set[UUID]) -> None:
        """Bottom-up, so a task whose only child was a join can go once that join task has gone.

        ParallelGateway._check_threshold_unstructured climbs from predicted tasks of the join below the
        waiting one (remove_ancestor) up through all history and counts the first task whose spec is a
        still-missing input as arrived; that is how Spiff lets a parallel gateway take a loop-back flow.
        Such a climb stops at the nearest task of a spec, so a task of an input spec may only go when that
        spec recurs on every path below it. `cover` holds the input specs found on every path down from a
        task; splicing never changes the cover of the tasks above.
        """
        tasks, root, last = self.wf.tasks, self.root, self.wf.last_task
        inputs = _inputs_of_parallel_gateways(self.wf.spec)
        cover: dict[UUID, frozenset[str]] = {}
        for task in reversed(order):
            below = [cover[c] for c in task._children]
            common = frozenset.intersection(*below) if below else frozenset()
            name = task.task_spec.name
            cover[task.id] = common | {name} if name in inputs else common
            if len(task._children) != 1 or task.state != COMPLETED or task is last:
                continue
            if task.id in protected or task.id in holding:
                continue
            parent = tasks.get(task._parent)
            if parent is None or parent is root or not parent.has_state(FINISHED) or parent.id in protected:
                continue
            if name in inputs and name not in common:
                continue
            child = tasks[task._children[0]]
            sp = self.top.subprocesses.get(task.id)
            # Joins read their own task's parent (which input arrived, whose data to merge).
            if isinstance(child.task_spec, Join) or (sp is not None and not sp.completed):
                continue
            # Same slot in the parent's list keeps depth-first (and so run) order unchanged.
            parent._children[parent._children.index(task.id)] = child.id
            child._parent = parent.id
            task._children = []
            self._drop(task)

    # --- re-hung pairs ------------------------------------------------------------------------------
    def _fold_pending_pairs(self, pending: list[Task]) -> None:
        """Merge runs of re-hung (parent, cancelled join task) pairs into their latest pair.

        The end join of a process waits for every token, so each non-interrupting event branch that ends
        while the main flow goes on leaves a pair for it. When the join fires, UnstructuredJoin._run_hook
        merges the pairs' parent data in last_state_change order; when merging A then B equals merging
        the fold of A into B (`_fold_is_exact`), the earlier pair can go. Pairs are only folded with their
        neighbours in that order, and only if their parents share spec and state, which is all the
        parallel and inclusive thresholds read from them.
        """
        tasks, root = self.wf.tasks, self.root
        hung_ids = {
            x.id for x in pending
            if tasks[x._parent]._parent == root.id and len(tasks[x._parent]._children) == 1
        }
        by_spec: dict[str, list[Task]] = {}
        for x in sorted(pending, key=lambda t: t.last_state_change):
            by_spec.setdefault(x.task_spec.name, []).append(x)
        for run in by_spec.values():
            for earlier, later in pairwise(run):
                if earlier.id not in hung_ids or later.id not in hung_ids:
                    continue
                first, second = tasks[earlier._parent], tasks[later._parent]
                if first.task_spec is not second.task_spec or first.state != second.state:
                    continue
                if not _fold_is_exact(first.data, second.data):
                    continue
                second.data = DeepMerge.merge(deepcopy(first.data), second.data)
                root._children.remove(first.id)
                self._drop(earlier)
                self._drop(first)

    # --- bookkeeping -------------------------------------------------------------------------------
    def _drop(self, task: Task) -> None:
        del self.wf.tasks[task.id]
        self.top.event_manager.remove_task(task)
        self.dropped.append(task.id)

    def _delete_subprocesses(self) -> int:
        """Delete the (finished) subprocesses that removed tasks had started, nested ones included."""
        count, queue = 0, [tid for tid in self.dropped if tid in self.top.subprocesses]
        while queue:
            sp = self.top.subprocesses.pop(queue.pop())
            for task in sp.tasks.values():
                self.top.event_manager.remove_task(task)
            count += len(sp.tasks)
            queue.extend(tid for tid in sp.tasks if tid in self.top.subprocesses)
        return count
