"""Field helpers shared by the schemas."""
from __future__ import annotations

import marshmallow as ma

from engine.clock import LOCAL_TZ


def moment(**kwargs) -> ma.fields.String:
    """A date-time the engine already gives as ISO 8601 text with its offset."""
    return ma.fields.String(metadata={"format": "date-time"}, **kwargs)


def moment_arg(**kwargs) -> ma.fields.AwareDateTime:
    """A date-time argument; without an offset it is read as Hanoi time."""
    return ma.fields.AwareDateTime(format="iso", default_timezone=LOCAL_TZ, **kwargs)


def variables(**kwargs) -> ma.fields.Dict:
    return ma.fields.Dict(keys=ma.fields.String(), metadata={"description": "process variables"}, **kwargs)


class StrictSchema(ma.Schema):
    """Request bodies refuse unknown fields, so a typo is reported rather than ignored."""

    class Meta:
        unknown = ma.RAISE
