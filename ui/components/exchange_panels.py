"""Panels of the "Work offline" page: download a questionnaire or an XLSForm, upload returned
files, and decide on the merge preview. The engine does the work (``assessment.io``,
``framework.xlsform``); these functions only place widgets and call it.

The preview waits in the session (``ui.state``) between the upload and the decision; nothing
is saved until "Save" is pressed, and then only through the store, answer by answer.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assessment.io import merge_table
from assessment.io.excel_import import read_workbooks
from assessment.io.excel_template import EmptyScopeError, Scope, build_template, questions_in_scope
from assessment.io.kobo import read_kobo_csv
from assessment.io.merge import MergePreview, MergeStatus, apply_merge, build_preview
from assessment.io.xlsx_safety import MAX_FILE_BYTES
from assessment.models import Assessment
from framework.xlsform import build_xlsform
from ui import cache, state
from ui.i18n import error_text, t, text

PREVIEW = "exchange:preview"
# Every format_func below looks its label up in a dict built during the run: AppTest (and a
# rerun after a language switch) calls it outside the script, where the session is unknown.
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_MB = max(1, MAX_FILE_BYTES // (1024 * 1024))
KEEP_STORED = ""


def _language_picker(key: str) -> str:
    languages = {lang.code: lang.native_name for lang in cache.content().languages}
    codes = list(languages)
    index = codes.index(state.language()) if state.language() in codes else 0
    return st.selectbox(
        t("exchange.page.language"), codes, index=index, format_func=languages.__getitem__, key=key
    )


def _pick_scope(current: Assessment) -> Scope:
    bundle = cache.content()
    kinds = {k: t(f"exchange.page.scope.{k}") for k in ("all", "section", "agency")}
    kind = st.radio(
        t("exchange.page.scope"),
        list(kinds),
        horizontal=True,
        key="exchange:scope",
        format_func=kinds.__getitem__,
    )
    if kind == "section":
        sections = bundle.instruments[current.instrument_id].sections
        names = {s.id: f"{s.id} · {text(s.title)}" for s in sections}
        picked = st.selectbox(
            t("exchange.page.section"),
            list(names),
            format_func=names.__getitem__,
            key="exchange:section",
        )
        return Scope(section_id=picked)
    if kind == "agency":
        names = {a.id: text(a.name) for a in bundle.agencies.values()}
        picked = st.selectbox(
            t("exchange.page.agency"),
            list(names),
            format_func=names.__getitem__,
            key="exchange:agency",
        )
        return Scope(agency_id=picked)
    return Scope()


def template_panel(current: Assessment) -> None:
    """Scope and language of the questionnaire, then its download (built on click)."""
    bundle = cache.content()
    scope = _pick_scope(current)
    lang = _language_picker("exchange:template_lang")
    try:
        questions_in_scope(bundle, current, scope)
    except EmptyScopeError as exc:
        st.info(error_text(exc))
        return
    st.download_button(
        t("exchange.page.download_template"),
        data=lambda: build_template(bundle, current, scope, lang),
        file_name=f"{current.id}-{scope.code().replace(':', '-')}-{lang}.xlsx",
        mime=XLSX_MIME,
        key="exchange:download_template",
        on_click="ignore",
        icon=":material/download:",
    )


def xlsform_panel(current: Assessment | None) -> None:
    """Instrument, section and default language of the XLSForm, then its download."""
    bundle = cache.content()
    names = {i: text(instrument.short_title) for i, instrument in bundle.instruments.items()}
    ids = list(names)
    default = ids.index(current.instrument_id) if current else 0
    instrument_id = st.selectbox(
        t("exchange.page.instrument"),
        ids,
        index=default,
        key="exchange:form_instrument",
        format_func=names.__getitem__,
    )
    sections = {"": t("exchange.page.scope.all")} | {
        s.id: f"{s.id} · {text(s.title)}" for s in bundle.instruments[instrument_id].sections
    }
    section = st.selectbox(
        t("exchange.page.section"),
        list(sections),
        key="exchange:form_section",
        format_func=sections.__getitem__,
    )
    lang = _language_picker("exchange:form_lang")
    st.download_button(
        t("exchange.page.download_xlsform"),
        data=lambda: build_xlsform(bundle, instrument_id, section or None, lang),
        file_name=f"gapassess-{instrument_id}{'-' + section if section else ''}-xlsform.xlsx",
        mime=XLSX_MIME,
        key="exchange:download_xlsform",
        on_click="ignore",
        icon=":material/download:",
    )


def upload_panel(current: Assessment, kind: str) -> None:
    """Upload returned workbooks (``xlsx``) or a Kobo export (``csv``) and make the preview."""
    many = kind == "xlsx"
    uploads = st.file_uploader(
        t(f"exchange.page.upload_{kind}"),
        type=[kind],
        accept_multiple_files=many,
        key=f"exchange:upload:{kind}",
        max_upload_size=MAX_UPLOAD_MB,
        help=t("exchange.page.upload_help", maximum=MAX_UPLOAD_MB),
    )
    files = [u for u in (uploads if many else [uploads]) if u is not None]  # type: ignore[union-attr]
    if not files or not st.button(t("exchange.page.check"), key=f"exchange:check:{kind}"):
        return
    bundle = cache.content()
    named = [(f.name, f.getvalue()) for f in files]
    if many:
        reads = read_workbooks(named, bundle, current)
    else:
        reads = [r for name, data in named for r in read_kobo_csv(data, name, bundle, current)]
    state.put(PREVIEW, build_preview(current, reads))


def _table(rows: list[dict[str, str]], columns: tuple[str, ...]) -> None:
    titles = merge_table.column_titles(columns, cache.content(), state.language())
    st.dataframe([{titles[c]: row[c] for c in columns} for row in rows], hide_index=True)


def _conflict_picks(preview: MergePreview) -> dict[str, str]:
    picks = {}
    for item in preview.with_status(MergeStatus.CONFLICT):
        names = {KEEP_STORED: t("exchange.page.keep_stored")}
        names |= {p.source: p.source for p in item.proposals}
        chosen = st.selectbox(
            t("exchange.page.pick", question=item.question_id),
            list(names),
            key=f"exchange:pick:{item.question_id}",
            format_func=names.__getitem__,
        )
        if chosen:
            picks[item.question_id] = chosen
    return picks


def preview_panel(current: Assessment, on_done: Callable[[], None] = st.rerun) -> None:
    """The merge preview waiting for a decision: tables, conflict choices, save or discard."""
    preview: MergePreview | None = state.get(PREVIEW)
    if preview is None or preview.assessment_id != current.id:
        return
    bundle, lang = cache.content(), state.language()
    st.subheader(t("exchange.page.preview"))
    st.write(merge_table.summary(preview, bundle, lang))
    changes = merge_table.change_rows(preview, bundle, lang)
    if changes:
        _table(changes, merge_table.CHANGE_COLUMNS)
    if preview.issues:
        st.warning(t("exchange.page.problems"))
        _table(merge_table.issue_rows(preview, bundle, lang), merge_table.ISSUE_COLUMNS)
    picks = _conflict_picks(preview)
    clean = preview.default_choices()
    take = bool(clean) and st.checkbox(
        t("exchange.page.take_changes", count=len(clean)), value=True, key="exchange:take"
    )
    save, discard = st.columns(2)
    if save.button(
        t("exchange.page.save"), type="primary", key="exchange:save", disabled=not (take or picks)
    ):
        choices = {**(clean if take else {}), **picks}
        result = apply_merge(cache.store(), preview, choices, state.user_name())
        kind = "warning" if result.refused else "success"
        state.notify(
            "exchange",
            kind,
            "exchange.page.saved",
            saved=len(result.saved),
            refused=len(result.refused),
        )
        state.drop(PREVIEW)
        on_done()
    if discard.button(t("exchange.page.discard"), key="exchange:discard"):
        state.drop(PREVIEW)
        on_done()
