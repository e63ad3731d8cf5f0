"""The determination letter: one or two pages to the member and the treating provider, in plain
words, beside the full analytic report.

    letter_html(review)                 a complete standalone HTML page (print CSS, no scripts)
    write_letter(review, out_dir)       writes <case_id>.letter.html and <case_id>.letter.pdf

The letter is built from the review alone (no notebook, no kernel): the decision and what it
covers, the short reasons, what the treating provider can send, the rights and appeal route
(every item of the report's ``notice`` section, in order, with its citations and a short list of
sources), and the signature block of :mod:`casekit.attestation` ("not given" where the case is
silent; an unsigned letter says it is only proposed). Its date is ``review.decided_on``, never
today's. Every sentence is a ``letter.*`` template of the pack's wording; every piece of case
text is escaped.

>>> html = letter_html(casekit.review(casekit.load_case("cases/hip-seed.yaml")))   # doctest: +SKIP
>>> write_letter(review, "out/")                                                  # doctest: +SKIP
{'letter-html': PosixPath('out/HIP-SEED-0001.letter.html'), 'letter-pdf': PosixPath('out/HIP-SEED-0001.letter.pdf')}
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from typing import Iterable, Optional

from .attestation import decided_on, name_of, parties, signature, signed
from .determination import notice_elements, notice_fields, subject
from .errors import UsageError
from .wording import Phrase, cap_first, first_clause, say as _say

__all__ = ["FORMATS", "letter_html", "write_letter"]

E = html.escape
#: What a letter is written as.
FORMATS = ("html", "pdf")
#: Paper sizes and the CSS ``size`` of each.
PAPERS = {"letter": "letter", "A4": "A4"}
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def letter_html(review, paper: str = "letter") -> str:
    """The letter of one review as a standalone HTML page (``paper``: ``"letter"`` or ``"A4"``).

    Example::

        Path("HIP-SEED-0001.letter.html").write_text(letter_html(review))
    """
    if paper not in PAPERS:
        raise UsageError(f"paper {paper!r} is not one of {', '.join(PAPERS)}")
    p, d = review.pack, review.determination
    report = review.report()
    title = _say(p, f"letter.title.{d.decision}")
    body = [_header(review, title), _addressed(review), _decision(review),
            _list_section(_say(p, f"letter.heading.why.{d.decision}"), None, _reasons(review)),
            _list_section(_say(p, f"letter.heading.send.{d.decision}"), _say(p, f"letter.send.{d.decision}"),
                          [cap_first(t) for t in d.documentation_needed]),
            _rights(review, report), _signature(review)]
    footer = _say(p, "letter.footer-case", case_id=review.case.id)
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{E(title)} ({E(review.case.id)})</title><style>{_css(review, paper)}</style></head>"
            f"<body class='ck-letter ck-{E(d.decision)}'>{''.join(body)}"
            f"<footer class='ck-screen-footer'>{E(footer)}</footer></body></html>\n")


def write_letter(review, out_dir: str | os.PathLike[str], formats: Iterable[str] = FORMATS,
                 paper: str = "letter") -> dict[str, Path]:
    """Write the letter as ``<case_id>.letter.html`` and/or ``.letter.pdf`` (headless Chromium;
    dates pinned under ``$SOURCE_DATE_EPOCH``); returns ``{"letter-html": …, "letter-pdf": …}``.

    Example::

        write_letter(casekit.review(case), "out/", formats=("pdf",))["letter-pdf"]
    """
    from .render import atomic_write, to_pdf

    formats = tuple(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise UsageError(f"letter formats {list(formats)}: choose from {', '.join(FORMATS)}")
    out_dir = Path(out_dir)
    stem = f"{review.case.id}.letter"
    page = letter_html(review, paper).encode("utf-8")
    written: dict[str, Path] = {}
    # printed from the HTML beside it; without an HTML wanted, from a hidden one removed after
    source = out_dir / (f"{stem}.html" if "html" in formats else f".{stem}.print.html")
    atomic_write(source, page)
    try:
        if "html" in formats:
            written["letter-html"] = source
        if "pdf" in formats:
            written["letter-pdf"] = to_pdf(source, out_dir / f"{stem}.pdf")
    finally:
        if "html" not in formats:
            source.unlink(missing_ok=True)
    return written


# --- the parts of the letter ----------------------------------------------------------------------

def _header(review, title: str) -> str:
    p = review.pack
    proposed = "" if signed(review) else f"<span class='ck-proposed'>{E(_say(p, 'letter.proposed'))}</span>"
    when = decided_on(review)
    return (f"<header><h1>{E(title)}</h1>"
            f"<p class='ck-date'>{_t(_say(p, 'letter.date', date=when))}{proposed}</p></header>")


def _member(review) -> Optional[str]:
    return review.case.patient.name or None


def _provider(review) -> Optional[str]:
    provider = review.case.review.provider
    return provider.name if provider else None


def _addressed(review) -> str:
    """To whom (member, treating provider) and about what (identifiers, service, dates)."""
    p, v = review.pack, review.values
    member, provider = _member(review), _provider(review)
    to = [_say(p, "letter.member", name=member) if member else cap_first(_say(p, "letter.the-member")),
          _say(p, "letter.provider", name=provider) if provider else cap_first(_say(p, "letter.the-provider"))]
    rows = [(label, E(value)) for label, value in parties(review)]
    rows += [(_say(p, "letter.service"), E(p.title)),
             (_say(p, "letter.dates"), _t(_say(p, "banner.dates-value", start=v["window_from"], end=v["window_to"]))),
             (_say(p, "letter.case"), E(review.case.id))]
    cells = (f"<tr class='ck-to'><th>{E(_say(p, 'letter.to'))}</th><td>{'<br>'.join(E(t) for t in to)}</td></tr>"
             + "".join(f"<tr><th>{E(k)}</th><td>{val}</td></tr>" for k, val in rows))
    greeting = _say(p, "letter.greeting", member=member or Phrase("letter.dear-member"),
                    provider=provider or Phrase("letter.dear-provider"))
    # a pend decides nothing yet: its letter says what is needed before a decision
    intro = _say(p, f"letter.intro.{'pend' if review.decision == 'pend' else 'decided'}",
                 what=subject(review.case, review.values), title=p.title, version=p.version)
    return (f"<table class='ck-address'>{cells}</table>"
            f"<p class='ck-greeting'>{E(greeting)}</p><p>{_t(intro)}</p>")


def _decision(review) -> str:
    """The decision in plain words and what it covers."""
    p, d = review.pack, review.determination
    key = f"letter.decision.{d.decision}"
    approved = d.approved_visits
    if d.decision == "partial" and approved is None:  # partly approved line by line
        key, approved = "letter.decision.partial-lines", sum(line.decision == "approve" for line in review.lines)
    asked = review.case.review.requested_visits or review.values.get("planned_visits") or 0
    text = _say(p, key, what=subject(review.case, review.values), approved=approved, total=len(review.lines),
                rest=max(0, asked - (approved or 0)))
    return (f"<p class='ck-decision'><strong>{E(_say(p, 'letter.decision-label'))}</strong> "
            f"{_t(text)}</p>")


def _reasons(review) -> list[str]:
    """The determination's reasons, each as its check's short clause; the denied lines' reasons
    for a partial approval by line; the summary when nothing failed (an approval)."""
    d = review.determination
    by_statement = {c.statement: c for c in review.checks}
    short = [(c.reason or first_clause(c.statement)) if (c := by_statement.get(r)) else r for r in d.reasons]
    if not short and review.lines:
        short = [line.reason for line in review.lines if line.decision == "deny"]
    return [cap_first(t) for t in dict.fromkeys(short)] or [d.summary]


def _list_section(heading: str, lead: Optional[str], items: list[str]) -> str:
    if not items:
        return ""
    lead_html = f"<p>{E(lead)}</p>" if lead else ""
    entries = "".join(f"<li>{_t(t)}</li>" for t in items)
    return f"<section><h2>{E(heading)}</h2>{lead_html}<ul>{entries}</ul></section>"


def _rights(review, report) -> str:
    """Every element of the notice, in order, with its sources numbered for the letter. The parts
    the letter already states in its own sections (the reasons, what to send, the findings) are
    pointers to those sections here, so the letter stays within two pages."""
    notice = report.section("notice")
    if notice is None or not notice.items:
        return ""
    p, d, entries = review.pack, review.determination, {e.key: e for e in report.cites.entries}
    numbers: dict[str, int] = {}
    for item in notice.items:
        for key in item.cites:
            if key in entries:
                numbers.setdefault(key, len(numbers) + 1)
    headings = {"why": _say(p, f"letter.heading.why.{d.decision}"),
                "send": _say(p, f"letter.heading.send.{d.decision}")}
    fields = notice_fields(d.decision, d.summary, d.documentation_needed, d.reasons, p, review.values)
    fields.update(specific_reason=Phrase("letter.notice.specific-reason", headings),
                  perfect_claim=Phrase("letter.notice.perfect-claim" if d.documentation_needed
                                       else "notice.nothing-missing", headings),
                  clinical_judgment=Phrase("letter.notice.clinical-judgment", headings))
    texts = [_say(p, "notice.element", heading=e["heading"], text=e["text"]) for e in notice_elements(p, fields, review.case.review.type)]
    items = "".join(f"<li>{_t(text)}{_markers(item.cites, numbers)}</li>" for text, item in zip(texts, notice.items))
    sources = "".join(f"<li>{_source(p, entries[key])}</li>" for key in numbers)
    sources = (f"<div class='ck-sources'><h3>{E(_say(p, 'letter.heading.sources'))}</h3><ol>{sources}</ol></div>"
               if sources else "")
    return (f"<section class='ck-rights'><h2>{E(_say(p, 'letter.heading.rights'))}</h2>"
            f"<p class='ck-notice-title'>{E(notice.title)}</p><ul>{items}</ul>{sources}</section>")


def _t(text: str) -> str:
    """Case or pack text as HTML: escaped, each ISO date kept whole on one line."""
    return _ISO_DATE.sub(r"<span class='ck-nowrap'>\g<0></span>", E(text))


def _markers(keys: Iterable[str], numbers: dict[str, int]) -> str:
    nums = sorted({numbers[k] for k in keys if k in numbers})
    return f" <sup>[{', '.join(map(str, nums))}]</sup>" if nums else ""


def _source(pack, entry) -> str:
    """A source in short: the pack's short name and its link, else the report's text of it."""
    ref = pack.references.get(entry.key)
    text = (ref.short if ref is not None and ref.short else entry.text)
    link = (f" <a href='{E(entry.link, quote=True)}'>{E(entry.link)}</a>"
            if entry.link and entry.link.startswith("https://") else "")
    return E(text) + link


def _signature(review) -> str:
    p = review.pack
    who = review.case.review.reviewer
    lead = (f"<p>{E(_say(p, 'letter.signed'))}</p><p class='ck-signer'>"
            f"{E(name_of(who, p))}</p>"
            if signed(review) else f"<p class='ck-unsigned'>{E(_say(p, 'letter.unsigned'))}</p>")
    cells = [f"<th>{E(k)}</th><td>{E(v)}</td>" for k, v in signature(review)]
    rows = "".join(f"<tr>{''.join(cells[i:i + 2])}</tr>" for i in range(0, len(cells), 2))  # two a row
    return f"<section class='ck-signature'>{lead}<table>{rows}</table></section>"


# --- print stylesheet -----------------------------------------------------------------------------

_CSS = """
@page { size: %(size)s; margin: 16mm 19mm 18mm;
  @bottom-left { content: %(case)s; font: 8pt sans-serif; color: #555; }
  @bottom-right { content: %(page)s; font: 8pt sans-serif; color: #555; } }
html { font: 10pt/1.38 "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; color: #111; }
body { margin: 0; }
@media screen { body { max-width: 7in; margin: 2em auto; padding: 0 1.5em; } }
@media print { .ck-screen-footer { display: none; } }
header { border-bottom: 2px solid #1f3a5f; margin-bottom: 10pt; padding-bottom: 4pt; }
h1 { font-size: 15pt; margin: 0 0 2pt; color: #1f3a5f; }
h2 { font-size: 11pt; margin: 11pt 0 3pt; color: #1f3a5f; break-after: avoid; }
h3 { font-size: 9pt; margin: 6pt 0 2pt; break-after: avoid; }
p { margin: 0 0 6pt; }
ul, ol { margin: 0 0 6pt; padding-left: 16pt; }
li { margin-bottom: 2pt; break-inside: avoid; }
table { border-collapse: collapse; }
th { text-align: left; font-weight: 600; padding: 1pt 12pt 1pt 0; vertical-align: top; white-space: nowrap; }
td { padding: 1pt 0; vertical-align: top; }
.ck-date { margin: 0; color: #333; }
.ck-proposed { float: right; padding: 0 6pt; border: 1.5px solid #b3261e; color: #b3261e;
  font-weight: 600; font-size: 9pt; }
.ck-nowrap { white-space: nowrap; }
.ck-address { margin-bottom: 9pt; }
.ck-to th, .ck-to td { padding-bottom: 6pt; }
.ck-decision { border-left: 4px solid #1f3a5f; background: #eef2f7; padding: 5pt 8pt; margin: 8pt 0;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.ck-deny .ck-decision { border-color: #b3261e; } .ck-partial .ck-decision { border-color: #c77700; }
.ck-pend .ck-decision { border-color: #6b5bd2; } .ck-approve .ck-decision { border-color: #2e7d32; }
.ck-notice-title { font-style: italic; color: #333; margin-bottom: 3pt; break-after: avoid; }
.ck-rights li { font-size: 8.5pt; line-height: 1.3; margin-bottom: 1pt; break-inside: auto; orphans: 3; widows: 3; }
.ck-sources { font-size: 8pt; color: #333; break-inside: avoid; } .ck-sources ol { padding-left: 14pt; }
.ck-sources a { color: #333; word-break: break-all; }
sup { font-size: 7pt; line-height: 0; }
.ck-signature { margin-top: 12pt; break-inside: avoid; }
.ck-signature td { padding-right: 18pt; white-space: nowrap; }
.ck-signer { font-weight: 600; margin-top: 14pt; }
.ck-signature table { margin-top: 14pt; border-top: 1px solid #999; padding-top: 3pt; min-width: 3.2in; }
.ck-unsigned { border: 1px dashed #b3261e; padding: 4pt 6pt; }
.ck-screen-footer { margin-top: 18pt; border-top: 1px solid #ccc; font-size: 8pt; color: #555; }
"""


def _css(review, paper: str) -> str:
    p = review.pack
    return _CSS % {"size": PAPERS[paper],
                   "case": _css_content(_say(p, "letter.footer-case", case_id=review.case.id)),
                   "page": _css_content(_say(p, "letter.footer-page", page="\0page\0", pages="\0pages\0"))}


def _css_content(text: str) -> str:
    """A footer's text as a CSS ``content`` value: literal parts quoted and escaped, the page
    numbers as counters (``"Page " counter(page) " of " counter(pages)``)."""
    parts = []
    for i, part in enumerate(text.split("\0")):
        if i % 2:
            parts.append(f"counter({part})")
        elif part:
            # hex escapes keep quotes, backslashes and "</style>" out of the stylesheet's syntax
            parts.append('"' + re.sub(r'[^A-Za-z0-9 .,:;()_-]', lambda m: f"\\{ord(m[0]):x} ", part) + '"')
    return " ".join(parts) or '""'
