"""The cohort screen: ranking and flags on a hand-made extract, the offline page, no identifiers,
the Dask path equal to the pandas path."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from argparse import Namespace
from pathlib import Path

import pandas as pd
import pytest

from casekit import claims, screen

ROOT = Path(__file__).resolve().parent.parent
HEADER = "member_id,claim_id,line_no,dos,hcpcs,modifiers,units,dx1,dx_pointer,rendering_npi,paid,line_of_business"
NPI = "1234567893"


def _line(member, claim, day, code, mods="GP", units=1, dx="M25.552", lob="commercial", no=1):
    return f"{member},{claim},{no},{day},{code},{mods},{units},{dx},1,{NPI},10.00,{lob}"


def _days(first: str, step: int, n: int) -> list[str]:
    start = dt.date.fromisoformat(first)
    return [(start + dt.timedelta(days=step * i)).isoformat() for i in range(n)]


def hand_made() -> list[str]:
    """Worked by hand (commercial hip pain M25.552: benchmark 14 (limit), gap limit 60 days, 4 timed
    units a visit, re-evaluation every 30 days; Medicare knee OA M17.11: reference 12, a progress
    report every 10 treatment days):

    PAT-P  episode 1: evaluation 2025-01-01 + 15 treatments every 2 days to 2025-01-31 = 16 visits,
           one visit of 3+2 = 5 timed units; episode 2 after a 74-day gap: 2025-04-15 evaluation,
           2025-04-17 treatment: course 18 visits, 4 over.
    PAT-Q  evaluation 2025-02-03 + 12 daily treatments to 2025-02-15 = 13 visits, 1 over the
           reference, 12 treatment days without re-evaluation; KX on two lines.
    PAT-R  M25.559 (hip, side unspecified), 2 visits: 12 under, laterality flagged.
    """
    rows = [_line("PAT-P", "CLMP0", "2025-01-01", "97161")]
    for i, day in enumerate(_days("2025-01-03", 2, 15)):
        rows.append(_line("PAT-P", f"CLMP{i + 1}", day, "97110", units=3 if i == 4 else 2))
        if i == 4:
            rows.append(_line("PAT-P", f"CLMP{i + 1}", day, "97140", units=2, no=2))
    rows += [_line("PAT-P", "CLMP20", "2025-04-15", "97161"), _line("PAT-P", "CLMP21", "2025-04-17", "97110")]
    rows.append(_line("PAT-Q", "CLMQ0", "2025-02-03", "97162", dx="M17.11", lob="medicare"))
    for i, day in enumerate(_days("2025-02-04", 1, 12)):
        rows.append(_line("PAT-Q", f"CLMQ{i + 1}", day, "97110", mods="GP KX" if i >= 10 else "GP", dx="M17.11",
                          lob="medicare"))
    rows += [_line("PAT-R", "CLMR0", "2025-06-02", "97161", dx="M25.559"),
             _line("PAT-R", "CLMR1", "2025-06-04", "97110", dx="M25.559")]
    rows.append(_line("PAT-R", "CLMR2", "2025-06-04", "99213", mods="", dx="M25.559", no=2))  # not PT
    return rows


def io_of(rows):
    import io
    return io.StringIO("\n".join([HEADER] + rows) + "\n")


@pytest.fixture
def extract(tmp_path) -> Path:
    path = tmp_path / "hand.csv"
    path.write_text("\n".join([HEADER] + hand_made()) + "\n", encoding="utf-8")
    return path


def _row(table, member, start):
    hit = table[(table["member_key"] == claims.member_key(member)) & (table["start"] == pd.Timestamp(start))]
    assert len(hit) == 1
    return hit.iloc[0]


def test_ranking_and_metrics_worked_by_hand(extract):
    lines = claims.read(extract)
    assert lines.not_pt == 1
    table = screen.screen(lines)
    keys = [(k, str(s.date())) for k, s in zip(table["member_key"], table["start"])]
    p, q, r = (claims.member_key(m) for m in ("PAT-P", "PAT-Q", "PAT-R"))
    assert keys == [(p, "2025-04-15"), (p, "2025-01-01"), (q, "2025-02-03"), (r, "2025-06-02")]
    p2, p1, q1, r1 = (table.iloc[i] for i in range(4))
    assert (p1.visits, p1.prior_visits, p1.course_visits, p1.excess) == (16, 0, 16, 2)
    assert (p2.visits, p2.prior_visits, p2.course_visits, p2.excess, p2.episode) == (2, 16, 18, 4, 2)
    assert (p1.span_days, p1.longest_gap_days, p1.max_timed_units, p1.evaluations) == (30, 2, 5, 1)
    assert p2.gap_before_days == 74 and pd.isna(p1.gap_before_days)
    assert (q1.visits, q1.benchmark, q1.benchmark_use, q1.kx_lines) == (13, 12, "reference", 2)
    assert (r1.visits, r1.excess) == (2, -12)


def test_flags_worked_by_hand(extract):
    table = screen.screen(claims.read(extract))
    flags = lambda m, s: set(_row(table, m, s)["flags"].split())  # noqa: E731
    assert flags("PAT-P", "2025-01-01") == {"visits-over-benchmark", "timed-units-over-limit"}
    assert flags("PAT-P", "2025-04-15") == {"visits-over-benchmark", "unexplained-gap"}
    assert flags("PAT-Q", "2025-02-03") == {"visits-over-reference", "progress-report-overdue"}
    assert flags("PAT-R", "2025-06-02") == {"laterality-mismatch"}
    assert set(screen.FLAGS) >= set().union(*(set(f.split()) for f in table["flags"]))


def test_benchmarks_come_from_the_packs(extract):
    table = screen.screen(claims.read(extract))
    for row in table.itertuples():
        bench = claims.pack_for(row.code, "medicare" if row.code == "M17.11" else "commercial").benchmark_for(row.code)
        assert row.benchmark == bench.visits and row.benchmark_source == bench.source


def test_reevaluation_overdue_past_the_packs_days(tmp_path):
    rows = [_line("PAT-S", "S0", "2025-01-01", "97161")]
    rows += [_line("PAT-S", f"S{i}", d, "97110") for i, d in enumerate(["2025-01-20", "2025-02-01"], 1)]
    path = tmp_path / "s.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    (flags,) = screen.screen(claims.read(path))["flags"]
    assert "reevaluation-overdue" in flags.split()   # 31 days since the evaluation, the pack allows 30
    rows[-1] = _line("PAT-S", "S2", "2025-01-31", "97110")
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    (flags,) = screen.screen(claims.read(path))["flags"]
    assert "reevaluation-overdue" not in flags.split()


def _run(*argv):
    return subprocess.run([sys.executable, "-m", "casekit", *argv], capture_output=True, text=True, cwd=ROOT,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_cli_page_is_offline_escaped_and_free_of_identifiers(extract, tmp_path):
    out = tmp_path / "out"
    run = _run("screen", str(extract), "--out", str(out))
    assert run.returncode == 0, run.stderr
    page = (out / "screen.html").read_text(encoding="utf-8")
    table = pd.read_csv(out / "screen.csv")
    assert len(table) == 4
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert page.count("Plotly.newPlot") == 1 and len(re.findall(r"<script", page)) == 2
    for ident in ("PAT-P", "PAT-Q", "PAT-R", NPI, "CLMP20", "CLMQ0"):
        for text in (page, run.stdout, run.stderr, (out / "screen.csv").read_text()):
            assert ident not in text
    assert claims.member_key("PAT-P") in run.stdout


def test_page_escapes_case_text():
    table = screen.screen(claims.check(pd.read_csv(io_of(hand_made()), dtype=str), "x.csv"))
    table.loc[0, "pack"] = "<img src=x onerror=alert(1)>"
    html = screen.page(table, "<b>x.csv</b>")
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>x.csv" not in html


def test_bad_rows_stop_the_screen_unless_skipped(tmp_path):
    rows = hand_made()
    rows.insert(3, "PAT-P,PX,1,2025-13-01,97110,GP,2,M25.552,1,,,commercial")   # file line 5
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = _run("screen", str(path), "--out", str(out))
    assert run.returncode == 2 and "bad.csv line 5: dos" in run.stderr
    assert not out.exists()
    run = _run("screen", str(path), "--out", str(out), "--skip-bad-rows")
    assert run.returncode == 0 and (out / "screen.csv").is_file()


def test_dask_path_equals_the_pandas_path(tmp_path):
    rows = hand_made()
    rows.insert(30, "PAT-Q,QX,1,2025-02-30,97110,GP,1,M17.11,1,,,medicare")
    path = tmp_path / "d.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    lines = claims.read(path)
    parts, problems, counts = screen.read_dask(path, "local", blocksize=600)   # several chunks
    assert problems == lines.problems and problems and "d.csv line 32: dos" in problems[0]
    assert counts == (lines.total, len(lines.pt), lines.not_pt, lines.bad_rows)
    pd.testing.assert_frame_equal(screen.episodes_of(*parts), screen.screen(lines))


@pytest.mark.slow
def test_dask_on_a_distributed_cluster_equals_pandas(extract, capsys):
    from distributed import LocalCluster
    with LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
        parts, _, _ = screen.read_dask(extract, cluster.scheduler_address, blocksize=800)
    pd.testing.assert_frame_equal(screen.episodes_of(*parts), screen.screen(claims.read(extract)))
    assert screen.screen_command(Namespace(file=str(extract), out=None, scheduler="local", skip_bad_rows=False)) == 0
    assert claims.member_key("PAT-P") in capsys.readouterr().out


def test_codes_the_code_set_refuses_or_will_not_pay_are_flagged_and_courses_without_a_benchmark_follow(tmp_path):
    """A code that does not exist (M25.5522) or is not billable (M54.5) is flagged, not dropped; a
    course with no benchmark in its pack (low back) is listed after the ranked ones, longest first."""
    rows = [_line("PAT-X", f"X{i}", d, "97110", dx="M25.5522") for i, d in enumerate(_days("2025-01-06", 3, 4))]
    rows += [_line("PAT-Y", f"Y{i}", d, "97110", dx="M54.5") for i, d in enumerate(_days("2025-01-06", 3, 5))]
    rows += [_line("PAT-Z", f"Z{i}", d, "97110", dx="M54.50") for i, d in enumerate(_days("2025-01-06", 2, 30))]
    path = tmp_path / "codes.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    table = screen.screen(claims.read(path))
    flags = {m: set(_row(table, m, "2025-01-06")["flags"].split()) for m in ("PAT-X", "PAT-Y", "PAT-Z")}
    assert "code-not-in-code-set" in flags["PAT-X"] and "code-not-billable" not in flags["PAT-X"]
    assert {"code-not-billable", "no-benchmark"} <= flags["PAT-Y"]
    assert "no-benchmark" in flags["PAT-Z"] and not {"code-not-in-code-set", "code-not-billable"} & flags["PAT-Z"]
    order = [claims.member_key(m) for m in ("PAT-X", "PAT-Z", "PAT-Y")]  # ranked first, then 30 before 5
    assert list(table["member_key"]) == order


def test_a_course_past_a_payers_limit_ranks_before_one_further_past_a_reference(tmp_path):
    """A limit decides and a public reference figure does not: hip pain M25.552 two visits past
    its limit of 14 ranks above an ankle sprain five past its reference of 7."""
    rows = [_line("PAT-L", f"L{i}", d, "97110") for i, d in enumerate(_days("2025-01-06", 2, 16))]
    rows += [_line("PAT-A", f"A{i}", d, "97110", dx="S93.401D") for i, d in enumerate(_days("2025-01-06", 2, 12))]
    path = tmp_path / "rank.csv"
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8")
    table = screen.screen(claims.read(path))
    first, second = table.iloc[0], table.iloc[1]
    assert (first.member_key, first.benchmark_use, first.excess) == (claims.member_key("PAT-L"), "limit", 2)
    assert (second.member_key, second.benchmark_use, second.excess) == (claims.member_key("PAT-A"), "reference", 5)
