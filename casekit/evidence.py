"""Evidence from the records: negation-aware findings, each tied to its document, date and sentence.

Rules are plain regular expressions (no NLP models), so every finding can be traced to the exact
sentence it came from. Note text is never logged or printed here.

>>> ev = extract_text("n1", datetime.date(2025, 8, 25), "Pain 5/10. Denies numbness.")
>>> [(f.kind, f.name, f.value, f.negated) for f in ev]
[('pain', 'pain', 5.0, False), ('red-flag', 'numbness', None, True)]
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

if TYPE_CHECKING:  # hints only: the model must not be a hard dependency of the rules
    import pandas

    from .model import Case

KINDS = ("pain", "function", "side", "outcome-measure", "objective-measure", "exercise",
         "symptom", "gap-explanation", "new-injury", "baseline-comparison", "imaging", "skilled-care",
         "red-flag")


@dataclass(frozen=True)
class Finding:
    """One fact with its source: ``quote`` is the exact (trimmed) sentence it was read from."""

    kind: str
    document: str | None
    date: datetime.date
    quote: str
    name: str | None = None
    value: float | None = None
    unit: str | None = None
    negated: bool = False
    detail: tuple[tuple[str, object], ...] = ()

    def get(self, key: str, default: object = None) -> object:
        """A value from ``detail``: ``f.get("parameters")``."""
        return next((v for k, v in self.detail if k == key), default)


@dataclass(frozen=True)
class Evidence:
    """All findings of a case, in document order.

    >>> ev.of("symptom", since=datetime.date(2025, 8, 28))  # doctest: +SKIP
    """

    items: tuple[Finding, ...]

    def of(self, *kinds: str, since: datetime.date | None = None, until: datetime.date | None = None,
           negated: bool | None = False) -> list[Finding]:
        """Findings of these kinds (all if none) in [since, until], sorted by date then document
        order. ``negated=False`` (default) drops negated findings, ``True`` keeps only them,
        ``None`` keeps both."""
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown evidence kind(s) {sorted(unknown)}; known: {', '.join(KINDS)}")
        keep = [f for f in self.items
                if (not kinds or f.kind in kinds) and (since is None or f.date >= since)
                and (until is None or f.date <= until) and (negated is None or f.negated == negated)]
        return sorted(keep, key=lambda f: f.date)  # stable: keeps document order within a date

    def to_frame(self) -> "pandas.DataFrame":
        """One row per finding: kind, document, date, name, value, unit, negated, quote."""
        import pandas as pd  # lazy: the rules themselves need only the standard library

        cols = ["kind", "document", "date", "name", "value", "unit", "negated", "quote"]
        return pd.DataFrame([{c: getattr(f, c) for c in cols} for f in self.items], columns=cols)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


# Validated patient-reported outcome measures. Ranges are the published score ranges (WOMAC raw
# 0-96, LEFS 0-80, Oxford 0-48, PSFS mean item 0-10); the rest are 0-100 transforms.
PROMS: dict[str, dict] = {
    "HAGOS": {"aliases": ["HAGOS", "Copenhagen Hip and Groin Outcome Score"],
              "higher_is_better": True, "range": (0, 100)},
    "iHOT-12": {"aliases": ["iHOT-12", "International Hip Outcome Tool-12"],
                "higher_is_better": True, "range": (0, 100)},
    "iHOT-33": {"aliases": ["iHOT-33", "International Hip Outcome Tool-33"],
                "higher_is_better": True, "range": (0, 100)},
    "HOOS JR": {"aliases": ["HOOS JR", "HOOS-JR"], "higher_is_better": True, "range": (0, 100)},
    "HOOS": {"aliases": ["HOOS", "Hip disability and Osteoarthritis Outcome Score"],
             "higher_is_better": True, "range": (0, 100)},
    "KOOS JR": {"aliases": ["KOOS JR", "KOOS-JR"], "higher_is_better": True, "range": (0, 100)},
    "KOOS": {"aliases": ["KOOS", "Knee injury and Osteoarthritis Outcome Score"],
             "higher_is_better": True, "range": (0, 100)},
    "LEFS": {"aliases": ["LEFS", "Lower Extremity Functional Scale"],
             "higher_is_better": True, "range": (0, 80)},
    "WOMAC": {"aliases": ["WOMAC"], "higher_is_better": False, "range": (0, 96)},
    "Oxford Hip Score": {"aliases": ["Oxford Hip Score", "OHS"], "higher_is_better": True,
                         "range": (0, 48)},
    "mHHS": {"aliases": ["mHHS", "modified Harris Hip Score"], "higher_is_better": True,
             "range": (0, 100)},
    "Harris Hip Score": {"aliases": ["Harris Hip Score", "HHS"], "higher_is_better": True,
                         "range": (0, 100)},
    "ODI": {"aliases": ["ODI", "Oswestry Disability Index", "Oswestry"], "higher_is_better": False,
            "range": (0, 100)},
    "PSFS": {"aliases": ["PSFS", "Patient-Specific Functional Scale"], "higher_is_better": True,
             "range": (0, 10)},
}
_SHORT_ALIASES = {"OHS", "HHS", "ODI"}  # too ambiguous to report without a score next to them
_ALIAS_TO_PROM = {a.lower(): k for k, v in PROMS.items() for a in v["aliases"]}
_PROM_RE = re.compile(r"(?<![A-Za-z0-9])(" + "|".join(
    r"[-\s]?".join(map(re.escape, re.split(r"[-\s]+", a)))
    for a in sorted(_ALIAS_TO_PROM, key=len, reverse=True)) + r")(?![A-Za-z0-9])", re.I)
_SUBSCALE = (r"(pain|symptoms?|stiffness|ADL|activities of daily living|sports?\s*(?:/|and|&)\s*"
             r"rec(?:reation)?|sports?|physical activit(?:y|ies)|PA|QOL|quality of life|function)")
_SUB_CANON = {"symptom": "symptoms", "activities of daily living": "ADL", "sport": "sport/rec",
              "sports": "sport/rec", "pa": "physical activity", "physical activities": "physical activity",
              "quality of life": "QOL", "qol": "QOL", "adl": "ADL"}

# ---------------------------------------------------------------- sentences and negation scope

# Abbreviations whose period never ends a sentence, and ones that end it only before a capital.
_ABBR_ALWAYS = {"e.g", "i.e", "eg", "ie", "approx", "vs", "dr", "mr", "mrs", "ms", "cf", "appt"}
_ABBR_SOFT = {"pt", "pts", "hx", "tx", "dx", "sx", "wk", "wks", "min", "mins", "sec", "secs",
              "rep", "reps", "lb", "lbs", "yo", "y.o", "b.i.d", "t.i.d"}


def _sentences(text: str) -> list[tuple[int, int]]:
    """Trimmed (start, end) spans: split at . ! ? before a space or the end, and at newlines;
    a period inside a number (4.5) is never followed by a space, so decimals stay whole."""
    spans, start = [], 0
    for m in re.finditer(r"[.!?]+(?=[\s\"')\]]|$)|\n", text):
        if m.group().startswith("."):
            before = text[start:m.start()]
            tok = re.search(r"([A-Za-z.]+)$", before)
            word = tok.group(1).lower() if tok else ""
            nxt = text[m.end():].lstrip()[:1]
            if (word in _ABBR_ALWAYS or (word in _ABBR_SOFT and not nxt.isupper())
                    or before.strip().isdigit()):  # "1. Bridges" is a list number, not a sentence
                continue
        end = m.start() if m.group() == "\n" else m.end()
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        seg = text[a:b]
        if seg.strip():
            a += len(seg) - len(seg.lstrip())
            out.append((a, a + len(seg.strip())))
    return out


_NEG_CUE = re.compile(r"\b(?:no|not|never|nor|denies|denied|deny|denying|without|negative for|"
                      r"free of|absence of|isn't|is not|wasn't|was not|aren't|doesn't|does not|"
                      r"didn't|did not|hasn't|has not|haven't|have not|no longer|resolved)\b", re.I)
_PSEUDO = re.compile(r"\b(?:not only|no (?:significant )?change|not (?:certain|sure|necessarily)|"
                     r"no (?:increase|decrease)|without (?:difficulty|assist\w*))\b", re.I)
_HARD = re.compile(r";|\b(?:but|however|although|though|whereas|except)\b", re.I)
# A new report verb after the cue starts a new assertion ("no pain and reports numbness").
_REPORT = re.compile(r"\b(?:reports?|reported|states?|stated|complains?|c/o|endorses?|presents?)\b",
                     re.I)
# A verb inside a comma segment means it is a clause, not an item of a negated list.
_VERBISH = re.compile(r"\b(?:reports?|reported|states?|stated|complains?|c/o|endorses?|feels?|felt|"
                      r"feeling|is|was|are|were|has|had|have|remains?|continues?|present|persists?|"
                      r"noted|improved|increased|worse|better)\b", re.I)
_POST_NEG = re.compile(r"^\W*(?:[\w/'-]+\W+){0,3}?(?:denied|absent|none|resolved|not present|"
                       r"ruled out|negative)\b", re.I)


def _last_cue(seg: str) -> re.Match | None:
    pseudo = [m.span() for m in _PSEUDO.finditer(seg)]
    cues = [m for m in _NEG_CUE.finditer(seg) if not any(a <= m.start() < b for a, b in pseudo)]
    return cues[-1] if cues else None


def _negated(text: str, start: int, end: int | None = None, post: bool = True) -> bool:
    """ConText-style: a cue before the target in the same clause negates it; the clause ends at
    ; / but / however / although, and at a comma unless the comma separates short list items
    ("denies numbness, tingling or fever"). With ``post``, "numbness: denied" counts too."""
    pre = text[:start]
    hard = list(_HARD.finditer(pre))
    if hard:
        pre = pre[hard[-1].end():]
    segs = pre.split(",")
    after = re.split(r"[,;.]|\bbut\b", text[end:] if end is not None else "", maxsplit=1)[0]
    for i in range(len(segs) - 1, -1, -1):
        cue = _last_cue(segs[i])
        if cue:
            between = segs[i][cue.end():]
            if _REPORT.search(between) or (i == len(segs) - 1 and len(between.split()) > 6):
                break
            return True
        words = [w for w in re.findall(r"[\w/'-]+", segs[i]) if w.lower() not in {"and", "or", "any"}]
        if len(words) > 3 or _VERBISH.search(segs[i]) or (i == len(segs) - 1 and _VERBISH.search(after)):
            break
    return bool(post and end is not None and _POST_NEG.match(after))


class _S:
    """One sentence being read, and a factory for its findings."""

    def __init__(self, doc: str | None, date: datetime.date, text: str):
        self.doc, self.date, self.text = doc, date, text

    def make(self, kind: str, name: str | None, value: float | None = None, unit: str | None = None,
             negated: bool = False, **detail: Any) -> Finding:
        det = tuple((k, v) for k, v in detail.items() if v is not None)
        return Finding(kind, self.doc, self.date, self.text, name,
                       None if value is None else float(value), unit, bool(negated), det)


def _num(s: str) -> float:
    return float(s)


# ---------------------------------------------------------------- pain and function

_PAIN_KW = re.compile(r"\b(?:pain|NPRS|NRS|VAS|discomfort)\b", re.I)
_OTHER_KW = re.compile(r"\b(?:function\w*|PSFS|sleep|confidence|effort|RPE|fatigue|stress|"
                       r"satisfaction|stiffness|improvement|better)\b", re.I)
_OF10 = re.compile(r"(?<![\d/.])(\d{1,3}(?:\.\d+)?)(?:\s*-\s*(\d{1,3}(?:\.\d+)?))?\s*(?:/|out of)\s*"
                   r"(10|100)(?![\d/])", re.I)
_PAIN_QUAL = re.compile(r"\b(worst|best|least|average|current(?:ly)?|at rest|with activity|at night)\b",
                        re.I)


def _pain(s: _S) -> list[Finding]:
    out = []
    for m in _OF10.finditer(s.text):
        prefix = s.text[max(0, m.start() - 60):m.start()]
        prefix = re.split(r"[;.]\s", prefix)[-1]
        kws = list(_PAIN_KW.finditer(prefix))
        others = list(_OTHER_KW.finditer(prefix))
        before = bool(kws) and (not others or others[-1].start() < kws[-1].start())
        if before and _PROM_RE.search(prefix[max(0, kws[-1].start() - 25):kws[-1].start()]):
            before = False  # "HAGOS pain 65/100" is a PROM subscale, not a pain rating
        after = re.match(r"\s*(?:[\w-]+\s+){0,2}?(?:pain|discomfort)\b", s.text[m.end():], re.I)
        if not (before or after):
            continue
        lo, hi, scale = m.group(1), m.group(2), m.group(3)
        value = _num(hi or lo)
        if value > int(scale):
            continue
        window = s.text[(m.start() - 25 if before else m.start()):m.end() + 20]
        qual = _PAIN_QUAL.search(window)
        out.append(s.make("pain", "pain", value, "/" + scale, range=(_num(lo), value) if hi else None,
                          qualifier=qual.group(1).lower() if qual else None))
    return out


_FUNC = [re.compile(r"\b(?:able to (?:perform|do|complete)|functioning at|function(?:al)?(?: level)?"
                    r"(?: is| of| at)?|performing at)\s+(?:approximately |approx\.?\s*|about |around |~)?"
                    r"(\d{1,3}(?:\.\d+)?)\s*%", re.I),
         re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%\s+(?:of\s+)?(?:(?:her|his|their|normal|prior|"
                    r"baseline|usual|full|pre-?injury)\s+)*(?:level of\s+)?(?:function|functional|"
                    r"functioning|PLOF)\b", re.I)]


def _function(s: _S) -> list[Finding]:
    seen, out = set(), []
    for rx in _FUNC:
        for m in rx.finditer(s.text):
            if m.start(1) not in seen and _num(m.group(1)) <= 100:
                seen.add(m.start(1))
                out.append(s.make("function", "function level", _num(m.group(1)), "%"))
    return out


# ---------------------------------------------------------------- laterality

_SIDE_RX = re.compile(r"(?:(?<![A-Za-z0-9/])(?-i:R|L)(?![A-Za-z0-9])|\b(?:right|left|rt|lt|bilateral(?:ly)?"
                      r"|bilat|both)\b|(?<![A-Za-z0-9])B/L(?![A-Za-z0-9]))", re.I)
_BODY = (r"hips?|knees?|shoulders?|ankles?|groin|thighs?|gluteal|glutes?|buttocks?|legs?|LEs?|"
         r"lower extremit(?:y|ies)|low(?:er)? back|back(?!\s+(?:to|into|home|in|on|up|down|out)\b)|"
         r"SIJ|SI joint|hamstrings?|quads?|quadriceps|calf|calves|foot|feet|elbows?|wrists?|"
         r"hands?(?![\s-]side)|neck|arms?|UEs?|upper extremit(?:y|ies)|(?:greater )?trochanter(?:ic)?|"
         r"IT band|ITB|hip flexors?")
_BODY_RX = re.compile(r"\b(?:" + _BODY + r")\b", re.I)
_BODY_REV = re.compile(r"\b(" + _BODY + r")\s*(?:\((right|left|R|L|bilat\w*)\)|\s+(?:on|to) (?:the )?"
                       r"(right|left|R|L)\b(?: side)?|\s+(bilaterally)\b)", re.I)


def _side_name(tok: str) -> str:
    t = tok.lower()
    return "right" if t in {"r", "right", "rt"} else "left" if t in {"l", "left", "lt"} else "bilateral"


def _body_name(tok: str) -> str:
    t = " ".join(tok.lower().split())
    canon = {"feet": "foot", "calves": "calf", "les": "lower extremity", "le": "lower extremity",
             "lower extremities": "lower extremity", "glute": "gluteal", "glutes": "gluteal",
             "quads": "quadriceps", "quad": "quadriceps", "ues": "upper extremity",
             "ue": "upper extremity", "upper extremities": "upper extremity", "sij": "SI joint",
             "si joint": "SI joint", "lower back": "low back", "itb": "IT band", "it band": "IT band"}
    if t in canon:
        return canon[t]
    return t[:-1] if t.endswith("s") and t not in {"buttocks", "quadriceps"} else t.replace(
        "buttocks", "buttock")


def _side(s: _S) -> list[Finding]:
    found: dict[tuple[str, str], bool] = {}
    for m in _SIDE_RX.finditer(s.text):
        rest = re.split(r"[.,;:()]", s.text[m.end():], maxsplit=1)[0]
        toks = list(re.finditer(r"[\w/'&]+", rest))[:4]
        for i, t in enumerate(toks):
            body = _BODY_RX.match(rest, t.start())
            if body:
                found.setdefault((_side_name(m.group()), _body_name(body.group())),
                                 _negated(s.text, m.start(), post=False))
                break
            # another side word not joined by and/or ("LT sensation intact bilateral LE") ends it
            if _SIDE_RX.fullmatch(t.group()) and (i == 0 or toks[i - 1].group().lower() not in {"and", "or", "&"}):
                break
    for m in _BODY_REV.finditer(s.text):
        side = m.group(2) or m.group(3) or m.group(4)
        found.setdefault((_side_name(side), _body_name(m.group(1))),
                         _negated(s.text, m.start(), post=False))
    return [s.make("side", side, negated=neg, body_part=body) for (side, body), neg in found.items()]


# ---------------------------------------------------------------- PROMs

def _outcome(s: _S) -> list[Finding]:
    out, hits = [], list(_PROM_RE.finditer(s.text))
    for i, m in enumerate(hits):
        name = _ALIAS_TO_PROM[re.sub(r"[-\s]+", " ", m.group(1).lower()).replace("hoos jr", "hoos jr")] \
            if re.sub(r"[-\s]+", " ", m.group(1).lower()) in _ALIAS_TO_PROM else _prom_name(m.group(1))
        lo, hi = PROMS[name]["range"]
        stop = hits[i + 1].start() if i + 1 < len(hits) else len(s.text)
        tail = re.split(r"[;]", s.text[m.end():stop])[0][:90]
        tail = re.sub(r"\d{1,4}[/-]\d{1,2}[/-]\d{2,4}", lambda d: " " * len(d.group()), tail)  # dates
        neg = _negated(s.text, m.start(), post=False)
        scores = []  # (value, max, subscale, previous)
        if name in {"HAGOS", "HOOS", "KOOS", "WOMAC"}:
            for p in re.finditer(r"\b" + _SUBSCALE + r"\W{0,3}(?:score\s*)?(?:of|is|=|:)?\s*"
                                 r"(\d{1,3}(?:\.\d+)?)(?:\s*/\s*(\d{1,3}))?", tail, re.I):
                sub = p.group(1).lower()
                sub = _SUB_CANON.get(sub, _SUB_CANON.get(sub.split()[0], sub)) if "/" not in sub else "sport/rec"
                scores.append((_num(p.group(2)), p.group(3), sub, None))
        if not scores:
            ft = re.match(r"[^\d;]{0,30}?\bfrom\s+(\d{1,3}(?:\.\d+)?)[^\d;]{0,12}?\bto\s+(\d{1,3}(?:\.\d+)?)"
                          r"(?:\s*/\s*(\d{1,3}))?", tail, re.I)
            sc = re.match(r"[^\d;]{0,30}?(?<![\d.])(\d{1,3}(?:\.\d+)?)(?:\s*(?:/|out of)\s*(\d{1,3}))?"
                          r"(?!\s*(?:x\b|sets|weeks?|visits?|times))", tail, re.I)
            pre = re.search(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)(?:\s*/\s*(\d{1,3}))?\s*(?:%|points?|pts)?\s+"
                            r"on\s+(?:the\s+)?$", s.text[:m.start()], re.I)
            if ft:
                scores.append((_num(ft.group(2)), ft.group(3), None, _num(ft.group(1))))
            elif sc:
                scores.append((_num(sc.group(1)), sc.group(2), None, None))
            elif pre:
                scores.append((_num(pre.group(1)), pre.group(2), None, None))
        scores = [x for x in scores if x[0] <= (int(x[1]) if x[1] else max(hi, 100 if "%" in tail else hi))]
        for value, mx, sub, prev in scores:
            out.append(s.make("outcome-measure", name, value, f"/{mx}" if mx else "points", neg,
                              subscale=sub, previous=prev))
        if not scores and m.group(1).upper() not in _SHORT_ALIASES:
            out.append(s.make("outcome-measure", name, None, None, neg, planned=True))
    return out


def _prom_name(text: str) -> str | None:
    """Canonical PROM name for a free-text name ("iHOT 12 score" -> "iHOT-12"), else None."""
    m = _PROM_RE.search(text)
    if not m:
        return None
    key = re.sub(r"[-\s]+", "", m.group(1).lower())
    return next(v for a, v in _ALIAS_TO_PROM.items() if re.sub(r"[-\s]+", "", a) == key)


# ---------------------------------------------------------------- objective measures

_MOTION = (r"internal rotation|external rotation|abduction|adduction|dorsiflexion|plantar\s?flexion|"
           r"flexion|extension|rotation|(?-i:IR|ER|DF|PF|SLR)|abd|add|flex|ext")
_MOTION_RX = re.compile(r"\b(" + _MOTION + r")\b", re.I)
_MOTION_CANON = {"ir": "internal rotation", "er": "external rotation", "abd": "abduction",
                 "add": "adduction", "flex": "flexion", "ext": "extension", "df": "dorsiflexion",
                 "pf": "plantarflexion", "plantar flexion": "plantarflexion", "slr": "straight leg raise"}
_JOINT_RX = re.compile(r"\b(hip|knee|ankle|shoulder|elbow|wrist|lumbar|trunk|cervical)s?\b", re.I)
_MUSCLE_RX = re.compile(r"\b(glut(?:eus|e)?\s+(?:med(?:ius)?|max(?:imus)?|min(?:imus)?)|iliopsoas|"
                        r"quadriceps|quads?|hamstrings?|TFL|adductors|abductors|hip flexors|"
                        r"hip extensors|hip rotators)\b", re.I)
_TESTS = [("TUG", r"TUG|timed up (?:and|&) go", "s"),
          ("30-second chair stand", r"30[-\s]?(?:second|sec|s)\s+(?:chair[-\s]stand|sit[-\s]to[-\s]stand|"
                                    r"STS)(?:\s+test)?|30\s?s?\s?CST", "reps"),
          ("5x sit to stand", r"(?:5\s?x|five[-\s]times|5[-\s]times)\s*sit[-\s]to[-\s]stands?(?:\s+test)?|"
                              r"5\s?x\s?STS|FTSTS", "s"),
          ("6MWT", r"6MWT|6[-\s]?min(?:ute)?\s+walk(?:\s+test)?", "m"),
          ("10MWT", r"10MWT|10[-\s]?m(?:eter|etre)?\s+walk(?:\s+test)?", "m/s"),
          ("single leg stance", r"single[-\s](?:leg|limb)\s+(?:stance|balance)|SLS|SL\s+stance", "s"),
          ("Berg Balance Scale", r"Berg(?:\s+Balance\s+Scale)?|BBS", "/56"),
          ("gait speed", r"gait speed|walking speed", "m/s")]
_TEST_RX = [(n, re.compile(r"\b(?:" + rx + r")\b[^\d;,]{0,20}?(?<![\d.])(\d+(?:\.\d+)?)\s*(seconds?|secs?|s|"
                           r"reps?|repetitions|meters?|metres?|m/s|m|feet|ft|/56|points?)?(?![\w/])"
                           r"(?!\s*(?:x\b|hold|sets))", re.I), u) for n, rx, u in _TESTS]
_UNIT_CANON = {"second": "s", "seconds": "s", "sec": "s", "secs": "s", "rep": "reps", "repetitions": "reps",
               "meter": "m", "meters": "m", "metre": "m", "metres": "m", "feet": "ft", "point": "points"}
_STRENGTH_UNIT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(kgf|kg|N·m|N-m|Nm/kg|N/kg|Nm|N|lbs?|pounds)"
                            r"(?![\w/])")
_DEGREES = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:°|º|degrees?\b|deg\b)", re.I)
_MMT = re.compile(r"(?<![\d/.])([0-5])\s*([+-])?\s*/\s*5(?![\d/])")
_EXER_WORD = re.compile(r"\b(?:with|using|holding)\s*$|\b(?:weights?|dumbbells?|DB|KB|cuff)\b", re.I)


def _label(s: _S, pos: int) -> tuple[str, str]:
    """(joint, motion-or-muscle) named just before ``pos``, e.g. ("hip", "abduction")."""
    seg = s.text[:pos].split(",")[-1][-45:]
    mot = list(_MOTION_RX.finditer(seg))
    mus = list(_MUSCLE_RX.finditer(seg)) or list(_MUSCLE_RX.finditer(s.text[pos:pos + 30]))
    joints = list(_JOINT_RX.finditer(s.text[:pos]))
    what = (_MOTION_CANON.get(mot[-1].group(1).lower(), mot[-1].group(1).lower()) if mot
            else mus[-1].group(1) if mus else "")
    return (joints[-1].group(1).lower() if joints else ""), what


def _objective(s: _S) -> list[Finding]:
    out, used = [], []
    side = None
    for name, rx, unit in _TEST_RX:
        for m in rx.finditer(s.text):
            u = (m.group(2) or unit).lower()
            out.append(s.make("objective-measure", name, _num(m.group(1)), _UNIT_CANON.get(u, u)))
            used.append(m.span(1))
    strength_ctx = re.search(r"\b(?:HHD|dynamom\w*|force|torque|MVIC|isometric strength)\b", s.text, re.I)
    plain_strength = re.search(r"\bstrength\b", s.text, re.I) and not _EXERCISE_RX.search(s.text)
    for m in _STRENGTH_UNIT.finditer(s.text):
        if not (strength_ctx or plain_strength) or _EXER_WORD.search(s.text[max(0, m.start() - 12):m.start()]):
            continue
        joint, what = _label(s, m.start())
        name = " ".join(x for x in (joint, what, "strength") if x)
        out.append(s.make("objective-measure", name, _num(m.group(1)), m.group(2).replace("·", ""),
                          method="HHD" if strength_ctx else None))
    for m in _DEGREES.finditer(s.text):
        joint, what = _label(s, m.start())
        if not what and not re.search(r"\bROM\b", s.text[:m.start()], re.I):
            continue
        if what and _MUSCLE_RX.fullmatch(what):
            what = ""
        out.append(s.make("objective-measure", " ".join(x for x in (joint, what, "ROM") if x),
                          _num(m.group(1)), "degrees"))
    for m in _MMT.finditer(s.text):
        joint, what = _label(s, m.start())
        if not what and not re.search(r"\b(?:MMT|manual muscle|strength)\b", s.text, re.I):
            continue
        grade = int(m.group(1)) + {"+": 1 / 3, "-": -1 / 3}.get(m.group(2) or "", 0)
        out.append(s.make("objective-measure", "MMT", round(grade, 2), "/5",
                          grade=m.group(1) + (m.group(2) or ""),
                          target=" ".join(x for x in (joint, what) if x) or None))
    return out


# ---------------------------------------------------------------- exercise

_EXERCISE_RX = re.compile(
    r"\b(?:(?:new|hip|glute|gluteal|core|hamstring|quad|piriformis|hip flexor|side-?lying|standing|"
    r"seated|supine|prone|single[- ]leg|banded|resisted|lateral|mini|wall|goblet|isometric|eccentric)\s+)"
    r"{0,2}(?:stretch(?:es|ing)?|strengthening|strength training|bridges|bridging|bridge|clamshells?|"
    r"clams|squats?|lunges?|side-?lying (?:hip )?abduction|(?:hip )?abduction (?:exercises?|raises?)|"
    r"(?:straight )?leg raises?|SLRs?|leg press|hip hinges?|deadlifts?|RDLs?|step-?ups?|step-?downs?|"
    r"band walks?|monster walks?|lateral walks?|heel raises?|calf raises?|planks?|HEP|"
    r"home exercise program|home program|therapeutic exercises?|ther-?ex|resistance training|"
    r"balance exercises?|exercises?|stationary bike|treadmill)\b", re.I)
_LOAD = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:lbs?|pounds?|kg|kilos?|#)(?!\w)|\b(?:red|yellow|green|"
                   r"blue|black|silver|gold|purple)\s+(?:thera-?band|band|tubing|TB|loop)\b|\bbody\s?weight\b|"
                   r"\b(?-i:BW)\b|\d+\s*%\s*(?:of\s+)?(?:1\s?RM|RM|MVC|MVIC|BW)\b|\b\d+\s?RM\b|\bRPE\s*\d|"
                   r"\b(?:dumbbells?|kettlebells?|ankle weights?|cuff weights?)\b", re.I)
_NOT_SETS = r"(?!\s*(?:weeks?|wks?|days?|months?|visits?|times|/))"
_SETS = re.compile(r"\b\d+\s*[x×]\s*\d+\b" + _NOT_SETS + r"|\b\d+\s*(?:sets?|reps?|repetitions)\b|"
                   r"(?<![\w/])x\s*\d+\b" + _NOT_SETS, re.I)
_TIME = r"\d+\s*(?:s|sec|secs|seconds?|min|mins|minutes?)\b"
_REST = re.compile(r"\brest(?:ing)?\s*(?:of\s+|for\s+|:\s*)?" + _TIME + r"|\b" + _TIME +
                   r"\s+(?:of\s+)?rest\b|\brest (?:intervals?|periods?|between sets)\b", re.I)
_TEMPO = re.compile(r"\b\d+\s*(?:s|sec|secs|seconds?|-second|-sec)\s*holds?\b|\bhold(?:ing|s)?\s*"
                    r"(?:for\s*|x\s*)?\d+\s*(?:s|sec|secs|seconds?)\b|\btime under tension\b|"
                    r"\b(?-i:TUT)\b|\btempo\b|\b\d-\d-\d\b|\beccentric(?:ally)? over \d", re.I)


def _exercise(s: _S) -> list[Finding]:
    hits = list(_EXERCISE_RX.finditer(s.text))
    if not hits:
        return []
    groups = [[hits[0]]]  # "hip stretching and strengthening" is one phrase
    for h in hits[1:]:
        gap = s.text[groups[-1][-1].end():h.start()]
        if re.fullmatch(r"\s*(?:,|and|or|&|/|\+)?\s*(?:and\s+)?", gap, re.I):
            groups[-1].append(h)
        else:
            groups.append([h])
    phrases = [s.text[g[0].start():g[-1].end()] for g in groups]
    load, sets = bool(_LOAD.search(s.text)), bool(_SETS.search(s.text))
    return [s.make("exercise", ", ".join(phrases), negated=_negated(s.text, hits[0].start(), post=False),
                   has_load=load, has_sets_reps=sets, has_rest=bool(_REST.search(s.text)),
                   has_tempo=bool(_TEMPO.search(s.text)), parameters=load or sets,
                   progressed=bool(re.search(r"\b(?:new|added|progress(?:ed|ion)|advanced)\b", s.text, re.I)))]


# ---------------------------------------------------------------- symptom direction

_PAIN_FREE = re.compile(
    r"\b(?:isn't|is not|wasn't|was not|aren't|not|no longer|hasn't been|has not been|doesn't|does not|"
    r"didn't|did not|hasn't|has not)\s+(?:been\s+|really\s+|as\s+)?(?:hurting|hurt|hurts|painful|"
    r"bothering (?:her|him|them|me)|sore)\b|\bno (?:\w+ )?pain\b(?!\s*(?:relief|medication|meds|reduction))|"
    r"\bpain[- ]free\b|\bwithout (?:any )?pain\b|\bdenies (?:any )?pain\b|\bpain (?:has )?resolved\b|"
    r"\bpain(?:\s+(?:level|rating|score))?\s*(?:is\s+|of\s+|at\s+|:\s*)?0\s*/\s*10|\b0/10 pain\b", re.I)
_UNCHANGED = re.compile(r"\bunchanged\b|\bno (?:significant )?change in (?:symptoms|pain)\b|\b(?:no|neither) "
                        r"better (?:or|nor) worse\b|\babout the same\b", re.I)
_BETTER = re.compile(r"\b(?:better(?! understanding| sense)|improv(?:ed|ing|ement)|less (?:pain|sore\w*)|"
                     r"(?:decreased|reduced) (?:pain|sore\w*)|pain (?:has )?(?:decreased|reduced|improved|"
                     r"eased)|easier|progressing well)\b", re.I)
_WORSE = re.compile(r"\b(?:worse(?:ning|ned)?(?! (?:with|when|in|at|during|on)\b)|increased (?:pain|sore\w*)|"
                    r"pain (?:has )?increased|more (?:pain|painful|sore)|hurting more|flare[- ]?ups?|flared|"
                    r"aggravated(?! (?:by|with)\b)|exacerbat(?:ed|ion))\b", re.I)
_SORE = re.compile(r"\b(?:(so|very|extremely|really|quite|significant(?:ly)?|severe(?:ly)?|moderate(?:ly)?|"
                   r"mild(?:ly)?|a little|slight(?:ly)?|some)\s+)?(?:sore(?:ness)?|DOMS)\b", re.I)
_GOAL = re.compile(r"\b(?:goals?|STG|LTG|will|expect(?:ed)?|in order to)\b", re.I)


def _symptom(s: _S) -> list[Finding]:
    out, taken, seen = [], [], set()

    def add(name: str, m: re.Match, negated: bool = False, **detail: Any) -> None:
        taken.append(m.span())
        if (name, negated) not in seen:
            seen.add((name, negated))
            out.append(s.make("symptom", name, negated=negated, **detail))

    def free(m: re.Match) -> bool:
        return not any(a < m.end() and m.start() < b for a, b in taken)

    for m in _PAIN_FREE.finditer(s.text):  # "isn't hurting" is good news, never a negated complaint
        add("pain-free", m)
    for m in filter(free, list(_UNCHANGED.finditer(s.text))):
        add("unchanged", m)
    if not _GOAL.search(s.text):  # "goal: improved tolerance" is a target, not a report
        for m in filter(free, list(_BETTER.finditer(s.text))):
            if _negated(s.text, m.start(), m.end(), post=False):
                # "not better" reads as worse; "no improvement" as no change
                add("worse" if m.group().lower() == "better" else "unchanged", m)
            else:
                add("better", m)
    for m in filter(free, list(_WORSE.finditer(s.text))):
        add("worse", m, _negated(s.text, m.start(), m.end()))
    for m in filter(free, list(_SORE.finditer(s.text))):
        q = (m.group(1) or "").lower()
        add("sore", m, _negated(s.text, m.start(), m.end()),
            intensity="high" if q[:4] in {"so", "very", "extr", "real", "sign", "seve"}
            else "low" if q[:4] in {"mild", "a li", "slig"} else None)
    return out


# ---------------------------------------------------------------- labelled phrase kinds

_GAP = [("on hold", r"\bon hold\b"),
        ("could not attend", r"\b(?:could not|couldn't|unable to|did not|didn't) (?:attend|come|make it|"
                             r"continue|return)\b"),
        ("cancellations", r"\bcancel+(?:ed|ations?)\b|\bno[- ]shows?\b"),
        ("travel", r"\btravel\w*|\bvacation\b|\bout of town\b"),
        ("insurance", r"\binsurance (?:lapse[ds]?|issues?|change[sd]?|ran out|expired|denial)|\blapse in "
                      r"(?:insurance|coverage)\b|\bauthori[sz]ation (?:lapsed|expired|pending|delay)"),
        ("hospitalization", r"\bhospitali[sz](?:ed|ation)\b|\badmitted to (?:the )?hospital\b"),
        ("relocation", r"\brelocat(?:ed|ion)\b|\bmoved (?:away|out of (?:state|town|the area)|to (?:a new|"
                       r"another) (?:city|state|town|home|house))\b"),
        ("returned after", r"\breturn(?:ed|s|ing)? (?:to (?:PT|therapy|physical therapy|the clinic) )?after\b"),
        ("break in care", r"\b(?:break|gap|pause) in (?:therapy|care|treatment|PT)\b|\bpaused? (?:therapy|PT|"
                          r"treatment)\b|\bhiatus\b|\bstopped (?:therapy|PT|coming|attending)\b|\btook (?:time|"
                          r"a break) off\b|\bself-discharged\b"),
        ("returned after discharge", r"\bdischarged\b.{0,80}\breturn(?:ed|ing|s)\b"),
        ("personal", r"\bfamily emergency\b|\bdeath in the family\b|\bchildcare\b|\btransportation "
                     r"(?:issues?|problems?)\b")]
_NEW_INJURY = [("new injury", r"\bnew (?:injury|injuries)\b"),
               ("new onset", r"\bnew[- ]onset\b"),
               ("new episode", r"\bnew (?:episode|problem|complaint|condition|diagnosis)\b"),
               ("fall", r"\b(?:fell|slipped|tripped)\b|\bfalls?\b(?! (?:risk|prevention|precautions|asleep))"),
               ("re-injury", r"\bre-?injur(?:ed|y|ies)\b|\bre-?aggravated\b"),
               ("injury", r"\bsustained (?:a|an)\b"),
               ("twist/sprain", r"\btwisted\b|\brolled (?:her|his|their|an|the) ankle\b|\bsprain(?:ed)?\b"),
               ("motor vehicle accident", r"\b(?-i:MVA|MVC)\b|\bmotor vehicle (?:accident|collision|crash)\b|"
                                          r"\bcar accident\b"),
               ("surgery", r"\bsurgery on\b|\b(?:had|underwent|new|recent) (?:\w+ ){0,3}?(?:surgery|arthroscopy|"
                           r"replacement|arthroplasty|repair|(?-i:THA|TKA|THR|TKR|ORIF))\b")]
_BASELINE = [("compared with discharge", r"\bcompared (?:with|to) (?:\w+ ){0,2}?(?:discharge|d/c|episode|"
                                         r"course|baseline)\b"),
             ("at discharge", r"\bat (?:the )?(?:prior |previous |last )?(?:discharge|d/c)\b"),
             ("since discharge", r"\bsince (?:\w+ ){0,2}?(?:discharge|d/c|episode|course|bout)\b"),
             ("prior episode", r"\b(?:prior|previous|last|earlier) (?:discharge|episode|course|bout|plan of "
                               r"care|round)\b"),
             ("regressed", r"\bregress(?:ed|ion|ing)\b"),
             ("declined", r"\bdeclined (?:from|since)\b"),
             ("maintained", r"\bmaintained (?:since|from|at)\b|\bmaintain(?:ed)? (?:\w+ ){0,3}?gains\b")]
_SKILLED = [("manual therapy", r"\bmanual (?:therapy|techniques?)\b"),
            ("joint mobilization", r"(?<!tissue )(?<!tissue-)\b(?:joint )?mobili[sz]ations?\b|\bjoint mobs?\b|"
                                   r"\b(?-i:MWMs?)\b"),
            ("manipulation", r"\bmanipulation\b|\b(?-i:HVLA)\b"),
            ("soft tissue mobilization", r"\bsoft[- ]tissue (?:mobili[sz]ation|massage|work|techniques?|release)\b"
                                         r"|\b(?-i:STM|IASTM)\b|\bmyofascial release\b|\btrigger point\w*|"
                                         r"\bdry needling\b"),
            ("neuromuscular re-education", r"\bneuromuscular re-?education\b|\b(?-i:NMR|NMRE)\b|"
                                           r"\bneuro re-?ed\b"),
            ("gait training", r"\bgait training\b"),
            ("balance training", r"\b(?:balance|proprioceptive|perturbation) training\b"),
            ("therapeutic exercise progression", r"\b(?:progress(?:ed|ing|ion of)?|advanced|increased) (?:\w+ )"
                                                 r"{0,3}?(?:exercises?|program|HEP|load|resistance|reps|sets|"
                                                 r"difficulty)\b"),
            ("patient education", r"\b(?:patient |pt )?education (?:on|regarding|about|in|for)\b|"
                                  r"\b(?:educated|instructed) (?:\w+ )?(?:on|in|regarding|about)\b"),
            ("modalities", r"\b(?:e-?stim|electrical stimulation|(?-i:NMES|TENS|IFC)|interferential|"
                           r"iontophoresis|phonophoresis|therapeutic ultrasound|traction|kinesio ?tap\w*)\b|"
                           r"\bultrasound\b(?=.*(?:MHz|W/cm))")]
_RED = [("numbness", r"\bnumb(?:ness)?\b"),
        ("tingling", r"\btingl\w*|\bparesthesias?\b|\bpins and needles\b"),
        ("radiating pain", r"\bradiat\w*|\bradicular\b|\bshooting pain\b|\bsciatica\b"),
        ("night pain", r"\bnight pain\b|\bpain at night\b|\bnocturnal pain\b|\bwakes? (?:\w+ )?(?:up )?at night\b|"
                       r"\bnight sweats\b"),
        ("weight loss", r"\bweight loss\b"),
        ("fever", r"\bfevers?\b|\bchills\b|\bfebrile\b"),
        ("bowel/bladder changes", r"\bbowel\b|\bbladder\b|\bincontinen\w*|\bsaddle (?:an(?:a)?esthesia|numbness)\b"
                                  r"|\bB&B\b|\bB/B\b"),
        ("back pain", r"\b(?:low(?:er)? )?back pain\b|\b(?-i:LBP)\b"),
        ("mechanical symptoms", r"\bclick\w*|\block(?:ing|s|ed)\b|\bcatch(?:ing|es)\b|\bgiv(?:ing|es) way\b"),
        ("cancer history", r"\b(?:history of|hx of|h/o) (?:cancer|malignancy)\b")]
_TABLES = {k: [(n, re.compile(rx, re.I)) for n, rx in t] for k, t in
           [("gap-explanation", _GAP), ("new-injury", _NEW_INJURY), ("baseline-comparison", _BASELINE),
            ("skilled-care", _SKILLED), ("red-flag", _RED)]}


def _labelled(s: _S, kind: str, per_label: bool, post: bool) -> list[Finding]:
    """Table-driven kinds. ``per_label``: one finding per label (red flags), else one per sentence
    named by the earliest label, with every label in ``detail["labels"]``."""
    hits = sorted(((m.start(), m.end(), name) for name, rx in _TABLES[kind] for m in rx.finditer(s.text)))
    groups: dict[tuple, list[str]] = {}
    for a, b, name in hits:
        neg = _negated(s.text, a, b, post=post)
        key = (name, neg) if per_label else (neg,)
        labels = groups.setdefault(key, [])
        if name not in labels:
            labels.append(name)
    out = []
    for key, labels in groups.items():
        extra: dict[str, Any] = {"labels": tuple(labels)} if not per_label else {}
        if kind == "red-flag" and labels[0] == "mechanical symptoms":
            extra["groin"] = bool(re.search(r"\bgroin\b", s.text, re.I))
        value = unit = None
        if kind == "baseline-comparison":
            pct = re.search(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*%", s.text)
            value, unit = (_num(pct.group(1)), "%") if pct else (None, None)
        if kind == "gap-explanation":
            why = re.search(r"\b(?:due to|because(?: of)?|secondary to|d/t)\s+([^,;.]{1,60})", s.text, re.I)
            extra["reason"] = why.group(1).strip() if why else None
        out.append(s.make(kind, labels[0], value, unit, key[-1], **extra))
    return out


# ---------------------------------------------------------------- imaging

_MODALITY = [("radiograph", r"\bx-?rays?\b|\bradiograph\w*|\b(?-i:XR)\b|\bplain films?\b"),
             ("MRI", r"\b(?-i:MRI|MRA)s?\b|\bmagnetic resonance\b|\bMR arthrogra\w*"),
             ("CT", r"\b(?-i:CT)\b|\bcomputed tomography\b|\bCAT scan\b"),
             ("ultrasound", r"\bultrasound\b|\bsonogra\w*")]
_MODALITY_RX = [(n, re.compile(rx, re.I)) for n, rx in _MODALITY]
_POSITIVE = re.compile(r"\b(?:tear|torn|fracture|(?-i:OA)|osteoarthritis|arthritis|arthrosis|arthritic|"
                       r"(?-i:FAI)|impingement|cam|pincer|dysplasia|effusion|degenerat\w*|bursitis|"
                       r"tendin(?:opathy|osis|itis)|avascular|(?-i:AVN)|osteonecrosis|stress reaction|lesion|"
                       r"mass|narrowing|osteophytes?|spurs?|cyst|edema|abnormal\w*)\b", re.I)
_NEGATIVE = re.compile(r"\b(?:negative|unremarkable|normal|(?-i:WNL)|within normal limits)\b", re.I)
_EQUIVOCAL = re.compile(r"\b(?:equivocal|inconclusive|indeterminate|possible|questionable|suspicious for|"
                        r"cannot (?:be )?rule[ds]? out)\b", re.I)


def _imaging(s: _S) -> list[Finding]:
    if re.search(r"MHz|W/cm|therapeutic ultrasound|phonophoresis", s.text, re.I):
        return []  # ultrasound as a treatment modality, not an image
    hits = [(n, m) for n, rx in _MODALITY_RX for m in rx.finditer(s.text)]
    if not hits:
        hits = [("imaging", m) for m in re.finditer(r"\b(?:imaging|scans?)\b", s.text, re.I)]
    result = None
    if _EQUIVOCAL.search(s.text):
        result = "equivocal"
    else:
        terms = [_negated(s.text, t.start(), t.end()) for t in _POSITIVE.finditer(s.text)]
        if terms and not all(terms):
            result = "positive"
        elif terms or _NEGATIVE.search(s.text):
            result = "negative"
    planned = re.search(r"\b(?:order(?:ed)?|recommend(?:ed)?|refer(?:red)?|pending|scheduled|will|"
                        r"consider|request(?:ed)?)\b", s.text, re.I)
    out, seen = [], set()
    for name, m in sorted(hits, key=lambda h: h[1].start()):
        neg = _negated(s.text, m.start(), post=False) or bool(re.match(
            r"\W*(?:none|not (?:done|performed|obtained|available))\b", s.text[m.end():], re.I))
        if (name, neg) in seen:
            continue
        seen.add((name, neg))
        out.append(s.make("imaging", name, negated=neg, result=None if neg else result,
                          status="planned" if planned else None,
                          arthrogram=True if re.search(r"\bMRA\b|arthrogra", m.group(), re.I) else None))
    return out


# ---------------------------------------------------------------- entry points

_EXTRACTORS = [_pain, _function, _side, _outcome, _objective, _exercise, _symptom,
               lambda s: _labelled(s, "gap-explanation", False, False),
               lambda s: _labelled(s, "new-injury", False, True),
               lambda s: _labelled(s, "baseline-comparison", False, False),
               _imaging,
               lambda s: _labelled(s, "skilled-care", True, False),
               lambda s: _labelled(s, "red-flag", True, True)]


def extract_text(doc_id: str | None, date: datetime.date, text: str) -> list[Finding]:
    """Findings of one document, in sentence order; each ``quote`` is a sentence of ``text``.

    >>> [f.name for f in extract_text("d", datetime.date(2025, 1, 2), "Her R hip isn't hurting now.")]
    ['right', 'pain-free']
    """
    out: list[Finding] = []
    for a, b in _sentences(text or ""):
        s = _S(doc_id, date, text[a:b])
        for fn in _EXTRACTORS:
            out.extend(fn(s))
    return out


def _from_measure(m: Any) -> Finding:
    """A structured measure as a finding (document None) with a generated quote."""
    quote = f"{m.name}: {float(m.value):g}" + (f" ({m.unit})" if m.unit else "")
    s = _S(None, m.date, quote)
    prom = _prom_name(m.name)
    if prom:
        sub = re.search(r"\b" + _SUBSCALE + r"\b", _PROM_RE.sub(" ", m.name), re.I)
        return s.make("outcome-measure", prom, m.value, m.unit or "points", source="measure",
                      subscale=_SUB_CANON.get(sub.group(1).lower(), sub.group(1).lower()) if sub else None)
    if re.search(r"\b(?:pain|NPRS|NRS|VAS)\b", m.name, re.I):
        unit = m.unit or ("/100" if m.value > 10 else "/10")
        return s.make("pain", "pain", m.value, unit, source="measure")
    if re.search(r"\bfunction(?:al)?(?: level)?\b", m.name, re.I):
        return s.make("function", "function level", m.value, m.unit or "%", source="measure")
    return s.make("objective-measure", m.name, m.value, m.unit, source="measure")


def extract(case: "Case") -> Evidence:
    """Every finding of a case: each document's text, then its structured ``measures``.

    >>> ev = extract(case)                      # doctest: +SKIP
    >>> ev.of("pain")[0].value, len(ev)        # doctest: +SKIP
    (5.0, 9)
    """
    items: list[Finding] = []
    for doc in getattr(case, "documents", None) or []:
        items.extend(extract_text(doc.id, doc.date, doc.text))
    items.extend(_from_measure(m) for m in getattr(case, "measures", None) or [])
    return Evidence(tuple(items))


def _iter_kinds(findings: Iterable[Finding]) -> dict[str, int]:  # pragma: no cover - debugging aid
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.kind] = counts.get(f.kind, 0) + 1
    return counts
