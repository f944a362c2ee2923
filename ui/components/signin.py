"""What a shared server shows before anyone signs in, and the account box of the sidebar.

``page(config)``: the sign-in page (a name and password form for local accounts, a button
to the identity provider for OIDC), with the language picker in the sidebar. The password
is taken out of the tab's state in the submit callback, so no password stays in the tab.
``account_box()``: who is signed in, and the sign-out button.
"""

from __future__ import annotations

import streamlit as st

from assessment.auth_config import AuthSettings
from assessment.errors import SignInError
from ui import auth, state
from ui.components.errors import show_notice
from ui.components.text import plain
from ui.i18n import t

FORM = "auth:form"
USER = "auth:user"
PASSWORD = "auth:password"  # noqa: S105 - the widget key, not a password


def page(config: AuthSettings) -> None:
    from ui.components import sidebar

    with st.sidebar:
        sidebar.language_picker()
    st.title(t("auth.title"))
    st.caption(t("auth.intro"))
    show_notice(auth.TOPIC)
    if config.mode == "oidc":
        _identity_provider(config)
    else:
        _password_form()


def _identity_provider(config: AuthSettings) -> None:
    if st.user.is_logged_in:  # signed in at the provider, but refused here
        st.button(t("auth.sign_out"), on_click=st.logout, key="auth:provider_out")
        return
    args = (config.oidc_provider,) if config.oidc_provider else ()
    st.button(
        t("auth.sign_in_provider"),
        on_click=st.login,
        args=args,
        type="primary",
        icon=":material/login:",
        key="auth:provider",
    )


def _password_form() -> None:
    with st.form(FORM):
        st.text_input(t("auth.user"), key=USER, autocomplete="username")
        st.text_input(
            t("auth.password"), type="password", key=PASSWORD, autocomplete="current-password"
        )
        st.form_submit_button(t("auth.sign_in"), type="primary", on_click=_submit)


def _submit() -> None:
    """The form's callback: the password is taken out of the tab's state before anything
    else, checked, and forgotten; a refusal is shown by ``page`` on the rerun."""
    name = str(state.widget_value(USER) or "")
    password = str(state.widget_value(PASSWORD) or "")
    state.put(PASSWORD, "")
    if not name.strip() or not password:
        state.notify(auth.TOPIC, "error", "auth.missing")
        return
    try:
        auth.sign_in_local(name, password)
    except SignInError as exc:
        state.notify(auth.TOPIC, "error", exc.key, exc.params)


def account_box() -> None:
    """The signed-in user and the sign-out button (the sidebar, shared mode)."""
    held = state.signed_in()
    if held is None:
        return
    st.caption(t("auth.signed_in_as", user=plain(held.actor.user_id)))
    st.button(
        t("auth.sign_out"),
        on_click=auth.sign_out,
        icon=":material/logout:",
        key="auth:sign_out",
    )
