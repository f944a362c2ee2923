"""Streamlit entry point: page config, language, sign-in, sidebar, navigation. Nothing else.

Run with ``python -m streamlit run app.py``. Pages are listed in ``ui/registry.py``; this is the
only module that calls ``st.navigation``.
"""

from __future__ import annotations

import logging

import streamlit as st

from assessment.errors import UserFacingError
from ui import auth, cache, registry, state
from ui.components import sidebar
from ui.i18n import error_text, t

LOG = logging.getLogger("gapassess.app")

# An emoji icon: the browser draws it locally (a :material/...: page icon is fetched from
# fonts.gstatic.com, a request off this machine).
st.set_page_config(page_title="Gap Assessment", page_icon="📋", layout="wide")
state.init_language(cache.content().language_codes, st.context.locale)
st.set_page_config(page_title=t("app.short_name"))
actor = auth.gate()  # shared server: the sign-in page until someone signs in (stops the run)
sidebar.render()

pages = [
    st.Page(
        spec.path,
        title=t(spec.title_key),
        icon=spec.icon,
        url_path=spec.id,
        default=spec.default,
    )
    for spec in registry.visible(actor is not None, actor is not None and actor.is_admin)
]
try:
    st.navigation(pages).run()
except UserFacingError as exc:  # e.g. a role the user lacks: say which rule, not a trace
    LOG.warning("page refused: %s", exc)
    st.error(error_text(exc))
except Exception:  # the page failed: say so in the user's language, keep the trace in the log
    LOG.exception("page failed")
    st.error(t("ui.error.generic"))
