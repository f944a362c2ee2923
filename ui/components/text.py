"""Text placed in Markdown: escaped so that user or content text is shown, never interpreted."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_\[\]{}<>#|~$])")


def plain(text: str) -> str:
    """``text`` escaped for ``st.markdown``: no emphasis, link, math or HTML is interpreted."""
    return _SPECIAL.sub(r"\\\1", text or "")


def link(title: str, url: str | None) -> str:
    """A Markdown link to ``url`` (https only) titled ``title``; the plain title without one."""
    if url and url.startswith("https://"):
        return f"[{plain(title)}]({url.replace(')', '%29').replace(' ', '%20')})"
    return plain(title)
