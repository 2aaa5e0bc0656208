"""Revise-loop benchmark: cost of one step as the loop gets long, with and without tree compaction.

One step is what the engine does for a user action: complete the user task, do_engine_steps, compact,
serialize the state to JSON. The process is tests/unit/bpmn/compaction_exclusive.bpmn (review -> count ->
exclusive gateway -> back to review). Raw SpiffWorkflow runs the same loop until it breaks or hits the cap.

    .venv/bin/python bench/loop.py [--rounds 10000]
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.camunda.parser import CamundaParser
from SpiffWorkflow.util.task import TaskState

from engine.bpmn.compaction import compact, tree_stats

ROOT = Path(__file__).resolve().parent.parent
BPMN = ROOT / "tests" / "unit" / "bpmn" / "compaction_exclusive.bpmn"
PROCESS = "exclusive_loop"
WINDOW = 50  # steps whose median is reported at each mark
RAW_TIME_CAP = 90.0  # seconds; raw Spiff gets slower every step, so stop it in time


def _dumper() -> tuple[str, Callable[[BpmnWorkflow], str]]:
    """The engine's state-only serializer if it imports, else SpiffWorkflow's own (which adds the spec)."""
    try:
        from engine.bpmn.serializer import InstanceSerializer

        return "engine InstanceSerializer", InstanceSerializer().dumps
    except ImportError as exc:  # still measure something if the engine's serializer is unavailable
        from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
        from SpiffWorkflow.camunda.serializer.config import CAMUNDA_CONFIG

        fallback = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CAMUNDA_CONFIG))
        name = f"SpiffWorkflow serializer ({type(exc).__name__} importing the engine's)"
        return name, fallback.serialize_json


@dataclass
class Point:
    iteration: int
    step_ms: float
    state_kb: float
    tasks: int
    depth: int


@dataclass
class RunResult:
    points: list[Point] = field(default_factory=list)
    reached: int = 0
    stopped: str = "finished"


def run(rounds: int, marks: list[int], compacting: bool, dump: Callable[[BpmnWorkflow], str]) -> RunResult:
    """Loop `rounds` times (the reviewer approves in one more, final round); a Point at every mark and at
    the last round reached, each with the median step time of the WINDOW steps before it."""
    parser = CamundaParser()
    parser.add_bpmn_file(str(BPMN))
    wf = BpmnWorkflow(parser.get_spec(PROCESS))
    wf.do_engine_steps()
    recent: deque[float] = deque(maxlen=WINDOW)
    result, started, state = RunResult(), time.perf_counter(), ""

    def point(n: int) -> Point:
        size, depth = tree_stats(wf)
        return Point(n, statistics.median(recent) * 1000, len(state) / 1024, size, depth)

    for n in range(1, rounds + 2):
        try:
            t0 = time.perf_counter()
            ready = wf.get_tasks(state=TaskState.READY, manual=True)
            if not ready:
                raise LookupError(f"no READY user task found (is_completed() says {wf.is_completed()})")
            ready[0].data["approved"] = n > rounds
            ready[0].run()
            wf.do_engine_steps()
            if compacting:
                compact(wf)
            state = dump(wf)
            recent.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001 - raw Spiff fails in many ways; report how, do not crash
            result.stopped = f"{type(exc).__name__}: {str(exc)[:70]}"
            break
        result.reached = n
        if n in marks:
            result.points.append(point(n))
        if not compacting and time.perf_counter() - started > RAW_TIME_CAP:
            result.stopped = f"time cap ({RAW_TIME_CAP:.0f} s) reached"
            break
    else:
        if not wf.is_completed():
            result.stopped = "loop ended but the instance did not complete"
        return result
    if recent and result.reached not in marks:
        result.points.append(point(result.reached))
    return result


def _row(label: str, point: Point | None) -> str:
    if point is None:
        return f"{label:<22}{'-':>10}{'-':>12}{'-':>8}{'-':>7}"
    return f"{label:<22}{point.step_ms:>10.3f}{point.state_kb:>12.1f}{point.tasks:>8}{point.depth:>7}"


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--rounds", type=int, default=10_000)
    rounds = args.parse_args().rounds
    marks = sorted({m for m in (10, 100, 1_000, 10_000) if m <= rounds} | {rounds})
    serializer_name, dump = _dumper()
    print(f"revise loop ({PROCESS}), {rounds} rounds; per step: complete + do_engine_steps + compact + "
          f"dump; state via {serializer_name}; median of the {WINDOW} steps up to each mark\n")
    results = {}
    for label, compacting in (("compacted", True), ("raw SpiffWorkflow", False)):
        t0 = time.perf_counter()
        results[label] = run(rounds, marks, compacting, dump)
        res = results[label]
        print(f"{label}: reached step {res.reached}; {res.stopped} ({time.perf_counter() - t0:.1f} s)")
    print(f"\n{'':<22}{'step ms':>10}{'state KiB':>12}{'tasks':>8}{'depth':>7}")
    for label, res in results.items():
        by_mark = {p.iteration: p for p in res.points}
        for mark in sorted(set(marks) | set(by_mark)):
            print(_row(f"{label.split()[0]} @ {mark}", by_mark.get(mark)))
    compacted = {p.iteration: p for p in results["compacted"].points}
    first, last = compacted.get(marks[0]), compacted.get(marks[-1])
    if first and last:
        ratio = last.step_ms / first.step_ms
        verdict = "OK" if ratio <= 2 else "ABOVE TARGET"
        print(f"\nstep time at {marks[-1]} / at {marks[0]}: {ratio:.2f}x (target <= 2x: {verdict})")


if __name__ == "__main__":
    main()
