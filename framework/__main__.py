"""``python -m framework check``: validate the content and print its counts; exit 1 on a problem."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from framework.checks import instrument_counts
from framework.errors import ContentInvalidError
from framework.loader import DATA_DIR, ContentBundle, build_bundle, read_raw
from framework.schema import write as write_schemas


def _print_counts(bundle: ContentBundle) -> None:
    out = sys.stdout
    for inst in bundle.instruments.values():
        counts = instrument_counts(inst)
        summary = ", ".join(f"{v} {k}" for k, v in counts.items())
        out.write(f"{inst.id} v{inst.version}: {summary}\n")
        for section in inst.sections:
            questions = [q for a in section.areas for q in a.questions]
            out.write(
                f"  {section.id:<6} {section.title.get('en')}: {len(section.areas)} areas, "
                f"{len(questions)} questions\n"
            )
            for area in section.areas:
                out.write(f"    {area.id:<9} {len(area.questions):>3}  {area.title.get('en')}\n")
        classes = Counter(q.obligation.value for q in inst.questions() if q.kind == "rated")
        out.write(
            "  obligation: " + ", ".join(f"{k} {v}" for k, v in sorted(classes.items())) + "\n"
        )
        verified = sum(q.provenance.verified for q in inst.questions())
        out.write(f"  provenance: {verified} of {counts['questions']} questions verified\n")
    out.write(
        f"catalogues: {len(bundle.resources)} resources "
        f"({sum(len(r.parts) for r in bundle.resources.values())} parts), "
        f"{len(bundle.provisions)} provisions, {len(bundle.treaties)} treaties, "
        f"{len(bundle.agencies)} agencies, {len(bundle.red_flags)} red flags\n"
    )
    for code, strings in bundle.strings.items():
        out.write(f"language {code}: {len(strings)} UI strings\n")


def _check(data_dir: Path) -> int:
    try:
        bundle = build_bundle(read_raw(data_dir))
    except ContentInvalidError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    _print_counts(bundle)
    sys.stdout.write("content OK\n")
    return 0


def _add_xlsform(sub: argparse._SubParsersAction) -> None:
    xlsform = sub.add_parser("xlsform", help="write the XLSForm for KoboToolbox / ODK")
    xlsform.add_argument("--instrument", required=True, help="instrument id: ifa or guide")
    xlsform.add_argument("--section", help="one section only, e.g. PROS or AG-8")
    xlsform.add_argument("--lang", default="en", help="default language of the form")
    xlsform.add_argument("-o", "--output", type=Path, required=True, help="the .xlsx to write")


def _xlsform(instrument: str, section: str | None, lang: str, output: Path) -> int:
    from framework.loader import load_content
    from framework.xlsform import build_xlsform

    bundle = load_content()
    if lang not in bundle.language_codes:
        sys.stderr.write(f"unknown language {lang!r}\n")
        return 2
    try:
        data = build_xlsform(bundle, instrument, section, lang)
    except KeyError as exc:
        sys.stderr.write(f"unknown instrument or section: {exc}\n")
        return 2
    output.write_bytes(data)
    sys.stdout.write(f"wrote {output}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m framework")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the content and print counts")
    check.add_argument("--data", type=Path, default=DATA_DIR, help="content folder")
    sub.add_parser("schema", help="regenerate the JSON Schemas under data/schema/")
    _add_xlsform(sub)
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.data)
    if args.command == "xlsform":
        return _xlsform(args.instrument, args.section, args.lang, args.output)
    if args.command == "schema":
        for path in write_schemas():
            sys.stdout.write(f"wrote {path}\n")
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":
    raise SystemExit(main())
