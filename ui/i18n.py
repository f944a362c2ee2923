"""Words on screen in the session language: ``t("page.home.title")`` and friends.

UI strings live in ``framework/data/i18n/<lang>/*.yaml`` (flat dotted keys); content texts are
``LocalizedText`` in the content files. Nothing here holds a sentence: these helpers only pick
the session language (``ui.state.language()``) and format what the data holds.

- ``t(key, **params)``: a UI string with ``{name}`` placeholders filled.
- ``text(localized)``: a content text (title, guidance ...) in the session language.
- ``pillar / dimension / obligation / kind``: enum labels from the shared ``common.yaml`` keys.
- ``rating_label / rating_description / band_label``: labels from the scoring method data.
- ``legal_ref(ref)``: ``SOM-6(1)(a)`` -> ``SOM art. 6(1)(a)``.
- ``error_text(exc)``: the message of an error that carries an i18n ``key`` and ``params``.
- ``percent(share) / score(value)``: numbers as shown in the app (a dash when missing).
"""

from __future__ import annotations

import math

from framework.i18n import translate
from framework.ids import format_legal_ref
from framework.loader import load_content
from framework.models import LocalizedText, RatingLevel
from ui import state


def lang() -> str:
    return state.language()


class _Params(dict[str, object]):
    """Format parameters that leave an unknown placeholder visible instead of failing."""

    def __missing__(self, name: str) -> str:
        return "{" + name + "}"


def t(key: str, **params: object) -> str:
    """The UI string ``key`` in the session language, placeholders filled from ``params``."""
    template = translate(key, state.language())
    try:
        return template.format_map(_Params(params)) if params else template
    except (ValueError, IndexError, AttributeError):  # a malformed template: show it as it is
        return template


def text(localized: LocalizedText | None) -> str:
    return localized.get(state.language()) if localized is not None else ""


def pillar(value: object) -> str:
    return t(f"pillar.{_value(value)}") if value else ""


def dimension(value: object) -> str:
    return t(f"dimension.{_value(value)}") if value else ""


def obligation(value: object) -> str:
    return t(f"obligation.{_value(value)}") if value else ""


def kind(value: object) -> str:
    return t(f"kind.{_value(value)}") if value else ""


def rating_label(rating: object) -> str:
    level = _rating_level(rating)
    return text(level.label) if level else t("rating.unanswered")


def rating_description(rating: object) -> str:
    level = _rating_level(rating)
    return text(level.description) if level else ""


def band_label(band_id: object) -> str:
    band = next((b for b in load_content().method.bands if b.id == band_id), None)
    return text(band.label) if band else t("ui.none")


def legal_ref(ref: str) -> str:
    return format_legal_ref(ref)


def error_text(exc: BaseException) -> str:
    """The user-facing message of an engine error: its i18n ``key`` + ``params`` when it has
    them, a generic message otherwise (never the exception's own English text)."""
    key = getattr(exc, "key", None)
    params = getattr(exc, "params", None) or {}
    if isinstance(key, str) and key:
        return t(key, **{str(k): v for k, v in dict(params).items()})
    return t("ui.error.generic")


def percent(share: float | None) -> str:
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return t("ui.none")
    return t("ui.percent", value=f"{100 * share:.0f}")


def score(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("ui.none")
    return f"{value:.0f}"


def _value(item: object) -> str:
    return str(getattr(item, "value", item))


def _rating_level(rating: object) -> RatingLevel | None:
    wanted = _value(rating) if rating else None
    return next((r for r in load_content().method.ratings if r.id.value == wanted), None)
