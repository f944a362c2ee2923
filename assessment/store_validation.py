"""Checks of answers, actions and whole assessments against the content, before any write.

The pydantic models check shapes (types, lengths, N/A needs a justification); these functions
check meaning: the instrument exists, the question belongs to it, a rated question gets a
rating and an info question a typed value (``framework.answer_types``), the agency and the
country are known. The store runs them on every save; the importers run the same ones, so a
file that imports is a file the store accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from assessment.countries import country as find_country
from assessment.errors import Problem, problems_from_validation
from assessment.models import ActionItem, Answer, Assessment
from framework.answer_types import InfoValueError, validate_info_value
from framework.loader import ContentBundle
from framework.models import Instrument, Question, QuestionKind


def known_country(code: str) -> bool:
    """An ISO 3166-1 alpha-3 code, or one of the user-assigned ``X..`` codes (fictional)."""
    return find_country(code) is not None or (len(code) == 3 and code.startswith("X"))


class ContentIndex:
    """Question lookup by (instrument, question id), built once per content bundle."""

    def __init__(self, bundle: ContentBundle) -> None:
        self.bundle = bundle
        self.agency_ids = frozenset(bundle.agencies)
        self._questions: dict[str, dict[str, Question]] = {
            instrument_id: {q.id: q for q in instrument.questions()}
            for instrument_id, instrument in bundle.instruments.items()
        }

    def instrument(self, instrument_id: str) -> Instrument | None:
        return self.bundle.instruments.get(instrument_id)

    def question(self, instrument_id: str, question_id: str) -> Question | None:
        return self._questions.get(instrument_id, {}).get(question_id)

    def question_count(self, instrument_id: str) -> int:
        return len(self._questions.get(instrument_id, {}))


def _unknown_question(
    index: ContentIndex, instrument_id: str, question_id: str, root: str
) -> Problem:
    instrument = index.instrument(instrument_id)
    version = instrument.version if instrument else ""
    params = {"question": question_id, "instrument": instrument_id, "version": version}
    return Problem(root, "error.unknown_question", params)


def revalidate(
    model: Answer | ActionItem, root: str
) -> tuple[Answer | ActionItem | None, list[Problem]]:
    """The model validated again from its fields (it may have been built unvalidated)."""
    try:
        return type(model).model_validate(model.model_dump()), []
    except ValidationError as exc:
        return None, problems_from_validation(exc, root)


def check_answer(
    index: ContentIndex, instrument_id: str, answer: Answer, root: str = ""
) -> tuple[Answer, list[Problem]]:
    """``answer`` in its stored form (info value canonical) and the problems found."""
    question = index.question(instrument_id, answer.question_id)
    if question is None:
        return answer, [_unknown_question(index, instrument_id, answer.question_id, root)]
    problems: list[Problem] = []
    if question.kind is QuestionKind.RATED and answer.value is not None:
        problems.append(
            Problem(f"{root}.value".lstrip("."), "error.value_on_rated", {"question": question.id})
        )
    if question.kind is QuestionKind.INFO and answer.rating is not None:
        problems.append(
            Problem(f"{root}.rating".lstrip("."), "error.rating_on_info", {"question": question.id})
        )
    if answer.agency is not None and answer.agency not in index.agency_ids:
        problems.append(
            Problem(f"{root}.agency".lstrip("."), "error.unknown_agency", {"agency": answer.agency})
        )
    if question.kind is QuestionKind.INFO and answer.value is not None:
        try:
            value = validate_info_value(question, answer.value, index.agency_ids)
        except InfoValueError as exc:
            problems.append(Problem(f"{root}.value".lstrip("."), exc.key, dict(exc.params)))
        else:
            answer = answer.model_copy(update={"value": value})
    return answer, problems


def check_action(
    index: ContentIndex, instrument_id: str, action: ActionItem, root: str = ""
) -> list[Problem]:
    if index.question(instrument_id, action.question_id) is None:
        return [_unknown_question(index, instrument_id, action.question_id, root)]
    if action.agency is not None and action.agency not in index.agency_ids:
        return [
            Problem(f"{root}.agency".lstrip("."), "error.unknown_agency", {"agency": action.agency})
        ]
    return []


@dataclass
class AssessmentCheck:
    """An assessment as it would be stored, the problems refusing it, and warnings."""

    assessment: Assessment
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def check_assessment(
    index: ContentIndex, assessment: Assessment, root: str = "", drop_unknown: bool = False
) -> AssessmentCheck:
    """Every answer and action of ``assessment`` checked against the content.

    Answers and actions to question ids the instrument does not hold (an older version's) are
    problems, unless ``drop_unknown`` (the user confirmed): then they are left out and listed
    in ``dropped`` and in a warning. They are never dropped silently.
    """
    result = AssessmentCheck(assessment)
    prefix = f"{root}." if root else ""
    instrument = index.instrument(assessment.instrument_id)
    if instrument is None:
        params = {"instrument": assessment.instrument_id}
        result.problems.append(
            Problem(f"{prefix}instrument_id", "error.unknown_instrument", params)
        )
        return result
    if not known_country(assessment.country):
        params = {"country": assessment.country}
        result.problems.append(Problem(f"{prefix}country", "error.unknown_country", params))
    if assessment.instrument_version != instrument.version:
        params = {"found": assessment.instrument_version, "current": instrument.version}
        result.warnings.append(
            Problem(f"{prefix}instrument_version", "warning.instrument_version", params)
        )
    answers, dropped = _check_answers(index, assessment, prefix, result, drop_unknown)
    actions = _check_actions(index, assessment, prefix, result, drop_unknown, dropped)
    if dropped:
        result.dropped = sorted(dropped)
        params = {"count": len(dropped), "questions": ", ".join(result.dropped[:20])}
        result.warnings.append(
            Problem(f"{prefix}answers", "warning.unknown_questions_dropped", params)
        )
    if not result.problems:
        result.assessment = assessment.model_copy(update={"answers": answers, "actions": actions})
    return result


def _check_actions(
    index: ContentIndex,
    assessment: Assessment,
    prefix: str,
    result: AssessmentCheck,
    drop_unknown: bool,
    dropped: set[str],
) -> dict[str, ActionItem]:
    actions = {}
    for qid, action in assessment.actions.items():
        if drop_unknown and index.question(assessment.instrument_id, qid) is None:
            dropped.add(qid)
            continue
        where = f"{prefix}actions.{qid}"
        result.problems += check_action(index, assessment.instrument_id, action, where)
        actions[qid] = action
    return actions


def _check_answers(
    index: ContentIndex,
    assessment: Assessment,
    prefix: str,
    result: AssessmentCheck,
    drop_unknown: bool,
) -> tuple[dict[str, Answer], set[str]]:
    answers: dict[str, Answer] = {}
    dropped: set[str] = set()
    for qid, answer in assessment.answers.items():
        if drop_unknown and index.question(assessment.instrument_id, qid) is None:
            dropped.add(qid)
            continue
        checked, problems = check_answer(
            index, assessment.instrument_id, answer, f"{prefix}answers.{qid}"
        )
        result.problems += problems
        answers[qid] = checked
    return answers, dropped
