"""How far an assessment has got: answered questions per area, section and instrument.

A question counts as answered when it has a rating (any, Unknown and N/A included) or a typed
value. This is bookkeeping for the questionnaire's progress bars, not scoring: coverage and
scores come from the engine (``assessment.results``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assessment.models import Answer
from framework.models import Instrument, Question, Rating


@dataclass(frozen=True)
class Count:
    answered: int
    total: int

    @property
    def share(self) -> float:
        return self.answered / self.total if self.total else 0.0


def is_answered(answer: Answer | None) -> bool:
    return answer is not None and (answer.rating is not None or answer.value is not None)


def is_unknown(answer: Answer | None) -> bool:
    return answer is not None and answer.rating is Rating.UNKNOWN


def count(questions: list[Question], answers: Mapping[str, Answer]) -> Count:
    return Count(sum(is_answered(answers.get(q.id)) for q in questions), len(questions))


def by_section(instrument: Instrument, answers: Mapping[str, Answer]) -> dict[str, Count]:
    return {
        section.id: count([q for a in section.areas for q in a.questions], answers)
        for section in instrument.sections
    }
