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


# --- the full code set (simple-icd-10-cm): codes that do not exist, non-billable codes -------------

def test_the_table_agrees_with_the_code_set():
    """casekit's fast table is a copy of part of the code set: every line a billable code there,
    with the same description (the two cannot drift apart)."""
    cm = codes._code_set()
    for code, description in codes.DESCRIPTIONS.items():
        assert cm.is_valid_item(code) and cm.is_leaf(code), code
        assert cm.get_description(code) == description, code


@pytest.mark.parametrize("code,expected", [
    ("M25.552", "billable"), ("E11.9", "billable"), ("S52.531D", "billable"),  # in and out of the table
    ("M54.5", "not billable"), ("S93.401", "not billable"), ("M17", "not billable"),  # codes below them
    ("M25.5522", "unknown"), ("M99.99", "unknown"), ("Z99.999", "unknown")])
def test_status_against_the_code_set(code, expected):
    assert codes.status(code) == expected


def test_descriptions_and_sides_of_codes_outside_the_table_come_from_the_code_set():
    assert "S52.531D" not in codes.DESCRIPTIONS
    assert describe("S52.531D").startswith("Colles' fracture of right radius")
    assert side_of("S52.531D") == "right"
    assert "S43.431A" not in codes.DESCRIPTIONS and body_part_of("S43.431A") == "shoulder"
    assert side_of("M24.461") == "right" and body_part_of("M24.461") == "knee"
    assert describe("E11.9") == "Type 2 diabetes mellitus without complications" and side_of("E11.9") is None


def test_nearest_and_billable_below():
    assert codes.nearest("M25.5522") == "M25.552" and codes.nearest("Z99.999") == "Z99"
    assert codes.nearest("Q9Z.99") is None
    below = codes.billable_below("M54.5")
    assert below and all(c.startswith("M54.5") and codes.status(c) == "billable" for c in below)


def _seed_with(tmp_path, diagnosis: str):
    from pathlib import Path
    text = (Path(__file__).parents[1] / "cases" / "hip-seed.yaml").read_text()
    assert "  - code: M25.552\n" in text
    path = tmp_path / "case.yaml"
    path.write_text(text.replace("  - code: M25.552\n", diagnosis, 1))
    return path


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "casekit", *map(str, args)], capture_output=True, text=True)


def test_validate_refuses_a_code_that_does_not_exist(tmp_path):
    path = _seed_with(tmp_path, "  - code: M25.5522\n")
    out = _cli("validate", path)
    assert out.returncode == 2 and out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "diagnoses[0].code" in lines[0] and "M25.5522" in lines[0] and "did you mean M25.552?" in lines[0]


def test_validate_and_review_warn_on_a_code_that_is_not_billable(tmp_path):
    path = _seed_with(tmp_path, "  - code: M54.5\n")
    for command in ("validate", "review"):
        out = _cli(command, path)
        assert out.returncode == 0, out.stderr
        warning = [line for line in out.stderr.splitlines() if "diagnoses[0].code" in line]
        assert len(warning) == 1 and "not billable" in warning[0] and "M54.50" in warning[0], out.stderr


def test_a_description_naming_the_other_side_is_flagged_and_the_code_decides(tmp_path):
    import casekit
    path = _seed_with(tmp_path, "  - code: M25.552\n    description: Pain in right hip\n")
    case = casekit.load_case(path)
    found = [msg for field, msg in case.warnings() if field == "diagnoses[0].description"]
    assert len(found) == 1 and "right" in found[0] and "left-sided" in found[0]
    plain = casekit.load_case(_seed_with(tmp_path, "  - code: M25.552\n    description: Pain in left hip\n"))
    assert not [f for f, _ in plain.warnings() if f == "diagnoses[0].description"]
