"""The press-credentials completion check (CT 7.b) on its own: what can and cannot be "valid"."""
from __future__ import annotations

from datetime import date

import pytest

from engine.rules.checks import press_credentials

TODAY = date(2026, 1, 5)
CARD = {"credentials_ok": "yes", "credential_type": "press_card", "credential_number": "HNB-0123",
        "credential_valid_until": "2026-12-31"}


def fields(**changes):
    return [e["field"] for e in press_credentials({**CARD, **changes}, TODAY)]


def test_a_card_with_its_number_valid_until_today_or_later_is_valid():
    assert fields() == [] and fields(credential_valid_until="2026-01-05") == []
    assert fields(credential_type="introduction_letter", credential_valid_until=None) == []


@pytest.mark.parametrize("changes, field", [
    ({"credential_type": "none"}, "credential_type"),
    ({"credential_type": None}, "credential_type"),
    ({"credential_number": " "}, "credential_number"),
    ({"credential_valid_until": "2026-01-04"}, "credential_valid_until"),
    ({"credential_valid_until": None}, "credential_valid_until"),
    ({"credential_valid_until": "31/12/2026"}, "credential_valid_until"),
    ({"impersonation_suspected": True}, "credentials_ok"),
])
def test_what_cannot_be_valid(changes, field):
    assert fields(**changes) == [field]


def test_refusing_needs_a_reason_and_nothing_else():
    assert fields(credentials_ok="no", credential_type="none") == ["refusal_reason"]
    assert fields(credentials_ok="no", credential_type="none", refusal_reason="Thẻ hết hạn") == []
