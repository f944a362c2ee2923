"""Content errors: every problem names its file, item and field, so an editor can find it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorCode(Enum):
    """Catalogue of content problems (pyxform style: code, then a message template)."""

    SCHEMA_001 = "invalid value"
    FILE_001 = "file cannot be read"
    ID_001 = "duplicate id"
    ID_002 = "id does not sit under its parent"
    REF_001 = "unknown legal provision"
    REF_002 = "unknown resource"
    REF_003 = "unknown resource part"
    REF_004 = "unknown question"
    REF_005 = "unknown agency"
    REF_006 = "unknown group"
    LANG_001 = "missing translation"
    EMPTY_001 = "empty area"
    EMPTY_002 = "empty section"
    COUNT_001 = "declared count does not match the content"
    I18N_001 = "UI string keys differ between languages"
    I18N_002 = "UI string breaks the string rules"


@dataclass(frozen=True)
class ContentError:
    file: str
    item: str
    field: str
    code: ErrorCode
    detail: str = ""

    def __str__(self) -> str:
        where = " › ".join(part for part in (self.file, self.item, self.field) if part)
        detail = f": {self.detail}" if self.detail else ""
        return f"{where}: {self.code.value}{detail} ({self.code.name})"


class ContentInvalidError(Exception):
    """Raised by the loader with every problem found in one run."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        lines = "\n".join(f"  - {e}" for e in errors)
        super().__init__(f"{len(errors)} content problem(s):\n{lines}")
