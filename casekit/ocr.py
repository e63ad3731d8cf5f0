"""Figures read by OCR: each carries its words' Tesseract confidence, and one below the pack's
``ocr_min_confidence`` never reaches a rule.

A number OCR misreads looks like any other ("LEFS 52/80" read as "52/60" measured at confidence
73 on a blurred 100 dpi page; ``inputs-and-training.md`` §0.7, trap 2). So where evidence is read
per document (:func:`casekit.evidence.extract`), a finding with a value from an OCR'd page gets
the lowest confidence of the words that hold its number; below the pack's setting it is held
back (the check sees it as not documented), the report lists it with what OCR read, and
``documentation_needed`` asks for it to be confirmed from the original.

>>> confidence_of(finding, (0, 20), "Pain 3/10 with stairs", [(0, 4, 95.0), (5, 9, 61.0)])  # doctest: +SKIP
(61.0, '3/10')
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from .wording import Phrase

#: the pack setting that sets the confidence an OCR'd figure needs (Tesseract's 0-100 scale)
SETTING = "ocr_min_confidence"


def confidence_of(finding: Any, span: tuple[int, int], text: str,
                  words: Sequence[Sequence[float]]) -> Optional[tuple[float, str]]:
    """``(confidence, as read)`` of a finding's figure read by OCR: the lowest confidence of the
    OCR'd words of its sentence that hold its number (else of those holding any digit, else of
    all its words). None for a finding without a value, or one not read by OCR (a page of a
    mixed PDF with a text layer)."""
    if finding.value is None:
        return None
    a, b = span
    here = [(int(s), int(e), float(c)) for s, e, c in words if s < b and e > a]
    if not here:
        return None
    digits = [w for w in here if any(ch.isdigit() for ch in text[w[0]:w[1]])]
    shown = f"{finding.value:g}"
    chosen = [w for w in digits if shown in text[w[0]:w[1]]] or digits or here
    return min(c for _, _, c in chosen), text[min(s for s, _, _ in chosen):max(e for _, e, _ in chosen)]


def threshold(pack: Any) -> Optional[float]:
    """The pack's ``ocr_min_confidence``, or None when the pack has none (then no OCR'd figure is
    used)."""
    setting = pack.settings.get(SETTING)
    return setting.value if setting is not None else None


def fields(f: Any, limit: Optional[float]) -> dict[str, Any]:
    """A figure's template fields: document, date, name, value, unit (spaced as a reading shows it:
    "48 points", "5/10"), as_read, confidence, threshold."""
    from .rules.core import unit_suffix
    return {"document": f.document, "date": f.date.isoformat(), "name": f.name or f.kind,
            "value": f.value, "unit": unit_suffix(f.unit), "as_read": f.get("ocr_read"),
            "confidence": f.get("ocr_confidence"), "threshold": limit if limit is not None else 100}


def confirmations(held: Iterable[Any], limit: Optional[float]) -> tuple[Phrase, ...]:
    """One ``documentation_needed`` item per held figure: confirm it from the original."""
    return tuple(Phrase("ocr_figures.confirm", fields(f, limit)) for f in held)


def used(items: Iterable[Any]) -> list[Any]:
    """The figures read by OCR that rules may use (their confidence met the pack's)."""
    return [f for f in items if f.get("ocr_confidence") is not None]


def to_dict(evidence: Any, limit: Optional[float]) -> dict[str, Any]:
    """The review JSON's ``ocr`` block: the pack's threshold, the figures read by OCR that rules
    used and those held back, each with its document, date, name, value, unit, what OCR read and
    the confidence."""
    def row(f: Any) -> dict[str, Any]:
        return {"document": f.document, "date": f.date.isoformat(), "name": f.name or f.kind, "value": f.value,
                "unit": f.unit, "as_read": f.get("ocr_read"), "confidence": f.get("ocr_confidence")}
    return {"min_confidence": limit, "used": [row(f) for f in used(evidence.items)],
            "unconfirmed": [row(f) for f in evidence.unconfirmed]}
