"""``python -m assessment users ...``: accounts and roles of a shared server, from a shell.

    python -m assessment users add NAME [--admin] [--oidc] [--name "Display name"]
    python -m assessment users passwd NAME
    python -m assessment users grant NAME ASSESSMENT_ID owner|editor|viewer
    python -m assessment users revoke NAME ASSESSMENT_ID
    python -m assessment users list [--assessment ASSESSMENT_ID]
    python -m assessment users disable NAME | enable NAME
    python -m assessment users admin NAME on|off

It works on the database the app uses (``DATABASE_URL`` / ``GAPASSESS_DB``) as its operator:
whoever can run it can reach the database anyway. Passwords are asked twice on the terminal
(never echoed), or read from the first line of stdin with ``--password-stdin`` (scripts);
never taken from the command line, where other users of the machine could see them.
``--oidc`` adds a user who signs in through the identity provider (no password).

Exit codes: 0 done, 2 refused (unknown user, weak password, unknown assessment ...).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from assessment.access import Role

EXIT_INVALID = 2


def _operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):
        return "cli"


def _store() -> Any:
    from assessment.store import Store

    return Store.from_env()


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("New password: ")
    if getpass.getpass("Repeat it: ") != first:
        raise _Refused("the two passwords differ")
    return first


class _Refused(Exception):
    """A one-line reason the command did nothing."""


def _add(args: argparse.Namespace, store: Any) -> str:
    from assessment.accounts import Accounts

    password = None if args.oidc else _password(args)
    user = Accounts(store).add(
        args.user, password, display_name=args.name or "", is_admin=args.admin
    )
    kind = "identity provider" if args.oidc else "password"
    return f"added {user.id} ({kind}{', admin' if user.is_admin else ''})"


def _passwd(args: argparse.Namespace, store: Any) -> str:
    from assessment.accounts import Accounts

    Accounts(store).set_password(args.user, _password(args))
    return f"password of {args.user} changed; its open sessions end"


def _grant(args: argparse.Namespace, store: Any) -> str:
    store.grant(args.assessment, args.user, args.role, user=_operator())
    return f"{args.user} is {args.role} of {args.assessment}"


def _revoke(args: argparse.Namespace, store: Any) -> str:
    store.revoke(args.assessment, args.user, user=_operator())
    return f"{args.user} has no role on {args.assessment}"


def _list(args: argparse.Namespace, store: Any) -> str:
    from assessment.accounts import Accounts

    if args.assessment:
        rows = [f"{m.user_id}\t{m.role}\t{m.display_name}" for m in store.members(args.assessment)]
        return "\n".join(rows) or "no members"
    lines = []
    for user in Accounts(store).list_users():
        flags = [
            "admin" if user.is_admin else "",
            "" if user.active else "disabled",
            "password" if user.has_password else "identity provider",
        ]
        lines.append(f"{user.id}\t{', '.join(f for f in flags if f)}\t{user.display_name}")
    return "\n".join(lines) or "no accounts"


def _flag(name: str) -> Any:
    def run(args: argparse.Namespace, store: Any) -> str:
        from assessment.accounts import Accounts

        accounts = Accounts(store)
        if name == "admin":
            accounts.set_admin(args.user, args.value == "on")
            return f"{args.user} admin: {args.value}"
        accounts.set_active(args.user, name == "enable")
        return f"{args.user} {name}d"

    return run


def _run(args: argparse.Namespace) -> int:
    from assessment.errors import UserFacingError
    from framework.i18n import translate

    store = _store()
    try:
        sys.stdout.write(args.users_run(args, store) + "\n")
    except _Refused as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID
    except UserFacingError as exc:
        sys.stderr.write(f"error: {translate(exc.key, 'en', **exc.params)}\n")
        return EXIT_INVALID
    finally:
        store.close()
    return 0


def _with_password(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the password from stdin"
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``users`` and its subcommands (dispatched through ``exchange_run``)."""
    users = subparsers.add_parser("users", help="accounts and roles of a shared server")
    users.set_defaults(exchange_run=_run)
    sub = users.add_subparsers(dest="users_command", required=True)
    add = sub.add_parser("add", help="add an account")
    add.add_argument("user", help="account name or e-mail address")
    add.add_argument("--admin", action="store_true", help="may do everything, reads the audit")
    add.add_argument("--oidc", action="store_true", help="signs in through the identity provider")
    add.add_argument("--name", help="display name")
    _with_password(add)
    add.set_defaults(users_run=_add)
    passwd = sub.add_parser("passwd", help="set a new password")
    passwd.add_argument("user")
    _with_password(passwd)
    passwd.set_defaults(users_run=_passwd)
    grant = sub.add_parser("grant", help="give a role on an assessment")
    grant.add_argument("user")
    grant.add_argument("assessment", help="assessment id")
    grant.add_argument("role", choices=[r.value for r in Role])
    grant.set_defaults(users_run=_grant)
    revoke = sub.add_parser("revoke", help="take a role away")
    revoke.add_argument("user")
    revoke.add_argument("assessment", help="assessment id")
    revoke.set_defaults(users_run=_revoke)
    listing = sub.add_parser("list", help="accounts, or the members of one assessment")
    listing.add_argument("--assessment", help="assessment id")
    listing.set_defaults(users_run=_list)
    for name in ("disable", "enable"):
        flag = sub.add_parser(name, help=f"{name} an account")
        flag.add_argument("user")
        flag.set_defaults(users_run=_flag(name))
    admin = sub.add_parser("admin", help="make an account admin, or not")
    admin.add_argument("user")
    admin.add_argument("value", choices=["on", "off"])
    admin.set_defaults(users_run=_flag("admin"))
