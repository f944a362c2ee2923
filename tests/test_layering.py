"""House rules that keep the layers apart (house-style 8.3 rules 5, 6, 13), checked on the AST.

Data flows one way: framework -> assessment -> reports -> ui. Scoring is pure; the UI holds no
logic; only ui/state.py touches st.session_state; no module grows past 400 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("framework", "assessment", "reports", "ui")
MAX_LINES = 400


def _modules(*packages: str) -> list[Path]:
    return sorted(p for pkg in packages for p in (ROOT / pkg).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


FORBIDDEN = {
    "framework": {"assessment", "reports", "ui", "streamlit", "sqlalchemy", "pandas", "plotly"},
    "assessment": {"reports", "ui", "streamlit", "plotly"},
    "reports": {"ui", "streamlit", "sqlalchemy"},
    "ui": {"pandas", "numpy", "sqlalchemy"},
}


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_flow_one_way(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN[package])
        for path in _modules(package)
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_scoring_is_pure() -> None:
    allowed = {"__future__", "collections", "dataclasses", "typing", "math", "numpy", "pandas"}
    allowed |= {"framework", "assessment", "itertools", "functools", "enum", "re", "datetime"}
    for name in ("scoring.py", "gaps.py"):
        path = ROOT / "assessment" / name
        if path.exists():
            assert _imports(path) <= allowed, name


def test_session_state_only_in_ui_state() -> None:
    users = [
        str(p.relative_to(ROOT))
        for p in [ROOT / "app.py", *_modules(*PACKAGES)]
        if p.exists() and "session_state" in p.read_text(encoding="utf-8")
    ]
    assert users in ([], ["ui/state.py"])


def test_streamlit_only_in_app_and_ui() -> None:
    users = [
        str(p.relative_to(ROOT))
        for p in _modules("framework", "assessment", "reports")
        if "streamlit" in _imports(p)
    ]
    assert users == []


def test_no_print_in_packages() -> None:
    def has_print(path: Path) -> bool:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        return any(
            isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"
            for n in ast.walk(tree)
        )

    assert [str(p.relative_to(ROOT)) for p in _modules(*PACKAGES) if has_print(p)] == []


def test_modules_stay_small() -> None:
    sizes = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in [ROOT / "app.py", *_modules(*PACKAGES)]
        if p.exists()
    }
    assert {k: v for k, v in sizes.items() if v > MAX_LINES} == {}


def test_no_question_text_in_python() -> None:
    """Content is data: no Chinese text (a sure sign of copied content) in any package module."""
    offenders = [
        str(p.relative_to(ROOT))
        for p in [ROOT / "app.py", *_modules(*PACKAGES)]
        if p.exists() and any("\u4e00" <= ch <= "\u9fff" for ch in p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
