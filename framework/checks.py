"""Cross-checks over validated content. Each check returns every problem it finds."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from framework.errors import ContentError, ErrorCode
from framework.ids import provision_of, split_resource_ref
from framework.models import (
    Agency,
    Instrument,
    LegalProvision,
    LocalizedText,
    Pillar,
    Resource,
    Treaty,
)

if TYPE_CHECKING:
    from framework.loader import ContentBundle

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_MARKUP = re.compile(r"<[a-zA-Z/!]|https?://")
_I18N_KEY = re.compile(r"^[a-z0-9_.-]+$")


def symmetric_see_also(instruments: Iterable[Instrument]) -> dict[str, list[str]]:
    """Links declared on one side, shown on both: question id -> sorted linked ids."""
    links: dict[str, set[str]] = defaultdict(set)
    for instrument in instruments:
        for question in instrument.questions():
            for target in question.see_also:
                links[question.id].add(target)
                links[target].add(question.id)
    return {qid: sorted(targets) for qid, targets in sorted(links.items())}


def _items(instrument: Instrument) -> Iterator[tuple[str, BaseModel]]:
    yield instrument.id, instrument
    for section in instrument.sections:
        yield section.id, section
        for area in section.areas:
            yield area.id, area
            for question in area.questions:
                yield question.id, question


def check_unique_ids(bundle: ContentBundle, catalogues: dict[str, list[Any]]) -> list[ContentError]:
    errors = []
    content_ids = Counter(
        item_id for inst in bundle.instruments.values() for item_id, _ in _items(inst)
    )
    for item_id, count in content_ids.items():
        if count > 1:
            file = bundle.origins.get(item_id, "")
            errors.append(
                ContentError(file, item_id, "id", ErrorCode.ID_001, f"used {count} times")
            )
    for rel, items in catalogues.items():
        for item_id, count in Counter(item.id for item in items).items():
            if count > 1:
                errors.append(
                    ContentError(rel, item_id, "id", ErrorCode.ID_001, f"used {count} times")
                )
    return errors


def check_nesting(bundle: ContentBundle) -> list[ContentError]:
    """Ids carry their place (``PROS-1.2`` sits in ``PROS-1``): a misplaced item is a typo."""
    errors = []
    for inst in bundle.instruments.values():
        for section in inst.sections:
            for area in section.areas:
                if not area.id.startswith((f"{section.id}-", f"{section.id}.")):
                    errors.append(
                        ContentError(
                            bundle.origins.get(area.id, ""),
                            area.id,
                            "id",
                            ErrorCode.ID_002,
                            f"area id outside section {section.id}",
                        )
                    )
                for q in area.questions:
                    if not q.id.startswith(f"{area.id}."):
                        errors.append(
                            ContentError(
                                bundle.origins.get(q.id, ""),
                                q.id,
                                "id",
                                ErrorCode.ID_002,
                                f"question id outside area {area.id}",
                            )
                        )
    return errors


def check_references(bundle: ContentBundle) -> list[ContentError]:
    errors = []
    all_questions = {q.id for inst in bundle.instruments.values() for q in inst.questions()}
    for inst in bundle.instruments.values():
        for q in inst.questions():
            file = bundle.origins.get(q.id, "")
            errors += _legal_refs(bundle, file, q.id, q.legal_basis)
            errors += _resource_refs(bundle, file, q.id, q.resources)
            for i, target in enumerate(q.see_also):
                if target not in all_questions:
                    errors.append(
                        ContentError(file, q.id, f"see_also[{i}]", ErrorCode.REF_004, f"'{target}'")
                    )
        if inst.source_resource not in bundle.resources:
            errors.append(
                ContentError(
                    bundle.origins.get(inst.id, ""),
                    inst.id,
                    "source_resource",
                    ErrorCode.REF_002,
                    f"'{inst.source_resource}'",
                )
            )
    for flag in bundle.red_flags:
        errors += _legal_refs(bundle, "red_flags.yaml", flag.id, flag.legal_basis)
        errors += _flag_refs(bundle, flag.id, flag.conditions, all_questions)
    for prov in bundle.provisions.values():
        if prov.treaty not in bundle.treaties:
            errors.append(
                ContentError(
                    "catalogues/legal_provisions.yaml",
                    prov.id,
                    "treaty",
                    ErrorCode.REF_001,
                    f"unknown treaty '{prov.treaty}'",
                )
            )
    return errors


def _legal_refs(bundle: ContentBundle, file: str, item: str, refs: list[str]) -> list[ContentError]:
    return [
        ContentError(file, item, f"legal_basis[{i}]", ErrorCode.REF_001, f"'{ref}'")
        for i, ref in enumerate(refs)
        if provision_of(ref) not in bundle.provisions
    ]


def _resource_refs(
    bundle: ContentBundle, file: str, item: str, refs: list[str]
) -> list[ContentError]:
    errors = []
    for i, ref in enumerate(refs):
        resource_id, part = split_resource_ref(ref)
        resource = bundle.resources.get(resource_id)
        if resource is None:
            errors.append(
                ContentError(file, item, f"resources[{i}]", ErrorCode.REF_002, f"'{ref}'")
            )
        elif part and resource.part(part) is None:
            errors.append(
                ContentError(file, item, f"resources[{i}]", ErrorCode.REF_003, f"'{ref}'")
            )
    return errors


def _flag_refs(
    bundle: ContentBundle, flag_id: str, conditions: list[Any], questions: set[str]
) -> list[ContentError]:
    errors = []
    groups = {
        "pillar": {p.value for p in Pillar},
        "dimension": {"legal", "institutional", "operational"},
        "section": {s.id for i in bundle.instruments.values() for s in i.sections},
        "area": {a.id for i in bundle.instruments.values() for s in i.sections for a in s.areas},
    }
    for i, cond in enumerate(conditions):
        if cond.question and cond.question not in questions:
            errors.append(
                ContentError(
                    "red_flags.yaml",
                    flag_id,
                    f"conditions[{i}].question",
                    ErrorCode.REF_004,
                    f"'{cond.question}'",
                )
            )
        if cond.group_kind and cond.group_id not in groups[cond.group_kind]:
            errors.append(
                ContentError(
                    "red_flags.yaml",
                    flag_id,
                    f"conditions[{i}].group_id",
                    ErrorCode.REF_006,
                    f"'{cond.group_id}'",
                )
            )
    return errors


def _localized_fields(model: BaseModel, path: str = "") -> Iterator[tuple[str, LocalizedText]]:
    """Every LocalizedText in ``model`` or its nested non-item models (choices, levels)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        here = f"{path}{name}"
        if isinstance(value, LocalizedText):
            yield here, value
        elif isinstance(value, dict):
            for key, sub in value.items():
                if isinstance(sub, LocalizedText):
                    yield f"{here}.{key}", sub
        elif isinstance(value, list) and name not in {"sections", "areas", "questions"}:
            for i, sub in enumerate(value):
                if isinstance(sub, BaseModel):
                    yield from _localized_fields(sub, f"{here}[{i}].")


def check_translations(
    bundle: ContentBundle, catalogues: dict[str, list[Any]]
) -> list[ContentError]:
    required = {lang.code for lang in bundle.languages if lang.required}
    targets: list[tuple[str, str, BaseModel]] = [("method.yaml", "method", bundle.method)]
    for inst in bundle.instruments.values():
        targets += [
            (bundle.origins.get(item_id, ""), item_id, item) for item_id, item in _items(inst)
        ]
    for rel, items in catalogues.items():
        targets += [(rel, item.id, item) for item in items]
    targets += [("red_flags.yaml", flag.id, flag) for flag in bundle.red_flags]
    errors = []
    for file, item_id, model in targets:
        for field, text in _localized_fields(model):
            for code in sorted(required - text.languages()):
                errors.append(ContentError(file, item_id, field, ErrorCode.LANG_001, code))
    return errors


def check_not_empty(bundle: ContentBundle) -> list[ContentError]:
    errors = []
    for inst in bundle.instruments.values():
        if not inst.sections:
            errors.append(
                ContentError(
                    bundle.origins.get(inst.id, ""), inst.id, "sections", ErrorCode.EMPTY_002
                )
            )
        for section in inst.sections:
            if not section.areas:
                errors.append(
                    ContentError(
                        bundle.origins.get(section.id, ""), section.id, "areas", ErrorCode.EMPTY_002
                    )
                )
            for area in section.areas:
                if not area.questions:
                    errors.append(
                        ContentError(
                            bundle.origins.get(area.id, ""),
                            area.id,
                            "questions",
                            ErrorCode.EMPTY_001,
                        )
                    )
    return errors


def instrument_counts(instrument: Instrument) -> dict[str, int]:
    questions = instrument.questions()
    return {
        "sections": len(instrument.sections),
        "areas": sum(len(s.areas) for s in instrument.sections),
        "questions": len(questions),
        "rated": sum(q.kind == "rated" for q in questions),
        "info": sum(q.kind == "info" for q in questions),
    }


def check_declared_counts(bundle: ContentBundle) -> list[ContentError]:
    errors = []
    for inst in bundle.instruments.values():
        actual = instrument_counts(inst)
        for key, declared in inst.declared_counts.items():
            if actual.get(key) != declared:
                errors.append(
                    ContentError(
                        bundle.origins.get(inst.id, ""),
                        inst.id,
                        f"declared_counts.{key}",
                        ErrorCode.COUNT_001,
                        f"declared {declared}, found {actual.get(key)}",
                    )
                )
    return errors


def check_ui_strings(bundle: ContentBundle) -> list[ContentError]:
    """hassfest's string rules: same keys everywhere, no markup or URLs, clean placeholders."""
    errors = []
    key_sets = {code: set(strings) for code, strings in bundle.strings.items()}
    every = set().union(*key_sets.values()) if key_sets else set()
    for code, keys in key_sets.items():
        for key in sorted(every - keys):
            other = next(c for c, k in key_sets.items() if key in k)
            file = bundle.origins[f"i18n:{other}:{key}"].replace(f"i18n/{other}/", f"i18n/{code}/")
            errors.append(ContentError(file, key, "", ErrorCode.I18N_001, "missing"))
    for code, strings in bundle.strings.items():
        for key, text in strings.items():
            problem = _string_problem(key, text)
            if problem:
                file = bundle.origins[f"i18n:{code}:{key}"]
                errors.append(ContentError(file, key, "", ErrorCode.I18N_002, problem))
    return errors


def _string_problem(key: str, text: Any) -> str | None:
    if not _I18N_KEY.match(str(key)):
        return "key must be dotted lowercase"
    if not isinstance(text, str) or not text.strip():
        return "empty or not a string"
    if text != text.strip():
        return "leading or trailing spaces"
    if _MARKUP.search(text):
        return "markup or raw URL"
    bad = [p for p in _PLACEHOLDER.findall(text) if not _IDENTIFIER.match(p)]
    return f"bad placeholder {bad[0]!r}" if bad else None


def run_all(
    bundle: ContentBundle,
    resources: list[Resource],
    provisions: list[LegalProvision],
    treaties: list[Treaty],
    agencies: list[Agency],
) -> list[ContentError]:
    catalogues: dict[str, list[Any]] = {
        "catalogues/resources.yaml": resources,
        "catalogues/legal_provisions.yaml": provisions,
        "catalogues/treaties.yaml": treaties,
        "catalogues/agencies.yaml": agencies,
        "red_flags.yaml": bundle.red_flags,
    }
    return [
        *check_unique_ids(bundle, catalogues),
        *check_nesting(bundle),
        *check_references(bundle),
        *check_translations(bundle, catalogues),
        *check_not_empty(bundle),
        *check_declared_counts(bundle),
        *check_ui_strings(bundle),
    ]
