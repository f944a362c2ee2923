"""Column names of the engine's tidy frames, defined once. Everything else imports these.

Frames (one row per ...):
- questions frame (question of an instrument): INSTRUMENT_ID, QUESTION_ID, SECTION_ID, AREA_ID,
  PILLAR, DIMENSION, OBLIGATION, KIND, WEIGHT, ORDER
- answers frame (answer of an assessment): ASSESSMENT_ID, QUESTION_ID, RATING, VALUE (rating value
  0..1 or NaN), INFO_VALUE (typed value of an info answer), plus text columns EVIDENCE, SOURCES,
  AGENCY, COMMENT, JUSTIFICATION. ASSESSMENT_ID, QUESTION_ID and RATING (``RATING_DTYPE``) are
  categorical so that scoring many assessments reads integer codes; they compare with strings.
- scores frame (group of an assessment): ASSESSMENT_ID, GROUP_KIND, GROUP_ID, SCORE (NaN = no
  score), COVERAGE (0..1), BAND, BAND_CAPPED, PROVISIONAL, N_QUESTIONS, N_RATED, N_NA, N_UNKNOWN,
  N_UNANSWERED
- gaps frame (rated question with gap points > 0, ranked): ASSESSMENT_ID, RANK, QUESTION_ID, ...,
  GAP_POINTS, RESOURCES (list of refs)

The frames of one assessment's results, column by column, are listed in ``assessment.results``.
"""

from __future__ import annotations

import pandas as pd

from framework.models import Rating

ASSESSMENT_ID = "assessment_id"
INSTRUMENT_ID = "instrument_id"
QUESTION_ID = "question_id"
SECTION_ID = "section_id"
AREA_ID = "area_id"
PILLAR = "pillar"
DIMENSION = "dimension"
OBLIGATION = "obligation"
KIND = "kind"
WEIGHT = "weight"
ORDER = "order"

RATING = "rating"
VALUE = "value"
EVIDENCE = "evidence"
SOURCES = "sources"
AGENCY = "agency"
COMMENT = "comment"
JUSTIFICATION = "justification"

GROUP_KIND = "group_kind"
GROUP_ID = "group_id"
SCORE = "score"
COVERAGE = "coverage"
BAND = "band"
BAND_CAPPED = "band_capped"
PROVISIONAL = "provisional"
N_QUESTIONS = "n_questions"
N_RATED = "n_rated"
N_NA = "n_na"
N_UNKNOWN = "n_unknown"
N_UNANSWERED = "n_unanswered"

GAP_POINTS = "gap_points"
INFO_GAP = "info_gap"
RANK = "rank"
RESOURCES = "resources"
RESOURCE_ID = "resource_id"
PART_ID = "part_id"
RELEVANCE = "relevance"
QUESTION_IDS = "question_ids"
FLAG_ID = "flag_id"

GROUP_KINDS = ("instrument", "section", "area", "pillar", "dimension")

# Additions for the engine (scoring, gaps, red flags, explain, results).
SECTION_PILLAR = "section_pillar"  # the pillar a section declares (ifa tables), else None
INFO_VALUE = "info_value"  # typed value of an info answer (never scored)
REVISION = "revision"
ID_ORDER = "id_order"  # position of the question id in natural id order (tie-break of gaps)
OBLIGATION_ORDER = "obligation_order"  # 0 mandatory .. 3 good practice (tie-break of gaps)
SUM_WEIGHT = "sum_weight"  # sum of the weights of a group's rated answers
SUM_WEIGHTED_VALUE = "sum_weighted_value"
CONTRIBUTION = "contribution"  # score points a question adds to its group's score
LOST = "lost"  # score points a question's shortfall costs its group
PRIORITY = "priority"
TARGET_DATE = "target_date"
STATUS = "status"
NOTE = "note"
SAVED = "saved"  # the action-plan row has a saved ActionItem behind it
IS_GAP = "is_gap"  # the action-plan row is a current gap above the threshold
CAPS_BAND = "caps_band"
CONDITION = "condition"  # index of a red-flag condition inside its flag
MIN_SCORE = "min_score"
MAX_SCORE = "max_score"

GROUP_COLUMNS = {
    "instrument": INSTRUMENT_ID,
    "section": SECTION_ID,
    "area": AREA_ID,
    "pillar": PILLAR,
    "dimension": DIMENSION,
}
"""The questions-frame column that names each question's group of a given kind."""


RATING_DTYPE = pd.CategoricalDtype([r.value for r in Rating])
"""dtype of the answers frame's RATING column: a closed set, so millions of answers are
factorized for free (``bench/bench_scoring.py``); compare with plain strings as usual."""
