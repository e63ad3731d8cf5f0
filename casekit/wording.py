"""Wording: every sentence casekit writes is a template of the pack in force, filled here.

The English lives in data: a pack's ``statements``, ``reason``, ``pitfall``, ``standards`` and
``documentation`` templates, and its ``wording`` table (phrases shared by every pack ship in
``casekit/packs/common/wording.yaml``; a pack or payer file overrides any of them by key).
Code never writes a sentence: it computes typed values (numbers, dates, lists) and, where a
sentence is made of parts, a :class:`Phrase` naming the template for each part. :func:`fill` is
the one place a template meets its values, with one policy for a missing field: a
:class:`~casekit.errors.PackError` naming the pack, the template, the field and the fields that
are available.

Format specifications beyond Python's own, for the wording a payer writes::

    {visits:count:visit}        -> "1 visit" / "18 visits" ({n:count:time:times} for irregular plurals)
    {visits:plural:visit}       -> "visit" / "visits" (the word alone)
    {gap_days:an}               -> "a" / "an" (the article read before the number; {x:An} at a
                                   sentence's start)
    {ratio:num}                 -> 2.5 not 2.50; 3 not 3.0
    {description:lower}         -> "pain in left hip" (first letter, acronyms kept)
    {text:cap}                  -> "The …" (first letter upper-cased)
    {dollars:money}             -> "$2,480"

>>> fill_text("{n:count:visit} and {d:an} {d}-day gap", {"n": 18, "d": 168})
'18 visits and a 168-day gap'
>>> count(1, "visit"), article(8), fmt_num(2.5)
('1 visit', 'an', '2.5')
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional

from .errors import PackError


# --- numbers and small words -------------------------------------------------------------------

def fmt_num(x: float) -> str:
    """3.0 -> "3", 2.5 -> "2.5"."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def lower_first(text: str) -> str:
    """"Pain in left hip" reads mid-sentence as "pain in left hip"; acronyms ("HEP", "MRI") keep
    their case."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def cap_first(text: str) -> str:
    """"the 3 visits" -> "The 3 visits"."""
    return text[:1].upper() + text[1:]


def article(x: float) -> str:
    """'an' before numbers read with a vowel sound (8, 11, 18, 80-89, 800...), else 'a'."""
    whole = str(int(x))
    return "an" if whole.startswith("8") or whole in ("11", "18") or (
        len(whole) in (5, 6) and whole[:2] in ("11", "18")) else "a"


def count(n: float, word: str, plural: Optional[str] = None) -> str:
    """"1 visit", "18 visits", "1.5 times"."""
    return f"{fmt_num(n)} {plural_of(n, word, plural)}"


def plural_of(n: float, word: str, plural: Optional[str] = None) -> str:
    return word if n == 1 else plural or word + "s"


# --- typed phrases ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Phrase:
    """A part of a sentence, as data: the ``wording`` key of its template and its values.

    >>> Phrase("gap.edge-before", {"kind": "visit"})   # doctest: +SKIP
    """

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)


#: How a list of phrases or values becomes one phrase.
JOIN_STYLES = {
    "and": (", ", " and "),          # a, b and c
    "semicolons": ("; ", "; and "),  # a; b; and c (two items: "a and b")
    "semicolon-list": ("; ", "; "),  # a; b; c
    "comma-list": (", ", ", "),      # a, b, c
    "sentences": (" ", " "),         # A. B.
    "plus": (" + ", " + "),          # a + b + c
    "numbered": ("; ", "; "),        # (1) a; (2) b
}


@dataclass(frozen=True)
class Joined:
    """Several phrases (or values) read as one, joined in a named style (:data:`JOIN_STYLES`)."""

    items: tuple
    style: str = "and"


def join(items: Iterable[str], style: str = "and") -> str:
    """Join words in prose: ``join(["a", "b", "c"])`` -> "a, b and c"; empty items are dropped,
    and an item that reads exactly like an earlier one is listed once ("pain-free on 2025-05-12"
    said in three sentences of one note is one report).

    >>> join(["a", "b", "c"]), join(["a", "b", "c"], "semicolons"), join(["a", "b"], "semicolons")
    ('a, b and c', 'a; b; and c', 'a and b')
    >>> join(["a", "b", "a"])
    'a and b'
    """
    items = list(dict.fromkeys(i for i in items if i))
    if style == "numbered":  # (1) a; (2) b
        return "; ".join(f"({n}) {text}" for n, text in enumerate(items, start=1))
    sep, last = JOIN_STYLES[style]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2 and style == "semicolons":
        return " and ".join(items)
    return sep.join(items[:-1]) + last + items[-1]


# --- filling ------------------------------------------------------------------------------------

_PLAIN_FIELD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@functools.lru_cache(maxsize=8192)
def _parsed(template: str) -> Optional[tuple[tuple[str, Optional[str], str, Optional[str]], ...]]:
    """A template's parts as :meth:`string.Formatter.parse` gives them, parsed once per template;
    None when a field is more than a plain name with a flat spec (``{a.b}``, ``{0}``, ``{x:{w}}``),
    which :class:`string.Formatter` then fills the long way."""
    parts = tuple(string.Formatter().parse(template))
    plain = all(name is None or (_PLAIN_FIELD.fullmatch(name) and "{" not in (spec or ""))
                for _, name, spec, _ in parts)
    return parts if plain else None


class _Filler(string.Formatter):
    def __init__(self, wording: Mapping[str, str], pack_id: str, where: str):
        self.wording, self.pack_id, self.where = wording, pack_id, where

    def vformat(self, format_string, args, kwargs):
        """As :meth:`string.Formatter.vformat`, from the template's parts parsed once (the
        values are read where they are, never copied)."""
        parts = _parsed(format_string)
        if parts is None:
            return super().vformat(format_string, args, kwargs)
        out = []
        for literal, name, spec, conversion in parts:
            if literal:
                out.append(literal)
            if name is not None:
                value = self.get_value(name, args, kwargs)
                out.append(self.format_field(self.convert_field(value, conversion) if conversion else value,
                                             spec or ""))
        return "".join(out)

    def get_value(self, key, args, kwargs):
        try:
            return kwargs[key]
        except KeyError:
            raise PackError(f"pack {self.pack_id}: {self.where}: the template names {{{key}}}, which "
                            f"is not available here; available: {', '.join(sorted(kwargs))}") from None

    def format_field(self, value, spec: str) -> str:
        value = self.render(value)
        if not spec:
            return "" if value is None else str(value)
        name, _, arg = spec.partition(":")
        if name in ("count", "plural"):
            word, _, plural = arg.partition(":")
            return count(value, word, plural or None) if name == "count" else plural_of(value, word, plural or None)
        if name == "an":
            return article(value)
        if name == "An":
            return cap_first(article(value))
        if name == "num":
            return fmt_num(value)
        if name == "lower":
            return lower_first(str(value))
        if name == "cap":
            return cap_first(str(value))
        if name == "money":
            return f"${value:,.0f}"
        return super().format_field(value, spec)

    def render(self, value):
        if isinstance(value, Phrase):
            template = self.wording.get(value.key)
            if template is None:
                raise PackError(f"pack {self.pack_id}: {self.where}: no wording named {value.key!r} "
                                "(add it under `wording:` in the pack)")
            sub = _Filler(self.wording, self.pack_id, f"wording.{value.key}")
            return sub.vformat(template, (), value.values)
        if isinstance(value, Joined):
            return join([str(self.render(v)) for v in value.items], value.style)
        if isinstance(value, (list, tuple)):
            return join([str(self.render(v)) for v in value])
        return value


def fill(pack, where: str, template: str, values: Mapping[str, Any]) -> str:
    """Fill one of ``pack``'s templates; ``where`` names it in errors (``rules.x.statements.fail``).

    White space is folded, so a YAML folded block reads as one sentence.
    """
    return tidy(_Filler(pack.wording, pack.id, where).vformat(template, (), values))


def phrase(pack, value: Any, where: str = "wording") -> str:
    """A :class:`Phrase`, :class:`Joined` or plain value as text under ``pack``'s wording."""
    return tidy(str(_Filler(pack.wording, pack.id, where).render(value)))


def say(pack, key: str, **values) -> str:
    """One of ``pack``'s wording templates by key, filled: ``say(pack, "banner.case")``."""
    return phrase(pack, Phrase(key, values), f"wording.{key}")


def fill_text(template: str, values: Mapping[str, Any]) -> str:
    """Fill a template that needs no wording table (doctests, tools)."""
    return _Filler({}, "-", "template").vformat(template, (), dict(values))


_SPACES = re.compile(r"\s+")


def tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def first_clause(statement: str) -> str:
    """A statement's first sentence without its full stop, to stand inside another sentence."""
    return lower_first(statement.split(". ")[0].rstrip("."))


def fields_of(template: str) -> set[str]:
    """The field names a template uses: ``fields_of("{a} and {b:num}")`` -> {"a", "b"}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name} if template else set()
