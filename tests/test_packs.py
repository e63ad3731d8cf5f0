"""Packs are checked when they load: rule ids, settings, template fields, references; an edited
pack is read again; the decision policy and wording are pack data a payer can change."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import casekit
from casekit import packs
from casekit.errors import PackError
from conftest import SEED


def _pack(tmp_path, body: str, name: str = "payer.yaml"):
    path = tmp_path / name
    path.write_text("id: payer\nversion: '1'\ntitle: A payer's hip pack\nextends: hip-pain\n" + body)
    return str(path)


def _error(ref: str) -> str:
    with pytest.raises(PackError) as exc:
        packs.load(ref)
    return str(exc.value)


def test_a_misspelt_rule_id_is_an_error_naming_the_nearest(tmp_path):
    msg = _error(_pack(tmp_path, "rules:\n  visits-over-benchmrk:\n    severity: info\n"))
    assert "rules.visits-over-benchmrk: no such rule (did you mean 'visits-over-benchmark'?)" in msg


def test_a_misspelt_setting_is_an_error_naming_the_nearest(tmp_path):
    msg = _error(_pack(tmp_path, "settings:\n  gap_limt_days: {value: 90, source: casekit-defaults, "
                                 "tier: payer-setting}\n"))
    assert "settings.gap_limt_days: no rule or template uses this setting (did you mean 'gap_limit_days'?)" in msg


def test_an_unknown_template_field_is_an_error_at_load(tmp_path):
    msg = _error(_pack(tmp_path, "rules:\n  unexplained-gap:\n    statements:\n"
                                 "      fail: 'A gap of {gap_dayz} days.'\n"))
    assert "rules.unexplained-gap.statements.fail: {gap_dayz} is not a field here (did you mean 'gap_days'?)" in msg
    # a rule's own field is not available to another rule's template
    msg = _error(_pack(tmp_path, "rules:\n  visits-over-benchmark:\n    statements:\n"
                                 "      fail: 'Swings: {swing_detail}.'\n"))
    assert "rules.visits-over-benchmark.statements.fail: {swing_detail} is not a field here" in msg


def test_every_builtin_pack_composes_with_every_overlay():
    for pid in packs.builtin_ids():
        pack = packs.load(pid)
        assert pack.wording["summary.deny.visits"] and pack.hash
    # the checks pass on the shipped packs for every line of business
    for lob in ("commercial", "medicare", "medicaid"):
        case = casekit.load_case(SEED).model_copy(deep=True)
        object.__setattr__(case.review, "line_of_business", lob)
        packs.resolve(case)


def test_an_edited_pack_is_read_again_with_a_new_hash(tmp_path):
    path = _pack(tmp_path, "benchmarks:\n  - {codes: [M25.55], visits: 40, label: payer figure, basis: payer, "
                           "source: casekit-defaults, tier: payer-setting}\n")
    first = casekit.review(casekit.load_case(SEED), pack=path)
    assert first.metrics["benchmark_visits"] == 40
    text = open(path).read().replace("visits: 40", "visits: 25")
    with open(path, "w") as fh:
        fh.write(text)
    os.utime(path, ns=(1, 1))  # a different signature even within the clock's resolution
    second = casekit.review(casekit.load_case(SEED), pack=path)
    assert second.metrics["benchmark_visits"] == 25
    assert second.pack.hash != first.pack.hash


def test_an_edited_base_of_a_kept_pack_is_read_again(tmp_path):
    # the composed pack is kept between reviews: an edit to a file it extends must still count
    base = _pack(tmp_path, "benchmarks:\n  - {codes: [M25.55], visits: 40, label: payer figure, basis: payer, "
                           "source: casekit-defaults, tier: payer-setting}\n", "base.yaml")
    top = tmp_path / "top.yaml"
    top.write_text(f"id: top\nversion: '1'\ntitle: A plan's hip pack\nextends: {base}\n")
    first = casekit.review(casekit.load_case(SEED), pack=str(top))
    assert first.metrics["benchmark_visits"] == 40
    assert casekit.review(casekit.load_case(SEED), pack=str(top)).pack is first.pack  # kept, not rebuilt
    Path(base).write_text(Path(base).read_text().replace("visits: 40", "visits: 25"))
    os.utime(base, ns=(1, 1))
    second = casekit.review(casekit.load_case(SEED), pack=str(top))
    assert second.metrics["benchmark_visits"] == 25
    assert second.pack.hash != first.pack.hash


def test_a_payer_rewords_a_phrase_and_the_decision_policy(tmp_path):
    reworded = _pack(tmp_path, "wording:\n  summary.deny.retrospective: 'Denied: {what}. Why: {why}.'\n")
    r = casekit.review(casekit.load_case(SEED), pack=reworded)
    assert r.determination.summary.startswith("Denied: the 3 visits under review (2025-08-25 to 2025-08-29). Why: ")
    # with no rule allowed to approve part of a request, a request over the benchmark pends
    case = casekit.load_case("cases/hip-prospective-partial.yaml")
    assert casekit.review(case).decision == "partial"
    strict = _pack(tmp_path, "decision:\n  partial_on: []\n", "strict.yaml")
    assert casekit.review(case, pack=strict).decision == "pend"


def test_a_missing_wording_field_names_pack_template_and_fields(tmp_path):
    path = _pack(tmp_path, "wording:\n  summary.deny.retrospective: '{whta} were not necessary.'\n")
    with pytest.raises(PackError) as exc:
        casekit.review(casekit.load_case(SEED), pack=path)
    msg = str(exc.value)
    assert msg.startswith("pack payer: wording.summary.deny.retrospective: the template names {whta}")
    assert "available: " in msg and "what" in msg.split("available: ")[1].split(", ")


def test_packs_fields_lists_what_each_template_may_use():
    out = subprocess.run([sys.executable, "-m", "casekit.cli", "packs", "--fields"], capture_output=True,
                         text=True, check=True).stdout
    assert "rules.unexplained-gap: also gap_days, gap_months, gap_from, gap_to" in out
    for name in ("course_visits", "benchmark_visits", "gap_limit_days", "pack_title"):
        assert name in out.split("every template")[1].split("rules.")[0]


def test_a_folder_or_file_named_like_a_pack_does_not_shadow_it(tmp_path, monkeypatch):
    """`casekit report ... --out neck` leaves a folder `neck` in the current folder; the neck pack
    is still the builtin one there (it was once read as a pack file, "Is a directory")."""
    import casekit
    from conftest import CASES
    (tmp_path / "hip-pain").mkdir()
    (tmp_path / "general-rehab").write_text("not a pack", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    review = casekit.review(casekit.load_case(CASES / "hip-seed.yaml"))
    assert [layer.split("@")[0] for layer in review.pack.layers] == ["general-rehab", "hip-pain"]
    # a path with a folder in it means the file: here, one that is not a pack
    from casekit.errors import CasekitError
    with pytest.raises(CasekitError, match="general-rehab"):
        casekit.review(casekit.load_case(CASES / "hip-seed.yaml"), pack="./general-rehab")
