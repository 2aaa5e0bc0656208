"""Jobs: service-task connector calls and notification e-mails, run by workers with retries.

A job runs in three steps. Take it (short transaction: still waiting, or running with a lapsed lease;
mark it running, count the attempt). Call the connector outside any transaction. Finish (one
transaction, the instance locked first): hand the output to the waiting service task and mark the job
done — or, on failure, schedule the next attempt after backoff_seconds * 2^(attempts-1) (capped), and
after the last one mark it failed and open an incident. A connector's output is kept on the job, so a
crash between the call and the finish never calls the connector twice for that output.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from .. import history
from ..bpmn.connector_task import hand_output
from ..connectors import ConnectorCall, ConnectorError
from ..connectors.builtin import send_mail
from ..db.models import Incident, Job, Notification, ProcessInstance
from ..errors import Conflict, IllegalState, NotFound, ScriptError
from ..identity import Actor
from ..projection import Step
from .dispatcher import worker_name

log = logging.getLogger(__name__)


class JobService:
    def __init__(self, engine) -> None:
        self._engine = engine

    def run(self, job_id: int) -> bool:
        """Run one job if it is due and not taken by a live worker; True if it finished (done)."""
        taken = self._take(job_id)
        if taken is None:
            return False
        job, connector = taken
        output, error = job.result, None
        if output is None and connector is not None and not connector.transactional:
            try:
                output = connector.run(self._call(job))
            except Exception as exc:  # noqa: BLE001 - any connector failure is retried, then an incident
                error = _describe(exc)
        try:
            if error is None:
                return self._finish(job, connector, output)
        except (ConnectorError, ScriptError) as exc:
            error = _describe(exc)
        except IllegalState:
            return self._park(job_id, output)  # instance suspended meanwhile: the output waits with the job
        except Conflict as exc:
            error = exc.message
        self._fail(job_id, error, output)
        return False

    # --- the three steps ----------------------------------------------------------------------------
    def _take(self, job_id: int):
        now = self._engine.clock.now()
        with self._engine.uow() as uow:
            job = uow.session.execute(select(Job).where(Job.id == job_id).with_for_update()
                                      ).scalar_one_or_none()
            if job is None:
                raise NotFound(f"no job {job_id}")
            lapsed = job.status == "running" and (job.claimed_until is None or job.claimed_until < now)
            if not (job.status == "waiting" and job.due_at < now) and not lapsed:
                return None
            connector = None
            if job.type == "connector":
                try:
                    connector = self._engine.connectors.get(job.topic)
                except ConnectorError as exc:
                    job.last_error = str(exc)
            job.status, job.attempts = "running", job.attempts + 1
            job.claimed_by = worker_name()
            job.claimed_until = now + timedelta(seconds=self._engine.settings.lease_seconds)
            uow.commit()
            uow.session.expunge(job)
        if job.type == "connector" and connector is None:
            self._fail(job_id, job.last_error, None)
            return None
        return job, connector

    def _call(self, job: Job, uow=None) -> ConnectorCall:
        payload = job.payload or {}
        return ConnectorCall(job.topic, dict(payload.get("inputs") or {}), self._engine, job.instance_id,
                             job.element_id, payload.get("business_key"), job.attempts, job.id, uow)

    def _finish(self, job: Job, connector, output: dict[str, Any] | None) -> bool:
        now = self._engine.clock.now()
        with self._engine.uow() as uow:
            s = uow.session
            instance = self._engine.runtime.lock(s, job.instance_id) if job.instance_id else None
            row = s.execute(select(Job).where(Job.id == job.id).with_for_update()
                            .execution_options(populate_existing=True)).scalar_one()
            if row.status != "running" or row.claimed_by != job.claimed_by:
                return False  # its lease lapsed and another worker took it over
            if job.type == "email":
                self._send_email(s, row)
                output = {}
            else:
                if output is None:  # transactional connector: runs here, in this transaction
                    output = connector.run(self._call(row, uow))
                if not isinstance(output, dict):
                    raise ConnectorError(f"connector {row.topic!r} returned {type(output).__name__}, "
                                         "not an object of output variables")
                self._engine.runtime.change(instance.id, _CONNECTOR, _complete(row, output), uow=uow,
                                            locked=instance)
            row.status, row.result, row.finished_at, row.claimed_until = "done", output, now, None
            uow.commit()
        return True

    def _send_email(self, session, job: Job) -> None:
        notice = session.get(Notification, (job.payload or {}).get("notification_id"))
        if notice is None:
            raise ConnectorError("the notification of this e-mail no longer exists")
        sent = send_mail(self._engine.settings, [job.payload["to"]], notice.title,
                         f"{notice.title}\n\n{notice.body}".strip())
        notice.email_status = "sent" if sent else "logged"  # logged: no SMTP host (embedded mode)

    def _park(self, job_id: int, output: dict[str, Any] | None) -> bool:
        with self._engine.uow() as uow:
            job = uow.session.get(Job, job_id)
            job.status, job.result, job.claimed_until = "waiting", output, None
            job.attempts = max(0, job.attempts - 1)  # not the connector's fault
            uow.commit()
        return False

    def _fail(self, job_id: int, error: str | None, output: dict[str, Any] | None) -> None:
        now = self._engine.clock.now()
        settings = self._engine.settings
        with self._engine.uow() as uow:
            s = uow.session
            head = s.get(Job, job_id)
            instance = self._engine.runtime.lock(s, head.instance_id) if head.instance_id else None
            job = s.execute(select(Job).where(Job.id == job_id).with_for_update()
                            .execution_options(populate_existing=True)).scalar_one()
            job.last_error, job.claimed_until, job.result = (error or "failed")[:4000], None, output
            if instance is not None and instance.status in ("completed", "terminated"):
                job.status = "cancelled"
            elif job.attempts < job.max_attempts:
                delay = min(job.backoff_seconds * 2 ** max(0, job.attempts - 1),
                            settings.job_backoff_max_seconds)
                job.status, job.due_at = "waiting", now + timedelta(seconds=delay)
            else:
                job.status, job.finished_at = "failed", now
                self._incident(s, job, instance, now)
            uow.commit()
        log.info("job %s (%s) attempt %s failed: %s", job_id, head.topic, head.attempts, error)

    def _incident(self, session, job: Job, instance: ProcessInstance | None, now: datetime) -> None:
        session.add(Incident(job_id=job.id, instance_id=job.instance_id,
                             definition_key=instance.definition_key if instance else None,
                             element_id=job.element_id, type="failed_job", message=job.last_error or "",
                             created_at=now, status="open"))
        if job.type == "email":
            notice = session.get(Notification, (job.payload or {}).get("notification_id"))
            if notice is not None:
                notice.email_status = "failed"
        if instance is not None:
            step = Step("engine", now)
            step.record("incident", job.element_id, job.task_id, {
                "job_id": job.id, "topic": job.topic, "attempts": job.attempts, "message": job.last_error})
            history.append_instance(session, instance, step.events)


_CONNECTOR = Actor("connector", system=True)


def _complete(job: Job, output: dict[str, Any]):
    def action(wf, step: Step, row: ProcessInstance) -> None:
        from uuid import UUID

        task = wf.get_task_from_id(UUID(job.task_id))
        if task is None:
            raise IllegalState(f"service task {job.element_id} is no longer waiting")
        hand_output(task, output)
        step.record("service_task_completed", job.element_id, job.task_id,
                    {"topic": job.topic, "job_id": job.id, "attempts": job.attempts, "output": output},
                    actor="connector")
    return action


def _describe(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return message if isinstance(exc, ConnectorError | ScriptError) else f"{type(exc).__name__}: {message}"


def sync(engine, session, row: ProcessInstance, loaded, wf, waiting: list, step: Step) -> None:
    """After a change: a job for every service task that started waiting, and the jobs of service tasks
    that stopped waiting (cancelled by a boundary event, say) cancelled. Same transaction."""
    from ..bpmn.connector_task import is_connector_task
    from ..projection import evaluate_attribute

    tasks = {str(t.id): t for t in waiting if is_connector_task(t)}
    open_jobs = {j.task_id: j for j in session.execute(select(Job).where(
        Job.instance_id == row.id, Job.type == "connector",
        Job.status.in_(("waiting", "running", "failed")))).scalars()}
    for task_id, job in open_jobs.items():
        if task_id not in tasks:
            job.status, job.finished_at = "cancelled", step.now
            for incident in session.execute(select(Incident).where(Incident.job_id == job.id,
                                                                   Incident.status == "open")).scalars():
                incident.status, incident.resolved_at, incident.resolved_by = "resolved", step.now, "engine"
    settings = engine.settings
    for task_id, task in tasks.items():
        if task_id in open_jobs:
            continue
        el = loaded.elements.get(task.task_spec.bpmn_id)
        inputs = {name: evaluate_attribute(wf, task, raw) for name, raw in (el.inputs if el else {}).items()}
        retries = (el.properties.get("retries") if el else None) or settings.job_attempts
        session.add(Job(type="connector", topic=el.topic if el else "", instance_id=row.id, task_id=task_id,
                        element_id=task.task_spec.bpmn_id,
                        payload={"inputs": inputs, "business_key": row.business_key},
                        status="waiting", attempts=0, max_attempts=int(retries),
                        backoff_seconds=settings.job_backoff_seconds,
                        due_at=step.now - timedelta(microseconds=1), created_at=step.now))
        step.record("job_created", task.task_spec.bpmn_id, task_id, {"topic": el.topic if el else None},
                    actor="engine")
