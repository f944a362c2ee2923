"""Baseline for bench_ui.py: a bare Streamlit page with one radio and a counter of changes."""

import streamlit as st

if "changes" not in st.session_state:
    st.session_state.changes = 0


def _count() -> None:
    st.session_state.changes += 1


st.radio("Rating", ["Fully", "Largely", "Partially"], index=None, key="r", on_change=_count)
st.write(f"Answered {st.session_state.changes} of 100 questions")
