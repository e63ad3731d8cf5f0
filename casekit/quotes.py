"""The two kinds of evidence a check rests on: a :class:`Quote` of a document's sentence, and a
:class:`Fact` of the case file itself (claims counts, the plan of care, a structured measure).

Both are cited as ``record:<source>`` (a document id, or the field path in the case file).

>>> Quote("eval-2025-08-25", datetime.date(2025, 8, 25), "Pain 6/10.").to_dict()   # doctest: +SKIP
{'document': 'eval-2025-08-25', 'date': '2025-08-25', 'quote': 'Pain 6/10.'}
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar, Union


class _Sourced:
    """What both kinds share: a source (cited as ``record:<source>``), a date and a text."""

    _names: ClassVar[tuple[str, str]]  # the fields holding the source and the text
    date: dt.date

    @property
    def source(self) -> str:
        return getattr(self, self._names[0])

    @property
    def text(self) -> str:
        return str(getattr(self, self._names[1]))

    def to_dict(self) -> dict:
        return {self._names[0]: self.source, "date": self.date.isoformat(), self._names[1]: self.text}


@dataclass(frozen=True)
class Quote(_Sourced):
    """An exact sentence of one of the case's documents."""

    _names: ClassVar[tuple[str, str]] = ("document", "quote")
    document: str
    date: dt.date
    quote: str


@dataclass(frozen=True)
class Fact(_Sourced):
    """A fact of the case file: ``field`` is its place (``visit_counts[0]``, ``plan_of_care``);
    ``fact`` is its wording (a :class:`~casekit.wording.Phrase` until the check is filled)."""

    _names: ClassVar[tuple[str, str]] = ("field", "fact")
    field: str
    date: dt.date
    fact: Any


Evidence = Union[Quote, Fact]


def quote_of(finding) -> Evidence:
    """A finding as evidence: a document's sentence, or a structured measure's place in the file."""
    if finding.document:
        return Quote(finding.document, finding.date, finding.quote)
    return Fact(str(finding.get("ref")), finding.date, finding.quote)
