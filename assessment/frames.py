"""Column names of the engine's tidy frames, defined once. Everything else imports these.

Frames (one row per ...):
- questions frame (question of an instrument): INSTRUMENT_ID, QUESTION_ID, SECTION_ID, AREA_ID,
  PILLAR, DIMENSION, OBLIGATION, KIND, WEIGHT, ORDER
- answers frame (answer of an assessment): ASSESSMENT_ID, QUESTION_ID, RATING, VALUE (rating value
  0..1 or NaN), plus text columns EVIDENCE, SOURCES, AGENCY, COMMENT, JUSTIFICATION
- scores frame (group of an assessment): ASSESSMENT_ID, GROUP_KIND, GROUP_ID, SCORE (NaN = no
  score), COVERAGE (0..1), BAND, BAND_CAPPED, PROVISIONAL, N_QUESTIONS, N_RATED, N_NA, N_UNKNOWN,
  N_UNANSWERED
- gaps frame (rated question with gap points > 0, ranked): ASSESSMENT_ID, RANK, QUESTION_ID, ...,
  GAP_POINTS, RESOURCES (list of refs)
"""

from __future__ import annotations

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
