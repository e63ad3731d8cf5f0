"""casekit.anchors: the words read from a pattern are a true prefilter: wherever the pattern
matches a sentence of the corpus, one of its words is in that sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import corpus, terms
from casekit.anchors import anchors
from casekit.evidence import DEFAULT, _sentences

ROOT = Path(__file__).parent / "corpus"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    out = []
    for e in corpus.load(ROOT / "dev", ROOT / "heldout"):
        out += [e.text[a:b] for a, b in _sentences(e.text)]
    return out


def test_anchors_of_simple_patterns():
    assert anchors(r"\bice packs?\b") == {"ice pack"}
    assert anchors(r"\b(?:moist )?hot ?packs?\b|\bTENS\b") == {"pack", "tens"}
    assert anchors(r"\d+ lb|[A-Z]+") is None  # an alternative without a literal: no prefilter
    assert anchors(r"(?:very )?sore") == {"sore"}


def test_every_vocabulary_pattern_s_anchors_are_in_every_sentence_it_matches(sentences):
    patterns = [rx for table in DEFAULT.tables.values() for _, rx, _ in table] + [DEFAULT.exercise]
    import re
    patterns += [re.compile(p, re.I) for p in (terms.PAIN_FREE, terms.BETTER, terms.WORSE, terms.SORE,
                                               terms.UNCHANGED, terms.BODY_REV)]
    checked = 0
    for rx in patterns:
        anc = anchors(rx.pattern)
        if anc is None:
            continue
        for s in sentences:
            if rx.search(s):
                checked += 1
                assert any(a in s.lower() for a in anc), (rx.pattern[:60], s)
    assert checked > 500


def test_prefixes_and_grams_prefilter_soundly():
    from casekit.anchors import grams, prefixes

    pre = prefixes(r"\bice packs?\b|\bTENS\b")
    assert pre == {"ice", "ten"}
    assert not pre.isdisjoint(grams("moist heat, ice pack x10 min"))
    assert pre.isdisjoint(grams("hot pack x10 min"))
    assert not prefixes(r"\bCP\b").isdisjoint(grams("denies cp or sob"))  # two-letter anchors too
