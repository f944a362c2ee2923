"""Reports page: what the files hold, one download per exporter, file names with country,
round, date and language; the files themselves are built on click by ``reports.exporters``."""

from __future__ import annotations

from datetime import date

import pytest
from results_apptest import (
    BASELINE,
    GUIDE,
    LANGS,
    demo_store,  # noqa: F401 - fixture
    open_page,
    words,
)

from reports.exporters import CSV_TABLES, EXPORTERS
from ui import cache
from ui.components import export_panel

pytestmark = pytest.mark.usefixtures("demo_store")


@pytest.mark.parametrize("lang", LANGS)
def test_every_format_has_a_download_button_and_the_counts_are_shown(lang: str) -> None:
    at = open_page("reports", lang)
    labels = [b.label for b in at.get("download_button")]
    assert labels == [words(f"reports_page.format.{fmt}", lang) for fmt in EXPORTERS]
    held = export_panel.counts(cache.store().get(BASELINE))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[words("reports_page.count.answers", lang, total=held.questions)] == str(
        held.answers
    )
    assert metrics[words("reports_page.count.evidence", lang)] == str(held.evidence)
    assert metrics[words("reports_page.count.comments", lang)] == str(held.comments)
    assert held.evidence > 0 and held.justifications > 0


def test_file_names_say_country_round_date_and_language() -> None:
    demo = cache.store().get(BASELINE)
    name = export_panel.file_name(demo, "pdf", "zh", date(2026, 11, 29))
    assert name == "XVL_baseline-2025_2026-11-29_zh.pdf"
    assert export_panel.file_name(demo, "csv", "en", date(2026, 11, 29), "scores").endswith(
        "_scores_2026-11-29_en.csv"
    )


def test_the_button_callables_build_the_files_on_click() -> None:
    pdf = export_panel.builder(BASELINE, "pdf", "en", "answers", "failed")()
    assert pdf.startswith(b"%PDF")
    scores = export_panel.builder(BASELINE, "csv", "zh", "scores", "failed")().decode("utf-8-sig")
    assert scores.splitlines()[0].startswith("group_kind,group_id")
    assert "起诉" in scores


def test_a_failed_build_says_so_in_the_users_language() -> None:
    build = export_panel.builder("no-such-assessment", "pdf", "en", "answers", "could not")
    with pytest.raises(RuntimeError, match="could not"):
        build()


def test_the_language_of_the_files_can_differ_from_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[tuple[str, str]] = []
    original = export_panel.builder

    def spy(assessment_id: str, fmt: str, lang_code: str, table: str, failed: str):
        asked.append((fmt, lang_code))
        return original(assessment_id, fmt, lang_code, table, failed)

    monkeypatch.setattr(export_panel, "builder", spy)
    at = open_page("reports", "en")
    assert {code for _, code in asked} == {"en"}
    asked.clear()
    at.segmented_control(key=export_panel.LANG_KEY).set_value("zh").run()
    assert not at.exception
    assert at.get("download_button")[0].label == words("reports_page.format.pdf", "en")
    assert sorted(asked) == sorted((fmt, "zh") for fmt in EXPORTERS)


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_demo_opens_too(lang: str) -> None:
    at = open_page("reports", lang, GUIDE)
    assert not at.error
    assert len(at.get("download_button")) == len(EXPORTERS)


def test_every_exporter_and_csv_table_has_its_words_in_every_language() -> None:
    keys = [f"reports_page.{kind}.{fmt}" for fmt in EXPORTERS for kind in ("format", "format_help")]
    keys += [f"reports_page.table.{table}" for table in CSV_TABLES]
    for lang, strings in cache.content().strings.items():
        assert [k for k in keys if k not in strings] == [], lang
