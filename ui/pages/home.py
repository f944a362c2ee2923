"""Home / Assessments: the list, and creating, opening, importing, duplicating and deleting.

The demo assessments are seeded into an empty database the first time the store is opened
(``ui.cache.store``).
"""

from __future__ import annotations

import streamlit as st

from ui.components import home_actions, home_import, home_list
from ui.components.errors import guard, show_notice
from ui.i18n import t

st.title(t("page.home.title"))
st.caption(t("app.tagline"))
show_notice("home")
home_import.last_warnings()
home_actions.deleted_copy()

summaries = home_list.listing()
if summaries:
    with guard("table"):
        home_list.table(summaries)
    home_list.open_panel(summaries)
else:
    st.info(t("home.empty"))

new, follow, upload, remove = st.tabs(
    [t("home.tab.new"), t("home.tab.follow"), t("home.tab.import"), t("home.tab.delete")]
)
with new:
    home_actions.create_form()
with follow:
    if summaries:
        home_actions.follow_up_form(summaries)
with upload:
    home_import.import_panel(summaries)
with remove:
    if summaries:
        home_actions.delete_panel(summaries)
