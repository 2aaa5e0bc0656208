"""The definition-level timers (timer start events) of a procedure, as rows."""
from __future__ import annotations

from sqlalchemy import select

from engine.db.models import ProcessDefinition, Timer


def start_timers(engine, key: str) -> list[Timer]:
    with engine.reader() as uow:
        q = (select(Timer).join(ProcessDefinition, ProcessDefinition.id == Timer.definition_id)
             .where(Timer.handler == "start", ProcessDefinition.key == key).order_by(Timer.id))
        rows = list(uow.session.execute(q).scalars())
        uow.session.expunge_all()  # keep the loaded values once the session closes
        return rows
