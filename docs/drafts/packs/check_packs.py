"""Check the draft packs in this folder.

Run with casekit's interpreter (for the PackFile schema) and a scratch venv holding
simple-icd-10-cm (for the codes):

    python3 -m venv /tmp/icdvenv && /tmp/icdvenv/bin/pip install -q simple-icd-10-cm
    PYTHONDONTWRITEBYTECODE=1 /work/main/.venv/bin/python check_packs.py [--codes codes.tsv]

What it checks, per file: the YAML parses; with the proposed keys set aside, the file validates as
casekit's PackFile (hip-additions.yaml is first merged into a copy of hip-pain.yaml); settings and
benchmarks inside the proposed keys validate as Setting / Benchmark; every `source` and `cite`
names an entry in references; each postoperative benchmark summary matches a benchmark; every
regular expression compiles; every ICD-10-CM code is a valid FY2026 item (simple-icd-10-cm); no
code prefix routes a case to two diagnosis packs.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

sys.path.insert(0, "/work/main")
from casekit.packs import Benchmark, PackFile, Setting  # noqa: E402

HERE = Path(__file__).resolve().parent
HIP = Path("/work/main/casekit/packs/hip-pain.yaml")
ICD_PY = "/tmp/icdvenv/bin/python"
PROPOSED = ("conditions", "postoperative", "alternative_diagnoses_leads", "fallback",
            "jurisdictions", "replace")
CITE_KEYS_SPECIAL = {"benchmark", "records", "alternatives", "mcid"}


def walk(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, f"{path}.{k}" if path else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, f"{path}[{i}]")
    yield path, node


def codes_in(doc) -> dict[str, list[str]]:
    """code -> where it appears (every list under a key named codes/unless_codes)."""
    out: dict[str, list[str]] = {}
    for path, node in walk(doc):
        if isinstance(node, list) and re.search(r"(?:^|\.)(codes|unless_codes)$", path):
            for c in node:
                out.setdefault(str(c), []).append(path)
    return out


def merge_hip(additions: dict) -> dict:
    hip = yaml.safe_load(HIP.read_text())
    out = copy.deepcopy(hip)
    add = additions
    out["applies_to"]["codes"] = [c for c in hip["applies_to"]["codes"]
                                  if c not in add.get("replace", {}).get("applies_to_codes_remove", [])]
    out["applies_to"]["codes"] += [c for c in add["applies_to"]["codes"] if c not in out["applies_to"]["codes"]]
    out["settings"].update(add.get("settings", {}))
    out["benchmarks"] = add.get("benchmarks", []) + hip["benchmarks"]
    out["outcome_measures"] += [m for m in add.get("outcome_measures", []) if m not in hip["outcome_measures"]]
    out["mcid"].update(add.get("mcid", {}))
    out["mcid"].update(add.get("replace", {}).get("mcid", {}))
    out["objective_measures"] += add.get("objective_measures", [])
    out["alternative_diagnoses"] += add.get("alternative_diagnoses", [])
    out["references"].update(add.get("references", {}))
    return out


def check(path: Path, problems: list[str]) -> dict:
    name = path.name
    try:
        doc = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        problems.append(f"{name}: not valid YAML: {exc}")
        return {}
    schema_doc = merge_hip(doc) if name == "hip-additions.yaml" else doc
    refs = set(schema_doc.get("references", {}))
    core = {k: v for k, v in schema_doc.items() if k not in PROPOSED}
    try:
        PackFile.model_validate(core)
    except Exception as exc:  # pydantic ValidationError
        problems.append(f"{name}: PackFile: {exc}")
    for pth, node in walk(doc):
        leaf = pth.rsplit(".", 1)[-1]
        if re.search(r"\.settings\.[A-Za-z_]+$", pth) and isinstance(node, dict) and pth.split(".")[0] in PROPOSED:
            try:
                Setting.model_validate(node)
            except Exception as exc:
                problems.append(f"{name}: {pth}: Setting: {exc}")
        if re.search(r"\.benchmarks\[\d+\]$", pth) and pth.split(".")[0] in PROPOSED:
            try:
                Benchmark.model_validate(node)
            except Exception as exc:
                problems.append(f"{name}: {pth}: Benchmark: {exc}")
        if leaf == "source" and isinstance(node, str) and node not in refs:
            problems.append(f"{name}: {pth}: {node!r} names no entry in references")
        if leaf == "cite" and isinstance(node, list):
            problems += [f"{name}: {pth}: {k!r} names no entry in references" for k in node
                         if k not in refs and k not in CITE_KEYS_SPECIAL and not str(k).startswith("setting:")]
        if re.search(r"(objective_measures\[\d+\]|addressed_by\[\d+\]|procedure_patterns\[\d+\])$", pth):
            try:
                re.compile(node, re.I)
            except re.error as exc:
                problems.append(f"{name}: {pth}: regex {node!r}: {exc}")
    # A postoperative entry's benchmark summary must match a postoperative benchmark.
    for i, po in enumerate(doc.get("postoperative", [])):
        b = po.get("benchmark")
        if b:
            hits = [x for x in schema_doc.get("benchmarks", []) if x.get("postoperative")
                    and x["visits"] == b["visits"] and x["source"] == b["source"] and x["tier"] == b["tier"]]
            if not hits:
                problems.append(f"{name}: postoperative[{i}].benchmark matches no postoperative benchmark")
    # Numbers in settings/benchmarks/mcid must not rest on a tier-R figure.
    for pth, node in walk(doc):
        if isinstance(node, dict) and node.get("tier") == "R" and ("value" in node or "visits" in node):
            problems.append(f"{name}: {pth}: a tier-R figure used as a number")
    return doc


def icd_check(codes: list[str]) -> dict[str, str]:
    script = r"""
import json, sys, simple_icd_10_cm as c
out = {}
for code in json.load(sys.stdin):
    if not c.is_valid_item(code):
        out[code] = "INVALID"; continue
    kind = "category" if c.is_category(code) else (
        "extended subcategory (7th char)" if c.is_extended_subcategory(code) else "subcategory")
    out[code] = kind + (", billable" if c.is_leaf(code) else ", header (not billable)") + "\t" + c.get_description(code)
print(json.dumps(out))
"""
    res = subprocess.run([ICD_PY, "-c", script], input=json.dumps(codes), capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def main() -> int:
    problems: list[str] = []
    docs = {p.name: check(p, problems) for p in sorted(HERE.glob("*.yaml"))}
    all_codes: dict[str, set[str]] = {}
    for fname, doc in docs.items():
        for code, wheres in codes_in(doc).items():
            all_codes.setdefault(code, set()).add(fname)
    result = icd_check(sorted(all_codes))
    for code, r in result.items():
        if r.startswith("INVALID"):
            problems.append(f"ICD-10-CM: {code} ({', '.join(sorted(all_codes[code]))}) is not a valid FY2026 item")
    # Routing: a case's code must not be claimed by two diagnosis packs.
    packs = {"hip-pain (+ hip-additions)": yaml.safe_load(HIP.read_text())["applies_to"]["codes"]
             + docs.get("hip-additions.yaml", {}).get("applies_to", {}).get("codes", [])}
    for fname, doc in docs.items():
        if fname != "hip-additions.yaml" and not doc.get("overlay") and not doc.get("fallback"):
            packs[fname] = doc.get("applies_to", {}).get("codes", [])
    names = list(packs)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            for ca in packs[a]:
                for cb in packs[b]:
                    x, y = ca.replace(".", ""), cb.replace(".", "")
                    if x.startswith(y) or y.startswith(x):
                        problems.append(f"routing: {ca} ({a}) overlaps {cb} ({b})")
    if "--codes" in sys.argv:
        with open(sys.argv[sys.argv.index("--codes") + 1], "w") as fh:
            for code in sorted(all_codes):
                fh.write(f"{code}\t{result[code]}\t{', '.join(sorted(all_codes[code]))}\n")
    for p in problems:
        print("PROBLEM", p)
    print(f"{len(docs)} files, {len(all_codes)} distinct codes, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
