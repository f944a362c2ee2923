"""CSV and XLSX exports: stable headers (golden lists), the engine's numbers, Excel-friendly files.

Regenerate the golden header lists after an intended change with
``GAPASSESS_REGENERATE_GOLDEN=1 pytest tests/reports/test_tables.py``.
"""

from __future__ import annotations

import io
import json
import os
import time
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from assessment import frames as F
from assessment.results import Results
from framework.loader import ContentBundle
from reports.table_data import TABLES, table_frames
from reports.tables import build_csv, build_xlsx

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
REGENERATE = os.environ.get("GAPASSESS_REGENERATE_GOLDEN") == "1"
SHEETS = ["method", *TABLES]


def _golden(name: str, actual: list[str]) -> list[str]:
    path = GOLDEN / name
    if REGENERATE:
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def xlsx_bytes(bundle: ContentBundle, demo: Results) -> bytes:
    return build_xlsx(bundle, demo, "zh")


@pytest.mark.parametrize("table", TABLES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_csv_headers_match_the_golden_list(
    bundle: ContentBundle, demo: Results, table: str, lang: str
) -> None:
    data = build_csv(bundle, demo, lang, table)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on a Chinese Windows reads it
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == _golden(f"csv_{table}.json", header)


def test_xlsx_sheets_and_headers_match_the_golden_lists(xlsx_bytes: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes))
    assert workbook.sheetnames == SHEETS
    headers = {s.title: [c.value for c in s[1]] for s in workbook.worksheets}
    assert headers == _golden("xlsx_headers.json", headers)  # type: ignore[arg-type]


def test_xlsx_headers_are_frozen_and_columns_sized(xlsx_bytes: bytes) -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes))
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        widths = [d.width for d in sheet.column_dimensions.values()]
        assert widths and all(8 <= w <= 60 for w in widths), sheet.title


def test_scores_reread_from_csv_are_the_engine_numbers(
    bundle: ContentBundle, demo: Results
) -> None:
    frame = pd.read_csv(io.BytesIO(build_csv(bundle, demo, "en", "scores")), encoding="utf-8-sig")
    engine = demo.scores.reset_index(drop=True)
    assert list(frame["group_id"]) == list(engine[F.GROUP_ID])
    pd.testing.assert_series_equal(frame["score"], engine[F.SCORE], check_names=False)
    pd.testing.assert_series_equal(frame["coverage"], engine[F.COVERAGE], check_names=False)
    assert frame["n_rated"].tolist() == engine[F.N_RATED].tolist()


def test_numbers_reread_from_xlsx_are_the_engine_numbers(xlsx_bytes: bytes, demo: Results) -> None:
    sheets = pd.read_excel(io.BytesIO(xlsx_bytes), sheet_name=None)
    scores, gaps = sheets["scores"], sheets["gaps"]
    assert scores["score"].tolist() == pytest.approx(demo.scores[F.SCORE].tolist(), nan_ok=True)
    assert gaps["gap_points"].tolist() == pytest.approx(demo.gaps[F.GAP_POINTS].tolist())
    assert gaps["rank"].tolist() == demo.gaps[F.RANK].tolist()
    resources = sheets["resources"]
    assert resources["relevance"].tolist() == pytest.approx(demo.resources[F.RELEVANCE].tolist())
    assert (resources["year"].dropna() % 1 == 0).all()  # whole years, not text


def test_tables_carry_labels_in_the_report_language(bundle: ContentBundle, demo: Results) -> None:
    zh = table_frames(bundle, demo, "zh")
    assert set(zh["scores"]["band_label"].dropna()) <= {
        b.label.get("zh") for b in bundle.method.bands
    } | {""}
    assert zh["answers"]["question"].str.contains("[\u4e00-\u9fff]").all()
    en = table_frames(bundle, demo, "en")
    assert list(en["answers"].columns) == list(zh["answers"].columns)


def test_the_method_sheet_holds_every_number_of_the_method(
    bundle: ContentBundle, demo: Results
) -> None:
    method = table_frames(bundle, demo, "en")["method"]
    values = dict(zip(method["section"] + ":" + method["item"], method["value"], strict=True))
    assert values["method:provisional_below_coverage"] == bundle.method.provisional_below_coverage
    for band in bundle.method.bands:
        assert values[f"band:{band.id}"] == band.minimum
    for obligation, weight in bundle.method.weights.items():
        assert values[f"weight:{obligation.value}"] == weight


def test_exports_are_deterministic(bundle: ContentBundle, demo: Results) -> None:
    first = build_xlsx(bundle, demo, "en")
    time.sleep(1.1)  # cross a second boundary: zip members and core properties carry times
    assert build_xlsx(bundle, demo, "en") == first
    assert build_csv(bundle, demo, "en") == build_csv(bundle, demo, "en")
