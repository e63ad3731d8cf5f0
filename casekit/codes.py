"""ICD-10-CM codes: normalising, descriptions, laterality and body part.

Laterality is read from the code's official description, never from its last digit: the position
of the side character differs between categories (``shared/domain.md``). The table below holds the
codes outpatient therapy packs need (descriptions from the CMS/CDC ICD-10-CM tabular list, FY2026);
a code outside it still loads, its side read as unknown.

>>> normalise_code("m25552")
'M25.552'
>>> side_of("M25.552")
'left'
"""

from __future__ import annotations

import re
from typing import Optional

_CODE = re.compile(r"^([A-TV-Z][0-9][0-9AB])\.?([0-9A-Z]{0,4})$")

#: code -> official description (ICD-10-CM tabular list, FY2026).
DESCRIPTIONS: dict[str, str] = {
    # Pain in joint (M25.5-)
    "M25.50": "Pain in unspecified joint",
    "M25.551": "Pain in right hip",
    "M25.552": "Pain in left hip",
    "M25.559": "Pain in unspecified hip",
    "M25.561": "Pain in right knee",
    "M25.562": "Pain in left knee",
    "M25.569": "Pain in unspecified knee",
    "M25.511": "Pain in right shoulder",
    "M25.512": "Pain in left shoulder",
    "M25.519": "Pain in unspecified shoulder",
    # Stiffness of hip
    "M25.651": "Stiffness of right hip, not elsewhere classified",
    "M25.652": "Stiffness of left hip, not elsewhere classified",
    "M25.659": "Stiffness of unspecified hip, not elsewhere classified",
    # Osteoarthritis of hip (M16)
    "M16.0": "Bilateral primary osteoarthritis of hip",
    "M16.10": "Unilateral primary osteoarthritis, unspecified hip",
    "M16.11": "Unilateral primary osteoarthritis, right hip",
    "M16.12": "Unilateral primary osteoarthritis, left hip",
    "M16.2": "Bilateral osteoarthritis resulting from hip dysplasia",
    "M16.30": "Unilateral osteoarthritis resulting from hip dysplasia, unspecified hip",
    "M16.31": "Unilateral osteoarthritis resulting from hip dysplasia, right hip",
    "M16.32": "Unilateral osteoarthritis resulting from hip dysplasia, left hip",
    "M16.4": "Bilateral post-traumatic osteoarthritis of hip",
    "M16.50": "Unilateral post-traumatic osteoarthritis, unspecified hip",
    "M16.51": "Unilateral post-traumatic osteoarthritis, right hip",
    "M16.52": "Unilateral post-traumatic osteoarthritis, left hip",
    "M16.6": "Other bilateral secondary osteoarthritis of hip",
    "M16.7": "Other unilateral secondary osteoarthritis of hip",
    "M16.9": "Osteoarthritis of hip, unspecified",
    # Soft-tissue disorders about the hip
    "M70.60": "Trochanteric bursitis, unspecified hip",
    "M70.61": "Trochanteric bursitis, right hip",
    "M70.62": "Trochanteric bursitis, left hip",
    "M70.70": "Other bursitis of hip, unspecified hip",
    "M70.71": "Other bursitis of hip, right hip",
    "M70.72": "Other bursitis of hip, left hip",
    "M76.00": "Gluteal tendinitis, unspecified hip",
    "M76.01": "Gluteal tendinitis, right hip",
    "M76.02": "Gluteal tendinitis, left hip",
    "M76.10": "Psoas tendinitis, unspecified hip",
    "M76.11": "Psoas tendinitis, right hip",
    "M76.12": "Psoas tendinitis, left hip",
    "M76.20": "Iliac crest spur, unspecified hip",
    "M24.151": "Other articular cartilage disorders, right hip",
    "M24.152": "Other articular cartilage disorders, left hip",
    "M24.159": "Other articular cartilage disorders, unspecified hip",
    "M24.851": "Other specific joint derangements of right hip, not elsewhere classified",
    "M24.852": "Other specific joint derangements of left hip, not elsewhere classified",
    "M24.859": "Other specific joint derangements of unspecified hip, not elsewhere classified",
    "S73.101A": "Unspecified sprain of right hip, initial encounter",
    "S73.102A": "Unspecified sprain of left hip, initial encounter",
    "S73.109A": "Unspecified sprain of unspecified hip, initial encounter",
    "Z96.641": "Presence of right artificial hip joint",
    "Z96.642": "Presence of left artificial hip joint",
    "Z96.643": "Presence of artificial hip joint, bilateral",
    "Z47.1": "Aftercare following joint replacement surgery",
    # Knee and spine (so a mis-packed case is named, not guessed)
    "M17.0": "Bilateral primary osteoarthritis of knee",
    "M17.11": "Unilateral primary osteoarthritis, right knee",
    "M17.12": "Unilateral primary osteoarthritis, left knee",
    "M54.50": "Low back pain, unspecified",
    "M54.51": "Vertebrogenic low back pain",
    "M54.59": "Other low back pain",
    "M54.16": "Radiculopathy, lumbar region",
    "M54.17": "Radiculopathy, lumbosacral region",
}

_BODY_PARTS = ("hip", "knee", "shoulder", "back", "lumbar", "lumbosacral", "joint")


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


def describe(code: str) -> Optional[str]:
    """The official description of a code in casekit's table, else None."""
    return DESCRIPTIONS.get(code)


def side_of(code: str) -> Optional[str]:
    """``left``, ``right``, ``bilateral``, ``unspecified`` (a lateral site, side not given), or
    None when the description is unknown or names no paired site."""
    text = (describe(code) or "").lower()
    if not text:
        return None
    words = set(re.findall(r"[a-z]+", text))
    if "bilateral" in words:
        return "bilateral"
    if "right" in words:
        return "right"
    if "left" in words:
        return "left"
    if "unspecified" in words and body_part_of(code) in {"hip", "knee", "shoulder"}:
        return "unspecified"
    return None


def body_part_of(code: str) -> Optional[str]:
    """The body part named in the code's description (``hip``, ``knee``…), else None."""
    text = (describe(code) or "").lower()
    for part in _BODY_PARTS:
        if re.search(rf"\b{part}\b", text):
            return "back" if part in {"lumbar", "lumbosacral"} else part
    return None


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
