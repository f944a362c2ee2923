"""Questionnaire: answer the open assessment section by section; every change is saved at once.

The page reloads the answers from the store on every full run; each question is its own
fragment, so answering one redraws only that question and the progress bar.
"""

from __future__ import annotations

import streamlit as st

from assessment.countries import country_name
from ui import cache, state
from ui.components import answer_form, progress_bar, questionnaire_nav, saving
from ui.components.errors import show_notice
from ui.components.text import plain
from ui.i18n import lang, t, text

st.title(t("page.questionnaire.title"))
current = cache.assessment(state.current_assessment_id())
if current is None:
    st.info(t("questionnaire.none_open"))
    st.page_link("ui/pages/home.py", label=t("page.home.title"), icon=":material/home:")
    st.stop()

instrument = cache.content().instruments[current.instrument_id]
saving.load(current.id, dict(current.answers))
st.caption(
    plain(
        t(
            "questionnaire.heading",
            country=country_name(current.country, lang()),
            round=current.round_label or t("ui.none"),
            instrument=text(instrument.short_title),
        )
    )
)
st.caption(t("questionnaire.autosave"))
show_notice("questionnaire")

place = questionnaire_nav.pick_place(instrument)
filters = questionnaire_nav.pick_filters()
redraw_progress = progress_bar.slot(current.id, instrument, place.section.id)

shown = questionnaire_nav.questions_in_scope(instrument, place, filters, current.answers)
if not shown:
    st.info(t("questionnaire.nothing_matches"))
for area, questions in questionnaire_nav.paginate(shown, place):
    st.subheader(plain(f"{area.id} · {text(area.title)}"))
    if area.description:
        st.caption(plain(text(area.description)))
    for question in questions:
        answer_form.render(current.id, question, redraw_progress)

questionnaire_nav.next_page(place, sum(len(questions) for _, questions in shown))
if place.scope == "area":
    questionnaire_nav.previous_next(instrument, place)
