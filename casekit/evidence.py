"""Evidence from the records: negation-aware findings, each tied to its document, date and sentence.

Plain regular-expression rules (no NLP models), so every finding traces to the exact sentence it
came from. The words and patterns themselves live in :mod:`casekit.terms`. Note text is never
logged or printed here.

>>> fs = extract_text("n1", datetime.date(2025, 8, 25), "Pain 5/10. Denies numbness.")
>>> [(f.kind, f.name, f.value, f.negated) for f in fs]
[('pain', 'pain', 5.0, False), ('red-flag', 'numbness', None, True)]
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from . import context as _context, terms
from .anchors import _sre, anchors, grams, prefixes
from .limits import MAX_SENTENCE_CHARS
from .proms import PROMS, PROM_RE as _PROM_RE, prom_hits as _prom_hits, prom_name as _prom_name
from .proms import prom_of as _prom_of, scaled as _scaled, subscale as _subscale
from .terms import ABBR_ALWAYS as _ABBR_ALWAYS, ABBR_SOFT as _ABBR_SOFT, BODY_CANON as _BODY_CANON
from .terms import MOTION_CANON as _MOTION_CANON, NUM as _NUM, SHORT_ALIASES as _SHORT_ALIASES
from .terms import SIDES as _SIDES, SUBSCALE as _SUBSCALE, UNIT_CANON as _UNIT_CANON

if TYPE_CHECKING:  # hints only
    import pandas

    from .model import Case

from .terms import KINDS  # noqa: E402  (re-exported: evidence.KINDS)


@dataclass(frozen=True)
class Finding:
    """One fact with its source; ``quote`` is the exact, trimmed sentence it was read from."""

    kind: str
    document: str | None
    date: datetime.date
    quote: str
    name: str | None = None
    value: float | None = None
    unit: str | None = None
    negated: bool = False
    detail: tuple[tuple[str, object], ...] = ()
    # None for a current fact; "historical", "hypothetical", "family" or "other-side" (the
    # uninvolved side, documented as the comparison): see casekit.context
    context: str | None = None

    def get(self, key: str, default: object = None) -> object:
        """A value from ``detail``: ``finding.get("body_part")``."""
        return next((v for k, v in self.detail if k == key), default)


@dataclass(frozen=True)
class Evidence:
    """All findings of a case, in document order (see :func:`extract`)."""

    items: tuple[Finding, ...]
    #: figures read by OCR below the pack's confidence (casekit.ocr): never used by a rule, listed
    #: for the reviewer to confirm from the original
    unconfirmed: tuple[Finding, ...] = ()

    def of(self, *kinds: str, since: datetime.date | None = None, until: datetime.date | None = None,
           negated: bool | None = False, context: str | None = "current") -> list[Finding]:
        """Findings of these kinds (all if none) dated within [since, until], sorted by date, then
        document order. ``negated``: False (default) drops negated findings, True keeps only
        them, None keeps both. ``context``: "current" (default) keeps current facts only (no goal,
        prior level of function, relative or uninvolved side), None keeps all, or one context.

        >>> ev.of("symptom", since=datetime.date(2025, 8, 28))  # doctest: +SKIP
        """
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"unknown evidence kind(s) {unknown}; known kinds: {', '.join(KINDS)}")
        keep = [f for f in self.items if (not kinds or f.kind in kinds)
                and (since is None or f.date >= since) and (until is None or f.date <= until)
                and (negated is None or f.negated == negated)
                and (context is None or f.context == (None if context == "current" else context))]
        return sorted(keep, key=lambda f: f.date)  # stable sort keeps document order within a day

    def to_frame(self) -> "pandas.DataFrame":
        """One row per finding: kind, document, date, name, value, unit, negated, context, quote.

        >>> extract(case).to_frame().query("kind == 'pain'")  # doctest: +SKIP
        """
        import pandas as pd  # lazy: extraction itself needs only the standard library

        cols = ["kind", "document", "date", "name", "value", "unit", "negated", "context", "quote"]
        return pd.DataFrame([{c: getattr(f, c) for c in cols} for f in self.items], columns=cols)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)


def _ci(*patterns: str) -> tuple[re.Pattern, ...]:
    """The vocabulary patterns of :mod:`casekit.terms`, compiled case-insensitive, in order."""
    return tuple(re.compile(p, re.I) for p in patterns)


# ------------------------------------------------------------------ sentences and negation scope
# a sentence ends at . ! ? before a space, a quote or the end, at . ? before a closing bracket
# ("(P!)" is clinicians' shorthand for pain: "!" before a bracket ends none) and at a newline
_BREAK = re.compile(r"[.!?]+(?=[\s\"']|$)|[.?]+(?=[)\]])|\n")
_WRAPPED = re.compile(r"[ \t]*[a-z]")  # a line going on in lower case: "...R hip flexors, then\nbridges"
_NONSPACE = re.compile(r"\S")
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


def _last(matches, keep) -> re.Match | None:
    """The last of ``matches`` that ``keep`` accepts, testing from the end: a sentence's earlier
    matches are not each tested again for every reading after them."""
    return next((m for m in reversed(matches if isinstance(matches, list) else list(matches)) if keep(m)), None)


def _reach(items) -> int | None:
    """At most how many characters from where it starts a match attempt of the parsed pattern
    ``items`` looks at (a look-ahead counted as if consumed, a position test as one character);
    None when unbounded (a ``*`` or ``+``, a back-reference)."""
    total = 0
    for op, av in items:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.IN, _sre.ANY, _sre.AT):
            part = 1
        elif op is _sre.SUBPATTERN:
            part = _reach(av[-1])
        elif op is _sre.BRANCH:
            parts = [_reach(b) for b in av[1]]
            part = None if None in parts else max(parts, default=0)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            inner = _reach(av[2])
            part = None if inner is None or av[1] is _sre.MAXREPEAT else av[1] * inner
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            part = _reach(av)
        elif op in (_sre.ASSERT, _sre.ASSERT_NOT):
            part = _reach(av[1]) if av[0] > 0 else 0  # a look-behind reads only what came before
        else:
            return None
        if part is None:
            return None
        total += part
    return total


@lru_cache(maxsize=256)
def _window(rx: re.Pattern) -> int | None:
    """How close to its end a truncated text can make ``rx`` match otherwise than the whole text
    does (see :func:`_matches_before`); None when that cannot be bounded or ``rx`` can match
    nothing at all (an empty match moves the scan on by one)."""
    parsed = _sre.parse(rx.pattern, rx.flags)
    reach = _reach(parsed)
    return None if reach is None or parsed.getwidth()[0] == 0 else reach + 2  # "$" also sees a final newline


_SCANNED: dict[re.Pattern, tuple[str, list[re.Match], list[int]]] = {}  # the last text each pattern scanned


def _matches_before(rx: re.Pattern, text: str, end: int) -> list[re.Match]:
    """``list(rx.finditer(text, 0, end))``, from one scan of the whole text kept per pattern: the
    matches that start more than :func:`_window` characters before ``end`` are the same either
    way, and only the characters after them are scanned again. A sentence asks this at every
    reading in it, so scanning its start each time would be quadratic."""
    window = _window(rx)
    if window is None:
        return list(rx.finditer(text, 0, end))
    scanned = _SCANNED.get(rx)
    if scanned is None or scanned[0] is not text:
        found = list(rx.finditer(text))
        scanned = _SCANNED[rx] = (text, found, [m.start() for m in found])
    _, found, starts = scanned
    k = bisect.bisect_right(starts, end - window)
    same = found[:k]
    rest = max(end - window + 1, same[-1].end() if same else 0)
    return same + list(rx.finditer(text, rest, end)) if rest < end else same


def _skip_spaces(text: str, at: int) -> int:
    """The first position from ``at`` that is not a space (the end if none is)."""
    nxt = _NONSPACE.search(text, at)
    return nxt.start() if nxt else len(text)


def _back(text: str, lo: int, hi: int, keep) -> int:
    """The start of the run of characters ending at ``hi`` (not before ``lo``) that ``keep`` accepts."""
    while hi > lo and keep(text[hi - 1]):
        hi -= 1
    return hi


def _list_number(text: str, lo: int, hi: int) -> bool:
    """Whether ``text[lo:hi]`` is a number with only spaces about it ("1" of "1. Bridges")."""
    end = _back(text, lo, hi, str.isspace)
    digits = _back(text, lo, end, str.isdigit)
    return digits < end and _back(text, lo, digits, str.isspace) == lo


def _ends_sentence(text: str, start: int, m: re.Match) -> bool:
    """Whether the break ``m`` ends the sentence begun at ``start``. Each test reads only the
    characters next to the break, never the whole sentence, so splitting stays linear in the text."""
    if m.group() == "\n":
        if not _WRAPPED.match(text, m.end()):
            return True
        end = _back(text, start, m.start(), str.isspace)
        # a hard-wrapped line ("...R hip flexors, then\nbridges") goes on, unless its words end a clause
        return end == start or text[end - 1] in ".!?:;"
    if m.group().startswith("."):
        word = text[_back(text, start, m.start(), _TOKEN_CHARS.__contains__):m.start()].lower()
        if word in _ABBR_ALWAYS or _list_number(text, start, m.start()):
            return False  # the last case: "1. Bridges" is a list number
        if word in _ABBR_SOFT:
            nxt = _NONSPACE.search(text, m.end())
            return not (nxt and nxt.group().islower())
    return True


def _trimmed(text: str, a: int, b: int) -> tuple[int, int] | None:
    """``(a, b)`` without the spaces at either end; None when nothing else is left."""
    nxt = _NONSPACE.search(text, a, b)
    return (nxt.start(), _back(text, a, b, str.isspace)) if nxt else None


def _capped(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A span no longer than :data:`casekit.limits.MAX_SENTENCE_CHARS`: a longer run of text (a
    page without a full stop) is cut at the last space of each window, else at the window's end.
    Reading a sentence costs more than its length, so the cap keeps a note's reading linear."""
    out = []
    while b - a > MAX_SENTENCE_CHARS:
        cut = _back(text, a + MAX_SENTENCE_CHARS // 2, a + MAX_SENTENCE_CHARS, lambda c: not c.isspace())
        cut = cut if cut > a + MAX_SENTENCE_CHARS // 2 else a + MAX_SENTENCE_CHARS
        piece = _trimmed(text, a, cut)
        out += [piece] if piece else []
        a = (_trimmed(text, cut, b) or (b, b))[0]
    return out + [(a, b)] if b > a else out


def _sentences(text: str) -> tuple[tuple[int, int], ...]:
    """Trimmed (start, end) spans, split at . ! ? before a space or the end and at newlines. A
    decimal point (4.5) is never followed by a space, so numbers stay whole. Linear in the text;
    a sentence longer than :data:`casekit.limits.MAX_SENTENCE_CHARS` is cut (see :func:`_capped`)."""
    spans, start = [], 0
    for m in _BREAK.finditer(text):
        if _ends_sentence(text, start, m):
            spans.append((start, m.start() if m.group() == "\n" else m.end()))
            start = m.end()
    spans.append((start, len(text)))
    return tuple(piece for a, b in spans if (span := _trimmed(text, a, b)) for piece in _capped(text, *span))


# patterns of the hot paths, compiled once (an inline re.* call looks its pattern up each time)
_CLAUSE_AFTER = re.compile(r"[,;.]|\bbut\b")  # where the clause after a target ends
_REPORT_VERB = re.compile(r"^\s*(?:c/o|complaints? of|reports? of)\b", re.I)
_LIST_WORD = re.compile(r"[\w/'-]+")
_PART_END = re.compile(r"[.,;:()]")  # where the words after a side word end
_PART_WORD = re.compile(r"[\w/'&]+")
_WITHOUT = re.compile(r"\bw/o\b", re.I)
_IMAGING_WORD = re.compile(r"\b(?:imaging|scans?)\b", re.I)

_NEG_CUE, _PSEUDO, _HARD, _REPORT, _VERBISH, _POST_NEG, _POST_NORMAL = _ci(
    _context.NEG_CUE, _context.PSEUDO, _context.HARD, _context.REPORT, _context.VERBISH, _context.POST_NEG,
    _context.POST_NORMAL)


def _last_cue(seg: str) -> re.Match | None:
    pseudo = [m.span() for m in _PSEUDO.finditer(seg)]
    cues = [m for m in _NEG_CUE.finditer(seg) if not any(a <= m.start() < b for a, b in pseudo)]
    return cues[-1] if cues else None


def _negated(text: str, start: int, end: int | None = None, post: bool = True, normal: bool = False) -> bool:
    """ConText-style scope: a cue before the target in its clause negates it. The clause ends at
    ; / but / however / although, and at a comma unless the commas separate short list items
    ("denies numbness, tingling or fever"). With ``post``, "numbness: denied" counts too; with
    ``normal`` also "bladder function: WNL"."""
    pre = text[max(0, start - 250):start]  # a clause is never longer; keeps long notes linear
    hard = list(_HARD.finditer(pre))
    segs = (pre[hard[-1].end():] if hard else pre).split(",")
    after = _CLAUSE_AFTER.split(text[end:end + 120] if end is not None else "", maxsplit=1)[0]
    for i in range(len(segs) - 1, -1, -1):
        own = i == len(segs) - 1
        cue = _last_cue(segs[i])
        if cue:
            between = segs[i][cue.end():]
            # "no c/o numbness": a report verb right after the cue is inside the negation
            between = _REPORT_VERB.sub("", between)
            if _REPORT.search(between) or (own and len(between.split()) > 6):
                break
            return True
        words = [w for w in _LIST_WORD.findall(segs[i]) if w.lower() not in {"and", "or", "any"}]
        if len(words) > 3 or _VERBISH.search(segs[i]) or (own and _VERBISH.search(after)):
            break
    return bool(post and end is not None and (_POST_NEG.match(after) or (normal and _POST_NORMAL.match(after))))


_TARGET = re.compile(terms.TARGET, re.I)  # a goal sentence: its numbers are not measurements


class _S:
    """One sentence being read, and a factory for its findings."""

    def __init__(self, doc: str | None, date: datetime.date, text: str, vocab: "Vocabulary | None" = None):
        self.doc, self.date, self.text = doc, date, text
        self.low = text.lower()
        self.vocab = vocab or DEFAULT
        # "d/c'd meeting all goals" sets no target: pseudo-cues are blanked first
        self.plain = _PSEUDO.sub(lambda m: " " * len(m.group()), text)
        self.goal = bool(_TARGET.search(self.plain))
        self.ref: str | None = None  # where a structured measure sits in the case file
        self.mods = _context.Modifiers.of(text)
        self.doc_other: str | None = None  # the side an earlier sentence of the note named uninvolved
        self._present: frozenset[str] | None = None
        self.degrees = False  # the heading line before it says its readings are in degrees

    def may(self, rx: re.Pattern) -> bool:
        """Whether ``rx`` may match here: some word every match of it contains is in the sentence
        (casekit.anchors); a pattern without such words may always match."""
        pre = prefixes(rx.pattern)
        return pre is None or not pre.isdisjoint(self.grams())

    def scan(self, rx: re.Pattern):
        """``rx.finditer`` over the sentence, skipped when the pattern cannot match it."""
        return rx.finditer(self.text) if self.may(rx) else iter(())

    def grams(self) -> frozenset[str]:
        """The sentence's substrings of two and three characters (casekit.anchors.grams), once."""
        if self._present is None:
            self._present = grams(self.low)
        return self._present

    def make(self, kind: str, name: str | None, value: float | None = None, unit: str | None = None,
             negated: bool = False, at: tuple[int, int] | None = None, context: str | None = None,
             **detail: Any) -> Finding:
        """A finding of this sentence; ``at`` is the span it was read from, which places it in the
        scope of the sentence's modifiers (a goal, the prior level of function, a relative)."""
        detail = {"ref": self.ref, **detail}
        if context is None and at is not None:
            context = self.mods.context_at(at[0], at[1], kind)
        return Finding(kind, self.doc, self.date, self.text, name, None if value is None else float(value),
                       unit, bool(negated), tuple((k, v) for k, v in detail.items() if v is not None), context)


# ------------------------------------------------------------------ pain and function
_PAIN_KW, _OTHER_KW, _PAIN_QUAL = _ci(terms.PAIN_KW, terms.OTHER_KW, terms.PAIN_QUAL)
_OF10 = re.compile(terms.OF10, re.I)


_PAIN_BARE = re.compile(terms.PAIN_BARE, re.I)


def _number(x: str) -> float:
    """A number as written: "3", "4.5" or "three"."""
    return float(terms.NUMBER_WORDS.get(x.lower(), x))


def _pain(s: _S) -> list[Finding]:
    hits = list(_OF10.finditer(s.text))
    out, proms = [], [h.span() for h in _prom_hits(s.text)] if hits else []
    last = 0
    for m in hits:
        prefix = s.text[max(0, m.start() - 60):m.start()].split(";")[-1]
        base = m.start() - len(prefix)  # a pain word inside a PROM's name: "Anterior Knee Pain Scale 70/100"
        kws = [k for k in _PAIN_KW.finditer(prefix) if not any(a <= base + k.start() < b for a, b in proms)]
        others = list(_OTHER_KW.finditer(prefix))
        before = bool(kws) and (not others or others[-1].start() < kws[-1].start())
        if before and _prom_hits(prefix[max(0, kws[-1].start() - 25):kws[-1].start()]):
            before = False  # "HAGOS pain 65/100" is a PROM subscale, not a pain rating
        after = re.match(r"\s*(?:[\w-]+\s+){0,2}?(?:pain|discomfort)\b", s.text[m.end():], re.I)
        value, scale = _number(m.group(2) or m.group(1)), _number(m.group(3))
        # a rating listed after a pain rating is one too: "px 2-4/10 during TE, 1/10 at rest"
        chained = bool(out) and not _OTHER_KW.search(s.text[last:m.start()])
        if not (before or after or chained) or value > scale:
            continue
        last = m.end()
        lo = max(0, m.start() - 25)  # the qualifier nearest the number: "4/10 (current), 7/10 (worst)"
        near = [(min(abs(lo + q.end() - m.start()), abs(lo + q.start() - m.end())), q.group(1).lower())
                for q in _PAIN_QUAL.finditer(s.text[lo:m.end() + 20])]
        out.append(s.make("pain", "pain", value, f"/{scale:g}", at=m.span(), range=(_number(m.group(1)), value)
                          if m.group(2) else None, qualifier=min(near)[1] if near else None))
    if not hits:  # a rating written without its scale under a pain label: "Pain (0-10): 4", "NPRS 3"
        for m in s.scan(_PAIN_BARE):
            g = "n" if m.group("n") else "m"
            value = float(m.group(g))
            if value <= 10:
                out.append(s.make("pain", "pain", value, "/10", at=m.span(g)))
    return out


_FUNC = list(_ci(*terms.FUNC))


def _number(tok: str) -> float:
    """A number written in digits or words ("seventy-five", "a hundred")."""
    if tok[:1].isdigit():
        return float(tok)
    return float(sum(int(terms.NUMBER_WORDS.get(w, 0)) for w in re.split(r"[\s-]+", tok.lower())))


def _function(s: _S) -> list[Finding]:
    """Function as a percent of normal; a clause about a measured quality ("hip IR 50% of normal")
    is a reading, not the patient's function."""
    if s.goal or not ("%" in s.text or re.search(r"\bp(?:er|re) ?cent\b", s.text, re.I)):
        return []
    spans = {}
    for m in (m for rx in _FUNC for m in s.scan(rx)):
        g = next(i for i in range(1, len(m.groups()) + 1) if m.group(i))  # a pattern's alternatives
        before = re.split(r"[;,(]", s.text[:m.start(g)])[-1]
        if not (_MEASURED.search(before) or _MOTION_RX.search(before)):
            spans[m.span(g)] = _number(m.group(g))
    return [s.make("function", "function level", v, "%", at=at) for at, v in sorted(spans.items()) if v <= 100]


# ------------------------------------------------------------------ laterality
_SIDE_RX, _BODY_RX, _BODY_REV, _UNINVOLVED_BEFORE, _UNINVOLVED_AFTER, _COMPARE, _SIDE_READING = _ci(
    terms.SIDE, r"\b(?:" + terms.BODY + r")\b", terms.BODY_REV, terms.UNINVOLVED_BEFORE, terms.UNINVOLVED_AFTER,
    terms.COMPARE, terms.SIDE_READING)


def _body_name(tok: str) -> str:
    t = " ".join(tok.lower().split())
    return _BODY_CANON.get(t, t[:-1] if t.endswith("s") else t)


_BODY_JOIN, _SIDE_OF_READING = _ci(terms.BODY_JOIN, terms.SIDE_OF_READING)


def _side(s: _S) -> list[Finding]:
    """Sided body parts. A part is named by its region where it has one ("R heel": ankle/foot, site
    heel); the neck takes no side; the uninvolved side named to compare ("L knee WNL") is negated."""
    found: dict[tuple[str, str], tuple[bool, str | None]] = {}
    # the side named uninvolved here or, where this sentence names none, earlier in the note
    uninvolved = (_uninvolved_side(s.text) or s.doc_other) if _SIDE_RX.search(s.text) else None

    def add(side: str, tok: str, start: int, end: int) -> None:
        if _body_name(tok) not in terms.UNSIDED and (side, _body_name(tok)) not in found:
            other = bool(_UNINVOLVED_BEFORE.search(s.text[max(0, start - 30):start]) or
                         _UNINVOLVED_AFTER.match(s.text[end:]))
            other = other or (uninvolved is not None and side == uninvolved)
            context = "other-side" if other else s.mods.context_at(start, end, "side")
            found[(side, _body_name(tok))] = (_negated(s.text, start, post=False) or context == "other-side", context)

    cells = [c.strip() for c in _CELL_SPLIT.split(s.text) if c.strip()] if ("|" in s.text or "\t" in s.text) else []
    cols = _columns(cells[1:]) if len(cells) >= 2 else None
    part = _BODY_RX.search(cells[0]) if cols else None
    if part and _body_name(part.group()) not in terms.UNSIDED:
        # a flowsheet's header row: the part, then a side per column ("Knee AROM | R (surg) | L")
        for side, ctx, _ in cols:
            found.setdefault((side, _body_name(part.group())), (ctx == "other-side", ctx))
    for m in _SIDE_RX.finditer(s.text):  # side first: "R hip", "left-sided hip pain", "R and L hips"
        rest = _PART_END.split(s.text[m.end():], maxsplit=1)[0]
        toks = list(islice(_PART_WORD.finditer(rest), 4))
        if _SIDE_OF_READING.match(s.text, m.end()):
            # a side labelling a reading under a heading that names the part ("Hip AROM: R 105 / L
            # 118", "HHD knee ext: R 212 N"): that side of the heading's part (the last one named)
            heading = _last(_matches_before(_BODY_RX, s.text, m.start()),
                            lambda b: _body_name(b.group()) not in terms.UNSIDED)
            if heading and not (toks and _BODY_RX.match(rest, toks[0].start())):
                # a heading sided otherwise ("R knee flex 95 deg, L 135") makes this side the comparison
                own = list(_SIDE_RX.finditer(s.text, max(0, heading.start() - 12), heading.start()))
                side = _SIDES.get(m.group().lower(), "bilateral")
                if own and _SIDES.get(own[-1].group().lower(), "bilateral") not in (side, "bilateral"):
                    found.setdefault((side, _body_name(heading.group())), (True, "other-side"))
                else:
                    add(side, heading.group(), m.start(), m.end())
        for i, t in enumerate(toks):
            body = _BODY_RX.match(rest, t.start())
            if body:
                while body:  # "left hip and groin pain" names both parts
                    add(_SIDES.get(m.group().lower(), "bilateral"), body.group(), m.start(), m.end() + body.end())
                    more = _BODY_JOIN.match(rest, body.end())  # "L leg to the calf": the calf is left too
                    body = _BODY_RX.match(rest, more.end()) if more else None
                break
            # another side word not joined by and/or ends it: "LT sensation intact bilateral LE"
            if _SIDE_RX.fullmatch(t.group()) and (i == 0 or toks[i - 1].group().lower() not in {"and", "or"}):
                break
    for m in s.scan(_BODY_REV):  # body first: "hip on the right", "hips bilaterally"
        add(_SIDES.get((m.group(2) or m.group(3) or m.group(4)).lower(), "bilateral"), m.group(1), m.start(), m.end())
    sides = {_SIDES.get(t.group().lower()) for t in _SIDE_RX.finditer(s.text)} if found else set()
    compared = {"left", "right"} <= sides and bool(_COMPARE.search(s.text) or len(_SIDE_READING.findall(s.text)) > 1)
    return [s.make("side", side, negated=neg, context=ctx, body_part=terms.BODY_REGION.get(body, body),
                   site=body if terms.BODY_REGION.get(body, body) != body else None, comparison=compared or None)
            for (side, body), (neg, ctx) in found.items()]


# ------------------------------------------------------------------ outcome measures (PROMs)
_HISTORICAL, _NOW, _SUBSCORE, _FROM_TO, _ARROW, _AVG, _SCORE, _SCORE_BEFORE, _SCORE_NOW = _ci(
    _context.AT_DISCHARGE, _context.CURRENT, terms.PROM_SUBSCORE, terms.PROM_FROM_TO, terms.PROM_ARROW, terms.PROM_AVG,
    terms.PROM_SCORE, terms.PROM_SCORE_BEFORE, terms.PROM_SCORE_NOW)


_TOKEN, _NOT_SCORE_BEFORE, _NOT_SCORE_AFTER, _SERIES_GAP, _EARLIER_BEFORE, _EARLIER_AFTER, _PAST, _NOT_PAST, \
    _THRESHOLD = _ci(terms.PROM_TOKEN, terms.PROM_NOT_SCORE_BEFORE, terms.PROM_NOT_SCORE_AFTER, terms.PROM_SERIES_GAP,
                     terms.PROM_EARLIER_BEFORE, terms.PROM_EARLIER_AFTER, terms.PROM_PAST, terms.PROM_NOT_PAST,
                     terms.PROM_THRESHOLD)


_SERIES_SEP = re.compile(r"[;,]|→|->|=>|\bvs\b\.?|\bversus\b|\band\b|\bthen\b", re.I)


def _is_score(t: str, p: re.Match, name: str, goal: bool = False) -> bool:
    """Whether a number after a PROM's name is a score: not a visit, week, date or dose ("visit 3",
    "wk 4", "(1/6)", "3x10"), nor outside a goal a threshold ("above 85"); a maximum its scale's
    (or 100)."""
    hi, before = PROMS[name]["range"][1], t[max(0, p.start(1) - 14):p.start(1)]
    if _NOT_SCORE_BEFORE.search(before) or _NOT_SCORE_AFTER.match(t[p.end():]) or (not goal and _THRESHOLD.search(before)):
        return False
    if p.group(2) and int(p.group(2)) not in {hi, 100} | ({50} if PROMS[name].get("percent") else set()):
        return False  # "3/14" after "on" is a date
    return float(p.group(1)) <= (int(p.group(2)) if p.group(2) else 100 if p.group(3) else hi)


def _words_of(*rxs: re.Pattern) -> frozenset[str] | None:
    """Words one of which any match of any of ``rxs`` contains (casekit.anchors), in plain ASCII;
    None when some pattern offers none."""
    found = [anchors(rx.pattern) for rx in rxs]
    if any(a is None or not all(w.isascii() for w in a) for a in found):
        return None
    return frozenset().union(*found)


_PAST_WORDS = _words_of(_HISTORICAL, _PAST)


def _past_at(zone: str) -> bool:
    """Whether a score's own words place it at a past discharge or episode (not a predicted one).
    A zone without a word the cues need (read in plain ASCII, where lower case is all re.I
    does) holds no cue: the common case, decided without the cue patterns."""
    if _PAST_WORDS is not None and zone.isascii():
        low = zone.lower()
        if not any(w in low for w in _PAST_WORDS):
            return False
    return _past_cue(zone)


@lru_cache(maxsize=1024)
def _past_cue(zone: str) -> bool:
    """:func:`_past_at` read with the cue patterns (a score's clause is asked about once for each score in it)."""
    return not _NOW.search(zone) and any(not _NOT_PAST.search(zone[:c.start()])
                                         for rx in (_HISTORICAL, _PAST) for c in rx.finditer(zone))


def _series(s: _S, name: str, m: re.Match, stop: int) -> list[tuple]:
    """A PROM's scores written as a series after its name, two or more ("VISA-A 48/100 at IE,
    61/100 at wk 4", "LEFS was 72/80 at d/c and is 51/80 today"): today's score with the earlier
    one as ``previous``, and a past discharge's as history. (value, max, None, previous, percent,
    historical, span) tuples; [] when the name has fewer than two scores."""
    t, toks, pos = s.text, [], m.end()
    for p in _TOKEN.finditer(t, m.end(), stop):
        if not _is_score(t, p, name):
            continue  # a visit, week or date stays part of the words between scores
        gap = t[pos:p.start()]
        if (not toks and (len(gap) > 30 or ";" in gap)) or (toks and (len(gap) > 45 or not _SERIES_GAP.fullmatch(gap))):
            break
        toks.append(p)
        pos = p.end()
    if len(toks) < 2:
        return []
    info = []  # (token, earlier, past)
    for i, p in enumerate(toks):
        before = t[:p.start()].split(";")[-1] if i == 0 else t[toks[i - 1].end():p.start()]
        after = t[p.end():toks[i + 1].start() if i + 1 < len(toks) else min(stop, p.end() + 40)]
        # the words between two scores are the first's up to a separator ("82 at d/c ... vs 54 today")
        own_before, own_after = _SERIES_SEP.split(before)[-1], _SERIES_SEP.split(after)[0]
        earlier = bool(_EARLIER_BEFORE.search(own_before) or _EARLIER_AFTER.match(after))
        info.append((p, earlier, _past_at(own_before + " " + own_after)))
    now = [x for x in info if not x[1] and not x[2]]
    if not now:
        return []
    cur = now[-1][0]
    # the earlier score: the course's first marked one ("IE 38 -> 45 -> 52 today": 38), a past
    # discharge's only when no other is marked, else the one just before
    marked = sorted((x for x in info if x[1] and x[0] is not cur), key=lambda x: x[2])
    before = [x[0] for x in info if x[0].start() < cur.start()]
    prev = marked[0][0] if marked else before[-1] if before else None
    out = [(float(cur.group(1)), cur.group(2), None, float(prev.group(1)) if prev else None, bool(cur.group(3)),
            False, cur.span(1))]
    return out + [(float(p.group(1)), p.group(2), None, None, bool(p.group(3)), True, p.span(1))
                  for p, _, past in info if past and p is not prev]


def _outcome(s: _S) -> list[Finding]:
    out, hits = [], _prom_hits(s.text)
    for i, m in enumerate(hits):
        name = _prom_of(m)
        stop = hits[i + 1].start() if i + 1 < len(hits) else len(s.text)
        tail = s.text[m.end():stop].split(";")[0][:90]
        tail = re.sub(r"\d{1,4}[/-]\d{1,2}[/-]\d{2,4}", lambda d: " " * len(d.group()), tail)  # no dates
        neg = _negated(s.text, m.start(), post=False)
        subs = list(_SUBSCORE.finditer(tail)) if PROMS[name].get("subscales") else []
        # (value, max, subscale, previous, percent, historical: None when the sentence decides, and
        # the score's span when its own words decide)
        scores = [(float(p.group(2)), p.group(3), _subscale(p.group(1), name), None, bool(p.group(4)), None, None)
                  for p in subs]
        for k, p in enumerate(subs):  # a subscale's change: "FAAM ADL 58% at IE → 76% at wk 2"
            if _EARLIER_AFTER.match(tail[p.end():]):
                nxt = next((q for q in _TOKEN.finditer(tail, p.end(), subs[k + 1].start() if k + 1 < len(subs)
                                                       else len(tail)) if _is_score(tail, q, name)), None)
                if nxt and _SERIES_GAP.fullmatch(tail[p.end():nxt.start()]):
                    scores[k] = (float(nxt.group(1)), nxt.group(2), scores[k][2], scores[k][0], bool(nxt.group(3)), None, None)
        total = _SCORE.match(tail) if subs else None  # "SPADI total 64% (Pain subscale 72%, ...)"
        if total and total.start(1) < subs[0].start() and _is_score(tail, total, name):
            scores.insert(0, (float(total.group(1)), total.group(2), None, None, bool(total.group(3)), None, None))
        if not scores:
            scores = _series(s, name, m, stop)
        if not scores:  # (value, max, subscale, previous, percent)
            ft, avg = _FROM_TO.match(tail) or _ARROW.match(tail), _AVG.search(tail)  # avg: "PSFS avg 4.3/10"
            sc, pre, now = _SCORE.match(tail), _SCORE_BEFORE.search(s.text[:m.start()]), _SCORE_NOW.search(tail)
            # the first number that is a score: not "reassess KOOS at visit 12", "(3 mo post-op): 21/35"
            sc = next((p for p in _TOKEN.finditer(tail, 0, 45) if _is_score(tail, p, name, s.goal)), None)
            sc = sc if sc and ";" not in tail[:sc.start()] else None
            if now and sc and now.start() > sc.start():  # "LEFS 62/80 at d/c, now 51/80"
                scores.append((float(now.group(1)), now.group(2), None, float(sc.group(1)), False, False, None))
            elif ft:
                scores.append((float(ft.group(2)), ft.group(3), None, float(ft.group(1)), bool(ft.group(4)), None, None))
            elif avg:
                scores.append((float(avg.group(1)), avg.group(2), None, None, False, None, None))
            elif sc or pre:
                g = sc or pre
                scores.append((float(g.group(1)), g.group(2), None, None, bool(sc and sc.group(3)), None, None))
        hi = PROMS[name]["range"][1]
        scores = [x for x in scores if x[0] <= (int(x[1]) if x[1] else 100 if x[4] else hi)]  # else no score
        # a score given as the status at a past discharge is history, not today's reading: read in
        # the name's clause ("Prior episode d/c w/ RMDQ 3/24; today RMDQ 15/24", "(d/c NDI 6%)")
        lo = max([0, *(x.end() for x in re.finditer(r"[;,]", s.text[:m.start()]))])
        hi_ = next((x.start() for x in re.finditer(r"[;,]", s.text[m.end():])), len(s.text) - m.end()) + m.end()
        past = _past_at(s.text[lo:m.start()]) or _past_at(s.text[lo:hi_])
        for value, mx, sub, prev, pct, hist, span in scores if not s.goal else ():
            hist = past if hist is None else hist
            # whether a score is a past discharge's is read here, from its own words where it is one of a
            # series ("KOOS JR 82 at d/c ... vs 54 today"); the other modifiers (a goal) from context.yaml
            ctx = s.mods.context_at(*(span or m.span()), "outcome-measure")
            ctx = "historical" if hist else None if ctx == "historical" and (
                span or _HISTORICAL.search(s.text) or _PAST.search(s.text)) else ctx
            unit, written = f"/{mx}" if mx else "%" if pct else "points", None
            scaled, own = _scaled(name, value, mx, pct)
            if own:  # one scale for every form: "ODI 17/50" is ODI 34 (%), "NDI 36%" is NDI 18 (/50)
                written = f"{value:g}{unit}" if scaled != value or unit not in {"points", own} else None
                value, unit, prev = scaled, own, _scaled(name, prev, mx, pct)[0]
            out.append(s.make("outcome-measure", name, value, unit, neg, context=ctx, subscale=sub, previous=prev,
                              historical=hist or None, written=written))
        if (s.goal or not scores) and m.group(1).upper() not in _SHORT_ALIASES:
            out.append(s.make("outcome-measure", name, None, None, neg, at=m.span(), planned=True,
                              target=_scaled(name, *scores[0][:2], scores[0][4])[0] if s.goal and scores else None))
    return out


# ------------------------------------------------------------------ objective measures
_MOTION_RX, _JOINT_RX, _MUSCLE_RX, _DEGREES, _LOADED = _ci(
    terms.MOTION, terms.JOINT, terms.MUSCLE, terms.DEGREES, terms.LOADED)  # LOADED: "clams with 5 lb" is a load
_TEST_RX = [(n, re.compile(r"\b(?:" + rx + r")\b" + terms.TEST_READING, re.I), u) for n, rx, u in terms.TESTS]
_TEST_MORE = re.compile(terms.TEST_MORE, re.I)  # the other side's reading after it: "SLS R 8 s, L 30 s"
_STRENGTH = re.compile(terms.STRENGTH)  # case-sensitive: "N" is newtons
_MMT, _OTHER_SIDE, _DYNAMOMETRY = _ci(terms.MMT, terms.OTHER_SIDE, terms.DYNAMOMETRY)


def _label(s: _S, pos: int) -> tuple[str, str]:
    """(joint, motion or muscle) named just before ``pos``: ("hip", "abduction")."""
    seg = re.split(r"[,;]", s.text[:pos])[-1][-45:]  # the reading's own clause: "...; L quad 5/5"
    mot = list(_MOTION_RX.finditer(seg))
    mus = list(_MUSCLE_RX.finditer(seg)) or list(_MUSCLE_RX.finditer(re.split(r"[,;]", s.text[pos:pos + 30])[0]))
    # the nearer of a motion and a muscle names the reading ("R hip abd 4-/5; L quad 5/5": quad)
    if mus and (not mot or mus[-1].start() > mot[-1].start()):
        joints = list(_JOINT_RX.finditer(seg))  # a muscle takes a joint only from its own clause
        return (joints[-1].group(1).lower() if joints else ""), mus[-1].group(1)
    joints = list(_JOINT_RX.finditer(s.text[:pos]))
    what = _MOTION_CANON.get(mot[-1].group(1).lower(), mot[-1].group(1).lower()) if mot else ""
    return (joints[-1].group(1).lower() if joints else ""), what


_SPINE_READING = re.compile(terms.SPINE_READING, re.I)
_READING_IN_WORDS = re.compile(terms.READING_IN_WORDS, re.I)


def _words_number(words: str) -> int:
    """ "one hundred and forty" -> 140, "twenty-four" -> 24."""
    value = part = 0
    for w in re.split(r"[\s-]+", words.lower()):
        if w == "hundred":
            value, part = value + (part or 1) * 100, 0
        elif w not in ("and", "a"):
            part += int(terms.NUMBER_WORDS.get(w, 0))
    return value + part


def _digits(text: str) -> str:
    """Readings written in words as digits, each padded to its words' length so positions stay put:
    "five out of five" -> "5/5", "one hundred and five degrees" -> "105°"."""
    def one(m: re.Match) -> str:
        if not m.group("num").strip():
            return m.group()
        new = f"{_words_number(m.group('num'))}{terms.READING_WORD_UNITS[m.group('unit').lower()]}"
        return new + " " * (len(m.group()) - len(new)) if len(new) <= len(m.group()) else m.group()
    return _READING_IN_WORDS.sub(one, text) if "out of five" in text.lower() or any(
        u in text.lower() for u in ("degree", "kilo", "seconds")) else text
_POSTFIX, _AFTER_READING, _INVOLVED, _UNINVOLVED = _ci(terms.POSTFIX_SIDE, terms.AFTER_READING, terms.INVOLVED_SIDE,
                                                     terms.UNINVOLVED_SIDE)
_OPPOSITE = {"left": "right", "right": "left"}


_DEG_HEADING, _BARE_READING = _ci(terms.DEGREE_HEADING, terms.BARE_READING)
_ARC, _MINUS, _ROM_WORD, _POS_BEFORE, _POS_MOTION, _POS_AFTER, _UNINVOLVED_PART = _ci(
    terms.ARC_START, terms.MINUS, terms.ROM_WORD, terms.POSITION_BEFORE, terms.POSITION_MOTION, terms.POSITION_AFTER,
    terms.UNINVOLVED_PART)


def _limb(t: str, m: re.Match, group: int = 0) -> str | None:
    """Side of one reading: written after it ("100 deg L", "4/5 (R)", "14 kg on the right"), else
    the last side named before it in the sentence that is not another reading's ("R ankle DF 2°,
    PF 40°": both right)."""
    start, end = m.span(group)
    after = _POSTFIX.match(t, end)
    if after:
        return _SIDES.get(after.group(1).lower())
    clause = max(t.rfind(",", 0, start), t.rfind(";", 0, start))
    # a side naming a limb ("R ankle AROM DF 2°, PF 40°") carries to the readings after it; a bare
    # side ("rot L 52 deg, flex 41 deg") is its own clause's only
    prefix = _last(_matches_before(_SIDE_RX, t, start),
                   lambda x: not _AFTER_READING.search(t[max(0, x.start() - 14):x.start()])
                   and (x.start() > clause or _BODY_RX.match(t, _skip_spaces(t, x.end()))))
    return _SIDES.get(prefix.group().lower(), "bilateral") if prefix else None


def _uninvolved_side(t: str) -> str | None:
    """The side a sentence documents as the comparison: named uninvolved ("L (uninv)",
    "uninvolved left"), or opposite the one named involved ("(R involved)", "s/p L ACLR")."""
    un = _UNINVOLVED.search(t)
    if un:
        return _SIDES.get(next(g for g in un.groups() if g).lower())
    inv = _INVOLVED.search(t)
    return _OPPOSITE.get(_SIDES.get(next(g for g in inv.groups() if g).lower(), "")) if inv else None


def _objective(s: _S) -> list[Finding]:
    # "12.4 ± 0.5 kg": blank the spread so the reading is 12.4 (positions stay put for the quote)
    out, t = [], re.sub(r"±\s*\d+(?:\.\d+)?\s*°?", lambda m: " " * len(m.group()), _digits(s.text))
    for name, rx, unit in _TEST_RX:
        if not s.may(rx):
            continue
        for m in rx.finditer(t):
            more = [m]
            # the next readings: another side's, or another condition's ("eyes closed R 3 s")
            while (nxt := _TEST_MORE.match(t, more[-1].end())) and (nxt.group("side") or nxt.group("cond")):
                more.append(nxt)
            for r in more:
                first = r is m  # the first reading's groups: number, unit; the others': side, n, u
                u = ((r.group(2) if first else r.group("u") or m.group(2)) or unit).lower()
                if not u:
                    continue  # a distance read only with its unit
                num = 1 if first else "n"
                side = _limb(t, r, 1) if first else _SIDES.get((r.group("side") or "").lower())
                out.append(s.make("objective-measure", name, float(r.group(num).replace(",", "")),
                                  _UNIT_CANON.get(u, u), at=r.span(num), side=side))
    dyn = _DYNAMOMETRY.search(t)
    last = ("", "")  # "flexion 100 deg L, 120 deg R": a bare reading repeats the label before it
    if dyn or (re.search(r"\bstrength\b", t, re.I) and not s.vocab.exercise.search(t)):
        for m in _STRENGTH.finditer(t):
            if not _LOADED.search(t[max(0, m.start() - 12):m.start()]):
                here = _label(s, m.start())
                last = here if here[1] else last
                out.append(s.make("objective-measure", " ".join(x for x in (*last, "strength") if x),
                                  float(m.group(1)), m.group(2).replace("·", ""), at=m.span(),
                                  method="HHD" if dyn else None, side=_limb(t, m)))
    last = ("", "")
    for m in _DEGREES.finditer(t):
        if (_POS_BEFORE.search(t, 0, m.start()) and _POS_MOTION.match(t, m.end())) or _POS_AFTER.match(t, m.end()):
            continue  # "ER @ 90° abd 60°", "HHD knee ext (90° knee flex)": where it was measured
        joint, what = _label(s, m.start())
        what = "" if _MUSCLE_RX.fullmatch(what) else what
        last = (joint, what) if what else last
        if last[1] or joint or _ROM_WORD.search(t, 0, m.start()):
            label = " ".join(x for x in (*(last if last[1] else (joint, "")), "ROM") if x)
            # "DF -5°" lacks neutral; "0-118°" and "5 to 102 degrees" are an arc: both ends are readings
            arc = _ARC.search(t, 0, m.start())
            if arc:  # the arc's start is the other end of the motion: extension in "knee 0-118°"
                # (a joint's arc with no motion named is a flexion arc: its start is extension)
                start = label.replace("flexion", "extension") if "flexion" in label else \
                    label.replace("ROM", "extension ROM") if not last[1] else f"{label} arc start"
                out.append(s.make("objective-measure", start, float(arc.group(1)), "degrees", at=arc.span(1),
                                  side=_limb(t, m), arc="start"))
            sign = -1 if not arc and _MINUS.search(t, 0, m.start()) else 1
            out.append(s.make("objective-measure", label, sign * float(m.group(1)), "degrees", at=m.span(),
                              side=_limb(t, m)))
            other = _OTHER_SIDE.match(t, m.end())  # "R knee flex 95 deg, L 135": the other side, unit unsaid
            if other and _SIDES[other.group(1).lower()] != _limb(t, m):
                out.append(s.make("objective-measure", label, float(other.group(2)), "degrees", at=other.span(2),
                                  side=_SIDES[other.group(1).lower()]))
    if s.degrees or _DEG_HEADING.search(t):  # "Hip AROM (deg) — Flexion: R 105 / L 118": bare numbers are degrees
        read = {f.get("at") for f in out}
        for m in _BARE_READING.finditer(t):
            joint, what = _label(s, m.start("n"))
            if what and not _MUSCLE_RX.fullmatch(what) and m.start("n") not in read and \
                    not any(a <= m.start("n") < b for a, b in (x.span() for x in _MMT.finditer(t))):
                out.append(s.make("objective-measure", " ".join(x for x in (joint, what, "ROM") if x),
                                  float(m.group("n")), "degrees", at=m.span("n"), side=_limb(t, m, "n")))
    last = ("", "")
    for m in _MMT.finditer(t):
        here = _label(s, m.start())
        last = here if here[1] else last
        if last[1] or re.search(r"\b(?:MMT|manual muscle|strength)\b", t, re.I):
            grade = int(m.group(1)) + {"+": 1 / 3, "-": -1 / 3}.get(m.group(2) or "", 0)  # 4- = 3.67
            out.append(s.make("objective-measure", "MMT", round(grade, 2), "/5", at=m.span(), grade=m.group(1) +
                              (m.group(2) or ""), target=" ".join(x for x in last if x) or None, side=_limb(t, m)))
    if not out:
        return out
    # readings of the side documented as the comparison; a part named uninvolved without a side
    # ("Contralateral shoulder: strength 5/5") makes the sentence's unsided readings the comparison
    # ... or, where the sentence names none, the side the note named uninvolved earlier
    other, part = _uninvolved_side(t) or s.doc_other, bool(_UNINVOLVED_PART.search(t))
    if not other and not part and not _SPINE_READING.search(t):
        # readings of both limbs with neither named involved: the side named first is the one treated,
        # the other its comparison ("MMT R elbow ext 4/5, L 5/5"; "Grip R 18 kg vs L 30 kg")
        now = {f.get("side") for f in out if f.context is None}
        first = next((_SIDES.get(x.group().lower()) for x in _SIDE_RX.finditer(t) if _SIDES.get(x.group().lower())), None)
        if {"left", "right"} <= now and first:
            other = _OPPOSITE[first]
    out = [replace(f, context="other-side") if (other and f.get("side") == other) or (part and not f.get("side"))
           else f for f in out]
    # a limb's reading with no side of its own, in a sentence naming the side treated ("MMT (L involved): knee ext
    # 4-/5"; "Adhesive capsulitis L: ER 15 deg vs 80 deg R (uninvolved); PROM abd 70 deg"), is that side's
    inv = _INVOLVED.search(t)
    treated = _SIDES.get(next(g for g in inv.groups() if g).lower()) if inv else \
        _OPPOSITE.get(_uninvolved_side(t) or "") if _UNINVOLVED.search(t) else None
    if treated and not part and not _SPINE_READING.search(t):
        out = [_with_side(f, treated) if f.get("side") is None and f.context is None and f.name not in _TEST_NAMES
               else f for f in out]
    return out


_TEST_NAMES = {n for n, _, _ in terms.TESTS}


def _with_side(f: Finding, side: str) -> Finding:
    return replace(f, detail=tuple((k, side if k == "side" else v) for k, v in f.detail) +
                   ((("side", side),) if not any(k == "side" for k, _ in f.detail) else ()))


# ------------------------------------------------------------------ flowsheet tables
_CELL_SPLIT, _COLUMN_OTHER, _COLUMN_INVOLVED, _GRADE_CELL, _NUMBER_CELL, _TABLE_UNIT = _ci(
    terms.TABLE_CELL_SPLIT, terms.TABLE_COLUMN_OTHER, terms.TABLE_COLUMN_INVOLVED, terms.TABLE_GRADE_CELL,
    terms.TABLE_NUMBER_CELL, terms.TABLE_UNIT)


def _columns(cells: list[str]) -> list[tuple[str, str | None, str]] | None:
    """A header row's columns after the first: (side, context, "AROM"/"PROM"/"ROM") each, or None
    when a cell names no side. The side named uninvolved is the comparison; else, where one column is named involved
    ("R (surg)", "Involved R"), the other side is."""
    cols = []
    for c in cells:
        side = next((_SIDES.get(t.group().lower(), "bilateral") for t in _SIDE_RX.finditer(c)), None)
        if side is None or any(ch.isdigit() for ch in c):
            return None
        rom = re.search(r"\b(?:A?AROM|PROM)\b", c, re.I)
        cols.append((side, "other" if _COLUMN_OTHER.search(c) else "involved" if _COLUMN_INVOLVED.search(c) else None,
                     rom.group().upper() if rom else "ROM"))
    involved = {sd for sd, mark, _ in cols if mark == "involved"}
    return [(sd, "other-side" if mark == "other" or (involved and sd not in involved) else None, rom)
            for sd, mark, rom in cols]


def _flowsheet(doc: str | None, date: datetime.date, text: str, vocab: "Vocabulary | None") -> dict[int, list[Finding]]:
    """Readings of flowsheet tables, by the offset of their row's line: a header row naming a side
    per column ("Hip PROM (deg) | Involved R | Uninvolved L") and rows of a motion and a reading per
    column ("Flexion | 95 | 120"); cells split at "|", tabs or runs of spaces. The unit comes from
    the header (MMT grades, kg, lb, else degrees for a motion)."""
    out: dict[int, list[Finding]] = {}
    header: tuple[str, list] | None = None
    for m in re.finditer(r"[^\n]+", text):
        cells = [c.strip() for c in _CELL_SPLIT.split(m.group().strip()) if c.strip()]
        cols = _columns(cells[1:]) if len(cells) >= 2 else None
        if cols:
            header = (cells[0], cols)
            continue
        if header is None or len(cells) != len(header[1]) + 1:
            header = None
            continue
        label, values = cells[0], cells[1:]
        motion = _MOTION_RX.search(label)
        unit_m = _TABLE_UNIT.search(header[0])
        grades = all(_GRADE_CELL.fullmatch(v) for v in values)
        unit = "/5" if grades and (not unit_m or unit_m.group().upper() == "MMT") else \
            (unit_m.group().lower() if unit_m and unit_m.group().upper() in ("KG", "LB", "LBS", "N") else
             "degrees" if motion else None)
        if unit is None or not all(_NUMBER_CELL.fullmatch(v) or (grades and _GRADE_CELL.fullmatch(v)) for v in values):
            continue
        s = _S(doc, date, m.group().strip(), vocab)
        joint = _JOINT_RX.search(header[0])
        what = _MOTION_CANON.get(motion.group(1).lower(), motion.group(1).lower()) if motion else label.lower()
        rows = out.setdefault(m.start() + len(m.group()) - len(m.group().lstrip()), [])
        for v, (side, ctx, rom) in zip(values, header[1]):
            if unit == "/5":
                g = _GRADE_CELL.fullmatch(v)
                value = int(g.group(1)) + {"+": 1 / 3, "-": -1 / 3}.get(g.group(2) or "", 0)
                rows.append(s.make("objective-measure", "MMT", round(value, 2), "/5", context=ctx, side=side,
                                   grade=g.group(1) + (g.group(2) or ""), target=what))
            else:
                name = " ".join(x for x in ((joint.group(1).lower() if joint else ""), what,
                                            rom if unit == "degrees" else "strength") if x)
                rows.append(s.make("objective-measure", name, float(v), "lb" if unit == "lbs" else unit,
                                   context=ctx, side=side))
    return out


# ------------------------------------------------------------------ exercise
_EX_TEST_AFTER, _TRIGGER, _NOT_DONE_AFTER = _ci(terms.EXERCISE_AS_TEST_AFTER, terms.TRIGGER_BEFORE, terms.NOT_DONE_AFTER)
_BILLED_UNITS, _PLAN_HEADING, _EX_NOT_BEFORE = _ci(terms.BILLED_UNITS, terms.PLAN_HEADING, terms.EXERCISE_NOT_BEFORE)
_LOAD, _SETS, _REST, _TEMPO, _AS_TEST, _PROGRESSED = _ci(
    terms.LOAD, terms.SETS, terms.REST, terms.TEMPO, terms.AS_TEST, terms.PROGRESSED)


def _exercise(s: _S) -> list[Finding]:
    tests = [m.span() for _, rx, _ in _TEST_RX for m in s.scan(rx)] if any(c.isdigit() for c in s.text) else []
    # "5x sit to stand 14 s", "Single leg hop for distance", "lunge test" are tests, not prescriptions;
    # "px 5/10 w/ sit-to-stand" names a trigger
    hits = [h for h in s.scan(s.vocab.exercise)
            if not _AS_TEST.search(s.text[:h.start()]) and not _EX_TEST_AFTER.match(s.text, h.end())
            and not any(a <= h.start() < b for a, b in tests) and not _TRIGGER.search(s.text, 0, h.start())
            and not _EX_NOT_BEFORE.search(s.text, 0, h.start()) and not _unticked(s.text, h.start())]
    if not hits:
        return []
    groups = [[hits[0]]]  # "hip stretching and strengthening" is one phrase
    for h in hits[1:]:
        joined = re.fullmatch(r"\s*(?:,|and|or|&|/|\+)?\s*(?:and\s+)?", s.text[groups[-1][-1].end():h.start()])
        groups[-1].append(h) if joined else groups.append([h])
    # a billing row's units ("97110 TE x2") are no sets
    load, sets = bool(_LOAD.search(s.text)), bool(_SETS.search(_BILLED_UNITS.sub(lambda m: " " * len(m.group()), s.text)))
    # "No HEP today; bridges 3x10 with 5 lb": one exercise affirmed is enough; the finding takes
    # the context of the first affirmed one (a goal's or the prior level of function's is not care)
    state = [(_negated(s.text, g[0].start(), post=False) or bool(_NOT_DONE_AFTER.match(s.text, g[-1].end())),
              s.mods.context_at(g[0].start(), g[-1].end(), "exercise")) for g in groups]
    negated = all(n for n, _ in state)
    ctx = next((c for n, c in state if not n), state[0][1])
    if ctx is None and _PLAN_HEADING.match(s.text):  # "P: cont TE; add PNF D2 patterns next visit": planned
        ctx = "hypothetical"
    return [s.make("exercise", ", ".join(s.text[g[0].start():g[-1].end()] for g in groups),
                   negated=negated, context=ctx, has_load=load, has_sets_reps=sets,
                   has_rest=bool(_REST.search(s.text)), has_tempo=bool(_TEMPO.search(s.text)),
                   parameters=load or sets, progressed=bool(_PROGRESSED.search(s.text)))]


# ------------------------------------------------------------------ symptom direction
_PAIN_FREE, _UNCHANGED, _BETTER, _WORSE, _NOT_WORSE, _SORE, _GOAL, _UNCHECKED, _MEASURED = _ci(
    terms.PAIN_FREE, terms.UNCHANGED, terms.BETTER, terms.WORSE, terms.NOT_WORSE, terms.SORE, terms.GOAL,
    terms.UNCHECKED, terms.MEASURED)


def _of_measure(text: str, m: re.Match) -> bool:
    """Whether a word of improvement is said of a measured quality: "improved glute med strength",
    "lag 15°, improved from 25°", "LEFS improved" (the last words of the clause before, or of the
    one before that when it is empty)."""
    if _MEASURED.match(text, m.end()) or re.match(r"\s+(?:[\w-]+\s+){0,2}?" + _MEASURED.pattern, text[m.end():], re.I):
        return True
    clauses = re.split(r"[;,]", text[:m.start()])
    before = clauses[-1] if clauses[-1].strip() or len(clauses) < 2 else clauses[-2]
    before = " ".join(before.split()[-4:])  # the words just before: "... rotation 3x10 and reports less pain"
    return bool(_MEASURED.search(before) or _MOTION_RX.search(before) or _prom_hits(before)) \
        and not _PAIN_KW.search(before)


def _symptom(s: _S) -> list[Finding]:
    out, taken, seen = [], [], set()

    def add(name: str, m: re.Match, negated: bool = False, **detail: Any) -> None:
        taken.append(m.span())
        if _UNCHECKED.search(s.text[:m.start()]):
            return  # "[ ] Worse": a box left unticked
        if (name, negated) not in seen:
            seen.add((name, negated))
            out.append(s.make("symptom", name, negated=negated, at=m.span(), **detail))

    def free(rx: re.Pattern) -> list[re.Match]:  # a phrase already read ("isn't sore") is not re-read
        return [m for m in s.scan(rx) if not any(a < m.end() and m.start() < b for a, b in taken)]

    for m in s.scan(_PAIN_FREE) if not (s.goal or _GOAL.search(s.plain)) else ():
        add("pain-free", m)  # "isn't hurting" is good news, not a negated complaint
    for m in free(_UNCHANGED):
        add("unchanged", m)
    if not _GOAL.search(s.plain):
        for m in free(_BETTER):  # "not better" reads as worse, "no improvement" as no change
            if _of_measure(s.text, m):
                continue
            if _negated(s.text, m.start(), m.end(), post=False):
                add("worse" if m.group().lower() == "better" else "unchanged", m)
            else:
                add("better", m)
    for m in free(_NOT_WORSE):
        add("worse", m, True)
    for m in free(_WORSE):  # the scope is read from the phrase's first word: "tingling returned" is a clause
        add("worse", m, _negated(s.text, m.start(), m.start() + len(m.group().split()[0])))
    for m in free(_SORE):
        q = (m.group(1) or "").lower()[:4]
        add("sore", m, _negated(s.text, m.start(), m.end()), intensity="high" if q in {
            "so", "very", "extr", "real", "sign", "seve"} else "low" if q in {"mild", "a li", "slig"} else None)
    return out


# ------------------------------------------------------------------ table-driven kinds
class Vocabulary:
    """The compiled patterns a pack may extend (``vocabulary:`` in the pack, checked by
    :func:`casekit.terms.extend`): the labelled targets of each table-driven kind and the exercise
    names. :data:`DEFAULT` is casekit's own."""

    def __init__(self, changes: dict[str, Any] | None = None):
        words = {**terms.WORDS, **(changes or {})}
        # each label's pattern with the words any match of it contains (casekit.anchors): a label
        # whose words are all absent from a sentence is not searched for
        self.tables = {k: [(n, re.compile(rx, re.I), prefixes(rx)) for n, rx in t] for k, t in words["TABLES"].items()}
        self.exercise = re.compile(words["EXERCISE"], re.I)


DEFAULT = Vocabulary()


_NARRATIVE = {"gap-explanation", "new-injury", "baseline-comparison"}
_BOX = re.compile(terms.CHECKBOX)


def _unticked(text: str, at: int) -> bool:
    """Whether the item at ``at`` follows an empty checkbox in its cell ("[ ] Recent infection/fever")."""
    boxes = list(_BOX.finditer(text, max(0, at - 40), at))
    return bool(boxes) and not boxes[-1].group(1) and "[" not in text[boxes[-1].end():at]
_SELF_NEG = re.compile(terms.SELF_NEGATING, re.I)
_PLANNING, _REASON = _ci(terms.PLANNING, terms.REASON)


def _labelled(s: _S, kind: str, per_label: bool, post: bool) -> list[Finding]:
    """Table-driven kinds. ``per_label``: one finding per label (red flags, skilled care); else one
    per sentence named by its earliest label, all labels in ``detail["labels"]``."""
    present = s.grams()
    table = [(n, rx) for n, rx, pre in s.vocab.tables[kind] if pre is None or not pre.isdisjoint(present)]
    if not table:
        return []
    if kind in _NARRATIVE and (s.goal or _PLANNING.search(s.plain)):
        return []  # "Goal at d/c: LEFS 60" or "expected to travel" narrate no event
    hits = sorted((m.start(), m.end(), n) for n, rx in table for m in rx.finditer(s.text))
    groups: dict[tuple, list[str]] = {}
    spans: dict[tuple, tuple[int, int]] = {}
    for a, b, name in hits:
        # blank the other hits nearby so "could not attend due to travel" does not negate "travel"
        lo, hi = max(0, a - 250), b + 120
        text = list(s.text[lo:hi])
        for c, e, _ in hits:
            if (e <= a or c >= b) and e > lo and c < hi:
                text[max(c, lo) - lo:min(e, hi) - lo] = " " * (min(e, hi) - max(c, lo))
        # an unticked box on a screening form ("[ ] Saddle anesthesia") is the item absent
        neg = _negated("".join(text), a - lo, b - lo, post, kind == "red-flag") or bool(_SELF_NEG.search(s.text, a, b)) \
            or _unticked(s.text, a)
        key = (name if per_label else None, neg)
        labels = groups.setdefault(key, [])
        spans.setdefault(key, (a, b))
        if name not in labels:
            labels.append(name)
    out = []
    for (label, neg), labels in groups.items():
        extra: dict[str, Any] = {} if per_label else {"labels": tuple(labels)}
        value = unit = None
        if kind == "red-flag" and labels[0] == "mechanical symptoms":
            extra["groin"] = bool(re.search(r"\bgroin\b", s.text, re.I))
        if kind == "baseline-comparison" and (pct := re.search(_NUM + r"\s*%", s.text)):
            value, unit = float(pct.group(1)), "%"  # "at prior discharge she was 80%"
        if kind == "gap-explanation":
            extra["reason"] = why.group(1).strip() if (why := _REASON.search(s.text)) else None
        f = s.make(kind, labels[0], value, unit, neg, at=spans[(label, neg)], **extra)
        if kind == "baseline-comparison" and f.context == "historical":
            f = replace(f, context=None)  # a comparison with the past is today's: "previously seen ..., now 50% vs 95%"
        out.append(f)
    return out


# ------------------------------------------------------------------ imaging and visit numbers
_MODALITY_RX = [(n, re.compile(rx, re.I)) for n, rx in terms.MODALITIES]
_POSITIVE, _NEGATIVE, _EQUIVOCAL, _PLANNED, _TREATMENT_US, _NOT_DONE = _ci(
    terms.POSITIVE, terms.NEGATIVE, terms.EQUIVOCAL, terms.PLANNED, terms.TREATMENT_US, terms.NOT_DONE)


def _study_result(t: str, lo: int, hi: int, first: int) -> tuple[bool, str | None]:
    """(planned, result) of the studies first named at ``first`` whose words run from ``lo`` to
    ``hi``. A result is written after the study, or just before it in its clause ("negative XR");
    an order anywhere in its clause ("sent for XR", "MRI ordered")."""
    head = max([lo, *(x.end() for x in re.finditer(r"[;.:,]", t[:first]))])
    seg = t[head:hi]
    clause = t[max([lo, *(x.end() for x in re.finditer(r";", t[:first]))]):hi].split(";")[0]
    if _PLANNED.search(clause):
        return True, None  # an ordered study has no result yet ("MRI ordered to r/o stress fx")
    if _EQUIVOCAL.search(seg):
        return False, "equivocal"
    # "MRI negative for labral tear": a finding term counts only when not negated
    found = [_negated(t, head + x.start(), head + x.end()) for x in _POSITIVE.finditer(seg)]
    return False, "positive" if found and not all(found) else "negative" if found or _NEGATIVE.search(seg) else None


def _imaging(s: _S) -> list[Finding]:
    if _TREATMENT_US.search(s.text):
        return []  # ultrasound given as a treatment, not an image
    t = _WITHOUT.sub("no ", s.text)  # "US w/o evidence of tear": same length, a negation
    hits = sorted(((n, m) for n, rx in _MODALITY_RX for m in rx.finditer(s.text)), key=lambda h: h[1].start())
    hits = hits or [("imaging", m) for m in _IMAGING_WORD.finditer(t)]
    # each study reads its own words: from the end of the one before to the start of the next
    # ("XR L foot: neg; MRI L ankle: partial ATFL tear"); studies only joined ("MRI and XR
    # negative", "No x-rays or MRI obtained") share them
    bounds, i = [], 0
    while i < len(hits):
        j = i
        while j + 1 < len(hits) and re.fullmatch(r"[\s,/&+]*(?:and|or|nor)?[\s,/&+]*",
                                                 t[hits[j][1].end():hits[j + 1][1].start()], re.I):
            j += 1
        lo = hits[i - 1][1].end() if i else 0
        hi = hits[j + 1][1].start() if j + 1 < len(hits) else len(t)
        bounds += [(lo, hi)] * (j - i + 1)
        i = j + 1
    first: dict[tuple[int, int], int] = {}  # the first study of each span of words
    for (_, h), b in zip(hits, bounds):
        first[b] = min(first.get(b, h.start()), h.start())
    results = {b: _study_result(t, *b, at) for b, at in first.items()}  # once per span: the studies share it
    out, seen = [], set()
    for (name, m), b in zip(hits, bounds):
        planned, result = results[b]
        neg = _negated(t, m.start(), post=False) or bool(_NOT_DONE.match(t[m.end():]))
        if (name, neg) not in seen:
            seen.add((name, neg))
            out.append(s.make("imaging", name, negated=neg, at=m.span(), result=None if neg else result,
                              status="planned" if planned else None,
                              arthrogram=True if re.search(r"MRA|arthrogra", m.group(), re.I) else None))
    return out


_VISIT_RXS = _ci(terms.VISIT, terms.VISIT_ORDINAL, terms.VISIT_ATTENDED)
_VISIT_FUTURE, _VISIT_BEFORE, _VISIT_AFTER, _VISIT_TODAY = _ci(
    terms.VISIT_FUTURE, terms.VISIT_EARLIER_BEFORE, terms.VISIT_EARLIER_AFTER, terms.VISIT_TODAY)


def _visit_number(s: _S) -> list[Finding]:
    """Visit numbers: today's, a planned one ("re-eval due at visit 10": hypothetical) and an
    earlier reading's ("6/10 at visit 1 ... 2/10 today (visit 8)": historical)."""
    t, out, seen = s.text, [], set()
    hits = sorted((m for rx in _VISIT_RXS for m in rx.finditer(t)), key=lambda m: m.start())
    today = list(_VISIT_TODAY.finditer(t))
    for m in hits:
        value, clause = float(m.group(1)), re.split(r"[;]", t[:m.start()])[-1]
        ctx = None
        if _VISIT_FUTURE.search(clause):
            ctx = "hypothetical"
        elif today and not any(re.fullmatch(r"[^\d;]{0,20}", t[d.end():m.start()] if d.end() <= m.start()
                                            else t[m.end():d.start()]) for d in today) \
                and (_VISIT_BEFORE.search(t[:m.start()]) or _VISIT_AFTER.match(t[m.end():])):
            ctx = "historical"
        if value in seen or not value:
            continue
        seen.add(value)
        out.append(s.make("visit-number", "visit", value, at=m.span(), context=ctx or s.mods.context_at(*m.span(),
                          "visit-number"), of=int(m.group(2)) if m.lastindex and m.lastindex >= 2 and m.group(2)
                          else None))
    return out


# ------------------------------------------------------------------ entry points
_EXTRACTORS = [_pain, _function, _side, _outcome, _objective, _exercise, _symptom,
               lambda s: _labelled(s, "gap-explanation", False, False),
               lambda s: _labelled(s, "new-injury", False, True),
               lambda s: _labelled(s, "baseline-comparison", False, False), _imaging,
               lambda s: _labelled(s, "skilled-care", True, False),
               lambda s: _labelled(s, "red-flag", True, True), _visit_number,
               lambda s: _labelled(s, "passive-modality", True, False)]
_MEASURES = (_pain, _objective)  # skipped in goal sentences; PROMs there become planned (_function checks)


def extract_text(doc_id: str | None, date: datetime.date, text: str,
                 vocabulary: Vocabulary | None = None) -> list[Finding]:
    """Findings of one document, in sentence order; each ``quote`` is a sentence of ``text``.
    ``vocabulary``: a pack's (:meth:`casekit.packs.Pack.vocabulary`), else casekit's own.

    >>> [f.name for f in extract_text("d", datetime.date(2025, 1, 2), "Her R hip isn't hurting now.")]
    ['right', 'pain-free']
    """
    return [f for _, f in _spanned(doc_id, date, text, vocabulary)]


def sentence_spans(doc: Any) -> tuple[tuple[int, int], ...]:
    """The sentence spans of a document's text, split once and kept on the document (a
    :class:`casekit.model.Document` keeps them in its ``sentences``); any object with a ``text``
    is split each time.

    >>> sentence_spans(case.documents[0])[:1]   # doctest: +SKIP
    ((0, 27),)
    """
    kept = getattr(doc, "sentences", None)
    return kept if kept is not None else _sentences(doc.text or "")


def _spanned(doc_id: str | None, date: datetime.date, text: str,
             vocabulary: Vocabulary | None,
             spans: tuple[tuple[int, int], ...] | None = None) -> list[tuple[tuple[int, int], Finding]]:
    """:func:`extract_text`'s findings, each with the span of the sentence (or table row) it was
    read from: where an OCR'd figure's words are (casekit.ocr). ``spans``: the text's sentences
    when already split (:func:`sentence_spans`)."""
    out: list[tuple[tuple[int, int], Finding]] = []
    table = _flowsheet(doc_id, date, text, vocabulary) if text and ("|" in text or "\t" in text or "  " in text) else {}
    doc_other, heading = None, False
    for a, b in spans if spans is not None else _sentences(text or ""):
        out.extend(((a, b), f) for f in table.get(a, ()))
        sentence = text[a:b]
        out.extend(((a, b), replace(f, document=doc_id, date=date))
                   for f in _read(sentence, vocabulary, doc_other, heading))
        heading = bool(_DEG_HEADING.search(sentence)) and not any(c.isdigit() for c in sentence)
        named = _UNINVOLVED.search(sentence)  # "MMT (L uninvolved) ... HHD hip abd R 14.8 kg / L 21.3 kg."
        if named:
            doc_other = _SIDES.get(next(g for g in named.groups() if g).lower())
    return out


@lru_cache(maxsize=4096)
def _read(text: str, vocabulary: Vocabulary | None, doc_other: str | None, degrees: bool) -> tuple[Finding, ...]:
    """The findings of one sentence, with no document or date yet, given what the note said before
    it (the side it named uninvolved, a heading in degrees). A sentence's reading depends on
    nothing else, and notes repeat their sentences (templates, notes copied forward): each is read
    once. The cache holds at most 4,096 sentences of at most MAX_SENTENCE_CHARS each."""
    s = _S(None, _UNDATED, text, vocabulary)
    s.doc_other, s.degrees = doc_other, degrees
    # a sentence without a digit holds no score, level or reading: skip those extractors
    numeric = not s.goal and (any(ch.isdigit() for ch in s.text) or "out of ten" in s.text.lower()
                               or _digits(s.text) != s.text)  # a reading in words: "five out of five"
    return tuple(f for fn in _EXTRACTORS if numeric or fn not in _MEASURES for f in fn(s))


_UNDATED = datetime.date.min  # a cached reading's date until extract_text gives it the document's


def find_sentences_in(doc: Any, rx: re.Pattern) -> list[Finding]:
    """The sentences of one document matching ``rx``, as findings of kind "sentence"."""
    return [_S(doc.id, doc.date, doc.text[a:b]).make("sentence", None)
            for a, b in sentence_spans(doc) if rx.search(doc.text[a:b])]


def find_sentences(case: "Case", pattern: str, kinds: tuple[str, ...] | None = None) -> list[Finding]:
    """Sentences of the case's documents matching a regex (case-insensitive), as findings of kind
    "sentence" (outside KINDS; never part of an Evidence). ``kinds`` limits the document kinds.

    >>> find_sentences(case, r"times per week", kinds=("evaluation",))[0].quote  # doctest: +SKIP
    'Plan: hip stretching and strengthening, 3 times per week for 6 weeks.'
    """
    rx = re.compile(pattern, re.I)
    return [f for d in getattr(case, "documents", None) or [] if kinds is None or d.kind in kinds
            for f in find_sentences_in(d, rx)]


def _from_measure(m: Any, index: int = 0) -> Finding:
    """A structured measure as a finding (document None, ``ref`` "measures[i]") quoting a
    generated line."""
    grade = getattr(m, "grade", None)  # a muscle test grade as written ("4-/5")
    s = _S(None, m.date, f"{m.name}: {grade}" if grade else
           f"{m.name}: {float(m.value):g}" + (f" ({m.unit})" if m.unit else ""))
    s.ref = f"measures[{index}]"
    prom = _prom_name(m.name)
    if prom:
        sub = re.search(r"\b" + _SUBSCALE + r"\b", _PROM_RE.sub(" ", m.name), re.I)
        unit = m.unit or "points"
        mx = re.fullmatch(r"\s*(?:/|out of)\s*(\d{1,3})\s*", unit)
        value, own = _scaled(prom, float(m.value), mx and mx.group(1), unit.strip() in {"%", "percent"})
        return s.make("outcome-measure", prom, value, own or unit, source="measure",
                      subscale=_subscale(sub.group(1), prom) if sub else None)
    if re.search(r"\b(?:pain|NPRS|NRS|VAS)\b", m.name, re.I):
        return s.make("pain", "pain", m.value, m.unit or ("/100" if m.value > 10 else "/10"), source="measure")
    if re.search(r"\bfunction(?:al)?(?: level)?\b", m.name, re.I):
        return s.make("function", "function level", m.value, m.unit or "%", source="measure")
    if grade:
        return s.make("objective-measure", m.name, m.value, "/5", source="measure", grade=grade.split("/")[0].strip())
    return s.make("objective-measure", m.name, m.value, m.unit, source="measure")


def extract(case: "Case", vocabulary: Vocabulary | None = None, ocr_min_confidence: float | None = None) -> Evidence:
    """Every finding of a case: each document's text in order, then its structured ``measures``.
    ``vocabulary``: the reviewing pack's (region terms added), else casekit's own. A figure read
    by OCR carries its words' confidence; below ``ocr_min_confidence`` (the pack's setting; when
    None, every OCR'd figure) it goes to ``unconfirmed``, never to a rule (casekit.ocr).

    >>> ev = extract(case)                               # doctest: +SKIP
    >>> ev.of("pain")[0].value, ev.of("pain")[0].quote   # doctest: +SKIP
    (5.0, 'Pain 5/10.')
    """
    from .ocr import confidence_of
    items: list[Finding] = []
    held: list[Finding] = []
    for doc in getattr(case, "documents", None) or []:
        words = doc.extraction.words if getattr(doc, "extraction", None) is not None else ()
        spanned = _spanned(doc.id, doc.date, doc.text, vocabulary, sentence_spans(doc))
        if not words:
            items.extend(f for _, f in spanned)
            continue
        for span, f in spanned:
            read = confidence_of(f, span, doc.text, words)
            if read is None:
                items.append(f)
                continue
            f = replace(f, detail=f.detail + (("ocr_confidence", read[0]), ("ocr_read", read[1])))
            sure = ocr_min_confidence is not None and read[0] >= ocr_min_confidence
            (items if sure else held).append(f)
    items.extend(_from_measure(m, i) for i, m in enumerate(getattr(case, "measures", None) or []))
    return Evidence(tuple(items), tuple(held))
