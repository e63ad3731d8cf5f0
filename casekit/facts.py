"""The facts of one review: typed figures computed once, before any rule runs.

:class:`Facts` holds numbers, dates and the findings they rest on: the timeline's metrics, the
code under review and its benchmark, the plan, how long care and symptoms have lasted, the
window, the patient. Rules read it; :meth:`Facts.values` lays it out as the fields a pack's
templates may use (``casekit packs --fields`` lists them), with composite parts as
:class:`~casekit.wording.Phrase` values whose English is in the pack's wording.

>>> f = facts_for(case, pack, timeline, evidence)   # doctest: +SKIP
>>> f.course_visits, f.benchmark_visits            # doctest: +SKIP
(21, 14)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from . import codes as icd
from . import evidence as ev
from . import timeline as tl
from .wording import Joined, Phrase, fmt_num, lower_first


@dataclass(frozen=True)
class Span:
    """Visits of the current course on one side of the window's start."""

    visits: int
    start: dt.date
    end: dt.date


@dataclass(frozen=True)
class Facts:
    """Typed facts of one review (see the module docstring)."""

    code: str
    code_description: Optional[str]  # the case's own description, else the code table's
    postoperative: bool
    benchmark: Any  # packs.Benchmark or None
    metrics: Mapping[str, Any]  # the timeline's metrics
    window_from: dt.date
    window_to: dt.date
    age: int
    sex: Optional[str]
    course_start: Optional[dt.date]
    course_days: int  # from the course's start to the window's end (or the last date of service)
    # each episode of the course as (first, last) date of service, up to the window's end (or the
    # last date of service): the days of care are their spans, the gaps between them left out
    care_spans: tuple[tuple[dt.date, dt.date], ...]
    history_months: Optional[float]  # the history's duration, else the notes'
    symptom_months: Optional[float]  # that, else the course so far
    prior_span: Optional[Span]
    under_span: Optional[Span]
    function_level: Optional[ev.Finding]  # the last unvalidated function percentage of the course
    strengthening: bool  # the exercise programme names strengthening
    skilled_names: tuple[str, ...]  # skilled interventions named in the notes
    skilled_cpt: tuple[str, ...]  # skilled-care CPT codes billed (the pack lists which count)
    longest_gap: Optional[tl.Gap]  # the longest gap that splits episodes
    kx_year: int
    kx_threshold: Optional[float]
    plan: Any  # model.PlanOfCare or None
    requested_visits: Optional[int]

    # --- the figures rules compare ----------------------------------------------------------
    @property
    def benchmark_visits(self) -> Optional[int]:
        return self.benchmark.visits if self.benchmark else None

    @property
    def course_visits(self) -> int:
        return self.metrics["course_visits"]

    @property
    def projected_total(self) -> Optional[int]:
        return self.metrics["projected_total"]

    @property
    def care_days(self) -> int:
        """Days of care: first to last date of service within each episode, summed (the gaps
        between episodes are not care)."""
        return sum((last - first).days for first, last in self.care_spans)

    @property
    def care_gaps(self) -> tuple[int, ...]:
        """The days between consecutive episodes of the course, which :attr:`care_days` leaves out."""
        return tuple((b[0] - a[1]).days for a, b in zip(self.care_spans, self.care_spans[1:]))

    @property
    def over_benchmark(self) -> Optional[int]:
        return self.course_visits - self.benchmark_visits if self.benchmark else None

    def values(self, settings: Mapping[str, Any] = {}) -> dict[str, Any]:
        """The fields every template may use: the pack's settings, then these facts."""
        m = self.metrics
        bench = self.benchmark
        care = self._care_time()
        f: dict[str, Any] = {k: fmt_num(s.value) for k, s in settings.items()}
        if "min_trial_weeks" in settings:  # the trial as the days of care it is compared with
            f["min_trial_days"] = fmt_num(settings["min_trial_weeks"].value * 7)
        f.update(m)
        f.update(
            code=self.code,
            code_description=(lower_first(self.code_description) if self.code_description
                              else Phrase("code.no-description")),
            pronoun=Phrase(f"pronoun.{self.sex if self.sex in ('female', 'male') else 'unknown'}"),
            postop_clause=Phrase("postop-clause") if self.postoperative else "",
            age=self.age, sex=self.sex,
            window_from=self.window_from.isoformat(), window_to=self.window_to.isoformat(),
            benchmark_visits=self.benchmark_visits,
            benchmark_label=bench.label if bench else Phrase("benchmark.label-default"),
            benchmark_kind=(Phrase("benchmark.kind-licensed") if bench and bench.licensed else
                            Phrase("benchmark.kind-tier", {"tier": bench.tier}) if bench else ""),
            benchmark_noun=Phrase("benchmark.noun-reference" if bench and bench.use == "reference"
                                  else "benchmark.noun-licensed" if bench and bench.licensed
                                  else "benchmark.noun-limit"),
            benchmark_note=(Phrase("benchmark.reference-note", {"basis": bench.basis})
                            if bench and bench.use == "reference" else ""),
            over_benchmark=self.over_benchmark,
            course_ratio=_ratio(m["course_visits"], self.benchmark_visits),
            projected_ratio=_ratio(m["projected_total"], self.benchmark_visits),
            course_days=self.course_days, care_days=self.care_days,
            course_months=tl.months(self.course_days),
            course_visits_detail=self._course_detail(),
            care_time=care,
            course_so_far=Phrase("course.so-far", {"care": care}) if self.care_spans else Phrase("course.none-yet"),
            history_months=self.history_months,
            symptom_months=self.symptom_months,
            symptom_duration=self._symptom_duration(),
            function_clause=(Phrase("function-clause", {"level": self.function_level.value,
                                                        "date": self.function_level.date})
                             if self.function_level else ""),
            strengthening_clause=Phrase("strengthening-clause") if self.strengthening else "",
            skilled_care=self._skilled_care(),
            kx_year=self.kx_year,
            kx_threshold=(Phrase("kx.amount", {"dollars": self.kx_threshold})
                          if self.kx_threshold is not None else Phrase("kx.not-in-pack")),
        )
        gap = self.longest_gap
        f.update(gap_days=gap.days if gap else m["longest_gap_days"],
                 gap_from=str(gap.start if gap else m["longest_gap_from"] or ""),
                 gap_to=str(gap.end if gap else m["longest_gap_to"] or ""))
        plan = self.plan
        if plan:
            f.update(plan_date=plan.date.isoformat(), visits_per_week=fmt_num(plan.visits_per_week),
                     weeks=fmt_num(plan.weeks),
                     plan_phrase=Phrase("plan.proposed", {"date": plan.date, "per_week": plan.visits_per_week,
                                                          "weeks": plan.weeks, "visits": plan.planned_visits}))
        elif self.requested_visits:
            f["plan_phrase"] = Phrase("plan.request-only", {"visits": self.requested_visits})
        return f

    def _care_time(self) -> Phrase:
        """The days of care and what they count: "50 days of care in 2 episodes (… and …; the
        168-day gap between them is not counted)"."""
        if not self.care_spans:
            return Phrase("duration.no-care")
        spans = Joined(tuple(Phrase("duration.span", {"from": a, "to": b}) if a != b
                             else Phrase("duration.single-date", {"date": a}) for a, b in self.care_spans))
        gaps = self.care_gaps
        if not gaps:
            key = "duration.care-one-episode" if self.care_days else "duration.care-one-date"
            return Phrase(key, {"days": self.care_days, "spans": spans})
        gap_days = Joined(tuple(Phrase("duration.gap-days", {"days": g}) for g in gaps))
        return Phrase("duration.care-episodes", {
            "days": self.care_days, "episodes": len(self.care_spans), "spans": spans,
            "gaps": Phrase("duration.gaps-not-counted", {"n": len(gaps), "gaps": gap_days})})

    def _symptom_duration(self) -> Phrase:
        """How long symptoms have lasted, saying where the figure comes from when it is the
        course's own span (no history or note states it)."""
        if self.symptom_months is None:
            return Phrase("duration.unknown")
        if self.history_months is None and self.course_start is not None:
            return Phrase("duration.since-course-start", {"months": self.symptom_months,
                                                          "from": self.course_start})
        return Phrase("duration.months", {"months": self.symptom_months})

    def _course_detail(self):
        parts = []
        if self.prior_span:
            s = self.prior_span
            parts.append(Phrase("course.prior-span", {"visits": s.visits, "from": s.start, "to": s.end}))
        if self.under_span:
            s = self.under_span
            parts.append(Phrase("course.under-span", {"visits": s.visits, "from": s.start, "to": s.end}))
        return Joined(tuple(parts), "and") if parts else Phrase("course.no-visits")

    def _skilled_care(self) -> Phrase:
        names = list(self.skilled_names[:4])
        if self.skilled_cpt:
            names.append(Phrase("skilled-care.cpt", {"codes": Joined(self.skilled_cpt, "comma-list")}))
        if names:
            return Phrase("skilled-care.documented", {"what": Joined(tuple(names), "comma-list")})
        return Phrase("skilled-care.not-documented")


def field_names() -> set[str]:
    """Every field :meth:`Facts.values` may give (besides the pack's settings), for checking
    templates when a pack loads. Fields present only in some cases (the plan's) are included."""
    return set(tl.METRIC_NAMES) | {
        "code", "code_description", "pronoun", "postop_clause", "age", "sex", "window_from",
        "window_to", "benchmark_visits", "benchmark_label", "benchmark_kind", "benchmark_note", "benchmark_noun", "over_benchmark",
        "course_ratio", "projected_ratio", "course_days", "care_days", "care_time", "course_months",
        "course_visits_detail", "course_so_far", "min_trial_days", "history_months", "symptom_months",
        "symptom_duration", "function_clause", "strengthening_clause", "skilled_care", "kx_year",
        "kx_threshold", "gap_days", "gap_from", "gap_to", "plan_date", "visits_per_week", "weeks",
        "plan_phrase"}


def facts_for(case, pack, timeline: tl.Timeline, evidence: ev.Evidence) -> Facts:
    """Compute the facts of one review (the pack gives the benchmark and the skilled-care codes)."""
    from .packs import review_code
    m = timeline.metrics
    code = review_code(case, pack)
    h = case.history
    window_from, window_to = timeline.window
    postop = h.onset == "post-operative" or (h.surgery is not None and h.surgery.date <= window_to)
    start = timeline.course_start
    # Care so far: to the end of the window, or to the last date of service for a request whose
    # window lies ahead.
    last = m["last_date"]
    course_days = (min(window_to, last) - start).days if start and last else 0
    end = min(window_to, last) if last else window_to
    care_spans = tuple((e.start, min(e.end, end)) for e in timeline.current_episodes if e.start <= end)
    dur = h.duration_months if h.duration_months is not None else duration_in_notes(case)
    # How long symptoms have lasted: the history's figure (or the notes'), else the course so far.
    months_ = dur if dur is not None else tl.months((window_to - start).days) if start else None
    symptom_months = int(months_) if months_ is not None and float(months_).is_integer() else months_
    function = [x for x in evidence.of("function") if start is None or x.date >= start]
    skilled_cpt = set(pack.decision.skilled_care_cpt)
    prior, under = _course_spans(timeline)
    kx = pack.kx_threshold.by_year.get(window_to.year) if pack.kx_threshold else None
    return Facts(
        code=code,
        code_description=(next((d.description for d in case.diagnoses if d.code == code and d.description), None)
                          or icd.describe(code)),
        postoperative=postop,
        benchmark=pack.benchmark_for(code, postoperative=postop),
        metrics=m, window_from=window_from, window_to=window_to,
        age=case.patient.age, sex=case.patient.sex,
        course_start=start, course_days=course_days, care_spans=care_spans,
        history_months=dur, symptom_months=symptom_months,
        prior_span=prior, under_span=under,
        function_level=function[-1] if function else None,
        strengthening=any("strength" in x.quote.lower() for x in evidence.of("exercise")),
        skilled_names=tuple(sorted({f.name for f in evidence.of("skilled-care") if f.name})),
        skilled_cpt=tuple(sorted({c for v in case.visits for c in v.code_list if c in skilled_cpt})),
        longest_gap=max((g for g in timeline.gaps if g.splits), key=lambda g: g.days, default=None),
        kx_year=window_to.year, kx_threshold=kx.value if kx else None,
        plan=case.plan_of_care, requested_visits=case.review.requested_visits,
    )


def _ratio(a, b) -> Optional[str]:
    if a is None or not b:
        return None
    return f"{a / b:.2f}"


def _course_spans(timeline: tl.Timeline) -> tuple[Optional[Span], Optional[Span]]:
    """The current course's visits before the window and under review, with their date ranges."""
    lo, hi = timeline.window
    in_course = [s for s in timeline.services if timeline.in_current_course(s) and s.start <= hi]
    prior = [s for s in in_course if s.end < lo]
    under = [s for s in in_course if s.start >= lo]

    def span(items):
        return Span(sum(s.visits for s in items), items[0].start, max(s.end for s in items)) if items else None
    return span(prior), span(under)


_WORD_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
             "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1}
_UNIT_MONTHS = {"y": 12.0, "m": 1.0, "w": 12 / 52}
_DURATION = re.compile(r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                       r"[- ](years?|yrs?|months?|mos?|weeks?|wks?)(?:[- ]history\b| ago\b)|\bfor the "
                       r"(?:past|last) (\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|"
                       r"eleven|twelve|a) (years?|yrs?|months?|mos?|weeks?|wks?)\b", re.I)


def duration_in_notes(case) -> Optional[float]:
    """How long the complaint has lasted, from the first note that says ("a 2-year history",
    "insidious onset 3 years ago", "for the past 6 weeks"), when the history does not."""
    for doc in sorted(case.documents, key=lambda d: d.date):
        m = _DURATION.search(doc.text or "")
        if m:
            num, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            n = _WORD_NUM.get(num.lower()) or float(num)
            return round(float(n) * _UNIT_MONTHS[unit[0].lower()], 1)
    return None
