"""One question of the questionnaire, drawn from the store and saved the moment it changes.

Each question is a fragment keyed ``q:<question id>``: a change reruns only that question, which
then redraws the progress bar in its slot above the questions (a fragment may fill an
``st.empty`` made outside it), not the whole page. The card is kept to a few elements and its
expanders draw their content only when opened: the browser's work per change grows with what
is redrawn. The widgets are
seeded from the store's answer on every draw (``state.seed_widget``); a value the store refuses
stays in its widget as *pending* with the reason, so nothing typed is lost. "Saved" is shown
only after the store committed. Widget keys are ``<field>:<question id>``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from assessment.models import Answer
from framework.models import Question, QuestionKind, Rating
from ui import state
from ui.components import answer_fields, question_view, saving
from ui.components.errors import guarded_callback
from ui.components.text import plain
from ui.i18n import legal_ref, t, text

PROGRESS_DIRTY = "questionnaire:progress_dirty"
NOTES = ("evidence", "sources", "agency", "comment")


def in_fragment_run() -> bool:
    """True while only fragments rerun (not the whole page)."""
    ctx = get_script_run_ctx()
    return bool(ctx and ctx.fragment_ids_this_run)


def fragment_key(question_id: str) -> str:
    return f"q:{question_id}"


def topic(question_id: str) -> str:
    return f"q:{question_id}"


def render(assessment_id: str, question: Question, progress: Callable[[], None]) -> None:
    """Draw ``question`` as its own fragment; ``progress`` redraws the progress bar after a
    change of this question was handled."""

    @st.fragment(key=fragment_key(question.id))
    def draw() -> None:
        _card(assessment_id, question, saving.snapshot(assessment_id).get(question.id))
        if state.get(PROGRESS_DIRTY) or not in_fragment_run():
            state.drop(PROGRESS_DIRTY)
            progress()

    draw()


def _card(assessment_id: str, question: Question, answer: Answer | None) -> None:
    with st.container(border=True, key=f"card:{question.id}"):
        head = f"**{plain(question.id)}** {plain(text(question.text))}"
        guidance = f":gray[:small[{plain(text(question.guidance))}]]"
        st.markdown(f"{head}\n\n{question_view.badge_text(question)}\n\n{guidance}")
        refs = ", ".join(legal_ref(ref) for ref in question.legal_basis) or t("ui.none")
        legal = st.expander(
            t("questionnaire.legal_basis", refs=refs),
            icon=":material/gavel:",
            key=f"legal:{question.id}",
            on_change="rerun",
        )
        if legal.open:
            with legal:
                question_view.legal_basis(question)
                resources = question_view.resource_lines(question.resources)
                if resources:
                    head = f"**{plain(t('library.resources'))}**"
                    st.markdown(head + "\n" + "\n".join(resources))
        if question.kind is QuestionKind.RATED:
            _rating(assessment_id, question, answer)
        else:
            answer_fields.info_field(question, answer, _on_change(assessment_id, question, "value"))
        _notes(assessment_id, question, answer)
        _status(assessment_id, question, answer)


def _rating(assessment_id: str, question: Question, answer: Answer | None) -> None:
    key = f"rating:{question.id}"
    state.seed_widget(key, answer.rating if answer else None)
    labels = answer_fields.rating_labels()
    chosen = st.radio(
        t("questionnaire.rating"),
        list(labels),
        index=None,
        key=key,
        format_func=labels.__getitem__,
        horizontal=True,
        on_change=_on_change(assessment_id, question, "rating"),
    )
    answer_fields.pending_note(key)
    if chosen is Rating.NOT_APPLICABLE or (answer and answer.justification):
        answer_fields.text_field(
            "justification",
            question,
            answer.justification if answer else "",
            t("questionnaire.justification"),
            _on_change(assessment_id, question, "justification"),
            single_line=True,
        )


def _notes(assessment_id: str, question: Question, answer: Answer | None) -> None:
    filled = sum(bool(answer and getattr(answer, name)) for name in NOTES)
    label = t("questionnaire.notes", count=filled)
    notes = st.expander(label, key=f"notes:{question.id}", on_change="rerun")
    if not notes.open:
        return
    with notes:
        for name in ("evidence", "sources"):
            answer_fields.text_field(
                name,
                question,
                getattr(answer, name) if answer else "",
                t(f"questionnaire.{name}"),
                _on_change(assessment_id, question, name),
            )
        answer_fields.agency_field(
            question,
            answer.agency if answer else None,
            _on_change(assessment_id, question, "agency"),
        )
        answer_fields.text_field(
            "comment",
            question,
            answer.comment if answer else "",
            t("questionnaire.comment"),
            _on_change(assessment_id, question, "comment"),
        )


def _status(assessment_id: str, question: Question, answer: Answer | None) -> None:
    notice = state.take_notice(topic(question.id))
    if saving.stale_fields(question.id):
        st.warning(t("questionnaire.stale"), icon=":material/sync_problem:")
        left, right = st.columns(2)
        left.button(
            t("questionnaire.reload"),
            key=f"reload:{question.id}",
            icon=":material/refresh:",
            on_click=_reload,
            args=(assessment_id, question.id),
        )
        right.button(
            t("questionnaire.keep_mine"),
            key=f"keep:{question.id}",
            icon=":material/save:",
            on_click=_keep_mine,
            args=(assessment_id, question),
        )
        return
    if notice is None and answer is None:
        return  # nothing to say: no element at all (cards stay light)
    row = st.container(horizontal=True, horizontal_alignment="distribute")
    if notice is not None and notice.kind != "success":
        row.error(t(notice.key, **notice.params))
    elif notice is not None:
        row.caption(f":material/check_circle: {plain(t(notice.key, **notice.params))}")
    elif answer is not None:
        when = answer.updated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
        row.caption(t("questionnaire.saved_at", time=when))
    if answer is not None:
        row.button(
            t("questionnaire.clear"),
            key=f"clear:{question.id}",
            type="tertiary",
            icon=":material/backspace:",
            on_click=_clear,
            args=(assessment_id, question.id),
        )


def _on_change(assessment_id: str, question: Question, field: str) -> Callable[[], None]:
    """The callback saving ``field`` of ``question`` (one per widget)."""
    return functools.partial(_act, question.id, saving.save_field, assessment_id, question, field)


def _clear(assessment_id: str, question_id: str) -> None:
    _act(question_id, saving.clear, assessment_id, question_id)


def _keep_mine(assessment_id: str, question: Question) -> None:
    _act(question.id, saving.keep_mine, assessment_id, question)


def _reload(assessment_id: str, question_id: str) -> None:
    _act(question_id, saving.reload, assessment_id, question_id)


def _act(question_id: str, action: Callable[..., None], *args: object) -> None:
    """Run a store action for one question (the widget's fragment reruns next and redraws the
    progress bar). An unexpected failure becomes a message on the question, not a traceback."""
    guarded_callback(topic(question_id))(action)(*args)
    state.put(PROGRESS_DIRTY, True)
