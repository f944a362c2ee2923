"""The assessment a results page is about: the one open in the sidebar, or a pointer to Home.

``require()`` returns the open assessment, or shows "open an assessment first" with a link to
the Assessments page and stops the page. ``caption(of)`` is the line under a page title:
country, round, instrument, and the fictional mark for demo data.
"""

from __future__ import annotations

import streamlit as st

from assessment.countries import country_name
from assessment.models import Assessment
from ui import cache, registry, state
from ui.components.text import plain
from ui.i18n import lang, t, text


def require() -> Assessment:
    """The open assessment; without one, a message and a link to Home, then ``st.stop()``."""
    current = cache.assessment(state.current_assessment_id())
    if current is None:
        st.info(t("dashboard.no_assessment"), icon=":material/info:")
        home = registry.page("home")
        st.page_link(str(home.path), label=t(home.title_key), icon=home.icon)
        st.stop()
    return current


def caption(of: Assessment) -> None:
    instrument = cache.content().instruments.get(of.instrument_id)
    line = t(
        "sidebar.assessment_line",
        country=country_name(of.country, lang()),
        round=of.round_label or t("ui.none"),
        instrument=text(instrument.short_title) if instrument else of.instrument_id,
    )
    fictional = f" :orange-badge[{plain(t('report.fictional.mark'))}]" if of.fictional else ""
    st.markdown(f"{plain(line)}{fictional}")
