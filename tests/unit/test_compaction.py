"""Task-tree compaction: looping processes behave exactly as without it, and the tree stays bounded.

Each pattern is driven three ways by the same policy: raw SpiffWorkflow, compacted after every step, and
compacted plus a serialize/deserialize round trip after every step. For small loops the three must offer
the same user tasks in the same order, reach the same end events and end with the same data; longer
loops must keep the tree's size and depth under a bound that does not depend on the number of rounds.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from SpiffWorkflow.bpmn import BpmnEvent, BpmnWorkflow
from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.specs.mixins.events.end_event import EndEvent
from SpiffWorkflow.camunda.parser import CamundaParser
from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG
from SpiffWorkflow.camunda.specs.event_definitions import MessageEventDefinition
from SpiffWorkflow.task import Task
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.compaction import compact, tree_stats

BPMN = Path(__file__).parent / "bpmn"
SERIALIZER = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
RAW, COMPACT, ROUNDTRIP = "raw", "compact", "roundtrip"
PAST, LATER = "2000-01-01T00:00:00+00:00", "2999-01-01T00:00:00+00:00"

# A policy acts on the workflow once per step (completes a user task, sends a message); False = stop.
Policy = Callable[[BpmnWorkflow, int], bool]


@dataclass
class Outcome:
    offered: list[tuple[str, ...]] = field(default_factory=list)
    ends: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    completed: bool = False
    max_tasks: int = 0
    max_depth: int = 0


def load(filename: str, process_id: str) -> BpmnWorkflow:
    parser = CamundaParser()
    parser.add_bpmn_file(str(BPMN / filename))
    return BpmnWorkflow(parser.get_spec(process_id), parser.get_subprocess_specs(process_id))


def ready_user_tasks(wf: BpmnWorkflow) -> list[Task]:
    return sorted(wf.get_tasks(state=TaskState.READY, manual=True), key=lambda t: t.task_spec.name)


def drive(filename: str, process_id: str, policy: Policy, mode: str, max_steps: int = 10_000) -> Outcome:
    out = Outcome()

    def note_end(task: Task) -> None:
        if isinstance(task.task_spec, EndEvent):
            out.ends.append(task.task_spec.bpmn_id)

    def advance(wf: BpmnWorkflow) -> BpmnWorkflow:
        wf.do_engine_steps(did_complete_task=note_end)
        if mode != RAW:
            compact(wf)
            check_consistent(wf)
        if mode == ROUNDTRIP:
            wf = SERIALIZER.deserialize_json(SERIALIZER.serialize_json(wf))
        size, depth = tree_stats(wf)
        size += sum(len(sp.tasks) for sp in wf.subprocesses.values())
        out.max_tasks, out.max_depth = max(out.max_tasks, size), max(out.max_depth, depth)
        return wf

    wf = advance(load(filename, process_id))
    for step in range(max_steps):
        out.offered.append(tuple(t.task_spec.name for t in ready_user_tasks(wf)))
        if not policy(wf, step):
            break
        wf = advance(wf)
    out.data, out.completed = dict(wf.data), wf.is_completed()
    return out


def check_consistent(wf: BpmnWorkflow) -> None:
    """Parent and child links agree, parents come before children (the serializer's data deltas need
    that), `last_task` is in the tree and the event manager only knows live tasks."""
    for workflow in [wf, *wf.subprocesses.values()]:
        seen: set = set()
        for task_id, task in workflow.tasks.items():
            assert task._parent is None or task._parent in seen, "parent stored after child"
            seen.add(task_id)
            for child in task._children:
                assert workflow.tasks[child]._parent == task_id
        assert workflow.last_task is None or workflow.last_task.id in workflow.tasks
    for task in wf.event_manager.tasks.values():
        assert task.id in task.workflow.tasks and task.workflow in [wf, *wf.subprocesses.values()]


def same_in_every_mode(filename: str, process_id: str, policy: Policy) -> Outcome:
    raw = drive(filename, process_id, policy, RAW)
    for mode in (COMPACT, ROUNDTRIP):
        other = drive(filename, process_id, policy, mode)
        assert other.offered == raw.offered, mode
        assert other.ends == raw.ends, mode
        assert other.data == raw.data, mode
        assert other.completed == raw.completed, mode
    assert raw.completed
    return raw


def complete(task: Task, **data: Any) -> None:
    task.data.update(data)
    task.run()


def send_message(wf: BpmnWorkflow, name: str, **variables: Any) -> None:
    event = BpmnEvent(MessageEventDefinition(name), payload={"payload": variables, "result_var": "message"})
    wf.send_event(event)


def rounds_of(wf: BpmnWorkflow) -> int:
    return wf.last_task.data.get("rounds", 0)


def on_offer(act: Callable[[BpmnWorkflow, list[Task], int], None]) -> Policy:
    """A policy that stops once no user task is offered and otherwise lets `act` answer the offer."""
    def policy(wf: BpmnWorkflow, step: int) -> bool:
        ready = ready_user_tasks(wf)
        if ready:
            act(wf, ready, step)
        return bool(ready)
    return policy


def approve_after(rounds: int) -> Policy:
    """Complete the (alphabetically) first offered user task; approve in round `rounds`."""
    return on_offer(lambda wf, ready, step: complete(ready[0], approved=rounds_of(wf) >= rounds - 1))


# --- exclusive gateway --------------------------------------------------------------------------------
def test_exclusive_loop_behaves_like_spiff() -> None:
    out = same_in_every_mode("compaction_exclusive.bpmn", "exclusive_loop", approve_after(12))
    assert out.offered == [("review",)] * 12 + [()]
    assert out.data["rounds"] == 12 and out.ends == ["done"]


def test_exclusive_loop_ten_thousand_rounds_stays_small() -> None:
    wf = load("compaction_exclusive.bpmn", "exclusive_loop")
    wf.do_engine_steps()
    largest = (0, 0)
    for n in range(10_000):
        (task,) = ready_user_tasks(wf)
        complete(task, approved=n == 9_999)
        wf.do_engine_steps()
        compact(wf)
        largest = max(largest, tree_stats(wf))
        if n % 1_000 == 999:
            wf = SERIALIZER.deserialize_json(SERIALIZER.serialize_json(wf))
    assert wf.is_completed() and wf.data["rounds"] == 10_000
    # Step time stays flat because the tree does (bench/loop.py measures it); uncompacted Spiff is
    # lost after ~330 rounds.
    assert largest[0] <= 12 and largest[1] <= 8


def test_raw_spiff_loses_the_loop() -> None:
    """Why compaction exists: past depth 1000 Spiff's iterators no longer see the READY review, and the
    instance even claims to be completed although it never reached its end event."""
    wf = load("compaction_exclusive.bpmn", "exclusive_loop")
    wf.do_engine_steps()
    for _ in range(400):
        ready = ready_user_tasks(wf)
        if not ready:
            break
        complete(ready[0], approved=False)
        wf.do_engine_steps()
    assert not ready_user_tasks(wf) and wf.is_completed() and wf.last_task.task_spec.name == "count"
    assert len(wf.tasks) > 1000 and "rounds" not in wf.data


def test_cycle_without_gateway_is_not_supported_by_spiff() -> None:
    """A flow straight back to an earlier task (no gateway, exit through an interrupting boundary event)
    makes Spiff 3.2 predict the cycle forever when the workflow is created, compaction or not."""
    with pytest.raises(RecursionError):
        load("compaction_cycle.bpmn", "cycle_loop")


def repeat_until(wanted: int) -> Policy:
    return on_offer(lambda wf, ready, step: complete(ready[0], rounds=ready[0].data["rounds"] + 1,
                                                     wanted=wanted))


def test_loop_marker_task() -> None:
    out = same_in_every_mode("compaction_cycle.bpmn", "standard_loop", repeat_until(8))
    assert out.offered == [("l_review [child]",)] * 8 + [()] and out.data["rounds"] == 8
    long = drive("compaction_cycle.bpmn", "standard_loop", repeat_until(500), ROUNDTRIP)
    assert long.completed and long.data["rounds"] == 500
    assert long.max_tasks <= 10 and long.max_depth <= 6


# --- parallel and inclusive gateways --------------------------------------------------------------------
def both_reviews(rounds: int, alternate: bool) -> Policy:
    """Complete the parallel reviews; with `alternate`, the order in which they arrive changes per round."""
    def act(wf: BpmnWorkflow, ready: list[Task], step: int) -> None:
        task = ready[0] if alternate and step % 4 >= 2 else ready[-1]
        complete(task, approved=rounds_of(wf) >= rounds - 1)
    return on_offer(act)


@pytest.mark.parametrize("process_id", ["parallel_loop", "parallel_entry_loop"])
def test_parallel_split_and_join_in_loop(process_id: str) -> None:
    names = ("legal", "style") if process_id == "parallel_loop" else ("p_legal", "p_style")
    out = same_in_every_mode("compaction_parallel.bpmn", process_id, both_reviews(6, alternate=False))
    assert out.offered == [names, names[:1]] * 6 + [()] and out.data["rounds"] == 6
    # Spiff alone fires the join early once the arrival order changes between rounds (see below).
    for mode in (COMPACT, ROUNDTRIP):
        long = drive("compaction_parallel.bpmn", process_id, both_reviews(150, alternate=True), mode)
        expected = [names, names[:1], names, names[1:]] * 75 + [()]
        assert long.offered == expected and long.data["rounds"] == 150 and long.ends[-1].endswith("done")
        assert long.max_tasks <= 30 and long.max_depth <= 14


def choose_reviews(rounds: int) -> list[tuple[str, ...]]:
    """What inclusive_loop offers: `count` asks for legal on even rounds and for style unless 3 | round."""
    offered, legal, style = [], True, True
    for n in range(1, rounds + 1):
        chosen = tuple(name for name, wanted in (("legal", legal), ("style", style)) if wanted)
        offered += [chosen[i:] for i in range(len(chosen))]
        legal = n % 2 == 0
        style = n % 3 != 0 or not legal
    return [*offered, ()]


def test_inclusive_split_and_join_in_loop() -> None:
    out = same_in_every_mode("compaction_inclusive.bpmn", "inclusive_loop", approve_after(2))
    assert out.offered == choose_reviews(2)
    for mode in (COMPACT, ROUNDTRIP):
        long = drive("compaction_inclusive.bpmn", "inclusive_loop", approve_after(150), mode)
        assert long.offered == choose_reviews(150) and long.ends == ["done"] and long.data["rounds"] == 150
        assert long.max_tasks <= 16 and long.max_depth <= 10


@pytest.mark.parametrize("filename, process_id, policy", [
    ("compaction_parallel.bpmn", "parallel_loop", both_reviews(4, alternate=True)),
    ("compaction_inclusive.bpmn", "inclusive_loop", approve_after(6)),
])
def test_raw_spiff_mishandles_joins_in_loops(filename: str, process_id: str, policy: Policy) -> None:
    """Characterises SpiffWorkflow 3.2 without compaction: a cancelled join task of an earlier round still
    counts as an arrived input (parallel), or the completed join of round 1 hides later rounds from the
    inclusive join's search; the join fires early and the run breaks. Compaction drops those tasks."""
    try:
        out = drive(filename, process_id, policy, RAW, max_steps=60)
    except AttributeError:
        return
    assert out.ends.count("done") > 1 or not out.completed


def test_parallel_join_waits_for_its_last_branch() -> None:
    """Compaction mid-way through a parallel join must not let it fire early."""
    wf = load("compaction_parallel.bpmn", "parallel_loop")
    wf.do_engine_steps()
    legal, _style = ready_user_tasks(wf)
    complete(legal, approved=False)
    wf.do_engine_steps()
    for _ in range(3):
        compact(wf)
        wf = SERIALIZER.deserialize_json(SERIALIZER.serialize_json(wf))
        wf.do_engine_steps()
    assert len(wf.get_tasks(spec_name="merge", state=TaskState.WAITING)) == 1
    assert [t.task_spec.name for t in ready_user_tasks(wf)] == ["style"]
    assert not wf.get_tasks(spec_name="count", state=TaskState.COMPLETED) and rounds_of(wf) == 0
    complete(ready_user_tasks(wf)[0], approved=True)
    wf.do_engine_steps()
    compact(wf)
    assert wf.is_completed() and wf.data["rounds"] == 1


# --- events ---------------------------------------------------------------------------------------------
def answer_submissions(rounds: int, end_by: str) -> Policy:
    """Submit, then send `revised` (loop) or, in the last round, `withdrawn` or let the deadline pass."""
    def policy(wf: BpmnWorkflow, step: int) -> bool:
        last = rounds_of(wf) >= rounds - 1
        ready = ready_user_tasks(wf)
        if ready:
            complete(ready[0], due=PAST if last and end_by == "timer" else LATER)
        elif not wf.is_completed():
            send_message(wf, "withdrawn" if last else "revised", step=step)
        return not wf.is_completed()
    return policy


@pytest.mark.parametrize("end_by, end_event", [("timer", "ended_late"), ("message", "ended_withdrawn")])
def test_event_based_gateway_in_loop(end_by: str, end_event: str) -> None:
    out = same_in_every_mode("compaction_event_gateway.bpmn", "event_gateway_loop",
                             answer_submissions(6, end_by))
    assert out.ends == [end_event] and out.data["rounds"] == 5
    long = drive("compaction_event_gateway.bpmn", "event_gateway_loop", answer_submissions(200, end_by),
                 ROUNDTRIP)
    assert long.ends == [end_event] and long.data["rounds"] == 199
    assert long.max_tasks <= 14 and long.max_depth <= 8


def review_with_notes(rounds: int, notes: bool) -> Policy:
    """Approve in round `rounds`; with `notes`, every review also grows a list in the process data."""
    def act(wf: BpmnWorkflow, ready: list[Task], step: int) -> None:
        extra = {"notes": [*ready[0].data.get("notes", []), f"n{step}"]} if notes else {}
        complete(ready[0], approved=rounds_of(wf) >= rounds - 1, **extra)
    return on_offer(act)


@pytest.mark.parametrize("notes", [False, True])
def test_boundary_timers_on_looped_task(notes: bool) -> None:
    """After rounds 1, 4, 7... a reminder fires (non-interrupting timer; its branch ends while the loop goes
    on); after rounds 2, 6, 10... the review escalates (interrupting timer cancels it)."""
    out = same_in_every_mode("compaction_boundary.bpmn", "boundary_loop", review_with_notes(14, notes))
    assert out.ends.count("reminded") == 5 and out.ends[-1] == "done"
    assert out.data["escalations"] == 3 and out.data["reminded_round"] == 13
    assert out.offered == [("review",)] * 11 + [()]
    long = drive("compaction_boundary.bpmn", "boundary_loop", review_with_notes(200, False), ROUNDTRIP)
    assert long.ends.count("reminded") == 67 and long.data["rounds"] == 200
    # Each reminder branch leaves (end event, cancelled end join) for the final merge; equal-shaped data
    # folds them into one pair, so the tree stays bounded.
    assert long.max_tasks <= 30 and long.max_depth <= 10


# --- subprocesses and multi-instance ---------------------------------------------------------------------
@pytest.mark.parametrize("filename, process_id, end", [
    ("compaction_subprocess.bpmn", "subprocess_loop", "s_end"),
    ("compaction_call_activity.bpmn", "call_loop", "c_end"),
])
def test_subprocess_in_loop(filename: str, process_id: str, end: str) -> None:
    out = same_in_every_mode(filename, process_id, approve_after(6))
    assert out.offered == [("draft",)] * 6 + [()] and out.ends == [end] * 6 + ["done"]
    wf_sizes: list[int] = []

    def policy(wf: BpmnWorkflow, step: int) -> bool:
        wf_sizes.append(len(wf.subprocesses))
        return approve_after(200)(wf, step)

    long = drive(filename, process_id, policy, ROUNDTRIP)
    assert long.data["rounds"] == 200 and long.completed
    assert max(wf_sizes) == 1 and long.max_tasks <= 20 and long.max_depth <= 8


def vote_until_unanimous(rounds: int) -> Policy:
    def act(wf: BpmnWorkflow, ready: list[Task], step: int) -> None:
        complete(ready[0], voter=ready[0].data["voter"] + (":yes" if rounds_of(wf) >= rounds - 1 else ":no"))
    return on_offer(act)


def test_parallel_multi_instance_in_loop() -> None:
    out = same_in_every_mode("compaction_multiinstance.bpmn", "multiinstance_loop", vote_until_unanimous(5))
    assert len(out.offered) == 5 * 3 + 1 and out.data["last_votes"] == ["ann:yes", "bob:yes", "cy:yes"]
    long = drive("compaction_multiinstance.bpmn", "multiinstance_loop", vote_until_unanimous(150), ROUNDTRIP)
    assert long.data["rounds"] == 150 and long.max_tasks <= 16 and long.max_depth <= 8


def nested_rounds(rounds: int) -> Policy:
    """Complete what is offered; every fifth step send a "ping" to the event subprocess instead."""
    def act(wf: BpmnWorkflow, ready: list[Task], step: int) -> None:
        if step % 5 == 2:
            send_message(wf, "ping", step=step)
        else:
            complete(ready[0], wanted=rounds, checkers=["ann", "bob"])
    return on_offer(act)


def test_nested_subprocesses_boundary_timer_and_event_subprocess() -> None:
    out = same_in_every_mode("compaction_nested.bpmn", "nested_loop", nested_rounds(12))
    assert out.ends.count("e_end") == 6 and out.ends[-1] == "done" and out.data["rounds"] == 12
    long = drive("compaction_nested.bpmn", "nested_loop", nested_rounds(150), ROUNDTRIP)
    assert long.data["rounds"] == 150 and long.ends.count("e_end") > 70
    assert long.max_tasks <= 40 and long.max_depth <= 8


# --- an instance stored before compaction existed ----------------------------------------------------------
def test_compacting_a_long_uncompacted_history() -> None:
    wf = load("compaction_exclusive.bpmn", "exclusive_loop")
    wf.do_engine_steps()
    for _ in range(300):
        complete(ready_user_tasks(wf)[0], approved=False)
        wf.do_engine_steps()
    assert tree_stats(wf)[1] > 900
    removed = compact(wf)
    assert removed >= 890 and tree_stats(wf)[0] <= 12
    check_consistent(wf)
    complete(ready_user_tasks(wf)[0], approved=True)
    wf.do_engine_steps()
    assert wf.is_completed() and wf.data["rounds"] == 301


def test_compacting_a_long_uncompacted_parallel_history() -> None:
    """Instances stored before compaction existed carry every cancelled join task of every round."""
    wf = load("compaction_parallel.bpmn", "parallel_loop")
    wf.do_engine_steps()
    for _ in range(120):  # 60 rounds, style always last: the order raw Spiff survives
        complete(ready_user_tasks(wf)[-1], approved=False)
        wf.do_engine_steps()
    assert tree_stats(wf)[1] > 350
    compact(wf)
    assert tree_stats(wf)[0] <= 30
    check_consistent(wf)
    policy, step = both_reviews(65, alternate=True), 0
    while policy(wf, step):
        wf.do_engine_steps()
        compact(wf)
        step += 1
    assert wf.is_completed() and wf.data["rounds"] == 65 and step == 10
