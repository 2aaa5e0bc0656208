"""Request bodies are bounded before anything parses them: larger than PRESSDESK_MAX_REQUEST_BYTES is a
413 (Flask counts the bytes as they are read, chunked bodies included), and JSON nested deeper than
PRESSDESK_MAX_JSON_DEPTH is a 400 (Python's parser would otherwise recurse until it fails)."""
from __future__ import annotations

import re

from flask import Flask, request
from werkzeug.exceptions import BadRequest

_STRINGS_AND_SCALARS = re.compile(rb'"(?:[^"\\]|\\.)*"|[^\[\]{}]+')


def json_too_deep(raw: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects more than `limit` deep (malformed text is left to the
    parser). Runs at C speed: strings and scalars are removed, then innermost pairs are peeled off round
    by round; a run of more than `limit` openers is too deep at once."""
    brackets = _STRINGS_AND_SCALARS.sub(b"", raw)
    run = re.compile(rb"[\[{]{%d}" % (limit + 1))
    for _ in range(limit):
        if run.search(brackets):
            return True
        peeled = brackets.replace(b"[]", b"").replace(b"{}", b"")
        if peeled == brackets:
            return False  # nothing left, or malformed: the parser answers
        brackets = peeled
    return bool(brackets)


def register(app: Flask, max_depth: int) -> None:
    @app.before_request
    def bounded_json():
        if request.mimetype != "application/json" and not request.mimetype.endswith("+json"):
            return None
        raw = request.get_data(cache=True)  # 413 beyond MAX_CONTENT_LENGTH, before any parsing
        if raw and json_too_deep(raw, max_depth):
            raise BadRequest(f"the JSON body is nested deeper than {max_depth} levels")
        return None
