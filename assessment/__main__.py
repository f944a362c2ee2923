"""``python -m assessment``: demo, score and gaps from the command line.

Subcommands are entries of ``COMMANDS`` (a small registry): add a ``Command`` there and it gets
its parser, its help line and the shared error handling. Exit codes: 0 done, 1 the content
does not load, 2 the input file is invalid (with a one-line reason on stderr).

    python -m assessment demo --out FILE.json [--instrument ifa|guide] [--round baseline|followup]
    python -m assessment score FILE.json [--format table|json|csv]
    python -m assessment gaps FILE.json [--format table|json]
    python -m assessment users add|passwd|grant|revoke|list|disable|enable|admin ...
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessment import frames as F
from assessment.models import Assessment
from assessment.results import Results, compute_results
from framework.errors import ContentInvalidError
from framework.loader import ContentBundle, load_content

EXIT_CONTENT = 1
EXIT_INVALID = 2


class InvalidInputError(Exception):
    """An input the command cannot use; the message is the one-line reason shown to the user."""


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def read_assessment(path: Path, bundle: ContentBundle) -> Assessment:
    """The assessment in ``path``, fully validated against the content (``json_io.read_json``).

    Raises ``InvalidInputError`` with a one-line reason naming the first problems (a missing
    file, not JSON, not an assessment, an unknown instrument, unknown question ids ...).
    """
    from assessment.errors import UserFacingError
    from assessment.io.json_io import read_json

    if not path.is_file():
        raise InvalidInputError(f"{path}: no such file")
    try:
        return read_json(path.read_bytes(), bundle).assessment
    except UserFacingError as exc:
        problems = getattr(exc, "problems", [])
        shown = "; ".join(str(p) for p in problems[:5]) or str(exc)
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise InvalidInputError(f"{path}: {exc.key}: {shown}{more}") from None


def _plain(value: Any) -> Any:
    """A frame cell as JSON: NaN -> None, numpy scalars -> Python, floats to 4 decimals."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
    return round(value, 4) if isinstance(value, float) else value


def _records(frame: Any, columns: dict[str, str]) -> list[dict[str, Any]]:
    """Rows of ``frame`` as dicts, renaming frame columns to the CLI's stable JSON keys."""
    return [
        {key: _plain(row[col]) for col, key in columns.items()}
        for row in frame[list(columns)].to_dict("records")
    ]


SCORE_KEYS = {
    F.GROUP_KIND: "kind",
    F.GROUP_ID: "id",
    F.SCORE: "score",
    F.COVERAGE: "coverage",
    F.BAND: "band",
    F.BAND_CAPPED: "band_capped",
    F.PROVISIONAL: "provisional",
}
GAP_KEYS = {
    F.RANK: "rank",
    F.QUESTION_ID: "question_id",
    F.PILLAR: "pillar",
    F.OBLIGATION: "obligation",
    F.RATING: "rating",
    F.WEIGHT: "weight",
    F.GAP_POINTS: "gap_points",
    F.RESOURCES: "resources",
}
INFO_GAP_KEYS = {F.QUESTION_ID: "question_id", F.INFO_GAP: "info_gap", F.AGENCY: "agency"}
RESOURCE_KEYS = {
    F.RANK: "rank",
    F.RESOURCE_ID: "resource_id",
    F.PART_ID: "part_id",
    F.RELEVANCE: "relevance",
    F.QUESTION_IDS: "question_ids",
}


def gaps_payload(results: Results) -> dict[str, Any]:
    """Everything ``gaps`` reports, as JSON-ready data."""
    return {
        "assessment": results.assessment.id,
        "gaps": _records(results.gaps, GAP_KEYS),
        "information_gaps": _records(results.info_gaps, INFO_GAP_KEYS),
        "resources": _records(results.resources, RESOURCE_KEYS),
        "red_flags": [
            {
                "id": raised.flag.id,
                "pillar": raised.flag.pillar.value,
                "caps_band": raised.flag.caps_band,
                "triggers": [
                    t.question_id or f"{t.group_kind}:{t.group_id}" for t in raised.triggers
                ],
            }
            for raised in results.red_flags
        ],
    }


def gaps_table(results: Results) -> str:
    """The ranked gaps, the resources and the raised flags as plain text tables."""
    payload = gaps_payload(results)
    import pandas as pd

    parts = []
    for title, key in (("Gaps", "gaps"), ("Information gaps", "information_gaps")):
        rows = pd.DataFrame(payload[key])
        parts.append(
            f"{title} ({len(rows)})\n" + (rows.to_string(index=False) if len(rows) else "none")
        )
    resources = pd.DataFrame(payload["resources"])
    if len(resources):
        resources["question_ids"] = resources["question_ids"].map(", ".join)
        resources["part_id"] = resources["part_id"].fillna("")
    parts.append("Resources\n" + (resources.to_string(index=False) if len(resources) else "none"))
    flags = [f"{f['id']} ({f['pillar']}): {', '.join(f['triggers'])}" for f in payload["red_flags"]]
    parts.append("Red flags\n" + ("\n".join(flags) or "none"))
    return "\n\n".join(parts)


def scores_records(results: Results) -> list[dict[str, Any]]:
    """One object per group: kind, id, score, coverage, band, band_capped, provisional."""
    return _records(results.scores, SCORE_KEYS)


def _write(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _configure_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    parser.add_argument("--instrument", choices=["ifa", "guide"], default="ifa")
    parser.add_argument("--round", choices=["baseline", "followup"], default="baseline")


def _run_demo(args: argparse.Namespace) -> int:
    from assessment.demo import DemoDataError, demo_assessment

    try:
        assessment = demo_assessment(load_content(), args.instrument, args.round)
    except DemoDataError as exc:
        raise InvalidInputError(str(exc)) from None
    args.out.write_text(assessment.model_dump_json(indent=2), encoding="utf-8")
    _write(f"wrote {args.out} ({assessment.title}, {len(assessment.answers)} answers)")
    return 0


def _configure_file(formats: list[str]) -> Callable[[argparse.ArgumentParser], None]:
    def configure(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help="assessment JSON file")
        parser.add_argument("--format", choices=formats, default=formats[0])

    return configure


def _run_score(args: argparse.Namespace) -> int:
    bundle = load_content()
    results = compute_results(bundle, read_assessment(args.file, bundle))
    records = scores_records(results)
    if args.format == "json":
        _write(json.dumps(records, ensure_ascii=False, indent=2))
    else:
        import pandas as pd

        frame = pd.DataFrame(records)
        if args.format == "csv":
            _write(frame.to_csv(index=False, lineterminator="\n"))
        else:
            frame["score"] = frame["score"].map(lambda s: "-" if s is None else f"{s:.1f}")
            frame["coverage"] = frame["coverage"].map(
                lambda c: "-" if c is None else f"{100 * c:.0f}%"
            )
            _write(frame.to_string(index=False))
    return 0


def _run_gaps(args: argparse.Namespace) -> int:
    bundle = load_content()
    results = compute_results(bundle, read_assessment(args.file, bundle))
    if args.format == "json":
        _write(json.dumps(gaps_payload(results), ensure_ascii=False, indent=2))
    else:
        _write(gaps_table(results))
    return 0


COMMANDS: list[Command] = [
    Command("demo", "write the fictional demo assessment as JSON", _configure_demo, _run_demo),
    Command(
        "score",
        "print the score of every group",
        _configure_file(["table", "json", "csv"]),
        _run_score,
    ),
    Command(
        "gaps", "print ranked gaps and resources", _configure_file(["table", "json"]), _run_gaps
    ),
]


EXTENSIONS = ("assessment.io.cli", "assessment.users_cli")
"""Modules that add their own subcommands: each has ``register(subparsers)`` and sets
``exchange_run`` on its parsers (the exchange commands: template, import-xlsx, import-kobo;
the accounts of a shared server: users)."""


def build_parser(with_extensions: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assessment")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.configure(sub.add_parser(command.name, help=command.help))
    for name in EXTENSIONS if with_extensions else ():
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but something it needs is missing
                raise
            continue
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # Our own commands do not load the extensions: they start faster and never depend on them.
    own = bool(argv) and argv[0] in {c.name for c in COMMANDS}
    args = build_parser(with_extensions=not own).parse_args(argv)
    if hasattr(args, "exchange_run"):
        return int(args.exchange_run(args))
    command = next(c for c in COMMANDS if c.name == args.command)
    try:
        return command.run(args)
    except InvalidInputError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_INVALID
    except ContentInvalidError as exc:
        sys.stderr.write(f"error: the content does not load:\n{exc}\n")
        return EXIT_CONTENT


if __name__ == "__main__":
    raise SystemExit(main())
