"""One rule for who may start what: the start page (`ReportService.startable`) lists exactly the
procedures the runtime lets each demo user start; the engine's own actors are not users."""
from __future__ import annotations

import pytest

from api.demo import seed_demo
from engine.errors import Forbidden, ScriptError, Unauthenticated, ValidationFailed
from engine.identity import Actor
from engine.runtime import TIMER

from .conftest import PEOPLE, ROOT


def _runtime_allows(engine, key: str, actor: Actor) -> bool:
    """Whether the runtime's permission check lets `actor` start `key` (a refused start form still
    means the start itself was allowed: the form and the first steps come after the permission)."""
    try:
        engine.runtime.start(key, actor, {})
    except Forbidden:
        return False
    except (ValidationFailed, ScriptError):  # allowed, but empty start data do not get far
        return True
    return True


def test_start_page_and_runtime_agree_for_every_demo_user_and_procedure(province):
    list(seed_demo(province, ROOT))
    keys = sorted({d.key for d in province.repository.list_definitions() if d.executable})
    assert len(keys) >= 9
    for username, actor in PEOPLE.items():
        listed = {d["key"] for d in province.reports.startable(actor)}
        allowed = {k for k in keys if _runtime_allows(province, k, actor)}
        assert listed == allowed, username
    officer = PEOPLE["officer.tttt"]
    assert "press_inquiry" in {d["key"] for d in province.reports.startable(officer)}
    # An analyst belongs to no agency: only the building blocks every user may start are listed.
    assert "press_inquiry" not in {d["key"] for d in province.reports.startable(PEOPLE["analyst"])}


@pytest.mark.parametrize("name", ["timer", "system", "Timer", "connector", " engine "])
def test_engine_actor_names_cannot_be_users(province, name):
    with pytest.raises(ValidationFailed) as exc:
        province.identity.create_user(name, password="a-long-password", roles=["admin"])
    assert exc.value.errors == [{"field": "username", "message": "reserved"}]
    with pytest.raises(Unauthenticated):
        province.security.sign_in(name, "a-long-password", None)


def test_a_user_named_like_an_engine_actor_gets_no_bypass(province):
    list(seed_demo(province, ROOT))
    # An actor whose name is "timer" but who is not the engine's timer (e.g. a token for an external
    # identity of that name): it is an officer like any other and may not start the monitoring.
    impostor = Actor("timer", frozenset({"officer"}), frozenset({"so-y-te"}))
    with pytest.raises(Forbidden):
        province.runtime.start("daily_monitoring", impostor, {})
    assert "daily_monitoring" not in {d["key"] for d in province.reports.startable(impostor)}
    with pytest.raises(Forbidden):
        province.statistics.summary(Actor("system"), *_january())
    # The engine's own timer actor still starts it.
    assert TIMER.system and province.runtime.start("daily_monitoring", TIMER, {}).status


def _january():
    from datetime import UTC, datetime
    return datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 2, 1, tzinfo=UTC)
