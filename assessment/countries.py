"""Country names in every app language: ISO 3166-1 from pycountry, plus fictional demo countries.

Real countries come from ``pycountry`` (the maintained ISO 3166-1 list) and their names in
other languages from pycountry's own gettext catalogues (``iso3166-1`` domain), so no country
name is typed by us. Fictional demo countries (user-assigned codes ``XAA``-``XZZ``) and the
app-language -> gettext-locale map live in ``assessment/data/countries.yaml``: adding a
language is a data change.
"""

from __future__ import annotations

import functools
import gettext
from dataclasses import dataclass
from pathlib import Path

import pycountry

from framework.loader import parse_yaml

DATA_FILE = Path(__file__).parent / "data" / "countries.yaml"
DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class Country:
    """A country the app can assess: ISO alpha-3 code (or ``X..`` fictional) and its names."""

    code: str
    names: dict[str, str]
    fictional: bool = False

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names[DEFAULT_LANGUAGE]


@functools.cache
def _data() -> dict:
    return parse_yaml(DATA_FILE.read_text(encoding="utf-8"))


@functools.cache
def _translation(lang: str) -> gettext.NullTranslations:
    """pycountry's catalogue for ``lang``; untranslated (English) when it has none."""
    locale = _data().get("gettext_locales", {}).get(lang, lang)
    return gettext.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[locale], fallback=True
    )


def _iso_name(record: object, lang: str) -> str:
    """Common name in English ("Bolivia"), the catalogue's translation of the ISO name otherwise."""
    if lang == DEFAULT_LANGUAGE:
        return getattr(record, "common_name", None) or record.name  # type: ignore[attr-defined]
    return _translation(lang).gettext(record.name)  # type: ignore[attr-defined]


@functools.cache
def fictional_countries() -> tuple[Country, ...]:
    """The fictional demo countries of ``countries.yaml``."""
    return tuple(
        Country(code=item["code"], names=dict(item["name"]), fictional=True)
        for item in _data().get("fictional", [])
    )


def is_fictional(code: str) -> bool:
    return any(c.code == code for c in fictional_countries())


@functools.cache
def country(code: str) -> Country | None:
    """The country with alpha-3 ``code`` (real or fictional), or None."""
    found = next((c for c in fictional_countries() if c.code == code), None)
    if found is not None:
        return found
    record = pycountry.countries.get(alpha_3=code.upper())
    if record is None:
        return None
    languages = [DEFAULT_LANGUAGE, *_data().get("gettext_locales", {})]
    return Country(code=record.alpha_3, names={lang: _iso_name(record, lang) for lang in languages})


def country_name(code: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Display name of ``code`` in ``lang``; the code itself when it is not a known country."""
    found = country(code)
    return found.name(lang) if found else code


@functools.cache
def country_options(lang: str = DEFAULT_LANGUAGE, include_fictional: bool = True) -> list[Country]:
    """Every country for a picker: fictional ones first, then ISO countries.

    ISO countries are sorted by English name in every language: a stable order the app can
    rely on (a pinyin sort for Chinese would need another dependency); pickers filter by
    typing anyway.
    """
    real = [country(r.alpha_3) for r in pycountry.countries]
    ordered = sorted((c for c in real if c is not None), key=lambda c: c.name("en").casefold())
    return [*(fictional_countries() if include_fictional else ()), *ordered]
