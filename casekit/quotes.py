"""The two kinds of evidence a check rests on: a :class:`Quote` of a document's sentence, and a
:class:`Fact` of the case file itself (claims counts, the plan of care, a structured measure).

Both are cited as ``record:<source>`` (a document id, or the field path in the case file).

>>> Quote("eval-2025-08-25", datetime.date(2025, 8, 25), "Pain 6/10.").to_dict()   # doctest: +SKIP
{'document': 'eval-2025-08-25', 'date': '2025-08-25', 'quote': 'Pain 6/10.'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Union


@dataclass(frozen=True)
class Quote:
    """An exact sentence of one of the case's documents."""

    document: str
    date: dt.date
    quote: str

    @property
    def source(self) -> str:
        return self.document

    @property
    def text(self) -> str:
        return self.quote

    def to_dict(self) -> dict:
        return {"document": self.document, "date": self.date.isoformat(), "quote": self.quote}


@dataclass(frozen=True)
class Fact:
    """A fact of the case file: ``field`` is its place (``visit_counts[0]``, ``plan_of_care``);
    ``fact`` is its wording (a :class:`~casekit.wording.Phrase` until the check is filled)."""

    field: str
    date: dt.date
    fact: Any

    @property
    def source(self) -> str:
        return self.field

    @property
    def text(self) -> str:
        return str(self.fact)

    def to_dict(self) -> dict:
        return {"field": self.field, "date": self.date.isoformat(), "fact": str(self.fact)}


Evidence = Union[Quote, Fact]


def quote_of(finding) -> Evidence:
    """A finding as evidence: a document's sentence, or a structured measure's place in the file."""
    if finding.document:
        return Quote(finding.document, finding.date, finding.quote)
    return Fact(str(finding.get("ref")), finding.date, finding.quote)
