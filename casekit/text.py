"""Small wording helpers shared by the rules, the review figures and the determination.

>>> count(1, "visit"), count(18, "visit"), article(8), fmt_num(2.5)
('1 visit', '18 visits', 'an', '2.5')
"""

from __future__ import annotations

from typing import Optional


def fmt_num(x: float) -> str:
    """3.0 -> "3", 2.5 -> "2.5"."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def lower_first(text: str) -> str:
    """"Pain in left hip" reads mid-sentence as "pain in left hip"; acronyms ("HEP") keep their case."""
    return text[0].lower() + text[1:] if text[1:2].islower() else text


def article(x: float) -> str:
    """'an' before numbers read with a vowel sound (8, 11, 18, 80-89, 800...), else 'a'."""
    whole = str(int(x))
    return "an" if whole.startswith("8") or whole in ("11", "18") or (
        len(whole) in (5, 6) and whole[:2] in ("11", "18")) else "a"


def count(n: float, word: str, plural: Optional[str] = None) -> str:
    """"1 visit", "18 visits", "1.5 times"."""
    return f"{fmt_num(n)} {word if n == 1 else plural or word + 's'}"
