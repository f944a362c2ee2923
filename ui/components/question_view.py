"""How a question's facts are shown (library and questionnaire alike): badges, legal basis with
the article summaries, the resources it cites, provenance, see-also links."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from framework.ids import provision_of, split_resource_ref
from framework.models import Provenance, Question, QuestionKind
from ui import cache
from ui.components.text import link, plain
from ui.i18n import dimension, kind, legal_ref, obligation, pillar, t, text


def badges(question: Question) -> None:
    """Pillar, dimension, obligation class, kind and the provenance tag, on one line."""
    st.markdown(badge_text(question))


def badge_text(question: Question) -> str:
    """The badges of ``badges`` as one line of Markdown."""
    line = [
        f":blue-badge[{plain(pillar(question.pillar))}]",
        f":violet-badge[{plain(dimension(question.dimension))}]",
        f":gray-badge[{plain(obligation(question.obligation))}]",
    ]
    if question.kind is QuestionKind.INFO:
        line.append(f":green-badge[{plain(kind(question.kind))}]")
    line.append(provenance_badge(question.provenance))
    return " ".join(line)


def provenance_badge(provenance: Provenance) -> str:
    if provenance.verified:
        return f":green-badge[:material/verified: {plain(t('provenance.verified'))}]"
    return f":orange-badge[:material/construction: {plain(t('provenance.unverified'))}]"


def provenance_note(provenance: Provenance) -> None:
    st.caption(plain(t("provenance.source", source=provenance.source)))


def legal_basis_lines(question: Question) -> list[str]:
    """``SOM art. 6(1)(a)`` - article title: summary, one Markdown line per reference."""
    bundle = cache.content()
    lines = []
    for ref in question.legal_basis:
        provision = bundle.provisions.get(provision_of(ref))
        if provision is None:
            lines.append(f"- **{plain(legal_ref(ref))}**")
            continue
        article = t(
            "library.legal_line",
            title=plain(text(provision.title)),
            summary=plain(text(provision.summary)),
        )
        lines.append(f"- **{plain(legal_ref(ref))}** · {article}")
    return lines


def resource_lines(refs: list[str]) -> list[str]:
    """Title (year) and the part cited, as links to the publisher's page."""
    bundle = cache.content()
    lines = []
    for ref in refs:
        resource_id, part_id = split_resource_ref(ref)
        resource = bundle.resources.get(resource_id)
        if resource is None:
            continue
        year = f" ({resource.year})" if resource.year else ""
        line = f"- {link(text(resource.title), resource.url)}{year}"
        part = resource.part(part_id) if part_id else None
        if part is not None:
            line += f" · {link(text(part.title), part.url or resource.url)}"
        lines.append(line)
    return lines


def legal_basis(question: Question) -> None:
    lines = legal_basis_lines(question)
    st.markdown("\n".join(lines) if lines else t("ui.none"))


def details(question: Question, on_see_also: Callable[[str], None] | None = None) -> None:
    """Everything the content says about ``question`` (the library's question card)."""
    badges(question)
    st.markdown(f"**{plain(t('library.guidance'))}** {plain(text(question.guidance))}")
    st.markdown(f"**{plain(t('library.legal_basis'))}**")
    legal_basis(question)
    refs = resource_lines(question.resources)
    if refs:
        st.markdown(f"**{plain(t('library.resources'))}**")
        st.markdown("\n".join(refs))
    if question.kind is QuestionKind.INFO and question.answer_type is not None:
        st.caption(t("library.answer_type", type=t(f"library.info_type.{question.answer_type}")))
    provenance_note(question.provenance)
    see_also(question, on_see_also)


def see_also(question: Question, on_click: Callable[[str], None] | None) -> None:
    """Links to the same question asked in the other instrument (both directions)."""
    targets = cache.content().see_also.get(question.id, [])
    if not targets:
        return
    st.markdown(f"**{plain(t('library.see_also'))}**")
    bundle = cache.content()
    for target in targets:
        found = bundle.find_question(target)
        if found is None:
            continue
        instrument, _, _, other = found
        label = t(
            "library.see_also_link",
            id=target,
            instrument=plain(text(instrument.short_title)),
            text=plain(text(other.text)),
        )
        st.button(
            label,
            key=f"see:{question.id}:{target}",
            icon=":material/link:",
            type="tertiary",
            on_click=on_click,
            args=(target,),
            disabled=on_click is None,
        )
