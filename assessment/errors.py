"""Errors a person can cause or meet, each carrying an i18n message key and its params.

The UI shows ``translate(error.key, lang, **error.params)`` (``ui.i18n.error_text`` does it), never
the exception's English text, which is for logs. Every key below is defined in
``framework/data/i18n/<lang>/errors.yaml``; a test checks that each one exists in every language.

- ``NotFoundError``: no assessment with that id (deleted in another tab, mistyped link).
- ``StaleWriteError``: the answer (action, assessment) changed since it was drawn; ``current``
  holds what is stored now, so the UI can offer to reload. Nothing was written.
- ``InvalidWriteError``: a save refused by validation (unknown question, wrong value type ...);
  ``problems`` lists each reason. Nothing was written.
- ``ConfirmationError``: a delete whose confirmation text did not match.
- ``ImportValidationError``: an import file with problems; ``problems`` lists every one, each with
  its row (CSV) or field path (JSON). Nothing was written.
- ``StoreUnavailableError``: the database could not be reached or is busy; the text typed is not
  stored, so the UI must keep it and offer to retry.
- ``SchemaTooNewError``: the database was written by a newer version of the app.
- ``AccessDeniedError``: the signed-in user lacks the role the operation needs (shared mode);
  the refusal is recorded in the history. ``AccountError``: a user-management request that
  cannot be done (unknown user, last owner, weak password ...). ``SignInError``: a sign-in
  refused (wrong name or password, or too many failures: ``key`` says which).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Final

from pydantic import ValidationError

ERROR_KEYS: Final = (
    "error.not_found",
    "error.stale_answer",
    "error.stale_action",
    "error.stale_assessment",
    "error.invalid_write",
    "error.delete_not_confirmed",
    "error.store_unavailable",
    "error.store_too_new",
    "error.unknown_instrument",
    "error.unknown_question",
    "error.unknown_agency",
    "error.unknown_country",
    "error.rating_on_info",
    "error.value_on_rated",
    "error.na_needs_justification",
    "error.rating_and_value",
    "error.field_missing",
    "error.field_unknown",
    "error.field_type",
    "error.field_format",
    "error.field_choice",
    "error.text_too_long",
    "error.too_many_items",
    "error.field_invalid",
    "error.key_mismatch",
    "error.import_invalid",
    "error.import_too_many_problems",
    "error.import_conflict",
    "error.import_wrong_instrument",
    "error.file_empty",
    "error.file_too_large",
    "error.not_utf8",
    "error.json_syntax",
    "error.json_too_deep",
    "error.duplicate_key",
    "error.not_assessment_file",
    "error.format_version",
    "error.too_many_rows",
    "error.csv_syntax",
    "error.csv_no_header",
    "error.csv_missing_column",
    "error.csv_duplicate_column",
    "error.duplicate_question",
    "error.unknown_rating",
    "error.wrong_instrument",
    "error.location.row",
    "error.location.row_field",
    "error.location.field",
    "error.location.file",
    "warning.unknown_questions_dropped",
    "warning.instrument_version",
    "warning.control_characters_removed",
    "warning.csv_unknown_column",
    "warning.csv_other_assessment",
    "error.access_denied",
    "error.unknown_user",
    "error.user_exists",
    "error.user_id_invalid",
    "error.unknown_role",
    "error.last_owner",
    "error.password_too_short",
    "error.password_too_long",
    "error.signin_failed",
    "error.signin_locked",
)
"""Every message key this package raises; the UI string files must define each one."""

MAX_PROBLEMS: Final = 200
"""An import lists at most this many problems (a wrong file can have thousands of rows)."""


@dataclass(frozen=True)
class Problem:
    """One reason a file or a write was refused (or a warning about it).

    ``field`` is a dotted path (``assessment.answers.PROS-1.1.rating``) or a CSV column name;
    ``row`` is the 1-based line number in a CSV file (the header is row 1), else None.
    """

    field: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None

    def location(self) -> tuple[str, dict[str, Any]]:
        """The i18n key and params that say where the problem is."""
        if self.row is not None and self.field:
            return "error.location.row_field", {"row": self.row, "field": self.field}
        if self.row is not None:
            return "error.location.row", {"row": self.row}
        if self.field:
            return "error.location.field", {"field": self.field}
        return "error.location.file", {}

    def __str__(self) -> str:
        where = f"row {self.row}, " if self.row is not None else ""
        return f"{where}{self.field or '(file)'}: {self.key} {self.params}"


class UserFacingError(Exception):
    """Base of every error here: ``key`` (i18n) and ``params`` fill the message shown."""

    default_key = "error.invalid_write"

    def __init__(self, key: str | None = None, **params: Any) -> None:
        self.key: str = key or self.default_key
        self.params: dict[str, Any] = params
        detail = ", ".join(f"{name}={value!r}" for name, value in sorted(params.items()))
        super().__init__(f"{self.key}({detail})")


class NotFoundError(UserFacingError, LookupError):
    default_key = "error.not_found"


class StaleWriteError(UserFacingError):
    """A write against a revision (or version) that is no longer the stored one.

    ``current`` is what is stored now: an ``Answer`` or ``ActionItem`` (None when the question
    is unanswered now), or the ``Assessment`` for a stale metadata edit or import.
    """

    default_key = "error.stale_answer"

    def __init__(self, key: str, current: Any, current_revision: int | None, **params: Any) -> None:
        super().__init__(key, **params)
        self.current = current
        self.current_revision = current_revision


class ProblemsError(UserFacingError):
    """An error that lists several ``Problem`` rows; ``key`` summarises them."""

    def __init__(self, key: str, problems: list[Problem], **params: Any) -> None:
        super().__init__(key, count=len(problems), **params)
        self.problems = problems

    def __str__(self) -> str:
        lines = "\n".join(f"  - {p}" for p in self.problems[:20])
        return f"{self.key}: {len(self.problems)} problem(s)\n{lines}"


class InvalidWriteError(ProblemsError):
    """A single save refused by validation; the key is the first problem's key."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0]
        super().__init__(first.key, problems, **{"field": first.field, **first.params})


class ImportValidationError(ProblemsError):
    def __init__(self, problems: list[Problem], **params: Any) -> None:
        super().__init__("error.import_invalid", problems, **params)


class ConfirmationError(UserFacingError):
    default_key = "error.delete_not_confirmed"


class StoreUnavailableError(UserFacingError):
    default_key = "error.store_unavailable"


class SchemaTooNewError(UserFacingError):
    default_key = "error.store_too_new"


class AccessDeniedError(UserFacingError):
    """The actor may not do ``operation`` on ``assessment``; ``user`` is who asked (not a
    message parameter: the message never names other people's assessments)."""

    default_key = "error.access_denied"

    def __init__(self, operation: str, assessment: str = "", user: str = "") -> None:
        super().__init__(self.default_key)
        self.operation = operation
        self.assessment = assessment
        self.user = user


class AccountError(UserFacingError):
    """A user-management request refused (``error.unknown_user``, ``error.last_owner`` ...)."""


class SignInError(UserFacingError):
    """A sign-in refused: ``error.signin_failed`` (never says whether the name exists) or
    ``error.signin_locked`` with ``minutes`` to wait."""

    default_key = "error.signin_failed"


# pydantic error types -> our keys. Types not listed become ``error.field_invalid``.
_PYDANTIC_KEYS: Final = {
    "missing": "error.field_missing",
    "extra_forbidden": "error.field_unknown",
    "string_too_long": "error.text_too_long",
    "too_long": "error.too_many_items",
    "string_pattern_mismatch": "error.field_format",
    "enum": "error.field_choice",
    "literal_error": "error.field_choice",
}
_TYPE_ERRORS: Final = ("_type", "_parsing", "_from_datetime_inexact", "union_tag_invalid")

# Messages of the model validators in ``assessment.models`` (plain ValueErrors there).
_VALUE_ERRORS: Final = (
    ("'not applicable' needs a justification", "error.na_needs_justification"),
    ("an answer has a rating or a value, not both", "error.rating_and_value"),
    (" holds question ", "error.key_mismatch"),
    (" characters", "error.text_too_long"),
    (" items", "error.too_many_items"),
)
_AT_MOST = re.compile(r"at most (\d+)")
# Loc parts naming a union member or a validator rather than a field or key.
_BRANCH = re.compile(r"^(str|int|float|bool|none)$|^[a-z-]+\[|^constrained-")


def _key_for(error: Any) -> str:
    kind = str(error["type"])
    if kind in _PYDANTIC_KEYS:
        return _PYDANTIC_KEYS[kind]
    if kind == "value_error":
        message = str(error.get("msg", ""))
        return next((k for text, k in _VALUE_ERRORS if text in message), "error.field_invalid")
    if kind.endswith(_TYPE_ERRORS) or kind in {"dict_type", "list_type", "model_type"}:
        return "error.field_type"
    return "error.field_invalid"


def _params_for(error: Any) -> dict[str, Any]:
    message = str(error.get("msg", ""))
    params: dict[str, Any] = {"detail": message[:200]}
    ctx = error.get("ctx") or {}
    if "max_length" in ctx:
        params["maximum"] = ctx["max_length"]
    if "expected" in ctx:
        params["expected"] = str(ctx["expected"])[:200]
    found = _AT_MOST.search(message)
    if found:
        params["maximum"] = int(found.group(1))
    return params


def problems_from_validation(
    exc: ValidationError, root: str = "", row: int | None = None
) -> list[Problem]:
    """One ``Problem`` per invalid field, located by dotted path under ``root``.

    A union field (an info value is text, a number or a list) fails once per member type;
    those are reported once, as the field's problem.
    """
    problems: dict[tuple[str, str], Problem] = {}
    for error in exc.errors(include_url=False):
        parts = [str(p) for p in error["loc"]]
        parts = [p for p in parts if not _BRANCH.search(p)]
        path = ".".join(part for part in (root, *parts) if part)
        key = _key_for(error)
        problems.setdefault((path, key), Problem(path, key, _params_for(error), row))
    return list(problems.values())
