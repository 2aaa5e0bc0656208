"""Static BPMN checks: each bad model is reported with the element id and line, all problems at once."""
from __future__ import annotations

import pytest
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.camunda.parser import CamundaParser
from SpiffWorkflow.util.task import TaskState

from engine.bpmn import safety, spiff_bridge, validation
from engine.errors import ModelProblem
from engine.scripting.sandbox import SandboxedScriptEngine

HEAD = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
        'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs">')
LINEAR = """<startEvent id="start"/>
<sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
<userTask id="task" name="Review"/>
<sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
<endEvent id="end"/>"""
DMN = """<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dmn" name="d" namespace="x">
<decision id="pick" name="Pick"><decisionTable id="dt">
<input id="i1"><inputExpression id="ie1" typeRef="integer"><text>amount</text></inputExpression></input>
<output id="o1" name="level" typeRef="string"/>
<rule id="r1"><inputEntry id="e1"><text>&gt; 10</text></inputEntry>
<outputEntry id="x1"><text>"high"</text></outputEntry></rule>
</decisionTable></decision></definitions>"""


TASK = '<userTask id="task" name="Review"/>'


def model(body: str = LINEAR, extra: str = "", executable: str | None = "true") -> str:
    flag = f' isExecutable="{executable}"' if executable is not None else ""
    return f'{HEAD}\n{extra}\n<process id="p"{flag}>\n{body}\n</process>\n</definitions>\n'


def trees(*xmls: str) -> list:
    return [(f"m{i}.bpmn", safety.load_model_xml(x, f"m{i}.bpmn")) for i, x in enumerate(xmls)]


def check(xml: str, **kwargs) -> list[ModelProblem]:
    return validation.validate_bpmn(trees(xml), **kwargs)


def line_of(xml: str, needle: str) -> int:
    return xml[:xml.index(needle)].count("\n") + 1


def expect(xml: str, code: str, element_id: str, needle: str | None = None, **kwargs) -> ModelProblem:
    """The one problem with `code`, asserting its element id and that its line holds `needle`."""
    found = [p for p in check(xml, **kwargs) if p.extra["code"] == code]
    assert len(found) == 1, [(p.extra["code"], p.element_id, p.message) for p in check(xml, **kwargs)]
    problem = found[0]
    assert problem.element_id == element_id
    assert problem.line == line_of(xml, needle or f'id="{element_id}"')
    assert problem.file == "m0.bpmn" and problem.message
    return problem


def codes(xml: str, **kwargs) -> list[str]:
    return [p.extra["code"] for p in check(xml, **kwargs)]


# --- good models ------------------------------------------------------------------------------------------
GOOD = LINEAR.replace(TASK, """<userTask id="task" name="Review"
  camunda:dueDate="P2D" camunda:followUpDate="${due_soon}" camunda:priority="70"/>""").replace(
    '<endEvent id="end"/>', """<endEvent id="end"/>
<boundaryEvent id="late" attachedToRef="task" cancelActivity="false">
  <timerEventDefinition><timeDuration>PT4H</timeDuration></timerEventDefinition></boundaryEvent>
<sequenceFlow id="f3" sourceRef="late" targetRef="remind"/>
<scriptTask id="remind" scriptFormat="python"><script>reminded = True</script></scriptTask>
<sequenceFlow id="f4" sourceRef="remind" targetRef="gw"/>
<exclusiveGateway id="gw" default="f6"/>
<sequenceFlow id="f5" sourceRef="gw" targetRef="end2">
<conditionExpression>amount &gt; 10</conditionExpression></sequenceFlow>
<sequenceFlow id="f6" sourceRef="gw" targetRef="end2"/>
<endEvent id="end2"/>""")


def test_good_model_passes_and_builds_a_runnable_spec():
    xml = model(GOOD)
    assert check(xml, lint=True) == []
    parser, problems = spiff_bridge.parse_with_spiff(trees(xml))
    assert problems == []
    workflow = BpmnWorkflow(parser.get_spec("p"), parser.get_subprocess_specs("p"),
                            script_engine=SandboxedScriptEngine())
    workflow.do_engine_steps()
    assert [t.task_spec.bpmn_id for t in workflow.get_tasks(state=TaskState.READY)] == ["task"]


def test_all_problems_are_reported_at_once():
    xml = model(LINEAR.replace('targetRef="end"', 'targetRef="nowhere"') + """
<complexGateway id="cx"/>
<scriptTask id="s"><script>import os</script></scriptTask>""")
    assert {"bad-reference", "unsupported-element", "script"} <= set(codes(xml))


# --- structure ------------------------------------------------------------------------------------------
def test_executable_process_needs_a_start_event():
    expect(model("<userTask id='t'/>"), "no-start-event", "p")


def test_event_subprocess_start_does_not_count_as_process_start():
    xml = model("""<subProcess id="esp" triggeredByEvent="true">
<startEvent id="es" isInterrupting="false"><messageEventDefinition messageRef="m"/></startEvent>
<sequenceFlow id="e1" sourceRef="es" targetRef="ee"/><endEvent id="ee"/></subProcess>""",
                extra='<message id="m" name="go"/>')
    assert codes(xml) == ["no-start-event"]


def test_sequence_flow_to_missing_node():
    xml = model(LINEAR.replace('targetRef="end"', 'targetRef="nowhere"'))
    assert "'nowhere' does not exist" in expect(xml, "bad-reference", "f2").message


def test_sequence_flow_across_subprocess_boundary():
    xml = model("""<startEvent id="start"/>
<sequenceFlow id="f1" sourceRef="start" targetRef="inner"/>
<subProcess id="sub"><startEvent id="ss"/><sequenceFlow id="sf" sourceRef="ss" targetRef="inner"/>
<task id="inner"/><sequenceFlow id="sf2" sourceRef="inner" targetRef="se"/><endEvent id="se"/>
</subProcess>""")
    assert "another (sub)process" in expect(xml, "bad-reference", "f1").message


def test_default_must_be_an_outgoing_flow():
    xml = model(LINEAR.replace(TASK, '<userTask id="task" default="f1"/>'))
    expect(xml, "bad-default", "task")


def test_boundary_event_must_be_attached_to_an_existing_activity():
    xml = model(LINEAR + """
<boundaryEvent id="b" attachedToRef="ghost"><timerEventDefinition><timeDuration>PT1H</timeDuration>
</timerEventDefinition></boundaryEvent><sequenceFlow id="bf" sourceRef="b" targetRef="end"/>""")
    expect(xml, "bad-reference", "b")


@pytest.mark.parametrize("definition", [
    '<messageEventDefinition id="d" messageRef="nope"/>',
    '<signalEventDefinition id="d" signalRef="nope"/>',
    '<messageEventDefinition id="d" messageRef="tns:nope"/>',
])
def test_event_references_must_name_root_elements(definition):
    xml = model(LINEAR + f'\n<boundaryEvent id="b" attachedToRef="task">{definition}</boundaryEvent>'
                '\n<sequenceFlow id="bf" sourceRef="b" targetRef="end"/>')
    assert "nope'" in expect(xml, "bad-reference", "d").message


@pytest.mark.parametrize("definition", [
    '<errorEventDefinition id="d" errorRef="E_CODE"/>',
    '<messageEventDefinition id="d" messageRef="tns:m"/>',
])
def test_code_only_errors_and_prefixed_references_are_accepted(definition):
    xml = model(LINEAR + f'\n<boundaryEvent id="b" attachedToRef="task">{definition}</boundaryEvent>'
                '\n<sequenceFlow id="bf" sourceRef="b" targetRef="end"/>',
                extra='<message id="m" name="go"/>')
    assert check(xml) == []


def test_message_without_name_and_catch_without_ref():
    xml = model(LINEAR.replace(TASK, """<intermediateCatchEvent id="task">
<messageEventDefinition id="md" messageRef="m"/></intermediateCatchEvent>"""), extra='<message id="m"/>')
    expect(xml, "missing-name", "m")
    xml = model(LINEAR.replace(TASK, """<intermediateCatchEvent id="task">
<signalEventDefinition/></intermediateCatchEvent>"""))
    expect(xml, "missing-reference", "task", "<signalEventDefinition")


def test_call_activity_needs_called_element():
    xml = model(LINEAR.replace(TASK, """<callActivity id="task">
<extensionElements><zeebe:calledElement processId="x"/></extensionElements></callActivity>"""))
    assert "zeebe" in expect(xml, "missing-called-element", "task").message


def test_called_elements_helpers_for_the_repository():
    xml = model(LINEAR.replace(TASK, '<callActivity id="task" calledElement="sub"/>'))
    (called,) = validation.called_elements(trees(xml))
    assert (called.process_id, called.element_id, called.called, called.line) == ("p", "task", "sub",
                                                                                  line_of(xml, 'id="task"'))
    (missing,) = validation.missing_called_elements(trees(xml), known=set())
    assert missing.element_id == "task" and "'sub'" in missing.message
    assert validation.missing_called_elements(trees(xml), known={"sub"}) == []


def test_missing_flows_are_lint_warnings_only():
    xml = model(LINEAR + '\n<task id="orphan"/>')
    assert check(xml) == []
    warnings = {(p.element_id, p.extra["code"], p.extra["severity"]) for p in check(xml, lint=True)}
    assert warnings == {("orphan", "no-incoming", "warning"), ("orphan", "no-outgoing", "warning")}
    assert validation.blocking(check(xml, lint=True)) == []


def test_flows_into_start_and_out_of_end_are_errors():
    xml = model(LINEAR + '\n<sequenceFlow id="back" sourceRef="end" targetRef="start"/>')
    assert {"flow-into-start", "flow-out-of-end"} <= set(codes(xml))


def test_activity_with_two_outgoing_flows_is_refused():
    xml = model(LINEAR + '\n<sequenceFlow id="f3" sourceRef="task" targetRef="end"/>')
    expect(xml, "implicit-split", "task")


def test_exclusive_gateway_flows_need_conditions():
    xml = model("""<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
<exclusiveGateway id="gw"/>
<sequenceFlow id="a" sourceRef="gw" targetRef="end">
<conditionExpression>ok</conditionExpression></sequenceFlow>
<sequenceFlow id="b" sourceRef="gw" targetRef="end"/>
<endEvent id="end"/>""")
    expect(xml, "missing-condition", "b")


def test_condition_on_flow_out_of_a_task_is_refused():
    xml = model(LINEAR.replace('<sequenceFlow id="f2" sourceRef="task" targetRef="end"/>',
                               '<sequenceFlow id="f2" sourceRef="task" targetRef="end">'
                               '<conditionExpression>x</conditionExpression></sequenceFlow>'))
    expect(xml, "ignored-condition", "f2")


def test_event_based_gateway_targets():
    xml = model("""<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
<eventBasedGateway id="gw"/>
<sequenceFlow id="f2" sourceRef="gw" targetRef="end"/>
<endEvent id="end"/>""")
    expect(xml, "event-gateway-target", "f2")


# --- expressions ----------------------------------------------------------------------------------------
def test_conditions_are_checked_by_the_sandbox():
    xml = model("""<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
<exclusiveGateway id="gw" default="b"/>
<sequenceFlow id="a" sourceRef="gw" targetRef="end">
<conditionExpression>__import__('os')</conditionExpression></sequenceFlow>
<sequenceFlow id="b" sourceRef="gw" targetRef="end"/>
<sequenceFlow id="c" sourceRef="gw" targetRef="end">
<conditionExpression>${a &gt; &amp;&amp; b}</conditionExpression>
</sequenceFlow>
<sequenceFlow id="d" sourceRef="gw" targetRef="end"><conditionExpression>${approved}</conditionExpression>
</sequenceFlow>
<endEvent id="end"/>""")
    problems = {p.element_id: p for p in check(xml) if p.extra["code"] == "expression"}
    assert set(problems) == {"a", "c"}  # ${approved} is JUEL (or Python in ${ }): accepted
    assert problems["a"].line == line_of(xml, 'id="a"')
    assert "column 7: JUEL syntax error" in problems["c"].message


def test_condition_language_other_than_python_is_refused():
    xml = model("""<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="gw"/>
<exclusiveGateway id="gw" default="b"/>
<sequenceFlow id="a" sourceRef="gw" targetRef="end">
<conditionExpression language="javascript">x</conditionExpression></sequenceFlow>
<sequenceFlow id="b" sourceRef="gw" targetRef="end"/><endEvent id="end"/>""")
    expect(xml, "expression-language", "a")


def timer(kind: str, text: str) -> str:
    return model(LINEAR.replace(TASK, f"""<intermediateCatchEvent id="task">
<timerEventDefinition id="td"><{kind}>{text}</{kind}></timerEventDefinition></intermediateCatchEvent>"""))


@pytest.mark.parametrize(("kind", "text"), [
    ("timeDuration", "PT5M"), ("timeDuration", "P1DT2H"), ("timeDate", "2025-01-31T09:00:00+07:00"),
    ("timeCycle", "R3/PT10M"), ("timeDuration", "'PT%dM' % minutes"), ("timeDate", "deadline"),
])
def test_timer_literals_and_expressions_pass(kind, text):
    assert check(timer(kind, text)) == []


@pytest.mark.parametrize(("kind", "text"), [
    ("timeDuration", "import os"), ("timeDate", "2025-13-45 nonsense"), ("timeCycle", "0 0 9 * * ?"),
    ("timeDuration", "__import__('os').system('id')"),
])
def test_bad_timers_are_refused(kind, text):
    xml = timer(kind, text)
    assert kind in expect(xml, "timer", "td").message


def test_empty_timer_is_refused():
    expect(timer("timeDuration", "  "), "timer", "td")


def test_script_task_checks():
    def script(attrs: str, body: str = "<script>x = 1</script>") -> str:
        return model(LINEAR.replace('<userTask id="task" name="Review"/>',
                                    f'<scriptTask id="task" {attrs}>{body}</scriptTask>'))

    assert check(script('scriptFormat="Python"')) == []
    assert "import" in expect(script("", "<script>import os</script>"), "script", "task").message
    expect(script('scriptFormat="javascript"'), "script-format", "task")
    expect(script("", ""), "script-missing", "task")
    expect(script('camunda:resource="x.py"', ""), "script-resource", "task")


def multi(attrs: str, inner: str) -> str:
    return model(LINEAR.replace(TASK, f"""<userTask id="task">
<multiInstanceLoopCharacteristics {attrs}>{inner}</multiInstanceLoopCharacteristics></userTask>"""))


def test_multi_instance_checks():
    assert check(multi('camunda:collection="items" camunda:elementVariable="item"',
                       "<completionCondition>done &gt; 2</completionCondition>")) == []
    assert check(multi("", "<loopCardinality>3</loopCardinality>")) == []
    expect(multi("", ""), "multi-instance", "task")
    expect(multi("", "<loopCardinality>__class__</loopCardinality>"), "expression", "task")
    expect(multi('camunda:collection="items"', ""), "multi-instance", "task")
    expect(multi('camunda:collection="${items}" camunda:elementVariable="i"', ""), "multi-instance", "task")
    expect(multi('camunda:collection="items" camunda:elementVariable="i"',
                 "<completionCondition>import x</completionCondition>"), "expression", "task")


def test_standard_loop_needs_maximum_or_condition():
    xml = model(LINEAR.replace('<userTask id="task" name="Review"/>',
                               '<userTask id="task"><standardLoopCharacteristics/></userTask>'))
    expect(xml, "loop", "task")


@pytest.mark.parametrize(("attr", "value"), [
    ("dueDate", "tomorrow"), ("followUpDate", "${__import__('os')}"), ("priority", "high"),
    ("priority", "${1 +}"),
])
def test_task_attributes_are_literals_or_expressions(attr, value):
    xml = model(LINEAR.replace('name="Review"', f'camunda:{attr}="{value}"'))
    problem = expect(xml, "expression" if value.startswith("$") else "task-attribute", "task")
    assert attr in problem.message


def test_task_attribute_from_extension_property():
    xml = model(LINEAR.replace(TASK, """<userTask id="task">
<extensionElements><camunda:properties><camunda:property name="dueDate" value="soon"/>
</camunda:properties></extensionElements></userTask>"""))
    expect(xml, "task-attribute", "task")


def test_message_throw_needs_a_payload_expression():
    xml = model(LINEAR.replace(TASK, """<intermediateThrowEvent id="task">
<messageEventDefinition messageRef="m"/></intermediateThrowEvent>"""), extra='<message id="m" name="go"/>')
    expect(xml, "message-payload", "task", "<messageEventDefinition")
    assert check(xml.replace('messageRef="m"', 'messageRef="m" camunda:expression="{\'a\': 1}"')) == []


# --- unsupported elements -------------------------------------------------------------------------------
@pytest.mark.parametrize(("node", "element_id"), [
    ('<complexGateway id="task"/>', "task"),
    ('<adHocSubProcess id="task"><task id="a"/></adHocSubProcess>', "task"),
    ('<intermediateThrowEvent id="task"><compensateEventDefinition id="cd"/></intermediateThrowEvent>', "cd"),
    ('<intermediateCatchEvent id="task"><eventDefinitionRef>t1</eventDefinitionRef></intermediateCatchEvent>',
     "task"),
    ('<task id="task" isForCompensation="true"/>', "task"),
])
def test_unsupported_elements_are_refused_by_name(node, element_id):
    xml = model(LINEAR.replace(TASK, node))
    problem = next(p for p in check(xml) if p.extra["code"] == "unsupported-element")
    assert problem.element_id == element_id and "not supported" in problem.message
    assert problem.line == line_of(xml, 'id="task"')


@pytest.mark.parametrize(("event", "definition"), [
    ("endEvent", '<timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>'),
    ("startEvent", "<errorEventDefinition/>"),  # only event subprocesses start on an error
    ("intermediateCatchEvent", "<errorEventDefinition/>"),
])
def test_event_definitions_spiff_would_ignore(event, definition):
    node = f'<{event} id="ev">{definition}</{event}>'
    xml = model(LINEAR.replace('<endEvent id="end"/>', '<endEvent id="end"/>\n' + node),
                extra='<signal id="s" name="S"/>')
    expect(xml, "unsupported-event-definition", "ev")


def test_choreography_at_file_level_is_refused():
    xml = model(extra='<choreography id="ch"><choreographyTask id="ct" initiatingParticipantRef="x"/>'
                      "</choreography>")
    assert {p.element_id for p in check(xml) if p.extra["code"] == "unsupported-element"} == {"ch", "ct"}


def test_data_store_without_implementation():
    xml = model(extra='<dataStore id="ds" name="Archive"/>')
    expect(xml, "data-store", "ds")
    assert check(xml, data_stores={"Archive"}) == []


def event_subprocess(start: str, where: str = "process") -> str:
    esp = f"""<subProcess id="esp" triggeredByEvent="true">
{start}
<sequenceFlow id="e1" sourceRef="es" targetRef="ee"/><endEvent id="ee"/></subProcess>"""
    if where == "process":
        return model(LINEAR + "\n" + esp, extra='<message id="m" name="go"/>')
    sub = f"""<subProcess id="task"><startEvent id="ss"/><sequenceFlow id="s1" sourceRef="ss" targetRef="se"/>
<endEvent id="se"/>{esp}</subProcess>"""
    return model(LINEAR.replace(TASK, sub), extra='<message id="m" name="go"/>')


@pytest.mark.parametrize("definition", [
    '<messageEventDefinition messageRef="m"/>', "<errorEventDefinition/>", "<escalationEventDefinition/>",
    '<timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition>',
    '<signalEventDefinition signalRef="s"/>',
    "<conditionalEventDefinition><condition>ready</condition></conditionalEventDefinition>",
])
@pytest.mark.parametrize("where", ["process", "nested"])
def test_event_subprocesses_start_on_any_trigger(definition, where):
    start = f'<startEvent id="es">{definition}</startEvent>'
    assert check(event_subprocess(start, where).replace("</definitions>",
                                                        '<signal id="s" name="S"/></definitions>')) == []


def test_event_subprocess_start_problems():
    ok = '<startEvent id="es" isInterrupting="false"><messageEventDefinition messageRef="m"/></startEvent>'
    assert check(event_subprocess(ok)) == []
    expect(event_subprocess(ok.replace("messageEventDefinition messageRef", "errorEventDefinition errorRef")),
           "event-subprocess-trigger", "es")  # errors always interrupt
    expect(event_subprocess('<startEvent id="es"/>'), "event-subprocess-trigger", "es")


def test_link_events_need_a_matching_catch():
    link = ('<intermediateThrowEvent id="task"><linkEventDefinition name="A"/></intermediateThrowEvent>\n'
            '<intermediateCatchEvent id="c"><linkEventDefinition name="{}"/></intermediateCatchEvent>\n'
            '<sequenceFlow id="cf" sourceRef="c" targetRef="end"/>')
    xml = model(LINEAR.replace(TASK, link.format("A")).replace('<sequenceFlow id="f2" sourceRef="task" '
                                                              'targetRef="end"/>', ""))
    assert check(xml) == []
    assert "'A'" in expect(xml.replace('name="A"/></intermediateCatch', 'name="B"/></intermediateCatch'),
                           "link-event", "task").message


def test_subprocess_needs_one_start_and_an_end():
    xml = model(LINEAR.replace(TASK, '<subProcess id="task"><task id="x"/></subProcess>'))
    expect(xml, "subprocess-shape", "task")


def test_cancel_boundary_only_on_transactions():
    xml = model(LINEAR + '\n<boundaryEvent id="b" attachedToRef="task"><cancelEventDefinition/>'
                '</boundaryEvent>'
                '\n<sequenceFlow id="bf" sourceRef="b" targetRef="end"/>')
    expect(xml, "cancel-outside-transaction", "b")


# --- data ---------------------------------------------------------------------------------------------
HANGING = """<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="sub"/>
<subProcess id="sub"><startEvent id="ss"/><sequenceFlow id="s1" sourceRef="ss" targetRef="writer"/>
<task id="writer"><dataOutputAssociation id="doa"><targetRef>ref</targetRef></dataOutputAssociation></task>
<sequenceFlow id="s2" sourceRef="writer" targetRef="se"/><endEvent id="se"/>
<dataObjectReference id="ref" dataObjectRef="missing"/></subProcess>
<sequenceFlow id="f2" sourceRef="sub" targetRef="end"/><endEvent id="end"/>"""


@pytest.mark.timeout(30)
def test_unresolvable_data_object_is_refused_before_spiff_could_hang():
    xml = model(HANGING)
    expect(xml, "data-association", "writer")
    _, problems = spiff_bridge.parse_with_spiff(trees(xml))  # returns the static problem, never runs Spiff
    assert [p.extra["code"] for p in problems] == ["data-association"]
    good = xml.replace('<subProcess id="sub">', '<subProcess id="sub"><dataObject id="missing"/>')
    assert check(good) == []


def test_data_store_reference_in_association():
    xml = model(LINEAR.replace(TASK, """<userTask id="task">
<dataInputAssociation id="dia"><sourceRef>dsr</sourceRef></dataInputAssociation></userTask>
<dataStoreReference id="dsr"/>"""))
    expect(xml, "data-store", "task")


# --- ids and collaborations ---------------------------------------------------------------------------
def test_duplicate_ids():
    xml = model(LINEAR + '\n<task id="task"/>')
    problem = next(p for p in check(xml) if p.extra["code"] == "duplicate-id")
    assert problem.element_id == "task" and problem.line == line_of(xml, '<task id="task"/>')


def test_participant_must_reference_a_process():
    xml = model(extra='<collaboration id="c"><participant id="pool" processRef="other"/></collaboration>')
    expect(xml, "bad-reference", "pool")


# --- executable or not ------------------------------------------------------------------------------------
@pytest.mark.parametrize("flag", ["false", "FALSE "])
def test_non_executable_problems_are_info_and_do_not_block(flag):
    xml = model("<complexGateway id='cx'/>", executable=flag)
    problems = check(xml)
    assert {p.extra["severity"] for p in problems} == {"info"}
    assert all(p.extra["process_id"] == "p" and p.extra["executable"] is False for p in problems)
    assert validation.blocking(problems) == []
    _, spiff = spiff_bridge.parse_with_spiff(trees(xml))
    assert spiff == []  # view-only files are not given to SpiffWorkflow


def test_a_process_without_is_executable_is_executable_as_in_camunda():
    problems = check(model("<complexGateway id='cx'/>", executable=None))
    assert [p.extra["severity"] for p in problems if p.element_id == "cx"] == ["error"]
    assert check(model(executable=None)) == []


def test_a_flow_without_id_is_no_problem_but_a_task_without_id_is():
    flows = LINEAR.replace('id="f1" ', "")
    assert flows != LINEAR and check(model(flows)) == []
    assert [p.extra["code"] for p in check(model(LINEAR.replace('id="task"', "")))].count("missing-id") == 1


def test_executable_errors_block_and_name_their_process():
    (problem,) = check(model("<userTask id='t'/>"))
    assert problem.extra == {"severity": "error", "code": "no-start-event", "process_id": "p",
                             "executable": True}
    assert validation.blocking([problem]) == [problem]
    assert problem.as_dict() == {"element_id": "p", "message": problem.message, "line": problem.line,
                                 "file": "m0.bpmn"}


# --- SpiffWorkflow --------------------------------------------------------------------------------------
def test_parse_with_spiff_uses_the_given_parser_and_dmn():
    xml = model(LINEAR.replace('<userTask id="task" name="Review"/>',
                               '<businessRuleTask id="task" camunda:decisionRef="pick"/>'))
    mine = CamundaParser()
    dmn = ("rules.dmn", safety.load_model_xml(DMN, "rules.dmn"))
    parser, problems = spiff_bridge.parse_with_spiff([*trees(xml), dmn], mine)
    assert parser is mine and problems == []
    workflow = BpmnWorkflow(parser.get_spec("p"), script_engine=SandboxedScriptEngine())
    workflow.task_tree.data["amount"] = 20  # start data flows to the first tasks
    workflow.do_engine_steps()
    assert workflow.is_completed() and workflow.data["level"] == "high"


def test_spiff_validation_exception_becomes_a_problem_with_line():
    xml = model(LINEAR.replace('<userTask id="task" name="Review"/>',
                               '<businessRuleTask id="task" camunda:decisionRef="absent"/>'))
    _, problems = spiff_bridge.parse_with_spiff(trees(xml))
    (problem,) = problems
    assert problem.element_id == "task" and problem.line == line_of(xml, 'id="task"')
    assert problem.message.startswith("SpiffWorkflow: ") and "absent" in problem.message
    assert problem.file == "m0.bpmn" and validation.blocking(problems) == problems


def test_missing_called_process_is_reported_by_spiff_when_required():
    xml = model(LINEAR.replace(TASK, '<callActivity id="task" calledElement="sub"/>'))
    _, problems = spiff_bridge.parse_with_spiff(trees(xml))
    assert len(problems) == 1 and "sub" in problems[0].message
    assert spiff_bridge.parse_with_spiff(trees(xml), require_called=False)[1] == []


def test_spiff_reads_decision_refs_of_every_process_in_an_executable_file():
    xml = model(extra='<process id="viewonly"><businessRuleTask id="brt"/></process>')
    problem = expect(xml, "missing-decision-ref", "brt")
    assert problem.extra["severity"] == "error" and problem.extra["process_id"] is None


def test_escalation_boundaries_belong_on_subprocesses():
    xml = model(LINEAR + '\n<boundaryEvent id="b" attachedToRef="task"><escalationEventDefinition/>'
                '</boundaryEvent>\n<sequenceFlow id="bf" sourceRef="b" targetRef="end"/>')
    expect(xml, "escalation-boundary", "b")


def test_conditional_event_conditions_read_their_language():
    body = """<startEvent id="start"/><sequenceFlow id="f1" sourceRef="start" targetRef="c"/>
<intermediateCatchEvent id="c"><conditionalEventDefinition id="cd">
<condition language="{lang}">{text}</condition></conditionalEventDefinition></intermediateCatchEvent>
<sequenceFlow id="f2" sourceRef="c" targetRef="end"/><endEvent id="end"/>"""
    assert not [p for p in check(model(body.format(lang="feel", text="x &gt; 5 and y = \"a\"")))
                if p.extra["code"] == "expression"]
    [bad] = [p for p in check(model(body.format(lang="feel", text="x &gt;")))
             if p.extra["code"] == "expression"]
    assert bad.element_id == "cd" and "column 4: FEEL syntax error" in bad.message
    expect(model(body.format(lang="javascript", text="x")), "expression-language", "cd")
