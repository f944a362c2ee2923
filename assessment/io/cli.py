"""``python -m assessment template | import-xlsx | import-kobo``: the offline exchange from a shell.

    python -m assessment template ID [--section S | --agency A] [--lang en|zh] -o FILE.xlsx
                                  [--user NAME]
    python -m assessment import-xlsx ID FILE.xlsx [FILE.xlsx ...] [--apply] [--user NAME]
    python -m assessment import-kobo ID EXPORT.csv [--apply] [--user NAME]

The assessment is read from the store (``GAPASSESS_DB`` / ``DATABASE_URL``). With sign-in on
(a shared server, ``assessment.auth_config``) every command acts as the account ``--user`` and
may do only what that user may do in the app (``accounts.store_for_command``); an assessment
the user has no role on is reported as unknown. An import prints
the merge preview and writes nothing unless ``--apply`` is given; even then it writes nothing
when a file or a row was refused (fix the file, or pass ``--skip-invalid`` to import the valid
rows), and it never resolves a conflict by itself: conflicts stay as they are, listed.

Exit codes: 0 done, 2 invalid input (unknown assessment, refused file, refused rows without
``--skip-invalid``), 3 some answers were refused by the store because they changed meanwhile.

Wiring (``assessment/__main__.py``)::

    from assessment.io import cli as exchange_cli
    exchange_cli.register(sub)                     # in build_parser()
    if hasattr(args, "exchange_run"):              # first thing in main()
        return args.exchange_run(args)
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessment.io import excel_layout as layout
from assessment.io import merge_table
from assessment.io.excel_import import read_workbooks
from assessment.io.excel_template import EmptyScopeError, Scope, build_template
from assessment.io.kobo import read_kobo_csv
from assessment.io.merge import MergePreview, apply_merge, build_preview
from assessment.io.rows import SourceRead
from assessment.models import Assessment
from framework.loader import ContentBundle, load_content

EXIT_INVALID = 2
EXIT_STALE = 3
MAX_INPUT_BYTES = 20 * 1024 * 1024  # the readers apply their own, smaller limits


def _default_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some containers and services)
        return "cli"


def _open_store(user: str) -> Any:
    from assessment.accounts import store_for_command

    return store_for_command(user)


def _assessment(store: Any, assessment_id: str) -> Assessment | None:
    from assessment.errors import AccessDeniedError, NotFoundError

    try:
        return store.get(assessment_id)
    except (NotFoundError, AccessDeniedError):  # the same answer: nothing about others' work
        return None


def _opened(user: str) -> Any:
    """The store for ``user``, or the one-line reason it cannot be used."""
    from assessment.errors import AccountError

    try:
        return _open_store(user)
    except AccountError:
        return f"{user!r} is not an active account of this server (--user)"


def _err(text: str) -> int:
    sys.stderr.write(f"error: {text}\n")
    return EXIT_INVALID


def _run_template(args: argparse.Namespace) -> int:
    bundle = load_content()
    store = _opened(args.user)
    if isinstance(store, str):
        return _err(store)
    assessment = _assessment(store, args.assessment)
    if assessment is None:
        return _err(f"no assessment {args.assessment!r}")
    if args.lang not in bundle.language_codes:
        return _err(f"unknown language {args.lang!r}")
    scope = Scope(section_id=args.section, agency_id=args.agency)
    try:
        data = build_template(bundle, assessment, scope, args.lang)
    except EmptyScopeError as exc:
        return _err(layout.text(bundle, exc.key, "en", **exc.params))
    args.output.write_bytes(data)
    sys.stdout.write(f"wrote {args.output} ({assessment.id}, {scope.code()}, {args.lang})\n")
    return 0


def _read_files(paths: list[Path]) -> list[tuple[str, bytes]] | str:
    files = []
    for path in paths:
        if not path.is_file():
            return f"{path}: no such file"
        if path.stat().st_size > MAX_INPUT_BYTES:
            return f"{path}: larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB"
        files.append((path.name, path.read_bytes()))
    return files


def _print_preview(preview: MergePreview, bundle: ContentBundle, lang: str = "en") -> None:
    out = sys.stdout
    out.write(merge_table.summary(preview, bundle, lang) + "\n")
    for row in merge_table.change_rows(preview, bundle, lang):
        out.write(f"  {row['question']:<12} {row['status']}\n")
        out.write(f"      {row['stored']}\n   -> {row['incoming']}  [{row['source']}]\n")
    for row in merge_table.issue_rows(preview, bundle, lang):
        where = f"{row['source']}" + (f", row {row['row']}" if row["row"] else "")
        what = " ".join(part for part in (row["question"], row["field"]) if part)
        out.write(f"  ! {where}{': ' + what if what else ''}: {row['problem']}\n")


def _import(
    args: argparse.Namespace,
    read: Callable[[list[tuple[str, bytes]], ContentBundle, Assessment], list[SourceRead]],
) -> int:
    bundle = load_content()
    store = _opened(args.user)
    if isinstance(store, str):
        return _err(store)
    assessment = _assessment(store, args.assessment)
    if assessment is None:
        return _err(f"no assessment {args.assessment!r}")
    files = _read_files(args.files)
    if isinstance(files, str):
        return _err(files)
    preview = build_preview(assessment, read(files, bundle, assessment))
    _print_preview(preview, bundle)
    refused = bool(preview.refused_sources) or (bool(preview.issues) and not args.skip_invalid)
    if not args.apply:
        return EXIT_INVALID if preview.refused_sources else 0
    if refused:
        return _err("nothing was imported: fix the problems above (or use --skip-invalid)")
    result = apply_merge(store, preview, preview.default_choices(), args.user, None)
    sys.stdout.write(f"saved {len(result.saved)} answer(s)\n")
    for question_id, reason in result.refused.items():
        sys.stderr.write(f"not saved: {question_id}: {reason}\n")
    return EXIT_STALE if result.refused else 0


def _read_xlsx(
    files: list[tuple[str, bytes]], bundle: ContentBundle, assessment: Assessment
) -> list[SourceRead]:
    return read_workbooks(files, bundle, assessment)


def _read_kobo(
    files: list[tuple[str, bytes]], bundle: ContentBundle, assessment: Assessment
) -> list[SourceRead]:
    return [read for name, data in files for read in read_kobo_csv(data, name, bundle, assessment)]


def _configure_import(parser: argparse.ArgumentParser, suffix: str) -> None:
    parser.add_argument("assessment", help="assessment id")
    parser.add_argument("files", type=Path, nargs="+", help=f"the {suffix} file(s) to import")
    parser.add_argument("--apply", action="store_true", help="save new and changed answers")
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help="with --apply: import the valid rows even if some were refused",
    )
    parser.add_argument("--user", default=_default_user(), help="name kept in the history")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``template``, ``import-xlsx`` and ``import-kobo``; each sets ``exchange_run``."""
    template = subparsers.add_parser("template", help="write the Excel questionnaire")
    template.add_argument("assessment", help="assessment id")
    scope = template.add_mutually_exclusive_group()
    scope.add_argument("--section", help="only this section, e.g. PROS")
    scope.add_argument("--agency", help="only the questions assigned to this agency id")
    template.add_argument("--lang", default="en", help="language of the workbook: en or zh")
    template.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")
    template.add_argument("--user", default=_default_user(), help="account (shared server)")
    template.set_defaults(exchange_run=_run_template)
    xlsx = subparsers.add_parser("import-xlsx", help="preview (and apply) filled questionnaires")
    _configure_import(xlsx, ".xlsx")
    xlsx.set_defaults(exchange_run=lambda args: _import(args, _read_xlsx))
    kobo = subparsers.add_parser("import-kobo", help="preview (and apply) a Kobo/ODK CSV export")
    _configure_import(kobo, ".csv")
    kobo.set_defaults(exchange_run=lambda args: _import(args, _read_kobo))


def main(argv: list[str] | None = None) -> int:
    """Run one of the exchange commands on its own (tests, or before the wiring lands)."""
    parser = argparse.ArgumentParser(prog="python -m assessment")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.exchange_run(args))
