"""The container checks of an uploaded ``.xlsx``, done before openpyxl parses any of it.

An uploaded workbook is untrusted. The bytes must be small enough and start with the ZIP
signature; the archive must hold the parts of a workbook, with a bounded number of members and
a bounded *declared* uncompressed size (``ZipInfo.file_size``: Python's zipfile never inflates
a member past its declared size, so this bounds a zip bomb); no member may be encrypted, and no
XML part may carry a DTD (read with defusedxml: no entity expansion, no external entities).
Only then is the workbook opened by openpyxl (read-only; through lxml without resolving
entities when lxml is installed, else through defusedxml).

The limits leave room for any questionnaire this app writes: the full Framework template is
about 50 KB, a filled one a few hundred KB. A workbook whose answers fill every text field to
the model's maximum would exceed them; such a file is split by section.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import ParseError

import openpyxl
import openpyxl.xml
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook

MIB = 1024 * 1024

MAX_FILE_BYTES = 10 * MIB
MAX_UNCOMPRESSED_BYTES = 100 * MIB
MAX_MEMBERS = 300
ZIP_MAGIC = b"PK\x03\x04"
REQUIRED_PARTS = ("[Content_Types].xml", "xl/workbook.xml")
LOAD_ERRORS = (
    InvalidFileException,
    zipfile.BadZipFile,
    KeyError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    OSError,
    ParseError,
    EOFError,
)


class FileRefused(ValueError):
    """The whole file is refused: ``key`` is an i18n key, ``params`` fill it."""

    def __init__(self, key: str, **params: str | int) -> None:
        self.key = key
        self.params: dict[str, str | int] = params
        super().__init__(key)


def check_container(data: bytes) -> None:
    """Refuse what is not a plausible, bounded ``.xlsx`` before any XML is parsed."""
    if not data:
        raise FileRefused("exchange.error.empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise FileRefused("exchange.error.too_large", maximum=MAX_FILE_BYTES // MIB)
    if not data.startswith(ZIP_MAGIC):
        raise FileRefused("exchange.error.not_xlsx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRefused("exchange.error.not_xlsx") from exc
    names = {info.filename for info in infos}
    if not all(part in names for part in REQUIRED_PARTS):
        raise FileRefused("exchange.error.not_xlsx")
    if any(info.flag_bits & 0x1 for info in infos):
        raise FileRefused("exchange.error.not_xlsx")  # encrypted members
    if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED_BYTES:
        raise FileRefused("exchange.error.too_large_unpacked")
    _refuse_dtds(data, [i for i in infos if i.filename.endswith((".xml", ".rels"))])


def _refuse_dtds(data: bytes, parts: list[zipfile.ZipInfo]) -> None:
    """No part of a workbook has a DTD; one that does is an entity-expansion attempt.

    openpyxl parses with lxml (entities not resolved) when lxml is installed, else through
    defusedxml; this check does not depend on which: each part's prolog is read by defusedxml
    with DTDs forbidden, up to its first element.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in parts:
                with archive.open(info) as part:
                    for _ in DefusedET.iterparse(part, events=("start",), forbid_dtd=True):
                        break
    except (DefusedXmlException, ParseError, zipfile.BadZipFile, OSError, EOFError) as exc:
        raise FileRefused("exchange.error.not_xlsx") from exc


def open_workbook(data: bytes) -> Workbook:
    """The workbook, read-only and with formulas as written (not cached results)."""
    if not openpyxl.xml.DEFUSEDXML:  # pragma: no cover - defusedxml is a requirement
        raise RuntimeError("defusedxml must be installed to read uploaded workbooks")
    check_container(data)
    try:
        return openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=False, keep_links=False
        )
    except LOAD_ERRORS as exc:
        raise FileRefused("exchange.error.not_xlsx") from exc
