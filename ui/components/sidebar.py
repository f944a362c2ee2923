"""The sidebar every page shares: language, who is working (a typed name, or on a shared
server the signed-in user and the sign-out button), the open assessment, the app version."""

from __future__ import annotations

import streamlit as st

from assessment.countries import country_name
from ui import auth, cache, state
from ui.components import signin
from ui.components.errors import guard
from ui.components.text import plain
from ui.i18n import t


def language_picker() -> None:
    """The language switch (also on the sign-in page of a shared server)."""
    names = {lang.code: lang.native_name for lang in cache.content().languages}
    st.radio(
        t("sidebar.language"),
        list(names),
        key=state.LANGUAGE_KEY,
        format_func=names.__getitem__,
        horizontal=True,
        persist_state="session",
    )


def render() -> None:
    with st.sidebar:
        language_picker()
        if auth.enabled():  # shared server: the signed-in user, not a typed name
            signin.account_box()
        else:
            state.init_user_name()
            st.text_input(
                t("sidebar.user"),
                key=state.USER_KEY,
                help=t("sidebar.user_help"),
                persist_state="session",
            )
        with guard("sidebar"):
            _current_assessment()
        state.remember_in_url()
        st.caption(t("sidebar.version", version=cache.app_version()))


def _current_assessment() -> None:
    st.markdown(f"**{t('sidebar.current_assessment')}**")
    current = cache.assessment(state.current_assessment_id())
    if current is None:
        state.set_current_assessment(None)  # none chosen, or deleted meanwhile
        st.caption(t("sidebar.no_assessment"))
        return
    instrument = cache.content().instruments.get(current.instrument_id)
    short = instrument.short_title.get(state.language()) if instrument else current.instrument_id
    st.markdown(
        plain(
            t(
                "sidebar.assessment_line",
                country=country_name(current.country, state.language()),
                round=current.round_label or t("ui.none"),
                instrument=short,
            )
        )
    )
    if current.title:
        st.caption(plain(current.title))  # typed by a user: shown, never rendered
