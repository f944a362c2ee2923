"""Text people typed is shown as typed, never interpreted: not as Markdown or HTML in the app,
not as markup in the PDF or DOCX, and never as a live formula in an exported spreadsheet.

The hostile assessment carries Markdown, HTML, a script tag, a ``javascript:`` link and
spreadsheet formulas in every text a person types (title, round, assessors, evidence,
sources, comment, justification, action note). Every page is opened in both languages and
every element that Streamlit renders as Markdown is checked: the hostile text may appear only
escaped. In Chromium, no script runs and no tag from user text becomes an element.
"""

from __future__ import annotations

import ast
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from assessment.io.csv_io import export_csv
from assessment.io.excel_template import build_template
from assessment.io.json_io import export_json
from assessment.models import ActionItem, Answer, Assessment
from assessment.results import compute_results
from assessment.store import Store
from assessment.store_schema import sqlite_url
from framework.loader import ContentBundle
from framework.models import Rating
from reports import exporters
from tests.robustness import bad_corpus as corpus
from ui import registry

ROOT = corpus.ROOT
APP = str(ROOT / "app.py")
HOSTILE_ID = "xaa-hostile-01"
MARKUP = corpus.texts()["markup"]
ROUND = "**round** <b>r</b> [x](javascript:alert(1)) _it_"
FORMULAS = {k: corpus.texts()[f"formula_{k}"] for k in ("evidence", "sources", "comment")}
# Fragments of the hostile texts as they look when they reach Markdown unescaped (escaped, each
# special character has a backslash in front: ``\*\*bold\*\*``, ``\<b\>``, ``\](``).
RAW = re.compile(
    r"\*\*(bold|round|second|12)\*\*"
    r"|(?<!\\)<(b|script|img)[ >]"
    r"|(?<!\\)\]\(javascript:"
    r"|(?<!\\)_it(?<!\\)_"
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MARKDOWN_ELEMENTS = ("markdown", "caption", "error", "warning", "info", "success", "title")
MARKDOWN_ELEMENTS += ("header", "subheader", "toast", "exception")


def hostile_assessment() -> Assessment:
    answers = {
        "PROS-1.1": Answer(
            question_id="PROS-1.1",
            rating=Rating.FULLY,
            evidence=MARKUP,
            sources=MARKUP,
            comment=MARKUP,
        ),
        "PROS-1.2": Answer(
            question_id="PROS-1.2", rating=Rating.NOT_APPLICABLE, justification=MARKUP
        ),
        "PROS-1.3": Answer(
            question_id="PROS-1.3", rating=Rating.NOT_IN_PLACE, agency="police", **FORMULAS
        ),
        "PROS-1.4": Answer(question_id="PROS-1.4", rating=Rating.UNKNOWN, evidence=MARKUP),
    }
    actions = {"PROS-1.3": ActionItem(question_id="PROS-1.3", note=MARKUP)}
    return Assessment(
        id=HOSTILE_ID,
        country="XAA",
        fictional=True,
        instrument_id="ifa",
        instrument_version="1.0",
        title=MARKUP[:200],
        round_label=ROUND,
        assessors=[MARKUP[:100], FORMULAS["evidence"]],
        answers=answers,
        actions=actions,
    )


# The code: no raw HTML with user text ----------------------------------------------------------


def _ui_modules() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ui").rglob("*.py"))]


def test_unsafe_allow_html_is_never_used() -> None:
    users = [
        str(p.relative_to(ROOT)) for p in _ui_modules() if "unsafe_allow_html" in p.read_text()
    ]
    assert users == []
    assert not any("components.v1" in p.read_text() for p in _ui_modules())


def _html_calls(tree: ast.AST) -> Iterator[ast.Call]:
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "html"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "st"
        ):
            yield node


def test_every_value_placed_in_st_html_is_escaped() -> None:
    """``st.html`` renders raw HTML: each value formatted into it must go through html.escape."""
    for path in _ui_modules():
        for call in _html_calls(ast.parse(path.read_text(encoding="utf-8"))):
            for node in ast.walk(call.args[0]):
                if isinstance(node, ast.FormattedValue):
                    value = node.value
                    escaped = (
                        isinstance(value, ast.Call)
                        and isinstance(value.func, ast.Attribute)
                        and value.func.attr == "escape"
                    )
                    assert escaped, f"{path.relative_to(ROOT)}:{node.lineno} not escaped"
            assert not isinstance(call.args[0], ast.Name), f"{path}: st.html of a variable"


# The app: every page, both languages -----------------------------------------------------------


@pytest.fixture
def hostile_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundle: ContentBundle
) -> Iterator[Path]:
    from ui import cache

    db = tmp_path / "hostile.sqlite"
    store = Store(sqlite_url(db), bundle=bundle)
    store.import_assessment(hostile_assessment(), "<b>tester</b> **x**", "new")
    second = {"id": "xaa-hostile-02", "round_label": "**second** <b>r2</b> [y](javascript:x)"}
    store.import_assessment(hostile_assessment().model_copy(update=second), "t", "new")
    store.close()  # two rounds of one country: the compare page compares them
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(db))
    cache.store.clear()
    yield db
    cache.store.clear()


def _markdown_sources(at: AppTest) -> list[tuple[str, str]]:
    """(element type, Markdown source) of every element Streamlit renders as Markdown."""
    found = [(kind, str(e.value)) for kind in MARKDOWN_ELEMENTS for e in at.get(kind)]
    found += [("expander", str(e.label)) for e in at.expander]
    found += [("tab", str(e.label)) for e in at.get("tab")]
    found += [("metric", f"{e.label} {e.value}") for e in at.get("metric")]
    for kind in ("radio", "selectbox", "multiselect", "text_input", "text_area", "checkbox"):
        found += [(f"{kind} label", str(w.label)) for w in at.get(kind)]
    return found


def _raw_user_text(at: AppTest) -> list[tuple[str, str]]:
    return [(k, v) for k, v in _markdown_sources(at) if RAW.search(v)]


PAGES = list(registry.PAGES)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_page_renders_user_text_as_markdown(hostile_db: Path, lang: str) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.query_params["assessment"] = HOSTILE_ID
    at.run()
    offenders: dict[str, list[tuple[str, str]]] = {}
    for spec in PAGES:
        at.switch_page(spec.script).run()
        assert not at.exception, (spec.id, [e.value for e in at.exception])
        if spec.id == "questionnaire":
            for qid in ("PROS-1.1", "PROS-1.2"):
                at.session_state[f"notes:{qid}"] = True
            at.run()
        found = _raw_user_text(at)
        if found:
            offenders[spec.id] = found
    assert offenders == {}


def test_an_error_echoing_what_was_typed_does_not_render_it(hostile_db: Path) -> None:
    """A number field refuses "**12** <b>x</b>" and says so, quoting the text as typed."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["assessment"] = HOSTILE_ID
    at.run()
    at.switch_page("ui/pages/questionnaire.py").run()
    at.selectbox(key="questionnaire:section").set_value("PREV").run()
    at.selectbox(key="questionnaire:area:PREV").set_value("PREV-3").run()
    at.text_input(key="value:PREV-3.7").set_value("**12** <b>x</b>").run()  # a number
    at.run()
    assert at.error, "the refusal is shown"
    assert any("12" in e.value for e in at.error), "it quotes what was typed"
    assert _raw_user_text(at) == []


def test_a_search_query_is_not_rendered(hostile_db: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("ui/pages/library.py").run()
    query = next(w for w in at.text_input if "search" in str(w.key))
    query.set_value("**bold** <b>b</b> zzqx").run()
    assert any("zzqx" in v for _, v in _markdown_sources(at)), "no match is said"
    assert _raw_user_text(at) == []


# Files -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_results(bundle: ContentBundle) -> Any:
    return compute_results(bundle, hostile_assessment())


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pdf_prints_markup_as_typed(
    bundle: ContentBundle, hostile_results: Any, lang: str
) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(exporters.export("pdf", bundle, hostile_results, lang))
    try:
        text = _squeeze("".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()
    for fragment in ("<script>alert(1)</script>", "**bold**", "<b>b</b>", "[click](javascript:"):
        assert _squeeze(fragment) in text, fragment
    assert _squeeze(FORMULAS["evidence"]) in text


def test_the_docx_holds_markup_as_text(bundle: ContentBundle, hostile_results: Any) -> None:
    data = exporters.export("docx", bundle, hostile_results, "en")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and "<b>b</b>" not in xml  # escaped in the XML ...
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xml  # ... shown as typed
    import docx

    shown = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    shown += "\n".join(
        cell.text
        for table in docx.Document(io.BytesIO(data)).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "**bold**" in shown and "<script>alert(1)</script>" in shown


def _live_formula(cell: str) -> bool:
    """A cell a spreadsheet would run: starts like a formula and is not a plain number."""
    if not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def _csv_cells(data: bytes) -> list[str]:
    import csv

    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def test_no_exported_csv_cell_is_a_live_formula(
    bundle: ContentBundle, hostile_results: Any
) -> None:
    from reports.table_data import TABLES
    from reports.tables import build_csv

    files = {f"report {table}": build_csv(bundle, hostile_results, "en", table) for table in TABLES}
    files["assessment csv"] = export_csv(bundle, hostile_assessment(), "en")
    for name, data in files.items():
        cells = _csv_cells(data)
        assert not [c for c in cells if _live_formula(c)], name
    assessment_cells = _csv_cells(files["assessment csv"])
    assert "'" + FORMULAS["evidence"] in assessment_cells  # neutralised, and restored on import


def _xlsx_problems(data: bytes) -> list[str]:
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    problems = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    problems.append(f"{sheet.title}!{cell.coordinate} is a formula")
                elif (
                    isinstance(cell.value, str)
                    and cell.value.startswith(FORMULA_STARTS)
                    and not cell.quotePrefix
                ):
                    problems.append(f"{sheet.title}!{cell.coordinate} has no quote prefix")
    return problems


def test_no_exported_xlsx_cell_is_a_live_formula(
    bundle: ContentBundle, hostile_results: Any
) -> None:
    report = exporters.export("xlsx", bundle, hostile_results, "en")
    questionnaire = build_template(bundle, hostile_assessment(), lang="en")
    assert _xlsx_problems(report) == []
    assert _xlsx_problems(questionnaire) == []
    values = {
        cell.value
        for sheet in openpyxl.load_workbook(io.BytesIO(questionnaire)).worksheets
        for row in sheet.iter_rows()
        for cell in row
    }
    assert FORMULAS["evidence"] in values  # the text itself is kept as typed


def test_the_json_export_holds_text_as_typed(bundle: ContentBundle) -> None:
    document = json.loads(export_json(hostile_assessment()))
    assert document["assessment"]["answers"]["PROS-1.1"]["evidence"] == MARKUP
    data = exporters.export("json", bundle, compute_results(bundle, hostile_assessment()), "en")
    assert (
        MARKUP in data.decode("utf-8")
        or json.dumps(MARKUP, ensure_ascii=False)[1:-1] in data.decode()
    )


# In Chromium -----------------------------------------------------------------------------------


@pytest.mark.e2e
def test_in_the_browser_no_script_runs_and_no_tag_is_made(
    browser: Any, tmp_path: Path, bundle: ContentBundle
) -> None:
    from tests.robustness import browser as web

    server = web.start_server(tmp_path)
    store = Store(sqlite_url(server.db), bundle=bundle)
    store.import_assessment(hostile_assessment(), "tester", "new")
    store.close()
    dialogs: list[str] = []
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        for spec in ("questionnaire", "recommendations", "dashboard", "home"):
            page.goto(
                f"{server.url}/{'' if spec == 'home' else spec}?assessment={HOSTILE_ID}&lang=en"
            )
            page.get_by_role("heading").first.wait_for()
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            )
            page.wait_for_timeout(500)
            tags = page.evaluate(
                """() => ({
                  scripts: [...document.querySelectorAll('script')].filter(
                      s => (s.textContent || '').includes('alert(1)')).length,
                  imgs: document.querySelectorAll('img[src="x"]').length,
                  links: document.querySelectorAll('a[href^="javascript:"]').length,
                  bold: [...document.querySelectorAll('b, strong')].filter(
                      b => ['b', 'bold', 'r', 'round'].includes(b.textContent.trim())).length,
                })"""
            )
            assert tags == {"scripts": 0, "imgs": 0, "links": 0, "bold": 0}, (spec, tags)
        page.goto(f"{server.url}/questionnaire?assessment={HOSTILE_ID}&lang=en")
        web.card(page, "PROS-1.1").wait_for()
        sidebar = page.locator("section[data-testid='stSidebar']").inner_text()
        assert "**round**" in sidebar, sidebar  # the round label, shown as typed
        assert dialogs == []
    finally:
        context.close()
        web.stop_server(server)
