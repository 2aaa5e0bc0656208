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


class PlainSchema(ma.Schema):
    """A response schema for engine views whose attributes are already JSON values (text, numbers,
    lists, dicts, None): dumping only picks the declared fields. marshmallow's field-by-field
    serialization was most of the cost of a 50-task page; what is published stays checked by the
    schemathesis test."""

    def dump(self, obj, *, many: bool | None = None):
        many = self.many if many is None else bool(many)
        names = [(f.data_key or name, f.attribute or name) for name, f in self.dump_fields.items()]

        def one(item):
            if isinstance(item, dict):
                return {key: item.get(attr) for key, attr in names}
            return {key: getattr(item, attr, None) for key, attr in names}

        return [one(item) for item in obj] if many else one(obj)
