"""XLSForm export of an instrument (or one section) for KoboToolbox and ODK Collect.

The form has the three standard sheets (``survey``, ``choices``, ``settings``), labels and hints
in every product language (``label::English (en)``, ``label::Chinese (zh)``), one group per
section and per area, and for each question:

- rated: a ``select_one rating`` (choice names are the ``Rating`` ids, so a submission is read
  back by name), a justification asked only for "Not applicable", and a text evidence question;
- info: a typed question (``integer``/year with a range constraint, ``select_one`` /
  ``select_multiple`` with the question's choices, ``select_multiple agency`` for agency lists).

XForm names must be XML names, so question ids are mapped (``PROS-1.2`` -> ``PROS_1_2``).
``field_names`` gives the reverse table for one instrument and refuses a mapping that is not
one-to-one, so a Kobo column always leads back to exactly one question.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from openpyxl import Workbook

from framework.loader import ContentBundle
from framework.models import InfoType, Instrument, LocalizedText, Question, QuestionKind, Section

RATING_LIST = "rating"
AGENCY_LIST = "agency"
EVIDENCE_SUFFIX = "_evidence"
JUSTIFICATION_SUFFIX = "_justification"
INSTRUMENT_FIELD = "gapassess_instrument"
VERSION_FIELD = "gapassess_version"
DEFAULT_YEAR_RANGE = (1900, 2100)

_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
_INFO_TYPES = {
    InfoType.TEXT: "text",
    InfoType.INTEGER: "integer",
    InfoType.YEAR: "integer",
    InfoType.CHOICE: "select_one",
    InfoType.MULTI_CHOICE: "select_multiple",
    InfoType.AGENCY_LIST: "select_multiple",
}


def field_name(item_id: str) -> str:
    """The XForm name of a content id: ``PROS-1.2`` -> ``PROS_1_2``, ``AG-10.1`` -> ``AG_10_1``."""
    name = _NAME_UNSAFE.sub("_", item_id)
    if not _XML_NAME.match(name):
        raise ValueError(f"{item_id!r} does not map to an XML name")
    return name


def field_names(instrument: Instrument) -> dict[str, str]:
    """XForm name -> question id for every question of ``instrument`` (the reverse mapping).

    Raises ``ValueError`` if two ids would share a name, which would make submissions ambiguous.
    """
    names: dict[str, str] = {}
    for question in instrument.questions():
        name = field_name(question.id)
        if name in names:
            raise ValueError(f"{question.id!r} and {names[name]!r} share the name {name!r}")
        names[name] = question.id
    return names


def language_column(bundle: ContentBundle, code: str) -> str:
    """``English (en)``: the language part of an XLSForm column (``label::English (en)``)."""
    lang = next(lang for lang in bundle.languages if lang.code == code)
    return f"{lang.name.split(' (')[0]} ({code})"


@dataclass
class XlsForm:
    """The rows of the three sheets, before they are written to a workbook."""

    survey: list[dict[str, str]] = field(default_factory=list)
    choices: list[dict[str, str]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


class _Builder:
    """Fills an ``XlsForm`` for one instrument; knows the languages and the UI strings."""

    def __init__(self, bundle: ContentBundle, instrument: Instrument) -> None:
        self.bundle = bundle
        self.instrument = instrument
        self.codes = bundle.language_codes
        self.columns = {code: language_column(bundle, code) for code in self.codes}
        self.form = XlsForm()

    def text(self, key: str, code: str, **params: object) -> str:
        strings = self.bundle.strings
        template = strings.get(code, {}).get(key) or strings.get("en", {}).get(key) or key
        return template.format(**params) if params else template

    def localized(self, column: str, texts: dict[str, str]) -> dict[str, str]:
        return {f"{column}::{self.columns[code]}": texts[code] for code in self.codes}

    def ui(self, column: str, key: str, **params: object) -> dict[str, str]:
        return self.localized(column, {c: self.text(key, c, **params) for c in self.codes})

    def content(self, column: str, text: LocalizedText, prefix: str = "") -> dict[str, str]:
        return self.localized(column, {c: f"{prefix}{text.get(c)}".strip() for c in self.codes})

    def add_choice(self, list_name: str, name: str, labels: LocalizedText) -> None:
        self.form.choices.append(
            {"list_name": list_name, "name": name, **self.content("label", labels)}
        )


def _rated_rows(b: _Builder, question: Question, name: str) -> Iterator[dict[str, str]]:
    yield {
        "type": f"select_one {RATING_LIST}",
        "name": name,
        **b.content("label", question.text, f"{question.id} "),
        **b.content("hint", question.guidance),
    }
    yield {
        "type": "text",
        "name": name + JUSTIFICATION_SUFFIX,
        **b.ui("label", "exchange.xlsform.justification", question=question.id),
        **b.ui("hint", "exchange.xlsform.justification_hint"),
        "relevant": f"${{{name}}} = 'not_applicable'",
        "required": "yes",
    }
    yield {
        "type": "text",
        "name": name + EVIDENCE_SUFFIX,
        **b.ui("label", "exchange.xlsform.evidence", question=question.id),
        **b.ui("hint", "exchange.xlsform.evidence_hint"),
    }


def _range(question: Question) -> tuple[int | None, int | None]:
    if question.answer_type is InfoType.YEAR:
        low, high = DEFAULT_YEAR_RANGE
        return (
            low if question.minimum is None else question.minimum,
            high if question.maximum is None else question.maximum,
        )
    return question.minimum, question.maximum


def _constraint(b: _Builder, question: Question) -> dict[str, str]:
    low, high = _range(question)
    if low is None and high is None:
        return {}
    parts = [f". >= {low}" if low is not None else "", f". <= {high}" if high is not None else ""]
    if low is not None and high is not None:
        key, params = "exchange.xlsform.between", {"minimum": low, "maximum": high}
    elif low is not None:
        key, params = "exchange.xlsform.at_least", {"minimum": low}
    else:
        key, params = "exchange.xlsform.at_most", {"maximum": high}
    return {
        "constraint": " and ".join(p for p in parts if p),
        **b.ui("constraint_message", key, **params),
    }


def _info_rows(b: _Builder, question: Question, name: str) -> Iterator[dict[str, str]]:
    answer_type = question.answer_type or InfoType.TEXT
    xls_type = _INFO_TYPES[answer_type]
    if answer_type is InfoType.AGENCY_LIST:
        xls_type = f"{xls_type} {AGENCY_LIST}"
    elif answer_type in {InfoType.CHOICE, InfoType.MULTI_CHOICE}:
        list_name = f"{name}_choices"
        xls_type = f"{xls_type} {list_name}"
        for choice in question.choices:
            b.add_choice(list_name, choice.id, choice.label)
    yield {
        "type": xls_type,
        "name": name,
        **b.content("label", question.text, f"{question.id} "),
        **b.content("hint", question.guidance),
        **_constraint(b, question),
    }


def _section_rows(b: _Builder, section: Section) -> Iterator[dict[str, str]]:
    yield {
        "type": "begin_group",
        "name": field_name(section.id),
        **b.content("label", section.title),
    }
    for area in section.areas:
        label = b.content("label", area.title, f"{area.id} ")
        yield {"type": "begin_group", "name": field_name(area.id), **label}
        for question in area.questions:
            name = field_name(question.id)
            if question.kind is QuestionKind.RATED:
                yield from _rated_rows(b, question, name)
            else:
                yield from _info_rows(b, question, name)
        yield {"type": "end_group", "name": field_name(area.id)}
    yield {"type": "end_group", "name": field_name(section.id)}


def _calculate(name: str, value: str) -> dict[str, str]:
    return {"type": "calculate", "name": name, "calculation": f"'{value}'"}


def build_xlsform_rows(
    bundle: ContentBundle, instrument_id: str, section_id: str | None = None, lang: str = "en"
) -> XlsForm:
    """The XLSForm of ``instrument_id`` (or of one of its sections) as sheet rows.

    ``lang`` is the form's default language (what a device shows before the user picks one).
    Raises ``KeyError`` for an unknown instrument or section.
    """
    instrument = bundle.instruments[instrument_id]
    sections = [s for s in instrument.sections if section_id in (None, s.id)]
    if not sections:
        raise KeyError(section_id)
    field_names(instrument)  # refuses an ambiguous mapping before anything is written
    b = _Builder(bundle, instrument)
    for level in bundle.method.ratings:
        b.add_choice(RATING_LIST, level.id.value, level.label)
    for agency in bundle.agencies.values():
        b.add_choice(AGENCY_LIST, agency.id, agency.name)
    b.form.survey.append(_calculate(INSTRUMENT_FIELD, instrument.id))
    b.form.survey.append(_calculate(VERSION_FIELD, instrument.version))
    for section in sections:
        b.form.survey.extend(_section_rows(b, section))
    title = instrument.short_title.get(lang)
    if section_id:
        title = f"{title}: {sections[0].title.get(lang)}"
    form_id = f"gapassess_{instrument.id}" + (f"_{field_name(section_id)}" if section_id else "")
    b.form.settings = {
        "form_title": title,
        "form_id": form_id.lower(),
        "version": instrument.version,
        "default_language": b.columns[lang],
    }
    return b.form


def _write_sheet(wb: Workbook, title: str, rows: list[dict[str, str]]) -> None:
    ws = wb.create_sheet(title)
    header: list[str] = []
    for row in rows:
        header.extend(key for key in row if key not in header)
    ws.append(header)
    for row in rows:
        ws.append([row.get(key, "") for key in header])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # content text, never a spreadsheet formula


def write_xlsform(form: XlsForm) -> bytes:
    """The ``.xlsx`` bytes of ``form`` (sheets ``survey``, ``choices``, ``settings``)."""
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]  # a new workbook always has one sheet
    _write_sheet(wb, "survey", form.survey)
    _write_sheet(wb, "choices", form.choices)
    _write_sheet(wb, "settings", [form.settings])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def build_xlsform(
    bundle: ContentBundle, instrument_id: str, section_id: str | None = None, lang: str = "en"
) -> bytes:
    """The XLSForm ``.xlsx`` of an instrument or section, ready for KoboToolbox or ODK Central."""
    return write_xlsform(build_xlsform_rows(bundle, instrument_id, section_id, lang))
