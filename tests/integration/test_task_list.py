"""The officer's task list (tasks of my groups or assigned to me) pages and orders exactly like sorting
every visible task by hand, and follows tasks as they are completed or cancelled."""
from __future__ import annotations

from ..conftest import OFFICER_TTTT, SUPERVISOR, person
from .helpers import deploy

TTTT_AND_YTE = person("officer.both", "so-tttt", "so-y-te")


def _key(t):
    return (t.due_at is None, t.due_at or "", t.created_at, t.id)


def test_candidate_list_matches_a_sort_by_hand_on_every_page(engine, people, clock):
    deploy(engine, "one_task.bpmn", "review_loop.bpmn")
    for i in range(7):
        engine.runtime.start("one_task", OFFICER_TTTT)
        engine.runtime.start("review_loop", people["spokesperson.yte"])
        clock.advance(hours=5 + i)
    [yte_task, *_], _ = engine.tasks.list(SUPERVISOR, scope="all", definition="review_loop")
    engine.tasks.assign(yte_task.id, "officer.tttt", SUPERVISOR)  # assigned outside the officer's group
    clock.advance(days=2, hours=10)  # some one_task tasks (due after 2 days) are now overdue

    every, _ = engine.tasks.list(SUPERVISOR, scope="all", per_page=500)
    for who in (OFFICER_TTTT, TTTT_AND_YTE):
        visible = sorted((t for t in every
                          if who.groups & set(t.candidate_groups) or t.assignee == who.username), key=_key)
        pages = []
        for page in range(1, 7):
            got, total = engine.tasks.list(who, per_page=3, page=page)
            assert total == len(visible)
            pages.extend(got)
        assert [t.id for t in pages] == [t.id for t in visible]
        backwards, _ = engine.tasks.list(who, per_page=500, order="desc")
        assert [t.id for t in backwards] == [t.id for t in reversed(visible)]
        overdue, n = engine.tasks.list(who, overdue=True, per_page=500)
        assert n == len(overdue) > 0 and all(t.due_at and t.due_at < clock.now().isoformat() for t in overdue)
        later, _ = engine.tasks.list(who, overdue=False, per_page=500)
        assert {t.id for t in overdue} | {t.id for t in later} == {t.id for t in visible}


def test_the_list_follows_completion_and_termination(engine, people):
    deploy(engine, "one_task.bpmn")
    done = engine.runtime.start("one_task", OFFICER_TTTT)
    stopped = engine.runtime.start("one_task", OFFICER_TTTT)
    kept = engine.runtime.start("one_task", OFFICER_TTTT)
    by_instance = {t.instance_id: t for t in engine.tasks.list(OFFICER_TTTT)[0]}
    engine.tasks.complete(by_instance[done.id].id, OFFICER_TTTT, {"answer": "x"})
    engine.runtime.terminate(stopped.id, SUPERVISOR)
    assert [t.instance_id for t in engine.tasks.list(OFFICER_TTTT)[0]] == [kept.id]
    assert engine.tasks.list(OFFICER_TTTT)[1] == 1
    assert [t.instance_id for t in engine.tasks.list(OFFICER_TTTT, state="completed")[0]] == [done.id]
    assert [t.instance_id for t in engine.tasks.list(OFFICER_TTTT, state="cancelled")[0]] == [stopped.id]
    assert engine.tasks.list(person("other", "cong-an"))[1] == 0
