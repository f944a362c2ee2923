"""The export dialog: what the files hold (so nobody wonders whether anything is missing), the
language of the files, and one download button per format of ``reports.exporters.EXPORTERS``.

Files are built on click (``st.download_button`` with a callable: the button spins while the
file is built on a server thread) from what the store holds at that moment, and cached per
assessment version. File names say country, round, date and language.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import streamlit as st

from assessment.models import Assessment
from reports.exporters import CSV_TABLES, EXPORTERS
from ui import cache, cache_results
from ui.i18n import lang, t

LOG = logging.getLogger("gapassess.ui.export")
LANG_KEY = "reports:lang"
TABLE_KEY = "reports:csv_table"
REPORT_FORMATS = ("pdf", "docx")
"""Formats that are the written report; every other exporter is offered as data."""


@dataclass(frozen=True)
class Counts:
    """What the exports of one assessment hold."""

    questions: int
    answers: int
    rated: int
    info: int
    evidence: int
    sources: int
    comments: int
    justifications: int
    actions: int


def counts(of: Assessment) -> Counts:
    index = cache.results(of).instrument.question_index()
    answers = [a for qid, a in of.answers.items() if qid in index]
    return Counts(
        questions=len(index),
        answers=len(answers),
        rated=sum(a.rating is not None for a in answers),
        info=sum(a.value is not None for a in answers),
        evidence=sum(bool(a.evidence.strip()) for a in answers),
        sources=sum(bool(a.sources.strip()) for a in answers),
        comments=sum(bool(a.comment.strip()) for a in answers),
        justifications=sum(bool(a.justification.strip()) for a in answers),
        actions=len(of.actions),
    )


def file_name(of: Assessment, fmt: str, lang_code: str, today: date, table: str = "") -> str:
    """``XVL_baseline-2026_2026-11-29_en.pdf``: country, round, date, language (ASCII only)."""
    round_slug = re.sub(r"[^a-z0-9]+", "-", of.round_label.lower()).strip("-") or "round"
    parts = [of.country, round_slug, *([table] if table else []), today.isoformat(), lang_code]
    return "_".join(parts) + EXPORTERS[fmt].suffix


def builder(assessment_id: str, fmt: str, lang_code: str, table: str, failed: str) -> Callable:
    """The callable a download button runs on click (on a server thread, no session): reads the
    assessment as stored now and returns the file; a failure shows ``failed`` on the button.
    The store is bound to the session's user here, while the session is known."""
    store = cache.store()

    def build() -> bytes:
        try:
            current = store.get(assessment_id)
            return cache_results.export_file(current, fmt, lang_code, table)
        except Exception:
            LOG.exception("export %s of %s failed", fmt, assessment_id)
            raise RuntimeError(failed) from None

    return build


def contents(of: Assessment) -> None:
    held = counts(of)
    st.subheader(t("reports_page.contents"))
    figures = (
        (t("reports_page.count.answers", total=held.questions), str(held.answers)),
        (t("reports_page.count.evidence"), str(held.evidence)),
        (t("reports_page.count.sources"), str(held.sources)),
        (t("reports_page.count.comments"), str(held.comments)),
        (t("reports_page.count.justifications"), str(held.justifications)),
        (t("reports_page.count.actions"), str(held.actions)),
    )
    for column, (label, value) in zip(st.columns(len(figures)), figures, strict=True):
        column.metric(label, value)
    st.caption(t("reports_page.contents_note", rated=held.rated, info=held.info))


def _button(of: Assessment, fmt: str, lang_code: str, table: str = "") -> None:
    exporter = EXPORTERS[fmt]
    st.download_button(
        t(f"reports_page.format.{fmt}"),
        data=builder(of.id, fmt, lang_code, table or "answers", t("reports_page.failed")),
        file_name=file_name(of, fmt, lang_code, date.today(), table),
        mime=exporter.mime,
        key=f"reports:download:{fmt}",
        on_click="ignore",
        icon=":material/download:",
        type="primary" if fmt == "pdf" else "secondary",
        width="stretch",
    )
    st.caption(t(f"reports_page.format_help.{fmt}"))


def downloads(of: Assessment) -> None:
    codes = cache.content().language_codes
    names = {language.code: language.native_name for language in cache.content().languages}
    chosen = st.segmented_control(
        t("reports_page.language"),
        codes,
        format_func=names.__getitem__,
        key=LANG_KEY,
        default=lang(),
    )
    lang_code = chosen or lang()
    st.subheader(t("reports_page.report"))
    report_formats = [f for f in EXPORTERS if f in REPORT_FORMATS]
    for column, fmt in zip(st.columns(len(report_formats)), report_formats, strict=True):
        with column:
            _button(of, fmt, lang_code)
    st.subheader(t("reports_page.data"))
    data_formats = [f for f in EXPORTERS if f not in REPORT_FORMATS]
    columns = st.columns(len(data_formats))
    table = "answers"
    if "csv" in data_formats:
        with columns[data_formats.index("csv")]:
            table = (
                st.selectbox(
                    t("reports_page.csv_table"),
                    list(CSV_TABLES),
                    format_func={n: t(f"reports_page.table.{n}") for n in CSV_TABLES}.__getitem__,
                    key=TABLE_KEY,
                )
                or "answers"
            )
    columns = st.columns(len(data_formats))
    for column, fmt in zip(columns, data_formats, strict=True):
        with column:
            _button(of, fmt, lang_code, table if fmt == "csv" else "")
    st.caption(t("reports_page.built_on_click"))
