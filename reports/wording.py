"""Localized words and number formats for reports and charts, bound to one language.

Every sentence comes from ``framework/data/i18n/<lang>/*.yaml`` (keys ``report.*`` and
``chart.*``, plus the shared ``pillar.*``, ``dimension.*`` and ``obligation.*``) or from the
content data (titles, rating and band labels in ``method.yaml``). No sentence lives here.
"""

from __future__ import annotations

import functools
from datetime import date

import pandas as pd

from assessment.countries import country_name
from framework.loader import ContentBundle
from framework.models import DEFAULT_LANGUAGE, Band, LocalizedText

PERCENT_DECIMALS = 0
SCORE_DECIMALS = 1


def is_missing(value: object) -> bool:
    """True for None, NaN and pandas' NA: a group with no score, an empty cell."""
    if value is None:
        return True
    if isinstance(value, (list, tuple, dict, set, str)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


class Words:
    """The UI strings of one language, as ``framework.i18n.translate`` reads them.

    Bound to a bundle rather than to the process-wide ``load_content()`` so that a report can be
    built from any validated content (tests build small instruments); the fallback rules are
    translate()'s: the language, then English, then the key itself.
    """

    def __init__(self, bundle: ContentBundle, lang: str) -> None:
        self.bundle = bundle
        self.lang = lang
        self._strings = bundle.strings.get(lang, {})
        self._default = bundle.strings.get(DEFAULT_LANGUAGE, {})

    def __call__(self, key: str, **params: object) -> str:
        text = self._strings.get(key) or self._default.get(key) or key
        return text.format(**params) if params else text

    def text(self, localized: LocalizedText | None) -> str:
        return localized.get(self.lang) if localized is not None else ""

    def pillar(self, pillar: str | None) -> str:
        return self(f"pillar.{pillar}") if pillar else ""

    def dimension(self, dimension: str | None) -> str:
        return self(f"dimension.{dimension}") if dimension else ""

    def obligation(self, obligation: str | None) -> str:
        return self(f"obligation.{obligation}") if obligation else ""

    def rating(self, rating: str | None) -> str:
        if is_missing(rating) or not rating:
            return self("report.rating.unanswered")
        level = next((r for r in self.bundle.method.ratings if r.id.value == rating), None)
        return self.text(level.label) if level else str(rating)

    def band(self, band_id: str | None) -> str:
        band = self.band_of(band_id)
        return self.text(band.label) if band else self("report.band.none")

    def band_of(self, band_id: str | None) -> Band | None:
        if is_missing(band_id) or not band_id:
            return None
        return next((b for b in self.bundle.method.bands if b.id == band_id), None)

    def score(self, value: float | None) -> str:
        """A score as the report prints it (one decimal), a dash when there is none."""
        if is_missing(value):
            return self("report.score.none")
        return self("report.number.score", value=f"{float(value):.{SCORE_DECIMALS}f}")  # type: ignore[arg-type]

    def points(self, value: float | None) -> str:
        if is_missing(value):
            return self("report.score.none")
        return f"{float(value):.2f}".rstrip("0").rstrip(".")  # type: ignore[arg-type]

    def percent(self, share: float | None) -> str:
        if is_missing(share):
            return self("report.score.none")
        value = f"{100 * float(share):.{PERCENT_DECIMALS}f}"  # type: ignore[arg-type]
        return self("report.number.percent", value=value)

    def date(self, day: date | None) -> str:
        if day is None:
            return self("report.score.none")
        month = self(f"report.month.{day.month}")
        return self("report.date", day=day.day, month=month, year=day.year)

    def join(self, items: list[str]) -> str:
        """Items joined with the language's list separator (``report.list.pair``)."""
        kept = [i for i in items if i]
        if not kept:
            return ""
        return functools.reduce(
            lambda left, right: self("report.list.pair", left=left, right=right), kept
        )

    def country(self, code: str) -> str:
        """The country's name in this language (ISO 3166 via pycountry, or a fictional one)."""
        return country_name(code, self.lang)
