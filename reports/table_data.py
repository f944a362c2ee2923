"""The export tables (answers, scores, gaps, resources, action plan, method) as plain frames.

Column names are stable snake_case ids, the same in every language (the golden header lists in
``tests/reports/golden/`` pin them); cell values carry the localized labels and texts beside
the ids, so a spreadsheet is readable and still machine-joinable. Numbers are the engine's own
(never rounded or recomputed here); lists become ``; ``-joined ids.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from assessment import frames as F
from assessment.results import Results
from framework.ids import format_legal_ref
from framework.loader import ContentBundle
from reports.context_annex import info_value
from reports.facts import Facts, records
from reports.wording import Words, is_missing

LIST_SEPARATOR = "; "
TABLES = ("answers", "scores", "gaps", "resources", "actions")

ANSWER_COLUMNS = [
    "instrument_id", "question_id", "section_id", "area_id", "pillar", "dimension",
    "obligation", "kind", "weight", "question", "reconstructed", "rating", "rating_label",
    "value", "gap_points", "info_gap", "answer", "evidence", "sources", "agency",
    "agency_name", "comment", "justification",
]  # fmt: skip
SCORE_COLUMNS = [
    "group_kind", "group_id", "group", "score", "coverage", "band", "band_label",
    "band_capped", "provisional", "n_questions", "n_rated", "n_na", "n_unknown", "n_unanswered",
]  # fmt: skip
GAP_COLUMNS = [
    "rank", "question_id", "question", "section_id", "area_id", "pillar", "dimension",
    "obligation", "weight", "rating", "rating_label", "value", "gap_points", "legal_basis",
    "resources", "agency", "agency_name",
]  # fmt: skip
RESOURCE_COLUMNS = [
    "rank", "resource_id", "part_id", "title", "year", "publisher", "url", "relevance",
    "question_ids",
]  # fmt: skip
ACTION_COLUMNS = [
    "rank", "question_id", "question", "pillar", "obligation", "rating", "gap_points",
    "resources", "agency", "agency_name", "priority", "target_date", "status", "note",
    "saved", "is_gap",
]  # fmt: skip
METHOD_COLUMNS = ["section", "item", "value", "description"]
COLUMNS = {
    "answers": ANSWER_COLUMNS,
    "scores": SCORE_COLUMNS,
    "gaps": GAP_COLUMNS,
    "resources": RESOURCE_COLUMNS,
    "actions": ACTION_COLUMNS,
    "method": METHOD_COLUMNS,
}


def _none(value: Any) -> Any:
    return None if not isinstance(value, list) and is_missing(value) else value


def _joined(items: Any) -> str:
    return LIST_SEPARATOR.join(str(i) for i in items) if isinstance(items, list) else ""


def answers(facts: Facts) -> pd.DataFrame:
    w = facts.words
    rows = []
    for r in records(facts.results.questions):
        qid = str(r[F.QUESTION_ID])
        rating = _none(r[F.RATING])
        rows.append(
            {
                **{c: r[c] for c in ANSWER_COLUMNS[:9]},
                "question": facts.question_text(qid),
                "reconstructed": not facts.question(qid).provenance.verified,
                "rating": rating,
                "rating_label": w.rating(rating) if r[F.KIND] == "rated" else "",
                "value": r[F.VALUE],
                "gap_points": r[F.GAP_POINTS],
                "info_gap": r[F.INFO_GAP],
                "answer": info_value(facts, qid, r[F.INFO_VALUE]),
                **{c: r[c] or "" for c in (F.EVIDENCE, F.SOURCES, F.COMMENT, F.JUSTIFICATION)},
                "agency": _none(r[F.AGENCY]),
                "agency_name": facts.agency(r[F.AGENCY]),
            }
        )
    return pd.DataFrame(rows, columns=ANSWER_COLUMNS)


def scores(facts: Facts) -> pd.DataFrame:
    frame = facts.results.scores
    labels = [
        facts.group_label(str(k), str(g))
        for k, g in zip(frame[F.GROUP_KIND], frame[F.GROUP_ID], strict=True)
    ]
    return frame.assign(
        group=labels,
        band_label=[facts.words.band(b) if _none(b) else "" for b in frame[F.BAND]],
        band=frame[F.BAND].astype(object).where(frame[F.BAND].notna(), None),
    ).reindex(columns=SCORE_COLUMNS)


def gaps(facts: Facts) -> pd.DataFrame:
    frame = facts.results.gaps
    qids = [str(q) for q in frame[F.QUESTION_ID]]
    refs = [facts.question(q).legal_basis for q in qids]
    return frame.assign(
        question=[facts.question_text(q) for q in qids],
        rating_label=[facts.words.rating(r) for r in frame[F.RATING]],
        legal_basis=[LIST_SEPARATOR.join(format_legal_ref(x) for x in r) for r in refs],
        resources=[_joined(r) for r in frame[F.RESOURCES]],
        agency_name=[facts.agency(a) for a in frame[F.AGENCY]],
    ).reindex(columns=GAP_COLUMNS)


def resources(facts: Facts) -> pd.DataFrame:
    frame = facts.results.resources
    found = [facts.resource(str(r)) for r in frame[F.RESOURCE_ID]]
    titles = [
        facts.resource_title(str(r) if is_missing(p) else f"{r}/{p}")
        for r, p in zip(frame[F.RESOURCE_ID], frame[F.PART_ID], strict=True)
    ]
    return frame.assign(
        part_id=[_none(p) for p in frame[F.PART_ID]],
        title=titles,
        year=pd.array([r.year if r else None for r in found], dtype="Int64"),
        publisher=[r.publisher if r else "" for r in found],
        url=[(r.url or "") if r else "" for r in found],
        question_ids=[_joined(q) for q in frame[F.QUESTION_IDS]],
    ).reindex(columns=RESOURCE_COLUMNS)


def actions(facts: Facts) -> pd.DataFrame:
    frame = facts.results.action_plan
    qids = [str(q) for q in frame[F.QUESTION_ID]]
    return frame.assign(
        question=[facts.question_text(q) for q in qids],
        resources=[_joined(r) for r in frame[F.RESOURCES]],
        agency_name=[facts.agency(a) for a in frame[F.AGENCY]],
        target_date=[None if is_missing(d) else str(d) for d in frame[F.TARGET_DATE]],
        note=frame[F.NOTE].fillna(""),
    ).reindex(columns=ACTION_COLUMNS)


def method(bundle: ContentBundle, words: Words) -> pd.DataFrame:
    """The method as rows: version, threshold and cap, each text, ratings, weights, bands."""
    m = bundle.method
    rows: list[dict[str, Any]] = [
        {"section": "method", "item": "version", "value": m.version, "description": ""},
        {"section": "method", "item": "provisional_below_coverage",
         "value": m.provisional_below_coverage, "description": ""},
        {"section": "method", "item": "flag_band_cap", "value": m.flag_band_cap,
         "description": words.band(m.flag_band_cap)},
    ]  # fmt: skip
    rows += [
        {"section": "text", "item": key, "value": None, "description": words.text(text)}
        for key, text in m.text.items()
    ]
    rows += [
        {"section": "rating", "item": r.id.value, "value": r.value,
         "description": f"{words.text(r.label)}: {words.text(r.description)}"}
        for r in m.ratings
    ]  # fmt: skip
    rows += [
        {"section": "weight", "item": o.value, "value": wt, "description": words.obligation(o)}
        for o, wt in m.weights.items()
    ]
    rows += [
        {"section": "band", "item": b.id, "value": b.minimum, "description": words.text(b.label)}
        for b in m.bands
    ]
    return pd.DataFrame(rows, columns=METHOD_COLUMNS)


def table_frames(bundle: ContentBundle, results: Results, lang: str) -> dict[str, pd.DataFrame]:
    """Every export table in ``lang``, method first (the XLSX sheet order)."""
    words = Words(bundle, lang)
    facts = Facts(bundle, results, words)
    return {
        "method": method(bundle, words),
        "answers": answers(facts),
        "scores": scores(facts),
        "gaps": gaps(facts),
        "resources": resources(facts),
        "actions": actions(facts),
    }
