"""Data validation of the Excel questionnaire: drop-downs fed by the hidden options sheet.

openpyxl writes validation but never enforces it (the importer does that) and, unless told,
writes ``showErrorMessage``/``showInputMessage`` off: Excel then neither blocks a wrong value
nor shows the prompt. Every validation here sets both, with ``errorStyle="stop"``.
``showDropDown`` stays False: in the file format, True *hides* the in-cell arrow.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessment.io import excel_layout as layout
from assessment.io.labels import Labels
from framework.loader import ContentBundle
from framework.models import Area, InfoType, Question, QuestionKind, Section

MAX_PROMPT = 255  # Excel's limit for an input or error message
MAX_TITLE = 32  # ... and for their titles
_YEAR_DEFAULT = (1900, 2100)

Row = tuple[Section, Area, Question]


def _column(key: str) -> str:
    return get_column_letter(layout.COLUMN_KEYS.index(key) + 1)


def _validation(
    bundle: ContentBundle, lang: str, keys: dict[str, str], **kwargs: object
) -> DataValidation:
    """A validation that blocks other values and shows its prompt (keys: title, prompt, error)."""
    tx = lambda name: layout.text(bundle, keys[name], lang) if name in keys else None  # noqa: E731
    dv = DataValidation(
        showErrorMessage=True,
        showInputMessage=True,
        showDropDown=False,
        allow_blank=True,
        errorStyle="stop",
        **kwargs,  # type: ignore[arg-type]
    )
    title = tx("title")
    dv.promptTitle = title[:MAX_TITLE] if title else None
    dv.errorTitle = title[:MAX_TITLE] if title else None
    dv.prompt = (tx("prompt") or "")[:MAX_PROMPT] or None
    dv.error = (tx("error") or "")[:MAX_PROMPT] or None
    return dv


def _options_column(options: Worksheet, column: int, heading: str, values: Sequence[str]) -> str:
    """Write ``values`` under ``heading`` in ``column``; return the absolute range for a list."""
    options.cell(row=1, column=column, value=heading)
    for row, value in enumerate(values, start=2):
        options.cell(row=row, column=column, value=value)
    letter = get_column_letter(column)
    return f"{quote_sheetname(options.title)}!${letter}$2:${letter}${len(values) + 1}"


def _number_validation(bundle: ContentBundle, lang: str, question: Question) -> DataValidation:
    low, high = question.minimum, question.maximum
    if question.answer_type is InfoType.YEAR:
        low = _YEAR_DEFAULT[0] if low is None else low
        high = _YEAR_DEFAULT[1] if high is None else high
    keys = {"title": "exchange.prompt.number_title", "error": "exchange.prompt.number_error"}
    if high is None:
        dv = _validation(
            bundle,
            lang,
            keys,
            type="whole",
            operator="greaterThanOrEqual",
            formula1=str(low if low is not None else -(10**15)),
        )
        dv.prompt = layout.text(bundle, "exchange.prompt.number_min", lang, minimum=low or 0)
        return dv
    low = -(10**15) if low is None else low
    dv = _validation(
        bundle, lang, keys, type="whole", operator="between", formula1=str(low), formula2=str(high)
    )
    dv.prompt = layout.text(bundle, "exchange.prompt.number", lang, minimum=low, maximum=high)
    return dv


def _info_validation(
    ws: Worksheet,
    options: Worksheet,
    bundle: ContentBundle,
    lang: str,
    question: Question,
    cell: str,
    next_column: int,
) -> int:
    """Validation of one info question's answer cell; returns the next free options column."""
    if question.answer_type in {InfoType.INTEGER, InfoType.YEAR}:
        dv = _number_validation(bundle, lang, question)
    elif question.answer_type is InfoType.CHOICE:
        values = [choice.label.get(lang) for choice in question.choices]
        formula = _options_column(options, next_column, question.id, values)
        keys = {"error": "exchange.prompt.choice_error"}
        dv = _validation(bundle, lang, keys, type="list", formula1=formula)
        next_column += 1
    else:
        return next_column  # free text and lists typed with ";": checked on import
    dv.add(cell)
    ws.add_data_validation(dv)
    return next_column


def _list_validation(
    bundle: ContentBundle,
    lang: str,
    topic: str,
    options: Worksheet,
    column: int,
    values: list[str],
) -> DataValidation:
    """A drop-down (``topic``: rating or agency) fed by one column of the options sheet."""
    keys = {
        "title": f"exchange.prompt.{topic}_title",
        "prompt": f"exchange.prompt.{topic}",
        "error": f"exchange.prompt.{topic}_error",
    }
    formula = _options_column(options, column, topic, values)
    return _validation(bundle, lang, keys, type="list", formula1=formula)


def add_validations(
    ws: Worksheet, options: Worksheet, bundle: ContentBundle, rows: list[Row], lang: str
) -> None:
    """Drop-downs for rating and agency, number ranges and choice lists for info questions."""
    labels = Labels(bundle)
    rating = _list_validation(bundle, lang, "rating", options, 1, labels.rating_labels(lang))
    agency = _list_validation(bundle, lang, "agency", options, 2, labels.agency_labels(lang))
    rating_col, agency_col, value_col = _column("rating"), _column("agency"), _column("value")
    next_column = 3
    for number, (_, _, question) in enumerate(rows, start=2):
        agency.add(f"{agency_col}{number}")
        if question.kind is QuestionKind.RATED:
            rating.add(f"{rating_col}{number}")
        else:
            next_column = _info_validation(
                ws, options, bundle, lang, question, f"{value_col}{number}", next_column
            )
    for dv in (rating, agency):
        if dv.sqref.ranges:
            ws.add_data_validation(dv)
    options.sheet_state = "hidden"
    options.protection.sheet = True
