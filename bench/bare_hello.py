"""Baseline for bench_ui.py: a bare Streamlit hello page."""

import streamlit as st

st.title("Hello")
