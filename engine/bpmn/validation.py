"""Static checks of BPMN models before SpiffWorkflow sees them, every problem at once, with id and line.

Severity, in `problem.extra["severity"]`:
- "error": Camunda 7 would refuse it, SpiffWorkflow's parser would fail (or hang), or SpiffWorkflow would
  silently run something other than the diagram (an ignored element). Blocks a deployment.
- "warning": legal but suspicious (unreachable node, implicit end, ignored Camunda Java/JUEL extension);
  only reported with `lint=True`, never blocks - Camunda deploys these too.
- "info": what would be an error, found in a non-executable process (isExecutable absent or false) or in a
  file without an executable process: such models are stored for viewing only, the repository decides.
`extra` also holds "code" (which check), "process_id" (top-level process; None for file-level problems) and
"executable". Call targets are resolved by the repository (`called_elements`, `missing_called_elements`);
spiff_bridge.parse_with_spiff then builds the specs and turns SpiffWorkflow's exceptions into problems.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from lxml import etree

from .. import timeparse
from ..errors import ModelProblem
from .safety import BPMN_NS, model_kind

CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn"
ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0"
_B, _C = f"{{{BPMN_NS}}}", f"{{{CAMUNDA_NS}}}"

Tree = etree._ElementTree | etree._Element
Trees = Iterable[tuple[str, Tree]]

ACTIVITIES = frozenset({"task", "userTask", "manualTask", "scriptTask", "serviceTask", "sendTask",
                        "receiveTask", "businessRuleTask", "callActivity", "subProcess", "transaction",
                        "adHocSubProcess"})
GATEWAYS = frozenset({"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway",
                      "complexGateway"})
EVENTS = frozenset({"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
                    "boundaryEvent"})
FLOW_NODES = ACTIVITIES | GATEWAYS | EVENTS
MAX_SLA_WORKING_DAYS = 250  # a year of working days (reminderBeforeWorkingDays, escalateAfterWorkingDays)
CONTAINERS = frozenset({"subProcess", "transaction", "adHocSubProcess"})
# Only gateways (GatewayParser, EventBasedGatewayParser) and start events may fork in SpiffWorkflow.
_FORKING = frozenset({"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway",
                      "startEvent"})
_CONDITIONAL = frozenset({"exclusiveGateway", "inclusiveGateway"})

_DESCRIPTIVE = "it describes interactions between participants and cannot be executed"
# BPMN elements SpiffWorkflow 3.2 (Camunda dialect) cannot execute, from its parser tables
# (BpmnParser.PARSER_CLASSES, CamundaParser.OVERRIDE_PARSER_CLASSES) and its event parsers' XPaths.
UNSUPPORTED_ELEMENTS: dict[str, str] = {
    "complexGateway": "SpiffWorkflow has no parser for complex gateways",
    "adHocSubProcess": "not in the Camunda 7 dialect; SpiffWorkflow's version needs Spiff-only rules",
    "compensateEventDefinition": "compensation is not implemented by SpiffWorkflow",
    "eventDefinitionRef": "SpiffWorkflow reads only event definitions written inside the event; with a "
                          "reference the event would silently become a none event",
    **{kind: _DESCRIPTIVE for kind in ("choreography", "choreographyTask", "subChoreography",
                                       "callChoreography", "globalChoreographyTask", "conversation",
                                       "subConversation", "callConversation", "globalConversation")},
}
# Event definitions SpiffWorkflow's parser reads per event kind (bpmn/parser/event_parsers.py). It drops
# any other silently: an error start event would start at once, a signal end event would signal nothing.
EVENT_DEFINITIONS: dict[str, frozenset[str]] = {
    "startEvent": frozenset({"message", "signal", "timer", "conditional", "error", "escalation"}),
    "endEvent": frozenset({"message", "cancel", "error", "escalation", "terminate", "signal"}),
    "intermediateCatchEvent": frozenset({"message", "signal", "timer", "conditional", "link"}),
    "intermediateThrowEvent": frozenset({"message", "signal", "escalation", "link"}),
    "boundaryEvent": frozenset({"cancel", "error", "escalation", "message", "signal", "timer",
                                "conditional"}),
}
_REF_ATTR = {"message": "messageRef", "signal": "signalRef", "error": "errorRef",
             "escalation": "escalationRef"}
# Camunda 7 extensions SpiffWorkflow never reads: they deploy but do nothing (lint warnings).
IGNORED_CAMUNDA_ATTRIBUTES = ("class", "delegateExpression", "expression")
IGNORED_CAMUNDA_ELEMENTS = ("executionListener", "taskListener", "inputOutput", "connector", "in", "out")
SCRIPT_FORMATS = frozenset({"", "python", "python3"})
_NCNAME = re.compile(r"[A-Za-z_][\w.\-]*")
_WRAPPED = re.compile(r"^\s*[$#]\{(.*)\}\s*$", re.DOTALL)
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*", re.ASCII)


@dataclass
class CalledElement:
    """One call activity and the process it calls, for the repository to resolve."""

    file: str
    process_id: str
    element_id: str | None
    called: str
    line: int | None


def _local(el: Any) -> str:
    tag = getattr(el, "tag", None)  # comments/PIs have callable tags; None has none
    return tag[len(_B):] if isinstance(tag, str) and tag.startswith(_B) else ""


def _children(el: etree._Element, *kinds: str) -> list[etree._Element]:
    return list(el.iterchildren(*(f"{_B}{kind}" for kind in kinds or ("*",))))


def _text(el: etree._Element | None) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _root(tree: Tree) -> etree._Element:
    return tree.getroot() if isinstance(tree, etree._ElementTree) else tree


def _is_executable(process: etree._Element) -> bool:
    # As in elements.read_processes and Camunda 7: only isExecutable="false" makes a process view-only.
    return (process.get("isExecutable") or "true").strip().lower() != "false"


def _bpmn_roots(trees: Trees) -> list[tuple[str, etree._Element]]:
    return [(name, _root(tree)) for name, tree in trees if model_kind(tree) == "bpmn"]


def _event_definitions(el: etree._Element) -> list[tuple[str, etree._Element]]:
    suffix = "EventDefinition"
    return [(_local(c).removesuffix(suffix), c) for c in el if _local(c).endswith(suffix)]


def _is_variable(name: str) -> bool:
    return bool(_IDENTIFIER.fullmatch(name.strip())) and not name.strip().startswith("__")


def _language(el: etree._Element) -> str | None:
    """"python", "juel" or "feel" for an expression element's `language`; None for one pressdesk lacks."""
    from ..scripting.languages import language_of_attribute

    return language_of_attribute(el.get("language"))


def _is_expression(raw: str) -> bool:
    """A task attribute written as an expression: ${...}/#{...} (also inside text) or =FEEL."""
    return "${" in raw or "#{" in raw or raw.startswith("=")


def _is_iso_moment(text: str) -> bool:
    """What projection.parse_moment takes literally: an ISO 8601 duration or date-time."""
    return timeparse.is_moment(text)


def _sandbox_problems(kind: str, src: str, language: str | None = None) -> list[str]:
    """Problems of a script, timer or expression; expressions may be Python, JUEL (${...}) or FEEL (=...,
    or any text when `language` says FEEL), with line and column for JUEL and FEEL."""
    # Lazy: the sandbox pulls in the script engine, which plain safety/validation users do not need.
    from ..scripting.languages import check, check_feel
    from ..scripting.sandbox import check_script, is_iso_timer_literal

    if kind == "script":
        return check_script(src)
    if kind == "timer" and is_iso_timer_literal(src):
        return []  # the sandboxed engine passes bare ISO values (Camunda style) to the timer as they are
    if language == "feel" and not src.strip().startswith("="):
        return check_feel(src)
    return check(src)


class _Checker:
    """Checks one BPMN document."""

    def __init__(self, filename: str, root: etree._Element, lint: bool, data_stores: Collection[str]) -> None:
        self.file, self.root, self.lint, self.data_stores = filename, root, lint, set(data_stores)
        self.problems: list[ModelProblem] = []
        self._seen: set[tuple[str, str | None, str]] = set()
        self.ids: dict[str, etree._Element] = {}
        self.defined = {kind: {el.get("id"): el for el in _children(root, kind) if el.get("id")}
                        for kind in (*_REF_ATTR, "dataStore")}
        self.pid: str | None = None  # the top-level process being checked; None for the file
        self.executable = self.file_executable = any(_is_executable(p) for p in _children(root, "process"))

    def add(self, el: etree._Element | None, code: str, message: str, severity: str = "error",
            file_level: bool = False) -> None:
        executable = self.file_executable if file_level else self.executable
        if severity == "warning" and not (self.lint and executable):
            return
        line = el.sourceline if el is not None else None
        while el is not None and not el.get("id"):  # e.g. event definitions: name the event instead
            el = el.getparent()
        element_id = el.get("id") if el is not None else None
        if (code, element_id, message) in self._seen:
            return
        self._seen.add((code, element_id, message))
        self.problems.append(ModelProblem(message, element_id, line, self.file, extra={
            "severity": severity if executable else "info", "code": code,
            "process_id": None if file_level else self.pid, "executable": executable}))

    def run(self) -> list[ModelProblem]:
        for el in self.root.iter(f"{_B}*"):
            self._check_id(el, _local(el))
        for el in self.root.iter(*(f"{_B}{kind}" for kind in UNSUPPORTED_ELEMENTS)):
            if next(el.iterancestors(f"{_B}process"), None) is None:  # in processes: reported below
                self.add(el, "unsupported-element", f"<{_local(el)}> is not supported: "
                         f"{UNSUPPORTED_ELEMENTS[_local(el)]}")
        for store in self.defined["dataStore"].values():
            if store.get("name") not in self.data_stores:
                self.add(store, "data-store", f"data store {store.get('name')!r} has no implementation "
                         "(SpiffWorkflow refuses any file that defines one)")
        self._check_collaborations()
        for process in _children(self.root, "process"):
            self.pid, self.executable = process.get("id"), _is_executable(process)
            self._check_process(process)
        return self.problems

    def _check_id(self, el: etree._Element, kind: str) -> None:
        ident = el.get("id")
        if ident is None:
            if kind in FLOW_NODES or kind == "process":  # flows get one (lenient.py)
                self.add(el, "missing-id", f"<{kind}> has no id")
        elif not _NCNAME.fullmatch(ident):
            self.add(el, "bad-id", f"id {ident!r} of <{kind}> is not a valid XML name")
        elif ident in self.ids:
            self.add(el, "duplicate-id", f"id {ident!r} is used twice (first on line "
                     f"{self.ids[ident].sourceline})")
        else:
            self.ids[ident] = el

    def _check_collaborations(self) -> None:
        for collab in _children(self.root, "collaboration"):
            for part in _children(collab, "participant"):
                ref = part.get("processRef")
                if ref and _local(self.ids.get(ref, collab)) != "process":
                    self.add(part, "bad-reference", f"participant refers to process {ref!r}, "
                             "which is not in this file")
            for flow in _children(collab, "messageFlow"):
                for attr in ("sourceRef", "targetRef"):
                    if flow.get(attr) not in self.ids:
                        self.add(flow, "bad-reference",
                                 f"message flow {attr} {flow.get(attr)!r} does not exist")

    # --- processes and containers ---------------------------------------------------------------------
    def _check_process(self, process: etree._Element) -> None:
        if not _children(process, "startEvent"):
            self.add(process, "no-start-event",
                     "process has no start event (an event subprocess cannot start it)")
        for el in process.iter(f"{_B}*"):
            kind = _local(el)
            if kind in UNSUPPORTED_ELEMENTS:
                self.add(el, "unsupported-element",
                         f"<{kind}> is not supported: {UNSUPPORTED_ELEMENTS[kind]}")
            elif kind in FLOW_NODES:
                self._check_node(el, kind)
            elif kind == "conditionExpression" and "getDataObject(" in _text(el):
                self.add(el.getparent(), "xpath", "XPath conditions (bpmn:getDataObject) are not supported: "
                         "data objects are process variables here, write the condition over them "
                         "(approved, not approved, clarified == 'yes')")
            elif kind == "conditionExpression" and _language(el) is None:
                self.add(el.getparent(), "expression-language",
                         f"condition language {el.get('language')!r} is not supported: conditions are "
                         "Python, JUEL (${...}) or FEEL (language=\"feel\" or a FEEL URI, or =...)")
        self._check_container(process)

    def _check_container(self, container: etree._Element) -> None:
        nodes = {n.get("id"): n for n in _children(container, *FLOW_NODES) if n.get("id")}
        outgoing: dict[str, list[etree._Element]] = {ident: [] for ident in nodes}
        incoming = dict.fromkeys(nodes, 0)
        for flow in _children(container, "sequenceFlow"):
            bad = [attr for attr in ("sourceRef", "targetRef") if flow.get(attr) not in nodes]
            for attr in bad:
                where = "is in another (sub)process" if flow.get(attr) in self.ids else "does not exist"
                self.add(flow, "bad-reference", f"sequence flow {attr} {flow.get(attr)!r} {where}")
            if not bad:
                outgoing[flow.get("sourceRef")].append(flow)
                incoming[flow.get("targetRef")] += 1
        for ident, node in nodes.items():
            self._check_flows(node, _local(node), outgoing[ident], incoming[ident])
        for node in _children(container, "boundaryEvent"):
            host = nodes.get(node.get("attachedToRef"))
            if host is None or _local(host) not in ACTIVITIES:
                self.add(node, "bad-reference", f"boundary event is attached to "
                         f"{node.get('attachedToRef')!r}, which is not an activity of the same (sub)process")
            elif node.find(f"{_B}cancelEventDefinition") is not None and _local(host) != "transaction":
                self.add(node, "cancel-outside-transaction", "cancel events are only allowed on transactions")
            elif node.find(f"{_B}escalationEventDefinition") is not None and \
                    _local(host) not in ("subProcess", "transaction", "callActivity"):
                self.add(node, "escalation-boundary", "escalation boundary events belong on subprocesses and "
                         "call activities (nothing inside a task can throw an escalation)")
        self._check_links(container)
        self._check_data_associations(container)
        for sub in _children(container, *CONTAINERS):
            self._check_subprocess(sub, container)

    def _check_links(self, container: etree._Element) -> None:
        from .events import link_pairs

        throws, catches = link_pairs(container)
        for name, events in catches.items():
            for event in events[1:] if name else events:
                self.add(event, "link-event", "a link catch event needs a name that no other link catch "
                         "event of the same (sub)process uses" if name else "a link catch event needs a name")
        for name, events in throws.items():
            for event in events:
                if not name or name not in catches:
                    self.add(event, "link-event", f"link {name!r} has no link catch event of that name in "
                             "the same (sub)process")

    def _check_subprocess(self, sub: etree._Element, container: etree._Element) -> None:
        starts, ends = _children(sub, "startEvent"), _children(sub, "endEvent")
        if _local(sub) != "adHocSubProcess" and (len(starts) != 1 or not ends):
            self.add(sub, "subprocess-shape", "a subprocess needs exactly one start event and at least "
                     f"one end event (found {len(starts)} and {len(ends)})")
        if _local(sub) != "transaction":
            for end in ends:
                if end.find(f"{_B}cancelEventDefinition") is not None:
                    self.add(end, "cancel-outside-transaction", "cancel end events belong in transactions")
        if sub.get("triggeredByEvent") != "true":
            for start in starts:
                if _event_definitions(start):
                    self.add(start, "typed-subprocess-start", "the start event of an embedded subprocess "
                             "cannot have an event definition")
            self._check_container(sub)
            return
        # Run by engine/bpmn/event_runtime.py: triggered in their own scope, interrupting or not.
        for start in starts:
            kinds = [k for k, _ in _event_definitions(start)]
            if len(kinds) != 1:
                self.add(start, "event-subprocess-trigger", "the start event of an event subprocess needs "
                         "exactly one message, timer, error, escalation, signal or conditional definition")
            elif kinds[0] in ("error",) and (start.get("isInterrupting") or "true").lower() == "false":
                self.add(start, "event-subprocess-trigger", "an error start event always interrupts "
                         "(isInterrupting=\"false\" is not allowed)")
        self._check_container(sub)

    def _check_flows(self, node: etree._Element, kind: str, out: list[etree._Element], inc: int) -> None:
        # Link events: the catch is entered and the throw left through their link (events.prepare).
        event_sub = node.get("triggeredByEvent") == "true" or \
            node.find(f"{_B}linkEventDefinition") is not None
        if kind in ("startEvent", "boundaryEvent") and inc:
            self.add(node, "flow-into-start", f"a {kind} cannot have incoming sequence flows")
        elif not inc and kind not in ("startEvent", "boundaryEvent") and not event_sub:
            self.add(node, "no-incoming", "no incoming sequence flow: it can never be reached", "warning")
        if kind == "endEvent" and out:
            self.add(node, "flow-out-of-end", "an end event cannot have outgoing sequence flows")
        elif not out and kind in ("exclusiveGateway", "inclusiveGateway", "eventBasedGateway"):
            self.add(node, "gateway-dead-end", "gateway has no outgoing sequence flow")
        elif not out and kind != "endEvent" and not event_sub:
            self.add(node, "no-outgoing", "no outgoing sequence flow (implicit end)", "warning")
        if len(out) > 1 and kind not in _FORKING:
            self.add(node, "implicit-split", f"{len(out)} outgoing sequence flows: SpiffWorkflow only lets "
                     "gateways and start events fork; add a gateway")
        default = node.get("default")
        if default is not None and default not in {f.get("id") for f in out}:
            self.add(node, "bad-default", f"default flow {default!r} is not an outgoing flow of this element")
        for flow in out:
            cond = flow.find(f"{_B}conditionExpression")
            if kind in _CONDITIONAL and len(out) > 1 and flow.get("id") != default and not _text(cond):
                self.add(flow, "missing-condition", f"flow out of {kind} {node.get('id')!r} needs a "
                         "condition (or must be the gateway's default flow)")
            elif cond is not None and kind not in _CONDITIONAL:
                self.add(flow, "ignored-condition", "only flows out of exclusive and inclusive gateways are "
                         "conditional: SpiffWorkflow would ignore this condition")
            elif _text(cond) and _language(cond) is not None:
                self._expression(flow, _text(cond), "condition", _language(cond))
            target = self.ids.get(flow.get("targetRef"))
            if kind == "eventBasedGateway" and _local(target) not in ("intermediateCatchEvent",
                                                                       "receiveTask"):
                self.add(flow, "event-gateway-target", "an event-based gateway may only lead to intermediate "
                         "catch events or receive tasks")

    # --- single elements ----------------------------------------------------------------------------
    def _check_node(self, el: etree._Element, kind: str) -> None:
        if kind in EVENTS:
            self._check_event(el, kind)
        if el.get("isForCompensation") == "true":
            self.add(el, "unsupported-element", "compensation activity (isForCompensation) is not supported: "
                     "compensation is not implemented by SpiffWorkflow")
        if kind == "scriptTask":
            self._check_script_task(el)
        elif kind == "callActivity" and not (el.get("calledElement") or "").strip():
            zeebe = el.find(f"{_B}extensionElements/{{{ZEEBE_NS}}}calledElement") is not None
            self.add(el, "missing-called-element", "call activity has no calledElement"
                     + (" (zeebe:calledElement is Camunda 8 and is not read)" if zeebe else ""))
        elif kind == "businessRuleTask" and not el.get(f"{_C}decisionRef") \
                and el.get(f"{_C}type") != "external":
            # File level: SpiffWorkflow reads every process's decisionRef when the file is added.
            self.add(el, "missing-decision-ref", "business rule task needs camunda:decisionRef naming a DMN "
                     "decision (other implementations are not supported)", file_level=True)
        elif kind in ("sendTask", "receiveTask") and el.get("messageRef") is not None:
            self._reference(el, "message", el.get("messageRef"))
        elif kind == "serviceTask":
            self._check_service_task(el)
        self._check_loops(el)
        self._check_task_attributes(el)
        if self.lint:
            found = [f"camunda:{a}" for a in IGNORED_CAMUNDA_ATTRIBUTES if el.get(f"{_C}{a}") is not None]
            read = ("inputOutput",) if kind == "serviceTask" else ()  # a connector's inputs (elements.py)
            found += [f"camunda:{e}" for e in IGNORED_CAMUNDA_ELEMENTS
                      if e not in read and el.find(f"{_B}extensionElements/{_C}{e}") is not None]
            if found:
                self.add(el, "ignored-extension", f"{', '.join(found)} ignored: SpiffWorkflow does not run "
                         "Camunda Java/JUEL extensions", "warning")

    def _check_event(self, el: etree._Element, kind: str) -> None:
        definitions = _event_definitions(el)
        if not definitions and kind in ("intermediateCatchEvent", "boundaryEvent"):
            self.add(el, "missing-event-definition", f"a {kind} needs an event definition")
        for name, definition in definitions:
            if f"{name}EventDefinition" in UNSUPPORTED_ELEMENTS:
                continue  # reported as an unsupported element
            if kind == "startEvent" and name in ("error", "escalation") and \
                    el.getparent().get("triggeredByEvent") != "true":
                self.add(definition, "unsupported-event-definition", f"{name} start events are only "
                         "allowed in event subprocesses")
                continue
            if name not in EVENT_DEFINITIONS[kind]:
                self.add(definition, "unsupported-event-definition", f"{name}EventDefinition on <{kind}> "
                         "is not supported: SpiffWorkflow ignores it there")
                continue
            throwing = kind in ("intermediateThrowEvent", "endEvent")
            if name in _REF_ATTR and definition.get(_REF_ATTR[name]) is not None:
                self._reference(definition, name, definition.get(_REF_ATTR[name]))
            elif name in ("message", "signal") and not throwing:
                self.add(definition, "missing-reference", f"{name} event needs a {_REF_ATTR[name]}")
            if name == "error":
                self._check_error(definition, throwing)
            if name == "timer":
                self._check_timer(definition, kind == "startEvent" and _local(el.getparent()) == "process")
            elif name == "conditional":
                condition = definition.find(f"{_B}condition")
                language = _language(condition) if condition is not None else "python"
                if language is None:
                    self.add(definition, "expression-language", f"condition language "
                             f"{condition.get('language')!r} is not supported: conditions are Python, "
                             "JUEL or FEEL")
                else:
                    self._expression(definition, _text(condition), "condition", language)
            elif name == "message" and throwing:
                payload = definition.get(f"{_C}expression")
                if payload is None:  # SpiffWorkflow's Camunda message throw evaluates it unconditionally
                    self.add(definition, "message-payload", "a message throw event needs camunda:expression "
                             "(the payload) on its messageEventDefinition")
                else:
                    self._expression(definition, payload, "message payload")

    def _check_error(self, definition: etree._Element, throwing: bool) -> None:
        # Camunda 7 refuses these at deploy: the thrown error would match no catch by code.
        error = self.defined["error"].get(definition.get("errorRef") or "")
        if throwing and error is not None and not (error.get("errorCode") or "").strip():
            self.add(definition, "error-code", f"<error> {error.get('id')!r} has no errorCode: an errorCode "
                     "is mandatory on errors thrown by error end events (as in Camunda 7)")

    def _reference(self, el: etree._Element, kind: str, ref: str) -> None:
        from .events import local_ref

        target = self.defined[kind].get(ref)
        if target is None:
            target = self.defined[kind].get(local_ref(ref))
        if target is None and kind in ("error", "escalation"):
            return  # Camunda reads an errorRef/escalationRef that names no element as the code itself
        if target is None:
            self.add(el, "bad-reference", f"{_REF_ATTR[kind]} {ref!r} names no <{kind}> in this file")
        elif kind in ("message", "signal") and not target.get("name"):
            self.add(target, "missing-name", f"<{kind}> {ref!r} needs a name (events match by name)")

    def _check_timer(self, definition: etree._Element, process_start: bool = False) -> None:
        parts = _children(definition, "timeDate", "timeDuration", "timeCycle")
        if len(parts) != 1 or not _text(parts[0]):
            self.add(definition, "timer",
                     "a timer needs exactly one non-empty timeDate, timeDuration or timeCycle")
        elif process_start:
            # Scheduled by pressdesk itself (engine/scheduler/start_timers.py): literals and cron only.
            from ..scheduler.start_timers import StartTimer, check

            start = StartTimer("", _local(parts[0]), _text(parts[0]), None)
            if message := check(start, datetime.now(UTC)):
                self.add(definition.getparent(), "timer", message)
        elif problems := _sandbox_problems("timer", _text(parts[0])):
            self.add(definition, "timer", f"{_local(parts[0])} {_text(parts[0])!r} is neither an ISO 8601 "
                     f"value nor a valid expression: {'; '.join(problems)}")

    def _check_script_task(self, el: etree._Element) -> None:
        fmt = (el.get("scriptFormat") or "").strip().lower()
        scripts = _children(el, "script")
        if fmt not in SCRIPT_FORMATS:
            self.add(el, "script-format", f"script format {el.get('scriptFormat')!r} is not supported: "
                     "scripts are Python")
        elif el.get(f"{_C}resource"):
            self.add(el, "script-resource", "external scripts (camunda:resource) are not supported")
        elif len(scripts) != 1 or not _text(scripts[0]):
            self.add(el, "script-missing", "script task has no script")
        elif problems := _sandbox_problems("script", "".join(scripts[0].itertext())):
            self.add(el, "script", "script refused: " + "; ".join(problems))

    def _check_service_task(self, el: etree._Element) -> None:
        # Run by workers through a connector (engine/connectors/); Java delegates cannot run here.
        java = [f"camunda:{a}" for a in IGNORED_CAMUNDA_ATTRIBUTES if el.get(f"{_C}{a}") is not None]
        if java:
            self.add(el, "service-task", f"{', '.join(java)} cannot run in pressdesk: use "
                     "camunda:type=\"external\" with camunda:topic naming a connector")
        elif el.get(f"{_C}type") != "external" or not (el.get(f"{_C}topic") or "").strip():
            self.add(el, "service-task", "a service task needs camunda:type=\"external\" and camunda:topic "
                     "naming a connector (portal.publish, email.send, process.start, webhook.call)")
        for param in el.iterfind(f"{_B}extensionElements/{_C}inputOutput/{_C}inputParameter"):
            if wrapped := _WRAPPED.match("".join(param.itertext())):
                self._expression(el, wrapped.group(1), f"input parameter {param.get('name')!r}")
        props = el.iterfind(f"{_B}extensionElements/{_C}properties/{_C}property")
        retries = next((p.get("value") for p in props if p.get("name") == "retries"), None)
        if retries is not None and not (retries.strip().isdigit() and int(retries) >= 1):
            self.add(el, "service-task", f"property retries {retries!r} must be a whole number >= 1")

    def _check_loops(self, el: etree._Element) -> None:
        mi = el.find(f"{_B}multiInstanceLoopCharacteristics")
        if mi is not None:
            cardinality = mi.find(f"{_B}loopCardinality")
            collection, item = mi.get(f"{_C}collection"), mi.get(f"{_C}elementVariable")
            if mi.find(f"{_B}loopDataInputRef") is not None and collection is None:
                self.add(el, "multi-instance", "loopDataInputRef is not read in the Camunda dialect: use "
                         "camunda:collection and camunda:elementVariable")
            elif cardinality is None and collection is None:
                self.add(el, "multi-instance", "a multi-instance activity needs loopCardinality or "
                         "camunda:collection")
            if cardinality is not None:
                self._expression(el, _text(cardinality), "loopCardinality")
            if collection is not None and not _is_variable(collection):
                self.add(el, "multi-instance", f"camunda:collection {collection!r} must name a process "
                         "variable (expressions are not supported there)")
            if collection is not None and cardinality is None and not _is_variable(item or ""):
                self.add(el, "multi-instance", "camunda:elementVariable must name the variable for each item")
            if (condition := mi.find(f"{_B}completionCondition")) is not None:
                self._expression(el, _text(condition), "completionCondition")
        loop = el.find(f"{_B}standardLoopCharacteristics")
        if loop is not None:
            condition = loop.find(f"{_B}loopCondition")
            if condition is not None:
                self._expression(el, _text(condition), "loopCondition")
            elif not (loop.get("loopMaximum") or "").strip().isdigit():
                self.add(el, "loop", "a loop needs an integer loopMaximum or a loopCondition")

    def _check_task_attributes(self, el: etree._Element) -> None:
        # Same sources as elements.read_processes: the camunda attribute, else an extension property.
        props = {p.get("name"): p.get("value") or "" for p in
                 el.iterfind(f"{_B}extensionElements/{_C}properties/{_C}property")}
        for name in ("dueDate", "followUpDate", "priority"):
            raw = (el.get(f"{_C}{name}") or props.get(name) or "").strip()
            if _is_expression(raw):
                self._expression(el, raw, f"camunda:{name}")
            elif raw and name == "priority" and not re.fullmatch(r"-?\d+", raw):
                self.add(el, "task-attribute", f"camunda:priority {raw!r} is neither an integer nor ${{...}}")
            elif raw and name != "priority" and not _is_iso_moment(raw):
                self.add(el, "task-attribute", f"camunda:{name} {raw!r} is neither an ISO 8601 date-time or "
                         "duration nor ${...}")
        for name in ("candidateGroups", "candidateUsers", "assignee"):
            raw = (el.get(f"{_C}{name}") or props.get(name) or "").strip()
            if _is_expression(raw):
                self._expression(el, raw, f"camunda:{name}")
        for name in ("reminderBefore", "escalateAfter"):  # SLA offsets (engine/scheduler/sla.py)
            raw = (props.get(name) or "").strip()
            days = (props.get(f"{name}WorkingDays") or "").strip()
            if raw and raw.lower() != "none" and not timeparse.is_duration(raw):
                self.add(el, "task-attribute", f"property {name} {raw!r} must be an ISO 8601 duration "
                         "(such as P1D or PT4H) or none")
            if days and not (re.fullmatch(r"[0-9]{1,3}", days) and int(days) <= MAX_SLA_WORKING_DAYS):
                self.add(el, "task-attribute", f"property {name}WorkingDays {days!r} must be a whole number "
                         f"of working days from 0 to {MAX_SLA_WORKING_DAYS}")
            if days and raw:
                self.add(el, "task-attribute", f"properties {name} and {name}WorkingDays are both set: "
                         "keep one")
        if key := props.get("correlationKey", "").strip():
            wrapped = _WRAPPED.match(key)
            self._expression(el, wrapped.group(1) if wrapped else key, "correlationKey")

    def _check_data_associations(self, container: etree._Element) -> None:
        # SpiffWorkflow looks for data objects in the task's own scope and its parent, and loops forever
        # when a nested scope's reference is found in neither.
        parent = container.getparent() if _local(container) != "process" else None
        scopes = [container] + ([parent] if parent is not None else [])
        visible = {d.get("id") for scope in scopes for d in _children(scope, "dataObject")}
        for node in _children(container, *FLOW_NODES):
            for ref_el in node.findall(f"{_B}dataInputAssociation/{_B}sourceRef") + \
                    node.findall(f"{_B}dataOutputAssociation/{_B}targetRef"):
                ref = self.ids.get(_text(ref_el))
                kind = _local(ref) if ref is not None else ""
                if kind == "dataStoreReference":
                    store = self.defined["dataStore"].get(ref.get("dataStoreRef") or "")
                    if store is None or store.get("name") not in self.data_stores:
                        self.add(node, "data-store", f"data store reference {_text(ref_el)!r} is bound to no "
                                 "data store implementation")
                elif kind != "dataObjectReference":
                    self.add(node, "data-association", f"data association refers to {_text(ref_el)!r}, which "
                             "is not a data object or data store reference")
                elif ref.get("dataObjectRef") not in visible:
                    self.add(node, "data-association", f"data object {ref.get('dataObjectRef')!r} must be "
                             "defined in this element's (sub)process or the one enclosing it")

    def _expression(self, el: etree._Element, src: str, what: str, language: str | None = None) -> None:
        if not src.strip():
            self.add(el, "expression", f"{what} is empty")
        elif problems := _sandbox_problems("expression", src, language):
            self.add(el, "expression", f"{what} {src.strip()!r} refused: {'; '.join(problems)}")


# --- public API -----------------------------------------------------------------------------------------
def validate_bpmn(trees: Trees, *, lint: bool = False,
                  data_stores: Collection[str] = ()) -> list[ModelProblem]:
    """Static problems of BPMN documents given as (filename, tree) pairs; DMN trees are skipped.

    `lint` adds warnings; `data_stores` names the data store implementations registered with the parser.
    """
    return [p for name, root in _bpmn_roots(trees) for p in _Checker(name, root, lint, data_stores).run()]


def blocking(problems: Iterable[ModelProblem]) -> list[ModelProblem]:
    """The problems that refuse a deployment (severity "error")."""
    return [p for p in problems if (p.extra or {}).get("severity", "error") == "error"]


def called_elements(trees: Trees, executable_only: bool = True) -> list[CalledElement]:
    """Every call activity's target, by calling process (of executable processes, by default)."""
    return [CalledElement(name, process.get("id") or "", call.get("id"), call.get("calledElement").strip(),
                          call.sourceline)
            for name, root in _bpmn_roots(trees) for process in _children(root, "process")
            if _is_executable(process) or not executable_only
            for call in process.iter(f"{_B}callActivity") if (call.get("calledElement") or "").strip()]


def missing_called_elements(trees: Trees, known: Collection[str]) -> list[ModelProblem]:
    """Call activities whose process is neither in `trees` nor among `known` (already deployed keys)."""
    trees = list(trees)
    defined = {p.get("id") for _, root in _bpmn_roots(trees) for p in _children(root, "process")}
    return [ModelProblem(f"call activity calls process {c.called!r}, which is neither in this deployment "
                         "nor deployed", c.element_id, c.line, c.file,
                         extra={"severity": "error", "code": "unknown-called-element",
                                "process_id": c.process_id, "executable": True})
            for c in called_elements(trees) if c.called not in defined and c.called not in known]
