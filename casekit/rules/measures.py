"""Measurement: outcome and objective measures, exercise dosing, progress, symptom swings.

Rules: missing-outcome-measure, missing-objective-measure, missing-exercise-parameters,
no-functional-progress, symptom-fluctuation, plateau.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from itertools import islice
from typing import Optional

from .. import codes as icd, terms
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
    # "stretching" inside "hip stretching" is the same exercise: keep the fuller name, as written;
    # the first five in order are named, so only as many are tested (each test reads every name)
    unique = islice((parts[n] for n in sorted(parts, key=parts.__getitem__)
                     if n and not any(n != m and n in m for m in parts)), 5)
    names = Joined(tuple(unique))
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


_NAME_WORD = re.compile(r"[a-z0-9/+-]+")
_SIDE_NAMES = {"right": "right", "left": "left", "r": "right", "l": "left"}
_NAME_NOISE = re.compile(terms.MEASURE_NAME_NOISE, re.I)
_MOTION_CANON, _BODY_CANON = terms.MOTION_CANON, terms.BODY_CANON


def _identity(f: Finding) -> tuple[str, Optional[str]]:
    """A reading's measure and side, however its name was written: "right shoulder flexion AROM"
    (a structured measure) and "flexion ROM" read on the right (a note's table) are one measure;
    "right shoulder ER strength HHD" and "external rotation strength" too."""
    side = f.get("side")
    words = []
    for w in _NAME_WORD.findall((f.name or "").lower()):
        if w in _SIDE_NAMES:
            side = side or _SIDE_NAMES[w]
        elif not _NAME_NOISE.fullmatch(w):
            words.append(_MOTION_CANON.get(w, _BODY_CANON.get(w, w)))
    return " ".join(words), side


def _series(ctx: Context) -> dict[str, list[Finding]]:
    """The course's functional readings by measure: HOOS pain is not HOOS ADL, the right hip is
    not the left; "LEFS 52" and "LEFS 66/80" are one series, and so are a measure's structured and
    written readings (:func:`_identity`). A past discharge score is history; readings of the side
    opposite the coded one are the comparison, not the course."""
    coded = icd.side_of(ctx.case.primary_diagnosis.code)
    series: dict[str, list[Finding]] = {}
    for f in ctx.course("function", "outcome-measure", "objective-measure"):
        # an arc's start ("3-105 deg": 3 short of full extension) is read, but no series of it is
        # judged: its better direction and its measurement error are not the arc's
        if f.value is not None and not f.get("historical") and f.get("arc") != "start":
            name, side = _identity(f)
            if coded in ("left", "right") and side in ("left", "right") and side != coded:
                continue
            unit = f.unit if f.kind != "outcome-measure" or f.unit == "%" else ""
            key = f"{f.kind}:{name}:{f.get('subscale') or ''}:{unit}:{f.get('target') or ''}:{side or ''}"
            series.setdefault(key, []).append(f)
    # a reading both written in a note and entered as a structured measure is one reading, quoted
    # from the note
    out = {}
    for k, v in series.items():
        seen: dict[tuple, Finding] = {}
        for f in sorted(v, key=lambda f: (f.date, f.get("source") == "measure")):
            seen.setdefault((f.date, f.value), f)
        out[k] = list(seen.values())
    return out


@register("no-functional-progress", fields=("progress_detail",))
def no_functional_progress(ctx: Context) -> Outcome:
    """Fails when no functional measure improved over the course (after the minimum trial).
    Inside the trial a documented gain that meets its minimal clinically important difference
    (or the pack's minimum change where there is none) passes; without one the rule waits for
    the trial to end (not applicable)."""
    in_trial = ctx.facts.care_days < ctx.pack.setting("min_trial_weeks") * 7
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
        needed, why = _needed_change(ctx.pack, first)
        line = Phrase("progress.change" if last.date != first.date else "progress.stated-change", {
            "label": " ".join(x for x in (first.name, first.get("subscale")) if x),
            "start": first.get("grade") if not own and first.get("grade") else fmt_num(start),
            "end": _shown(last), "unit": unit_suffix(last.unit),
            "from": first.date, "to": last.date,
            "below": Phrase("progress.below", {"needed": why}) if 0 < change < needed else ""})
        if change > 0 and change >= needed and (needed > 0 or not in_trial):
            improved.append((line, first, last))
        else:
            flat.append((line, first, last))
    if in_trial:  # inside the trial only a gain that meets its threshold counts; the rest waits
        if not improved:
            return Outcome("not-applicable")
        flat = []
    cites = tuple(ctx.pack.mcid[k].source for _, f, _ in improved + flat if (k := _mcid_key(ctx.pack, f)))
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


def measured_declines(findings: list[Finding], pack, gap_days: int) -> list[Finding]:
    """Outcome measures taken on both sides of a break in care: a reading after more than
    ``gap_days`` without one, worse than the last reading before the break by at least the
    measure's MCID (else the pack's minimum change), is a measured comparison with the status at
    the end of the earlier care that documents functional decline (ODI 30% at discharge, 44% at the
    restart). Each is returned as a ``baseline-comparison`` finding: the later reading, quoted as
    written, with the earlier value as ``previous``. A smaller change claims nothing.

    >>> measured_declines(evidence.of("outcome-measure"), pack, 60)   # doctest: +SKIP
    """
    series: dict[tuple, list[Finding]] = {}
    for f in findings:
        if f.kind == "outcome-measure" and f.value is not None and not f.get("historical") \
                and not f.get("planned") and f.context is None and not f.negated:
            series.setdefault((f.name, f.get("subscale"), f.unit if f.unit == "%" else ""), []).append(f)
    out = []
    for items in series.values():
        items.sort(key=lambda f: f.date)
        for before, after in zip(items, items[1:]):
            if (after.date - before.date).days <= gap_days:
                continue
            worse = (before.value - after.value) * (1 if _higher_is_better(before) else -1)
            needed, _ = _needed_change(pack, before)
            if needed > 0 and worse >= needed:
                out.append(replace(after, kind="baseline-comparison",
                                   detail=after.detail + (("previous", before.value), ("measured", True))))
    return out


def _mcid_key(pack, f: Finding) -> Optional[str]:
    """The pack's MCID for a reading: its subscale's ("KOOS pain", "FAAM sports"), else the
    measure's own ("LEFS")."""
    if f.kind != "outcome-measure" or not f.name:
        return None
    sub = f.get("subscale")
    for key in ([f"{f.name} {sub}"] if sub else []) + ([] if sub else [f.name]):
        for name in pack.mcid:
            if name.lower() == key.lower():
                return name
    return None


def _needed_change(pack, f: Finding) -> tuple[float, Phrase | str]:
    """The smallest change that counts as improvement, and how to name it."""
    if (key := _mcid_key(pack, f)) is not None:
        m = pack.mcid[key]
        return m.value, Phrase("progress.needed-mcid", {"value": m.value})
    if f.kind == "objective-measure" and f.value:
        pct = pack.setting("min_objective_change_pct")
        return abs(f.value) * pct / 100, Phrase("progress.needed-objective", {"pct": pct})
    if f.kind == "outcome-measure" and f.name in PROMS:
        lo, hi = PROMS[f.name]["range"]
        pct = pack.setting("min_prom_change_pct")
        return (hi - lo) * pct / 100, Phrase("progress.needed-scale", {"pct": pct})
    return 0.0, ""


@register("symptom-fluctuation", fields=("swing_days", "swing_detail", "symptom_summary"))
def symptom_fluctuation(ctx: Context) -> Outcome:
    """Fails when symptoms swing within the pack's window of days: a pain rating rises by at least
    the pack's swing size, or symptom words change direction (better or pain-free, then worse or
    sore).

    Pain ratings (read on 0-10; a "worst" rating is compared only with "worst" ones, the others
    with the current ones, one a date) and symptom words form one dated series per body part (a
    finding that names none is the case's region). A steady fall or rise of the ratings is a
    consistent course, and so is a phrase of steady change ("pain down from 7/10 to 3/10"), which
    states a direction, not a swing. Two readings of one series on different dates are enough to
    judge; with fewer the rule has insufficient data."""
    region = icd.body_part_of(ctx.facts.code)
    limit = ctx.pack.setting("fluctuation_days")
    swing = ctx.pack.setting("pain_swing_points")
    ratings, words = _pain_series(ctx, region), _word_series(ctx, region)
    parts = sorted(set(words) | {part for part, _ in ratings}, key=lambda p: (p != region, str(p)))
    judged = [k for k, items in ratings.items() if len(items) > 1]
    if not judged and not any(len({f.date for f in items}) > 1 for items in words.values()):
        return Outcome("insufficient-data", {}, tuple(sorted(
            [r.finding for items in ratings.values() for r in items] + [f for items in words.values() for f in items],
            key=lambda f: f.date)))
    cites = (ctx.pack.settings["pain_swing_points"].source,) if judged else ()
    swings = [s for part in parts for s in (
        [_rating_swing(part, kind, ratings[part, kind], region, limit, swing)
         for kind in _RATING_KINDS if (part, kind) in ratings] + [_word_swing(words.get(part, []), limit)])
        if s is not None]
    if swings:
        days, detail, evidence = min(swings, key=lambda s: s[2][-1].date)
        return Outcome("fail", {"swing_days": days, "swing_detail": detail}, evidence, cites)
    summary, evidence = [], []
    for part in parts:
        for kind in _RATING_KINDS:
            if (part, kind) in ratings:
                items = ratings[part, kind]
                summary.append(_rating_course(_rating_label(part, kind, region), items))
                evidence += [r.finding for r in items]
        said = list(dict.fromkeys((f.name, f.date) for f in words.get(part, [])))  # twice a day is one report
        if said:
            reports = Joined(tuple(Phrase("symptoms.report", {"name": n, "date": d}) for n, d in said[:4]))
            summary.append(reports if part in (region, None) else
                           Phrase("symptoms.part-reports", {"part": part, "reports": reports}))
            evidence += words[part]
    return Outcome("pass", {"symptom_summary": Joined(tuple(summary), "semicolon-list")},
                   tuple(sorted(evidence, key=lambda f: f.date)), cites)


_DIRECTION = {"better": 1, "pain-free": 1, "worse": -1, "sore": -1}
_RATING_KINDS = ("current", "worst")  # a "worst" reading is compared only with other "worst" ones
_RATING_SCALES = {"/10": 10, "/100": 100}
# a rating written as the start of a stated change or as a past value is history, not the day's
# reading: "from 7/10 to 3/10", "3/10 today (was 7/10 at eval)"
_EARLIER = r"\b(?:from|was|were|previously|initially)\s+(?:\w+\s+)?{num}\s*(?:/|out of)\s*{scale}\b"


@dataclass(frozen=True)
class _Rating:
    date: dt.date
    value: float  # on 0-10
    finding: Finding  # the reading chosen for the date (the first source of that value)


def _on_ten(f: Finding) -> Optional[float]:
    """A pain rating on a 0-10 scale; None for a reading on no 0-10 or 0-100 scale (a grip
    strength in kg named "pain-free grip")."""
    if f.value is None:
        return None
    scale = _RATING_SCALES.get(f.unit or "")
    if scale is None and f.get("source") == "measure" and (f.unit or "points") == "points":
        scale = 100 if f.value > 10 else 10  # a structured NPRS or VAS given in points
    if scale is None or not 0 <= f.value <= scale:
        return None
    return round(f.value * 10 / scale, 2)


def _earlier(f: Finding) -> bool:
    if f.get("source") == "measure":
        return False
    scale = (f.unit or "/10").lstrip("/")
    return bool(re.search(_EARLIER.format(num=re.escape(fmt_num(f.value)), scale=scale), f.quote, re.I))


def _pain_series(ctx: Context, region: Optional[str]) -> dict[tuple[Optional[str], str], list[_Rating]]:
    """Pain ratings by (body part, kind), one a date: the date's highest current reading, or its
    highest "worst" one; readings qualified otherwise (best, at rest, at night) are left out."""
    found = [(f, value) for f in ctx.course("pain") if (value := _on_ten(f)) is not None]
    # a structured rating the notes also give that day is the note's reading (the note says
    # whether it was the worst): "NPRS: 3" beside "NPRS 3/10 worst" is one reading
    noted = {(f.date, value) for f, value in found if f.get("source") != "measure"}
    found = [(f, v) for f, v in found if f.get("source") != "measure" or (f.date, v) not in noted]
    # in a sentence of several ratings, the one it moves from is history; a lone rating is the day's
    sentences: dict[tuple, list[bool]] = {}
    for f, _ in found:
        sentences.setdefault((f.document, f.date, f.quote), []).append(_earlier(f))
    by_day: dict[tuple[Optional[str], str], dict[dt.date, list[tuple[float, Finding]]]] = {}
    for f, value in found:
        qualifier = f.get("qualifier")
        kind = "worst" if qualifier == "worst" else "current" if qualifier in (None, "current", "currently") else None
        if kind is None or (_earlier(f) and not all(sentences[f.document, f.date, f.quote])):
            continue
        part = f.get("body_part") or region
        by_day.setdefault((part, kind), {}).setdefault(f.date, []).append((value, f))
    out = {}
    for key, days in by_day.items():
        out[key] = [_Rating(day, top, next(f for v, f in days[day] if v == top))
                    for day in sorted(days) for top in [max(v for v, _ in days[day])]]
    return out


def _word_series(ctx: Context, region: Optional[str]) -> dict[Optional[str], list[Finding]]:
    words: dict[Optional[str], list[Finding]] = {}
    for f in ctx.course("symptom"):
        if f.name in _DIRECTION:
            words.setdefault(f.get("body_part") or region, []).append(f)
    return words


def _rating_label(part: Optional[str], kind: str, region: Optional[str]) -> Phrase:
    if part in (region, None):
        return Phrase(f"symptoms.rating-label.{kind}")
    return Phrase(f"symptoms.rating-label-part.{kind}", {"part": part})


def _rating_swing(part: Optional[str], kind: str, items: list[_Rating], region: Optional[str], limit: float,
                  swing: float):
    """The first rise of at least ``swing`` points within ``limit`` days (a fall is the course)."""
    for j, b in enumerate(items):
        before = [a for a in items[:j] if 0 < (b.date - a.date).days <= limit and b.value - a.value >= swing]
        if before:
            a = min(before, key=lambda r: (r.value, r.date))
            detail = Phrase("symptoms.rating-swing", {
                "label": _rating_label(part, kind, region), "before": a.value, "from": a.date,
                "after": b.value, "to": b.date, "points": round(b.value - a.value, 2), "swing": swing})
            return (b.date - a.date).days, detail, (a.finding, b.finding)
    return None


def _word_swing(dated: list[Finding], limit: float):
    """The first change of direction of symptom words within ``limit`` days."""
    for a, b in zip(dated, dated[1:]):
        if _DIRECTION[a.name] != _DIRECTION[b.name] and 0 < (b.date - a.date).days <= limit:
            before = [f for f in dated if f.date == a.date and _DIRECTION[f.name] == _DIRECTION[a.name]]
            after = [f for f in dated if f.date == b.date and _DIRECTION[f.name] == _DIRECTION[b.name]]
            detail = Phrase("symptoms.swing", {
                "before": Joined(tuple(sorted({f.name for f in before}))), "from": a.date,
                "after": Joined(tuple(sorted({f.name for f in after}))), "to": b.date})
            return (b.date - a.date).days, detail, tuple(before + after)
    return None


def _rating_course(label: Phrase, items: list[_Rating]) -> Phrase:
    """A series of ratings as its course: falls, rises, holds or varies, with its readings."""
    if len(items) == 1:
        return Phrase("symptoms.rating-once", {"label": label, "value": items[0].value, "date": items[0].date})
    shown = items if len(items) <= 6 else items[:5] + items[-1:]
    readings = Joined(tuple(Phrase("symptoms.rating", {"value": r.value, "date": r.date}) for r in shown))
    steps = [b.value - a.value for a, b in zip(items, items[1:])]
    course = ("level" if not any(steps) else "fall" if all(x <= 0 for x in steps)
              else "rise" if all(x >= 0 for x in steps) else "vary")
    values = [r.value for r in items]
    return Phrase(f"symptoms.ratings-{course}", {
        "label": label, "first": values[0], "last": values[-1], "low": min(values), "high": max(values),
        "readings": readings})


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
        if not before or not recent or before[-1].date < since - (end - since):
            # not measured on both sides of the period, or last measured long before it: a change
            # since months ago is not a change in the last weeks, nor is its absence a plateau
            continue
        first, last = before[-1], recent[-1]
        change = (last.value - first.value) * (1 if _higher_is_better(first) else -1)
        needed, _ = _needed_change(ctx.pack, first)
        line = Phrase("plateau.reading", {"label": " ".join(x for x in (first.name, first.get("subscale")) if x),
                                          "start": _shown(first), "end": _shown(last), "unit": unit_suffix(last.unit),
                                          "from": first.date, "to": last.date})
        (moving if change > 0 and change >= needed else still).append((line, first, last))
    if not moving and not still:  # nothing repeated in the period: a weakness, not a missing criterion
        return Outcome("insufficient-data", {"plateau_detail": ""}, severity="minor")
    found = moving or still
    return Outcome("pass" if moving else "fail", {"plateau_detail": Joined(tuple(x[0] for x in found))},
                   tuple(f for _, a, b in found for f in (a, b)))
