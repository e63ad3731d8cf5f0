"""The ``casekit`` command: parse options, make one library call, turn errors into exit codes.

Exit codes: 0 done; 1 a case failed in a batch; 2 bad input or usage; 3 render failure.

    casekit validate CASE...
    casekit review CASE [--pack ID|FILE] [--overrides FILE] [--json | --claim-response]
    casekit report CASE --out DIR [--to html,pdf,letter] [--renderer auto|nbconvert|quarto] [--overrides FILE]
                   [--worksheet | --answer-key]
    casekit batch INPUTS... --out DIR [--jobs N] [--to html,pdf,letter] [--scheduler ADDRESS]
                  [--case-timeout SECONDS] [--case-memory MB] [--worksheet | --answer-key]
    casekit grade CASE ANSWERS [--json] | casekit grade DIR [--cases CASEDIR] [--pass-mark 90] [--out DIR] [--json]
    casekit deidentify CASE --out DIR [--mode safe-harbor|date-shift] [--seed N]
    casekit import fhir BUNDLE [--out FILE] | casekit import claims FILE --out DIR
    casekit screen FILE [--out DIR] [--scheduler ADDRESS]
    casekit packs [--json]
    casekit schema
"""

from __future__ import annotations

from pathlib import Path

import argparse
import json
import textwrap
import sys
from typing import Optional, Sequence

from . import limits
from .errors import CasekitError, UsageError, out_folder


def _warn(path: str, warnings) -> None:
    """Each plausibility warning of a case on stderr: ``warning: file: field.path: what is odd``."""
    for line in warnings:
        print(f"warning: {path}: {line}", file=sys.stderr)


def _note_sidecar(case: str, given: Optional[str]) -> None:
    """One stderr line when an override sidecar sits beside a single case and is not the file
    given: only ``casekit batch`` applies sidecars; here overrides come from ``--overrides``."""
    from .overrides import sidecars_of
    chosen = Path(given).resolve() if given else None
    beside = [s for s in sidecars_of(case) if s.resolve() != chosen]
    if beside:
        print(f"casekit: note: {beside[0]} beside the case is not applied; pass --overrides {beside[0]}",
              file=sys.stderr)


def _cmd_validate(args) -> int:
    from .io import load_case
    from .errors import CaseError
    from .reviewing import warnings_of
    bad = 0
    for path in args.cases:
        try:
            case = load_case(path)
        except CaseError as exc:
            bad += 1
            for line in exc.problems:
                print(line, file=sys.stderr)
            continue
        _warn(path, warnings_of(case))
        n, d = len(case.visits), len(case.documents)
        from .packs import resolve
        pack = resolve(case)
        print(f"{path}: ok ({case.id}, {n} dated visit{'s' if n != 1 else ''}, "
              f"{d} document{'s' if d != 1 else ''}; reviewed under {' + '.join(pack.layers)})")
    return 2 if bad else 0


def _cmd_review(args) -> int:
    from .io import load_case
    from .reviewing import review
    from .overrides import load_overrides
    from .packs import coverage_warning
    case = load_case(args.case)
    result = review(case, pack=args.pack, overrides=load_overrides(args.overrides) if args.overrides else ())
    if args.pack and (warning := coverage_warning(result.case, result.pack)):
        print(f"casekit: warning: {warning}", file=sys.stderr)
    _warn(args.case, result.warnings)
    _note_sidecar(args.case, args.overrides)
    if args.claim_response:
        from .fhir import claim_response
        print(json.dumps(claim_response(result, args.case), indent=2, ensure_ascii=False))
        return 0
    if args.json:
        print(result.to_json())
        return 0
    print(result.to_text())
    return 0


def _cmd_packs(args) -> int:
    from . import packs
    from .rules import REGISTRY, describe
    if args.fields:
        return _print_fields(args.fields, args.json)
    info = packs.describe_packs()
    if args.json:
        print(json.dumps({"packs": info, "rules": sorted(REGISTRY)}, indent=2))
        return 0
    for p in info:
        print(f"{p['id']} {p['version']} ({p['kind']}): {p['title']}")
        print(f"    applies to: {', '.join(p['applies_to'])}")
        print(f"    configures: {', '.join(p['rules'])}")
    print(f"\nrules ({len(REGISTRY)}):")
    for rid in REGISTRY:
        print(f"  {rid:<28} {describe(rid)}")
    return 0


def _print_fields(ref: str, as_json: bool) -> int:
    """The fields each template of a pack may use: every template's, then each rule's own."""
    from . import packs
    from .rules import REGISTRY
    pack = packs.load(ref)
    common = packs.template_fields(pack)
    own = {rid: list(REGISTRY.get(rid).fields) for rid in pack.rules}
    if as_json:
        print(json.dumps({"pack": pack.id, "every_template": common, "rules": own,
                          "standards": list(packs.STANDARD_FIELDS), "notice_elements": list(packs.NOTICE_FIELDS),
                          "documentation": sorted({f for v in own.values() for f in v} | {"outcome_comparison"})},
                         indent=2))
        return 0
    print(f"pack {pack.id} {pack.version}: fields a template may use as {{name}}")
    print("  every template (facts, settings, pack):")
    print(textwrap.fill(", ".join(common), width=100, initial_indent="    ", subsequent_indent="    "))
    for rid, names in own.items():
        print(f"  rules.{rid}: also {', '.join(names) if names else '(nothing more)'}")
    print(f"  report.standards: also {', '.join(packs.STANDARD_FIELDS)}")
    print(f"  notice.elements: also {', '.join(packs.NOTICE_FIELDS)}")
    print("  documentation: also the fields of every rule, and outcome_comparison")
    print("  format specifications: {n:count:visit} {n:plural:visit} {n:an} {x:num} {t:lower} {t:cap} {d:money}")
    return 0


def _cmd_schema(args) -> int:
    from .model import Case
    schema = Case.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "casekit/1 case file"
    print(json.dumps(schema, indent=2))
    return 0


def _formats(text: str) -> tuple[str, ...]:
    from .run import FORMATS
    out = tuple(t.strip() for t in text.split(",") if t.strip())
    bad = [t for t in out if t not in FORMATS]
    if bad or not out:
        raise UsageError(f"--to: {text!r}; use one or more of {', '.join(FORMATS)}, comma-separated "
                         "(e.g. html,pdf,letter)")
    return out


def _cmd_report(args) -> int:
    from .run import report_case
    out_folder(args.out)
    written = report_case(args.case, args.out, formats=_formats(args.to), renderer=args.renderer,
                          pack=args.pack, overrides=args.overrides, mode=args.mode)
    for kind, path in written.items():
        print(f"{kind}: {path}")
    _note_sidecar(args.case, args.overrides)
    return 0


def _cmd_batch(args) -> int:
    from .batch import run_batch
    summary = run_batch(args.inputs, args.out, jobs=args.jobs, formats=_formats(args.to),
                        scheduler=args.scheduler, pack=args.pack, force=args.force,
                        case_timeout=args.case_timeout, case_memory=args.case_memory, mode=args.mode)
    return 0 if summary.get("failed", 0) == 0 else 1


def _cmd_grade(args) -> int:
    from . import grading
    if Path(args.target).is_dir():
        if args.answers:
            raise UsageError("grade DIR: give the cases with --cases CASEDIR, not a second argument")
        cases = args.cases or ("cases/teaching" if Path("cases/teaching").is_dir() else "cases")
        if args.out:
            out_folder(args.out)
        klass = grading.grade_class(args.target, cases, pass_mark=args.pass_mark)
        if args.out:
            grading.write_class_page(klass, args.out)
        print(json.dumps(klass.figures, indent=2, ensure_ascii=False) if args.json else klass.to_text())
        return 0
    if not args.answers:
        raise UsageError("grade CASE ANSWERS: give the answer file after the case (or a folder of answer files)")
    result, review = grading.grade_file(args.target, args.answers)
    print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) if args.json else result.to_text(review.pack))
    return 0


def _cmd_deidentify(args) -> int:
    from .deidentify import write
    written = write(args.case, args.out, mode=args.mode, seed=args.seed)
    for kind, path in written.items():
        print(f"{kind}: {path}")
    return 0


_OVERRIDES_HELP = "a reviewer's override file: checks' statuses set by the reviewer, with reasons (README)"


def _cmd_import(args) -> int:
    """``casekit import fhir|claims``: each source's module owns its options and its command."""
    if args.source == "fhir":
        from .fhir import import_command
    else:
        from .claims import import_command
    return import_command(args)


def _cmd_screen(args) -> int:
    from .screen import screen_command
    return screen_command(args)


def _add_mode(p: argparse.ArgumentParser) -> None:
    """--worksheet / --answer-key (one at most): what the review notebook renders (mode)."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--worksheet", dest="mode", action="store_const", const="worksheet", default="report",
                       help="a trainee's worksheet: the case and the questions, no findings or decision; "
                            "also writes <id>.answers.yaml, the blank answer file")
    group.add_argument("--answer-key", dest="mode", action="store_const", const="answer-key",
                       help="the report with a teaching note per criterion; also writes <id>.key.yaml")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casekit", description="Open, cited utilization review "
                                     "of outpatient therapy.")
    from ._version import __version__
    parser.add_argument("--version", action="version", version=f"casekit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check case files against the casekit/1 contract")
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.set_defaults(fn=_cmd_validate)

    p = sub.add_parser("review", help="review one case: figures, checks, determination")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--pack", help="pack id or pack file (default: the pack covering the diagnosis)")
    p.add_argument("--overrides", metavar="FILE", help=_OVERRIDES_HELP)
    p.add_argument("--json", action="store_true", help="print the review-output contract as JSON")
    p.add_argument("--claim-response", action="store_true", help="print the result as a FHIR R4 ClaimResponse "
                   "with the Da Vinci PAS review action code (X12 278 HCR01) per item")
    p.set_defaults(fn=_cmd_review)

    p = sub.add_parser("report", help="render one case's determination report (HTML, PDF)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--to", default="html,pdf", help="html, pdf, letter, comma-separated (default html,pdf); "
                   "letter: the determination letter to the member and provider (HTML and PDF)")
    p.add_argument("--renderer", default="auto", choices=["auto", "nbconvert", "quarto"])
    p.add_argument("--pack")
    p.add_argument("--overrides", metavar="FILE", help=_OVERRIDES_HELP)
    _add_mode(p)
    p.set_defaults(fn=_cmd_report)

    p = sub.add_parser("batch", help="render many cases: manifest, cohort index, resumable")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="case files or folders")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--jobs", type=int, default=None, help="worker processes (default: cores)")
    p.add_argument("--to", default="html", help="html, pdf, letter, comma-separated (default html)")
    p.add_argument("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786")
    p.add_argument("--pack")
    p.add_argument("--force", action="store_true", help="re-render cases whose outputs are current")
    p.add_argument("--case-timeout", type=float, default=limits.CASE_TIMEOUT_S, metavar="SECONDS",
                   help="stop a case whose notebook runs longer (an error row; default "
                        f"{limits.CASE_TIMEOUT_S:g})")
    p.add_argument("--case-memory", type=float, default=limits.CASE_MEMORY_MB, metavar="MB",
                   help="stop a case whose kernel holds more resident memory (an error row; default "
                        f"{limits.CASE_MEMORY_MB:g}; Linux)")
    _add_mode(p)
    p.set_defaults(fn=_cmd_batch)

    p = sub.add_parser("grade", help="grade a trainee's answers to a case, or a class's folder of answers")
    p.add_argument("target", metavar="CASE|DIR", help="a case file, or a folder of answer files")
    p.add_argument("answers", nargs="?", metavar="ANSWERS", help="the trainee's answer file (with CASE)")
    p.add_argument("--cases", metavar="CASEDIR", help="the cases a class answered, found by id "
                   "(default cases/teaching if it exists, else cases)")
    p.add_argument("--pass-mark", type=float, default=90.0, metavar="PERCENT", help="pass mark (default 90)")
    p.add_argument("--out", metavar="DIR", help="write class.html and class.json there")
    p.add_argument("--json", action="store_true", help="print the grade (or the class figures) as JSON")
    p.set_defaults(fn=_cmd_grade)
    p = sub.add_parser("deidentify", help="write a de-identified copy of a case, for teaching (README)")
    p.add_argument("case", metavar="CASE")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--mode", default="safe-harbor", choices=["safe-harbor", "date-shift"],
                   help="safe-harbor (default): HIPAA Safe Harbor identifiers removed, dates as days from the "
                        "first date of service; date-shift: dates shifted by one offset (not Safe Harbor)")
    p.add_argument("--seed", type=int, default=None, metavar="N",
                   help="makes the output reproducible (same seed, same bytes); default: a random seed")
    p.set_defaults(fn=_cmd_deidentify)

    p = sub.add_parser("import", help="write case files from FHIR R4 bundles or a claims extract")
    sources = p.add_subparsers(dest="source", required=True, metavar="SOURCE")
    # --- import fhir (casekit/fhir.py) ---
    q = sources.add_parser("fhir", help="a FHIR R4 Bundle (EHR export or Da Vinci PAS request) -> a case file")
    q.add_argument("bundle", metavar="BUNDLE")
    q.add_argument("--out", metavar="FILE", help="write the case there (default: print it)")
    q.set_defaults(fn=_cmd_import)
    # --- end import fhir ---
    # --- import claims (casekit/claims.py) ---
    q = sources.add_parser("claims", help="a claims extract (CSV or Parquet, one row per line) -> cases")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--out", required=True, metavar="DIR")
    q.add_argument("--skip-bad-rows", action="store_true",
                   help="list bad rows and import the rest (default: list them, exit 2, write nothing)")
    q.add_argument("--into", metavar="CASE", help="replace the visit history of this case file with the "
                   "claims' for its member (review.member_id, else --member) and primary condition")
    q.add_argument("--member", metavar="KEY", help="with --into: the member's key from casekit screen")
    q.set_defaults(fn=_cmd_import)
    # --- end import claims ---

    # --- screen (casekit/screen.py) ---
    p = sub.add_parser("screen", help="rank members in a claims extract by how far their courses run past "
                       "their pack's benchmark")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--out", metavar="DIR", help="write screen.csv and screen.html there")
    p.add_argument("--scheduler", help="Dask scheduler address (or 'local') for extracts larger than memory")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="list bad rows and screen the rest (default: list them, exit 2, write nothing)")
    p.set_defaults(fn=_cmd_screen)
    # --- end screen ---

    p = sub.add_parser("packs", help="list guideline packs and rules")
    p.add_argument("--json", action="store_true")
    p.add_argument("--fields", metavar="PACK", nargs="?", const="hip-pain", default=None,
                   help="list the fields each template of PACK (id or file; default hip-pain) may use")
    p.set_defaults(fn=_cmd_packs)

    p = sub.add_parser("schema", help="print the JSON Schema of the case file")
    p.set_defaults(fn=_cmd_schema)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.fn(args)
    except CasekitError as exc:
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"casekit: {line}" if not getattr(exc, "problems", None) else line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("casekit: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `casekit packs | head`: the reader left; that is not an error
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
