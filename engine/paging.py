"""Page and sort arguments shared by every list the engine serves."""
from __future__ import annotations

from .errors import ValidationFailed

MAX_PER_PAGE = 500
ORDERS = ("asc", "desc")


def check_page(page: int, per_page: int, order: str | None = None) -> int:
    """Validate paging arguments; returns the offset of the page."""
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValidationFailed(f"page must be >= 1 and per_page between 1 and {MAX_PER_PAGE}")
    if order is not None and order not in ORDERS:
        raise ValidationFailed("order must be asc or desc")
    return (page - 1) * per_page
