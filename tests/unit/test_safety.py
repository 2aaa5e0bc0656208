"""Hostile and broken model files are refused before any XML parser expands or fetches anything."""
from __future__ import annotations

import codecs

import pytest
from lxml import etree

from engine.bpmn import safety
from engine.errors import ModelInvalid

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"
GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{BPMN}" id="defs">
  <!-- a comment -->
  <process id="p" isExecutable="true">
    <startEvent id="start"/>
  </process>
</definitions>
"""
DMN = f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{DMN13}" id="d" name="d" namespace="x">
  <decision id="dec" name="Decision"/>
</definitions>
"""


def refused(data: bytes | str, filename: str = "bad.bpmn", **kwargs) -> dict:
    """The single error item of the refusal, after checking the exception's shape."""
    with pytest.raises(ModelInvalid) as info:
        safety.load_model_xml(data, filename, **kwargs)
    exc = info.value
    assert exc.message.startswith(f"{filename}: ")
    assert "\n" not in exc.message
    assert len(exc.errors) == 1
    error = exc.errors[0]
    assert set(error) == {"element_id", "message", "line"} and error["element_id"] is None
    return error


# --- accepted input ---------------------------------------------------------------------------------------
def test_good_bpmn_bytes_keep_line_numbers_and_drop_comments():
    tree = safety.load_model_xml(GOOD.encode(), "good.bpmn")
    assert isinstance(tree, etree._ElementTree)
    assert safety.model_kind(tree) == "bpmn"
    start = tree.getroot().find(f".//{{{BPMN}}}startEvent")
    assert start.sourceline == 5
    assert not any(isinstance(node, etree._Comment) for node in tree.iter())


def test_str_input_with_declared_encoding_is_parsed_as_the_text_it_is():
    text = GOOD.replace("UTF-8", "ISO-8859-1").replace('id="defs"', 'id="defs" name="Trả lời báo chí"')
    tree = safety.load_model_xml(text, "good.bpmn")
    assert tree.getroot().get("name") == "Trả lời báo chí"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_unicode_encodings_are_decoded(codec):
    declared = codec.upper().removesuffix("-SIG")
    text = GOOD.replace("UTF-8", declared).replace('id="defs"', 'id="defs" name="Đồng Nai"')
    tree = safety.load_model_xml(text.encode(codec), "good.bpmn")
    assert tree.getroot().get("name") == "Đồng Nai"
    assert tree.getroot().find(f".//{{{BPMN}}}startEvent").sourceline == 5


def test_latin1_files_as_some_modellers_write_them():
    data = GOOD.replace("UTF-8", "ISO-8859-1").replace('id="defs"', 'id="defs" name="café"').encode("latin-1")
    assert safety.load_model_xml(data, "a.bpmn").getroot().get("name") == "café"


def test_dmn_is_recognised():
    assert safety.model_kind(safety.load_model_xml(DMN.encode(), "d.dmn")) == "dmn"


def test_doctype_text_inside_comments_and_cdata_is_harmless():
    text = GOOD.replace("<!-- a comment -->",
                        "<!-- <!DOCTYPE x> --><documentation><![CDATA[<!DOCTYPE html>]]></documentation>")
    safety.load_model_xml(text, "ok.bpmn")


# --- hostile input ----------------------------------------------------------------------------------------
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol9;</definitions>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p" name="&xxe;"/></definitions>
"""


def test_billion_laughs_is_refused_at_the_doctype():
    error = refused(BILLION_LAUGHS)
    assert "DOCTYPE" in error["message"] and error["line"] == 2


def test_external_entity_is_refused_and_never_read():
    error = refused(XXE.encode())
    assert "DOCTYPE" in error["message"]
    assert "root:" not in str(error)


def test_the_parser_itself_neither_expands_nor_fetches_entities():
    # Defence in depth: even if the text scan were bypassed, the hardened parser refuses.
    for text in (XXE, BILLION_LAUGHS):
        with pytest.raises(ModelInvalid) as info:
            safety._parse(text, "x.bpmn")
        assert "root:" not in info.value.message and "lollol" not in info.value.message


@pytest.mark.parametrize("decl", ["<!DOCTYPE x>", "<!doctype x>", "<!  DocType x>", "<!\nDOCTYPE x>",
                                  '<!ENTITY e "x">'])
def test_declarations_in_any_spelling_are_refused(decl):
    error = refused(GOOD.replace("<!-- a comment -->", decl))
    assert "not allowed" in error["message"] and error["line"] == 3


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_doctype_in_utf16_is_refused(codec):
    data = ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE definitions [<!ENTITY x "y">]>\n'
            f'<definitions xmlns="{BPMN}">&x;</definitions>').encode(codec)
    error = refused(data)
    assert "DOCTYPE" in error["message"] and error["line"] == 2


def test_dmn_with_doctype_is_refused():
    error = refused(DMN.replace("<definitions", "<!DOCTYPE definitions>\n<definitions").encode(), "d.dmn")
    assert "DOCTYPE" in error["message"]


def test_encodings_we_cannot_check_are_refused():
    utf7 = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x+AD4-<definitions/>'
    assert "UTF-7" in refused(utf7)["message"]
    assert "unknown" in refused(b'<?xml version="1.0" encoding="klingon"?><a/>')["message"]
    assert "UTF-16" in refused(b'<?xml version="1.0" encoding="UTF-16"?><a/>')["message"]


def test_invalid_utf8_is_refused_with_its_line():
    error = refused(GOOD.encode().replace(b"<process", b"\xff\xfe<process"))
    assert "UTF-8" in error["message"] and error["line"] == 4


def test_six_mebibyte_file_is_refused_before_parsing():
    big = GOOD.replace("<!-- a comment -->", "<!--" + "x" * (6 * 1024 * 1024) + "-->")
    assert "larger than" in refused(big.encode())["message"]
    assert "larger than" in refused(big)["message"]
    assert "larger than" in refused(GOOD, max_bytes=100)["message"]


def test_deep_nesting_is_refused():
    deep = f'<definitions xmlns="{BPMN}">' + "<a>" * 220 + "</a>" * 220 + "</definitions>"
    assert "nested more than 200" in refused(deep)["message"]
    deeper = f'<definitions xmlns="{BPMN}">' + "<a>" * 5000 + "</a>" * 5000 + "</definitions>"
    assert "nested more than 200" in refused(deeper)["message"]


def test_element_and_attribute_counts_are_bounded(monkeypatch):
    monkeypatch.setattr(safety, "MAX_ELEMENTS", 50)
    many = f'<definitions xmlns="{BPMN}">' + "<a/>" * 100 + "</definitions>"
    assert "more than 50 elements" in refused(many)["message"]
    attrs = " ".join(f'a{i}="x"' for i in range(150))
    assert "attributes" in refused(f'<definitions xmlns="{BPMN}" {attrs}/>')["message"]


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "".encode("utf-16"), codecs.BOM_UTF8])
def test_empty_files_are_refused(data):
    assert refused(data)["message"] == "file is empty"


def test_binary_garbage_is_refused():
    assert refused(bytes(range(256)) * 10)["message"].startswith("not valid UTF-8")


def test_text_garbage_is_refused_as_malformed():
    error = refused(b"this is not XML at all")
    assert error["message"].startswith("malformed XML") and error["line"] == 1


def test_malformed_xml_reports_the_parser_line():
    error = refused(GOOD.replace('<startEvent id="start"/>', '<startEvent id="start">'))
    assert error["message"].startswith("malformed XML") and error["line"] == 6  # at </process>


def test_undefined_entity_reference_is_malformed():
    assert "malformed XML" in refused(GOOD.replace('id="start"', 'id="start" name="&ent;"'))["message"]


def test_processing_instructions_are_refused():
    error = refused(GOOD.replace("<!-- a comment -->", '<?xml-stylesheet href="http://evil/x.xsl"?>'))
    assert "xml-stylesheet" in error["message"] and error["line"] == 3
    assert "processing instruction" in refused("\n" + GOOD)["message"]  # declaration not at the start


@pytest.mark.parametrize("root", [
    "<html><body/></html>",
    f'<process xmlns="{BPMN}" id="p"/>',
    '<definitions xmlns="http://example.com/not-bpmn"/>',
    "<definitions/>",
])
def test_root_must_be_bpmn_or_dmn_definitions(root):
    assert "root element" in refused(root)["message"]
