"""Read the YAML content, validate it with the models, cross-check it, and cache the result.

One entry point, ``load_content()``, serves the app, the CLI, the reports and the tests.
Every problem in a run is collected and reported at once, each naming file, item and field.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from framework import checks
from framework.errors import ContentError, ContentInvalidError, ErrorCode
from framework.models import (
    Agency,
    Area,
    Instrument,
    Language,
    LegalProvision,
    Method,
    Question,
    RedFlag,
    Resource,
    Section,
    Treaty,
)

M = TypeVar("M", bound=BaseModel)

DATA_DIR = Path(__file__).parent / "data"
_OPTIONAL_LISTS = {"red_flags.yaml"}


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently; content must never lose a text that way."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass


@dataclass
class RawContent:
    """Parsed but unvalidated files, keyed by path relative to the data folder."""

    files: dict[str, Any]
    errors: list[ContentError] = field(default_factory=list)

    def copy(self) -> RawContent:
        return RawContent(copy.deepcopy(self.files), list(self.errors))


@dataclass(frozen=True)
class ContentBundle:
    languages: list[Language]
    method: Method
    instruments: dict[str, Instrument]
    resources: dict[str, Resource]
    treaties: dict[str, Treaty]
    provisions: dict[str, LegalProvision]
    agencies: dict[str, Agency]
    red_flags: list[RedFlag]
    strings: dict[str, dict[str, str]]
    see_also: dict[str, list[str]]
    origins: dict[str, str]

    @property
    def language_codes(self) -> list[str]:
        return [lang.code for lang in self.languages]

    def find_question(self, question_id: str) -> tuple[Instrument, Section, Area, Question] | None:
        for instrument in self.instruments.values():
            found = instrument.question_index().get(question_id)
            if found:
                return (instrument, *found)
        return None


def read_raw(data_dir: Path = DATA_DIR) -> RawContent:
    raw = RawContent(files={})
    for path in sorted(data_dir.rglob("*.yaml")):
        rel = path.relative_to(data_dir).as_posix()
        if rel.startswith("schema/"):
            continue
        try:
            raw.files[rel] = parse_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raw.errors.append(ContentError(rel, "", "", ErrorCode.FILE_001, str(exc)))
    return raw


def _item_at(data: Any, loc: tuple[Any, ...]) -> tuple[str, str]:
    """The id of the deepest item on ``loc`` and the field path below it."""
    item, rest, node = "", list(loc), data
    for depth, step in enumerate(loc):
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            item, rest = f"{node.get('id')}", list(loc[depth:])
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
    if isinstance(node, dict) and isinstance(node.get("id"), str) and not rest:
        item = node["id"]
    return item, ".".join(str(p) for p in rest)


def _validate(model: type[M], data: Any, rel: str, errors: list[ContentError]) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            item, path = _item_at(data, tuple(err["loc"]))
            errors.append(ContentError(rel, item, path, ErrorCode.SCHEMA_001, err["msg"]))
        return None


def _validate_list(
    model: type[M], raw: RawContent, rel: str, errors: list[ContentError]
) -> list[M]:
    data = raw.files.get(rel, [] if rel in _OPTIONAL_LISTS else None)
    if not isinstance(data, list):
        errors.append(ContentError(rel, "", "", ErrorCode.FILE_001, "expected a list of items"))
        return []
    items = [_validate(model, item, rel, errors) for item in data]
    return [item for item in items if item is not None]


def _load_instrument(
    raw: RawContent, folder: str, errors: list[ContentError], origins: dict[str, str]
) -> Instrument | None:
    head_rel = f"{folder}/instrument.yaml"
    head = dict(raw.files.get(head_rel) or {})
    section_files = head.pop("section_files", [])
    sections = []
    for name in section_files:
        rel = f"{folder}/{name}"
        data = raw.files.get(rel)
        if data is None:
            errors.append(
                ContentError(
                    head_rel,
                    head.get("id", ""),
                    "section_files",
                    ErrorCode.FILE_001,
                    f"missing {name}",
                )
            )
            continue
        section = _validate(Section, data, rel, errors)
        if section is None:
            return None
        origins[section.id] = rel
        for area in section.areas:
            origins[area.id] = rel
            for question in area.questions:
                origins[question.id] = rel
        sections.append(section)
    instrument = _validate(Instrument, {**head, "sections": []}, head_rel, errors)
    if instrument is None:
        return None
    origins[instrument.id] = head_rel
    return instrument.model_copy(update={"sections": sections})


def _ui_strings(
    raw: RawContent, codes: list[str], errors: list[ContentError], origins: dict[str, str]
) -> dict[str, dict[str, str]]:
    """Merge ``i18n/<lang>/*.yaml`` (one file per part of the product) into one table."""
    strings: dict[str, dict[str, str]] = {}
    for code in codes:
        merged: dict[str, str] = {}
        for rel in sorted(r for r in raw.files if r.startswith(f"i18n/{code}/")):
            for key, text in (raw.files[rel] or {}).items():
                if key in merged:
                    errors.append(
                        ContentError(rel, str(key), "", ErrorCode.ID_001, "key defined twice")
                    )
                merged[str(key)] = text
                origins[f"i18n:{code}:{key}"] = rel
        strings[code] = merged
    return strings


def build_bundle(raw: RawContent) -> ContentBundle:
    """Validate and cross-check content; raise ``ContentInvalidError`` listing every problem."""
    errors = list(raw.errors)
    origins: dict[str, str] = {}
    languages = _validate_list(Language, raw, "languages.yaml", errors)
    method = _validate(Method, raw.files.get("method.yaml"), "method.yaml", errors)
    folders = sorted(rel.rsplit("/", 1)[0] for rel in raw.files if rel.endswith("/instrument.yaml"))
    loaded = [_load_instrument(raw, folder, errors, origins) for folder in folders]
    instruments = {i.id: i for i in loaded if i is not None}
    resources = _validate_list(Resource, raw, "catalogues/resources.yaml", errors)
    provisions = _validate_list(LegalProvision, raw, "catalogues/legal_provisions.yaml", errors)
    treaties = _validate_list(Treaty, raw, "catalogues/treaties.yaml", errors)
    agencies = _validate_list(Agency, raw, "catalogues/agencies.yaml", errors)
    red_flags = _validate_list(RedFlag, raw, "red_flags.yaml", errors)
    codes = [lang.code for lang in languages]
    strings = _ui_strings(raw, codes, errors, origins)
    bundle = ContentBundle(
        languages=languages,
        method=method,  # type: ignore[arg-type]  # None only when errors are raised below
        instruments=instruments,
        resources={r.id: r for r in resources},
        treaties={t.id: t for t in treaties},
        provisions={p.id: p for p in provisions},
        agencies={a.id: a for a in agencies},
        red_flags=red_flags,
        strings=strings,
        see_also=checks.symmetric_see_also(instruments.values()),
        origins=origins,
    )
    if method is not None:
        errors += checks.run_all(bundle, resources, provisions, treaties, agencies)
    if errors:
        raise ContentInvalidError(errors)
    return bundle


@functools.cache
def load_content(data_dir: Path = DATA_DIR) -> ContentBundle:
    """The validated content, loaded once per process."""
    return build_bundle(read_raw(data_dir))
