"""Reviewing one case: the :func:`review` that ties the layers together, and the immutable
:class:`Review` it returns.

>>> import casekit
>>> r = casekit.review(casekit.load_case("cases/hip-seed.yaml"))   # doctest: +SKIP
>>> r.decision, r.metrics["total_visits"]                          # doctest: +SKIP
('deny', 21)
>>> r.with_settings(gap_limit_days=200).decision                   # doctest: +SKIP
>>> r.override("unexplained-gap", "pass", "New injury on 2025-08-20, see the ED note.").decision  # doctest: +SKIP
>>> r.report().section_html("summary")                             # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Optional

from ._version import __version__
from . import evidence as ev
from . import ocr
from . import overrides as overrides_mod
from . import packs as packs_mod
from . import rules as rules_mod
from . import timeline as tl
from .determination import Determination, by_lines, decide
from .lines import ACTION_CODES, lines_for
from .facts import Facts, facts_for
from .model import Case
from .packs import Pack
from .registry import nearest
from .rules import Check
from .rules.measures import measured_declines
from .wording import Phrase, phrase

#: The metrics of the review-output contract, in its order.
CONTRACT_METRICS = ("prior_visits", "visits_under_review", "total_visits", "benchmark_visits",
                    "planned_visits", "projected_total", "longest_gap_days", "span_days", "episodes")
#: casekit's additions to the contract's metrics, after them.
EXTRA_METRICS = ("course_visits", "projected_ratio", "course_days", "courses")


@dataclass(frozen=True)
class Review:
    """Immutable result of reviewing one case. ``to_json()`` gives the contract's output; each
    method that changes something returns a new Review."""

    case: Case
    pack: Pack
    timeline: tl.Timeline
    evidence: ev.Evidence
    facts: Facts
    values: Mapping[str, Any]  # the template fields of this review (facts and settings)
    checks: tuple[Check, ...]
    determination: Determination
    settings: Mapping[str, float] = dataclasses.field(default_factory=dict)  # analyst overrides
    base_pack: Optional[Pack] = dataclasses.field(default=None, repr=False)  # before the overrides
    lines: tuple = ()  # lines.Line: one per date of service under review and code
    #: what the case file allows but a reviewer should look at twice (Case.warnings), each
    #: "field.path: what is odd"; shown by the CLI, in the JSON output and the report's audit
    warnings: tuple[str, ...] = ()
    #: a reviewer's overrides of checks (casekit.overrides.Override), applied before the decision
    overrides: tuple = ()

    @property
    def decision(self) -> str:
        return self.determination.decision

    @property
    def metrics(self) -> dict:
        """The contract's metrics (in order), then casekit's additions."""
        return {k: self.values[k] for k in CONTRACT_METRICS + EXTRA_METRICS}

    def check(self, rule: str) -> Check:
        """The check of one rule: ``review.check("unexplained-gap").status``."""
        for c in self.checks:
            if c.rule == rule:
                return c
        raise KeyError(f"no check {rule!r}{nearest(rule, [c.rule for c in self.checks])}; "
                       f"checks: {', '.join(c.rule for c in self.checks)}")

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.failed]

    def with_settings(self, **settings: float) -> "Review":
        """The same case reviewed again with some pack settings changed (an analyst's "what if",
        labelled as an override in the report): ``r.with_settings(gap_limit_days=90)``."""
        return review(self.case, self.base_pack or self.pack, {**self.settings, **settings}, self.overrides)

    def override(self, rule: str, status: str, reason: str, reviewer=None) -> "Review":
        """The same case reviewed again with a reviewer's status for one rule, and why (a second
        override of the rule replaces the first; ``reviewer`` defaults to the case's
        ``review.reviewer``): ``r.override("laterality-mismatch", "pass", "Left hip confirmed.")``."""
        new = overrides_mod.override(rule, status, reason, reviewer)
        return review(self.case, self.base_pack or self.pack, self.settings, (*self.overrides, new))

    def report(self, case_path: Optional[str] = None):
        """The determination report (:class:`casekit.report.Report`) of this review."""
        from .report import build
        return build(self, case_path)

    def references(self) -> dict[str, dict]:
        """Every source a check cites: pack references and the patient's records."""
        out: dict[str, dict] = {}
        for c in self.checks:
            for key in c.citations:
                if key in out:
                    continue
                if key.startswith("record:"):
                    out[key] = self._record_reference(key.split(":", 1)[1])
                else:
                    out[key] = reference_dict(self.pack.references[key])
        return out

    def _record_reference(self, source: str) -> dict:
        doc = self.case.document(source)
        return {"kind": "record", "document": source, "date": doc.date.isoformat() if doc else None,
                "title": f"{doc.kind} {doc.date}" if doc else source}

    def to_dict(self) -> dict:
        d = self.determination
        return {
            "case_id": self.case.id,
            "decision": d.decision,
            "pack": {"id": self.pack.id, "version": self.pack.version, "hash": self.pack.hash,
                     "layers": list(self.pack.layers)},
            "metrics": {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in self.metrics.items()},
            "checks": [c.to_dict() for c in self.checks],
            "documentation_needed": list(d.documentation_needed),
            "action_code": ACTION_CODES[d.decision],
            "lines": [line.to_dict() for line in self.lines],
            **({"overrides": [overrides_mod.to_dict(o, self.check(o.rule), self.case) for o in self.overrides]}
               if self.overrides else {}),
            "determination": d.to_dict(),
            "references": self.references(),
            "casekit_version": __version__,
            **({"warnings": list(self.warnings)} if self.warnings else {}),
            **({"ocr": ocr.to_dict(self.evidence, ocr.threshold(self.pack))}
               if ocr.used(self.evidence.items) or self.evidence.unconfirmed else {}),
        }

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        """A plain-text summary for the terminal: decision, metrics, every rule, what to document."""
        import textwrap

        def wrap(text: str, indent: str = "") -> str:
            return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent + "    ")
        d = self.determination
        lines = [f"{self.case.id}: {d.decision.upper()}   (pack {self.pack.id} {self.pack.version}; "
                 f"{' + '.join(self.pack.layers)})", "", wrap(d.summary), ""]
        width = max(len(k) for k in self.metrics)
        lines += [f"  {k:<{width}}  {'-' if v is None else v}" for k, v in self.metrics.items()]
        lines.append("")
        lines.append(f"  {'rule':<28} {'status':<18} {'severity':<9}")
        for c in self.checks:
            mark = phrase(self.pack, Phrase("override.text-mark", {"casekit_status": c.casekit_status}),
                          "wording.override.text-mark") if c.overridden else ""
            lines.append(f"{'x' if c.failed else ' '} {c.rule:<28} {c.status:<18} {c.severity:<9}{mark}")
        if d.approved_visits is not None:
            lines += ["", f"Approved visits: {d.approved_visits}"]
        if d.documentation_needed:
            lines += ["", "To continue, document:"]
            lines += [wrap(f"({i}) {t}", indent="  ") for i, t in enumerate(d.documentation_needed, 1)]
        return "\n".join(lines)

    def checks_frame(self):
        import pandas as pd
        return pd.DataFrame([{"rule": c.rule, "status": c.status, "severity": c.severity,
                              "statement": c.statement, "citations": ", ".join(c.citations),
                              "evidence": len(c.evidence)} for c in self.checks])

    def metrics_frame(self):
        import pandas as pd
        return pd.DataFrame({"metric": list(self.metrics), "value": list(self.metrics.values())})

    def timeline_frame(self):
        return self.timeline.frame()

    def evidence_frame(self):
        return self.evidence.to_frame()

    def plots(self) -> dict:
        """The review's plotly figures by name (timeline, cumulative, symptoms)."""
        from .figures import figures_for
        return figures_for(self)

    def _repr_html_(self) -> str:
        """In Jupyter: the report's banner and summary, then every criterion (all escaped)."""
        return self.report().overview_html()


def reference_dict(ref) -> dict:
    """A pack reference as the review-output contract lists it."""
    return {"kind": ref.kind, "tier": ref.tier, "citation": ref.citation, "licensed": ref.licensed,
            "link": ref.link}


def _history_onsets(case) -> list[dt.date]:
    """Dates the structured history puts a new condition at: an acute or post-operative onset
    (``duration_months`` before the first date under review) and a surgery date. A gap they fall
    in was the start of a new condition, whatever the notes say."""
    h, out = case.history, []
    if h.onset in ("acute", "post-operative") and h.duration_months is not None:
        days = round(h.duration_months * tl.MONTH_DAYS)
        out.append(case.review.under_review.from_ - dt.timedelta(days=days))
    if h.surgery is not None:
        out.append(h.surgery.date)
    return out


def review(case: Case, pack: "str | Pack | None" = None, settings: Optional[Mapping[str, float]] = None,
           overrides: Iterable[overrides_mod.Override] = ()) -> Review:
    """Review one case: timeline, evidence, facts, every rule, and the determination.

    ``pack`` is a builtin pack id, a pack file path or a composed :class:`Pack`; by default the
    pack covering the primary diagnosis, with the overlays of the case's line of business (e.g.
    Medicare). ``settings`` changes pack settings for this review only (e.g.
    ``{"gap_limit_days": 90}``), labelled as an analyst override in the report. ``overrides``
    (:func:`casekit.load_overrides`) are a reviewer's statuses for checks, applied before the
    determination (a later override of a rule replaces an earlier one).
    """
    base = pack if isinstance(pack, Pack) else packs_mod.resolve(case, pack)
    ctx = context_for(case, packs_mod.with_settings(base, dict(settings or {})))
    overrides = overrides_mod.merged(overrides)
    checks = overrides_mod.apply(rules_mod.evaluate(ctx), overrides, ctx.pack)
    determination = decide(checks, case, ctx.pack, ctx.values)
    bench = ctx.facts.benchmark
    limit = bench.visits if bench is not None and bench.use == "limit" else None
    lines = lines_for(case, ctx.timeline, checks, determination, ctx.pack, limit, ctx.evidence)
    determination = by_lines(determination, lines, case, ctx.pack, ctx.values)
    return Review(case, ctx.pack, ctx.timeline, ctx.evidence, ctx.facts, ctx.values, tuple(checks),
                  determination, dict(settings or {}), base, lines, warnings_of(case), overrides)


def warnings_of(case: Case) -> tuple[str, ...]:
    """The case's plausibility warnings as lines, ``"field.path: what is odd"``."""
    return tuple(f"{path}: {message}" for path, message in case.warnings())


def context_for(case: Case, pack: Pack) -> rules_mod.Context:
    """What every rule reads: evidence, timeline and facts of ``case`` under ``pack``. A test
    runs one rule on it: ``REGISTRY.get("unexplained-gap").fn(context_for(case, pack))``."""
    evidence = ev.extract(case, packs_mod.vocabulary_for(pack), ocr.threshold(pack))
    # a decline measured across a break in care compares with the discharge status as a note would
    declines = measured_declines(evidence.of("outcome-measure"), pack, int(pack.setting("gap_limit_days")))
    if declines:
        evidence = dataclasses.replace(evidence, items=evidence.items + tuple(declines))
    new_dates = [f.date for f in evidence.of("new-injury")] + _history_onsets(case)
    # a comparison with the last discharge documents why care resumed, as an explanation does
    why_dates = [f.date for f in evidence.of("gap-explanation", "baseline-comparison")]
    surgery = [case.history.surgery.date] if case.history.surgery else []
    timeline = tl.build(case, int(pack.setting("gap_limit_days")), new_dates, why_dates,
                        int(pack.setting("restart_record_days")), surgery)
    facts = facts_for(case, pack, timeline, evidence)
    values = {**facts.values(pack.settings), **pack.terms, "pack_id": pack.id, "pack_title": pack.title,
              "ocr_confirm": ocr.confirmations(evidence.unconfirmed, ocr.threshold(pack))}
    return rules_mod.Context(case, pack, timeline, evidence, facts, values)
