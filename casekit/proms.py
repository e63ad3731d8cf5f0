"""Validated patient-reported outcome measures (PROMs): their names in free text, and one scale each.

The table itself (aliases, direction, range, subscales, percent forms) is ``terms.PROMS``; this
module finds the names ("iHOT 12", "Q-DASH", "Roland-Morris") and puts a score written in any of a
PROM's forms on its one scale (``scaled``), for :mod:`casekit.evidence`.

>>> prom_name("Oswestry 17/50"), scaled("ODI", 17, "50", False), scaled("NDI", 36, None, True)
('ODI', (34.0, '%'), (18.0, '/50'))
"""

from __future__ import annotations

import re

from . import terms

PROMS: dict[str, dict] = terms.PROMS  # validated PROMs: aliases, direction and score range


def _squash(alias: str) -> str:
    return re.sub(r"[-\s]+", "", alias.lower())


_READ = {k: v for k, v in PROMS.items() if not v.get("read_as")}  # NPRS is read as pain
_ALIAS_TO_PROM = {_squash(a): k for k, v in _READ.items() for a in v["aliases"]}
PROM_RE = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(  # "iHOT-12", "iHOT 12" and "iHOT12" alike
    r"[-\s]?".join(map(re.escape, re.split(r"[-\s]+", a)))
    for a in sorted((a for v in _READ.values() for a in v["aliases"]), key=len, reverse=True))
    + r")(?![A-Za-z0-9])", re.I)
_CASED = {_squash(a): a for a in terms.CASED_ALIASES}  # "DASH" counts, "a 40-yard dash" does not


def prom_hits(text: str) -> list[re.Match]:
    """PROM names in free text, in order; an alias in ``terms.CASED_ALIASES`` only as written."""
    return [m for m in PROM_RE.finditer(text) if _CASED.get(_squash(m.group(1)), m.group(1)) == m.group(1)]


def subscale(text: str, prom: str | None = None) -> str:
    """Canonical subscale name: "Sport/Rec" -> "sport/rec" (KOOS), "sport" -> "sports" (FAAM)."""
    t = " ".join(text.lower().split())  # a PROM's own spelling first: FAAM "sports", KOOS "sport/rec"
    return terms.SUB_CANON_BY_PROM.get(prom or "", {}).get(t) or (
        "sport/rec" if t.startswith("sport") and len(t) > 6 else terms.SUB_CANON.get(t, t))


def prom_of(m: re.Match) -> str:
    """The canonical name of a :func:`prom_hits` match."""
    return _ALIAS_TO_PROM[_squash(m.group(1))]


def prom_name(text: str) -> str | None:
    """Canonical PROM name in free text ("iHOT 12 score" -> "iHOT-12"), else None."""
    return next((prom_of(m) for m in prom_hits(text)), None)


def scaled(name: str, value: float | None, mx: str | int | None, pct: bool) -> tuple[float | None, str | None]:
    """A PROM written in several forms, on its one scale: "ODI 34%", "ODI 17/50" and "ODI 34" all
    read 34 (%); "NDI 36%" and "NDI 18/50" read 18 (/50). (value, unit); unit None: not rescaled."""
    if not PROMS[name].get("percent") or value is None:
        return value, None
    hi = PROMS[name]["range"][1]
    if pct or (not mx and hi < value <= 100):  # "NDI 64" can only be a percent
        value = value * hi / 100
    elif mx and int(mx) != hi:
        value = value * hi / int(mx)
    return round(value, 2), PROMS[name]["unit"]
