"""UI strings by dotted key, in the session language, from ``data/i18n/<lang>.yaml``."""

from __future__ import annotations

from framework.loader import load_content
from framework.models import DEFAULT_LANGUAGE


def translate(key: str, lang: str, **params: object) -> str:
    """The string for ``key`` in ``lang`` (English if missing there), with ``{name}`` filled in.

    A missing key returns the key itself, so a gap shows up on screen instead of crashing a page;
    the content check forbids missing keys in shipped data.
    """
    strings = load_content().strings
    text = strings.get(lang, {}).get(key) or strings.get(DEFAULT_LANGUAGE, {}).get(key) or key
    return text.format(**params) if params else text
