"""ConText-style modifiers: which findings of a sentence are negated, historical, hypothetical,
about a relative, or about the uninvolved side.

The rules are data (``casekit/vocabulary/context.yaml``), checked when loaded. Each rule has a
``category``, a ``pattern``, a ``direction`` (FORWARD: the cue precedes its targets; BACKWARD:
follows them; BIDIRECTIONAL) and an optional ``max_scope`` in words and ``allowed_kinds``. A
cue's scope ends at the sentence end, at a TERMINATE cue (";", "but"), and for HISTORICAL at a
CURRENT cue ("now"). PSEUDO cues ("no change in") are not cues.

Negation keeps casekit's own scope reader (:func:`casekit.evidence._negated`, which treats comma
lists and report verbs); its cue, pseudo-cue, terminator and post-negation patterns are composed
from the NEGATED_EXISTENCE, PSEUDO, TERMINATE, NORMAL, REPORT and CLAUSE rules here.

>>> Modifiers.of("PLOF: golfing 2x/wk, now unable.").context_at(6, 13, "exercise")
'historical'
>>> Modifiers.of("Goal: pain <= 2/10.").context_at(6, 10, "pain")
'hypothetical'
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .anchors import grams, prefixes
from .errors import PackError
from .terms import DIR, KINDS, check_pattern, read_yaml

CATEGORIES = ("NEGATED_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY", "OTHER_SIDE", "CURRENT", "NORMAL",
              "PSEUDO", "TERMINATE", "REPORT", "CLAUSE")
DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")
RULE_KEYS = {"literal", "category", "pattern", "direction", "max_scope", "allowed_kinds"}
# What a finding's ``context`` is, by category, strongest first.
CONTEXT_OF = {"FAMILY": "family", "HYPOTHETICAL": "hypothetical", "HISTORICAL": "historical",
              "OTHER_SIDE": "other-side"}


@dataclass(frozen=True)
class Rule:
    literal: str
    category: str
    pattern: str
    direction: str
    max_scope: int | None = None
    allowed_kinds: frozenset[str] | None = None


def load_rules(path: Path = DIR / "context.yaml") -> tuple[Rule, ...]:
    """The rules of ``path``, each checked: known keys, category and direction, a compiling
    pattern, a whole-number scope and known finding kinds."""
    raw = read_yaml(path) or {}
    where = path.name
    if not isinstance(raw, dict) or set(raw) != {"rules"} or not isinstance(raw["rules"], list):
        raise PackError(f"{where}: expected one key, rules, holding a list of rules")
    out = []
    for i, r in enumerate(raw["rules"]):
        at = f"{where}: rules[{i}]" + (f" ({r.get('literal')})" if isinstance(r, dict) and r.get("literal") else "")
        if not isinstance(r, dict):
            raise PackError(f"{at}: expected a mapping")
        unknown = sorted(set(r) - RULE_KEYS)
        if unknown:
            raise PackError(f"{at}: unknown key {unknown[0]!r}; expected {', '.join(sorted(RULE_KEYS))}")
        for key, allowed in (("category", CATEGORIES), ("direction", DIRECTIONS)):
            if r.get(key) not in allowed:
                raise PackError(f"{at}: {key} {r.get(key)!r}; expected one of {', '.join(allowed)}")
        scope = r.get("max_scope")
        if scope is not None and (isinstance(scope, bool) or not isinstance(scope, int) or scope < 0):
            raise PackError(f"{at}: max_scope {scope!r}; expected a whole number of words (0 or more)")
        kinds = r.get("allowed_kinds")
        if kinds is not None:
            bad = [k for k in kinds if k not in KINDS] if isinstance(kinds, list) else [kinds]
            if bad:
                raise PackError(f"{at}: allowed_kinds {bad[0]!r}; expected finding kinds: {', '.join(KINDS)}")
        out.append(Rule(str(r.get("literal") or r["pattern"]), r["category"], check_pattern(r.get("pattern"), at),
                        r["direction"], scope, frozenset(kinds) if kinds else None))
    return tuple(out)


RULES = load_rules()


def _join(category: str, direction: str | None = None) -> str:
    pats = [r.pattern for r in RULES if r.category == category and (direction is None or r.direction == direction)]
    return "|".join(f"(?:{p})" for p in pats)


def _after(category: str) -> str:
    """BACKWARD cues of ``category`` as one pattern anchored at a target's end, reaching
    ``max_scope`` words: "numbness: denied" (0 to 3 words between)."""
    parts = [rf"^\W*(?:[\w/'-]+\W+){{0,{r.max_scope}}}?(?:{r.pattern})" if r.max_scope else rf"^\W*(?:{r.pattern})"
             for r in RULES if r.category == category and r.direction == "BACKWARD"]
    return "|".join(parts)


# The negation reader's patterns (see casekit.evidence._negated).
NEG_CUE = _join("NEGATED_EXISTENCE", "FORWARD")
POST_NEG = _after("NEGATED_EXISTENCE")
POST_NORMAL = _after("NORMAL")
PSEUDO = _join("PSEUDO")
HARD = _join("TERMINATE")
REPORT = _join("REPORT")
VERBISH = _join("CLAUSE")
# A questionnaire score at a past discharge (read for the whole sentence, unless it also says now).
AT_DISCHARGE = next(r.pattern for r in RULES if r.literal == "at discharge")
CURRENT = _join("CURRENT")

_MODIFIERS = [(r, re.compile(r.pattern, re.I)) for r in RULES if r.category in CONTEXT_OF]
#: each modifier's anchors (casekit.anchors): a sentence without any of them cannot hold its cue
_ANCHORED = [(r, rx, prefixes(rx.pattern)) for r, rx in _MODIFIERS]
_TERM, _PSEUDO_RX = re.compile(HARD, re.I), re.compile(PSEUDO, re.I)
_CURRENT = re.compile(_join("CURRENT"), re.I)
# A comparison's two sides: "50% vs 95% at prior d/c" dates only the side the past cue is on.
_VERSUS = re.compile(r"\b(?:vs\.?|versus)(?=\s)", re.I)
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Modifiers:
    """The modifier scopes of one sentence: (category, start, end, allowed kinds)."""

    scopes: tuple[tuple[str, int, int, Any], ...]

    @staticmethod
    def of(text: str) -> "Modifiers":
        return _modifiers(text)

    def context_at(self, start: int, end: int, kind: str) -> str | None:
        """The context of a finding of ``kind`` at [start, end): the strongest category whose
        scope covers it, or None for a current fact."""
        hit = {c for c, a, b, kinds in self.scopes
               if (a <= start < b or a < end <= b) and (kinds is None or kind in kinds)}
        return next((CONTEXT_OF[c] for c in CONTEXT_OF if c in hit), None)


_NONE = Modifiers(())


@lru_cache(maxsize=4096)
def _modifiers(text: str) -> Modifiers:
    present = grams(text.lower())
    cues = [(rule, rx) for rule, rx, pre in _ANCHORED if pre is None or not pre.isdisjoint(present)]
    if not any(rx.search(text) for _, rx in cues):
        return _NONE  # most sentences hold no modifier: their anchors and one search rule them out
    pseudo = [m.span() for m in _PSEUDO_RX.finditer(text)]
    ends = sorted({m.start() for m in _TERM.finditer(text)} | {m.end() for m in _TERM.finditer(text)})
    current = sorted([m.start() for m in _CURRENT.finditer(text)] + [m.start() for m in _VERSUS.finditer(text)])
    words = [m.span() for m in _WORD.finditer(text)]  # in order, never overlapping: starts and ends both sorted
    starts, finishes = [w[0] for w in words], [w[1] for w in words]
    scopes = []
    # each cue's scope is found by bisection among the stops and words: a sentence with many cues
    # (a flowsheet row's long label, say) costs no more than its length times their number's log
    for rule, rx in cues:
        for m in rx.finditer(text):
            i = bisect_right(pseudo, (m.start(), len(text) + 1)) - 1  # the last pseudo-cue starting by it
            if i >= 0 and m.start() < pseudo[i][1]:
                continue  # inside a pseudo-cue: the spans are in order and never overlap
            stops = (ends, current) if rule.category == "HISTORICAL" else (ends,)
            if rule.direction in ("FORWARD", "BIDIRECTIONAL"):
                end = min([len(text)] + [s[i] for s in stops if (i := bisect_left(s, m.end())) < len(s)])
                first = bisect_left(starts, m.end())  # the words after the cue: words[first:]
                if rule.max_scope is not None and len(words) - first > rule.max_scope:
                    end = min(end, words[first + rule.max_scope - 1][1] if rule.max_scope else m.end())
                scopes.append((rule.category, m.end(), end, rule.allowed_kinds))
            if rule.direction in ("BACKWARD", "BIDIRECTIONAL"):
                start = max([0] + [s[i - 1] for s in stops if (i := bisect_right(s, m.start()))])
                last = bisect_right(finishes, m.start())  # the words before the cue: words[:last]
                if rule.max_scope is not None and last > rule.max_scope:
                    start = max(start, words[last - rule.max_scope][0] if rule.max_scope else m.start())
                scopes.append((rule.category, start, m.start(), rule.allowed_kinds))
    return Modifiers(tuple(scopes))
