"""Measurement: outcome and objective measures, exercise dosing, progress, symptom swings.

Rules: missing-outcome-measure, missing-objective-measure, missing-exercise-parameters,
no-functional-progress, symptom-fluctuation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from ..evidence import PROMS, Finding
from ..wording import Joined, Phrase, fmt_num, lower_first
from .core import Context, Outcome, measure_listing, register, unit_suffix


def _accepted_proms(ctx: Context) -> list[Finding]:
    accepted = {m.lower() for m in ctx.pack.outcome_measures}
    return [f for f in ctx.course("outcome-measure") if f.value is not None
            and (f.name or "").lower() in accepted]


@register("missing-outcome-measure", fields=("measures_found",))
def missing_outcome_measure(ctx: Context) -> Outcome:
    """Fails when no validated patient-reported outcome measure is recorded in the course."""
    proms = _accepted_proms(ctx)
    if proms:
        return Outcome("pass", {"measures_found": measure_listing(proms)}, tuple(proms))
    return Outcome("fail", {}, tuple(ctx.course("function", "outcome-measure")))


@register("missing-objective-measure", fields=("measures_found",))
def missing_objective_measure(ctx: Context) -> Outcome:
    """Fails when no objective measure (strength, range of motion, performance) is recorded."""
    accepted = [re.compile(rx, re.I) for rx in ctx.pack.objective_measures]
    found = [f for f in ctx.course("objective-measure") if f.value is not None and (not accepted or any(
        rx.search(f"{f.name} {f.unit or ''}") for rx in accepted))]
    if found:
        return Outcome("pass", {"measures_found": measure_listing(found)}, tuple(found))
    strengthening = [f for f in ctx.course("exercise") if re.search(r"strength", f.quote, re.I)]
    return Outcome("fail", {}, tuple(strengthening))


@register("missing-exercise-parameters", fields=("exercises",))
def missing_exercise_parameters(ctx: Context) -> Outcome:
    """Fails when exercises are named but no prescription states load, sets or repetitions."""
    named = ctx.course("exercise")
    if not named:
        return Outcome("not-applicable")
    parts = {p.strip().lower(): lower_first(p.strip())
             for f in named if f.name for p in re.split(r",|;|\band\b", f.name)}
    # "stretching" inside "hip stretching" is the same exercise: keep the fuller name, as written.
    unique = sorted(parts[n] for n in parts if n and not any(n != m and n in m for m in parts))
    names = Joined(tuple(unique[:5]))
    dosed = [f for f in named if f.get("parameters")]
    if dosed:
        return Outcome("pass", {"exercises": names}, tuple(dosed))
    return Outcome("fail", {"exercises": names}, tuple(named))


_LOWER_BETTER_UNITS = {"s", "sec", "secs", "second", "seconds"}


def _higher_is_better(f: Finding) -> bool:
    if f.kind == "outcome-measure":
        return PROMS.get(f.name or "", {}).get("higher_is_better", True)
    if f.kind == "objective-measure" and (f.unit or "").lower() in _LOWER_BETTER_UNITS:
        return bool(re.search(r"stance|hold|balance|plank|endurance", f.name or "", re.I))
    return True


def _shown(f: Finding) -> str:
    """A reading as written: a muscle test grade ("4-"), else its number."""
    return str(f.get("grade") or fmt_num(f.value))


def _series(ctx: Context) -> dict[str, list[Finding]]:
    """The course's functional readings by measure: HOOS pain is not HOOS ADL, the right hip is
    not the left; "LEFS 52" and "LEFS 66/80" are one series. A past discharge score is history."""
    series: dict[str, list[Finding]] = {}
    for f in ctx.course("function", "outcome-measure", "objective-measure"):
        if f.value is not None and not f.get("historical"):
            unit = f.unit if f.kind != "outcome-measure" or f.unit == "%" else ""
            key = f"{f.kind}:{f.name}:{f.get('subscale') or ''}:{unit}:{f.get('side') or ''}"
            series.setdefault(key, []).append(f)
    return {k: sorted(v, key=lambda f: f.date) for k, v in series.items()}


@register("no-functional-progress", fields=("progress_detail",))
def no_functional_progress(ctx: Context) -> Outcome:
    """Fails when no functional measure improved over the course (after the minimum trial)."""
    if ctx.facts.care_days < ctx.pack.setting("min_trial_weeks") * 7:
        return Outcome("not-applicable")
    comparisons = {f.quote for f in ctx.evidence.of("baseline-comparison")}
    series = _series(ctx)
    improved, flat = [], []
    for items in series.values():
        items = sorted(items, key=lambda f: f.date)
        first, last = items[0], items[-1]
        # a reading stated as a change ("LEFS from 31 to 44") carries its own earlier value
        # a reading stated as a change carries its own start, unless that start was the last
        # discharge ("compared to d/c, LEFS down from 70 to 52"): a past episode is not this one
        own = first.get("previous") is not None and first.quote not in comparisons
        start = first.get("previous") if own else first.value
        if last.date == first.date and not own and len(items) == 1:
            continue
        if last.date == first.date and start == last.value:
            continue
        change = (last.value - start) * (1 if _higher_is_better(first) else -1)
        needed, why = _needed_change(ctx, first)
        line = Phrase("progress.change" if last.date != first.date else "progress.stated-change", {
            "label": " ".join(x for x in (first.name, first.get("subscale")) if x),
            "start": first.get("grade") if not own and first.get("grade") else fmt_num(start),
            "end": _shown(last), "unit": unit_suffix(last.unit),
            "from": first.date, "to": last.date,
            "below": Phrase("progress.below", {"needed": why}) if 0 < change < needed else ""})
        (improved if change > 0 and change >= needed else flat).append((line, first, last))
    cites = tuple(ctx.pack.mcid[k].source for _, f, _ in improved + flat if (k := _mcid_key(ctx, f)))
    if improved:
        return Outcome("pass", {"progress_detail": Joined(tuple(i[0] for i in improved))},
                       tuple(f for _, a, b in improved for f in (a, b)), cites)
    if flat:
        detail = Phrase("progress.none-meaningful", {"changes": Joined(tuple(i[0] for i in flat))})
        ev = tuple(f for _, a, b in flat for f in (a, b))
    else:
        single = [items[-1] for items in series.values()]
        detail = (Phrase("progress.no-measure") if not single else
                  Phrase("progress.single-reading" if len(single) == 1 else "progress.each-once",
                         {"readings": measure_listing(single)}))
        ev = tuple(single)
    return Outcome("fail", {"progress_detail": detail}, ev, cites)


def _mcid_key(ctx: Context, f: Finding) -> Optional[str]:
    """The pack's MCID for a reading: its subscale's ("KOOS pain", "FAAM sports"), else the
    measure's own ("LEFS")."""
    if f.kind != "outcome-measure" or not f.name:
        return None
    sub = f.get("subscale")
    for key in ([f"{f.name} {sub}"] if sub else []) + ([] if sub else [f.name]):
        for name in ctx.pack.mcid:
            if name.lower() == key.lower():
                return name
    return None


def _needed_change(ctx: Context, f: Finding) -> tuple[float, Phrase | str]:
    """The smallest change that counts as improvement, and how to name it."""
    if (key := _mcid_key(ctx, f)) is not None:
        m = ctx.pack.mcid[key]
        return m.value, Phrase("progress.needed-mcid", {"value": m.value})
    if f.kind == "objective-measure" and f.value:
        pct = ctx.pack.setting("min_objective_change_pct")
        return abs(f.value) * pct / 100, Phrase("progress.needed-objective", {"pct": pct})
    if f.kind == "outcome-measure" and f.name in PROMS:
        lo, hi = PROMS[f.name]["range"]
        pct = ctx.pack.setting("min_prom_change_pct")
        return (hi - lo) * pct / 100, Phrase("progress.needed-scale", {"pct": pct})
    return 0.0, ""


@register("symptom-fluctuation", fields=("swing_days", "swing_detail", "symptom_summary"))
def symptom_fluctuation(ctx: Context) -> Outcome:
    """Fails when symptom reports swing direction (better/pain-free, then worse/sore) within
    the pack's window of days."""
    reports = [f for f in ctx.course("symptom") if f.name in _DIRECTION]
    dated = sorted(reports, key=lambda f: f.date)
    if len({f.date for f in dated}) < 2:
        return Outcome("insufficient-data", {}, tuple(dated))
    limit = ctx.pack.setting("fluctuation_days")
    for a, b in zip(dated, dated[1:]):
        if _DIRECTION[a.name] != _DIRECTION[b.name] and 0 < (b.date - a.date).days <= limit:
            before = [f for f in dated if f.date == a.date and _DIRECTION[f.name] == _DIRECTION[a.name]]
            after = [f for f in dated if f.date == b.date and _DIRECTION[f.name] == _DIRECTION[b.name]]
            detail = Phrase("symptoms.swing", {
                "before": Joined(tuple(sorted({f.name for f in before}))), "from": a.date,
                "after": Joined(tuple(sorted({f.name for f in after}))), "to": b.date})
            return Outcome("fail", {"swing_days": (b.date - a.date).days, "swing_detail": detail},
                           tuple(before + after))
    summary = Joined(tuple(Phrase("symptoms.report", {"name": f.name, "date": f.date}) for f in dated[:4]))
    return Outcome("pass", {"symptom_summary": summary}, tuple(dated))


_DIRECTION = {"better": 1, "pain-free": 1, "worse": -1, "sore": -1}


@register("plateau", fields=("plateau_detail",))
def plateau(ctx: Context) -> Outcome:
    """Fails when, past the minimum trial, no measure changed meaningfully over the last weeks
    the pack sets (a plateau, even after earlier gains): each measure repeated in that period is
    compared with its last reading before it."""
    if "plateau_weeks" not in ctx.pack.settings or ctx.facts.care_days < ctx.pack.setting("min_trial_weeks") * 7:
        return Outcome("not-applicable", {"plateau_detail": ""})
    end = min(ctx.timeline.window[1], ctx.facts.metrics["last_date"] or ctx.timeline.window[1])
    since = end - dt.timedelta(days=round(ctx.pack.setting("plateau_weeks") * 7))
    moving, still = [], []
    for items in _series(ctx).values():
        before = [f for f in items if f.date <= since]
        recent = [f for f in items if since < f.date <= end]
        if not before or not recent:
            continue  # not measured on both sides of the period: it cannot show a plateau
        first, last = before[-1], recent[-1]
        change = (last.value - first.value) * (1 if _higher_is_better(first) else -1)
        needed, _ = _needed_change(ctx, first)
        line = Phrase("plateau.reading", {"label": " ".join(x for x in (first.name, first.get("subscale")) if x),
                                          "start": _shown(first), "end": _shown(last), "unit": unit_suffix(last.unit),
                                          "from": first.date, "to": last.date})
        (moving if change > 0 and change >= needed else still).append((line, first, last))
    if not moving and not still:  # nothing repeated in the period: a weakness, not a missing criterion
        return Outcome("insufficient-data", {"plateau_detail": ""}, severity="minor")
    found = moving or still
    return Outcome("pass" if moving else "fail", {"plateau_detail": Joined(tuple(x[0] for x in found))},
                   tuple(f for _, a, b in found for f in (a, b)))
