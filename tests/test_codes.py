"""Tests for casekit.codes: the code table, side and body part read from descriptions."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from casekit import codes
from casekit.codes import SIDED_PARTS, SPINE_PARTS, body_part_of, describe, matches, normalise_code, side_of

# Codes that name no body region: aftercare and postprocedural states, "unspecified joint".
NO_REGION = {"M25.50", "Z47.1", "Z47.89", "Z98.890"}


@pytest.mark.parametrize("code,part,side", [
    # hip (the existing pack) and its additions
    ("M25.552", "hip", "left"), ("M16.0", "hip", "bilateral"), ("M16.9", "hip", "unspecified"),
    ("M16.7", "hip", None), ("M70.61", "hip", "right"), ("Z96.643", "hip", "bilateral"),
    ("S73.102A", "hip", "left"), ("S76.111D", "hip", "right"), ("S70.12XA", "hip", "left"),
    # knee
    ("M17.11", "knee", "right"), ("M17.0", "knee", "bilateral"), ("M17.9", "knee", "unspecified"),
    ("M22.2X2", "knee", "left"), ("M22.40", "knee", "unspecified"), ("M23.211", "knee", "right"),
    ("S83.242D", "knee", "left"), ("S83.511A", "knee", "right"), ("M23.619", "knee", "unspecified"),
    ("M94.262", "knee", "left"), ("Z96.651", "knee", "right"), ("Z96.653", "knee", "bilateral"),
    # shoulder
    ("M25.511", "shoulder", "right"), ("M75.02", "shoulder", "left"), ("M75.101", "shoulder", "right"),
    ("M75.122", "shoulder", "left"), ("M75.40", "shoulder", "unspecified"), ("S46.011D", "shoulder", "right"),
    ("Z96.612", "shoulder", "left"), ("M25.611", "shoulder", "right"),
    # ankle and foot
    ("S93.401A", "ankle/foot", "right"), ("S93.432D", "ankle/foot", "left"), ("M25.371", "ankle/foot", "right"),
    ("M24.272", "ankle/foot", "left"), ("M76.60", "ankle/foot", "unspecified"), ("M76.61", "ankle/foot", "right"),
    ("S86.012A", "ankle/foot", "left"), ("M72.2", "ankle/foot", None), ("M79.671", "ankle/foot", "right"),
    ("M25.572", "ankle/foot", "left"), ("Z96.661", "ankle/foot", "right"),
    # elbow, wrist and hand
    ("M77.11", "elbow", "right"), ("M77.02", "elbow", "left"), ("M77.10", "elbow", "unspecified"),
    ("M25.521", "elbow", "right"), ("M25.532", "wrist/hand", "left"), ("M25.541", "wrist/hand", "right"),
    ("M79.642", "wrist/hand", "left"), ("M79.644", "wrist/hand", "right"), ("G56.01", "wrist/hand", "right"),
    ("G56.03", "wrist/hand", "bilateral"), ("G56.00", "wrist/hand", "unspecified"),
    ("M65.311", "wrist/hand", "right"), ("M65.342", "wrist/hand", "left"), ("M65.30", "wrist/hand", "unspecified"),
    # lumbar spine: the spine has no side
    ("M54.50", "lumbar spine", None), ("M54.51", "lumbar spine", None), ("M54.59", "lumbar spine", None),
    ("M51.16", "lumbar spine", None), ("M51.17", "lumbar spine", None), ("M51.362", "lumbar spine", None),
    ("M47.816", "lumbar spine", None), ("M47.817", "lumbar spine", None), ("M48.061", "lumbar spine", None),
    ("M48.062", "lumbar spine", None), ("M54.16", "lumbar spine", None), ("M54.17", "lumbar spine", None),
    ("S33.5XXA", "lumbar spine", None), ("S39.012D", "lumbar spine", None), ("M54.31", "lumbar spine", None),
    ("M54.42", "lumbar spine", None),
    # cervical and thoracic spine
    ("M54.2", "cervical spine", None), ("M54.12", "cervical spine", None), ("M47.812", "cervical spine", None),
    ("M50.122", "cervical spine", None), ("M50.30", "cervical spine", None), ("S13.4XXA", "cervical spine", None),
    ("S16.1XXD", "cervical spine", None), ("G44.86", "cervical spine", None), ("M53.0", "cervical spine", None),
    ("M53.1", "cervical spine", None), ("M54.6", "thoracic spine", None), ("M51.24", "thoracic spine", None),
    ("M54.10", "spine", None), ("M47.9", "spine", None), ("M54.00", "spine", None)])
def test_body_part_and_side_from_the_description(code, part, side):
    assert describe(code), code
    assert (body_part_of(code), side_of(code)) == (part, side), describe(code)


def test_every_code_in_the_table_is_normalised_and_has_a_body_part():
    table = codes.DESCRIPTIONS
    assert len(table) > 1000
    for code, description in table.items():
        assert normalise_code(code) == code, code
        assert description and description == description.strip(), code
        part = body_part_of(code)
        assert (part is None) == (code in NO_REGION), (code, description, part)
        assert part is None or part in SIDED_PARTS + SPINE_PARTS, (code, part)
        side = side_of(code)
        if part in SPINE_PARTS:
            assert side is None, (code, description)
        elif side in {"left", "right"}:  # the side word is in the description itself
            assert side in re.findall(r"[a-z]+", description.lower()), code


def test_every_draft_pack_code_is_in_the_table():
    from pathlib import Path

    tsv = Path(__file__).parents[1] / "docs" / "drafts" / "packs" / "code-descriptions.tsv"
    rows = [line.split("\t") for line in tsv.read_text().splitlines()
            if line and not line.startswith(("#", "code\t"))]
    assert len(rows) > 750
    for code, description, *_ in rows:
        assert describe(code) == description, code


def test_general_rehab_codes_are_in_the_table():
    for prefix in ("M77.0", "M77.1", "M79.64", "M25.53", "M25.52", "M25.54", "G56.0", "M72.2", "M65.3",
                   "Z47.1", "Z96.61", "Z96.64", "Z96.65"):
        assert any(matches(c, [prefix]) for c in codes.DESCRIPTIONS), prefix


def test_unknown_codes_and_unlisted_sides():
    assert describe("M99.99") is None and side_of("M99.99") is None and body_part_of("M99.99") is None
    assert side_of("Z47.1") is None and body_part_of("Z47.1") is None
    assert normalise_code("s83.242d") == "S83.242D" and normalise_code("not a code") is None
    with pytest.raises(AttributeError):
        codes.NO_SUCH_NAME  # noqa: B018


def test_import_casekit_does_not_load_the_table():
    out = subprocess.run([sys.executable, "-c", "import casekit, casekit.codes, casekit.model; "
                          "print(casekit.codes._table.cache_info().currsize)"], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "0"
