"""The rules: one small pure function per contract rule, registered once by its id.

A rule reads the review context (case, pack, timeline, evidence, figures) and returns an
:class:`Outcome`: a status, the figures its statement needs, and the findings it rests on.
:func:`evaluate` turns outcomes into :class:`Check` objects, filling the pack's statement
template for the status and resolving citations. The registry is the only list of rule ids.

>>> sorted(REGISTRY)[:2]
['alternative-diagnosis', 'imaging-not-considered']
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import codes as icd
from .errors import PackError
from .evidence import PROMS, Evidence, Finding, find_sentences
from .timeline import Timeline, months


@dataclass(frozen=True)
class Outcome:
    status: str
    figures: dict = field(default_factory=dict)
    evidence: tuple = ()  # Finding objects or {"document", "date", "quote"} dicts
    cites: tuple[str, ...] = ()  # extra reference keys (e.g. triggered alternatives)


@dataclass(frozen=True)
class Check:
    rule: str
    status: str
    severity: str
    statement: str
    citations: tuple[str, ...]
    evidence: tuple[dict, ...]
    section: Optional[str] = None
    figures: dict = field(default_factory=dict)
    pitfall: Optional[str] = None  # filled pack pitfall text, for failed checks that have one
    reason: Optional[str] = None  # short clause for summaries, filled from the pack's template

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def to_dict(self) -> dict:
        return {"rule": self.rule, "status": self.status, "severity": self.severity,
                "statement": self.statement, "citations": list(self.citations),
                "evidence": [dict(e) for e in self.evidence], "section": self.section}


@dataclass(frozen=True)
class Context:
    case: object
    pack: object
    timeline: Timeline
    evidence: Evidence
    figures: dict  # base template figures shared by every rule

    def course(self, *kinds: str, negated: Optional[bool] = False) -> list[Finding]:
        """Findings of the current course of care up to the end of the window."""
        return self.evidence.of(*kinds, since=self.timeline.course_start,
                                until=self.timeline.window[1], negated=negated)


Rule = Callable[[Context], Outcome]
REGISTRY: dict[str, Rule] = {}


def register(rule_id: str) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule ``rule_id`` (ids are unique)."""
    def wrap(fn: Rule) -> Rule:
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id!r} registered twice")
        REGISTRY[rule_id] = fn
        return fn
    return wrap


def describe(rule_id: str) -> str:
    """The rule's one-paragraph description (its docstring's first paragraph)."""
    return " ".join((get(rule_id).__doc__ or "").strip().split("\n\n")[0].split())


def get(rule_id: str) -> Rule:
    try:
        return REGISTRY[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}; rules: {', '.join(sorted(REGISTRY))}") from None


# --- helpers -----------------------------------------------------------------------------------

def _quote(f: Finding) -> dict:
    # a structured measure cites its place in the case file ("measures[2]")
    return {"document": f.document or f.get("ref"), "date": f.date.isoformat(), "quote": f.quote}


def _record(label: str, day: dt.date, text: str) -> dict:
    """Evidence from a structured part of the case file (claims counts, plan of care)."""
    return {"document": label, "date": day.isoformat(), "quote": text}


def _article(x: float) -> str:
    """'an' before numbers read with a vowel sound (8, 11, 18, 80-89, 800...), else 'a'."""
    whole = str(int(x))
    return "an" if whole.startswith("8") or whole in ("11", "18") or (
        len(whole) in (5, 6) and whole[:2] in ("11", "18")) else "a"


def _fmt_num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _join(items: list[str]) -> str:
    items = [i for i in items if i]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def _imaging_on_record(ctx: Context) -> list[tuple[str, dict]]:
    """(what, evidence) for every study on record: the history, the notes, imaging reports."""
    found = [(im.modality, _record(f"history.imaging[{i}]", im.date,
                                   f"{im.modality}: {im.result or 'no result stated'}"))
             for i, im in enumerate(ctx.case.history.imaging)]
    found += [(f.name or "imaging", _quote(f)) for f in ctx.evidence.of("imaging")
              if f.get("status") != "planned"]
    found += [("imaging report", _record(f"documents[{i}]", d.date, f"imaging report dated {d.date}"))
              for i, d in enumerate(ctx.case.documents) if d.kind == "imaging"]
    return found


def _negative_radiographs(ctx: Context) -> bool:
    for im in ctx.case.history.imaging:
        if re.search(r"radiograph|x-?ray|xr", im.modality, re.I) and re.search(
                r"negative|normal|unremarkable|equivocal|no (acute|significant)", im.result or "", re.I):
            return True
    return any(f.name == "radiograph" and f.get("result") in {"negative", "equivocal"}
               for f in ctx.evidence.of("imaging"))


# --- utilisation -------------------------------------------------------------------------------

@register("visits-over-benchmark")
def visits_over_benchmark(ctx: Context) -> Outcome:
    """Fails when the current course's visits to date exceed the benchmark."""
    fig = ctx.figures
    if fig["benchmark_visits"] is None:
        return Outcome("insufficient-data")
    ev = _course_visit_records(ctx)
    status = "fail" if fig["course_visits"] > fig["benchmark_visits"] else "pass"
    return Outcome(status, {}, tuple(ev))


def _course_visit_records(ctx: Context) -> list[dict]:
    out = []
    start = ctx.timeline.course_start
    for i, block in enumerate(ctx.case.visit_counts):
        if start is None or block.from_ >= start:
            out.append(_record(f"visit_counts[{i}]", block.to,
                               f"{block.visits} visits from {block.from_} to {block.to}"
                               + (f" ({block.source})" if block.source else "")))
    for f in ctx.evidence.of("visit-number"):
        out.append(_quote(f))
    return out


@register("plan-exceeds-benchmark")
def plan_exceeds_benchmark(ctx: Context) -> Outcome:
    """Fails when the plan of care would take the course past the benchmark."""
    plan, fig = ctx.case.plan_of_care, ctx.figures
    if fig["projected_total"] is None:
        return Outcome("not-applicable")
    if plan is None:
        ev = [_record("review.requested_visits", ctx.timeline.window[0],
                      f"{ctx.case.review.requested_visits} visits requested")]
    else:
        ev = [_record("plan_of_care", plan.date, f"{_fmt_num(plan.visits_per_week)} "
                      f"visit{'' if plan.visits_per_week == 1 else 's'} per week for {_fmt_num(plan.weeks)} "
                      f"week{'' if plan.weeks == 1 else 's'}")]
    ev += [_quote(f) for f in find_sentences(ctx.case, r"\b\d+\s*(x|times?)\s*(/|per|a)?\s*(week|wk)",
                                             kinds=("evaluation", "plan-of-care", "re-evaluation"))]
    if fig["benchmark_visits"] is None:
        return Outcome("insufficient-data", {}, tuple(ev))
    status = "fail" if fig["projected_total"] > fig["benchmark_visits"] else "pass"
    return Outcome(status, {}, tuple(ev))


# --- continuity of care ------------------------------------------------------------------------

@register("unexplained-gap")
def unexplained_gap(ctx: Context) -> Outcome:
    """Fails when a gap longer than the limit separates episodes and no record explains it."""
    splits = [g for g in ctx.timeline.gaps if g.splits]
    if not splits:
        return Outcome("not-applicable")
    unexplained = [g for g in splits if not g.explained]
    gap = max(unexplained or splits, key=lambda g: g.days)
    figures = {"gap_days": gap.days, "gap_months": months(gap.days),
               "gap_from": gap.start.isoformat(), "gap_to": gap.end.isoformat()}
    if unexplained:
        return Outcome("fail", figures, tuple(_gap_edges(ctx, gap)))
    why = [_quote(f) for f in ctx.evidence.of("gap-explanation", "new-injury")
           if gap.start <= f.date]
    return Outcome("pass", figures, tuple(why or _history_quotes(ctx)))


def _gap_edges(ctx: Context, gap) -> list[dict]:
    out = []
    for s in ctx.timeline.services:
        if s.end == gap.start or s.start == gap.end:
            label = s.ref  # a fact of the case file, not a sentence of the document
            what = "last date of service before the gap" if s.end == gap.start else \
                "first date of service after the gap"
            out.append(_record(label, s.end if s.end == gap.start else s.start,
                               f"{what} ({s.kind}{', ' + str(s.visits) + ' visits' if s.visits > 1 else ''})"))
    return out


@register("missing-baseline-comparison")
def missing_baseline_comparison(ctx: Context) -> Outcome:
    """Fails when a new episode starts with no comparison to the end of the previous one."""
    eps = ctx.timeline.episodes
    current = [e for e in eps if e.start <= ctx.timeline.window[1]]
    if len(current) < 2:
        return Outcome("not-applicable")
    new, prev = current[-1], current[-2]
    figures = {"episode_start": new.start.isoformat(), "previous_end": prev.end.isoformat(),
               "previous_visits": prev.visits}
    found = [f for f in ctx.evidence.of("baseline-comparison") if f.date > prev.end]
    if found:
        return Outcome("pass", figures, tuple(_quote(f) for f in found))
    return Outcome("fail", figures, tuple(_quote(f) for f in ctx.evidence.of(
        "function", "outcome-measure", since=new.start)))


# --- measurement -------------------------------------------------------------------------------

def _accepted_proms(ctx: Context) -> list[Finding]:
    accepted = {m.lower() for m in ctx.pack.outcome_measures}
    return [f for f in ctx.course("outcome-measure") if f.value is not None
            and (f.name or "").lower() in accepted]


def _lower_first(text: str) -> str:
    """"Sit to stand" -> "sit to stand" mid-sentence; acronyms ("HEP") keep their case."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def _unit(unit: Optional[str]) -> str:
    if not unit or unit == "points":
        return ""
    return unit if unit[0] in "%/°" else " " + unit


def _listing(findings: list[Finding]) -> str:
    return _join([f"{f.name} {f.get('grade') or _fmt_num(f.value)}{_unit(f.unit)}"
                  f" on {f.date.isoformat()}" for f in findings[:6]])


@register("missing-outcome-measure")
def missing_outcome_measure(ctx: Context) -> Outcome:
    """Fails when no validated patient-reported outcome measure is recorded in the course."""
    proms = _accepted_proms(ctx)
    if proms:
        return Outcome("pass", {"measures_found": _listing(proms)}, tuple(_quote(f) for f in proms))
    return Outcome("fail", {}, tuple(_quote(f) for f in ctx.course("function", "outcome-measure")))


@register("missing-objective-measure")
def missing_objective_measure(ctx: Context) -> Outcome:
    """Fails when no objective measure (strength, range of motion, performance) is recorded."""
    accepted = [re.compile(rx, re.I) for rx in ctx.pack.objective_measures]
    found = [f for f in ctx.course("objective-measure") if f.value is not None and (not accepted or any(
        rx.search(f"{f.name} {f.unit or ''}") for rx in accepted))]
    if found:
        return Outcome("pass", {"measures_found": _listing(found)}, tuple(_quote(f) for f in found))
    strengthening = [f for f in ctx.course("exercise") if re.search(r"strength", f.quote, re.I)]
    return Outcome("fail", {}, tuple(_quote(f) for f in strengthening))


@register("missing-exercise-parameters")
def missing_exercise_parameters(ctx: Context) -> Outcome:
    """Fails when exercises are named but no prescription states load, sets or repetitions."""
    named = ctx.course("exercise")
    if not named:
        return Outcome("not-applicable")
    parts = {p.strip().lower(): _lower_first(p.strip())
             for f in named if f.name for p in re.split(r",|;|\band\b", f.name)}
    # "stretching" inside "hip stretching" is the same exercise: keep the fuller name, as written.
    unique = sorted(parts[n] for n in parts if n and not any(n != m and n in m for m in parts))
    names = _join(unique[:5])
    dosed = [f for f in named if f.get("parameters")]
    if dosed:
        return Outcome("pass", {"exercises": names}, tuple(_quote(f) for f in dosed))
    return Outcome("fail", {"exercises": names}, tuple(_quote(f) for f in named))


_LOWER_BETTER_UNITS = {"s", "sec", "secs", "second", "seconds"}


def _higher_is_better(f: Finding) -> bool:
    if f.kind == "outcome-measure":
        return PROMS.get(f.name or "", {}).get("higher_is_better", True)
    if f.kind == "objective-measure" and (f.unit or "").lower() in _LOWER_BETTER_UNITS:
        return bool(re.search(r"stance|hold|balance|plank|endurance", f.name or "", re.I))
    return True


@register("no-functional-progress")
def no_functional_progress(ctx: Context) -> Outcome:
    """Fails when no functional measure improved over the course (after the minimum trial)."""
    if ctx.figures["care_days"] < ctx.pack.setting("min_trial_weeks") * 7:
        return Outcome("not-applicable")
    series: dict[str, list[Finding]] = {}
    for f in ctx.course("function", "outcome-measure", "objective-measure"):
        if f.value is not None and not f.get("historical"):  # a past discharge score is history
            key = f"{f.kind}:{f.name}:{f.get('subscale') or ''}:{f.unit or ''}"  # HOOS pain ≠ HOOS ADL
            series.setdefault(key, []).append(f)
    improved, flat = [], []
    for items in series.values():
        items = sorted(items, key=lambda f: f.date)
        first, last = items[0], items[-1]
        # a reading stated as a change ("LEFS from 31 to 44") carries its own earlier value
        start = first.get("previous") if first.get("previous") is not None else first.value
        if last.date == first.date and first.get("previous") is None and len(items) == 1:
            continue
        if last.date == first.date and start == last.value:
            continue
        change = (last.value - start) * (1 if _higher_is_better(first) else -1)
        needed, why = _needed_change(ctx, first)
        label = f"{first.name}{' ' + first.get('subscale') if first.get('subscale') else ''}"
        u = _unit(last.unit)
        line = (f"{label} {_fmt_num(start)}{u} to {_fmt_num(last.value)}{u} ({first.date} to {last.date})"
                if last.date != first.date else f"{label} {_fmt_num(start)}{u} to {_fmt_num(last.value)}{u} "
                f"(stated on {last.date})")
        if 0 < change < needed:
            line += f", below {why}"
        (improved if change > 0 and change >= needed else flat).append((line, first, last))
    cites = tuple(ctx.pack.mcid[f.name].source for _, f, _ in improved + flat if f.name in ctx.pack.mcid)
    if improved:
        return Outcome("pass", {"progress_detail": _join([i[0] for i in improved])},
                       tuple(_quote(f) for _, a, b in improved for f in (a, b)), cites)
    if flat:
        detail = "no measure changed by a meaningful amount (" + _join([i[0] for i in flat]) + ")"
        ev = tuple(_quote(f) for _, a, b in flat for f in (a, b))
    else:
        single = [items[-1] for items in series.values()]
        detail = ("no functional measure is recorded at all" if not single else
                  "the only functional measure is a single reading (" + _listing(single) + ")"
                  if len(single) == 1 else
                  "each functional measure was recorded only once (" + _listing(single) + ")")
        ev = tuple(_quote(f) for f in single)
    return Outcome("fail", {"progress_detail": detail}, ev, cites)


def _needed_change(ctx: Context, f: Finding) -> tuple[float, str]:
    """The smallest change that counts as improvement, and how to name it."""
    if f.kind == "outcome-measure" and f.name in ctx.pack.mcid:
        m = ctx.pack.mcid[f.name]
        return m.value, f"its minimal clinically important difference of {_fmt_num(m.value)}"
    if f.kind == "objective-measure" and f.value:
        pct = ctx.pack.setting("min_objective_change_pct")
        return abs(f.value) * pct / 100, f"the {_fmt_num(pct)}% change needed to exceed measurement error"
    if f.kind == "outcome-measure" and f.name in PROMS:
        lo, hi = PROMS[f.name]["range"]
        pct = ctx.pack.setting("min_prom_change_pct")
        return (hi - lo) * pct / 100, f"{_fmt_num(pct)}% of its scale (no established minimal important difference)"
    return 0.0, ""


@register("symptom-fluctuation")
def symptom_fluctuation(ctx: Context) -> Outcome:
    """Fails when symptom reports swing direction (better/pain-free, then worse/sore) within
    the pack's window of days."""
    reports = [f for f in ctx.course("symptom") if f.name in _DIRECTION]
    dated = sorted(reports, key=lambda f: f.date)
    if len({f.date for f in dated}) < 2:
        return Outcome("insufficient-data", {}, tuple(_quote(f) for f in dated))
    limit = ctx.pack.setting("fluctuation_days")
    for a, b in zip(dated, dated[1:]):
        if _DIRECTION[a.name] != _DIRECTION[b.name] and 0 < (b.date - a.date).days <= limit:
            before = [f for f in dated if f.date == a.date and _DIRECTION[f.name] == _DIRECTION[a.name]]
            after = [f for f in dated if f.date == b.date and _DIRECTION[f.name] == _DIRECTION[b.name]]
            detail = (f"{_join(sorted({f.name for f in before}))} on {a.date}, then "
                      f"{_join(sorted({f.name for f in after}))} on {b.date}")
            apart = (b.date - a.date).days
            return Outcome("fail", {"swing_days": f"{apart} day{'s' if apart != 1 else ''}",
                                    "swing_detail": detail},
                           tuple(_quote(f) for f in before + after))
    summary = _join([f"{f.name} on {f.date}" for f in dated[:4]])
    return Outcome("pass", {"symptom_summary": summary}, tuple(_quote(f) for f in dated))


_DIRECTION = {"better": 1, "pain-free": 1, "worse": -1, "sore": -1}


# --- diagnosis ---------------------------------------------------------------------------------

_SIDES_OF = {"left": ("left",), "right": ("right",), "bilateral": ("left", "right")}


def _desc(code: str) -> str:
    return (icd.describe(code) or code).lower()


@register("laterality-mismatch")
def laterality_mismatch(ctx: Context) -> Outcome:
    """Fails when a code's side disagrees with the side in the records, or is unspecified
    where the records state one."""
    sided = [(d.code, icd.side_of(d.code), icd.body_part_of(d.code)) for d in ctx.case.diagnoses]
    sided = [s for s in sided if s[1] is not None]
    if not sided:
        code = ctx.case.primary_diagnosis.code
        return Outcome("not-applicable", {"laterality_detail": f"The diagnosis code {code} carries no side."})
    problems, agreements, ev = [], [], []
    parts: dict = {}
    for code, side, part in sided:
        parts.setdefault(part, []).append((code, side))
    for part, coded in parts.items():
        mentions = [f for f in ctx.evidence.of("side") if f.get("body_part") in (part, None)]
        # "R hip IR 10° vs L hip 30°" compares the sides: it says nothing about which is affected
        both = {(f.document, f.quote) for f in mentions if f.name == "left"} & \
            {(f.document, f.quote) for f in mentions if f.name == "right"}
        mentions = [f for f in mentions if (f.document, f.quote) not in both]
        said = {f.name for f in mentions}
        if not said:
            continue
        ev += [_quote(f) for f in mentions]
        shown = _join(sorted(said))
        part = part + "s" if "bilateral" in said or {"left", "right"} <= said else part
        named = {s for _, side in coded for s in _SIDES_OF.get(side, ())}  # sides the codes name
        stated = {s for side in said for s in _SIDES_OF[side]}
        for code, side in coded:
            if side == "unspecified":
                problems.append(f"The records state the {shown} {part} but the diagnosis code {code} "
                                f"({_desc(code)}) leaves the side unspecified; the code should carry it.")
        if stated - named and named:
            code, side = next((c, sd) for c, sd in coded if sd != "unspecified")
            problems.append(f"The documentation describes the {_join(sorted(stated - named))} {part} but "
                            f"the diagnosis code {code} is {_desc(code).replace(side, side.upper())}, "
                            "suggesting either a documentation error or bilateral involvement not "
                            "adequately addressed.")
        elif named - stated and any(sd == "bilateral" for _, sd in coded):
            problems.append(f"The diagnosis code {_join([c for c, _ in coded])} is bilateral but the records "
                            f"describe only the {shown} {part}.")
        elif named:
            agreements.append(f"{_join([c for c, _ in coded])} agree{'s' if len(coded) == 1 else ''} with "
                              f"the {shown} {part} in the records")
    if problems:
        return Outcome("fail", {"laterality_detail": " ".join(problems)}, tuple(ev))
    if agreements:
        return Outcome("pass", {"laterality_detail": "The side is consistent: " + "; ".join(agreements) + "."},
                       tuple(ev))
    return Outcome("insufficient-data", {"laterality_detail": "The records do not state which side is "
                                         f"affected, so the side of {sided[0][0]} cannot be confirmed."})


def _onset_in_notes(ctx: Context) -> Optional[str]:
    """"sudden onset 4 months ago" / "insidious onset": the onset the notes state, if any."""
    if find_sentences(ctx.case, r"\b(?:sudden|acute|traumatic)(?:ly)?\W+(?:\w+\W+){0,2}?onset\b|\bonset\b"
                                r"\W+(?:\w+\W+){0,3}?(?:sudden|acute)|\bafter (?:a|an) (?:fall|injury|accident)\b"):
        return "acute"
    if find_sentences(ctx.case, r"\b(?:gradual|insidious)(?:ly)?\W+(?:\w+\W+){0,2}?onset\b|\bno "
                                r"(?:specific |known )?(?:injury|trauma|mechanism)\b"):
        return "gradual"
    return None


@register("alternative-diagnosis")
def alternative_diagnosis(ctx: Context) -> Outcome:
    """Fails when findings call for another diagnosis to be ruled out and the records do not
    show it was (imaging on record or the alternative named)."""
    case, triggered, ev, cites = ctx.case, [], [], []
    onset = case.history.onset or _onset_in_notes(ctx) or "unknown"
    dur = case.history.duration_months
    codes = [d.code for d in case.diagnoses]
    imaged = bool(_imaging_on_record(ctx))
    for alt in ctx.pack.alternative_diagnoses:
        if any(icd.matches(c, alt.unless_codes) for c in codes):
            continue
        if alt.min_age is not None and case.patient.age < alt.min_age:
            continue
        if alt.onset and onset not in alt.onset:
            continue
        if alt.min_duration_months is not None and (dur is None or dur < alt.min_duration_months):
            continue
        flags = []
        if alt.red_flags:
            flags = [f for f in ctx.evidence.of("red-flag") if any(
                t.lower() in (f.name or "").lower() or t.lower() in f.quote.lower() for t in alt.red_flags)]
            if not flags:
                continue
        considered = any(find_sentences(case, rx) for rx in alt.addressed_by)
        if considered or (imaged and alt.imaging_addresses):
            continue
        if flags:
            triggered.append(f"The records mention {_join(sorted({f.name for f in flags}))}, so "
                             f"{alt.name} should be ruled out ({alt.suggest})")
            ev += [_quote(f) for f in flags]
        else:
            triggered.append(
                f"{_article(case.patient.age).title()} {case.patient.age}-year-old with "
                f"{_article(dur) + ' ' + _fmt_num(dur) + '-month history of ' if dur is not None else ''}"
                f"{onset + '-onset ' if onset != 'unknown' else ''}symptoms should be evaluated for "
                f"{alt.name} ({alt.suggest})")
            ev += _history_quotes(ctx)
        cites += alt.cite
    if triggered:
        detail = "; ".join(t[0].lower() + t[1:] if i and t.startswith("The ") else t
                           for i, t in enumerate(triggered))
        detail += ", which may require different management than the current plan."
        return Outcome("fail", {"alternative_detail": detail}, tuple(ev), tuple(dict.fromkeys(cites)))
    considered = tuple(dict.fromkeys(c for alt in ctx.pack.alternative_diagnoses for c in alt.cite))
    return Outcome("pass", {"alternative_detail": "age, onset, duration and red flags checked"}, (), considered)


def _history_quotes(ctx: Context) -> list[dict]:
    h = ctx.case.history
    facts = [f"{k.replace('_', ' ')}: {_fmt_num(v) if isinstance(v, float) else v}"
             for k, v in (("onset", h.onset), ("duration_months", h.duration_months)) if v is not None]
    out = [_record("history", ctx.timeline.window[0], "; ".join(facts))] if facts else []
    return out + [_quote(f) for f in find_sentences(ctx.case, r"gradual|onset|history|year[- ]old")]


@register("imaging-not-considered")
def imaging_not_considered(ctx: Context) -> Outcome:
    """Fails when symptoms persist past the pack's limit with no imaging on record."""
    limit = ctx.pack.setting("imaging_after_months")
    symptom_months = ctx.figures["symptom_months"]
    found = _imaging_on_record(ctx)
    guide = ctx.pack.imaging
    if _negative_radiographs(ctx):
        advice = f"after negative or equivocal radiographs the next study is {guide.after_negative}" if guide else ""
    else:
        advice = (f"the first study is {guide.first}; {guide.after_negative.split(' (')[0]} only after "
                  "negative or equivocal radiographs") if guide else ""
    figures = {"imaging_advice": advice,
               "imaging_found": _join(list(dict.fromkeys(what.lower() for what, _ in found))[:3])}
    if symptom_months is None or symptom_months < limit:
        return Outcome("not-applicable", figures, tuple(_history_quotes(ctx)))
    return Outcome("pass" if found else "fail", figures,
                   tuple(e for _, e in found) or tuple(_history_quotes(ctx)))


# --- Medicare ----------------------------------------------------------------------------------

_REPORT_KINDS = {"evaluation", "re-evaluation", "progress-report", "discharge"}


@register("progress-report-overdue")
def progress_report_overdue(ctx: Context) -> Outcome:
    """(Medicare) Fails when more than the limit of treatment days pass without a progress report."""
    limit = int(ctx.pack.setting("progress_report_treatment_days"))
    start = ctx.timeline.course_start
    visits = sorted((v for v in ctx.case.visits if start is None or v.date >= start), key=lambda v: v.date)
    if not visits:
        return Outcome("insufficient-data", {"treatment_days_since_report": 0})
    report_days = {d.date for d in ctx.case.documents if d.kind == "progress-report"}
    run, longest, run_from, worst, last_report, since = 0, 0, None, (None, None), None, None
    for v in visits:
        if v.kind in _REPORT_KINDS or v.date in report_days:
            run, run_from, last_report = 0, None, v.date
            continue
        run += 1
        run_from = run_from or v.date
        if run > longest:
            longest, worst, since = run, (run_from, v.date), last_report
    figures = {"treatment_days_since_report": longest,
               "report_from": worst[0].isoformat() if worst[0] else "",
               "report_to": worst[1].isoformat() if worst[1] else ""}
    index = {id(v): i for i, v in enumerate(ctx.case.visits)}
    if longest > limit:  # the first and last day of the longest run without a report
        run = [v for v in visits if worst[0] <= v.date <= worst[1]]
        ev = [_record(f"visits[{index[id(v)]}]", v.date, f"{v.kind} visit; last progress report or "
                      f"evaluation: {since or 'none on record'}") for v in (run[:1] + run[-1:] if len(run) > 1 else run)]
    else:
        ev = [_record(f"visits[{index[id(v)]}]", v.date, f"{v.kind} visit") for v in visits
              if v.kind in _REPORT_KINDS or v.date in report_days][:3]
    return Outcome("fail" if longest > limit else "pass", figures, tuple(ev))


@register("recertification-overdue")
def recertification_overdue(ctx: Context) -> Outcome:
    """(Medicare) Fails when the plan is uncertified past the certification limit, or older
    than the certified interval without recertification."""
    plan = ctx.case.plan_of_care
    if plan is None:
        return Outcome("not-applicable", {"certification_detail": ""})
    cert_days = int(ctx.pack.setting("certification_days"))
    recert_days = int(ctx.pack.setting("recertification_days"))
    end = ctx.timeline.window[1]
    first = min((v.date for v in ctx.case.visits if v.date >= plan.date), default=plan.date)
    ev = [_record("plan_of_care", plan.date, f"plan of care dated {plan.date}"
                  + (f", certified {plan.certified_on}" if plan.certified_on else ", no certification date")
                  + (f", recertified {plan.recertified_on}" if plan.recertified_on else ""))]
    problems = []
    due = first + dt.timedelta(days=cert_days)
    if plan.certified_on is None and end > due:
        problems.append(f"The plan of care dated {plan.date} has no physician/NPP certification, and "
                        f"the services under review run to {end}, past the {cert_days}-day limit after "
                        f"the first treatment day ({first}).")
    elif plan.certified_on is not None and plan.certified_on > due:
        problems.append(f"The plan of care was certified on {plan.certified_on}, more than {cert_days} "
                        f"days after the first treatment day ({first}).")
    expiry = plan.date + dt.timedelta(days=recert_days)
    if end > expiry and (plan.recertified_on is None or plan.recertified_on > expiry):
        problems.append(f"The plan of care dated {plan.date} is {(end - plan.date).days} days old at "
                        f"{end}, past the {recert_days}-day certified interval, without recertification.")
    if problems:
        return Outcome("fail", {"certification_detail": " ".join(problems)}, tuple(ev))
    return Outcome("pass", {"certification_detail": f"The plan of care dated {plan.date} is certified "
                            f"within {cert_days} days and within its {recert_days}-day interval."}, tuple(ev))


# --- evaluation --------------------------------------------------------------------------------

class _Figures(string.Formatter):
    def __init__(self, rule_id: str, pack_id: str):
        self.rule_id, self.pack_id = rule_id, pack_id

    def get_value(self, key, args, kwargs):
        try:
            return kwargs[key]
        except KeyError:
            raise PackError(f"pack {self.pack_id}: rules.{self.rule_id}: the statement names "
                            f"{{{key}}}, which this rule does not compute") from None


def _tidy(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _citations(ctx: Context, cfg, outcome: Outcome, evidence: list[dict]) -> tuple[str, ...]:
    keys: list[str] = []
    for key in cfg.cite or []:
        if key == "benchmark":
            bench = ctx.figures.get("_benchmark")
            if bench is not None:
                keys.append(bench.source)
        elif key in ("alternatives", "mcid"):  # the rule names which ones it used
            keys += list(outcome.cites)
        elif key == "records":
            keys += [f"record:{e['document']}" for e in evidence if e.get("document")]
        elif key.startswith("setting:"):  # whoever set the threshold: a guideline or a payer
            keys.append(ctx.pack.settings[key.split(":", 1)[1]].source)
        else:
            keys.append(key)
    if "records" not in (cfg.cite or []):
        keys += [f"record:{e['document']}" for e in evidence if e.get("document")]
    keys += [c for c in outcome.cites if c not in keys]
    return tuple(dict.fromkeys(keys))


def _unconfigured(ctx: Context, rule_id: str) -> str:
    from .packs import describe_packs
    owners = [p for p in describe_packs() if rule_id in p["rules"]]
    where = "; ".join(f"pack {p['id']} ({', '.join(p['applies_to'])})" for p in owners)
    return (f"Does not apply: the packs in force ({' + '.join(ctx.pack.layers)}) do not use this "
            f"rule{'; it belongs to ' + where if where else ''}, and this case's line of business "
            f"is {ctx.case.review.line_of_business}.")


def evaluate(ctx: Context) -> list[Check]:
    """Run every registered rule; rules the pack does not configure are ``not-applicable``."""
    checks = _evaluate(ctx)
    failed = {c.rule for c in checks if c.failed}
    out = []
    for c in checks:  # a pitfall that needs other failures shows only alongside them
        cfg = ctx.pack.rules.get(c.rule)
        if c.pitfall and cfg and cfg.pitfall and not set(cfg.pitfall.with_) <= failed:
            c = dataclasses.replace(c, pitfall=None)
        out.append(c)
    return out


def _evaluate(ctx: Context) -> list[Check]:
    checks = []
    for rule_id, fn in REGISTRY.items():
        cfg = ctx.pack.rules.get(rule_id)
        if cfg is None:
            checks.append(Check(rule_id, "not-applicable", "info", _unconfigured(ctx, rule_id), (), ()))
            continue
        outcome = fn(ctx)
        figures = {**ctx.figures, **outcome.figures}
        template = cfg.statements.get(outcome.status)
        if template is None:
            template = {"not-applicable": "Does not apply to this case.",
                        "insufficient-data": "The records hold too little to judge this rule."
                        }.get(outcome.status, f"Rule {rule_id}: {outcome.status}.")
        fmt = _Figures(rule_id, ctx.pack.id)
        statement = _tidy(fmt.format(template, **figures))
        pitfall = (_tidy(fmt.format(cfg.pitfall.text, **figures))
                   if cfg.pitfall and outcome.status == "fail" and cfg.pitfall.section != cfg.section
                   else None)
        reason = None
        if outcome.status == "fail":
            reason = (_tidy(fmt.format(cfg.reason, **figures)) if cfg.reason
                      else statement.split(". ")[0].rstrip("."))
        evidence = [e if isinstance(e, dict) else _quote(e) for e in outcome.evidence]
        evidence = list({(e["document"], e["quote"]): e for e in evidence}.values())
        checks.append(Check(rule_id, outcome.status, cfg.severity or "minor", statement,
                            _citations(ctx, cfg, outcome, evidence), tuple(evidence), cfg.section,
                            dict(outcome.figures), pitfall, reason))
    return checks
