"""Country names in English and Chinese, from pycountry, plus fictional demo countries."""

from __future__ import annotations

from assessment.countries import country, country_name, country_options, is_fictional


def test_iso_country_names_in_both_languages() -> None:
    assert country_name("CHN", "en") == "China"
    assert country_name("CHN", "zh") == "中国"
    assert country_name("MEX", "zh") == "墨西哥"


def test_common_name_used_in_english() -> None:
    assert country_name("BOL", "en") == "Bolivia"


def test_fictional_countries_are_marked() -> None:
    veloria = country("XVL")
    assert veloria is not None and veloria.fictional
    assert "fictional" in country_name("XVL", "en")
    assert is_fictional("XVL") and not is_fictional("CHN")


def test_unknown_code_falls_back_to_the_code() -> None:
    assert country("ZZZ") is None
    assert country_name("ZZZ", "zh") == "ZZZ"


def test_options_list_every_iso_country_once_with_fictional_first() -> None:
    options = country_options("zh")
    codes = [c.code for c in options]
    assert len(codes) == len(set(codes)) >= 249
    assert options[0].fictional
    assert all(c.name("zh") for c in options)
    real = [c for c in options if not c.fictional]
    assert sum(c.name("zh") != c.name("en") for c in real) > 240  # translated, not English
    assert not any(c.fictional for c in country_options("en", include_fictional=False))
