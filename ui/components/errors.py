"""Failures the user can see: a message in their language, the traceback only in the server log.

``.streamlit/config.toml`` already hides Streamlit's own error details; these helpers make sure
the user gets a sentence they can act on instead of a blank red box.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec

import streamlit as st

from ui import state
from ui.i18n import error_text, t

LOG = logging.getLogger("gapassess.ui")
P = ParamSpec("P")


@contextmanager
def guard(what: str) -> Iterator[None]:
    """Show a translated error instead of a traceback if the block fails."""
    try:
        yield
    except Exception as exc:
        LOG.exception("%s failed", what)
        st.error(error_text(exc) if getattr(exc, "key", None) else t("ui.error.generic"))


def guarded_callback(topic: str) -> Callable[[Callable[P, Any]], Callable[P, None]]:
    """Wrap a widget callback: an unexpected failure becomes a notice on ``topic``."""

    def wrap(callback: Callable[P, Any]) -> Callable[P, None]:
        @functools.wraps(callback)
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            try:
                callback(*args, **kwargs)
            except Exception as exc:
                LOG.exception("callback %s failed", callback.__name__)
                key = getattr(exc, "key", None) or "ui.error.generic"
                state.notify(topic, "error", key, getattr(exc, "params", None))

        return run

    return wrap


def show_notice(topic: str) -> None:
    """Show (once) the notice left for ``topic`` by a callback."""
    notice = state.take_notice(topic)
    if notice is None:
        return
    show = {"success": st.success, "warning": st.warning}.get(notice.kind, st.error)
    show(t(notice.key, **notice.params))
