"""Import on Home: a JSON file becomes a new assessment; a CSV file's answers go into a stored
one. The file is validated completely first; on any problem nothing is saved and every problem
is listed in the user's language with its row or field."""

from __future__ import annotations

import streamlit as st

from assessment.errors import ImportValidationError, Problem, UserFacingError
from assessment.io.csv_io import read_csv
from assessment.io.json_io import read_json
from assessment.io.limits import MAX_CSV_BYTES, MAX_JSON_BYTES, MIB
from assessment.store_rows import AssessmentSummary, ImportOutcome
from ui import cache, state
from ui.components.home_list import label
from ui.components.text import plain
from ui.i18n import error_text, t

MAX_SHOWN = 50
MAX_UPLOAD_MB = max(MAX_JSON_BYTES, MAX_CSV_BYTES) // MIB
WARNINGS = "home:import:warnings"


def problem_line(problem: Problem) -> str:
    where_key, where_params = problem.location()
    return t(
        "home.problem_line",
        where=t(where_key, **where_params),
        what=t(problem.key, **problem.params),
    )


def show_problems(error: ImportValidationError) -> None:
    st.error(error_text(error))
    lines = [f"- {plain(problem_line(p))}" for p in error.problems[:MAX_SHOWN]]
    if len(error.problems) > MAX_SHOWN:
        lines.append(f"- {t('home.import_more', count=len(error.problems) - MAX_SHOWN)}")
    st.markdown("\n".join(lines))


def import_panel(summaries: list[AssessmentSummary]) -> None:
    upload = st.file_uploader(
        t("home.import_file"),
        type=["json", "csv"],
        key="home:import:file",
        help=t("home.import_help"),
        max_upload_size=MAX_UPLOAD_MB,  # any export of this app imports again (docs/limits.md)
    )
    labels = {s.id: label(s) for s in summaries}
    is_csv = upload is not None and upload.name.lower().endswith(".csv")
    target = None
    if is_csv and labels:
        target = st.selectbox(
            t("home.import_target"),
            list(labels),
            format_func=labels.__getitem__,
            key="home:import:target",
        )
    drop = st.checkbox(t("home.import_drop_unknown"), key="home:import:drop")
    overwrite = is_csv and st.checkbox(t("home.import_overwrite"), key="home:import:overwrite")
    if upload is None or not st.button(t("home.import_go"), type="primary", key="home:import:go"):
        return
    try:
        outcome, warnings = _run(upload.name, upload.getvalue(), target, drop, bool(overwrite))
    except ImportValidationError as exc:
        show_problems(exc)
        return
    except UserFacingError as exc:
        st.error(error_text(exc))
        return
    state.set_current_assessment(outcome.assessment_id)
    state.put(WARNINGS, [problem_line(w) for w in warnings[:MAX_SHOWN]])
    state.notify(
        "home",
        "success",
        "home.import_done",
        added=len(outcome.added),
        changed=len(outcome.changed),
    )
    st.rerun()


def _run(
    name: str, data: bytes, target: str | None, drop: bool, overwrite: bool
) -> tuple[ImportOutcome, list[Problem]]:
    bundle = cache.content()
    store = cache.store()
    user = state.user_name()
    if not name.lower().endswith(".csv"):
        result = read_json(data, bundle, drop_unknown=drop)
        outcome = store.import_assessment(result.assessment, user, "new", source=name)
        return outcome, result.warnings
    stored = cache.assessment(target)
    if stored is None:
        raise ImportValidationError([Problem("", "home.import_no_target")])
    result = read_csv(data, bundle, stored, drop_unknown=drop)
    outcome = store.import_assessment(
        result.assessment,
        user,
        "merge",
        target_id=stored.id,
        overwrite_conflicts=overwrite,
        source=name,
    )
    return outcome, result.warnings


def last_warnings() -> None:
    """Warnings of the import just done (shown once)."""
    lines = state.get(WARNINGS)
    if lines:
        st.warning("\n".join(f"- {plain(line)}" for line in lines))
    state.drop(WARNINGS)
