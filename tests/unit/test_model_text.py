"""Language attributes become the text's own form before SpiffWorkflow reads a model (model_text.py)."""
from __future__ import annotations

from lxml import etree

from engine.scripting.languages import FEEL_TESTS, language_of_attribute
from engine.scripting.model_text import dmn_problems, tag_bpmn, tag_dmn

DMN = """<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" namespace="t"{lang}>
<decision id="x"><decisionTable id="t">
<input id="i"><inputExpression id="ie"><text>amount</text></inputExpression></input>
<output id="o" name="r"/>
<rule id="r1"><inputEntry id="e1"><text>{entry}</text></inputEntry>
  <outputEntry id="o1"><text>"a"</text></outputEntry></rule>
<rule id="r2"><inputEntry id="e2"><text>-</text></inputEntry>
  <outputEntry id="o2"><text>"b"</text></outputEntry></rule>
</decisionTable></decision></definitions>"""


def texts(tree) -> list[str]:
    return [t.text for t in tree.iter("{*}text")]


def test_language_attributes():
    for uri in ("https://www.omg.org/spec/DMN/20191111/FEEL/", "http://www.omg.org/spec/FEEL/20140401",
                "https://www.omg.org/spec/DMN/20180521/FEEL/", "feel", "FEEL"):
        assert language_of_attribute(uri) == "feel", uri
    assert language_of_attribute("juel") == "juel" and language_of_attribute(None) == "python"
    assert language_of_attribute("javascript") is None and language_of_attribute("groovy") is None


def test_declared_feel_table_is_tagged_and_the_original_is_kept():
    tree = etree.fromstring(DMN.format(lang=' expressionLanguage="feel"', entry='"a","b"'))
    tagged = tag_dmn(tree)
    assert texts(tagged) == ["#=amount", FEEL_TESTS + '"a","b"', '#="a"', "-", '#="b"']
    assert texts(tree)[1] == '"a","b"'


def test_table_without_attribute_is_python_unless_only_feel_reads_it():
    python = etree.fromstring(DMN.format(lang="", entry="&gt; 5"))
    assert tag_dmn(python) is python  # a valid Python (SpiffWorkflow) entry: left as it is
    feel = etree.fromstring(DMN.format(lang="", entry="[1..5]"))
    assert texts(tag_dmn(feel))[1] == FEEL_TESTS + "[1..5]"


def test_dmn_problems_name_the_entry_and_the_column():
    tree = etree.fromstring(DMN.format(lang=' expressionLanguage="feel"', entry="[1.."))
    [(el, message)] = dmn_problems(tree)
    assert el.get("id") == "e1" and "column 5" in message
    tree = etree.fromstring(DMN.format(lang=' expressionLanguage="javascript"', entry="1"))
    assert all("'javascript' is not supported" in m for _, m in dmn_problems(tree))


def test_feel_condition_gets_its_marker():
    xml = """<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"><process id="p">
<sequenceFlow id="f"><conditionExpression language="feel">x &gt; 5</conditionExpression></sequenceFlow>
<sequenceFlow id="g"><conditionExpression>${x}</conditionExpression></sequenceFlow>
<intermediateCatchEvent id="c"><conditionalEventDefinition><condition language="feel">y</condition>
</conditionalEventDefinition></intermediateCatchEvent></process></definitions>"""
    tree = etree.fromstring(xml)
    tagged = tag_bpmn(tree)
    assert [c.text for c in tagged.iter("{*}conditionExpression")] == ["=x > 5", "${x}"]
    assert [c.text for c in tagged.iter("{*}condition")] == ["=y"]
    plain = etree.fromstring(xml.replace(' language="feel"', ""))
    assert tag_bpmn(plain) is plain
