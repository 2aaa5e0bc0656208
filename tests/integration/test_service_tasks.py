"""Service tasks run by jobs: connectors, retries with backoff, incidents and retry."""
from __future__ import annotations

import pytest

from engine.errors import Forbidden, IllegalState, ModelInvalid, NotFound, ValidationFailed
from engine.repository import ModelFile

from ..conftest import ANALYST, OFFICER_TTTT, OFFICER_VP, SUPERVISOR
from .helpers import deploy, event_types, model, open_tasks
from .servers import portal_server

NEWS = {"headline": "Thông cáo báo chí số 12", "text": "Nội dung thông cáo"}


def run_jobs(engine, seconds: float = 1) -> int:
    engine.clock.advance(seconds=seconds)
    return engine.runtime.fire_due_timers()


def test_portal_publish_completes_the_service_task(engine):
    deploy(engine, "publish_portal.bpmn")
    with portal_server() as portal:
        engine.settings.portal_url, engine.settings.portal_token = portal.url, "secret"
        inst = engine.runtime.start("publish_portal", SUPERVISOR, variables=NEWS, business_key="TC-12")
        assert inst.status == "waiting" and inst.active_elements == ["publish"]
        assert run_jobs(engine) == 1
    [request] = portal.received
    assert request["path"] == "/items" and request["auth"] == "Bearer secret"
    assert request["body"]["title"] == NEWS["headline"] and request["body"]["category"] == "thong-cao-bao-chi"
    assert request["body"]["source"]["business_key"] == "TC-12"
    assert request["key"].startswith("pressdesk-job-")
    done = engine.runtime.get(inst.id)
    assert done.active_elements == ["check"] and done.variables["portal_url"] == "https://portal.test/1"
    assert [t.element_id for t in open_tasks(engine, inst.id, OFFICER_VP)] == ["check"]
    assert "service_task_completed" in event_types(engine, inst.id, SUPERVISOR)
    assert run_jobs(engine, 3600) == 0  # done once, never again


def test_failing_connector_backs_off_then_opens_an_incident_and_retry_succeeds(engine):
    deploy(engine, "publish_portal.bpmn")  # retries=2: two attempts, then an incident
    with portal_server(failures=2) as portal:
        engine.settings.portal_url = portal.url
        inst = engine.runtime.start("publish_portal", SUPERVISOR, variables=NEWS)
        assert run_jobs(engine) == 0
        [job] = engine.management.jobs(SUPERVISOR, instance=inst.id)[0]
        assert job.status == "waiting" and job.attempts == 1 and "503" in job.last_error
        assert run_jobs(engine, 10) == 0 and len(portal.received) == 1  # backoff: 30 s before attempt 2
        run_jobs(engine, 21)
        assert len(portal.received) == 2
        [incident] = engine.management.incidents(SUPERVISOR)[0]
        assert (incident.instance_id, incident.element_id) == (inst.id, "publish")
        assert "503" in incident.message
        assert engine.management.jobs(SUPERVISOR, status="failed")[1] == 1
        assert event_types(engine, inst.id, SUPERVISOR)[-1] == "incident"
        assert run_jobs(engine, 3600) == 0 and len(portal.received) == 2  # failed work waits for a person

        with pytest.raises(Forbidden):
            engine.management.retry(incident.id, OFFICER_TTTT)
        with pytest.raises(NotFound):
            engine.management.retry(424242, SUPERVISOR)
        with pytest.raises(ValidationFailed):
            engine.management.retry(incident.id, SUPERVISOR, attempts=0)
        resolved = engine.management.retry(incident.id, SUPERVISOR, attempts=1)
        assert resolved.status == "resolved" and resolved.resolved_by == "supervisor"
        with pytest.raises(IllegalState):
            engine.management.retry(incident.id, SUPERVISOR)  # already resolved: nothing changes
        assert run_jobs(engine) == 1
    assert engine.runtime.get(inst.id).active_elements == ["check"]
    assert engine.management.incidents(SUPERVISOR)[1] == 0
    assert engine.management.incidents(SUPERVISOR, status="resolved")[1] == 1


def test_process_start_connector_starts_another_process(engine):
    deploy(engine, "one_task.bpmn", "start_child.bpmn")
    inst = engine.runtime.start("start_child", SUPERVISOR, variables={"reporter": "Lan"})
    assert run_jobs(engine) == 1
    started = engine.runtime.get(inst.id).variables["started_instance_id"]
    child = engine.runtime.get(started)
    assert child.definition_key == "one_task" and child.variables["journalist"] == "Lan"
    assert child.started_by == "system"


def test_missing_portal_configuration_is_an_incident_not_a_crash(engine):
    deploy(engine, "publish_portal.bpmn")
    inst = engine.runtime.start("publish_portal", SUPERVISOR, variables=NEWS)
    run_jobs(engine)
    run_jobs(engine, 31)
    [incident] = engine.management.incidents(SUPERVISOR, instance=inst.id)[0]
    assert "PRESSDESK_PORTAL_URL" in incident.message


def test_terminating_the_instance_cancels_its_job(engine):
    deploy(engine, "publish_portal.bpmn")
    inst = engine.runtime.start("publish_portal", SUPERVISOR, variables=NEWS)
    engine.runtime.terminate(inst.id, SUPERVISOR)
    assert run_jobs(engine) == 0


@pytest.mark.parametrize("change,words", [
    ('camunda:topic="portal.publish"', "needs camunda:type"),
    ('camunda:topic="portal.publish" camunda:class="x.Y"', "camunda:class cannot run"),
])
def test_service_tasks_without_a_connector_are_refused(engine, change, words):
    xml = model("publish_portal.bpmn").content.decode().replace(
        'camunda:type="external" camunda:topic="portal.publish"', change)
    with pytest.raises(ModelInvalid, match=words):
        engine.repository.deploy([ModelFile("publish_portal.bpmn", xml)], ANALYST)


def test_unknown_topic_is_refused(engine):
    xml = model("publish_portal.bpmn").content.decode().replace("portal.publish", "fax.send")
    with pytest.raises(ModelInvalid, match="topic 'fax.send' has no connector"):
        engine.repository.deploy([ModelFile("publish_portal.bpmn", xml)], ANALYST)
