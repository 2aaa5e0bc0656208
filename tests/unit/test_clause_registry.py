"""The clause registry: every clause of both documents, in their own numbering, quoted verbatim, and the
parsing of models' `clause` properties (bad values named precisely)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from engine.clauses import REGISTRY, load_registry, parse_registry, split_ids
from engine.errors import ValidationFailed

ROOT = Path(__file__).resolve().parents[2]
DIRECTIVE = ("CT 1.a CT 1.b CT 1.c CT 1.d CT 1.e CT 2.a CT 2.b CT 2.c CT 3.a CT 3.b CT 3.c CT 3.d CT 4.a "
             "CT 4.b CT 4.c CT 5.a CT 5.b CT 6.a CT 6.b CT 7.a CT 7.b")
PLAN = ("KH I.1 KH I.2 KH II.1 KH II.2 KH II.3 KH II.4 KH II.5 KH III.1 KH III.2 KH III.3 KH III.4 KH III.5 "
        "KH III.6")


def _ids(text: str) -> list[str]:
    words = text.split()
    return [f"{a} {b}" for a, b in zip(words[::2], words[1::2], strict=True)]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


REG = load_registry()


def test_the_registry_lists_every_clause_of_both_documents_once_in_their_order():
    assert REG.ids == _ids(DIRECTIVE) + _ids(PLAN)
    assert set(REG.documents) == {"CT", "KH"}


@pytest.mark.parametrize("clause", REG.clauses, ids=lambda c: c.id)
def test_each_clause_quotes_its_document_verbatim_with_a_one_line_gist(clause):
    source = _flat((ROOT / REG.documents[clause.document].source).read_text(encoding="utf-8"))
    assert _flat(clause.text) in source
    assert _flat(clause.heading) in source
    label = clause.id.split(".")[1]
    assert clause.text.startswith(f"{label})" if clause.document == "CT" else f"{label}. ")
    assert "\n" not in clause.gist and 20 < len(clause.gist) < 400
    assert clause.reason is None or len(clause.reason) > 30
    assert (clause.reason is None) == (clause.reason_vi is None)
    assert (clause.note is None) == (clause.note_vi is None)


def test_the_sources_are_the_documents_the_procedures_come_from():
    directive = (ROOT / "docs/sources/chi-thi-dong-nai.txt").read_text(encoding="utf-8")
    plan = (ROOT / "docs/sources/ke-hoach-lai-chau.txt").read_text(encoding="utf-8")
    assert "Chủ tịch UBND tỉnh chỉ thị" in directive and "tỉnh Đồng Nai" in directive
    assert "Sở Thông tin và Truyền thông ban hành Kế hoạch" in plan and "Lai Châu" in plan


def _registry(**changes):
    raw = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))
    raw["clauses"] = raw["clauses"][:2]
    for key, value in changes.items():
        raw["clauses"][0][key] = value
    return raw


@pytest.mark.parametrize("raw, message", [
    ([], "needs `documents`"),
    ({"documents": {}, "clauses": {}}, "needs `documents`"),
    (_registry(id="CT-1"), "'CT-1' is not a clause id"),
    (_registry(id="CT 1.b"), "CT 1.b appears twice"),
    (_registry(document="KH"), "document 'KH' is not its document"),
    (_registry(text=""), "text is missing or empty"),
    (_registry(gist=None), "gist is missing or empty"),
    (_registry(reason=""), "reason, when given, must be text"),
    (_registry(reason="Not a workflow because it is a statement."), "reason and reason_vi go together"),
    (_registry(note_vi="Ghi chú."), "note and note_vi go together"),
    ({"documents": {"CT": {}}, "clauses": ["CT 1.a"]}, "is not a mapping"),
    ({**_registry(), "undated": [{"process": "press_inquiry", "element": "answer"}]},
     "undated #1 needs process, element and reason"),
    ({**_registry(), "undated": ["answer"]}, "undated #1 needs process, element and reason"),
])
def test_a_broken_registry_is_refused_naming_the_problem(raw, message):
    with pytest.raises(ValidationFailed, match=re.escape(message)):
        parse_registry(raw)


def test_an_unreadable_registry_is_refused(tmp_path):
    bad = tmp_path / "clauses.yaml"
    bad.write_text("clauses: [unclosed", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="cannot be read"):
        load_registry(bad)


@pytest.mark.parametrize("value, ids, problem", [
    ("CT 1.e", ["CT 1.e"], None),
    (" CT 1.e ,KH II.5", ["CT 1.e", "KH II.5"], None),
    ("", [], "is empty"),
    ("   ", [], "is empty"),
    (None, [], "is empty"),
    ("CT 1.e,, KH II.5", ["CT 1.e", "KH II.5"], "an empty item"),
    ("CT 1.e,", ["CT 1.e"], "an empty item"),
    ("CT-1", [], "'CT-1' is not a clause id"),
    ("KH-3, CT 1.e", ["CT 1.e"], "'KH-3' is not a clause id"),
    ("ct 1.e", [], "'ct 1.e' is not a clause id"),
    ("CT 1.e; KH II.5", [], "is not a clause id"),
    ("CT 1.e, CT 1.e", ["CT 1.e"], "twice"),
])
def test_clause_property_values_are_split_and_bad_ones_named(value, ids, problem):
    found, problems = split_ids(value)
    assert found == ids
    if problem is None:
        assert problems == []
    else:
        assert len(problems) == 1 and problem in problems[0]
