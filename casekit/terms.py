"""The vocabulary the evidence extractor reads notes with, loaded and checked from data.

The words, phrases and patterns live in ``casekit/vocabulary/``:

- ``words.yaml``: named patterns and word lists (body parts, sides, exercises, measures, PROMs,
  the labelled targets of each finding kind in ``TABLES``). A pattern may use another by name,
  ``${NUM}``.
- ``context.yaml``: ConText modifier rules (negation, history, hypothesis, family, the other side,
  pseudo-cues, terminators), read by :mod:`casekit.context`.

Both are checked when loaded: an unknown name, a value of the wrong shape, an unknown reference or
a pattern that does not compile is a :class:`~casekit.errors.PackError` naming the file, the entry
and the problem. Every name of ``words.yaml`` is an attribute of this module (``terms.SIDE``).
A pack adds region terms under ``vocabulary:`` (see :func:`extend`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import PackError

DIR = Path(__file__).parent / "vocabulary"
# The kinds of finding the extractor reports (casekit.evidence.Finding.kind).
KINDS = ("pain", "function", "side", "outcome-measure", "objective-measure", "exercise",
         "symptom", "gap-explanation", "new-injury", "baseline-comparison", "imaging", "skilled-care",
         "red-flag", "visit-number", "passive-modality")

# The shape of every entry of words.yaml. pattern: a regular expression; patterns: a list of them;
# words: a set of words; map: word -> word; maps: name -> map; table: [label, pattern] pairs;
# tables: finding kind -> table; tests: [name, pattern, unit] triples; proms: see PROMS.
SCHEMA = {
    "PROMS": "proms", "SHORT_ALIASES": "words", "CASED_ALIASES": "words", "SUBSCALE": "pattern", "SUB_CANON": "map",
    "SUB_CANON_BY_PROM": "maps", "ABBR_ALWAYS": "words", "ABBR_SOFT": "words", "NUM": "pattern",
    "PROM_SUBSCORE": "pattern", "PROM_FROM_TO": "pattern", "PROM_ARROW": "pattern", "PROM_AVG": "pattern",
    "PROM_SCORE": "pattern", "PROM_SCORE_BEFORE": "pattern", "PROM_SCORE_NOW": "pattern", "OF10": "pattern",
    "PAIN_KW": "pattern", "OTHER_KW": "pattern", "PAIN_QUAL": "pattern", "FUNC": "patterns", "SIDE": "pattern",
    "SIDES": "map", "BODY": "pattern", "BODY_REV": "pattern", "BODY_CANON": "map", "BODY_REGION": "map",
    "UNSIDED": "words", "COMPARE": "pattern", "SIDE_READING": "pattern", "OTHER_SIDE": "pattern", "MOTION": "pattern",
    "MOTION_CANON": "map", "JOINT": "pattern", "MUSCLE": "pattern", "TESTS": "tests", "TEST_UNITS": "pattern",
    "UNIT_CANON": "map", "STRENGTH": "pattern", "DEGREES": "pattern", "MMT": "pattern", "DYNAMOMETRY": "pattern",
    "LOADED": "pattern", "EXERCISE": "pattern", "LOAD": "pattern", "AS_TEST": "pattern", "PROGRESSED": "pattern",
    "NOT_FREQ": "pattern", "SETS": "pattern", "TIME": "pattern", "REST": "pattern", "TEMPO": "pattern",
    "PAIN_FREE": "pattern", "UNCHANGED": "pattern", "BETTER": "pattern", "WORSE": "pattern", "SORE": "pattern",
    "TABLES": "tables", "REASON": "pattern", "VISIT": "pattern", "MODALITIES": "table", "POSITIVE": "pattern",
    "NEGATIVE": "pattern", "EQUIVOCAL": "pattern", "PLANNED": "pattern", "TREATMENT_US": "pattern",
    "NOT_DONE": "pattern", "TARGET": "pattern", "GOAL": "pattern", "PLANNING": "pattern",
    "UNINVOLVED_BEFORE": "pattern", "UNINVOLVED_AFTER": "pattern", "POSTFIX_SIDE": "pattern",
    "AFTER_READING": "pattern", "INVOLVED_SIDE": "pattern", "UNINVOLVED_SIDE": "pattern", "ARC_START": "pattern",
    "MINUS": "pattern", "COMPARED_SIDE": "pattern", "ROM_WORD": "pattern", "POSITION_BEFORE": "pattern", "POSITION_MOTION": "pattern",
    "POSITION_AFTER": "pattern", "UNINVOLVED_PART": "pattern", "SPINE_READING": "pattern", "READING_IN_WORDS": "pattern", "READING_WORD_UNITS": "map", "BODY_JOIN": "pattern", "NUMBER_WORD": "pattern", "NUMBER_WORDS": "map", "SELF_NEGATING": "pattern", "EXERCISE_AS_TEST_AFTER": "pattern",
    "TRIGGER_BEFORE": "pattern", "NOT_DONE_AFTER": "pattern", "BILLED_UNITS": "pattern", "PLAN_HEADING": "pattern",
    "EXERCISE_NOT_BEFORE": "pattern", "TEST_READING": "pattern", "TEST_MORE": "pattern", "TEST_CONDITION": "pattern",
    "VISIT_ORDINAL": "pattern", "VISIT_ATTENDED": "pattern", "VISIT_FUTURE": "pattern",
    "VISIT_EARLIER_BEFORE": "pattern", "VISIT_EARLIER_AFTER": "pattern", "VISIT_TODAY": "pattern",
    "PROM_TOKEN": "pattern", "PROM_NOT_SCORE_BEFORE": "pattern", "PROM_NOT_SCORE_AFTER": "pattern",
    "PROM_SERIES_GAP": "pattern", "PROM_EARLIER_BEFORE": "pattern", "PROM_EARLIER_AFTER": "pattern",
    "PROM_PAST": "pattern", "PROM_NOT_PAST": "pattern", "PROM_THRESHOLD": "pattern",
    "UNCHECKED": "pattern", "MEASURED": "pattern", "NOT_WORSE": "pattern", "PERCENT": "pattern", "SIDE_OF_READING": "pattern", "TABLE_CELL_SPLIT": "pattern",
    "TABLE_COLUMN_OTHER": "pattern", "TABLE_COLUMN_INVOLVED": "pattern", "TABLE_GRADE_CELL": "pattern",
    "TABLE_NUMBER_CELL": "pattern", "TABLE_UNIT": "pattern", "DEGREE_HEADING": "pattern", "BARE_READING": "pattern", "CHECKBOX": "pattern", "MEASURE_NAME_NOISE": "pattern", "FREQUENCY": "pattern", "GOALS_MET": "pattern", "DISCHARGE_ADVISED": "pattern", "PAIN_BARE": "pattern",
}
PROM_KEYS = {"aliases": list, "higher_is_better": bool, "range": list, "subscales": bool, "percent": bool,
             "unit": str, "read_as": str}
# The finding kinds whose labelled targets (TABLES) a pack may add to, and the named patterns it may
# extend with alternatives (a pack's exercise names, body words).
TABLE_KINDS = ("gap-explanation", "new-injury", "baseline-comparison", "passive-modality", "skilled-care", "red-flag")
EXTENDABLE = ("EXERCISE",)
_REF = re.compile(r"\$\{(\w+)\}")


def _expand(name: str, value: str, raw: dict[str, Any], where: str, stack: tuple[str, ...] = ()) -> str:
    """``${NAME}`` replaced by that named pattern (itself expanded)."""
    def sub(m: re.Match) -> str:
        ref = m.group(1)
        if ref in stack:
            raise PackError(f"{where}: {name}: ${{{ref}}} refers back to itself")
        if not isinstance(raw.get(ref), str):
            raise PackError(f"{where}: {name}: unknown pattern ${{{ref}}}; known: "
                            f"{', '.join(sorted(k for k, v in raw.items() if isinstance(v, str)))}")
        return _expand(ref, raw[ref], raw, where, stack + (ref,))
    return _REF.sub(sub, value)


def check_pattern(value: Any, where: str) -> str:
    """``value`` if it is a string that compiles as a regular expression, else a PackError."""
    if not isinstance(value, str) or not value:
        raise PackError(f"{where}: expected a regular expression (a non-empty string), got {value!r}")
    try:
        re.compile(value)
    except re.error as exc:
        raise PackError(f"{where}: pattern does not compile ({exc})") from None
    return value


def check_table(value: Any, where: str) -> list[tuple[str, str]]:
    """A list of ``[label, pattern]`` pairs (or ``{label, pattern}`` mappings), checked."""
    if not isinstance(value, list):
        raise PackError(f"{where}: expected a list of [label, pattern] pairs, got {type(value).__name__}")
    out = []
    for i, row in enumerate(value):
        if isinstance(row, dict):
            unknown = sorted(set(row) - {"label", "pattern"})
            if unknown:
                raise PackError(f"{where}[{i}]: unknown key {unknown[0]!r}; expected label and pattern")
            row = [row.get("label"), row.get("pattern")]
        if not (isinstance(row, list) and len(row) == 2 and isinstance(row[0], str) and row[0]):
            raise PackError(f"{where}[{i}]: expected [label, pattern], got {row!r}")
        out.append((row[0], check_pattern(row[1], f"{where}[{i}] ({row[0]})")))
    return out


def _check(name: str, kind: str, value: Any, where: str) -> Any:
    at = f"{where}: {name}"
    if kind == "pattern":
        return check_pattern(value, at)
    if kind == "patterns":
        if not isinstance(value, list):
            raise PackError(f"{at}: expected a list of patterns")
        return [check_pattern(v, f"{at}[{i}]") for i, v in enumerate(value)]
    if kind == "words":
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            raise PackError(f"{at}: expected a list of words")
        return frozenset(value)
    if kind == "map":
        if not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            raise PackError(f"{at}: expected a mapping of words to words")
        return dict(value)
    if kind == "maps":
        if not (isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())):
            raise PackError(f"{at}: expected a mapping of names to mappings")
        return {k: dict(v) for k, v in value.items()}
    if kind == "table":
        return check_table(value, at)
    if kind == "tables":
        if not isinstance(value, dict):
            raise PackError(f"{at}: expected a mapping of finding kinds to tables")
        unknown = sorted(set(value) - set(TABLE_KINDS))
        if unknown:
            raise PackError(f"{at}: unknown finding kind {unknown[0]!r}; expected one of {', '.join(TABLE_KINDS)}")
        return {k: check_table(v, f"{at}.{k}") for k, v in value.items()}
    if kind == "tests":
        if not (isinstance(value, list) and all(isinstance(r, list) and len(r) == 3 for r in value)):
            raise PackError(f"{at}: expected a list of [name, pattern, unit]")
        return [(n, check_pattern(p, f"{at} ({n})"), u) for n, p, u in value]
    if kind == "proms":
        out = {}
        for prom, spec in (value or {}).items():
            if not isinstance(spec, dict):
                raise PackError(f"{at}.{prom}: expected a mapping")
            for k, v in spec.items():
                if k not in PROM_KEYS:
                    raise PackError(f"{at}.{prom}: unknown key {k!r}; expected one of {', '.join(PROM_KEYS)}")
                if not isinstance(v, PROM_KEYS[k]):
                    raise PackError(f"{at}.{prom}.{k}: expected {PROM_KEYS[k].__name__}, got {v!r}")
            if not spec.get("aliases") or "range" not in spec or "higher_is_better" not in spec:
                raise PackError(f"{at}.{prom}: needs aliases, range and higher_is_better")
            out[prom] = {**spec, "range": tuple(spec["range"])}
        return out
    raise AssertionError(kind)


def read_yaml(path: Path) -> Any:
    """A vocabulary file parsed; a key written twice in one mapping is an error (the second would
    silently replace the first), as in case files."""
    from .errors import CaseError
    from .io import parse_text

    try:
        return parse_text(path.read_text(encoding="utf-8"), path.name)
    except CaseError as exc:
        raise PackError("; ".join(exc.problems)) from None


def load_words(path: Path = DIR / "words.yaml") -> dict[str, Any]:
    """Every entry of ``words.yaml``, references expanded and checked against :data:`SCHEMA`."""
    raw = read_yaml(path)
    where = str(path.name)
    if not isinstance(raw, dict):
        raise PackError(f"{where}: expected a mapping of names")
    unknown = sorted(set(raw) - set(SCHEMA))
    if unknown:
        raise PackError(f"{where}: unknown name {unknown[0]!r}; add it to casekit.terms.SCHEMA with its shape")
    missing = sorted(set(SCHEMA) - set(raw))
    if missing:
        raise PackError(f"{where}: missing {', '.join(missing)}")

    def expand(v: Any, name: str) -> Any:
        if isinstance(v, str):
            return _expand(name, v, raw, where)
        if isinstance(v, list):
            return [expand(x, name) for x in v]
        if isinstance(v, dict) and name != "PROMS":
            return {k: expand(x, name) for k, x in v.items()}
        return v
    return {k: _check(k, SCHEMA[k], expand(raw[k], k) if SCHEMA[k] not in {"words", "map", "maps"} else raw[k],
                      where) for k in raw}


WORDS = load_words()
globals().update(WORDS)


def extend(vocabulary: Any, where: str) -> dict[str, Any]:
    """A pack's ``vocabulary:`` checked, as the words it changes: ``tables`` adds labelled targets
    to a finding kind (``red-flag``, ``skilled-care``...), and a name of :data:`EXTENDABLE` adds
    alternatives to that pattern::

        vocabulary:
          EXERCISE: ['pendulums?', 'wall slides?']
          tables:
            skilled-care: [[scapular stabilisation, '\\bscapular stabili[sz]ation\\b']]
    """
    if not vocabulary:
        return {}
    if not isinstance(vocabulary, dict):
        raise PackError(f"{where}: vocabulary: expected a mapping")
    out: dict[str, Any] = {}
    for key, value in vocabulary.items():
        at = f"{where}: vocabulary.{key}"
        if key == "tables":
            tables = _check("tables", "tables", value, f"{where}: vocabulary")
            out["TABLES"] = {**WORDS["TABLES"], **{k: list(WORDS["TABLES"].get(k, [])) + v for k, v in tables.items()}}
        elif key in EXTENDABLE:
            extra = _check(key, "patterns", value if isinstance(value, list) else [value], f"{where}: vocabulary")
            out[key] = WORDS[key] + "|" + "|".join(rf"\b(?:{p})\b" for p in extra)
        else:
            raise PackError(f"{at}: unknown key; expected tables or one of {', '.join(EXTENDABLE)}")
    return out
