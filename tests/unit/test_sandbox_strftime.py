"""Date formatting works in scripts (the C code behind strftime/strptime imports `time`/`_strptime`
through the script's builtins), and that door opens to nothing else."""
from __future__ import annotations

import pytest

from engine.errors import ScriptError
from engine.scripting.sandbox import SandboxEnvironment, SandboxViolation

env = SandboxEnvironment(time_limit_ms=300, memory_limit_mb=64)


def test_strftime_and_strptime_work_in_scripts():
    data: dict = {}
    env.execute('label = date(2026, 1, 5).strftime("%d/%m/%Y")\n'
                'stamp = datetime(2026, 1, 5, 8, 30).strftime("%Y%m%d%H%M")\n'
                'back = datetime.strptime("05/01/2026", "%d/%m/%Y").day', data)
    assert (data["label"], data["stamp"], data["back"]) == ("05/01/2026", "202601050830", 5)


@pytest.mark.parametrize("script", ["x = __import__('time')", "x = __builtins__['__import__']('os')"])
def test_scripts_still_cannot_import(script):
    with pytest.raises((SandboxViolation, ScriptError)):
        env.execute(script, {})
