"""Work offline: Excel and Kobo. Download a questionnaire for agencies or an XLSForm for field
teams; upload what comes back, see the merge preview, and save what you accept."""

from __future__ import annotations

import streamlit as st

from ui import cache, state
from ui.components import exchange_panels
from ui.components.errors import guard, show_notice
from ui.i18n import t

st.title(t("page.exchange.title"))
st.caption(t("exchange.page.intro"))
show_notice("exchange")
current = cache.assessment(state.current_assessment_id())

excel, kobo = st.tabs([t("exchange.page.tab_excel"), t("exchange.page.tab_kobo")])
with excel:
    if current is None:
        st.info(t("exchange.page.no_assessment"))
    else:
        st.subheader(t("exchange.page.template"))
        with guard("template"):
            exchange_panels.template_panel(current)
        st.subheader(t("exchange.page.return"))
        with guard("upload"):
            exchange_panels.upload_panel(current, "xlsx")
with kobo:
    st.subheader(t("exchange.page.xlsform"))
    st.caption(t("exchange.page.xlsform_help"))
    with guard("xlsform"):
        exchange_panels.xlsform_panel(current)
    if current is not None:
        st.subheader(t("exchange.page.kobo_return"))
        with guard("kobo"):
            exchange_panels.upload_panel(current, "csv")

if current is not None:
    with guard("preview"):
        exchange_panels.preview_panel(current)
