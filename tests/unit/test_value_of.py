"""value_of(name, default): the one way a model gives a process variable a default (deadline lengths)."""
from __future__ import annotations

import pytest

from engine.scripting.sandbox import SandboxEnvironment, check_script

env = SandboxEnvironment(time_limit_ms=300, memory_limit_mb=64)


def test_script_keeps_a_given_value_and_defaults_a_missing_one() -> None:
    script = "answer_days = int(value_of('answer_days', 5))\nreminder_days = value_of('reminder_days', 1)"
    given = {"answer_days": "3"}
    env.execute(script, given)
    assert given == {"answer_days": 3, "reminder_days": 1}
    empty: dict = {"reminder_days": None}  # an empty form field counts as not given
    env.execute(script, empty)
    assert empty == {"answer_days": 5, "reminder_days": 1}


def test_expressions_see_only_their_own_task_data() -> None:
    assert env.evaluate("value_of('unit', 'so-tttt')", {"unit": "so-y-te"}) == "so-y-te"
    assert env.evaluate("value_of('unit', 'so-tttt')", {}) == "so-tttt"
    assert env.evaluate("[value_of(n) for n in ('a', 'b')]", {"a": 1}) == [1, None]


@pytest.mark.parametrize("name", ["__builtins__", "_x", "a b", 3])
def test_only_variable_names(name) -> None:
    with pytest.raises(ValueError):
        env.evaluate(f"value_of({name!r})", {"_x": 1})


def test_it_is_a_builtin_not_a_data_item() -> None:
    data: dict = {}
    env.execute("x = value_of('x', 1)", data)
    assert data == {"x": 1}  # the helper itself never lands in the task data
    assert env.evaluate("value_of", {"value_of": "field"}) == "field"  # a form field may shadow it
    assert not check_script("x = value_of('x', 1)")
