"""form-js components for tools/procedures: Vietnamese `label`, English `description`, real validation.

The i18n convention (docs/procedures.md): form-js shows `label` above a field and `description` below it,
so a Vietnamese officer reads Vietnamese first and the English meaning is always on screen; option
labels read "Vietnamese (English)".
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ORGANISATION = Path(__file__).resolve().parent.parent / "processes" / "organisation.json"


def _field(kind: str, key: str, vi: str, en: str, required: bool, **extra: Any) -> dict[str, Any]:
    validate = {k: v for k, v in extra.pop("validate", {}).items() if v is not None}
    if required:
        validate["required"] = True
    out = {"type": kind, "id": f"Field_{key}", "key": key, "label": vi, "description": en, **extra}
    if validate:
        out["validate"] = validate
    return out


def text(key: str, vi: str, en: str, required: bool = True, *, min_len: int | None = None,
         max_len: int | None = 500, pattern: str | None = None, email: bool = False) -> dict[str, Any]:
    validate = {"minLength": min_len, "maxLength": max_len, "pattern": pattern}
    if email:
        validate["validationType"] = "email"
    return _field("textfield", key, vi, en, required, validate=validate)


def area(key: str, vi: str, en: str, required: bool = True, *, min_len: int | None = 10,
         max_len: int = 20000) -> dict[str, Any]:
    return _field("textarea", key, vi, en, required, validate={"minLength": min_len if required else None,
                                                               "maxLength": max_len})


def number(key: str, vi: str, en: str, required: bool = True, *, low: int | None = None,
           high: int | None = None, default: int | None = None) -> dict[str, Any]:
    extra = {"defaultValue": default} if default is not None else {}
    return _field("number", key, vi, en, required, validate={"min": low, "max": high}, **extra)


def choice(key: str, vi: str, en: str, options: list[tuple[str, str, str]], required: bool = True, *,
           radio: bool = False, default: str | None = None) -> dict[str, Any]:
    values = [{"label": f"{ovi} ({oen})", "value": value} for value, ovi, oen in options]
    extra = {"defaultValue": default} if default is not None else {}
    return _field("radio" if radio else "select", key, vi, en, required, values=values, **extra)


def many(key: str, vi: str, en: str, options: list[tuple[str, str, str]], required: bool = True
         ) -> dict[str, Any]:
    values = [{"label": f"{ovi} ({oen})", "value": value} for value, ovi, oen in options]
    return _field("checklist", key, vi, en, required, values=values)


def check(key: str, vi: str, en: str, *, default: bool = False) -> dict[str, Any]:
    return _field("checkbox", key, vi, en, False, defaultValue=default)


def day(key: str, vi: str, en: str, required: bool = True) -> dict[str, Any]:
    return _field("datetime", key, vi, en, required, subtype="date", dateLabel=vi)


def agency(key: str, vi: str, en: str, codes: list[str]) -> dict[str, Any]:
    """A choice among the organisation's groups (processes/organisation.json) named by `codes`; the start
    page preselects the starter's own group among them (`properties.default: starter_group`)."""
    names = {g["code"]: g for g in json.loads(ORGANISATION.read_text(encoding="utf-8"))["groups"]}
    options = [(c, names[c]["vi"], names[c]["en"]) for c in codes]
    field = choice(key, vi, en, options)
    field["properties"] = {"default": "starter_group"}
    return field


DECISION = [("approve", "Phê duyệt", "approve"), ("revise", "Yêu cầu sửa", "send back for revision")]
UNITS = [
    ("so-y-te", "Sở Y tế", "Department of Health"),
    ("so-tttt", "Sở Thông tin và Truyền thông", "Department of Information and Communications"),
    ("vp-ubnd", "Văn phòng UBND tỉnh", "Office of the Provincial People's Committee"),
    ("cong-an", "Công an tỉnh", "Provincial Police"),
    ("ubnd-bien-hoa", "UBND thành phố Biên Hòa", "Bien Hoa City People's Committee"),
    ("ubnd-long-khanh", "UBND thành phố Long Khánh", "Long Khanh City People's Committee"),
]
DISTRICTS = UNITS[4:]
