"""``python -m framework check`` prints counts and fails on broken content."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from framework.loader import DATA_DIR

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "framework", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_prints_counts_for_both_instruments() -> None:
    result = _run("check")
    assert result.returncode == 0, result.stderr
    assert "ifa v" in result.stdout
    assert "guide v" in result.stdout
    assert "content OK" in result.stdout


def test_check_exits_1_on_broken_content(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    (data / "catalogues" / "agencies.yaml").write_text("- id: police\n", encoding="utf-8")
    result = _run("check", "--data", str(data))
    assert result.returncode == 1
    assert "catalogues/agencies.yaml › police › name" in result.stderr
