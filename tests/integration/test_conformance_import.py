"""The 21 MIWG reference models imported through the repository, as an analyst would upload them:
view-only models are stored and their XML served back; executable ones run or are refused with every
problem naming its element."""
from __future__ import annotations

import pytest

from engine.errors import ModelInvalid
from engine.repository import ModelFile

from ..conftest import ANALYST, SUPERVISOR
from ..unit.test_conformance_models import EXECUTABLE, FILES

RUNS = {"C.9.1"}  # its send tasks bound to the no-op connector (test_miwg_run.py runs it to the end)
REFUSED = EXECUTABLE - RUNS


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_each_model_is_stored_run_or_refused_by_element(sqlite_engine, path):
    upload = ModelFile(path.name, path.read_bytes())
    if path.stem in REFUSED:
        with pytest.raises(ModelInvalid) as err:
            sqlite_engine.repository.deploy([upload], ANALYST, bind_tasks="noop")
        assert err.value.errors
        for problem in err.value.errors:
            assert problem["element_id"] and problem["message"] and problem["line"], problem
        assert sqlite_engine.repository.list_definitions() == []  # nothing written
        return
    views = sqlite_engine.repository.deploy([upload], ANALYST, bind_tasks="noop")
    assert views
    for view in views:
        assert view.executable == (path.stem in RUNS)
        assert "definitions" in sqlite_engine.repository.get_xml(view.key)
    for view in (v for v in views if v.executable):
        inst = sqlite_engine.runtime.start(view.key, SUPERVISOR)
        assert inst.status in ("running", "waiting", "completed") and inst.active_elements


def test_the_count():
    assert len(FILES) == 21 and len(RUNS) == 1 and len(REFUSED) == 10
