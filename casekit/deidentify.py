"""De-identified copies of case files, for teaching: ``casekit deidentify CASE --out DIR``.

Two modes, both reproducible with a seed (same seed, same bytes):

* ``safe-harbor`` (default): the identifiers of HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(A)-(R),
  are removed from the case's fields and from its note text. The case keeps ISO dates (the review
  needs intervals), re-anchored: the first date of service becomes 1 January of its own year and
  every other date keeps its distance in days from it; a date inside a note becomes
  ``[DATE day N]``, N counted from the first date of service.
* ``date-shift``: every date moves by one per-case offset drawn from the seed (30 to 180 days
  back); intervals are kept. This is *not* Safe Harbor (a shifted date is derived from the real
  one): an expert-determination-style teaching set, and the case says so.

In both modes birth dates are removed, an age over 89 becomes 90, and a date in a note more than
89 years before the first date of service becomes ``[DATE]``.

The rules are data (``packs/common/deid.yaml``): each names its Safe Harbor category and its
source. No NLP and no download: Presidio and similar libraries are not used (offline they need a
model fetched at run time and missed street addresses). Pattern rules miss what they do not
describe, so a person still reads the output (Safe Harbor's "actual knowledge" condition). The
change log beside the output lists, per field and note, the categories and counts of what was
replaced, never an original value.

>>> result = deidentify(load_case("cases/hip-seed.yaml"), mode="safe-harbor", seed=7)  # doctest: +SKIP
>>> result.data["visits"][0]["date"]                                                    # doctest: +SKIP
'2025-01-01'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Optional

import yaml

from ._version import __version__
from .errors import UsageError, out_folder

MODES = ("safe-harbor", "date-shift")
#: the range of a date-shift offset, in days back (never 0)
SHIFT_DAYS = (30, 180)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: a date in a note further back than this from the first date of service may tell an age over 89
_OLDEST_DAYS = 89 * 365


@dataclass(frozen=True)
class Rule:
    """One text rule of ``deid.yaml``: a pattern, its Safe Harbor category and its token."""

    id: str
    category: str
    pattern: re.Pattern
    token: str = ""
    kind: str = "token"
    group: Optional[str] = None
    short: bool = False


@dataclass(frozen=True)
class Rules:
    """The whole data file, read once: field rules, text rules, word lists."""

    fields: dict
    text: tuple[Rule, ...]
    not_names: frozenset
    dated: re.Pattern  # a date word at the end of the text before a match
    scored_before: re.Pattern  # a score word shortly before a match
    scored_after: re.Pattern  # a score word right after a match
    scale_denominators: frozenset
    months: dict
    hash: str


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The de-identification rules shipped with casekit (``casekit/packs/common/deid.yaml``)."""
    raw = resources.files("casekit").joinpath("packs/common/deid.yaml").read_bytes()
    data = yaml.safe_load(raw)
    names = sorted(data["month_names"], key=len, reverse=True)
    month = "(?:" + "|".join(names + [n.upper() for n in names]) + r")\b"
    text = tuple(Rule(r["id"], r["category"], re.compile(r["pattern"].replace("{MONTH}", month)), r.get("token", ""),
                      r.get("kind", "token"), r.get("group"), bool(r.get("short"))) for r in data["text"])
    dated, scored = (_words(data[k]) for k in ("date_words", "score_words"))
    return Rules(data["fields"], text, frozenset(w.casefold() for w in data["not_names"]),
                 re.compile(rf"\b{dated}\s*:?\s*$", re.I), re.compile(rf"\b{scored}\b[^.;:(\n]{{0,12}}$", re.I),
                 re.compile(rf"\s*{scored}\b", re.I), frozenset(data["scale_denominators"]),
                 {n[:3].casefold(): i for i, n in enumerate(data["month_names"][:12], start=1)},
                 hashlib.sha256(raw).hexdigest()[:16])


def _words(words: list[str]) -> str:
    """An alternation of words, as a regular expression."""
    return "(?:" + "|".join(re.escape(str(w)) for w in words) + ")"


@dataclass
class Log:
    """Counts of replacements, by field path and Safe Harbor category: never a value."""

    counts: dict = field(default_factory=dict)

    def add(self, path: str, category: str, n: int = 1) -> None:
        if n:
            per = self.counts.setdefault(path, {})
            per[category] = per.get(category, 0) + n

    def to_dict(self) -> dict:
        totals: dict = {}
        for per in self.counts.values():
            for cat, n in per.items():
                totals[cat] = totals.get(cat, 0) + n
        return {"fields": {p: dict(sorted(c.items())) for p, c in self.counts.items()},
                "totals": dict(sorted(totals.items()))}


@dataclass(frozen=True)
class Result:
    """A de-identified case (``data``, a mapping ready to write), its change log and the date map
    (original date to output date) a test can use to compare reviews."""

    data: dict
    log: dict
    dates: Callable[[dt.date], dt.date]

    @property
    def id(self) -> str:
        return self.data["id"]


def _digest(seed: int, *parts: str) -> bytes:
    return hashlib.sha256("\x1f".join([str(seed), *parts]).encode()).digest()


def first_date_of_service(case) -> dt.date:
    """Day 0: the earliest date of service (dated visits, visit-count ranges), else the start of
    the dates under review."""
    days = [v.date for v in case.visits] + [c.from_ for c in case.visit_counts]
    return min(days) if days else case.review.under_review.from_


def date_map(case, mode: str, seed: int) -> Callable[[dt.date], dt.date]:
    """The function every date of the case goes through: re-anchored (safe-harbor) or shifted."""
    if mode == "safe-harbor":
        anchor = first_date_of_service(case)
        new_zero = dt.date(anchor.year, 1, 1)
        return lambda d: new_zero + (d - anchor)
    low, high = SHIFT_DAYS
    offset = dt.timedelta(days=-(low + int.from_bytes(_digest(seed, "shift", case.id)[:4], "big") % (high - low + 1)))
    return lambda d: d + offset


class _Scrubber:
    """Applies the text rules, and the identifiers the case's own fields give, to one text."""

    def __init__(self, case, mode: str, dates: Callable[[dt.date], dt.date]):
        self.r = rules()
        self.mode, self.dates = mode, dates
        self.anchor = first_date_of_service(case)
        self.known = self._known(case)

    def _known(self, case) -> list[tuple[re.Pattern, str, str]]:
        """Identifiers given in the case's fields, as (pattern, token, category), longest first:
        whole values (names, MRN, member and claim ids, licence, NPI), then each word of a name."""
        found: dict[str, tuple[str, str, bool]] = {}
        surnames: set[str] = set()
        for path, spec in self.r.fields.items():
            for value in _values_at(case, path):
                if not isinstance(value, str) or not value.strip():
                    continue
                token, words = spec.get("token", "[" + spec["category"] + "]"), name_words(value)
                if spec.get("values") or words:
                    found.setdefault(value.strip(), (token, spec["category"], False))
                for word in words if spec.get("names") else ():
                    found.setdefault(word, (token, spec["category"], True))
                if spec.get("names") and len(words) > 1:  # a family name: a relative's given name
                    surnames.update(w for w in words[1:] if w != words[0])  # before it goes too
        out = []
        for value in sorted(found, key=len, reverse=True):
            token, cat, word = found[value]
            if word:  # a word of a name: as written, or in capitals (a name may also be a word)
                given = r"(?:[A-Z][a-z]+[ \t])?" if value in surnames else ""  # "Ana Whitfield"
                pat = re.compile(r"(?<![\w.])" + given + r"(?:[A-Z]\.[ \t]?){0,2}(?:" + re.escape(value) + "|"
                                 + re.escape(value.upper()) + r")(?![\w])")  # with its initials: "O. Brackenridge"
            else:
                pat = re.compile(r"(?<![\w])" + re.escape(value) + r"(?![\w])", re.IGNORECASE)
            out.append((pat, token, cat))
        return out

    def text(self, text: str, on: dt.date, path: str, log: Log) -> str:
        """``text`` with every identifier replaced; ``on`` (the record's date) places a date
        written without its year."""
        for pat, token, cat in self.known:
            text, n = pat.subn(token, text)
            log.add(path, cat, n)
        for rule in self.r.text:
            text = rule.pattern.sub(lambda m, rule=rule: self._replace(rule, m, on, path, log), text)
        return text

    def _replace(self, rule: Rule, m: re.Match, on: dt.date, path: str, log: Log) -> str:
        whole = m.group(0)
        if rule.kind == "date":
            new = self._date(rule, m, on)
        elif rule.kind == "age":
            age = int(m.group("n") or m.group("n2") or m.group("n3"))
            new = rule.token if age > 89 else None
        else:
            new = rule.token
        if new is None:
            return whole
        log.add(path, rule.category)
        if rule.group:
            s, e = m.span(rule.group)
            return whole[:s - m.start()] + new + whole[e - m.start():]
        return new

    def _date(self, rule: Rule, m: re.Match, on: dt.date) -> Optional[str]:
        g = m.groupdict()
        month = int(g["m"]) if g.get("m") else self.r.months.get((g.get("mon") or "")[:3].casefold())
        if month is None or not 1 <= month <= 12:
            return None
        if rule.short and not self._is_date(m, int(g["d"])):
            return None
        if not g.get("d"):  # a month alone, or a month and a year: an element of a date all the same
            return "[DATE month]" if self.mode == "safe-harbor" else self._month(month, g.get("y"), on)
        year = _year(g.get("y"), month, int(g["d"]), on)
        try:
            when = dt.date(year, month, int(g["d"]))
        except ValueError:
            return None if int(g["d"]) > 31 else "[DATE]"
        if (self.anchor - when).days > _OLDEST_DAYS:  # a date that tells an age over 89 (a birth date)
            return "[DATE]"
        if self.mode == "safe-harbor":
            return f"[DATE day {(when - self.anchor).days}]"
        return self.dates(when).isoformat()

    def _month(self, month: int, year: Optional[str], on: dt.date) -> str:
        shifted = self.dates(dt.date(int(year) if year else on.year, month, 15))
        return shifted.strftime("%B %Y") if year else shifted.strftime("%B")

    def _is_date(self, m: re.Match, day: int) -> bool:
        """A month and day without a year ("8/25") is a date, unless it reads as a score: a
        score word just before or after it, or a scale's denominator ("5/10", "4/5") with no
        date word ("on", "since") just before it."""
        before = m.string[max(0, m.start() - 24):m.start()]
        if day == 0 or day > 31:
            return False
        dated = self.r.dated.search(before) is not None
        scored = self.r.scored_before.search(before) or self.r.scored_after.match(m.string, m.end())
        return dated or (not scored and day not in self.r.scale_denominators)


def _year(written: Optional[str], month: int, day: int, on: dt.date) -> int:
    """The year of a date in a note: as written (two digits are 20xx), else the one that puts
    the date nearest the note's own date."""
    if written:
        return int(written) + (2000 if len(written) == 2 else 0)
    best = on.year
    for y in (on.year - 1, on.year, on.year + 1):
        try:
            if abs((dt.date(y, month, day) - on).days) < abs((dt.date(best, month, day) - on).days):
                best = y
        except ValueError:
            continue
    return best


def name_words(value: str) -> list[str]:
    """The words of a name field that are names: capitalised ("Reyes"), or in capitals and
    longer than an abbreviation ("REYES"); credentials and titles ("PT, DPT", "Dr") are not.

    >>> name_words("Dana Reyes, PT, DPT"), name_words("referring PCP")
    (['Dana', 'Reyes'], [])
    """
    words = [w.strip(".'") for w in re.split(r"[\s,]+", value)]
    # each part of a double-barrelled name is a name too: a relative may carry one of them
    words += [part for w in words if "-" in w for part in w.split("-") if len(part) > 2]
    return [w for w in words if len(w) > 1 and w.casefold() not in rules().not_names
            and (w[0].isupper() and any(c.islower() for c in w) or w.isupper() and len(w) > 4)]


def _values_at(case, path: str) -> list[Any]:
    """The values at a field path such as ``review.provider.name`` or ``documents[].author``."""
    nodes: list[Any] = [case]
    for part in path.split("."):
        many = part.endswith("[]")
        name = part[:-2] if many else part
        nxt = []
        for node in nodes:
            value = getattr(node, name, None)
            if value is None:
                continue
            nxt.extend(value if many else [value])
        nodes = nxt
    return nodes


def _generic(path: str) -> str:
    """``documents[3].author`` as the data file writes it: ``documents[].author``."""
    return re.sub(r"\[\d+\]", "[]", path)


#: values that are choices or codes of the format, not text: left as they are
_CHOICES = {"format", "service", "type", "line_of_business", "jurisdiction", "kind", "code", "sex", "onset", "grade",
            "unit"}


def deidentify(case, mode: str = "safe-harbor", seed: Optional[int] = None) -> Result:
    """A de-identified copy of a validated case (see the module's docstring); ``seed`` None
    draws one at random (the output is then not reproducible)."""
    if mode not in MODES:
        raise UsageError(f"--mode {mode!r}: use one of {', '.join(MODES)}")
    seed = secrets.randbits(63) if seed is None else seed
    r = rules()
    dates = date_map(case, mode, seed)
    scrub = _Scrubber(case, mode, dates)
    log = Log()
    data = case.model_dump(mode="json", by_alias=True, exclude_none=True, exclude_unset=True)
    doc_ids = {d.id: f"doc-{i + 1:03d}-{d.kind}" for i, d in enumerate(case.documents)}
    data["id"] = "DEID-" + _digest(seed, "id", case.id).hex()[:12].upper()
    log.add("id", "R")

    def walk(node: Any, path: str, on: dt.date) -> Any:
        if isinstance(node, dict):
            if isinstance(node.get("date"), str) and _ISO.match(node["date"]):
                on = dt.date.fromisoformat(node["date"])  # a record's own date places a yearless date
            out = {}
            for key, value in node.items():
                sub = f"{path}.{key}" if path else key
                new = field_value(sub, key, value, on)
                if new is not _DROP:
                    out[key] = new
            return out
        if isinstance(node, list):
            return [walk(v, f"{path}[{i}]", on) for i, v in enumerate(node)]
        return node

    def field_value(path: str, key: str, value: Any, on: dt.date) -> Any:
        spec = r.fields.get(_generic(path))
        if spec is not None and spec.get("kind") == "age":
            if value > 89:
                log.add(path, spec["category"])
                return 90
            return value
        if spec is not None and (spec.get("remove") == "always" or spec.get("remove") == mode):
            log.add(path, spec["category"])
            return _DROP
        if spec is not None and "token" in spec and (not spec.get("names") or name_words(value)):
            log.add(path, spec["category"])
            return spec["token"]
        if path == "id":
            return value
        if key == "id" and path.startswith("documents[") or key == "document" and path.startswith("visits["):
            if value != doc_ids.get(value, value):
                log.add(path, "R")
            return doc_ids.get(value, value)
        if isinstance(value, str) and _ISO.match(value):
            log.add(path, "C")
            return dates(dt.date.fromisoformat(value)).isoformat()
        if isinstance(value, str) and key not in _CHOICES:
            return scrub.text(value, on, path, log)
        return walk(value, path, on) if isinstance(value, (dict, list)) else value

    anchor = first_date_of_service(case)
    out = walk(data, "", anchor)
    out["deidentified"] = {"mode": mode, "rules": r.hash, "tool_version": __version__}
    record = {"format": "casekit-deid-log/1", "case": out["id"], "mode": mode, "safe_harbor": mode == "safe-harbor",
              "rules": r.hash, "tool_version": __version__, **log.to_dict()}
    return Result(out, record, dates)


_DROP = object()


class _Block(yaml.SafeDumper):
    """YAML with note text as ``|`` blocks, as a person writes a case file."""


_Block.add_representer(str, lambda dumper, s: dumper.represent_scalar(
    "tag:yaml.org,2002:str", s, style="|" if "\n" in s else None))


def write(case_path: str, out_dir: str, mode: str = "safe-harbor", seed: Optional[int] = None) -> dict[str, Path]:
    """De-identify the case file at ``case_path`` into ``out_dir``: ``<id>.yaml`` and
    ``<id>.deid-log.json``. Bad input raises before anything is written."""
    from .io import case_from_bytes, load_case
    from .render import atomic_write
    out = out_folder(out_dir)
    result = deidentify(load_case(case_path), mode, seed)
    text = yaml.dump(result.data, Dumper=_Block, sort_keys=False, allow_unicode=True, width=100)
    case_from_bytes(text.encode("utf-8"), f"{result.id}.yaml")  # what is written must read back as a case
    paths = {"case": out / f"{result.id}.yaml", "log": out / f"{result.id}.deid-log.json"}
    atomic_write(paths["case"], text.encode("utf-8"))  # never half a file; the folder is made
    atomic_write(paths["log"], (json.dumps(result.log, indent=2) + "\n").encode("utf-8"))
    return paths
