"""The `pressdesk` command as a user runs it: real processes, one-line errors, exit codes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import MODELS

ROOT = Path(__file__).resolve().parents[2]


def run(args: list[str], db: str, env_extra: dict[str, str] | None = None,
        **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRESSDESK_DATABASE_URL": db, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, **kwargs)


@pytest.fixture
def db(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert run(["db", "upgrade"], url).returncode == 0
    return url


def seed_groups(db: str) -> None:
    code = ("from api.demo import seed_organisation; from engine.process_engine import ProcessEngine;"
            "from pathlib import Path; e = ProcessEngine(); list(seed_organisation(e, Path('.'), False))")
    env = {**os.environ, "PRESSDESK_DATABASE_URL": db}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)


def test_upgrade_deploy_validate_and_verify(db):
    seed_groups(db)
    out = run(["validate", str(MODELS / "one_task.bpmn")], db)
    assert out.returncode == 0 and "valid" in out.stdout
    out = run(["deploy", str(MODELS / "one_task.bpmn"), str(MODELS / "review_loop.bpmn")], db)
    assert out.returncode == 0, out.stderr
    assert "one_task version 1" in out.stdout and "review_loop version 1" in out.stdout
    again = run(["deploy", str(MODELS / "one_task.bpmn")], db)
    assert "unchanged" in again.stdout
    verify = run(["audit", "verify"], db)
    assert verify.returncode == 0 and verify.stdout.startswith("ok:")
    export = run(["audit", "export", "--format", "csv"], db)
    assert export.returncode == 0 and export.stdout.startswith("instance_id,seq")


def test_errors_are_one_line_with_nonzero_exit(db, tmp_path):
    bad = tmp_path / "bad.bpmn"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>')
    for args in (["deploy", str(bad)], ["validate", str(bad)], ["deploy", str(tmp_path / "missing.bpmn")],
                 ["audit", "verify", "--instance", "nope"]):
        out = run(args, db)
        assert out.returncode != 0, args
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("pressdesk: error:"), (args, out.stderr)
        assert "Traceback" not in out.stderr
    usage = run(["no-such-command"], db)
    assert usage.returncode == 2


def test_audit_verify_reports_tampering(db):
    seed_groups(db)
    run(["deploy", str(MODELS / "one_task.bpmn")], db)
    import sqlite3

    path = db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE history_events SET actor = 'mallory' WHERE seq = 1")
    out = run(["audit", "verify"], db)
    assert out.returncode == 1 and "broken" in out.stderr


def test_organisation_writes_the_groups_of_the_named_organisation(db):
    out = run(["organisation", "lai-chau"], db)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "58 groups of Lai Châu"
    bad = run(["organisation", "ha-noi"], db)
    assert bad.returncode == 1 and bad.stderr.startswith("pressdesk: error: unknown organisation 'ha-noi'")


def test_serve_demo_with_an_unknown_organisation_stops_with_one_line(db):
    out = run(["serve", "--demo", "--port", "1"], db, env_extra={"PRESSDESK_ORGANISATION": "ha-noi"})
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert out.stderr.strip() == ("pressdesk: error: unknown organisation 'ha-noi': "
                                  f"no organisation.ha-noi.json in {ROOT / 'processes'}")
