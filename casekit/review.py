"""The Review: one case checked against its pack, with figures, checks and a determination.

>>> import casekit
>>> r = casekit.review(casekit.load_case("cases/hip-seed.yaml"))   # doctest: +SKIP
>>> r.decision, r.metrics["total_visits"]                          # doctest: +SKIP
('deny', 21)
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import dataclass
from typing import Any, Optional

from ._version import __version__
from . import codes as icd
from . import evidence as ev
from . import packs as packs_mod
from . import rules as rules_mod
from . import timeline as tl
from .determination import Determination, decide
from .text import article, count, fmt_num, lower_first

#: The metrics of the review-output contract, in its order.
CONTRACT_METRICS = ("prior_visits", "visits_under_review", "total_visits", "benchmark_visits",
                    "planned_visits", "projected_total", "longest_gap_days", "span_days", "episodes")

_SKILLED_CPT = {"97110", "97112", "97116", "97140", "97530", "97161", "97162", "97163", "97164"}


@dataclass(frozen=True)
class Review:
    """Immutable result of reviewing one case. ``to_json()`` gives the contract's output."""

    case: Any
    pack: Any
    timeline: tl.Timeline
    evidence: ev.Evidence
    checks: tuple
    determination: Determination
    figures: dict

    @property
    def decision(self) -> str:
        return self.determination.decision

    @property
    def metrics(self) -> dict:
        """The contract's metrics (in order), then casekit's additions."""
        out = {k: self.figures[k] for k in CONTRACT_METRICS}
        for k in ("course_visits", "projected_ratio", "course_days", "courses"):
            out[k] = self.figures[k]
        return out

    def check(self, rule: str):
        return next(c for c in self.checks if c.rule == rule)

    @property
    def failed(self) -> list:
        return [c for c in self.checks if c.failed]

    def references(self) -> dict[str, dict]:
        """Every source a check cites: pack references and the patient's records."""
        out: dict[str, dict] = {}
        for c in self.checks:
            for key in c.citations:
                if key in out:
                    continue
                if key.startswith("record:"):
                    doc_id = key.split(":", 1)[1]
                    doc = self.case.document(doc_id)
                    out[key] = {"kind": "record", "document": doc_id,
                                "date": doc.date.isoformat() if doc else None,
                                "title": f"{doc.kind} {doc.date}" if doc else doc_id}
                else:
                    ref = self.pack.references[key]
                    out[key] = {"kind": ref.kind, "tier": ref.tier, "citation": ref.citation,
                                "licensed": ref.licensed, "link": ref.link}
        return out

    def to_dict(self) -> dict:
        d = self.determination
        return {
            "case_id": self.case.id,
            "decision": d.decision,
            "pack": {"id": self.pack.id, "version": self.pack.version, "hash": self.pack.hash,
                     "layers": list(self.pack.layers)},
            "metrics": _jsonable(self.metrics),
            "checks": [self._check_dict(c) for c in self.checks],
            "documentation_needed": list(d.documentation_needed),
            "determination": d.to_dict(),
            "references": self.references(),
            "casekit_version": __version__,
        }

    def _check_dict(self, check) -> dict:
        """The contract's check: ``evidence`` quotes documents of the case; facts of the case file
        (claims counts, the plan, structured measures) go under ``facts``."""
        out = check.to_dict()
        quoted = [e for e in out["evidence"] if self.case.document(e["document"] or "") is not None]
        facts = [e for e in out["evidence"] if e not in quoted]
        out["evidence"] = quoted
        if facts:
            out["facts"] = [{"field": e["document"], "date": e["date"], "fact": e["quote"]} for e in facts]
        return out

    def to_json(self, indent: Optional[int] = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

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

    def _repr_html_(self) -> str:
        e = html.escape
        colour = {"approve": "#1b7f3b", "partial": "#b26b00", "pend": "#8a6d00", "deny": "#b00020"}
        rows = "".join(
            f"<tr><td>{e(c.rule)}</td><td>{e(c.status)}</td><td>{e(c.severity)}</td>"
            f"<td>{e(c.statement)}</td></tr>" for c in self.checks)
        metrics = "".join(f"<tr><td>{e(k)}</td><td>{e(str(v))}</td></tr>" for k, v in self.metrics.items())
        return (f"<div class='casekit-review'><h3 style='color:{colour.get(self.decision, '#000')}'>"
                f"{e(self.case.id)}: {e(self.decision.upper())}</h3><p>{e(self.determination.summary)}</p>"
                f"<table><tr><th>metric</th><th>value</th></tr>{metrics}</table>"
                f"<table><tr><th>rule</th><th>status</th><th>severity</th><th>statement</th></tr>"
                f"{rows}</table></div>")


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (dt.date,)):
        return value.isoformat()
    return value


def _figures(case, pack, timeline: tl.Timeline, evidence: ev.Evidence) -> dict:
    """The figures every statement template may use."""
    m = dict(timeline.metrics)
    code = packs_mod.review_code(case, pack)
    h = case.history
    postop = h.onset == "post-operative" or (h.surgery is not None and h.surgery.date <= timeline.window[1])
    bench = pack.benchmark_for(code, postoperative=postop)
    window_from, window_to = timeline.window
    f: dict[str, Any] = {**{k: fmt_num(s.value) for k, s in pack.settings.items()}, **m}
    f.update(
        pack_id=pack.id, pack_title=pack.title, code=code,
        pronoun={"female": "she", "male": "he"}.get(case.patient.sex, "the patient"),
        code_description=lower_first(
            next((d.description for d in case.diagnoses if d.code == code and d.description), None)
            or icd.describe(code) or "description not in casekit's code table"),
        postop_clause=" for care after surgery" if postop else "",
        age=case.patient.age, sex=case.patient.sex,
        window_from=window_from.isoformat(), window_to=window_to.isoformat(),
        benchmark_visits=bench.visits if bench else None, _benchmark=bench,
        benchmark_label=bench.label if bench else "benchmark",
        benchmark_kind=("a licensed payer setting" if bench and bench.licensed else
                        f"source tier {bench.tier}" if bench else ""),
        gap_limit_days=int(pack.setting("gap_limit_days")),
    )
    bench_n = f["benchmark_visits"]
    f["over_benchmark"] = (m["course_visits"] - bench_n) if bench_n is not None else None
    f["over_benchmark_text"] = count(f["over_benchmark"], "visit") if bench_n is not None else ""
    f["course_ratio"] = _ratio(m["course_visits"], bench_n)
    f["projected_ratio"] = _ratio(m["projected_total"], bench_n)
    plan = case.plan_of_care
    if plan:
        f.update(plan_date=plan.date.isoformat(), visits_per_week=fmt_num(plan.visits_per_week),
                 weeks=fmt_num(plan.weeks))
        f["plan_phrase"] = (f"The plan of care dated {plan.date} proposes "
                            f"{count(plan.visits_per_week, 'time', 'times')} per week for "
                            f"{count(plan.weeks, 'week')} ({count(plan.planned_visits, 'visit')})")
    elif case.review.requested_visits:
        f["plan_phrase"] = f"The request for {case.review.requested_visits} visits (no plan of care on record)"
    start = timeline.course_start
    # Care so far: to the end of the window, or to the last date of service for a request whose
    # window lies ahead.
    last = m["last_date"]
    f["course_days"] = (min(window_to, last) - start).days if start and last else 0
    f["course_visits_detail"] = _course_detail(timeline)
    # days of care in the course, gaps between its episodes left out
    end = min(window_to, last) if last else window_to
    f["care_days"] = sum(max(0, (min(e.end, end) - e.start).days) for e in timeline.current_episodes
                         if e.start <= end)
    f["course_visits_text"] = count(m["course_visits"], "visit")
    f["course_so_far"] = (f"this course has run {tl.months(f['course_days'])} months ({f['course_days']} days)"
                          if f["course_days"] else "no care has been given in this course yet")
    dur = case.history.duration_months
    if dur is None:
        dur = _duration_in_notes(case)
    f["history_months"] = dur
    # How long symptoms have lasted: the history's figure (or the notes'), else the course so far.
    months_ = dur if dur is not None else tl.months((window_to - start).days) if start else None
    f["symptom_months"] = (int(months_) if months_ is not None and float(months_).is_integer()
                           else months_)
    f["symptom_duration"] = (f"{fmt_num(months_)} month{'' if months_ == 1 else 's'}"
                             if months_ is not None else "an unknown time")
    function = [x for x in evidence.of("function") if start is None or x.date >= start]
    f["function_clause"] = (
        f"; the only functional figure is a function level of {fmt_num(function[-1].value)}% "
        f"({function[-1].date}), with no stated baseline or validated instrument" if function else "")
    strengthening = any("strength" in x.quote.lower() for x in evidence.of("exercise"))
    f["strengthening_clause"] = " despite the plan emphasising strengthening" if strengthening else ""
    f["outcome_comparison"] = " and their change over the episode"  # set again once checks exist
    f["skilled_care"] = _skilled_care(case, evidence)
    longest = max((g for g in timeline.gaps if g.splits), key=lambda g: g.days, default=None)
    f["gap_a"] = article(longest.days if longest else m["longest_gap_days"])
    f.update(gap_days=longest.days if longest else m["longest_gap_days"],
             gap_from=(longest.start if longest else m["longest_gap_from"] or "").__str__(),
             gap_to=(longest.end if longest else m["longest_gap_to"] or "").__str__())
    kx = pack.kx_threshold.by_year.get(window_to.year) if pack.kx_threshold else None
    f["kx_year"] = window_to.year
    f["kx_threshold"] = (f"${kx.value:,.0f}" if kx else
                         "the year's threshold (not in the pack for this year)")
    return f


_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}
_UNIT_MONTHS = {"y": 12.0, "m": 1.0, "w": 12 / 52}
_DURATION = re.compile(r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                       r"[- ](years?|yrs?|months?|mos?|weeks?|wks?)(?:[- ]history\b| ago\b)|\bfor the "
                       r"(?:past|last) (\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"eleven|twelve|a) (years?|yrs?|months?|mos?|weeks?|wks?)\b", re.I)


def _duration_in_notes(case) -> Optional[float]:
    """How long the complaint has lasted, from the first note that says ("a 2-year history",
    "insidious onset 3 years ago", "for the past 6 weeks"), when the history does not."""
    for doc in sorted(case.documents, key=lambda d: d.date):
        m = _DURATION.search(doc.text or "")
        if m:
            num, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            n = _WORD_NUM.get(num.lower()) or float(num)
            return round(float(n) * _UNIT_MONTHS[unit[0].lower()], 1)
    return None


def _ratio(a, b) -> Optional[str]:
    if a is None or not b:
        return None
    return f"{a / b:.2f}"


def _course_detail(timeline: tl.Timeline) -> str:
    lo, hi = timeline.window
    course = {e.number for e in timeline.current_episodes}
    eps = [e for e in timeline.episodes if e.number in course]
    in_course = [s for s in timeline.services
                 if any(e.start <= s.start <= e.end for e in eps) and s.start <= hi]
    prior = [s for s in in_course if s.end < lo]
    under = [s for s in in_course if s.start >= lo]
    parts = []
    if prior:
        n = sum(s.visits for s in prior)
        parts.append(f"{n} prior visit{'s' if n != 1 else ''} from {prior[0].start} to "
                     f"{max(s.end for s in prior)}")
    if under:
        n = sum(s.visits for s in under)
        parts.append(f"{n} under review from {under[0].start} to {max(s.end for s in under)}")
    return " and ".join(parts) or "no visits on record"


def _skilled_care(case, evidence: ev.Evidence) -> str:
    found = sorted({f.name for f in evidence.of("skilled-care") if f.name})
    cpt = sorted({c for v in case.visits for c in v.codes if c in _SKILLED_CPT})
    if found or cpt:
        what = ", ".join(found[:4] + ([f"CPT {', '.join(cpt)}"] if cpt else []))
        return f"skilled care is documented ({what})"
    return ("the records do not show interventions that need a therapist's skill (manual therapy, "
            "neuromuscular re-education, gait training or a progressed programme)")


def _history_onsets(case) -> list[dt.date]:
    """Dates the structured history puts a new condition at: an acute or post-operative onset
    (``duration_months`` before the first date under review) and a surgery date. A gap they fall
    in was the start of a new condition, whatever the notes say."""
    h, out = case.history, []
    if h.onset in ("acute", "post-operative") and h.duration_months is not None:
        out.append(case.review.under_review.from_ - dt.timedelta(days=round(h.duration_months * 30.44)))
    if h.surgery is not None:
        out.append(h.surgery.date)
    return out


def review(case, pack: Optional[str] = None, settings: Optional[dict] = None) -> Review:
    """Review one case: timeline, evidence, every rule, and the determination.

    ``pack`` is a builtin pack id or a pack file path; by default the pack covering the primary
    diagnosis, with the overlays of the case's line of business (e.g. Medicare). ``settings``
    changes pack settings for this review only (e.g. ``{"gap_limit_days": 90}``), labelled as an
    analyst override in the report.
    """
    p = packs_mod.with_settings(packs_mod.resolve(case, pack), settings or {})
    evidence = ev.extract(case)
    new_dates = [f.date for f in evidence.of("new-injury")] + _history_onsets(case)
    # a comparison with the last discharge documents why care resumed, as an explanation does
    why_dates = [f.date for f in evidence.of("gap-explanation", "baseline-comparison")]
    timeline = tl.build(case, int(p.setting("gap_limit_days")), new_dates, why_dates,
                        int(p.setting("restart_record_days")))
    figures = _figures(case, p, timeline, evidence)
    ctx = rules_mod.Context(case, p, timeline, evidence, figures)
    checks = rules_mod.evaluate(ctx)
    baseline = next((c for c in checks if c.rule == "missing-baseline-comparison"), None)
    if baseline is not None and baseline.failed:
        figures = {**figures, "outcome_comparison": " compared to post-discharge status from the prior "
                                                    f"{baseline.figures['previous_visits']} visits"}
    determination = decide(checks, case, p, figures)
    return Review(case, p, timeline, evidence, tuple(checks), determination, figures)
