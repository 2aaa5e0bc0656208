"""Checking submitted task variables against form-js forms (no database)."""
from __future__ import annotations

import pytest

from engine.forms import check

FORM = {
    "id": "answer_form", "type": "default",
    "components": [
        {"type": "text", "text": "# Trả lời báo chí"},
        {"type": "textfield", "key": "journalist", "label": "Phóng viên",
         "validate": {"required": True, "minLength": 2, "maxLength": 20}},
        {"type": "textfield", "key": "card", "validate": {"pattern": "^[A-Z]{2}-[0-9]+$"}},
        {"type": "textfield", "key": "email", "validate": {"validationType": "email"}},
        {"type": "number", "key": "days", "validate": {"min": 1, "max": 15}},
        {"type": "checkbox", "key": "secret"},
        {"type": "select", "key": "decision", "validate": {"required": True},
         "values": [{"label": "Trả lời", "value": "answer"}, {"label": "Từ chối", "value": "refuse"}]},
        {"type": "checklist", "key": "copy_to",
         "values": [{"label": "Sở TTTT", "value": "so-tttt"}, {"label": "VP UBND", "value": "vp-ubnd"}]},
        {"type": "datetime", "key": "meeting_on", "subtype": "date"},
        {"type": "textfield", "key": "computed", "disabled": True},
        {"type": "textfield", "key": "maybe", "validate": {"required": True},
         "conditional": {"hide": "=secret"}},
        {"type": "group", "label": "Cơ quan báo chí", "components": [
            {"type": "textfield", "key": "outlet", "validate": {"required": True}}]},
        {"type": "group", "path": "contact", "components": [
            {"type": "textfield", "key": "phone", "validate": {"validationType": "phone"}}]},
        {"type": "dynamiclist", "path": "attachments", "components": [
            {"type": "textfield", "key": "title", "validate": {"required": True}}]},
    ],
}
GOOD = {"journalist": "Lan", "decision": "answer", "outlet": "Báo Đồng Nai"}


def rules(data):
    return {(e["field"], e["rule"]) for e in check(FORM, data)}


def test_a_correct_submission_has_no_errors():
    full = {**GOOD, "card": "PV-123", "email": "lan@bao.vn", "days": 3, "secret": False,
            "copy_to": ["so-tttt"], "meeting_on": "2026-01-07", "contact": {"phone": "+84 251 3822"},
            "attachments": [{"title": "Công văn"}]}
    assert check(FORM, full) == []


def test_missing_required_fields_are_each_named():
    assert rules({}) == {("journalist", "required"), ("decision", "required"), ("outlet", "required")}
    assert rules({**GOOD, "journalist": ""}) == {("journalist", "required")}


@pytest.mark.parametrize("field,value,rule", [
    ("journalist", 42, "type"),
    ("journalist", "L", "minLength"),
    ("journalist", "x" * 21, "maxLength"),
    ("card", "pv-1", "pattern"),
    ("email", "not-an-address", "email"),
    ("days", "3", "type"),
    ("days", True, "type"),
    ("days", 0, "min"),
    ("days", 16, "max"),
    ("secret", "yes", "type"),
    ("decision", "ignore", "options"),
    ("copy_to", ["so-tttt", "cong-an"], "options"),
    ("copy_to", "so-tttt", "type"),
    ("meeting_on", "07/01/2026", "type"),
    ("computed", "x", "disabled"),
    ("unexpected", 1, "unknown"),
    ("contact", "0251", "type"),
    ("attachments", [{"title": ""}], "required"),
    ("attachments", [{"title": "a", "extra": 1}], "unknown"),
])
def test_each_rule_refuses_its_bad_value(field, value, rule):
    found = rules({**GOOD, field: value})
    assert any(r == rule and f.startswith(field) for f, r in found), found
    assert len(found) == 1, found


def test_a_field_hidden_by_a_condition_is_not_required_but_still_typed():
    assert rules(GOOD) == set()
    assert rules({**GOOD, "maybe": 5}) == {("maybe", "type")}


def test_phone_in_a_group_with_a_path():
    assert rules({**GOOD, "contact": {"phone": "abc"}}) == {("contact.phone", "phone")}


def test_messages_name_the_field():
    [error] = check(FORM, {**GOOD, "days": 99})
    assert error == {"field": "days", "rule": "max", "message": "days must be at most 15"}
