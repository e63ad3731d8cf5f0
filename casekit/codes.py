"""ICD-10-CM codes: normalising, checking against the code set, descriptions, laterality and body part.

Laterality and body part are read from the code's official description, never from a digit: the
position of the side character differs between categories (``shared/domain.md``). Two sources,
one code set (CMS ICD-10-CM tabular list, FY2026): the small table ``casekit/icd10cm.tsv`` (the
billable codes therapy packs name, read on first use, instant) and, for any other code, the full
code set of ``simple-icd-10-cm`` (MIT; about 3 s to import, so it is imported only when a code is
not in the table). A code that is in neither does not exist and is refused by the case loader; a
category or subcategory that has codes below it exists but is not billable (a warning).

>>> status("M25.552"), status("M54.5"), status("M25.5522")
('billable', 'not billable', 'unknown')

>>> normalise_code("m25552")
'M25.552'
>>> side_of("M25.552"), body_part_of("M25.552")
('left', 'hip')
>>> side_of("M54.50"), body_part_of("M54.50")
(None, 'lumbar spine')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

_CODE = re.compile(r"^([A-TV-Z][0-9][0-9AB])\.?([0-9A-Z]{0,4})$")

#: The body regions :func:`body_part_of` names: the paired (sided) regions, then the spine.
SIDED_PARTS = ("hip", "knee", "shoulder", "ankle/foot", "elbow", "wrist/hand")
SPINE_PARTS = ("cervical spine", "thoracic spine", "lumbar spine", "spine")

# Region words of a description, first match wins. The spine comes first ("Panniculitis affecting
# regions of neck and back, site unspecified" is the spine, not the neck), its named levels before
# the generic words; "thoracolumbar" and "sacral" count as the low back (the low-back pack's
# territory), "cervicothoracic" and "occipital neuralgia" as the neck. The thigh and quadriceps
# are the hip region (ICD-10-CM block S70-S79, "Injuries to the hip and thigh").
_REGIONS = [(part, re.compile(rx, re.I)) for part, rx in (
    ("cervical spine", r"\bcervic\w*|\boccipit\w*"),
    ("lumbar spine", r"\b(?:thoracolumbar|lumbar|lumbosacral|sacral|sacrococcygeal|lumbago|sciatica|"
                     r"low(?:er)? back)\b"),
    ("thoracic spine", r"\bthoracic\b"),
    ("spine", r"\b(?:site unspecified|multiple sites|spine|spinal|vertebra\w*|intervertebral|dorsalgia|"
              r"dorsopath\w*|spondylosis|radiculopathy)\b"),
    ("cervical spine", r"(?<!femoral )\bneck\b"),
    ("ankle/foot", r"\b(?:ankle|foot|feet|toes?|heel|achilles|plantar|calcane\w*|metatars\w*|tars\w*|"
                   r"malleol\w*)\b"),
    ("wrist/hand", r"\b(?:wrist|hands?|fingers?|thumbs?|carpal|metacarp\w*)\b"),
    ("elbow", r"\b(?:elbow|epicondyl\w*|olecranon)\b"),
    ("knee", r"\b(?:knee|patell\w*|menisc\w*|cruciate)\b"),
    ("shoulder", r"\b(?:shoulder|rotator cuff|glenohumeral|acromioclavicular)\b"),
    ("hip", r"\b(?:hip|thigh|trochanteric|gluteal|quadriceps)\b"))]


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    """code -> official description, read from ``casekit/icd10cm.tsv`` (package data) on first use."""
    from importlib import resources

    text = (resources.files("casekit") / "icd10cm.tsv").read_text(encoding="utf-8")
    return dict(line.split("\t", 1) for line in text.splitlines() if line and not line.startswith("#"))


def __getattr__(name: str):  # ``codes.DESCRIPTIONS``: the table, loaded on first use
    if name == "DESCRIPTIONS":
        return _table()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The code set codes are checked against, as messages name it.
CODE_SET = "ICD-10-CM FY2026"


@lru_cache(maxsize=1)
def _code_set():
    """The full ICD-10-CM code set (``simple_icd_10_cm``), imported on first need."""
    import warnings

    with warnings.catch_warnings():  # it reads its data with importlib.resources' legacy calls
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm
    return simple_icd_10_cm


@lru_cache(maxsize=4096)
def status(code: str) -> str:
    """``billable`` (a code with no codes below it), ``not billable`` (a category or subcategory:
    bill a code below it) or ``unknown`` (not in the code set), for a normalised code."""
    if code in _table():
        return "billable"
    cm = _code_set()
    if not cm.is_valid_item(code):
        return "unknown"
    return "billable" if cm.is_leaf(code) else "not billable"


def billable_below(code: str, limit: int = 4) -> list[str]:
    """Up to ``limit`` billable codes below a category, nearest first, for a message.

    >>> billable_below("M54.5")
    ['M54.50', 'M54.51', 'M54.59']
    """
    cm = _code_set()
    if not cm.is_valid_item(code):
        return []
    below = [c for c in cm.get_descendants(code) if cm.is_leaf(c)]
    return [cm.add_dot(c) for c in below[:limit]]


def nearest(code: str) -> Optional[str]:
    """The longest code in the code set that ``code`` starts with (a digit typed twice, a
    character too many), or None.

    >>> nearest("M25.5522")
    'M25.552'
    """
    bare = code.replace(".", "")
    for end in range(len(bare) - 1, 2, -1):
        candidate = normalise_code(bare[:end])
        if candidate and status(candidate) != "unknown":
            return candidate
    return None


def normalise_code(raw: str) -> Optional[str]:
    """Return the code in canonical form (upper case, dot after the category) or None.

    >>> normalise_code(" m16.11 ")
    'M16.11'
    """
    text = raw.strip().upper().replace(" ", "")
    match = _CODE.match(text)
    if not match:
        return None
    category, rest = match.groups()
    return f"{category}.{rest}" if rest else category


@lru_cache(maxsize=4096)
def describe(code: str) -> Optional[str]:
    """The official description of a code: casekit's table, else the full code set; None for a
    code that does not exist."""
    if (text := _table().get(code)) is not None:
        return text
    if _CODE.match(code) is None or status(code) == "unknown":
        return None
    return _code_set().get_description(code)


def side_of(code: str) -> Optional[str]:
    """``left``, ``right``, ``bilateral``, ``unspecified`` (a paired site, side not given), or
    None when the description is unknown, names no paired site, or names the spine (the spine has
    no side; "Sciatica, right side" names the leg, read it from :func:`describe`).

    >>> side_of("M17.0"), side_of("G56.03"), side_of("M75.100"), side_of("M72.2")
    ('bilateral', 'bilateral', 'unspecified', None)
    """
    text = (describe(code) or "").lower()
    part = body_part_of(code)
    if not text or part in SPINE_PARTS:
        return None
    words = set(re.findall(r"[a-z]+", text))
    if "bilateral" in words:
        return "bilateral"
    if "right" in words:
        return "right"
    if "left" in words:
        return "left"
    if "unspecified" in words and part in SIDED_PARTS:
        return "unspecified"
    return None


def body_part_of(code: str) -> Optional[str]:
    """The body region the code's description names: one of :data:`SIDED_PARTS` (``hip``,
    ``knee``, ``shoulder``, ``ankle/foot``, ``elbow``, ``wrist/hand``) or :data:`SPINE_PARTS`
    (``cervical spine``, ``thoracic spine``, ``lumbar spine``, ``spine``), else None (an unknown
    code, or one naming no region, such as Z47.1 aftercare).

    >>> [body_part_of(c) for c in ("M77.11", "S86.011D", "M54.2", "M51.16", "Z47.1")]
    ['elbow', 'ankle/foot', 'cervical spine', 'lumbar spine', None]
    """
    text = describe(code)
    if not text:
        return None
    return next((part for part, rx in _REGIONS if rx.search(text)), None)


def matches(code: str, prefixes: list[str] | tuple[str, ...]) -> Optional[str]:
    """The longest of ``prefixes`` that ``code`` starts with (dots ignored), else None.

    >>> matches("M25.552", ["M25.55", "M16"])
    'M25.55'
    """
    bare = code.replace(".", "")
    best = None
    for prefix in prefixes:
        p = prefix.replace(".", "").rstrip("-")
        if bare.startswith(p) and (best is None or len(p) > len(best.replace(".", "").rstrip("-"))):
            best = prefix
    return best
