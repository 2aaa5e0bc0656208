"""The province's organisation: its groups (agencies, units, leaders) with their kind and parent, and the
functions models ask for by name (`org_unit("press_office")`), read from an organisation file.

The file is configuration (processes/organisation.json for Đồng Nai, organisation.<name>.json for others,
chosen by PRESSDESK_ORGANISATION). Seeding writes it into the groups table; a running engine reads it
back from there (IdentityService.directory), so a worker sees the organisation its database was seeded
with, not whatever file happens to sit beside it.
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ValidationFailed

PROCESSES = Path(__file__).resolve().parent.parent / "processes"
DEFAULT_ORGANISATION = "dong-nai"
LEADERS_SUFFIX = "-lanh-dao"
# province: the People's Committee leadership; office: VP UBND; department: sở, ngành; party: Party bodies;
# association: Hội Nhà báo; district: district/city People's Committees; unit: a division of one of
# these; leaders: the head and deputies of their parent; duty: officers on duty on days off.
KINDS = ("province", "office", "department", "party", "association", "district", "unit", "leaders", "duty")
# Kinds whose groups are themselves leaders: leaders(code) of one of them is the group itself.
_SELF_LEADING = ("province", "leaders")


@dataclass(frozen=True)
class OrgGroup:
    code: str
    vi: str
    en: str = ""
    kind: str = ""
    parent: str | None = None
    functions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Directory:
    """What models may ask about the organisation: group codes by kind, leaders, named functions."""

    groups: tuple[OrgGroup, ...]
    functions: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, groups: list[OrgGroup]) -> Directory:
        functions = {f: g.code for g in groups for f in g.functions}
        return cls(tuple(groups), functions)

    @property
    def codes(self) -> set[str]:
        return {g.code for g in self.groups}

    def kind_of(self, code: str) -> str | None:
        return next((g.kind for g in self.groups if g.code == code), None)

    def of_kind(self, kind: str) -> list[str]:
        if not isinstance(kind, str) or kind not in KINDS:
            raise ValueError(f"org_groups() takes one of {', '.join(KINDS)}, got {kind!r}")
        return sorted(g.code for g in self.groups if g.kind == kind)

    def leaders(self, code: str) -> str:
        if not isinstance(code, str) or not code:
            raise ValueError(f"leaders() takes a group code, got {code!r}")
        kind = self.kind_of(code)
        if kind is None:
            raise ValueError(f"leaders(): {code!r} is no group of the organisation")
        if kind in _SELF_LEADING:
            return code
        leaders = code + LEADERS_SUFFIX
        if leaders not in self.codes:
            raise ValueError(f"leaders(): {code!r} has no leaders group {leaders!r}")
        return leaders

    def unit(self, function: str) -> str:
        code = self.functions.get(function) if isinstance(function, str) else None
        if code is None:
            raise ValueError(f"org_unit() takes one of {', '.join(sorted(self.functions))}, got {function!r}")
        return code


@dataclass(frozen=True)
class Organisation:
    """An organisation file: its name, groups, functions and the demo users seeded with it."""

    name: str
    province_vi: str
    province_en: str
    groups: tuple[OrgGroup, ...]
    demo_users: tuple[dict[str, Any], ...] = ()
    demo_password: str = "demo"
    path: Path | None = None

    @property
    def directory(self) -> Directory:
        return Directory.of(list(self.groups))

    @property
    def codes(self) -> list[str]:
        return [g.code for g in self.groups]


def organisation_path(spec: str | Path | None = None, processes: Path = PROCESSES) -> Path:
    """The file `spec` names: a path to an existing file, or an organisation name ("dong-nai" is
    processes/organisation.json, any other NAME processes/organisation.NAME.json)."""
    spec = str(spec or DEFAULT_ORGANISATION).strip()
    as_path = Path(spec)
    if as_path.suffix == ".json" or "/" in spec:
        if not as_path.is_file():
            raise ValidationFailed(f"organisation file {spec!r} does not exist")
        return as_path
    name = "organisation.json" if spec == DEFAULT_ORGANISATION else f"organisation.{spec}.json"
    path = processes / name
    if not path.is_file():
        raise ValidationFailed(f"unknown organisation {spec!r}: no {path.name} in {processes}")
    return path


def load_organisation(spec: str | Path | None = None, processes: Path = PROCESSES) -> Organisation:
    """Read and check an organisation file (see organisation_path for `spec`)."""
    path = organisation_path(spec, processes)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(f"organisation file {path.name} cannot be read: {exc}") from exc
    return parse_organisation(raw, path)


def parse_organisation(raw: Any, path: Path | None = None) -> Organisation:
    where = path.name if path else "organisation"
    if not isinstance(raw, dict) or not isinstance(raw.get("groups"), list) or not raw["groups"]:
        raise ValidationFailed(f"{where}: needs a non-empty list of groups")
    functions = raw.get("functions") or {}
    if not isinstance(functions, dict):
        raise ValidationFailed(f"{where}: functions must map a function name to a group code")
    by_code: dict[str, list[str]] = {}
    for name, code in functions.items():
        by_code.setdefault(code, []).append(name)
    groups = [_group(g, by_code, where) for g in raw["groups"]]
    codes = [g.code for g in groups]
    problems = [f"group {c!r} appears twice" for c in sorted({c for c in codes if codes.count(c) > 1})]
    problems += [f"group {g.code!r}: parent {g.parent!r} is no group" for g in groups
                 if g.parent is not None and g.parent not in codes]
    problems += [f"function {n!r} names {c!r}, which is no group" for n, c in functions.items()
                 if c not in codes]
    problems += [f"{g.code!r} has no leaders group {g.code + LEADERS_SUFFIX!r}" for g in groups
                 if g.kind not in (*_SELF_LEADING, "duty") and g.code + LEADERS_SUFFIX not in codes]
    users = raw.get("demo_users") or []
    for user in users:
        unknown = [c for c in user.get("groups", []) if c != "*" and c not in codes]
        if unknown:
            problems.append(f"demo user {user.get('username')!r}: unknown group(s) {', '.join(unknown)}")
    if problems:
        raise ValidationFailed(f"{where}: " + "; ".join(problems))
    province = raw.get("province") or {}
    return Organisation(str(raw.get("name") or (path.stem if path else "")), province.get("vi", ""),
                        province.get("en", ""), tuple(groups), tuple(users), raw.get("demo_password", "demo"),
                        path)


def _group(raw: Any, functions: dict[str, list[str]], where: str) -> OrgGroup:
    if not isinstance(raw, dict) or not isinstance(raw.get("code"), str) or not raw["code"].strip():
        raise ValidationFailed(f"{where}: every group needs a code, got {raw!r}")
    kind = raw.get("kind", "")
    if kind not in KINDS:
        raise ValidationFailed(f"{where}: group {raw['code']!r} has kind {kind!r}; "
                               f"kinds are {', '.join(KINDS)}")
    if not isinstance(raw.get("vi"), str) or not raw["vi"].strip():
        raise ValidationFailed(f"{where}: group {raw['code']!r} needs a Vietnamese name (vi)")
    return OrgGroup(raw["code"], raw["vi"], raw.get("en", ""), kind, raw.get("parent"),
                    tuple(sorted(functions.get(raw["code"], []))))


# --- the directory a running step sees (like engine.clock.current_clock) -------------------------------
_current: ContextVar[Callable[[], Directory] | None] = ContextVar("pressdesk_directory", default=None)


def current_directory() -> Directory:
    """The organisation of the engine running this step; outside a step, the configured file's."""
    provider = _current.get()
    return provider() if provider is not None else configured_directory()


@contextmanager
def using_directory(provider: Callable[[], Directory]) -> Iterator[None]:
    """Make `provider()` what the helpers leaders/org_groups/org_unit read inside the block. A callable,
    so a step that asks nothing of the organisation reads nothing."""
    token = _current.set(provider)
    try:
        yield
    finally:
        _current.reset(token)


_CONFIGURED: dict[str, Directory] = {}


def configured_directory() -> Directory:
    """The directory of the organisation file PRESSDESK_ORGANISATION names (default Đồng Nai)."""
    spec = os.environ.get("PRESSDESK_ORGANISATION") or DEFAULT_ORGANISATION
    if spec not in _CONFIGURED:
        _CONFIGURED[spec] = load_organisation(spec).directory
    return _CONFIGURED[spec]
