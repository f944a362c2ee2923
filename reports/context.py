"""Engine results + a language -> ``ReportContext``: everything the report says, as plain data.

This is the only place report wording is chosen. Sentences come from the i18n files
(``report.*``, ``chart.*`` and the shared pillar/dimension/obligation labels) and the content
(titles, method text, resource catalogue); numbers come from ``Results`` and are only
formatted here. ``pdf.py``, ``docx.py``, ``tables.py`` and the chart modules lay it out.
"""

from __future__ import annotations

from dataclasses import replace
from string import ascii_uppercase

from assessment.results import Results
from framework.loader import ContentBundle
from reports.chart_data import chart_data, chart_title
from reports.context_annex import (
    context_chapter,
    evidence_chapter,
    not_applicable_chapter,
    provenance_chapter,
)
from reports.context_detail import (
    actions_chapter,
    gaps_chapter,
    info_gaps_chapter,
    resources_chapter,
    scores_chapter,
)
from reports.context_method import method_chapter
from reports.context_summary import summary_chapter
from reports.document import Chapter, Cover, ReportContext
from reports.facts import Facts
from reports.wording import Words


def _cover(facts: Facts, country: str) -> Cover:
    w, assessment = facts.words, facts.results.assessment
    instrument = facts.results.instrument
    lines = (
        (w("report.cover.country"), country),
        (w("report.cover.title"), assessment.title or w("report.score.none")),
        (
            w("report.cover.instrument"),
            f"{w.text(instrument.title)} ({instrument.id} {instrument.version})",
        ),
        (w("report.cover.round"), assessment.round_label or w("report.score.none")),
        (w("report.cover.date"), w.date(assessment.updated_at.date())),
        (w("report.cover.assessors"), w.join(list(assessment.assessors)) or w("report.score.none")),
        (w("report.cover.status"), w(f"report.status.{assessment.status.value}")),
        (w("report.cover.method"), facts.bundle.method.version),
    )
    return Cover(
        title=w("report.title"),
        subtitle=w.text(instrument.title),
        country=country,
        fictional_mark=w("report.fictional.mark") if assessment.fictional else "",
        fictional_note=w("report.fictional.note") if assessment.fictional else "",
        lines=lines,
    )


def _numbered(words: Words, body: list[Chapter], annexes: list[Chapter]) -> tuple[Chapter, ...]:
    numbered = [
        replace(c, title=words("report.chapter.number", number=i, title=c.title))
        for i, c in enumerate(body, start=1)
    ]
    numbered += [
        replace(c, title=words("report.annex.number", letter=letter, title=c.title))
        for letter, c in zip(ascii_uppercase, annexes, strict=False)
    ]
    return tuple(numbered)


def _footer(facts: Facts, country: str) -> str:
    """Every page's footer: instrument, id and version, country, and the fictional mark."""
    words, instrument = facts.words, facts.results.instrument
    footer = words(
        "report.footer",
        country=country,
        instrument=words.text(instrument.short_title),
        id=instrument.id,
        version=instrument.version,
    )
    if not facts.results.assessment.fictional:
        return footer
    return words("report.footer.fictional", mark=words("report.fictional.mark"), footer=footer)


def build_context(bundle: ContentBundle, results: Results, lang: str) -> ReportContext:
    """The whole report for ``results`` in ``lang`` (a code of ``bundle.languages``)."""
    words = Words(bundle, lang)
    facts = Facts(bundle, results, words)
    assessment, instrument = results.assessment, results.instrument
    country = words.country(assessment.country)
    body = [
        summary_chapter(facts),
        method_chapter(bundle.method, words),
        scores_chapter(facts),
        gaps_chapter(facts),
        info_gaps_chapter(facts),
        resources_chapter(facts),
        actions_chapter(facts),
        context_chapter(facts),
    ]
    annexes = [not_applicable_chapter(facts), evidence_chapter(facts), provenance_chapter(facts)]
    return ReportContext(
        lang=lang,
        title=words("report.title"),
        cover=_cover(facts, country),
        toc_title=words("report.toc.title"),
        toc_hint=words("report.toc.hint"),
        footer=_footer(facts, country),
        page_label=words("report.page", page="{page}", total="{total}"),
        chapters=_numbered(words, body, annexes),
        charts=chart_data(bundle, facts, chart_title(words, assessment)),
        created=assessment.updated_at,
        metadata={
            "title": f"{words('report.title')}: {country}",
            "subject": words.text(instrument.title),
            "keywords": f"{instrument.id} {instrument.version}",
        },
    )
