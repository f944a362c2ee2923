"""``python -m reports``: write a report of an assessment JSON file.

    python -m reports pdf FILE.json [--lang en|zh] [-o report.pdf]
    python -m reports docx FILE.json --lang zh -o report.docx
    python -m reports csv FILE.json [--table answers|scores|gaps|resources|actions] -o out.csv
    python -m reports xlsx FILE.json -o report.xlsx
    python -m reports json FILE.json -o report.json

Exit codes: 0 written; 2 the file (or an option) cannot be used, with a one-line reason on
stderr; 1 the content data does not load. Without ``-o`` the report is written next to the
input, named after it (``FILE.pdf``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reports.exporters import CSV_TABLES, EXPORTERS

EXIT_CONTENT = 1
EXIT_INVALID = 2


def build_parser(languages: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reports", description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=list(EXPORTERS), help="report format")
    parser.add_argument("file", type=Path, help="assessment JSON file")
    parser.add_argument("--lang", choices=languages, default=languages[0])
    parser.add_argument("-o", "--out", type=Path, help="file to write (default: next to FILE)")
    parser.add_argument(
        "--table", choices=list(CSV_TABLES), default="answers", help="table (csv only)"
    )
    return parser


def _write(data: bytes, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)  # a reader never sees half a report


def _run(args: argparse.Namespace) -> int:
    from assessment.__main__ import InvalidInputError, read_assessment
    from assessment.results import compute_results
    from framework.loader import load_content
    from reports.exporters import export

    bundle = load_content()
    try:
        assessment = read_assessment(args.file, bundle)
    except InvalidInputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID
    results = compute_results(bundle, assessment)
    exporter = EXPORTERS[args.format]
    if args.format == "csv":
        from reports.tables import build_csv

        data = build_csv(bundle, results, args.lang, args.table)
    else:
        data = export(args.format, bundle, results, args.lang)
    out = args.out or args.file.with_suffix(exporter.suffix)
    try:
        _write(data, out)
    except OSError as exc:
        sys.stderr.write(f"error: {out}: cannot write ({exc.strerror or exc})\n")
        return EXIT_INVALID
    sys.stdout.write(f"wrote {out} ({len(data):,} bytes)\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    from framework.errors import ContentInvalidError
    from framework.loader import load_content

    try:
        languages = load_content().language_codes
    except ContentInvalidError as exc:
        sys.stderr.write(f"error: the content does not load:\n{exc}\n")
        return EXIT_CONTENT
    args = build_parser(languages).parse_args(argv)
    return _run(args)


if __name__ == "__main__":
    raise SystemExit(main())
