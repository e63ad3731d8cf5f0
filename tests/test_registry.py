"""The rule registry: one function per rule id, a second registration refused."""

from __future__ import annotations

import pytest

from casekit.rules import core


@pytest.fixture(autouse=True)
def own_registry(monkeypatch):
    """A copy of the registry for each test, so a failing test cannot leave a rule behind."""
    monkeypatch.setattr(core, "REGISTRY", core.REGISTRY.copy())


def test_registering_a_rule_id_twice_is_refused():
    before = list(core.REGISTRY.items())
    original = core.get("visits-over-benchmark")

    with pytest.raises(ValueError, match="rule 'visits-over-benchmark' registered twice"):
        @core.register("visits-over-benchmark")
        def impostor(ctx):  # pragma: no cover - never called
            raise AssertionError("an impostor rule ran")

    assert core.get("visits-over-benchmark") is original
    assert list(core.REGISTRY.items()) == before  # nothing added, nothing replaced, order kept


def test_a_new_rule_id_registers_once_then_is_refused():
    def first(ctx):  # pragma: no cover - never called
        raise AssertionError

    assert core.register("test-only-rule", fields=("days",))(first) is first
    assert core.get("test-only-rule").fn is first and core.get("test-only-rule").fields == ("days",)
    with pytest.raises(ValueError, match="registered twice"):
        core.register("test-only-rule")(lambda ctx: None)
    assert core.get("test-only-rule").fn is first


def test_an_unknown_rule_id_names_the_rules_there_are():
    with pytest.raises(KeyError, match="unknown rule 'visits-over-benchmrk' \\(did you mean 'visits-over-benchmark'\\?\\); rules: "):
        core.get("visits-over-benchmrk")
