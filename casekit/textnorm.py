"""One normal form for note text, typed or extracted from a PDF, before casekit reads it.

Text from a PDF (or typed in a word processor) writes ``isn't`` as ``isn’t`` (U+2019), ``fi`` as
the ligature ``ﬁ`` and breaks words across lines with a hyphen. casekit's negation cues are
written with ASCII quotes, so ``isn’t`` would not negate: the measured trap of
``inputs-and-training.md`` §0.7 (trap 1) and §A3. :func:`normalise` maps the text to NFC, typographic
quotes to ASCII, ligatures to their letters, and (for extracted text) joins words hyphenated at a
line end.

>>> normalise("Her R hip isn’t hurting; “better” ﬁrst")
'Her R hip isn\\'t hurting; "better" first'
>>> normalise("strengthen-\\ning", join_hyphens=True)
'strengthening'
"""

from __future__ import annotations

import re
import unicodedata

#: quotes, primes and invisible characters mapped one to one (or removed: a soft hyphen)
_CHARS = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u00ad": None, "\u200b": None, "\ufeff": None,
    # Unicode's presentation-form ligatures (U+FB00-FB06): NFC keeps them, NFKC would also fold
    # fractions and superscripts a note may mean ("5½", "m²")
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
    "\ufb06": "st",
})
# a word broken at a line end: "strength-\nening"; a hyphen before a capital or digit is kept
# ("R hip-\nL hip" is a list, "5-\n10" a range)
_HYPHENATED = re.compile(r"(?<=[A-Za-z])-[ \t]*\n[ \t]*(?=[a-z])")


def normalise(text: str, join_hyphens: bool = False) -> str:
    """``text`` in NFC with ASCII quotes and without ligatures; ``join_hyphens`` (for text
    extracted from a page, whose line ends are the page's, not the writer's) also joins words
    hyphenated at a line end.

    >>> normalise("Pain 3/10, didn’t need ice")
    "Pain 3/10, didn't need ice"
    """
    out = unicodedata.normalize("NFC", text).translate(_CHARS)
    return _HYPHENATED.sub("", out) if join_hyphens else out
