"""Diagnosis: the coded side against the records, alternatives to rule out, imaging.

Rules: laterality-mismatch, alternative-diagnosis, imaging-not-considered.
"""

from __future__ import annotations

import re
from typing import Optional

from .. import codes as icd, terms
from ..evidence import find_sentences
from ..quotes import quote_of
from ..wording import Joined, Phrase
from .core import Context, Outcome, history_evidence, imaging_on_record, register


_SIDES_OF = {"left": ("left",), "right": ("right",), "bilateral": ("left", "right")}


def _desc(code: str) -> str:
    return (icd.describe(code) or code).lower()


_COMPARISON = re.compile(r"\bvs\.?(?=\s)|\bversus\b|\bcompared\b|\bthan\b|\bcontralateral\b|"
                         r"\b(?:uninvolved|unaffected|other) (?:side|hip|leg)\b|[\d°]\s*\(?\s*(?-i:[RL])\b|"
                         r"\b(?-i:[RL])\s*\d", re.I)


# a sentence that gives its one side's reading as the comparison (casekit/vocabulary/words.yaml)
_COMPARED_SIDE = re.compile(terms.COMPARED_SIDE, re.I)
_PLANNED = re.compile(terms.PLANNED, re.I)


@register("laterality-mismatch", fields=("laterality_detail",))
def laterality_mismatch(ctx: Context) -> Outcome:
    """Fails when a code's side disagrees with the side in the records, or is unspecified
    where the records state one. The sides the statement names are those of the sentences it
    quotes, and those sentences are quoted first."""
    sided = [(d.code, icd.side_of(d.code), icd.body_part_of(d.code)) for d in ctx.case.diagnoses]
    sided = [s for s in sided if s[1] is not None]
    if not sided:
        code = ctx.case.primary_diagnosis.code
        return Outcome("not-applicable", {"laterality_detail": Phrase("side.no-side-in-code", {"code": code})})
    problems, agreements, lead, rest = [], [], [], []
    parts: dict = {}
    for code, side, part in sided:
        parts.setdefault(part, []).append((code, side))
    for part, coded in parts.items():
        mentions = _affected_side_mentions(ctx, part)
        said = {f.name for f in mentions}
        if not said:
            continue
        named = {s for _, side in coded for s in _SIDES_OF.get(side, ())}  # sides the codes name
        stated = {s for side in said for s in _SIDES_OF[side]}
        shown = _sides(said)
        found = []
        for code, side in coded:
            if side == "unspecified":
                found.append(Phrase("side.unspecified-code", {"sides": shown, "part": _part(part, said),
                                                              "code": code, "description": _desc(code)}))
        quoted = _covering(mentions, said)
        if stated - named and named:
            code, side = next((c, sd) for c, sd in coded if sd != "unspecified")
            # the sentences naming a side the code does not are the finding: the statement names
            # the sides as they do ("bilateral hip pain" against a left code: the bilateral hips)
            # and they are quoted first
            against = [f for f in mentions if (stated - named) & set(_SIDES_OF[f.name])]
            extra = {f.name for f in against}
            found.append(Phrase("side.mismatch", {
                "sides": _sides(extra), "part": _part(part, extra), "code": code,
                "description": _desc(code).replace(side, side.upper())}))
            quoted = _covering(against, extra) + quoted
        elif named - stated and any(sd == "bilateral" for _, sd in coded):
            found.append(Phrase("side.bilateral-code-one-side", {
                "codes": Joined(tuple(c for c, _ in coded)), "sides": shown, "part": _part(part, said)}))
        elif named and not found:
            agreements.append(Phrase("side.agreement", {"codes": Joined(tuple(c for c, _ in coded)),
                                                        "n": len(coded), "sides": shown, "part": _part(part, said)}))
        problems += found
        (lead if found else rest).extend(quoted)
    ev = tuple(quote_of(f) for f in lead + rest)
    if problems:
        return Outcome("fail", {"laterality_detail": Joined(tuple(problems), "sentences")}, ev)
    if agreements:
        return Outcome("pass", {"laterality_detail": Phrase("side.consistent", {
            "agreements": Joined(tuple(agreements), "semicolon-list")})}, ev)
    return Outcome("insufficient-data", {"laterality_detail": Phrase("side.not-stated", {"code": sided[0][0]})})


def _affected_side_mentions(ctx: Context, part: str) -> list:
    """The current mentions of a side of ``part`` that say which side is affected: not the
    uninvolved side named to compare (the extractor's "other-side"), nor a sentence comparing the
    sides, nor a reading of a side the same note calls the uninvolved one."""
    # a sentence reading both sides ("R knee flexion 95°, L knee 135°") compares them: it says
    # nothing about which side is affected; so do two readings of the sides side by side
    # ("R knee AROM 10-82 deg. L knee 0-130.")
    mentions = [f for f in ctx.evidence.of("side") if f.get("body_part") in (part, None)
                and not f.get("comparison")]
    paired = _adjacent_readings(ctx, mentions)
    mentions = [f for f in mentions if (f.document, f.quote) not in paired]
    # "R hip IR 10° vs L hip 30°" compares the sides: it says nothing about which is affected
    # ("right hip and left hip osteoarthritis" names both as affected: that is no comparison)
    both = {(f.document, f.quote) for f in mentions if f.name == "left"
            and _COMPARISON.search(f.quote)} & \
        {(f.document, f.quote) for f in mentions if f.name == "right"}
    mentions = [f for f in mentions if (f.document, f.quote) not in both]
    # "L hip WNL. L hip strength 5/5.": once a note names a side as the uninvolved one, its
    # readings of that side in the note are the comparison too
    other = {(f.document, f.name) for f in ctx.evidence.of("side", negated=None, context="other-side")
             if f.get("body_part") in (part, None)}
    return [f for f in mentions if not (_READING.search(f.quote) and (
        (f.document, f.name) in other or _COMPARED_SIDE.search(f.quote)))]


def _sides(sides: set) -> Joined:
    """The sides as named: "left", "left and right", "bilateral"."""
    return Joined(("bilateral",) if "bilateral" in sides else tuple(sorted(sides)))


def _part(part: str, sides: set) -> Phrase:
    """The body part, plural when the sides named are more than one ("the left and right hips")."""
    both = "bilateral" in sides or len(sides) > 1
    return Phrase("side.parts" if both else "side.part", {"part": part})


def _covering(mentions: list, sides: set) -> list:
    """The mentions with, first, one sentence for each side named: the quotes a reader sees first
    show every side the statement names."""
    first = [next(f for f in mentions if f.name == s) for s in sorted(sides) if any(f.name == s for f in mentions)]
    return first + [f for f in mentions if f not in first]


_READING = re.compile(r"\d|\b(?-i:WNL|WFL)\b|within normal limits", re.I)


def _adjacent_readings(ctx: Context, mentions) -> set:
    """(document, sentence) pairs of one side's reading followed at once by the other side's, in
    the same note: a comparison, whichever side is affected. A sentence is placed where its text
    first occurs in the note; the other side's follows "at once" when it starts within 3
    characters of its end. Each distinct sentence is placed once and its neighbours looked up by
    their text, so a long note with thousands of readings is read in linear time."""
    out: set = set()
    readings = [f for f in mentions if f.name in ("left", "right") and _READING.search(f.quote) and f.document]
    quotes: dict[tuple[str, str], set[str]] = {}  # (document, side) -> the quotes of its readings
    for f in readings:
        quotes.setdefault((f.document, f.name), set()).add(f.quote)
    for (doc_id, side), own in quotes.items():
        doc = ctx.case.document(doc_id)
        other = quotes.get((doc_id, "left" if side == "right" else "right"))
        if doc is None or not other:
            continue
        lengths = {len(q) for q in other}
        for q in own:
            start = doc.text.find(q)
            if start < 0:
                continue
            end = start + len(q)
            nxt = {doc.text[at:at + n] for at in range(end, end + 4) for n in lengths} & other
            if nxt:
                out |= {(doc_id, q)} | {(doc_id, b) for b in nxt}
    return out


def _onset_in_notes(ctx: Context) -> Optional[str]:
    """"sudden onset 4 months ago" / "insidious onset": the onset the notes state, if any."""
    if find_sentences(ctx.case, r"\b(?:sudden|acute|traumatic)(?:ly)?\W+(?:\w+\W+){0,2}?onset\b|\bonset\b"
                                r"\W+(?:\w+\W+){0,3}?(?:sudden|acute)|\bafter (?:a|an) (?:fall|injury|accident)\b"):
        return "acute"
    if find_sentences(ctx.case, r"\b(?:gradual|insidious)(?:ly)?\W+(?:\w+\W+){0,2}?onset\b|\bno "
                                r"(?:specific |known )?(?:injury|trauma|mechanism)\b"):
        return "gradual"
    return None


def _planned(sentence: str, pattern: str) -> bool:
    """Whether the study or examination ``pattern`` names in ``sentence`` is only asked for,
    planned or awaited ("recommended ... consideration of MRI", "hold visits until MRI result"):
    the clause holding it (between commas or semicolons) says so."""
    m = re.search(pattern, sentence, re.I)
    if m is None:
        return False
    start = max(sentence.rfind(c, 0, m.start()) for c in ",;") + 1
    ends = [i for c in ",;" if (i := sentence.find(c, m.end())) >= 0]
    return bool(_PLANNED.search(sentence[start:min(ends, default=len(sentence))]))


@register("alternative-diagnosis", fields=("alternative_detail", "alternative_reason"))
def alternative_diagnosis(ctx: Context) -> Outcome:
    """Fails when findings call for another diagnosis to be ruled out and the records do not
    show it was (imaging on record or the alternative named)."""
    case, triggered, ev, cites, urgent, urgent_names = ctx.case, [], [], [], False, []
    onset = case.history.onset or _onset_in_notes(ctx) or "unknown"
    dur = ctx.facts.history_months  # the history's duration, else the notes' own
    codes = [d.code for d in case.diagnoses]
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
        # a screen or a study before the flags appeared does not address them ("denies saddle
        # numbness" on the evaluation, numbness "down there" three weeks later)
        since = min((f.date for f in flags), default=None)
        # the sentence that reports a flag does not rule it out ("progressive motor deficit C6-7
        # myotomes" names the myotomes it found weak), nor does a study asked for or awaited
        reported = {(f.document, f.quote) for f in flags}
        considered = any((since is None or f.date >= since) and (f.document, f.quote) not in reported
                         and not _planned(f.quote, rx)
                         for rx in alt.addressed_by for f in find_sentences(case, rx))
        if considered or (alt.imaging_addresses and any(
                since is None or e.date >= since for _, e in imaging_on_record(ctx))):
            continue
        if flags:
            terms = [t.lower() for t in alt.red_flags]
            named = {f.name for f in flags if any(t in (f.name or "").lower() for t in terms)}
            key = "alternative.red-flags" if not triggered else "alternative.red-flags-next"
            triggered.append(Phrase(key + ("-urgent" if alt.urgent else ""), {
                "flags": Joined(tuple(sorted(named or {f.name for f in flags}))), "name": alt.name,
                "suggest": alt.suggest}))
            urgent = urgent or alt.urgent
            urgent_names += [alt.name] if alt.urgent else []
            ev += [quote_of(f) for f in flags]
        else:
            triggered.append(Phrase("alternative.profile", {
                "age": case.patient.age,
                "history": Phrase("alternative.history", {"months": dur}) if dur is not None else "",
                "onset": Phrase("alternative.onset", {"onset": onset}) if onset != "unknown" else "",
                "name": alt.name, "suggest": alt.suggest}))
            ev += history_evidence(ctx)
        cites += alt.cite
    if triggered:
        reason = (Phrase("alternative.reason-urgent", {"names": Joined(tuple(urgent_names))}) if urgent
                  else Phrase("alternative.reason"))
        return Outcome("fail", {"alternative_detail": Phrase("alternative.triggered", {
            "findings": Joined(tuple(triggered), "semicolon-list")}), "alternative_reason": reason},
            tuple(ev), tuple(dict.fromkeys(cites)), severity="major" if urgent else None)
    considered = tuple(dict.fromkeys(c for alt in ctx.pack.alternative_diagnoses for c in alt.cite))
    return Outcome("pass", {"alternative_detail": Phrase("alternative.checked"), "alternative_reason": ""}, (),
                   considered)


@register("imaging-not-considered", fields=("imaging_advice", "imaging_found"))
def imaging_not_considered(ctx: Context) -> Outcome:
    """Fails when symptoms persist past the pack's limit with no imaging on record."""
    limit = ctx.pack.setting("imaging_after_months")
    symptom_months = ctx.facts.symptom_months
    found = imaging_on_record(ctx)
    guide = ctx.pack.imaging
    if not guide:
        advice = ""
    elif _negative_radiographs(ctx):
        advice = Phrase("imaging.after-negative", {"next": guide.after_negative})
    else:
        advice = Phrase("imaging.first", {"first": guide.first, "next": guide.after_negative.split(" (")[0]})
    values = {"imaging_advice": advice,
              "imaging_found": Joined(tuple(list(dict.fromkeys(what.lower() for what, _ in found))[:3]))}
    if symptom_months is None or symptom_months < limit:
        return Outcome("not-applicable", values, tuple(history_evidence(ctx)))
    return Outcome("pass" if found else "fail", values,
                   tuple(e for _, e in found) or tuple(history_evidence(ctx)))


def _negative_radiographs(ctx: Context) -> bool:
    for im in ctx.case.history.imaging:
        if re.search(r"radiograph|x-?ray|xr", im.modality, re.I) and re.search(
                r"negative|normal|unremarkable|equivocal|no (acute|significant)", im.result or "", re.I):
            return True
    return any(f.name == "radiograph" and f.get("result") in {"negative", "equivocal"}
               for f in ctx.evidence.of("imaging"))
