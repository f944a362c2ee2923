"""Help: the scoring method (rendered from the method data), what each page is for, where the
data is stored and what the app does (and never does) with it."""

from __future__ import annotations

import streamlit as st

from ui import cache, registry
from ui.components import method_view
from ui.components.text import plain
from ui.i18n import t

st.title(t("page.help.title"))
st.caption(t("help.intro"))

method_view.render(cache.content().method)

st.subheader(t("help.pages"))
st.markdown(
    "\n".join(
        f"- **{plain(t(spec.title_key))}**: {plain(t(spec.help_key))}" for spec in registry.PAGES
    )
)

st.subheader(t("help.storage"))
where = cache.storage_description()
st.markdown(plain(t(f"help.storage.{where.kind}", location=where.location)))
st.markdown(plain(t("help.storage.saving")))
st.markdown(plain(t("help.storage.backup")))

st.subheader(t("help.privacy"))
for key in ("help.privacy.local", "help.privacy.telemetry", "help.privacy.links"):
    st.markdown(f"- {plain(t(key))}")
