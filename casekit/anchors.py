"""Literal anchors of a regular expression: words any match must contain, for a cheap prefilter.

``anchors(pattern)`` returns a set of lower-case strings such that every match of ``pattern``
contains at least one of them, or ``None`` when no such set can be read from the pattern (an
alternative that starts with a character class, say). The evidence reader skips a pattern whose
anchors are all absent from a sentence: a substring test is far cheaper than a regex search with
dozens of case-insensitive alternatives, and most sentences name none of a table's words.

>>> sorted(anchors(r"\\b(?:moist )?hot ?packs?\\b|\\bice packs?\\b"))
['ice pack', 'pack']
>>> anchors(r"\\d+ lb|[A-Z]+") is None
True
"""

from __future__ import annotations

from functools import lru_cache

try:  # Python 3.11+: the parser lives at re._parser
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre  # type: ignore[no-redef]

_MIN_LEN = 2  # an anchor of one letter filters nothing


def _seq(items) -> set[str] | None:
    """Anchors of a sequence: the most selective anchor set among its mandatory parts (a run of
    literal characters is one string)."""
    best: set[str] | None = None
    run = ""

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if found and all(len(a) >= _MIN_LEN for a in found):
            # fewer, longer anchors filter better
            if best is None or min(map(len, found)) > min(map(len, best)) and len(found) <= len(best):
                best = found

    for op, av in items:
        if op is _sre.LITERAL:
            run += chr(av).lower()
            continue
        consider({run} if run else None)
        run = ""
        if op is _sre.SUBPATTERN:
            consider(_seq(av[-1]))
        elif op is _sre.BRANCH:
            consider(_branch(av[1]))
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)) and av[0] >= 1:
            consider(_seq(av[2]))
        elif op is getattr(_sre, "ATOMIC_GROUP", None):
            consider(_seq(av))
        # AT, ASSERT, ASSERT_NOT, IN, ANY, NOT_LITERAL, optional repeats: nothing mandatory to read
    consider({run} if run else None)
    return best


def _branch(branches) -> set[str] | None:
    out: set[str] = set()
    for b in branches:
        found = _seq(b)
        if not found:
            return None  # one alternative without anchors: any sentence may match it
        out |= found
    return out


@lru_cache(maxsize=4096)
def anchors(pattern: str) -> frozenset[str] | None:
    """See the module docstring. ``None`` when the pattern offers no anchors."""
    try:
        found = _seq(_sre.parse(pattern))
    except Exception:  # noqa: BLE001 - an unparseable pattern simply gets no prefilter
        return None
    return frozenset(found) if found else None


@lru_cache(maxsize=4096)
def prefixes(pattern: str) -> frozenset[str] | None:
    """The first three letters (or all, if shorter) of each of ``pattern``'s anchors: a text that
    holds none of them as a substring cannot match (see :func:`grams`)."""
    found = anchors(pattern)
    return None if found is None else frozenset(a[:3] for a in found)


def grams(low: str) -> frozenset[str]:
    """Every substring of two and of three characters of a lower-cased text: ``prefixes(p)``
    disjoint from it means no anchor of ``p`` is in the text."""
    return frozenset([low[i:i + 3] for i in range(len(low) - 2)] + [low[i:i + 2] for i in range(len(low) - 1)])
