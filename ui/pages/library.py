"""Library: browse the Framework for Action and the Assessment Guide, search both, and see the
resource catalogue. Read-only: nothing here touches an assessment."""

from __future__ import annotations

import streamlit as st

from ui import cache, state
from ui.components import library_views as views
from ui.i18n import t, text

st.title(t("page.library.title"))
st.caption(t("library.intro"))

query = st.text_input(
    t("library.search"),
    key=views.SEARCH_KEY,
    placeholder=t("library.search_hint"),
    persist_state="session",
)
if query.strip():
    views.search_view(query)
    st.stop()

instruments = cache.content().instruments
options = [*sorted(instruments, key=lambda i: i != "ifa"), "resources"]
labels = {i: text(instruments[i].short_title) for i in options[:-1]}
labels["resources"] = t("library.resources_view")
if state.get(views.VIEW_KEY) not in options:
    state.put(views.VIEW_KEY, options[0])
view = st.segmented_control(
    t("library.view"),
    options,
    key=views.VIEW_KEY,
    required=True,
    persist_state="session",
    format_func=labels.__getitem__,
)
if view == "resources":
    views.resource_view()
elif view in instruments:
    views.instrument_view(instruments[view])
