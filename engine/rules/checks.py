"""Completion checks: rules a form cannot express, run by the engine before a user task completes.

A user task's extension property `completionCheck` names one check of CHECKS. The check sees the task's
data with the submitted variables over it and the engine clock's date (Hanoi); each problem it finds is
one field error, and the completion is refused as a whole (ValidationFailed, 422, nothing changed).
Deploy refuses a name that is not in CHECKS.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..bpmn.elements import ElementInfo, ProcessInfo
from ..errors import ModelProblem, ValidationFailed

PROPERTY = "completionCheck"
Check = Callable[[Mapping[str, Any], date], list[dict[str, str]]]
_CREDENTIALS = ("press_card", "introduction_letter")


def _blank(value: Any) -> bool:
    return value is None or not str(value).strip()


def press_credentials(data: Mapping[str, Any], today: date) -> list[dict[str, str]]:
    """CT 7.b: a journalist shows a press card or a letter of introduction from the press agency.

    Credentials marked valid need such a document, its number and, for a press card, a validity date not
    before today; a suspected impersonation is never valid. Refusing needs its reason."""
    verdict = data.get("credentials_ok")
    if verdict == "no":
        if _blank(data.get("refusal_reason")):
            return [_error("refusal_reason", "the reason for refusing is required (the journalist is told)")]
        return []
    if verdict != "yes":
        return []
    errors = []
    kind = data.get("credential_type")
    if kind not in _CREDENTIALS:
        errors.append(_error("credential_type", "without a press card or a letter of introduction the "
                             "credentials cannot be valid (CT 7.b)"))
    if _blank(data.get("credential_number")):
        errors.append(_error("credential_number", "a card or letter without its number cannot be valid"))
    raw = data.get("credential_valid_until")
    if _blank(raw):
        if kind == "press_card":
            errors.append(_error("credential_valid_until", "a press card needs its validity date"))
    else:
        try:
            until = date.fromisoformat(str(raw).strip()[:10])
        except ValueError:
            errors.append(_error("credential_valid_until", f"{raw!r} is not a date (yyyy-mm-dd)"))
        else:
            if until < today:
                errors.append(_error("credential_valid_until", f"expired on {until:%d/%m/%Y}: an expired "
                                     "card or letter cannot be valid"))
    if data.get("impersonation_suspected") is True:
        errors.append(_error("credentials_ok", "a suspected impersonation cannot be valid: mark the "
                             "credentials not valid so that VP UBND, the Police and Sở TTTT are told"))
    return errors


def _error(field: str, message: str) -> dict[str, str]:
    return {"field": field, "rule": PROPERTY, "message": message}


CHECKS: dict[str, Check] = {"press_credentials": press_credentials}


def run(element: ElementInfo | None, data: Mapping[str, Any], today: date) -> None:
    """Raise ValidationFailed with one error per field when the element's check refuses `data`."""
    name = element.properties.get(PROPERTY) if element is not None else None
    if not name:
        return
    errors = CHECKS[name](data, today)
    if errors:
        fields = ", ".join(e["field"] for e in errors)
        raise ValidationFailed(f"{element.name or element.element_id} refused ({fields}): "
                               f"{errors[0]['message']}", errors)


def model_problems(info: ProcessInfo, fname: str) -> list[ModelProblem]:
    return [ModelProblem(f"property {PROPERTY} {el.properties[PROPERTY]!r} names no check (known: "
                         f"{', '.join(sorted(CHECKS))})", el.element_id, el.line, fname)
            for el in info.elements.values()
            if PROPERTY in el.properties and el.properties[PROPERTY] not in CHECKS]
