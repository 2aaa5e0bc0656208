"""Inner XML for tools/bpmngen nodes that the timer-started procedures need: a timer start event's
definition and multi-instance loop characteristics (Camunda dialect: collection + element variable)."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr


def timer_start(node_id: str, cycle: str) -> dict[str, str]:
    """`body` for a process-level timer start event on an ISO 8601 repeating interval (timeCycle),
    scheduled by the engine at deployment (engine/scheduler/start_timers.py)."""
    return {"body": f'<bpmn:timerEventDefinition id="{node_id}_def"><bpmn:timeCycle>{escape(cycle)}'
                    "</bpmn:timeCycle></bpmn:timerEventDefinition>"}


def each(collection: str, element: str, sequential: bool = False) -> str:
    """Multi-instance over the list variable `collection`; each instance sees its item as `element`
    and the item as it stands at the instance's end is written back into the list."""
    seq = ' isSequential="true"' if sequential else ""
    return (f"<bpmn:multiInstanceLoopCharacteristics{seq} camunda:collection={quoteattr(collection)} "
            f"camunda:elementVariable={quoteattr(element)} />")
