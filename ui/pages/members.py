"""Members (shared server only): the owner of an assessment gives colleagues a role on it.

Owners see the assessments they own, admins all of them. Roles: viewer (reads, exports,
compares), editor (also answers and imports), owner (also edits, duplicates, deletes and
manages members). People get an account from the admin first (``python -m assessment users``
or, with an identity provider, by signing in once). Every change is checked by the store and
recorded in the history.
"""

from __future__ import annotations

import streamlit as st

from assessment.access import Role
from assessment.errors import UserFacingError
from ui import cache, state
from ui.components.errors import guard, show_notice
from ui.components.home_list import label
from ui.i18n import error_text, t

TOPIC = "members"

st.title(t("page.members.title"))
st.caption(t("page.members.help"))
show_notice(TOPIC)


def _owned() -> dict[str, str]:
    """Assessment id -> label, for the assessments this user may manage."""
    store = cache.store()
    me = state.actor()
    roles = store.roles()
    admin = me is not None and me.is_admin
    return {
        s.id: label(s) for s in store.list_assessments() if admin or roles.get(s.id) is Role.OWNER
    }


def _grant(assessment_id: str) -> None:
    roles = [r.value for r in Role]
    with st.form("members:grant", clear_on_submit=True):
        user = st.text_input(t("members.user"), help=t("members.user_help"), key="members:user")
        role = st.radio(
            t("members.role"),
            roles,
            format_func=lambda r: t(f"members.role.{r}"),
            horizontal=True,
            key="members:role",
        )
        submitted = st.form_submit_button(t("members.grant"), type="primary")
    if not submitted or not user.strip():
        return
    try:
        cache.store().grant(assessment_id, user, role or Role.VIEWER.value)
    except UserFacingError as exc:
        st.error(error_text(exc))
        return
    state.notify(TOPIC, "success", "members.granted", user=user.strip().lower())
    st.rerun()


def _revoke(assessment_id: str, members: list[str]) -> None:
    chosen = st.selectbox(t("members.revoke_pick"), members, key="members:revoke")
    if chosen and st.button(t("members.revoke"), key="members:revoke_go"):
        try:
            cache.store().revoke(assessment_id, chosen)
        except UserFacingError as exc:
            st.error(error_text(exc))
            return
        state.notify(TOPIC, "success", "members.revoked", user=chosen)
        st.rerun()


with guard("members"):
    owned = _owned()
    if not owned:
        st.info(t("members.none_owned"))
    else:
        picked = st.selectbox(
            t("members.assessment"), list(owned), format_func=owned.__getitem__, key="members:pick"
        )
        if picked:
            members = cache.store().members(picked)
            st.dataframe(
                [
                    {
                        t("members.col.user"): m.user_id,
                        t("members.col.name"): m.display_name,
                        t("members.col.role"): t(f"members.role.{m.role.value}"),
                        t("members.col.granted_by"): m.granted_by,
                    }
                    for m in members
                ],
                hide_index=True,
            )
            _grant(picked)
            if members:
                _revoke(picked, [m.user_id for m in members])
