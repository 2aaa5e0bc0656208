"""Settings come from PRESSDESK_* variables; bad ones are reported together, as an error (never an exit)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from api.settings import ApiSettings
from engine.config import Settings, SettingsError


def test_defaults_and_environment(monkeypatch):
    monkeypatch.setenv("PRESSDESK_TICK_SECONDS", "0.25")
    monkeypatch.setenv("PRESSDESK_SMTP_STARTTLS", "yes")
    monkeypatch.setenv("PRESSDESK_BROKER_URL", "")  # empty means unset
    settings = Settings()
    assert settings.tick_seconds == 0.25 and settings.smtp_starttls is True and settings.broker_url is None
    assert settings.sla_reminder_before == "PT24H" and settings.database_url.startswith("sqlite:///")
    assert Settings(database_url="sqlite://").database_url == "sqlite://"  # arguments beat the environment
    monkeypatch.setenv("PRESSDESK_TOKEN_TTL_SECONDS", "60")
    assert ApiSettings().token_ttl_seconds == 60


def test_every_bad_variable_is_named_at_once(monkeypatch):
    monkeypatch.setenv("PRESSDESK_LOCK_TIMEOUT_MS", "soon")
    monkeypatch.setenv("PRESSDESK_SMTP_PORT", "70000")
    monkeypatch.setenv("PRESSDESK_TICK_SECONDS", "-1")
    with pytest.raises(SettingsError) as bad:
        Settings()
    message = str(bad.value)
    for name in ("PRESSDESK_LOCK_TIMEOUT_MS", "PRESSDESK_SMTP_PORT", "PRESSDESK_TICK_SECONDS"):
        assert name in message
    assert "'soon'" in message
    with pytest.raises(SettingsError, match="PRESSDESK_ACTOR_CACHE_SECONDS"):
        ApiSettings(actor_cache_seconds=-5)


def test_the_command_line_prints_one_line_and_exits_1(monkeypatch, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "PRESSDESK_CLAIM_BATCH": "many",
           "PRESSDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    done = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "db", "upgrade"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pressdesk: error: bad settings: PRESSDESK_CLAIM_BATCH")
    assert not (tmp_path / "x.db").exists()
