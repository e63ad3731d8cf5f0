"""Reading and reviewing stay linear in the size of a case (issue 11): the work is counted, never
timed. A sentence is split without copying the rest of the note, is at most
``limits.MAX_SENTENCE_CHARS`` long, and is read on its own; a review of four times the visits does
about four times the comparisons; the cloned-notes rule compares a bounded number of notes; side
readings are paired by their neighbours, not by every pair. ``bench/scale_bench.py`` measures the
times these counts stand for.
"""

from __future__ import annotations

import datetime as dt
import difflib
import random
import sys

import pytest

import casekit
from casekit import context, evidence, limits
from casekit.evidence import _sentences, extract_text
from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from scale_bench import case_with_note, case_with_visits, note_text  # noqa: E402

DAY = dt.date(2025, 9, 8)


class _Sliced(str):
    """A text that counts the characters of every slice taken of it."""

    chars = 0

    def __getitem__(self, key):
        part = str.__getitem__(self, key)
        _Sliced.chars += len(part)
        return part


def _wrapped_lower(chars: int) -> str:
    """Hard-wrapped lines that go on in lower case and never end a sentence: one sentence to a
    reader, however long (the input the old splitter copied the rest of the note for at every line)."""
    rng, words = random.Random(3), ("pt tolerated bridges and clams with cues for form knee pain "
                                    "reported after stairs hip abd strength improving walking tolerance").split()
    text = " ".join(rng.choice(words) for _ in range(chars // 5))[:chars]
    return "\n".join(text[i:i + 70] for i in range(0, len(text), 70))


def _stops(chars: int) -> str:
    """Full stops that end no sentence (each after an abbreviation, most before a word in lower
    case): one sentence to a reader, however long."""
    block = ("pt. reports R knee pain 4/10 vs. 6/10 x 3 wks. and denies numbness for 2 mins. after 3x10 reps. "
             "with 5 lb. and 30 sec. holds, hx. of fever e.g. last wk. ")
    return (block * (chars // len(block) + 1))[:chars]


def _check_spans(text: str, spans) -> None:
    """Spans in order, trimmed, each at most the cap, together holding every non-space character."""
    assert all(b - a <= limits.MAX_SENTENCE_CHARS for a, b in spans)
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)
    assert sum(len("".join(text[a:b].split())) for a, b in spans) == len("".join(text.split()))


def test_splitting_copies_each_character_a_bounded_number_of_times():
    # the old splitter sliced off the rest of the note at every newline and full stop: quadratic
    text = _Sliced(_wrapped_lower(20_000) + "\n" + _stops(20_000) + "\n" + note_text(20_000, "wrapped"))
    _Sliced.chars = 0
    spans = _sentences(text)
    assert spans and _Sliced.chars <= 3 * len(text)


@pytest.mark.parametrize("make", [
    lambda: ("walked to the park with her dog and rested on a bench " * 40_000)[:2_000_000],  # no full stop
    lambda: "x" * 2_000_000,  # no space to cut at either
    lambda: _wrapped_lower(256_000),
], ids=["2MB-line", "2MB-no-space", "256KB-wrapped-lower"])
def test_a_sentence_is_capped_and_the_pieces_cover_the_text(make):
    text = make()
    spans = _sentences(text)
    _check_spans(text, spans)
    assert len(spans) >= len(text) // limits.MAX_SENTENCE_CHARS
    # a cut falls at a space where the window has one
    if " " in text:
        assert all(text[b].isspace() for _, b in spans[:-1])


def _fresh() -> None:
    """Forget the sentences read before (the reader caches them): each reading below is done anew."""
    for cache in (getattr(evidence, "_read", None), context._modifiers):
        if cache is not None:
            cache.cache_clear()


def _key(f):
    return (f.kind, f.name, f.value, f.unit, f.negated, f.context, f.quote, f.detail)


@pytest.mark.parametrize("text", [_stops(100_000), _wrapped_lower(128_000)], ids=["100KB-stops", "128KB-wrapped"])
def test_a_long_note_reads_as_its_sentences_read_alone(text):
    # the old reader took minutes here (one sentence of the whole note, read at every reading in it)
    _fresh()
    found = extract_text("n", DAY, text)
    alone = []
    for a, b in _sentences(text):
        _fresh()
        alone += extract_text("n", DAY, text[a:b])
    assert found and [_key(f) for f in found] == [_key(f) for f in alone]
    assert max(len(f.quote) for f in found) <= limits.MAX_SENTENCE_CHARS


@pytest.mark.slow  # a few seconds: the 2 MB line above is only split
def test_a_megabyte_line_is_read_in_capped_sentences():
    text = ("walked to the park with her dog, R knee pain 3/10 after, denies numbness or fever and then "
            "rested on a bench while her husband did the shopping at the market ") * 6_000
    found = extract_text("n", DAY, text[:1_000_000])
    quotes = {text[a:b] for a, b in _sentences(text[:1_000_000])}
    assert len(found) > 1_000 and all(f.quote in quotes for f in found)
    assert max(len(f.quote) for f in found) <= limits.MAX_SENTENCE_CHARS


def test_a_repeated_sentence_is_read_once_in_each_context(monkeypatch):
    # notes repeat their sentences (templates, notes copied forward): each is read once for each
    # thing the note said before it that changes its reading (here, the side named uninvolved)
    reads = []
    side = evidence._side

    def counted(s):
        reads.append(s.text)
        return side(s)

    monkeypatch.setattr(evidence, "_EXTRACTORS", [counted if fn is side else fn for fn in evidence._EXTRACTORS])
    _fresh()
    found = [f for f in extract_text("n", DAY, "L knee flex 130 deg. " * 200 + "L knee uninvolved. "
                                     + "L knee flex 130 deg. " * 200) if f.kind == "side"]
    assert reads == ["L knee flex 130 deg.", "L knee uninvolved.", "L knee flex 130 deg."]
    assert [f.context for f in found] == [None] * 200 + ["other-side"] * 201
    assert {(f.document, f.date) for f in found} == {("n", DAY)}


def _counting(op: str):
    def compare(self, other):
        _Counted.compared += 1
        return getattr(dt.date, op)(self, other)
    return compare


class _Counted(dt.date):
    """A date that counts the comparisons made of it."""

    compared = 0
    __hash__ = dt.date.__hash__
    __lt__, __le__, __gt__, __ge__ = _counting("__lt__"), _counting("__le__"), _counting("__gt__"), _counting("__ge__")
    __eq__, __ne__ = _counting("__eq__"), _counting("__ne__")


def _counted_case(n: int):
    """The knee case with ``n`` daily visits and notes, every date one that counts comparisons."""
    case = case_with_visits(n)
    counted = lambda d: _Counted(d.year, d.month, d.day)  # noqa: E731
    window = case.review.under_review
    return case.model_copy(update={
        "visits": [v.model_copy(update={"date": counted(v.date)}) for v in case.visits],
        "documents": [d.model_copy(update={"date": counted(d.date)}) for d in case.documents],
        "review": case.review.model_copy(update={"under_review": window.model_copy(update={
            "from_": counted(window.from_), "to": counted(window.to)})})})


def _comparisons(n: int) -> int:
    case = _counted_case(n)
    _Counted.compared = 0
    # no gap allowed: every visit its own episode, the most the timeline's per-episode work can be
    review = casekit.review(case, settings={"gap_limit_days": 0})
    review.to_json()
    assert len(review.timeline.episodes) == n and len(review.lines) >= n
    return _Counted.compared


def test_review_work_grows_linearly_with_the_visits():
    # per episode, the old timeline compared every service (and every visit, for re-evaluations):
    # 4x the visits made ~16x the date comparisons
    small, large = _comparisons(100), _comparisons(400)
    assert large <= 6 * small


def test_cloned_notes_compare_a_bounded_number_of_notes(monkeypatch):
    made = []

    class Counting(difflib.SequenceMatcher):
        def __init__(self, *args, **kw):
            made.append(1)
            super().__init__(*args, **kw)

    monkeypatch.setattr(difflib, "SequenceMatcher", Counting)
    n = 300
    review = casekit.review(case_with_visits(n))  # each visit a short daily note from three templates
    assert review.check("cloned-notes").values["cloned_count"] == n - 1  # the evaluation is not a daily note
    assert len(made) <= limits.CLONED_NOTES_COMPARED * n


def _all_pairs(texts, share):
    """The cloned-notes rule as it was: every pair of notes compared."""
    from casekit.rules.care import _words
    words, cloned = [_words(t) for t in texts], set()
    for i in range(len(words)):
        for j in range(i + 1, len(words)):
            m = difflib.SequenceMatcher(None, words[i], words[j], autojunk=False)
            if m.quick_ratio() >= share and m.ratio() >= share:
                cloned |= {i, j}
    return cloned


def test_cloned_notes_find_what_comparing_every_pair_finds():
    from casekit.rules.care import cloned_indices
    rng = random.Random(7)
    base = ["S: Pt reports less knee pain, NPRS 3/10. O: TE: SLR 3x10 @ 3#; bridges 2x15. A: Tol well. P: Cont POC.",
            "Pt seen for R knee OA. Manual therapy to the patellofemoral joint, step-downs 4 inch 3x8, cues for valgus.",
            "Walked 30 min with grandkids; no swelling. Progressed leg press to 70 lb, added lateral band walks."]

    def variant(text):
        chars = list(text)
        for _ in range(rng.randint(0, 15)):
            chars.insert(rng.randrange(len(chars)), rng.choice("abcdefgh "))
        return "".join(chars)

    for size in (3, 5, 8, 12, 20, 30, limits.CLONED_NOTES_COMPARED + 1):  # all pairs within the window
        texts = [variant(rng.choice(base)) for _ in range(size)]
        for share in (0.9, 0.8):
            assert cloned_indices(texts, share) == _all_pairs(texts, share)


def test_side_readings_are_paired_by_their_neighbours(monkeypatch):
    # R and L readings in alternate sentences: the old rule searched the note for every pair of them
    rng = random.Random(5)
    text = " ".join(f"R knee flex {rng.randint(80, 140)} deg. L knee flex {rng.randint(80, 140)} deg."
                    for _ in range(600))
    searched = []

    class Note(str):
        def find(self, *args):
            searched.append(1)
            return str.find(self, *args)

    case, _ = case_with_note(text)
    docs = [case.documents[0].model_copy(update={"text": Note(text)}), *case.documents[1:]]
    review = casekit.review(case.model_copy(update={"documents": docs}))
    assert review.check("laterality-mismatch") is not None
    assert 0 < len(searched) <= 2 * len(_sentences(text))
