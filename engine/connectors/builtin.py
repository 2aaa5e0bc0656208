"""The built-in connectors: provincial portal, e-mail, start another process, webhook."""
from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from email.message import EmailMessage
from typing import Any

from . import ConnectorCall, ConnectorError, ConnectorRegistry

log = logging.getLogger("pressdesk.connectors")


def register_all(registry: ConnectorRegistry) -> None:
    registry.register("portal.publish", portal_publish, description="publish an item on the e-portal")
    registry.register("email.send", email_send, description="send an e-mail through SMTP")
    registry.register("process.start", process_start, transactional=True,
                      description="start an instance of another process")
    registry.register("webhook.call", webhook_call, description="POST the inputs to the webhook")
    registry.register("statistics.summary", statistics_summary,
                      description="the engine's statistics of a period (periodic_report)")
    registry.register("noop", lambda call: {}, description="does nothing; for imported models' tasks "
                      "bound with the bind_tasks deployment option")


# --- HTTP -----------------------------------------------------------------------------------------------
def post_json(url: str, body: dict[str, Any], timeout: float, headers: dict[str, str] | None = None
              ) -> tuple[int, Any]:
    """POST JSON; (status, decoded JSON or text). Non-2xx answers and network errors raise
    ConnectorError (the job is retried)."""
    data = json.dumps(body, ensure_ascii=False, default=str).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "Accept": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - URL from settings
            raw = response.read().decode("utf-8", "replace")
            status = response.status
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode("utf-8", "replace")[:300]
        raise ConnectorError(f"{url} answered {exc.code} {exc.reason}: {detail}".strip()) from exc
    except (urllib.error.URLError, OSError) as exc:
        raise ConnectorError(f"{url} unreachable: {getattr(exc, 'reason', exc)}") from exc
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw


def _idempotency_key(call: ConnectorCall) -> str:
    # The same for every attempt of one job, so the receiver can drop a retried duplicate.
    return f"pressdesk-job-{call.job_id}"


def portal_publish(call: ConnectorCall) -> dict[str, Any]:
    settings = call.engine.settings
    if not settings.portal_url:
        raise ConnectorError("PRESSDESK_PORTAL_URL is not set: cannot publish to the portal")
    title, body = call.inputs.get("title"), call.inputs.get("body")
    if not title or not body:
        raise ConnectorError("portal.publish needs the inputs 'title' and 'body'")
    headers = {"Idempotency-Key": _idempotency_key(call)}
    if settings.portal_token:
        headers["Authorization"] = f"Bearer {settings.portal_token}"
    payload = {"title": title, "body": body, "category": call.inputs.get("category"),
               "attachments": call.inputs.get("attachments") or [],
               "source": {"instance_id": call.instance_id, "element_id": call.element_id,
                          "business_key": call.business_key}}
    _, answer = post_json(settings.portal_url.rstrip("/") + "/items", payload,
                          settings.http_timeout_seconds, headers)
    answer = answer if isinstance(answer, dict) else {}
    return {"portal_item_id": answer.get("id"), "portal_url": answer.get("url")}


def webhook_call(call: ConnectorCall) -> dict[str, Any]:
    settings = call.engine.settings
    if not settings.webhook_url:
        raise ConnectorError("PRESSDESK_WEBHOOK_URL is not set")
    status, answer = post_json(settings.webhook_url, {
        "instance_id": call.instance_id, "element_id": call.element_id,
        "business_key": call.business_key, "data": call.inputs},
        settings.http_timeout_seconds, {"Idempotency-Key": _idempotency_key(call)})
    return {"webhook_status": status, "webhook_response": answer}


# --- e-mail ---------------------------------------------------------------------------------------------
def send_mail(settings, to: list[str], subject: str, body: str) -> bool:
    """Send one message through SMTP; without PRESSDESK_SMTP_HOST it is only logged (embedded mode).
    Returns whether it went through SMTP. SMTP failures raise ConnectorError."""
    if not to:
        raise ConnectorError("an e-mail needs at least one recipient")
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = settings.mail_from, ", ".join(to), subject
    msg.set_content(body or "")
    if not settings.smtp_host:
        log.info("e-mail (no SMTP host configured) to %s: %s\n%s", ", ".join(to), subject, body)
        return False
    try:
        timeout = settings.http_timeout_seconds
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        raise ConnectorError(f"SMTP {settings.smtp_host}:{settings.smtp_port}: {exc}") from exc
    return True


def email_send(call: ConnectorCall) -> dict[str, Any]:
    to = call.inputs.get("to")
    recipients = [to] if isinstance(to, str) else list(to or [])
    subject = call.inputs.get("subject")
    if not recipients or not subject:
        raise ConnectorError("email.send needs the inputs 'to' and 'subject'")
    send_mail(call.engine.settings, recipients, str(subject), str(call.inputs.get("body") or ""))
    return {"email_sent_to": recipients}


# --- other processes ------------------------------------------------------------------------------------
def process_start(call: ConnectorCall) -> dict[str, Any]:
    from ..identity import SYSTEM

    key = call.inputs.get("process")
    if not key:
        raise ConnectorError("process.start needs the input 'process' (a process key)")
    variables = call.inputs.get("variables") or {}
    if not isinstance(variables, dict):
        raise ConnectorError("process.start: 'variables' must be an object")
    business_key = call.inputs.get("business_key")
    view = call.engine.runtime.start_in(call.uow, str(key), SYSTEM, variables, business_key)
    return {"started_instance_id": view.id}


# --- the engine's own figures ---------------------------------------------------------------------------
def statistics_summary(call: ConnectorCall) -> dict[str, Any]:
    """Inputs `period_from`, `period_to` (ISO dates, Hanoi time; the end date included); output
    `statistics`, the engine's StatisticsService summary of that period, read as the system."""
    from datetime import datetime, timedelta

    from ..clock import LOCAL_TZ
    from ..identity import SYSTEM

    try:
        since = datetime.fromisoformat(str(call.inputs.get("period_from"))[:10]).replace(tzinfo=LOCAL_TZ)
        until = datetime.fromisoformat(str(call.inputs.get("period_to"))[:10]).replace(tzinfo=LOCAL_TZ)
    except ValueError as exc:
        raise ConnectorError(f"statistics.summary needs ISO dates period_from and period_to: {exc}") from exc
    if until < since:
        raise ConnectorError("statistics.summary: period_to is before period_from")
    return {"statistics": call.engine.statistics.summary(SYSTEM, since, until + timedelta(days=1))}
