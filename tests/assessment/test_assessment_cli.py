"""``python -m assessment``: demo, score and gaps; exit code 2 with one line on a bad file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assessment.__main__ import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.json"
    assert main(["demo", "--out", str(path)]) == 0
    return path


def test_demo_writes_a_fictional_assessment(demo_file: Path) -> None:
    data = json.loads(demo_file.read_text("utf-8"))
    assert data["fictional"] is True and data["instrument_id"] == "ifa"


@pytest.mark.parametrize(
    ("instrument", "round_label"), [("guide", "baseline"), ("ifa", "followup")]
)
def test_demo_other_rounds(tmp_path: Path, instrument: str, round_label: str) -> None:
    out = tmp_path / "x.json"
    assert (
        main(["demo", "--out", str(out), "--instrument", instrument, "--round", round_label]) == 0
    )
    assert json.loads(out.read_text("utf-8"))["instrument_id"] == instrument


def test_demo_without_data_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["demo", "--out", str(tmp_path / "x.json"), "--instrument", "guide", "--round", "followup"]
    )
    assert code == 2
    assert "no demo data" in capsys.readouterr().err


def test_score_json_lists_every_group(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(demo_file), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {"kind", "id", "score", "coverage", "band", "provisional"} <= set(records[0])
    assert records[0]["kind"] == "instrument" and records[0]["id"] == "ifa"
    assert {r["kind"] for r in records} == {"instrument", "section", "area", "pillar", "dimension"}


def test_score_table_and_csv(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", str(demo_file)]) == 0
    assert "instrument" in capsys.readouterr().out
    assert main(["score", str(demo_file), "--format", "csv"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "kind,id,score,coverage,band,band_capped,provisional"


def test_gaps_json_and_table(demo_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gaps", str(demo_file), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["gaps"][0]["rank"] == 1
    assert payload["resources"] and payload["red_flags"]
    assert main(["gaps", str(demo_file)]) == 0
    assert "Red flags" in capsys.readouterr().out


def _broken(tmp_path: Path, demo_file: Path, change: str) -> Path:
    path = tmp_path / f"{change}.json"
    data = json.loads(demo_file.read_text("utf-8"))
    if change == "not_json":
        path.write_text("{not json", "utf-8")
        return path
    if change == "model":
        data["answers"]["PROS-1.1"]["rating"] = "excellent"
    elif change == "instrument":
        data["instrument_id"] = "nope"
    elif change == "unknown_ids":
        data["answers"]["PROS-9.9"] = {**data["answers"]["PROS-1.1"], "question_id": "PROS-9.9"}
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("not_json", "json"),
        ("model", "rating"),
        ("instrument", "nope"),
        ("unknown_ids", "PROS-9.9"),
    ],
)
@pytest.mark.parametrize("command", ["score", "gaps"])
def test_invalid_file_exits_2_with_one_line(
    tmp_path: Path,
    demo_file: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    change: str,
    expected: str,
) -> None:
    assert main([command, str(_broken(tmp_path, demo_file, change))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and expected in captured.err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["score", "/nonexistent/a.json"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_runs_as_a_module(demo_file: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "assessment", "score", str(demo_file), "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["kind"] == "instrument"
