"""Connectors: what a service task's topic does when a worker runs its job.

A connector is a callable taking a ConnectorCall and returning the output variables (a dict) or raising
ConnectorError (or any exception: the job is retried with backoff, then becomes an incident). One
marked `transactional` runs inside the transaction that completes the task (it only changes pressdesk's
own database, e.g. starting another process); every other runs outside any transaction, so a slow
portal never holds a lock. Configuration comes from settings (PRESSDESK_PORTAL_URL, PRESSDESK_SMTP_HOST…),
never from the model: a BPMN file cannot send requests to arbitrary hosts.

- `portal.publish`: inputs `title`, `body`, optional `category`, `attachments`; output `portal_item_id`,
  `portal_url` (POST PRESSDESK_PORTAL_URL/items);
- `email.send`: inputs `to` (address or list), `subject`, `body`; output `email_sent_to`;
- `process.start`: inputs `process` (key), optional `variables`, `business_key`; output
  `started_instance_id`;
- `statistics.summary`: inputs `period_from`, `period_to` (ISO dates, end included); output `statistics`
  (engine.statistics.summary of the period, read as the system);
- `webhook.call`: any inputs, POSTed as JSON to PRESSDESK_WEBHOOK_URL; output `webhook_status`,
  `webhook_response`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


class ConnectorError(Exception):
    """A connector call failed; the message is what the incident shows."""


@dataclass
class ConnectorCall:
    topic: str
    inputs: dict[str, Any]
    engine: Any
    instance_id: str | None = None
    element_id: str | None = None
    business_key: str | None = None
    attempt: int = 1
    job_id: int | None = None
    uow: Any = None  # the open unit of work, for transactional connectors only


@dataclass
class Connector:
    run: Callable[[ConnectorCall], dict[str, Any]]
    transactional: bool = False
    description: str = ""


@dataclass
class ConnectorRegistry:
    """Connectors by topic. The engine builds one with the built-in connectors; tests and deployments
    may register more."""

    connectors: dict[str, Connector] = field(default_factory=dict)

    def register(self, topic: str, run: Callable[[ConnectorCall], dict[str, Any]], *,
                 transactional: bool = False, description: str = "") -> None:
        self.connectors[topic] = Connector(run, transactional, description)

    def get(self, topic: str) -> Connector:
        try:
            return self.connectors[topic]
        except KeyError:
            raise ConnectorError(f"no connector for topic {topic!r}") from None

    def topics(self) -> list[str]:
        return sorted(self.connectors)


def default_registry() -> ConnectorRegistry:
    from . import builtin

    registry = ConnectorRegistry()
    builtin.register_all(registry)
    return registry
