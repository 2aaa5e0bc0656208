"""Under CI=true an unreachable PostgreSQL fails the run instead of skipping its tests."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = "tests/integration/test_history.py::test_untouched_history_verifies"


def _run(ci: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CI": ci, "PRESSDESK_TEST_PG_URL": "postgresql+psycopg://postgres@127.0.0.1:1/none"}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", TARGET],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_missing_postgres_fails_under_ci():
    out = _run("true")
    assert out.returncode == 1, out.stdout
    assert "PostgreSQL is required under CI" in out.stdout


def test_missing_postgres_skips_on_a_developer_machine():
    out = _run("")
    assert out.returncode == 0, out.stdout
    assert "1 passed, 1 skipped" in out.stdout
