"""The determination report: sections built from a Review, rendered as escaped HTML or text.

One structure (sections of cited items) serves both the HTML shown in the notebook and report,
and the plain text used by golden tests, so the two never disagree. Every item ends with
citation markers; case text is escaped wherever it is shown. Every sentence and heading is a
template of the pack's wording.

>>> rep = build(casekit.review(casekit.load_case("cases/hip-seed.yaml")))   # doctest: +SKIP
>>> print(rep.to_text()[:60])                                              # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from typing import Optional

from . import attestation, ocr
from . import overrides as overrides_mod
from ._version import __version__
from .citations import Citations
from .quotes import Fact, Quote
from .style import DECISION_COLOURS
from .wording import Joined, Phrase, fill, say as _say

E = html.escape
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _other_codes(review, code: str):
    """The case's other diagnosis codes, listed beside the one reviewed."""
    others = tuple(dict.fromkeys(d.code for d in review.case.diagnoses if d.code != code))
    return Phrase("banner.other-codes", {"codes": Joined(others, "comma-list")}) if others else ""


def decision_title(pack, decision: str) -> str:
    """"DENIED", "PARTIALLY APPROVED", … as the pack words them."""
    return _say(pack, f"decision.{decision}")


@dataclass(frozen=True)
class Item:
    text: str
    cites: tuple[str, ...] = ()
    quotes: tuple[dict, ...] = ()


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    cite_column: Optional[int] = None  # a column holding citation keys (tuples), shown as markers


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    level: int = 2
    items: tuple[Item, ...] = ()
    table: Optional[Table] = None
    children: tuple["Section", ...] = ()


@dataclass(frozen=True)
class Report:
    """A determination report: an immutable list of sections plus its citations."""

    review: object
    title: str
    sections: tuple[Section, ...]
    cites: Citations
    audit: dict = field(default_factory=dict)

    def section(self, key: str) -> Optional[Section]:
        return next((s for s in self.sections if s.key == key), None)

    # --- HTML --------------------------------------------------------------------------------
    def banner_rows(self) -> list[tuple[str, str]]:
        """The banner's facts: case, the notice's identifiers (member, claim, treating provider and
        NPI, "not given" where the case is silent), review, dates, patient, diagnosis, pack (and
        approved visits)."""
        r, p = self.review, self.review.pack
        v = r.values
        rows = [(_say(p, "banner.case"), r.case.id), *attestation.parties(r),
                (_say(p, "banner.review"), _say(p, "banner.review-value", type=r.case.review.type,
                                                line=r.case.review.line_of_business)),
                (_say(p, "banner.dates"), _say(p, "banner.dates-value", start=v["window_from"], end=v["window_to"])),
                (_say(p, "banner.patient"), _say(p, "banner.patient-value", age=r.case.patient.age,
                                                 sex=r.case.patient.sex)),
                (_say(p, "banner.diagnosis"), _say(p, "banner.diagnosis-value", code=v["code"],
                                                   description=v["code_description"],
                                                   others=_other_codes(r, v["code"]))),
                (_say(p, "banner.pack"), _say(p, "banner.pack-value", id=p.id, version=p.version,
                                              layers=Joined(tuple(p.layers), "plus")))]
        if r.determination.approved_visits is not None:
            rows.append((_say(p, "banner.approved"), str(r.determination.approved_visits)))
        if r.case.deidentified:  # a teaching case: which de-identification, Safe Harbor or not
            rows.append((_say(p, "deid.banner"), _say(p, f"deid.mode.{r.case.deidentified.mode}")))
        return rows

    def banner_html(self) -> str:
        r = self.review
        d = r.decision
        cells = "".join(f"<tr><th>{E(k)}</th><td>{E(v)}</td></tr>" for k, v in self.banner_rows())
        return (f"<div class='ck-banner ck-{E(d)}'><h1>{E(self.title)}</h1>"
                f"<p class='ck-decision'>{E(_say(r.pack, 'banner.determination'))} <strong "
                f"style='background:{DECISION_COLOURS[d]};color:#fff;"
                f"padding:2px 10px;border-radius:3px;-webkit-print-color-adjust:exact;"
                f"print-color-adjust:exact'>{E(decision_title(r.pack, d))}</strong></p>"
                f"<table class='ck-facts'>{cells}</table></div>")

    def overview_html(self) -> str:
        """The banner, the summary, a reviewer's overrides and every criterion: how a review shows
        itself in Jupyter."""
        return (f"<div class='casekit-review'>{self.banner_html()}"
                f"{self.section_html('summary', 'overrides', 'criteria')}</div>")

    def section_html(self, *keys: str) -> str:
        """HTML of the named sections (missing ones are skipped: a notice exists only for denials)."""
        return "".join(self._section_html(s) for k in keys if (s := self.section(k)))

    @property
    def part_keys(self) -> tuple[str, ...]:
        """Keys of the sections laid out by the pack (between the summary and the recommendation)."""
        fixed = {"summary", "overrides", "recommendation", "lines", "notice", "signature", "criteria"}
        return tuple(s.key for s in self.sections if s.key not in fixed)

    def render_section(self, sec: Section) -> str:
        """HTML of a section built elsewhere (a worksheet's), with this report's citations."""
        return self._section_html(sec)

    def _section_html(self, sec: Section) -> str:
        out = [f"<section class='ck-section ck-{E(sec.key)}'>"
               + (f"<h{sec.level}>{E(sec.title)}</h{sec.level}>" if sec.title else "")]
        if sec.items:
            out.append("<ul class='ck-items'>")
            for it in sec.items:
                quotes = "".join(self._evidence_html(q) for q in it.quotes)
                quotes = f"<ul class='ck-quotes'>{quotes}</ul>" if quotes else ""
                out.append(f"<li>{E(it.text)} {self.cites.markers_html(it.cites)}{quotes}</li>")
            out.append("</ul>")
        if sec.table:
            out.append(self._table_html(sec.table))
        out += [self._section_html(child) for child in sec.children]
        out.append("</section>")
        return "".join(out)

    def _evidence_html(self, q: Quote | Fact) -> str:
        if isinstance(q, Quote):
            return (f"<li><q>{E(q.quote)}</q> <span class='ck-src'>({E(q.document)}, "
                    f"{E(q.date.isoformat())})</span></li>")
        return (f"<li><span class='ck-src'>{E(_say(self.review.pack, 'evidence.case-file', field=q.field))}"
                f"</span> {E(q.text)}</li>")

    def _table_html(self, t: Table) -> str:
        head = "".join(f"<th>{E(c)}</th>" for c in t.columns)
        body = []
        for row in t.rows:
            cells = [(self.cites.markers_html(v) if i == t.cite_column else E(str(v)), _ISO_DATE.fullmatch(str(v)))
                     for i, v in enumerate(row)]
            # a date reads whole: never broken across lines in a narrow column
            body.append("<tr>" + "".join(f"<td style='white-space:nowrap'>{c}</td>" if date else f"<td>{c}</td>"
                                         for c, date in cells) + "</tr>")
        return f"<table class='ck-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"

    def references_html(self) -> str:
        return (f"<section class='ck-section ck-references'><h2>{E(_say(self.review.pack, 'heading.references'))}"
                f"</h2>{self.cites.html()}</section>")

    def audit_html(self) -> str:
        """The audit block: versions, hashes, time, and the case's plausibility warnings (a list,
        one item each; all escaped)."""
        rows = "".join(f"<tr><th>{E(k)}</th><td>{_audit_html(v)}</td></tr>" for k, v in self.audit.items())
        return (f"<section class='ck-section ck-audit'><h2>{E(_say(self.review.pack, 'heading.audit'))}</h2>"
                f"<table class='ck-facts'>{rows}</table></section>")

    def to_html(self) -> str:
        """The whole report as one HTML fragment (without figures)."""
        return (self.banner_html() + "".join(self._section_html(s) for s in self.sections)
                + self.references_html() + self.audit_html())

    def _repr_html_(self) -> str:
        return self.to_html()

    # --- text --------------------------------------------------------------------------------
    def to_text(self) -> str:
        """Plain text of every section (for golden tests and terminals)."""
        p = self.review.pack
        lines = [self.title, f"{_say(p, 'banner.determination')} {decision_title(p, self.review.decision)}", ""]
        for sec in self.sections:
            lines += _section_text(sec, self.cites, p)
        lines += [_say(p, "heading.references")] + [f"  {line}" for line in self.cites.text().splitlines()] + [""]
        lines += [_say(p, "heading.audit")]
        for k, v in self.audit.items():
            lines += [f"  {k}:"] + [f"    - {w}" for w in v] if isinstance(v, list) else [f"  {k}: {v}"]
        return "\n".join(lines) + "\n"


def _audit_html(value) -> str:
    """One audit value as HTML: a list (the warnings) as a list of escaped items."""
    if isinstance(value, list):
        return "<ul class='ck-warnings'>" + "".join(f"<li>{E(str(v))}</li>" for v in value) + "</ul>"
    return E(str(value))


def _section_text(sec: Section, cites: Citations, pack) -> list[str]:
    lines = [("#" * sec.level) + " " + sec.title] if sec.title else []
    for it in sec.items:
        lines.append(f"- {it.text} {cites.markers(it.cites)}".rstrip())
        lines += [f"    > \"{q.quote}\" ({q.document}, {q.date.isoformat()})" if isinstance(q, Quote) else
                  f"    > {_say(pack, 'evidence.case-file-text', field=q.field)} {q.text}" for q in it.quotes]
    if sec.table:
        lines.append("  | " + " | ".join(sec.table.columns) + " |")
        for row in sec.table.rows:
            cells = [cites.markers(v) if i == sec.table.cite_column else str(v) for i, v in enumerate(row)]
            lines.append("  | " + " | ".join(cells) + " |")
    for child in sec.children:
        lines += _section_text(child, cites, pack)
    return lines + [""]


# --- building ----------------------------------------------------------------------------------

def _generated_at() -> str:
    from .render import source_date  # light: the render layer imports its heavy parts lazily
    when = source_date() or dt.datetime.now(tz=dt.timezone.utc)
    return when.replace(microsecond=0).isoformat()


def _title(review) -> str:
    p, v = review.pack, review.values
    bench = review.facts.benchmark
    if review.facts.postoperative and bench is not None and bench.title:  # "after total hip arthroplasty"
        return _say(p, "report.title-postoperative", care=bench.title, start=v["window_from"], end=v["window_to"])
    body = p.report.title or p.title.split(" - ")[0]
    return _say(p, "report.title", body=body, start=v["window_from"], end=v["window_to"])


def _check_item(check, quotes: bool = True) -> Item:
    return Item(check.statement, check.citations, check.evidence[:3] if quotes else ())


def _parts(review) -> list[Section]:
    pack = review.pack
    values = dict(review.values)
    if pack.imaging:
        values.update(imaging_first=pack.imaging.first, imaging_after_negative=pack.imaging.after_negative)
    # An info-level failure (e.g. no improvement under Jimmo) decides nothing: it stays in the
    # criteria table and the recommendation, not among the issues.
    failed = [c for c in review.checks if c.failed and c.severity != "info"]
    out = []
    for part in pack.report.parts:
        children = []
        for title in part.sections:
            items = [_check_item(c) for c in failed if c.section == title]
            # a standard is shown where a finding needs it, or always when the pack says so
            items += [Item(fill(pack, f"report.standards[{i}]", s.text, values), tuple(s.cite))
                      for i, s in enumerate(pack.report.standards)
                      if s.section == title and (items or s.show == "always" or
                                                 (s.show == "with-findings" and failed))]
            items += [Item(c.pitfall, c.citations) for c in failed
                      if c.pitfall and pack.rules[c.rule].pitfall.section == title]
            if items:
                # a section named like its part would repeat the heading
                children.append(Section(_slug(title), "" if title == part.title else title, 3, tuple(items)))
        table = _documentation_table(review) if part.documentation_table else None
        if children or (table and table.rows):
            out.append(Section(_slug(part.title), part.title, 2, (), table, tuple(children)))
    return out


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _documentation_table(review) -> Table:
    """One row per rule with a documentation element: the element (its template filled), who
    requires it, whether it was found, and a quote of the check's evidence that bears on the
    element (the kinds its pack entry names), else the pack's words for no such evidence."""
    p = review.pack
    labels = _finding_labels(review.evidence)
    rows = []
    for c in review.checks:
        cfg = p.rules.get(c.rule)
        if not cfg or not cfg.element:
            continue
        el = cfg.element
        quote = next((" ".join(e.text.split()) for e in c.evidence if _bears(e, el.evidence, labels)), None)
        if quote is None:
            quote = _say(p, "table.documentation.none" if c.status in ("fail", "insufficient-data")
                         else "table.documentation.not-quoted")
        required_by = [k for k in c.citations if not k.startswith("record:")]
        ref = p.references.get(required_by[0]) if required_by else None
        by = (ref.short or ref.citation.split(".")[0]) if ref else _say(p, "table.documentation.pack", id=p.id)
        rows.append((fill(p, f"rules.{c.rule}.element.text", el.text, {**review.values, **c.values}), by,
                     _say(p, f"element.{c.status}"), quote, tuple(c.citations)))
    return Table(tuple(_say(p, f"table.documentation.{k}") for k in ("element", "required-by", "status",
                                                                      "evidence", "source")), tuple(rows), 4)


def _finding_labels(evidence) -> dict[tuple[str, str], set[str]]:
    """What each quoted sentence or structured reading is, by (source, text): its findings'
    kinds, and "kind:detail" for each detail a finding carries ("exercise:parameters")."""
    out: dict[tuple[str, str], set[str]] = {}
    for f in evidence:
        source = f.document or str(f.get("ref"))
        out.setdefault((source, f.quote), set()).update(
            {f.kind} | {f"{f.kind}:{k}" for k, v in f.detail if v})
    return out


_INDEX = re.compile(r"\[\d+\]")


def _bears(item: Quote | Fact, names, labels) -> bool:
    """Whether a piece of evidence is of a kind ``names`` lists: a finding kind (or kind:detail),
    or a place in the case file (``visits`` holds ``visits[3]``)."""
    if isinstance(item, Fact):
        place = _INDEX.sub("", item.field)
        if any(place == n or place.startswith(n + ".") for n in names):
            return True
    return not labels.get((item.source, item.text), set()).isdisjoint(names)


def build(review, case_path: Optional[str] = None) -> Report:
    """Build the report of one review. ``case_path`` adds the case file's hash to the audit."""
    d, p = review.determination, review.pack
    decisive = [c for c in review.checks if c.rule in d.decisive_rules]
    summary_cites = tuple(k for c in decisive for k in c.citations) or tuple(
        k for c in review.checks for k in c.citations if not k.startswith("record:"))
    sections = [Section("summary", _say(p, "heading.summary"), 2, (Item(d.summary, summary_cites),))]
    if review.overrides:  # the reviewer's findings beside casekit's, right under the decision they changed
        sections.append(_overrides(review))
    sections += _parts(review)
    read = _read_from_pdf(review)
    if read is not None:  # notes read from PDFs, and what OCR read with what confidence
        sections.append(read)
    sections.append(_recommendation(review, decisive))
    if review.lines:  # what was approved or denied, date by date and code by code
        sections.append(Section("lines", _say(p, "heading.lines"), 2, (), Table(
            tuple(_say(p, f"table.lines.{k}") for k in ("date", "code", "units", "decision", "reason", "action")),
            tuple((line.date.isoformat(), line.code or _say(p, "table.lines.no-code"), str(line.units),
                   decision_title(p, line.decision), line.reason, line.action_code) for line in review.lines))))
    if d.notice:
        sections.append(_notice(review))
    sections.append(_signature(review))
    sections.append(Section("criteria", _say(p, "heading.criteria"), 2, (), Table(
        tuple(_say(p, f"table.criteria.{k}") for k in ("rule", "status", "severity", "statement", "source")),
        tuple((c.rule, _status_cell(c, p), c.severity, c.statement, tuple(c.citations)) for c in review.checks), 4)))
    extra = [k for s in p.report.standards for k in s.cite] + (list(_OCR_CITES) if read is not None else [])
    if d.notice:
        extra += [p.notice.appeal_source or ""] + [k for e in d.notice["elements"] for k in e["cites"]]
    if p.jimmo and p.decision.jimmo_reference:
        extra.append(p.decision.jimmo_reference)
    cites = Citations.for_review(review, extra)
    audit = {_say(p, "audit.casekit-version"): __version__, _say(p, "audit.pack"): f"{p.id} {p.version}",
             _say(p, "audit.pack-layers"): " + ".join(p.layers), _say(p, "audit.pack-hash"): p.hash}
    if case_path:
        from .io import file_hash
        audit[_say(p, "audit.case-file-sha256")] = file_hash(case_path)
    audit[_say(p, "audit.generated")] = _generated_at()
    if review.case.deidentified:
        audit[_say(p, "audit.deidentified")] = _say(p, "deid.audit", mode=_say(
            p, f"deid.mode.{review.case.deidentified.mode}"), version=review.case.deidentified.tool_version or "")
    if review.warnings:  # what the case file allows but a reviewer should check
        audit[_say(p, "audit.warnings")] = list(review.warnings)
    if review.overrides:  # who changed which of casekit's findings
        audit[_say(p, "override.audit-label")] = [
            _say(p, "override.audit", rule=o.rule, casekit_status=review.check(o.rule).casekit_status,
                 status=o.status, reviewer=overrides_mod.who(o, review.case, p)) for o in review.overrides]
    return Report(review, _title(review), tuple(sections), cites, audit)


#: what an OCR'd figure's line cites: the pack's confidence setting and Tesseract's scale
_OCR_CITES = ("casekit-ocr-default", "tesseract-confidence-scale")


def _read_from_pdf(review) -> Optional[Section]:
    """The documents read from a PDF (extractor, pages, hash) or by OCR (engine, mean and lowest
    word confidence), then every figure OCR read: used (at or above the pack's confidence) or
    held back for confirmation from the original. None when no note came from a PDF."""
    p = review.pack
    docs = [d for d in review.case.documents if d.extraction is not None]
    if not docs:
        return None
    items = []
    for d in docs:
        x = d.extraction
        items.append(Item(_say(p, "pdf_note.read", document=d.id, date=d.date.isoformat(), pages=x.pages,
                               extractor=x.extractor, sha256=x.sha256[:12])))
        if x.engine:
            items.append(Item(_say(p, "ocr_figures.document", document=d.id, date=d.date.isoformat(),
                                   engine=x.engine, mean=x.mean_confidence, low=x.min_confidence)))
    limit = ocr.threshold(p)
    cites = tuple(k for k in _OCR_CITES if k in p.references)
    items += [Item(_say(p, "ocr_figures.used", **ocr.fields(f, limit)), cites) for f in ocr.used(review.evidence.items)]
    items += [Item(_say(p, "ocr_figures.unconfirmed", **ocr.fields(f, limit)), cites)
              for f in review.evidence.unconfirmed]
    return Section("pdf-notes", _say(p, "ocr_figures.heading"), 2, tuple(items))


def _status_cell(check, pack) -> str:
    """A check's status in the criteria table; an overridden one says so, with casekit's own."""
    if not check.overridden:
        return check.status
    return _say(pack, "override.status-cell", status=check.status, casekit_status=check.casekit_status)


def _overrides(review) -> Section:
    """The reviewer's overrides: casekit's finding (status and statement) beside the reviewer's
    status, reason and name, one row per rule in the order of the checks."""
    p = review.pack
    chosen = {o.rule: o for o in review.overrides}
    rows = tuple((c.rule, c.casekit_status, c.casekit_statement, c.status, chosen[c.rule].reason,
                  overrides_mod.who(chosen[c.rule], review.case, p))
                 for c in review.checks if c.rule in chosen)
    columns = tuple(_say(p, f"table.overrides.{k}")
                    for k in ("rule", "casekit-status", "casekit-finding", "status", "reason", "reviewer"))
    return Section("overrides", _say(p, "heading.overrides"), 2,
                   (Item(_say(p, "override.intro", count=len(rows))),), Table(columns, rows))


def _recommendation(review, decisive) -> Section:
    d, p, v = review.determination, review.pack, review.values
    cites = tuple(k for c in decisive for k in c.citations)
    n, window = v["visits_under_review"], {"from": v["window_from"], "to": v["window_to"]}
    what = (Phrase("recommendation.what-visits", {"visits": n, **window}) if n
            else Phrase("recommendation.what-therapy", window))
    key = f"recommendation.{d.decision}"
    if d.decision == "partial" and d.approved_visits is None:  # partial by line, not by count
        key = "recommendation.partial-lines"
    approved_lines = sum(1 for line in review.lines if line.decision == "approve")
    first = _say(p, key, **v, what=what, approved=d.approved_visits if d.approved_visits is not None
                 else approved_lines, total=len(review.lines))
    reasons = [c.reason for c in decisive if c.reason]
    text = first + (" " + _say(p, "recommendation.in-short", reasons=Joined(tuple(reasons), "semicolon-list"))
                    if reasons else "")
    items = [Item(text.strip(), cites or tuple(
        k for c in review.checks for k in c.citations if not k.startswith("record:"))[:3])]
    if d.documentation_needed:
        doc_cites = tuple(k for c in review.checks if c.failed and c.rule in p.rules
                          and p.rules[c.rule].document for k in c.citations)
        items.append(Item(_say(p, "documentation.continue", items=Joined(d.documentation_needed, "numbered")),
                          doc_cites))
    if d.skilled_care:
        items.append(Item(_say(p, "recommendation.skilled-care", skilled_care=d.skilled_care),
                          (p.decision.jimmo_reference,) if p.decision.jimmo_reference else ()))
    return Section("recommendation", _say(p, "heading.recommendation"), 2, tuple(items))


def _notice(review) -> Section:
    """The notice of adverse determination: one item per element of the pack's notice, cited to
    the rule that requires it (an element marked ``cites_criteria`` also to the deciding checks'
    criteria)."""
    p, d = review.pack, review.determination
    criteria = tuple(k for c in review.checks if c.rule in d.decisive_rules
                     for k in c.citations if not k.startswith("record:"))
    marked = {e.id for e in p.notice.elements if e.cites_criteria}
    items = tuple(Item(_say(p, "notice.element", heading=e["heading"], text=e["text"]),
                       tuple(e["cites"]) + (criteria if e["id"] in marked else ()))
                  for e in d.notice["elements"])
    return Section("notice", p.notice.title or _say(p, "notice.title-default"), 2, items)


def _signature(review) -> Section:
    """The signature block as a table of what the case file gives (casekit.attestation): who
    decided and when, "not given" where the case is silent; with no reviewer named its status
    row says the determination is casekit's proposal, unsigned."""
    p = review.pack
    status = _say(p, "signature.signed" if attestation.signed(review) else "signature.unsigned")
    rows = ((_say(p, "signature.status"), status), *attestation.signature(review))
    return Section("signature", _say(p, "signature.heading"), 2, (), Table(
        (_say(p, "signature.column-item"), _say(p, "signature.column-value")), tuple(rows)))
