"""Authoring aid for processes/*.bpmn: a procedure written as lanes, nodes on a grid and flows becomes
BPMN 2.0 XML with diagram interchange (pool, lanes, shapes, orthogonal edges) that bpmn-js and Camunda
Modeler open as drawn, plus the form-js forms of its user tasks.

The committed .bpmn and .form files are the source of truth; analysts may edit them in a modeller.
This only saves drawing coordinates by hand when a procedure is first written (tools/procedures/).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

COL_W, ROW_H, POOL_X, POOL_Y, LANE_X = 170, 150, 100, 60, 130
SIZES = {"task": (100, 80), "event": (36, 36), "gateway": (50, 50)}
EVENT_KINDS = {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
GATEWAY_KINDS = {"exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway"}


@dataclass
class Node:
    id: str
    kind: str
    name: str
    doc: str
    lane: str
    col: float = 0
    row: int = 0
    attrs: dict[str, str] = field(default_factory=dict)
    body: str = ""  # inner XML after the documentation: event definitions, script, loop characteristics
    props: dict[str, str] = field(default_factory=dict)  # camunda:properties
    parent: str | None = None  # the embedded subprocess holding it
    attached: str | None = None  # a boundary event's host
    slot: int = 0  # a boundary event's position along its host's lower edge
    bounds: tuple[float, float, float, float] = (0, 0, 0, 0)  # x, y, w, h once laid out

    @property
    def shape(self) -> str:
        if self.kind in EVENT_KINDS:
            return "event"
        return "gateway" if self.kind in GATEWAY_KINDS else "task"


@dataclass
class Flow:
    id: str
    src: str
    tgt: str
    name: str = ""
    cond: str | None = None
    doc: str = ""


@dataclass
class Lane:
    id: str
    name: str
    doc: str
    group: str | None = None  # the `group` extension property when the lane id is not a group code


class Process:
    def __init__(self, key: str, name: str, doc: str, lanes: list[Lane], starters: str | None = None,
                 messages: dict[str, str] | None = None) -> None:
        self.key, self.name, self.doc, self.lanes, self.starters = key, name, doc, lanes, starters
        self.messages = messages or {}  # message id -> name
        self.nodes: dict[str, Node] = {}
        self.flows: list[Flow] = []
        self.forms: dict[str, dict] = {}
        self.defaults: dict[str, str] = {}

    # --- building ---------------------------------------------------------------------------------
    def node(self, kind: str, id: str, name: str, doc: str, lane: str, col: float, row: int = 0,
             **kw) -> Node:
        assert id not in self.nodes, id
        n = Node(id, kind, name, doc, lane, col, row, **kw)
        self.nodes[id] = n
        return n

    def user(self, id: str, name: str, en: str, doc: str, lane: str, col: float, row: int = 0, *,
             fields: list[dict], **attrs: str) -> Node:
        """A user task with its form (written to forms/<key>_<id>.form, referenced by camunda:formKey)."""
        attrs = {"camunda:formKey": self._form(id, name, en, fields),
                 **{f"camunda:{k}": v for k, v in attrs.items()}}
        return self.node("userTask", id, name, f"{en}. {doc}", lane, col, row, attrs=attrs)

    def start(self, id: str, name: str, en: str, doc: str, lane: str, col: float, row: int = 0, *,
              fields: list[dict]) -> Node:
        """The none start event with a start form: what the starter fills in becomes the first variables
        (the engine checks them against the form at start)."""
        attrs = {"camunda:formKey": self._form(id, name, en, fields)}
        return self.node("startEvent", id, name, f"{en}. {doc}", lane, col, row, attrs=attrs)

    def _form(self, id: str, name: str, en: str, fields: list[dict]) -> str:
        form_id = f"{self.key}_{id}"
        heading = {"type": "text", "id": f"Text_{id}_heading", "text": f"## {name}\n\n*{en}*"}
        self.forms[form_id] = {"type": "default", "id": form_id, "schemaVersion": 16,
                               "exporter": {"name": "pressdesk tools/procedures", "version": "1"},
                               "components": [heading, *fields]}
        return form_id

    def script(self, id: str, name: str, doc: str, lane: str, col: float, row: int = 0, *, code: str,
               **kw) -> Node:
        body = f"<bpmn:script>{escape(code.strip())}</bpmn:script>"
        return self.node("scriptTask", id, name, doc, lane, col, row, attrs={"scriptFormat": "python"},
                         body=body, **kw)

    def timer(self, id: str, name: str, doc: str, host: str, kind: str, value: str, *,
              interrupting: bool = False, slot: int = 0) -> Node:
        body = (f'<bpmn:timerEventDefinition id="{id}_def"><bpmn:{kind}>{escape(value)}</bpmn:{kind}>'
                "</bpmn:timerEventDefinition>")
        h = self.nodes[host]
        return self.node("boundaryEvent", id, name, doc, h.lane, h.col, h.row, attached=host, slot=slot,
                         attrs={"attachedToRef": host, "cancelActivity": str(interrupting).lower()},
                         body=body, parent=h.parent)

    def flow(self, src: str, tgt: str, name: str = "", cond: str | None = None, doc: str = "",
             default: bool = False) -> Flow:
        f = Flow(f"f_{src}_{tgt}", src, tgt, name, cond, doc)
        self.flows.append(f)
        if default:
            self.defaults[src] = f.id
        return f

    # --- layout -----------------------------------------------------------------------------------
    def _layout(self) -> dict[str, tuple[float, float]]:
        rows = {lane.id: 1 + max([n.row for n in self.nodes.values() if n.lane == lane.id], default=0)
                for lane in self.lanes}
        lane_box, y = {}, POOL_Y
        for lane in self.lanes:
            lane_box[lane.id] = (y, rows[lane.id] * ROW_H)
            y += rows[lane.id] * ROW_H
        for n in self.nodes.values():
            if n.kind in ("subProcess",) or n.attached:
                continue
            w, h = SIZES[n.shape]
            cx = LANE_X + 90 + n.col * COL_W
            cy = lane_box[n.lane][0] + 75 + n.row * ROW_H
            n.bounds = (cx - w / 2, cy - h / 2, w, h)
        for n in self.nodes.values():
            if n.kind == "subProcess":
                kids = [k for k in self.nodes.values() if k.parent == n.id and not k.attached]
                x0 = min(k.bounds[0] for k in kids) - 30
                y0 = min(k.bounds[1] for k in kids) - 25
                x1 = max(k.bounds[0] + k.bounds[2] for k in kids) + 30
                y1 = max(k.bounds[1] + k.bounds[3] for k in kids) + 25
                n.bounds = (x0, y0, x1 - x0, y1 - y0)
        for n in self.nodes.values():
            if n.attached:
                hx, hy, hw, hh = self.nodes[n.attached].bounds
                n.bounds = (hx + hw - 60 - 50 * n.slot, hy + hh - 18, 36, 36)
        right = max(n.bounds[0] + n.bounds[2] for n in self.nodes.values()) + 60
        self._pool = (POOL_X, POOL_Y, right - POOL_X, y - POOL_Y)
        return lane_box

    def _waypoints(self, f: Flow) -> list[tuple[float, float]]:
        s, t = self.nodes[f.src], self.nodes[f.tgt]
        sx, sy, sw, sh = s.bounds
        tx, ty, tw, th = t.bounds
        scx, scy, tcx, tcy = sx + sw / 2, sy + sh / 2, tx + tw / 2, ty + th / 2
        if s.attached:  # leave a boundary event downwards
            if tx > scx:
                return [(scx, sy + sh), (scx, tcy), (tx, tcy)]
            low = max(sy + sh, ty + th) + 30
            return [(scx, sy + sh), (scx, low), (tcx, low), (tcx, ty + th)]
        if tx >= sx + sw:  # forwards
            if abs(scy - tcy) < 1:
                return [(sx + sw, scy), (tx, tcy)]
            if s.shape == "gateway":
                return [(scx, sy if tcy < scy else sy + sh), (scx, tcy), (tx, tcy)]
            mid = (sx + sw + tx) / 2
            return [(sx + sw, scy), (mid, scy), (mid, tcy), (tx, tcy)]
        low = max(sy + sh, ty + th) + 25  # backwards: loop under both shapes
        return [(scx, sy + sh), (scx, low), (tcx, low), (tcx, ty + th)]

    # --- writing ----------------------------------------------------------------------------------
    def xml(self) -> str:
        lane_box = self._layout()
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
               'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
               'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" '
               'xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
               'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" '
               'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               f'id="{self.key}_definitions" targetNamespace="https://pressdesk.example/processes" '
               'exporter="pressdesk tools/bpmngen" exporterVersion="1">']
        for mid, mname in self.messages.items():
            out.append(f'  <bpmn:message id="{mid}" name="{mname}" />')
        out.append(f'  <bpmn:collaboration id="{self.key}_collaboration">')
        out.append(f'    <bpmn:participant id="{self.key}_pool" name={quoteattr(self.name)} '
                   f'processRef="{self.key}" />')
        out.append("  </bpmn:collaboration>")
        starters = f' camunda:candidateStarterGroups="{self.starters}"' if self.starters else ""
        out.append(f'  <bpmn:process id="{self.key}" name={quoteattr(self.name)} isExecutable="true"'
                   f'{starters}>')
        out.append(f"    <bpmn:documentation>{escape(self.doc)}</bpmn:documentation>")
        out.append(f'    <bpmn:laneSet id="{self.key}_lanes">')
        for lane in self.lanes:
            out.append(f'      <bpmn:lane id="{lane.id}" name={quoteattr(lane.name)}>')
            out.append(f"        <bpmn:documentation>{escape(lane.doc)}</bpmn:documentation>")
            if lane.group:
                prop = f'<camunda:property name="group" value="{lane.group}" />'
                out.append(f"        <bpmn:extensionElements><camunda:properties>{prop}"
                           "</camunda:properties></bpmn:extensionElements>")
            for n in self.nodes.values():
                if n.lane == lane.id and n.parent is None:
                    out.append(f"        <bpmn:flowNodeRef>{n.id}</bpmn:flowNodeRef>")
            out.append("      </bpmn:lane>")
        out.append("    </bpmn:laneSet>")
        self._elements(out, None, "    ")
        out.append("  </bpmn:process>")
        out.extend(self._diagram(lane_box))
        out.append("</bpmn:definitions>")
        return "\n".join(out) + "\n"

    def _elements(self, out: list[str], parent: str | None, pad: str) -> None:
        for n in (n for n in self.nodes.values() if n.parent == parent):
            attrs = {**n.attrs}
            if n.id in self.defaults:
                attrs["default"] = self.defaults[n.id]
            text = "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())
            out.append(f"{pad}<bpmn:{n.kind} id=\"{n.id}\" name={quoteattr(n.name)}{text}>")
            out.append(f"{pad}  <bpmn:documentation>{escape(n.doc)}</bpmn:documentation>")
            if n.props:
                props = "".join(f'<camunda:property name="{k}" value={quoteattr(v)} />'
                                for k, v in n.props.items())
                out.append(f"{pad}  <bpmn:extensionElements><camunda:properties>{props}"
                           "</camunda:properties></bpmn:extensionElements>")
            for f in self.flows:
                if f.tgt == n.id:
                    out.append(f"{pad}  <bpmn:incoming>{f.id}</bpmn:incoming>")
            for f in self.flows:
                if f.src == n.id:
                    out.append(f"{pad}  <bpmn:outgoing>{f.id}</bpmn:outgoing>")
            if n.body:
                out.append(f"{pad}  {n.body}")
            if n.kind == "subProcess":
                self._elements(out, n.id, pad + "  ")
            out.append(f"{pad}</bpmn:{n.kind}>")
        for f in self.flows:
            if self.nodes[f.src].parent != parent:
                continue
            name = f" name={quoteattr(f.name)}" if f.name else ""
            inner = f"<bpmn:documentation>{escape(f.doc)}</bpmn:documentation>" if f.doc else ""
            if f.cond:
                inner += (f'<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" '
                          f'>{escape(f.cond)}'
                          "</bpmn:conditionExpression>")
            close = f">{inner}</bpmn:sequenceFlow>" if inner else " />"
            out.append(f'{pad}<bpmn:sequenceFlow id="{f.id}"{name} sourceRef="{f.src}" '
                       f'targetRef="{f.tgt}"{close}')

    def _diagram(self, lane_box: dict[str, tuple[float, float]]) -> list[str]:
        px, py, pw, ph = self._pool
        out = [f'  <bpmndi:BPMNDiagram id="{self.key}_diagram">',
               f'    <bpmndi:BPMNPlane id="{self.key}_plane" bpmnElement="{self.key}_collaboration">',
               _shape(f"{self.key}_pool", (px, py, pw, ph), ' isHorizontal="true"')]
        for lane in self.lanes:
            ly, lh = lane_box[lane.id]
            out.append(_shape(lane.id, (LANE_X, ly, pw - (LANE_X - px), lh), ' isHorizontal="true"'))
        for n in sorted(self.nodes.values(), key=lambda n: (n.kind != "subProcess", bool(n.attached))):
            extra = ' isExpanded="true"' if n.kind == "subProcess" else ""
            out.append(_shape(n.id, n.bounds, extra))
        for f in self.flows:
            points = "".join(f'<di:waypoint x="{x:.0f}" y="{y:.0f}" />' for x, y in self._waypoints(f))
            out.append(f'      <bpmndi:BPMNEdge id="{f.id}_di" bpmnElement="{f.id}">{points}'
                       "</bpmndi:BPMNEdge>")
        out += ["    </bpmndi:BPMNPlane>", "  </bpmndi:BPMNDiagram>"]
        return out


def _shape(element: str, bounds: tuple[float, float, float, float], extra: str = "") -> str:
    x, y, w, h = bounds
    return (f'      <bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}"{extra}>'
            f'<dc:Bounds x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" /></bpmndi:BPMNShape>')
