"""The scoring method as the Help page shows it, rendered from the ``Method`` data object (the
same object the PDF's method section renders), so the two can never disagree."""

from __future__ import annotations

import streamlit as st

from framework.models import Method
from ui.components.text import plain
from ui.i18n import obligation, percent, t, text


def ratings(method: Method) -> None:
    st.subheader(t("help.ratings"))
    rows = [
        {
            t("help.col.rating"): text(level.label),
            t("help.col.value"): t("help.not_scored")
            if level.value is None
            else f"{level.value:.2f}".rstrip("0").rstrip("."),
            t("help.col.meaning"): text(level.description),
        }
        for level in method.ratings
    ]
    st.table(rows, hide_index=True)


def weights(method: Method) -> None:
    st.subheader(t("help.weights"))
    lines = [f"- {plain(obligation(ob))}: **{w:g}**" for ob, w in method.weights.items()]
    st.markdown("\n".join(lines))


def bands(method: Method) -> None:
    st.subheader(t("help.bands"))
    ordered = sorted(method.bands, key=lambda b: b.minimum, reverse=True)
    lines = [
        "- " + t("help.band_line", band=plain(text(band.label)), minimum=f"{band.minimum:g}")
        for band in ordered[:-1]
    ]
    above = ordered[-2].minimum if len(ordered) > 1 else 100
    lowest = ordered[-1]
    lines.append("- " + t("help.band_lowest", band=plain(text(lowest.label)), maximum=f"{above:g}"))
    st.markdown("\n".join(lines))


def rules(method: Method) -> None:
    st.subheader(t("help.rules"))
    for key, entry in method.text.items():
        heading = t(f"help.text.{key}")
        lead = "" if heading == f"help.text.{key}" else f"**{plain(heading)}** "
        st.markdown(lead + plain(text(entry)))
    st.markdown(
        plain(t("help.coverage_rule", threshold=percent(method.provisional_below_coverage)))
    )
    cap = next((b for b in method.bands if b.id == method.flag_band_cap), None)
    st.markdown(plain(t("help.flag_cap", band=text(cap.label) if cap else method.flag_band_cap)))
    st.caption(t("help.method_version", version=method.version))


def render(method: Method) -> None:
    ratings(method)
    weights(method)
    bands(method)
    rules(method)
