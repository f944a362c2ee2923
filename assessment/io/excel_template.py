"""The Excel questionnaire: an ``.xlsx`` an agency fills in offline and sends back.

Scope: the whole instrument, one section, or the questions whose answer is assigned to one
agency. Language: any product language (sheet names, headers, prompts, labels). Existing answers
are pre-filled, so a returned file that nobody touched changes nothing.

Protection: every sheet is protected **without a password** and the workbook structure is locked,
so ids and question texts are not changed by accident; the answer cells are unlocked. This is
a guard against slips, not security: the importer checks every cell again.

Data validation: the rating and agency cells get an in-cell drop-down whose list is a range on
the hidden options sheet (Excel limits an inline list to 255 characters), with the input prompt
and the stop error switched on (openpyxl writes both off unless told). Number and year cells
get a whole-number range. Text is written through ``assessment.io.cells.put``: a string cell,
with Excel's quote prefix when it starts like a formula, so it is shown, never calculated.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

from assessment.io import excel_layout as layout
from assessment.io import excel_validation
from assessment.io.cells import put
from assessment.io.labels import LIST_JOINER, Labels
from assessment.io.rows import fingerprint
from assessment.models import Answer, Assessment, utc_now
from framework.ids import format_legal_ref
from framework.loader import ContentBundle
from framework.models import Area, InfoType, Question, QuestionKind, Section

_LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
_HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
_WRAP = Alignment(wrap_text=True, vertical="top")


class EmptyScopeError(ValueError):
    """The chosen scope holds no question (e.g. no answer is assigned to that agency yet)."""

    key = "exchange.error.empty_scope"

    def __init__(self, scope: str) -> None:
        self.params = {"scope": scope}
        super().__init__(f"no question in scope {scope}")


@dataclass(frozen=True)
class Scope:
    """Which questions go into the file: all, one section, or one agency's."""

    section_id: str | None = None
    agency_id: str | None = None

    def code(self) -> str:
        if self.section_id:
            return f"section:{self.section_id}"
        if self.agency_id:
            return f"agency:{self.agency_id}"
        return "all"


Row = tuple[Section, Area, Question]


def questions_in_scope(bundle: ContentBundle, assessment: Assessment, scope: Scope) -> list[Row]:
    instrument = bundle.instruments[assessment.instrument_id]
    rows = [(s, a, q) for s in instrument.sections for a in s.areas for q in a.questions]
    if scope.section_id:
        rows = [row for row in rows if row[0].id == scope.section_id]
    if scope.agency_id:
        answers = assessment.answers
        rows = [r for r in rows if (ans := answers.get(r[2].id)) and ans.agency == scope.agency_id]
    if not rows:
        raise EmptyScopeError(scope.code())
    return rows


def _scope_text(bundle: ContentBundle, labels: Labels, scope: Scope, lang: str) -> str:
    if scope.section_id:
        return layout.text(bundle, "exchange.scope.section", lang, section=scope.section_id)
    if scope.agency_id:
        name = labels.agency(scope.agency_id, lang)
        return layout.text(bundle, "exchange.scope.agency", lang, agency=name)
    return layout.text(bundle, "exchange.scope.all", lang)


def _write_instructions(
    ws: Worksheet, bundle: ContentBundle, assessment: Assessment, scope_text: str, meta: dict
) -> None:
    lang = meta["language"]
    instrument = bundle.instruments[assessment.instrument_id]
    tx = lambda key, **p: layout.text(bundle, key, lang, **p)  # noqa: E731
    title = assessment.title or assessment.id
    lines = [
        tx("exchange.instructions.title"),
        tx("exchange.instructions.assessment", title=title),
        tx(
            "exchange.instructions.instrument",
            title=instrument.title.get(lang),
            version=instrument.version,
        ),
        tx("exchange.instructions.scope", scope=scope_text),
        tx("exchange.instructions.generated", date=meta["generated_at"][:16].replace("T", " ")),
        "",
        *(tx(f"exchange.instructions.step{n}") for n in range(1, 7)),
        tx("exchange.instructions.protection"),
        "",
        tx("exchange.instructions.scale"),
    ]
    table = [[line] for line in lines]
    table += [
        [level.label.get(lang), level.description.get(lang)] for level in bundle.method.ratings
    ]
    for row, values in enumerate(table, start=1):
        for column, value in enumerate(values, start=1):
            put(ws.cell(row=row, column=column), value)  # the title is typed by a user
    ws["A1"].font = Font(bold=True, size=14)
    ws.cell(row=len(lines), column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=cell.column == 2, vertical="top")
    ws.protection.sheet = True


def _info_label(question: Question, answer: Answer, labels: Labels, lang: str) -> object:
    value = answer.value
    if question.answer_type is InfoType.CHOICE and isinstance(value, str):
        return labels.choice(question, value, lang)
    if question.answer_type is InfoType.MULTI_CHOICE and isinstance(value, list):
        return LIST_JOINER.join(labels.choice(question, v, lang) for v in value)
    if question.answer_type is InfoType.AGENCY_LIST and isinstance(value, list):
        return LIST_JOINER.join(labels.agency(v, lang) for v in value)
    return value


def _answer_cells(question: Question, answer: Answer | None, labels: Labels, lang: str) -> dict:
    if answer is None:
        return {}
    return {
        "rating": labels.rating(answer.rating, lang) if answer.rating else None,
        "value": _info_label(question, answer, labels, lang) if answer.value is not None else None,
        "justification": answer.justification,
        "evidence": answer.evidence,
        "sources": answer.sources,
        "agency": labels.agency(answer.agency, lang) if answer.agency else None,
        "comment": answer.comment,
    }


def _question_cells(bundle: ContentBundle, row: Row, lang: str) -> dict:
    _, area, question = row
    kind = "rated" if question.kind is QuestionKind.RATED else question.answer_type
    return {
        "id": question.id,
        "pillar": layout.text(bundle, f"pillar.{question.pillar.value}", lang),
        "area": f"{area.id} {area.title.get(lang)}",
        "question": question.text.get(lang),
        "guidance": question.guidance.get(lang),
        "legal_basis": "; ".join(format_legal_ref(ref) for ref in question.legal_basis),
        "answer_type": layout.text(
            bundle, f"exchange.answer_type.{getattr(kind, 'value', kind)}", lang
        ),
    }


def _editable(question: Question, key: str) -> bool:
    """Answer cells that apply to the question's kind; the others stay locked and grey."""
    column = next(c for c in layout.COLUMNS if c.key == key)
    if not column.answer:
        return False
    if question.kind is QuestionKind.RATED:
        return key != "value"
    return key not in {"rating", "justification"}


def _write_questions(
    ws: Worksheet, bundle: ContentBundle, assessment: Assessment, rows: list[Row], lang: str
) -> None:
    labels = Labels(bundle)
    ws.append([layout.header(bundle, key, lang) for key in layout.COLUMN_KEYS])
    for number, row in enumerate(rows, start=2):
        question = row[2]
        answer = assessment.answers.get(question.id)
        values = {
            **_question_cells(bundle, row, lang),
            **_answer_cells(question, answer, labels, lang),
        }
        for index, key in enumerate(layout.COLUMN_KEYS, start=1):
            cell = ws.cell(row=number, column=index)
            value = values.get(key)
            put(cell, None if value == "" else value)
            cell.alignment = _WRAP
            if _editable(question, key):
                cell.protection = Protection(locked=False)
            else:
                cell.fill = _LOCKED_FILL
    _style_questions(ws)


def _style_questions(ws: Worksheet) -> None:
    for index, column in enumerate(layout.COLUMNS, start=1):
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = column.width
        header = ws.cell(row=1, column=index)
        header.font = Font(bold=True)
        header.fill = _HEADER_FILL
        header.alignment = _WRAP
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions
    protection = ws.protection
    protection.sheet = True
    protection.autoFilter = False  # people may filter and resize; they may not edit locked cells
    protection.formatColumns = False
    protection.formatRows = False


def _write_meta(ws: Worksheet, assessment: Assessment, rows: list[Row], meta: dict) -> None:
    for key in layout.META_KEYS:
        ws.append([key, meta[key]])
    ws.append([])
    ws.append([layout.REVISION_HEADER, "revision", "fingerprint"])
    for _, _, question in rows:
        answer = assessment.answers.get(question.id)
        ws.append([question.id, answer.revision if answer else 0, fingerprint(answer)])
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def _meta(
    assessment: Assessment, scope: Scope, lang: str, generated_at: dt.datetime | None
) -> dict[str, str]:
    return {
        "format": layout.FORMAT,
        "format_version": layout.FORMAT_VERSION,
        "assessment_id": assessment.id,
        "instrument_id": assessment.instrument_id,
        "instrument_version": assessment.instrument_version,
        "language": lang,
        "scope": scope.code(),
        "generated_at": (generated_at or utc_now()).isoformat(timespec="seconds"),
    }


def build_template(
    bundle: ContentBundle,
    assessment: Assessment,
    scope: Scope | None = None,
    lang: str = "en",
    generated_at: dt.datetime | None = None,
) -> bytes:
    """The questionnaire workbook for ``assessment`` as ``.xlsx`` bytes.

    Raises ``EmptyScopeError`` when the scope selects no question, ``KeyError`` when the
    assessment's instrument is not in ``bundle``.
    """
    scope = scope or Scope()
    rows = questions_in_scope(bundle, assessment, scope)
    meta = _meta(assessment, scope, lang, generated_at)
    wb = Workbook()
    sheets = {
        name: wb.create_sheet(layout.sheet_title(bundle, name, lang)) for name in layout.SHEETS
    }
    wb.remove(wb.worksheets[0])
    scope_text = _scope_text(bundle, Labels(bundle), scope, lang)
    _write_instructions(sheets["instructions"], bundle, assessment, scope_text, meta)
    _write_questions(sheets["questions"], bundle, assessment, rows, lang)
    excel_validation.add_validations(sheets["questions"], sheets["options"], bundle, rows, lang)
    _write_meta(sheets["meta"], assessment, rows, meta)
    wb.active = 0
    wb.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
