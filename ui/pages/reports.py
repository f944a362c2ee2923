"""Reports: download the report (PDF, Word) and the data (CSV, Excel, JSON) of the open
assessment, in either language, after seeing what the files hold.

Every file is made by ``reports.exporters`` when its button is clicked; this page only places
the buttons (``ui.components.export_panel``).
"""

from __future__ import annotations

import streamlit as st

from ui.components import export_panel, open_assessment
from ui.components.errors import guard
from ui.i18n import t

st.title(t("page.reports.title"))
current = open_assessment.require()
open_assessment.caption(current)

with guard("reports contents"):
    export_panel.contents(current)
with guard("reports downloads"):
    export_panel.downloads(current)
