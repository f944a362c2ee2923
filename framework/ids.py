"""Id patterns, one per kind of content id. Ids are stable and never reused.

Examples: instrument ``ifa``; section ``PROS``; area ``PROS-1``; question ``PROS-1.2`` (a
measure split into several questions adds a letter: ``PROS-3.3a``); guide section ``AG-10``,
area ``AG-10.1``, question ``AG-10.1.3``; resource ``toolkit``; resource part reference
``toolkit/tool-5``; provision ``SOM-6``; legal reference ``SOM-6(1)(a)``; red flag
``RF-BENEFIT``.
"""

from __future__ import annotations

import re

SLUG = r"^[a-z][a-z0-9_]*$"
INSTRUMENT_ID = r"^[a-z][a-z0-9_]*$"
SECTION_ID = r"^[A-Z]{2,5}(-\d{1,2})?$"
AREA_ID = r"^[A-Z]{2,5}(-\d{1,2})?-\d{1,2}(\.\d{1,2})?$"
QUESTION_ID = r"^[A-Z]{2,5}(-\d{1,2})?-\d{1,2}(\.\d{1,2}){1,2}[a-z]?$"
RESOURCE_ID = r"^[a-z][a-z0-9_]*$"
RESOURCE_PART_ID = r"^[a-z0-9][a-z0-9.-]*$"
RESOURCE_REF = r"^[a-z][a-z0-9_]*(/[a-z0-9][a-z0-9.-]*)?$"
PROVISION_ID = r"^[A-Z][A-Z0-9]*-\d{1,3}$"
LEGAL_REF = r"^[A-Z][A-Z0-9]*-\d{1,3}(\(\d{1,2}\))?(\([a-z]\))?(\([ivx]{1,4}\))?$"
FLAG_ID = r"^RF-[A-Z0-9-]+$"

_LEGAL_REF = re.compile(LEGAL_REF)


def provision_of(legal_ref: str) -> str:
    """The catalogue id (article) a legal reference points into: ``SOM-6(1)(a)`` -> ``SOM-6``."""
    return legal_ref.split("(", 1)[0]


def split_resource_ref(ref: str) -> tuple[str, str | None]:
    """``toolkit/tool-5`` -> (``toolkit``, ``tool-5``); ``model_law`` -> (``model_law``, None)."""
    resource_id, _, part = ref.partition("/")
    return resource_id, part or None


def format_legal_ref(legal_ref: str) -> str:
    """Human form of a reference: ``SOM-6(1)(a)`` -> ``SOM art. 6(1)(a)``."""
    treaty, _, rest = legal_ref.partition("-")
    return f"{treaty} art. {rest}"


def is_legal_ref(text: str) -> bool:
    return _LEGAL_REF.match(text) is not None
