"""The two shipped organisations (Đồng Nai, Lai Châu): they load, keep to their own province, give
every agency a leaders group, and the model helpers leaders/org_groups/org_unit answer from them."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from engine.errors import ValidationFailed
from engine.organisation import (
    KINDS,
    LEADERS_SUFFIX,
    load_organisation,
    organisation_path,
    parse_organisation,
    using_directory,
)
from engine.scripting.helpers import leaders, org_groups, org_unit
from engine.scripting.sandbox import SandboxEnvironment

ROOT = Path(__file__).resolve().parents[2]
DONG_NAI = load_organisation("dong-nai")
LAI_CHAU = load_organisation("lai-chau")
FUNCTIONS = {"press_office": "so-tttt-ttbcxb", "inspectorate": "so-tttt-thanh-tra",
             "portal_office": "vp-ubnd",
             "portal_chief": "vp-ubnd-lanh-dao", "competent_decider": "vp-ubnd-lanh-dao",
             "police_security": "cong-an-pa03", "police_cyber": "cong-an-pa05",
             "party_press": "ban-tuyen-giao-ttbcxb", "journalists": "hoi-nha-bao", "dept_ict": "so-tttt"}
# Place names of each province's districts and cities, as they are written in the other file's text.
DONG_NAI_PLACES = ("Đồng Nai", "Biên Hòa", "Long Khánh", "Tân Phú", "Định Quán", "Xuân Lộc", "Cẩm Mỹ",
                   "Thống Nhất", "Trảng Bom", "Vĩnh Cửu", "Long Thành", "Nhơn Trạch", "bien-hoa",
                   "long-khanh")
LAI_CHAU_PLACES = ("Lai Châu", "Tam Đường", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Than Uyên", "Tân Uyên",
                   "Nậm Nhùn", "lai-chau", "tam-duong", "muong-te")


def test_the_default_organisation_is_dong_nai_and_names_resolve():
    assert organisation_path(None) == ROOT / "processes" / "organisation.json"
    assert organisation_path("lai-chau") == ROOT / "processes" / "organisation.lai-chau.json"
    assert organisation_path(str(ROOT / "processes" / "organisation.lai-chau.json")).name == \
        "organisation.lai-chau.json"
    assert (DONG_NAI.name, DONG_NAI.province_vi) == ("dong-nai", "Đồng Nai")
    assert (LAI_CHAU.name, LAI_CHAU.province_vi) == ("lai-chau", "Lai Châu")


@pytest.mark.parametrize("org", [DONG_NAI, LAI_CHAU], ids=["dong-nai", "lai-chau"])
def test_an_organisation_has_the_units_the_plan_names_and_leaders_for_every_agency(org):
    codes = org.codes
    assert len(codes) == len(set(codes))
    assert {"so-tttt-ttbcxb", "so-tttt-van-phong", "so-tttt-thanh-tra", "ban-tuyen-giao-ttbcxb",
            "cong-an-pa03", "cong-an-pa05", "vp-ubnd-lanh-dao"} <= set(codes)
    directory = org.directory
    assert {f: directory.unit(f) for f in FUNCTIONS} == FUNCTIONS
    for group in org.groups:
        assert group.kind in KINDS
        if group.kind not in ("province", "leaders", "duty"):
            assert directory.leaders(group.code) == group.code + LEADERS_SUFFIX
    for district in directory.of_kind("district"):
        assert f"{district}-vhtt" in codes  # its Phòng Văn hóa và Thông tin
    leaders_of = {g.parent for g in org.groups if g.kind == "leaders"}
    assert leaders_of == {g.code for g in org.groups if g.kind not in ("province", "leaders", "duty")}


def test_each_province_has_its_own_districts_and_no_place_of_the_other():
    assert DONG_NAI.directory.of_kind("district")[:2] == ["ubnd-bien-hoa", "ubnd-cam-my"]
    assert len(DONG_NAI.directory.of_kind("district")) == 11
    assert LAI_CHAU.directory.of_kind("district") == [
        "ubnd-muong-te", "ubnd-nam-nhun", "ubnd-phong-tho", "ubnd-sin-ho", "ubnd-tam-duong", "ubnd-tan-uyen",
        "ubnd-than-uyen", "ubnd-tp-lai-chau"]
    assert not set(DONG_NAI.directory.of_kind("district")) & set(LAI_CHAU.directory.of_kind("district"))
    dong_nai_text = (ROOT / "processes" / "organisation.json").read_text(encoding="utf-8")
    lai_chau_text = (ROOT / "processes" / "organisation.lai-chau.json").read_text(encoding="utf-8")
    assert [p for p in DONG_NAI_PLACES if p in lai_chau_text] == []
    assert [p for p in LAI_CHAU_PLACES if p in dong_nai_text] == []


@pytest.mark.parametrize("org", [DONG_NAI, LAI_CHAU], ids=["dong-nai", "lai-chau"])
def test_the_demo_users_include_leaders_the_chief_of_office_deputy_and_a_duty_officer(org):
    users = {u["username"]: set(u["groups"]) for u in org.demo_users}
    assert {"leader.yte", "leader.tttt", "deputy.vp", "duty.tttt"} <= set(users)
    assert {"vp-ubnd", "vp-ubnd-lanh-dao"} <= users["chief.vp"] and "vp-ubnd-lanh-dao" in users["deputy.vp"]
    assert users["leader.yte"] == {"so-y-te-lanh-dao"} and "so-y-te-lanh-dao" not in users["spokesperson.yte"]
    assert org.directory.unit("duty_officer") in users["duty.tttt"]


def test_the_helpers_answer_from_the_organisation_of_the_step():
    with using_directory(lambda: LAI_CHAU.directory):
        assert leaders("so-y-te") == "so-y-te-lanh-dao"
        assert leaders("ubnd-tinh") == "ubnd-tinh"  # the provincial leadership leads itself
        assert org_unit("portal_chief") == "vp-ubnd-lanh-dao"
        assert "ubnd-tp-lai-chau" in org_groups("district")
        assert "ubnd-bien-hoa" not in org_groups("district")
        sandbox = SandboxEnvironment(time_limit_ms=1000, memory_limit_mb=64)
        assert sandbox.evaluate('[leaders(d) for d in org_groups("district")][-1]', {}) == \
            "ubnd-tp-lai-chau-lanh-dao"
    with using_directory(lambda: DONG_NAI.directory):
        assert "ubnd-bien-hoa" in org_groups("district")


@pytest.mark.parametrize("call, message", [
    (lambda: leaders("so-khong-co"), "no group"),
    (lambda: leaders(""), "takes a group code"),
    (lambda: leaders(3), "takes a group code"),
    (lambda: leaders("so-y-te-lanh-dao-x"), "no group"),
    (lambda: org_groups("tinh"), r"org_groups\(\) takes one of"),
    (lambda: org_unit("mayor"), r"org_unit\(\) takes one of"),
    (lambda: org_unit(None), r"org_unit\(\) takes one of"),
])
def test_the_helpers_refuse_what_the_organisation_does_not_know(call, message):
    with using_directory(lambda: DONG_NAI.directory), pytest.raises(ValueError, match=message):
        call()


def _raw(**changes):
    raw = json.loads((ROOT / "processes" / "organisation.json").read_text(encoding="utf-8"))
    raw.update(changes)
    return raw


@pytest.mark.parametrize("raw, message", [
    ([], "non-empty list of groups"),
    ({"groups": []}, "non-empty list of groups"),
    ({"groups": [{"vi": "Không mã", "kind": "unit"}]}, "needs a code"),
    ({"groups": [{"code": "a", "vi": "A", "kind": "town"}]}, "kind 'town'"),
    ({"groups": [{"code": "a", "vi": "", "kind": "unit", "parent": None}]}, "Vietnamese name"),
    ({"groups": [{"code": "a", "vi": "A", "kind": "province"}, {"code": "a", "vi": "A", "kind": "province"}]},
     "appears twice"),
    ({"groups": [{"code": "a", "vi": "A", "kind": "unit", "parent": "b"}]}, "parent 'b' is no group"),
    ({"groups": [{"code": "a", "vi": "A", "kind": "department"}]}, "no leaders group 'a-lanh-dao'"),
    (_raw(functions={"press_office": "so-khong-co"}), "names 'so-khong-co', which is no group"),
    (_raw(functions=["press_office"]), "functions must map"),
    (_raw(demo_users=[{"username": "x", "groups": ["so-khong-co"], "roles": []}]), "unknown group"),
])
def test_a_broken_organisation_file_is_refused_with_the_problem(raw, message):
    with pytest.raises(ValidationFailed, match=message):
        parse_organisation(raw)


def test_an_unknown_organisation_or_unreadable_file_is_refused(tmp_path):
    with pytest.raises(ValidationFailed, match="unknown organisation 'ha-noi'"):
        load_organisation("ha-noi")
    with pytest.raises(ValidationFailed, match="does not exist"):
        load_organisation(str(tmp_path / "none.json"))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationFailed, match="cannot be read"):
        load_organisation(str(broken))


@pytest.mark.xfail(strict=True, reason="known gap (issue 10): press_inquiry's start form options and its "
                   "candidateStarterGroups still list Đồng Nai's districts; they need options and starter "
                   "groups drawn from the deployed organisation. strict: remove this mark once it passes")
def test_no_shipped_procedure_or_form_names_a_district_of_either_province():
    districts = DONG_NAI.directory.of_kind("district") + LAI_CHAU.directory.of_kind("district")
    pattern = re.compile("|".join(re.escape(d) for d in districts))
    files = [*(ROOT / "processes").glob("*.bpmn"), *(ROOT / "processes").glob("*.dmn"),
             *(ROOT / "forms").glob("*.form"), *(ROOT / "tools" / "procedures").glob("*.py")]
    found = {str(f.relative_to(ROOT)): sorted(set(pattern.findall(f.read_text(encoding="utf-8"))))
             for f in sorted(files)}
    assert {name: codes for name, codes in found.items() if codes} == {}, \
        "procedures must ask the organisation (org_groups('district'), a start variable), not name districts"
