"""Forms: the deployed form-js forms of user tasks, and validation of what an officer submits.

A user task names its form with `camunda:formKey` (the form's `id`, or `camunda-forms:deployment:FILE`).
The newest deployed form with that id wins. Submitted variables are checked against the form's fields
(required, type, min/max, minLength/maxLength, pattern, e-mail/phone, options) and refused with one error
per field, before anything is written. The same holds for the start event's form when an instance is
started through RuntimeService.start (the API and the start page; starts by timers and by the
process.start connector carry no submitted form). A form key that matches no deployed form (an
external form) is not checked here.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from threading import Lock
from typing import Any

from sqlalchemy import bindparam, select

from .db.models import Resource
from .errors import ValidationFailed

_NEW_FORMS = (select(Resource.id, Resource.name, Resource.content)
              .where(Resource.kind == "form", Resource.id > bindparam("after")).order_by(Resource.id))
_DEPLOYMENT_PREFIX = "camunda-forms:deployment:"
# Field types that hold no data (layout and display only).
_DISPLAY = {"text", "html", "image", "spacer", "separator", "button", "iframe", "table", "documentPreview"}
_CONTAINERS = {"group", "dynamiclist"}
_OPTION_TYPES = {"select", "radio", "checklist", "taglist"}
# The same shapes form-js checks for its e-mail and phone validation types.
_EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]{6,20}$")


class FormService:
    def __init__(self, engine) -> None:
        self._engine = engine
        self._by_key: dict[str, dict[str, Any]] = {}
        self._last_seen = 0
        self._lock = Lock()

    def get(self, form_key: str, session=None) -> dict[str, Any] | None:
        """The form-js document for a task's form key, or None when no such form is deployed.

        `session`: read through the caller's transaction (a second connection would wait for the
        caller's own write lock on SQLite)."""
        self._refresh(session)
        key = form_key.removeprefix(_DEPLOYMENT_PREFIX)
        return self._by_key.get(key)

    def validate(self, form_key: str, variables: dict[str, Any], session=None) -> None:
        """Raise ValidationFailed listing every field that the submitted variables get wrong."""
        form = self.get(form_key, session)
        if form is None:
            return
        errors = check(form, variables)
        if errors:
            fields = ", ".join(e["field"] for e in errors[:5])
            raise ValidationFailed(f"the form {form.get('id')!r} was not filled in correctly: {fields}",
                                   errors)

    def _refresh(self, session=None) -> None:
        """Read forms deployed since the last look (forms are immutable, so only new rows matter; several
        server processes each catch up on their own)."""
        with self._lock:
            if session is not None:
                rows = session.execute(_NEW_FORMS, {"after": self._last_seen}).all()
            else:
                with self._engine.reader() as uow:
                    rows = uow.session.execute(_NEW_FORMS, {"after": self._last_seen}).all()
            for rid, name, content in rows:
                self._last_seen = max(self._last_seen, rid)
                try:
                    doc = json.loads(content)
                except ValueError:
                    continue  # deploy refuses invalid JSON; nothing older than that check matters
                self._by_key[str(doc.get("id"))] = doc
                self._by_key[name] = doc


def start_form_key(loaded) -> str | None:
    """The form key of a process's start event (a LoadedDefinition's; the first start event naming one).
    RuntimeService.start checks what a starter submits against it, as a task completion is checked."""
    for spec in loaded.spec.start.outputs:
        info = loaded.elements.get(spec.name)
        if info is not None and info.kind == "startEvent" and info.form_key:
            return info.form_key
    return None


# --- checking ------------------------------------------------------------------------------------------
def check(form: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every problem of `data` against `form`, as `{field, rule, message}` items (empty = valid)."""
    errors: list[dict[str, Any]] = []
    known = _check_components(form.get("components") or [], data, "", errors)
    for key in sorted(data):
        if key not in known:
            errors.append(_err(key, "unknown", "is not a field of this form"))
    return errors


def _check_components(components: list[dict[str, Any]], data: dict[str, Any], prefix: str,
                      errors: list[dict[str, Any]]) -> set[str]:
    """Check the fields of one level; returns the top-level keys of `data` this level accounts for."""
    known: set[str] = set()
    for comp in components:
        ctype = comp.get("type")
        if ctype in _DISPLAY:
            continue
        if ctype in _CONTAINERS:
            known |= _check_container(comp, data, prefix, errors)
            continue
        key = comp.get("key")
        if not key:
            continue
        head = key.split(".")[0]
        known.add(head)
        present, value = _lookup(data, key)
        name = prefix + key
        if comp.get("disabled") and present:
            errors.append(_err(name, "disabled", "is a disabled field and cannot be submitted"))
            continue
        _check_field(comp, name, present, value, errors)
    return known


def _check_container(comp: dict[str, Any], data: dict[str, Any], prefix: str,
                     errors: list[dict[str, Any]]) -> set[str]:
    children = comp.get("components") or []
    path = comp.get("path")
    if not path:
        return _check_components(children, data, prefix, errors)  # a plain group: fields at this level
    present, value = _lookup(data, path)
    name = prefix + path
    if comp.get("type") == "group":
        if present and not isinstance(value, dict):
            errors.append(_err(name, "type", "must be an object"))
        else:
            _nested(children, value if present else {}, name + ".", errors)
    elif present:
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            errors.append(_err(name, "type", "must be a list of objects"))
        else:
            for i, item in enumerate(value):
                _nested(children, item, f"{name}[{i}].", errors)
    return {path.split(".")[0]}


def _nested(children: list[dict[str, Any]], value: dict[str, Any], prefix: str,
            errors: list[dict[str, Any]]) -> None:
    known = _check_components(children, value, prefix, errors)
    for key in sorted(value):
        if key not in known:
            errors.append(_err(prefix + key, "unknown", "is not a field of this form"))


def _lookup(data: dict[str, Any], key: str) -> tuple[bool, Any]:
    """form-js keys may be dotted paths into nested objects."""
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _check_field(comp: dict[str, Any], name: str, present: bool, value: Any,
                 errors: list[dict[str, Any]]) -> None:
    rules = comp.get("validate") or {}
    if _empty(value):
        # A field that a FEEL condition may hide cannot be required here (the engine evaluates no FEEL).
        if rules.get("required") and not (comp.get("conditional") or {}).get("hide"):
            errors.append(_err(name, "required", "is required"))
        return
    problem = _type_problem(comp, value)
    if problem:
        errors.append(_err(name, "type", problem))
        return
    for rule, message in _rule_problems(comp, rules, value):
        errors.append(_err(name, rule, message))


def _type_problem(comp: dict[str, Any], value: Any) -> str | None:
    ctype = comp.get("type")
    if ctype in ("textfield", "textarea"):
        return None if isinstance(value, str) else "must be text"
    if ctype == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            if comp.get("serializeToString") and isinstance(value, str) and _as_number(value) is not None:
                return None
            return "must be a number"
        return None
    if ctype == "checkbox":
        return None if isinstance(value, bool) else "must be true or false"
    if ctype in ("checklist", "taglist"):
        return None if isinstance(value, list) else "must be a list"
    if ctype == "datetime":
        return None if isinstance(value, str) and _parses_as(comp.get("subtype") or "datetime", value) \
            else f"must be an ISO 8601 {comp.get('subtype') or 'datetime'}"
    return None


def _rule_problems(comp: dict[str, Any], rules: dict[str, Any], value: Any):
    ctype = comp.get("type")
    if ctype == "number":
        number = _as_number(value) if isinstance(value, str) else value
        if isinstance(rules.get("min"), int | float) and number < rules["min"]:
            yield "min", f"must be at least {rules['min']}"
        if isinstance(rules.get("max"), int | float) and number > rules["max"]:
            yield "max", f"must be at most {rules['max']}"
    if isinstance(value, str):
        if isinstance(rules.get("minLength"), int) and len(value) < rules["minLength"]:
            yield "minLength", f"must be at least {rules['minLength']} characters"
        if isinstance(rules.get("maxLength"), int) and len(value) > rules["maxLength"]:
            yield "maxLength", f"must be at most {rules['maxLength']} characters"
        pattern = rules.get("pattern")
        if pattern and ctype in ("textfield", "textarea") and not _matches(pattern, value):
            yield "pattern", f"does not match the pattern {pattern}"
        kind = rules.get("validationType")
        if kind == "email" and not _EMAIL.match(value):
            yield "email", "must be an e-mail address"
        if kind == "phone" and not _PHONE.match(value):
            yield "phone", "must be a phone number"
    if ctype in _OPTION_TYPES and isinstance(comp.get("values"), list):
        allowed = [opt.get("value") for opt in comp["values"] if isinstance(opt, dict)]
        chosen = value if isinstance(value, list) else [value]
        wrong = [v for v in chosen if v not in allowed]
        if wrong:
            yield "options", f"must be one of {', '.join(map(str, allowed))}"


def _matches(pattern: str, value: str) -> bool:
    # form-js tests the pattern as a JavaScript RegExp (a search, not a full match).
    try:
        return re.search(pattern, value) is not None
    except re.error:
        return True  # a pattern Python cannot read is not the officer's fault


def _as_number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _parses_as(subtype: str, text: str) -> bool:
    parse = {"date": date.fromisoformat, "time": time.fromisoformat}.get(subtype, datetime.fromisoformat)
    try:
        parse(text)
    except ValueError:
        return False
    return True


def _err(field: str, rule: str, message: str) -> dict[str, Any]:
    return {"field": field, "rule": rule, "message": f"{field} {message}"}
