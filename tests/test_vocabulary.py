"""The vocabulary as checked data: words.yaml and context.yaml load, and a bad entry is refused
with the file, the entry and the problem; a pack's region terms reach the reader."""

from __future__ import annotations

import datetime

import pytest
import yaml

from casekit import context, terms
from casekit.errors import PackError
from casekit.evidence import Vocabulary, extract_text


def _rules(tmp_path, rule: dict):
    path = tmp_path / "context.yaml"
    path.write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    return context.load_rules(path)


def test_context_rules_load_and_compose_the_negation_patterns():
    cats = {r.category for r in context.RULES}
    assert {"NEGATED_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY", "OTHER_SIDE", "PSEUDO", "TERMINATE"} <= cats
    assert "denies" in context.NEG_CUE and context.POST_NEG.startswith("^")


@pytest.mark.parametrize("rule,message", [
    ({"category": "NEGATED", "direction": "FORWARD", "pattern": "no"}, "category 'NEGATED'"),
    ({"category": "FAMILY", "direction": "SIDEWAYS", "pattern": "mom"}, "direction 'SIDEWAYS'"),
    ({"category": "FAMILY", "direction": "FORWARD", "pattern": "(mom"}, "does not compile"),
    ({"category": "FAMILY", "direction": "FORWARD", "pattern": "mom", "scope": 3}, "unknown key 'scope'"),
    ({"category": "FAMILY", "direction": "FORWARD", "pattern": "mom", "max_scope": -1}, "max_scope -1"),
    ({"category": "FAMILY", "direction": "FORWARD", "pattern": "mom", "allowed_kinds": ["pian"]}, "'pian'"),
])
def test_a_bad_context_rule_is_refused(tmp_path, rule, message):
    with pytest.raises(PackError, match="context.yaml: rules\\[0\\]") as exc:
        _rules(tmp_path, rule)
    assert message in str(exc.value)


def test_words_refuse_unknown_names_bad_patterns_and_unknown_references(tmp_path):
    raw = yaml.safe_load((terms.DIR / "words.yaml").read_text(encoding="utf-8"))
    for change, message in [({"COLOUR": "red"}, "unknown name 'COLOUR'"),
                            ({"PAIN_KW": "(pain"}, "PAIN_KW: pattern does not compile"),
                            ({"PAIN_KW": "${NOPE}"}, "unknown pattern ${NOPE}"),
                            ({"SIDES": ["r"]}, "SIDES: expected a mapping")]:
        path = tmp_path / "words.yaml"
        path.write_text(yaml.safe_dump({**raw, **change}), encoding="utf-8")
        with pytest.raises(PackError) as exc:
            terms.load_words(path)
        assert message in str(exc.value)


def test_a_pack_adds_region_terms_and_bad_ones_are_refused():
    text = "YTWs 3x10 on incline bench."
    day = datetime.date(2025, 1, 6)
    assert not [f for f in extract_text("t", day, text) if f.kind == "exercise"]
    vocab = Vocabulary(terms.extend({"EXERCISE": ["Y-?T-?Ws?"]}, "shoulder.yaml"))
    ex = [f for f in extract_text("t", day, text, vocab) if f.kind == "exercise"]
    assert ex and ex[0].get("has_sets_reps")
    added = terms.extend({"tables": {"skilled-care": [["scapular stabilization", r"\bscap stab\b"]]}}, "p")
    names = {f.name for f in extract_text("t", day, "Scap stab drills today.", Vocabulary(added))}
    assert "scapular stabilization" in names
    for bad, message in [({"COLOUR": ["x"]}, "vocabulary.COLOUR: unknown key"),
                         ({"tables": {"pain": []}}, "unknown finding kind 'pain'"),
                         ({"EXERCISE": ["(x"]}, "does not compile")]:
        with pytest.raises(PackError, match=message):
            terms.extend(bad, "p")


def test_the_shoulder_pack_reads_its_own_exercise_names():
    from casekit import packs

    vocab = packs.vocabulary_for(packs.load("shoulder"))
    text = "YTWs 3x10 on incline bench."
    assert not any(f.kind == "exercise" for f in extract_text("t", datetime.date(2025, 1, 6), text))
    assert any(f.kind == "exercise" for f in extract_text("t", datetime.date(2025, 1, 6), text, vocab))
