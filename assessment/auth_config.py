"""Whether sign-in is on, and how: read once from the environment and ``secrets.toml``.

Sign-in is **off** unless configured (the single-laptop default: no accounts, everything
allowed, the sidebar asks for a name to record). It is switched on by, in this order:

1. the environment variable ``GAPASSESS_AUTH`` = ``local`` | ``oidc`` | ``off``;
2. the ``[gapassess]`` table of ``.streamlit/secrets.toml`` (the project's, else
   ``~/.streamlit/secrets.toml``; the app reads it through ``st.secrets``)::

       [gapassess]
       auth = "oidc"                 # or "local"
       session_idle_minutes = 30     # sign out after this long without activity
       session_max_hours = 12        # and at the latest this long after signing in
       oidc_provider = "unodc"       # the [auth.<name>] provider for st.login (optional)
       client_ip_header = "X-Real-IP"  # behind a reverse proxy that sets it

The same settings may come from ``GAPASSESS_SESSION_IDLE_MINUTES``,
``GAPASSESS_SESSION_MAX_HOURS``, ``GAPASSESS_OIDC_PROVIDER`` and ``GAPASSESS_CLIENT_IP_HEADER``
(the environment wins). An unknown ``auth`` value is an error, never "off": a typo must not
open a shared server.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

MODES: Final = ("off", "local", "oidc")
SECTION: Final = "gapassess"
_OFF: Final = {"", "off", "none", "false", "0", "no"}


class AuthConfigError(ValueError):
    """The sign-in settings are invalid (the message names the setting)."""


@dataclass(frozen=True)
class AuthSettings:
    mode: str = "off"
    idle_minutes: int = 30
    max_hours: int = 12
    oidc_provider: str | None = None
    client_ip_header: str | None = None

    @property
    def enabled(self) -> bool:
        return self.mode != "off"


def secrets_files(cwd: Path | None = None, home: Path | None = None) -> list[Path]:
    """Where Streamlit looks for ``secrets.toml``: the user's, then the project's (which wins)."""
    home = home or Path.home()
    cwd = cwd or Path.cwd()
    return [home / ".streamlit" / "secrets.toml", cwd / ".streamlit" / "secrets.toml"]


def read_section(paths: list[Path] | None = None) -> dict[str, Any]:
    """The ``[gapassess]`` table of the secrets files (later files override earlier ones)."""
    merged: dict[str, Any] = {}
    for path in secrets_files() if paths is None else paths:
        try:
            with path.open("rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise AuthConfigError(f"{path}: cannot be read ({exc})") from None
        table = data.get(SECTION)
        if isinstance(table, dict):
            merged.update(table)
    return merged


def _setting(env: Mapping[str, str], section: Mapping[str, Any], name: str) -> Any:
    value = env.get(f"GAPASSESS_{name.upper()}")
    return value if value not in (None, "") else section.get(name)


def _positive(env: Mapping[str, str], section: Mapping[str, Any], name: str, default: int) -> int:
    value = _setting(env, section, name)
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise AuthConfigError(f"{name} must be a whole number, not {value!r}") from None
    if number <= 0:
        raise AuthConfigError(f"{name} must be positive")
    return number


def load_settings(
    environ: Mapping[str, str] | None = None, section: Mapping[str, Any] | None = None
) -> AuthSettings:
    """The sign-in settings from ``environ`` (default ``os.environ``) and the ``[gapassess]``
    secrets table ``section`` (default: read from the secrets files)."""
    env = os.environ if environ is None else environ
    table = read_section() if section is None else section
    raw = str(_setting(env, table, "auth") or "").strip().lower()
    mode = "off" if raw in _OFF else raw
    if mode not in MODES:
        raise AuthConfigError(f"auth must be one of {', '.join(MODES)}, not {raw!r}")
    provider = _setting(env, table, "oidc_provider")
    header = _setting(env, table, "client_ip_header")
    return AuthSettings(
        mode=mode,
        idle_minutes=_positive(env, table, "session_idle_minutes", 30),
        max_hours=_positive(env, table, "session_max_hours", 12),
        oidc_provider=str(provider).strip() or None if provider else None,
        client_ip_header=str(header).strip() or None if header else None,
    )
