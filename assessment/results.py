"""Everything the UI and the reports show about one assessment, computed once, as plain data.

``compute_results(bundle, assessment)`` is the one call the dashboard, the recommendations page,
the PDF and the CLI make. They read the frames below and never compute a score, a gap or a band
themselves, so every screen and every report agrees with the method in ``method.yaml``.

Contract (column names are the constants in ``assessment.frames``; every frame carries
``ASSESSMENT_ID`` too, so the same code serves one assessment or many):

``questions``
    One row per question of the instrument (rated and info), in instrument order, joined with
    the answer (unanswered -> ``RATING`` None). Columns: INSTRUMENT_ID, QUESTION_ID, SECTION_ID,
    SECTION_PILLAR, AREA_ID, PILLAR, DIMENSION, OBLIGATION, KIND, WEIGHT, ORDER, RESOURCES (list
    of refs), RATING (str or None), VALUE (0..1, NaN unless rated), INFO_VALUE (info answers,
    else None), EVIDENCE, SOURCES, AGENCY (None if not given), COMMENT, JUSTIFICATION (text:
    "" if not given), GAP_POINTS (w x (1 - v), NaN unless rated), INFO_GAP (w for Unknown, else
    0), OBLIGATION_ORDER and ID_ORDER (the priority tie-breaks).
``scores``
    One row per group: GROUP_KIND (one of ``frames.GROUP_KINDS``), GROUP_ID (instrument id,
    section id, area id, pillar or dimension value), SCORE (0..100; NaN = no score, never 0),
    COVERAGE (0..1; NaN when the group has only info questions), BAND (band id or None),
    BAND_CAPPED (a red flag lowered the band), PROVISIONAL (a score whose coverage is under the
    method's threshold), N_QUESTIONS (rated-kind questions), N_RATED, N_NA, N_UNKNOWN,
    N_UNANSWERED, SUM_WEIGHT, SUM_WEIGHTED_VALUE. Ordered by kind (``GROUP_KINDS``), then
    instrument order (pillars and dimensions in their enum order).
``gaps``
    Rated questions with gap points > 0, in the priority order of DESIGN 3 (gap points, then
    obligation class, then id in natural order): RANK (1..n), QUESTION_ID, SECTION_ID, AREA_ID,
    PILLAR, DIMENSION, OBLIGATION, WEIGHT, RATING, VALUE, GAP_POINTS, RESOURCES (list), AGENCY.
``info_gaps``
    The information-gap register (Unknown answers), largest information gap first: RANK,
    QUESTION_ID, SECTION_ID, AREA_ID, PILLAR, OBLIGATION, WEIGHT, INFO_GAP (= weight), AGENCY
    (who to ask), SOURCES, COMMENT.
``not_applicable``
    N/A answers in instrument order (reports list them so reviewers can challenge them):
    QUESTION_ID, SECTION_ID, AREA_ID, PILLAR, OBLIGATION, WEIGHT, JUSTIFICATION, AGENCY.
``resources``
    RANK, RESOURCE_ID, PART_ID (None on the row for the whole resource), RELEVANCE (sum of the
    gap points of the questions citing it, each question once), QUESTION_IDS (list, priority
    order). Each resource row is followed by its cited parts, which share its RANK. Only rows
    with relevance > 0.
``red_flags``
    ``RaisedFlag`` objects (``assessment.red_flags``), in the order of ``red_flags.yaml``: the
    ``RedFlag`` and its ``triggers`` (``Trigger``: question + rating, or group + score).
``action_plan``
    One draft row per gap with gap points >= ``action_threshold`` (``gaps.DEFAULT_ACTION_
    THRESHOLD``) merged with the saved ``ActionItem`` rows: RANK (the gap's rank; <NA> for a
    saved item that is no longer a gap), QUESTION_ID (the recommended measure is the question's
    text), SECTION_ID, AREA_ID, PILLAR, OBLIGATION, RATING, GAP_POINTS, RESOURCES, AGENCY (the
    item's, else the answer's), PRIORITY (the item's, else derived: high from 2 gap points,
    medium from 1, else low), TARGET_DATE (date or None), STATUS, NOTE, SAVED (an ActionItem
    exists), IS_GAP (still a gap above the threshold).

For explanations of one group (contributions, the changes that would raise its band) call
``assessment.explain.explain_group(results, kind, id)``. To score many assessments at once
(comparisons, history) use ``assessment.scoring`` directly.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assessment import frames as F
from assessment.gaps import (
    DEFAULT_ACTION_THRESHOLD,
    actions_frame,
    draft_action_plan,
    information_gaps,
    join_answers,
    not_applicable,
    ranked_gaps,
    resource_relevance,
)
from assessment.models import Assessment
from assessment.red_flags import RaisedFlag, cap_bands, evaluate_flags, raised_flags
from assessment.scoring import answers_frame, questions_frame, score_groups
from framework.loader import ContentBundle
from framework.models import Instrument, Method


@dataclass(frozen=True)
class Results:
    """The computed view of one assessment (see the module docstring for every column)."""

    assessment: Assessment
    instrument: Instrument
    method: Method
    questions: pd.DataFrame
    scores: pd.DataFrame
    gaps: pd.DataFrame
    info_gaps: pd.DataFrame
    not_applicable: pd.DataFrame
    resources: pd.DataFrame
    red_flags: list[RaisedFlag]
    action_plan: pd.DataFrame

    def score_of(self, group_kind: str, group_id: str) -> pd.Series:
        """The scores row of one group (raises ``KeyError`` for an unknown group)."""
        rows = self.scores[
            (self.scores[F.GROUP_KIND] == group_kind) & (self.scores[F.GROUP_ID] == group_id)
        ]
        if rows.empty:
            raise KeyError(f"{group_kind} {group_id!r}")
        return rows.iloc[0]

    @property
    def overall(self) -> pd.Series:
        """The whole-instrument row of ``scores``."""
        return self.score_of("instrument", self.instrument.id)


class InstrumentMismatchError(ValueError):
    """The assessment names an instrument the content does not hold."""


def instrument_for(bundle: ContentBundle, assessment: Assessment) -> Instrument:
    """The instrument the assessment was answered against (by id)."""
    instrument = bundle.instruments.get(assessment.instrument_id)
    if instrument is None:
        raise InstrumentMismatchError(f"unknown instrument {assessment.instrument_id!r}")
    return instrument


def compute_results(
    bundle: ContentBundle,
    assessment: Assessment,
    action_threshold: float = DEFAULT_ACTION_THRESHOLD,
) -> Results:
    """Score, rank gaps, raise red flags and draft the action plan of one assessment.

    Answers to question ids the instrument does not hold are ignored here (the importer
    reports them); info answers are never scored (DESIGN 3).
    """
    instrument = instrument_for(bundle, assessment)
    method = bundle.method
    flags = [f for f in bundle.red_flags if f.instrument == instrument.id]
    qframe = questions_frame(instrument, method)
    answers = answers_frame([assessment], method)
    ids = [assessment.id]
    scores = score_groups(qframe, answers, method, assessment_ids=ids)
    triggers = evaluate_flags(flags, answers, scores)
    joined = join_answers(qframe, answers, ids)
    gaps = ranked_gaps(joined)
    return Results(
        assessment=assessment,
        instrument=instrument,
        method=method,
        questions=joined,
        scores=cap_bands(scores, triggers, flags, qframe, method),
        gaps=gaps,
        info_gaps=information_gaps(joined),
        not_applicable=not_applicable(joined),
        resources=resource_relevance(gaps),
        red_flags=raised_flags(triggers, flags, assessment.id),
        action_plan=draft_action_plan(joined, actions_frame([assessment]), action_threshold),
    )
