"""``python -m reports``: every registered format is written; a bad file exits 2 with one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from assessment.demo import demo_assessment
from framework.loader import ContentBundle
from reports.__main__ import EXIT_INVALID, main
from reports.exporters import EXPORTERS

ROOT = Path(__file__).resolve().parents[2]
MAGIC = {"pdf": b"%PDF-", "docx": b"PK", "xlsx": b"PK", "csv": b"\xef\xbb\xbf", "json": b"{"}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory, bundle: ContentBundle) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.json"
    path.write_text(demo_assessment(bundle).model_dump_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", [n for n in EXPORTERS if n not in {"pdf", "docx"}])
def test_each_format_is_written(demo_file: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"report{EXPORTERS[name].suffix}"
    assert main([name, str(demo_file), "--lang", "zh", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(MAGIC[name])


def test_pdf_is_written_by_the_module_entry_point(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "reports", "pdf", str(demo_file), "--lang", "zh", "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_csv_writes_the_table_asked_for(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "gaps.csv"
    assert main(["csv", str(demo_file), "--table", "gaps", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("rank,question_id")


@pytest.mark.parametrize(
    "content",
    ["not json at all", '{"format": "gapassess.assessment"}', '{"id": "x"}', ""],
)
def test_an_invalid_file_exits_2_with_a_one_line_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    out = tmp_path / "out.pdf"
    assert main(["pdf", str(bad), "-o", str(out)]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1
    assert not out.exists()


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["xlsx", str(tmp_path / "nope.json")]) == EXIT_INVALID
    assert "no such file" in capsys.readouterr().err


def test_an_unknown_format_or_language_is_refused(demo_file: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["odt", str(demo_file)])
    assert info.value.code == EXIT_INVALID
    with pytest.raises(SystemExit) as info:
        main(["pdf", str(demo_file), "--lang", "fr"])
    assert info.value.code == EXIT_INVALID
