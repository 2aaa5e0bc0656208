"""Paging and sorting arguments of every list, and the X-Pagination header with the total."""
from __future__ import annotations

import json
from typing import Any

import marshmallow as ma

from engine.paging import MAX_PER_PAGE


class PageArgsSchema(ma.Schema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=1_000_000))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=MAX_PER_PAGE))
    order = ma.fields.String(validate=ma.validate.OneOf(["asc", "desc"]),
                             metadata={"description": "reverse or keep the sort key's natural order"})


def page_headers(page: int, per_page: int, total: int) -> dict[str, str]:
    pages = max(1, -(-total // per_page))
    meta: dict[str, Any] = {"total": total, "total_pages": pages, "page": page, "per_page": per_page,
                            "first_page": 1, "last_page": pages}
    if page > 1:
        meta["previous_page"] = min(page - 1, pages)
    if page < pages:
        meta["next_page"] = page + 1
    return {"X-Pagination": json.dumps(meta)}


def paged(items: list, total: int, args: dict[str, Any]):
    """A view's return value for one page: the items, 200 and the X-Pagination header."""
    return items, 200, page_headers(args["page"], args["per_page"], total)


# For @blp.response(..., headers=PAGINATED): documents the header in the OpenAPI document.
PAGINATED = {"X-Pagination": {"description": "JSON: total, total_pages, page, per_page, first_page, "
                                             "last_page, previous_page, next_page",
                              "schema": {"type": "string"}}}
