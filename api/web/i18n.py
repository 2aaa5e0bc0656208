"""The web pages' message catalogue: Vietnamese first, English second, chosen by the `pd_lang` cookie."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import request

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"
LANG_COOKIE = "pd_lang"


@cache
def catalogue(lang: str) -> dict[str, str]:
    return json.loads((Path(__file__).parent / "messages" / f"{lang}.json").read_text(encoding="utf-8"))


def current_lang() -> str:
    lang = request.cookies.get(LANG_COOKIE, DEFAULT_LANG)
    return lang if lang in LANGS else DEFAULT_LANG


def translate(key: str) -> str:
    # A missing key shows itself rather than failing the page: the catalogue test catches it.
    return catalogue(current_lang()).get(key, key)
