"""Numbering sources for a report: guidelines first, then literature, then the patient's records.

Every statement in a report ends with markers such as ``[1, 3]`` that link to the numbered
reference list. A record citation names the document, its date and the sentences quoted from it. The group
headings and labels are the pack's wording (``section.references.*``).

>>> cites = Citations.for_review(review)   # doctest: +SKIP
>>> cites.markers(["mcg-example", "record:eval-2025-08-25"])   # doctest: +SKIP
'[1, 9]'
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterable, Mapping, Optional

from .wording import say as wording_say

GROUPS = ("guideline", "literature", "record")


@dataclass(frozen=True)
class Entry:
    number: int
    key: str
    group: str
    text: str  # plain text of the reference
    link: str | None = None
    quotes: tuple[tuple[str, str], ...] = ()  # (date, quote) cited from a record
    tier: str | None = None
    tier_label: str | None = None  # the tier as the pack words it ("source tier V")


class Citations:
    """A numbering of every source a review (and its pack's standards) cites."""

    def __init__(self, entries: list[Entry], titles: Optional[Mapping[str, str]] = None):
        self.entries = entries
        self.titles = dict(titles or {})  # each group's heading; the group's name where none
        self._number = {e.key: e.number for e in entries}

    @classmethod
    def for_review(cls, review, extra: Iterable[str] = ()) -> "Citations":
        from .reviewing import reference_dict

        def say(key: str, **values) -> str:
            return wording_say(review.pack, f"section.references.{key}", **values)
        refs = review.references()
        for key in extra:
            if key not in refs and key in review.pack.references:
                refs[key] = reference_dict(review.pack.references[key])
        quotes: dict[str, list[tuple[str, str]]] = {}
        for check in review.checks:
            for ev in check.evidence:
                key = f"record:{ev.source}"
                pair = (ev.date.isoformat(), ev.text)
                if pair not in quotes.setdefault(key, []):
                    quotes[key].append(pair)
        ordered = sorted(refs.items(), key=lambda kv: GROUPS.index(kv[1]["kind"]))
        entries = []
        for number, (key, ref) in enumerate(ordered, start=1):
            if ref["kind"] == "record":
                doc = review.case.document(ref["document"])
                text = (f"{ref['document']}: {doc.kind.replace('-', ' ')}, {doc.date}"
                        + (f", {doc.author}" if doc and doc.author else "") if doc else
                        say("case-file", document=ref["document"]))
                entries.append(Entry(number, key, "record", text, None, tuple(quotes.get(key, ()))))
            else:
                label = " " + say("licensed") if ref.get("licensed") else ""
                tier = ref.get("tier")
                entries.append(Entry(number, key, ref["kind"], ref["citation"] + label, ref.get("link"),
                                     tier=tier, tier_label=say("tier", tier=tier) if tier else None))
        return cls(entries, {g: say(g) for g in GROUPS})

    def number(self, key: str) -> int:
        return self._number[key]

    def markers(self, keys: Iterable[str]) -> str:
        """Plain-text markers, e.g. ``[1, 3]``."""
        nums = sorted({self._number[k] for k in keys if k in self._number})
        return "[" + ", ".join(map(str, nums)) + "]" if nums else ""

    def markers_html(self, keys: Iterable[str]) -> str:
        nums = sorted({self._number[k] for k in keys if k in self._number})
        links = ", ".join(f'<a href="#ref-{n}">{n}</a>' for n in nums)
        return f'<sup class="ck-cite">[{links}]</sup>' if nums else ""

    def grouped(self) -> list[tuple[str, list[Entry]]]:
        return [(self.titles.get(g, g), [e for e in self.entries if e.group == g]) for g in GROUPS
                if any(e.group == g for e in self.entries)]

    def html(self) -> str:
        e = html.escape
        out = []
        for title, entries in self.grouped():
            out.append(f"<h3>{e(title)}</h3><ol class='ck-refs'>")
            for ent in entries:
                link = (f' <a href="{e(ent.link, quote=True)}">{e(ent.link)}</a>'
                        if ent.link and ent.link.startswith("https://") else "")
                tier = f" <span class='ck-tier'>({e(ent.tier_label)})</span>" if ent.tier_label else ""
                quotes = "".join(f"<li><q>{e(q)}</q> ({e(d)})</li>" for d, q in ent.quotes)
                quotes = f"<ul class='ck-quotes'>{quotes}</ul>" if quotes else ""
                out.append(f"<li value='{ent.number}' id='ref-{ent.number}'>{e(ent.text)}{link}{tier}"
                           f"{quotes}</li>")
            out.append("</ol>")
        return "".join(out)

    def text(self) -> str:
        lines = []
        for title, entries in self.grouped():
            lines.append(title)
            for ent in entries:
                lines.append(f"  {ent.number}. {ent.text}" + (f" {ent.link}" if ent.link else "")
                             + (f" ({ent.tier_label})" if ent.tier_label else ""))
                lines += [f"       \"{q}\" ({d})" for d, q in ent.quotes]
        return "\n".join(lines)
