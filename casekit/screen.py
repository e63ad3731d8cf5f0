"""The cohort screen: rank a claims extract's courses of physical therapy by how far they run past
their pack's benchmark (``inputs-and-training.md`` §A2.3).

lines -> visits (distinct member, condition and date of service) -> episodes (split where the
gap exceeds the pack's ``gap_limit_days``, as the timeline splits) -> per-episode metrics and
flags, each flag named by the pack rule it screens for. Vectorised pandas throughout: built-in
group aggregations only, no ``apply``, no per-group lambdas, no Python loop over rows (§A2.3
measured 4.8 s for a million lines this way, over 2 minutes with lambdas). The packs are asked
once per distinct (code, line of business) and the answers joined.

A claim carries no notes, so every gap between episodes counts as unexplained: the course's
visits (``course_visits``) count the earlier episodes of the member's condition, as a review
counts them across an unexplained gap.

>>> table = screen(claims.read("cases/claims/extract.csv"))      # doctest: +SKIP
>>> table[["member_key", "code", "course_visits", "benchmark", "excess", "flags"]].head()   # doctest: +SKIP
"""

from __future__ import annotations

import html
import sys
from pathlib import Path
import numpy as np
import pandas as pd

from . import claims
from .codes import side_of, status
from .packs import say_common as _say

E = html.escape
KEY = ["member_id", "condition", "dos"]
#: flag -> (its pack rule, the column that raises it); see ``screen_flag.*`` in the wording
FLAGS = ("visits-over-benchmark", "visits-over-reference", "timed-units-over-limit", "reevaluation-overdue",
         "progress-report-overdue", "unexplained-gap", "laterality-mismatch", "no-benchmark", "code-not-in-code-set",
         "code-not-billable")
#: the page's table: the flags beside the figures they are about (screen.csv has every column)
PAGE_COLUMNS = ["member_key", "code", "course_visits", "benchmark", "excess", "flags", "benchmark_use",
                "episode", "start", "end", "visits", "longest_gap_days", "gap_before_days", "evaluations",
                "max_timed_units", "kx_lines", "cq_share", "providers", "pack", "condition"]
COLUMNS = ["member_key", "condition", "code", "pack", "episode", "start", "end", "visits", "prior_visits",
           "course_visits", "benchmark", "benchmark_use", "benchmark_source", "excess", "ratio", "span_days",
           "longest_gap_days", "gap_before_days", "first_30_days", "evaluations", "reevaluations",
           "max_timed_units", "kx_lines", "cq_share", "providers", "flags"]
TOP = 20


def settings_of(pairs: pd.DataFrame) -> pd.DataFrame:
    """The pack's figures for each distinct (dx, line_of_business): benchmark (visits, use,
    source), gap_limit_days, max_timed_units_per_visit, reevaluation_days and (Medicare)
    progress_report_treatment_days; NaN where the pack has none."""
    rows = []
    for code, lob in pairs.itertuples(index=False):  # distinct codes, not rows
        pack = claims.pack_for(code, lob)
        bench = pack.benchmark_for(code)
        get = {k: s.value for k, s in pack.settings.items()}
        rows.append({"dx": code, "line_of_business": lob, "pack": pack.id,
                     "benchmark": bench.visits if bench else np.nan,
                     "benchmark_use": bench.use if bench else "",
                     "benchmark_source": bench.source if bench else "",
                     "gap_limit": get["gap_limit_days"],
                     "max_units": get.get("max_timed_units_per_visit", np.nan),
                     "reeval_days": get.get("reevaluation_days", np.nan),
                     "progress_days": get.get("progress_report_treatment_days", np.nan),
                     "unspecified_side": side_of(code) == "unspecified",
                     "code_status": status(code),
                     "condition": claims.condition_of(code)})
    return pd.DataFrame(rows)


#: how lines (or the visits of several chunks) make one visit: built-in aggregations only
VISIT = {"timed_units": "sum", "evaluation": "max", "reevaluation": "max", "kx_lines": "sum", "cq_lines": "sum",
         "lines": "sum", "dx": "last", "line_of_business": "last"}


def _per_visit(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby(KEY, sort=False, observed=True).agg(VISIT).reset_index()


def visits_of(pt: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Physical-therapy lines -> one row per visit (member, condition, date) with its timed
    units, evaluation flags and KX/CQ lines; and the distinct (visit, rendering NPI) pairs.
    Partial results of several chunks recombine with :func:`combine`."""
    codes = pd.DataFrame({"dx": pt["dx"].unique()})
    cond = dict(zip(codes["dx"], codes["dx"].map({c: claims.condition_of(c) for c in codes["dx"]})))
    lines = pd.DataFrame({
        "member_id": pt["member_id"].astype("category"), "condition": pt["dx"].map(cond).astype("category"),
        "dos": pt["dos"], "dx": pt["dx"].astype("category"),
        "line_of_business": pt["line_of_business"].astype("category"),
        "timed_units": pt["units"].where(pt["hcpcs"].isin(claims.TIMED), 0),
        "evaluation": pt["hcpcs"].isin(claims.EVALUATIONS), "reevaluation": pt["hcpcs"].isin(claims.REEVALUATIONS),
        "kx_lines": pt["kx"].astype("int64"), "cq_lines": pt["cq"].astype("int64"), "lines": 1})
    visits = _per_visit(lines)
    npis = pd.DataFrame({"member_id": lines["member_id"], "condition": lines["condition"], "dos": lines["dos"],
                         "npi": pt["rendering_npi"]}).drop_duplicates()
    return visits, npis


def combine(parts: list[tuple[pd.DataFrame, pd.DataFrame]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The visits of several chunks as one (a visit billed in two chunks is summed)."""
    visits = pd.concat([p[0] for p in parts], ignore_index=True)
    for c in ("member_id", "condition", "dx", "line_of_business"):  # chunks' categories differ
        visits[c] = visits[c].astype("category")
    return _per_visit(visits), pd.concat([p[1] for p in parts], ignore_index=True).drop_duplicates()


def episodes_of(visits: pd.DataFrame, npis: pd.DataFrame) -> pd.DataFrame:
    """Visits -> one ranked row per member, condition and episode, with metrics and flags."""
    if visits.empty:
        return pd.DataFrame(columns=COLUMNS)
    pairs = visits[["dx", "line_of_business"]].drop_duplicates()
    params = settings_of(pairs)
    v = visits.sort_values(KEY, kind="stable").reset_index(drop=True)
    v = v.merge(params[["dx", "line_of_business", "gap_limit", "max_units"]], on=["dx", "line_of_business"],
                how="left")
    same = ((v["member_id"] == v["member_id"].shift()) & (v["condition"] == v["condition"].shift())).astype(bool)
    gap = (v["dos"] - v["dos"].shift()).dt.days.where(same)
    new = ~same | (gap > v["gap_limit"])
    v["episode_id"] = new.cumsum()
    v["gap_in"] = gap.where(~new)
    v["gap_before"] = gap.where(new)
    ep = v.groupby("episode_id", sort=False)
    v["start"] = ep["dos"].transform("min")
    v["first_30"] = (v["dos"] - v["start"]).dt.days <= 30
    reassess = v["evaluation"] | v["reevaluation"]
    v["over_units"] = v["timed_units"] > v["max_units"]
    last = v["dos"].where(reassess).groupby(v["episode_id"]).ffill().fillna(v["start"])
    v["since_reassess"] = (v["dos"] - last).dt.days
    v["segment"] = reassess.astype("int64").groupby(v["episode_id"]).cumsum()
    v["treat_since"] = (~reassess).astype("int64").groupby([v["episode_id"], v["segment"]]).cumsum()
    e = v.groupby("episode_id", sort=True).agg(
        member_id=("member_id", "first"), condition=("condition", "first"), dx=("dx", "last"),
        line_of_business=("line_of_business", "last"), visits=("dos", "size"), start=("dos", "min"),
        end=("dos", "max"), longest_gap_days=("gap_in", "max"), gap_before_days=("gap_before", "first"),
        first_30_days=("first_30", "sum"), evaluations=("evaluation", "sum"), reevaluations=("reevaluation", "sum"),
        max_timed_units=("timed_units", "max"), over_units=("over_units", "sum"), kx_lines=("kx_lines", "sum"),
        cq_lines=("cq_lines", "sum"), lines=("lines", "sum"), since_reassess=("since_reassess", "max"),
        treat_since=("treat_since", "max"))
    prov = npis[npis["npi"] != ""].merge(v[KEY + ["episode_id"]], on=KEY, how="inner")
    e["providers"] = prov.groupby("episode_id")["npi"].nunique().reindex(e.index, fill_value=0)
    e = e.reset_index().merge(params.drop(columns=["gap_limit", "condition"]), on=["dx", "line_of_business"],
                              how="left")
    course = e.groupby(["member_id", "condition"], sort=False)
    e["course_visits"] = course["visits"].cumsum()
    e["prior_visits"] = e["course_visits"] - e["visits"]
    e["episode"] = course.cumcount() + 1
    e["span_days"] = (e["end"] - e["start"]).dt.days
    e["longest_gap_days"] = e["longest_gap_days"].fillna(0).astype("int64")
    e["excess"] = e["course_visits"] - e["benchmark"]
    e["ratio"] = (e["course_visits"] / e["benchmark"]).round(2)
    e["cq_share"] = (e["cq_lines"] / e["lines"]).round(2)
    raised = {
        "visits-over-benchmark": (e["benchmark_use"] == "limit") & (e["excess"] > 0),
        "visits-over-reference": (e["benchmark_use"] == "reference") & (e["excess"] > 0),
        "timed-units-over-limit": e["over_units"] > 0,
        "reevaluation-overdue": e["since_reassess"] > e["reeval_days"],
        "progress-report-overdue": e["treat_since"] > e["progress_days"],
        "unexplained-gap": e["gap_before_days"].notna(),
        "laterality-mismatch": e["unspecified_side"].astype(bool),
        # no benchmark to rank against: listed after the ranked courses, longest first
        "no-benchmark": e["benchmark"].isna(),
        # the code set's verdict on the code (casekit.codes): a claim with such a code is returned
        "code-not-in-code-set": e["code_status"] == "unknown",
        "code-not-billable": e["code_status"] == "not billable",
    }
    flags = pd.Series("", index=e.index, dtype=object)
    for name in FLAGS:  # seven columns, not rows
        flags = flags + np.where(raised[name], name + " ", "")
    e["flags"] = flags.str.strip()
    members = e["member_id"].unique()
    e["member_key"] = e["member_id"].map(dict(zip(members, map(claims.member_key, members))))
    e = e.rename(columns={"dx": "code"})
    # a course past a payer's limit first (a limit decides; a public reference figure does not),
    # then by how far past, then the rest
    e["_past_limit"] = (e["benchmark_use"] == "limit") & (e["excess"] > 0)
    e = e.sort_values(["_past_limit", "excess", "ratio", "course_visits", "member_key", "start"],
                      ascending=[False, False, False, False, True, True],
                      na_position="last", kind="stable")
    e = e[COLUMNS].reset_index(drop=True)
    texts = ["member_key", "condition", "code", "pack", "benchmark_use", "benchmark_source"]
    return e.astype(dict.fromkeys(texts, "str"))  # one type whatever the chunks' categories


def screen(lines: "claims.Lines") -> pd.DataFrame:
    """The ranked episodes of a checked extract (:func:`casekit.claims.read`)."""
    return episodes_of(*visits_of(lines.pt))


# --- Dask: extracts larger than memory ------------------------------------------------------------

def _chunk(raw: pd.DataFrame, name: str, first_line: int, offset: int):
    lines = claims.check(raw.reset_index(drop=True), name, first_line, offset)
    return visits_of(lines.pt), lines.problems, (lines.total, len(lines.pt), lines.not_pt, lines.bad_rows)


def read_dask(path: str | Path, scheduler: str, blocksize: str = "64MB"):
    """Check the extract in chunks on Dask and reduce each chunk to visits there; the visits (far
    fewer than lines) come back to pandas. ``scheduler``: "local" (threads in this process) or a
    ``dask.distributed`` scheduler address. Returns (visits, npis), problems and counts."""
    import dask
    import dask.dataframe as dd

    p = Path(path)
    parquet = p.suffix.lower() in (".parquet", ".pq")
    ddf = dd.read_parquet(p) if parquet else dd.read_csv(p, dtype=str, keep_default_na=False, na_filter=False,
                                                         blocksize=blocksize)
    client = None
    kw: dict = {"scheduler": "threads"}
    if scheduler != "local":
        from distributed import Client
        client = Client(scheduler)
        kw = {}
    try:
        sizes = dask.compute(*[dask.delayed(len)(part) for part in ddf.to_delayed()], **kw)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int)
        jobs = [dask.delayed(_chunk)(part, p.name, 1 if parquet else 2, int(off))
                for part, off in zip(ddf.to_delayed(), offsets)]
        results = dask.compute(*jobs, **kw)
    finally:
        if client is not None:
            client.close()
    problems = [x for r in results for x in r[1]]
    counts = tuple(int(sum(r[2][i] for r in results)) for i in range(4))
    return combine([r[0] for r in results]), problems, counts


# --- the page -------------------------------------------------------------------------------------




def _plot(table: pd.DataFrame, top: int = 30) -> str:
    """The ``top`` episodes of the ranking as horizontal bars of their course's visits (orange
    past the benchmark, blue within it, grey with none), each with its benchmark as a tick: how
    far past, at a glance. Courses without a benchmark come after the ranked ones, as in the table."""
    shown = table.head(top).iloc[::-1]  # plotly draws the first category at the bottom
    labels = [f"{k} {c} ({e})" for k, c, e in zip(shown["member_key"], shown["code"], shown["episode"])]
    bench = shown["benchmark"].astype(float)
    colours = ["#BBBBBB" if pd.isna(b) else "#D55E00" if v > b else "#0072B2"
               for v, b in zip(shown["course_visits"], bench)]
    data = [{"type": "bar", "orientation": "h", "y": labels, "x": shown["course_visits"].astype(int).tolist(),
             "marker": {"color": colours}, "name": _say("screen_axis.course"), "showlegend": False}]
    # the legend names the colours: one zero-length bar per meaning (an empty trace has no entry)
    data += [{"type": "bar", "orientation": "h", "y": labels[-1:], "x": [0], "marker": {"color": colour},
              "name": _say(key)} for colour, key in (("#D55E00", "screen_legend.past"),
                                                     ("#0072B2", "screen_legend.within"),
                                                     ("#BBBBBB", "screen_legend.none"))]
    data += [{"type": "scatter", "mode": "markers", "y": labels, "x": [None if pd.isna(b) else b for b in bench],
             "marker": {"symbol": "line-ns-open", "size": 18, "color": "#222", "line": {"width": 3}},
             "name": _say("screen_axis.benchmark")}]
    layout = {"height": 160 + 22 * len(labels), "showlegend": True, "barmode": "overlay",
              "legend": {"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},
              "margin": {"l": 230, "r": 20, "t": 40, "b": 50}, "bargap": 0.35,
              "xaxis": {"title": {"text": _say("screen_axis.course")}, "rangemode": "tozero"},
              "yaxis": {"automargin": True, "tickfont": {"family": "monospace", "size": 11}}}
    from .classpage import plot_snippet
    return plot_snippet("ck-screen", data, layout, mode_bar=False)


def _cell(x) -> str:
    """A table cell as read: a date without its time, a whole number without ".0", nothing for none."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return ""
    if isinstance(x, pd.Timestamp):
        return x.date().isoformat()
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


def page(table: pd.DataFrame, file: str, rows: int = 200) -> str:
    """The offline page: plotly.js inline once (no network), the plot and the top ``rows``; every
    text escaped; members by their key only."""
    from ._version import __version__
    from .classpage import standalone
    shown = table[PAGE_COLUMNS].head(rows)
    head = "".join(f"<th>{E(c)}</th>" for c in shown.columns)
    body = "".join("<tr>" + "".join(
        f"<td class='ck-flags'>{' '.join(f'<span>{E(f)}</span>' for f in str(x).split())}</td>" if col == "flags"
        else f"<td>{E(_cell(x))}</td>" for col, x in zip(shown.columns, row)) + "</tr>"
                   for row in shown.astype(object).itertuples(index=False))  # at most `rows` rows
    meta = _say("screen_meta", file=file, members=int(table["member_key"].nunique()), episodes=len(table),
                flagged=int((table["flags"] != "").sum()), version=__version__)
    legend = "".join(f"<li>{E(_say('screen_flag.' + f))}</li>" for f in FLAGS)
    return standalone(_say("screen_title"), meta, f"""
<style>td {{ white-space: nowrap; }} td.ck-flags {{ white-space: normal; min-width: 16em; }}
td.ck-flags span {{ white-space: nowrap; display: inline-block; margin-right: .4em; }}</style>
<h2>{E(_say("screen_heading.plot"))}</h2>
{_plot(table)}
<h2>{E(_say("screen_heading.table", rows=len(shown)))}</h2>
<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
<h2>{E(_say("screen_heading.flags"))}</h2>
<ul>{legend}</ul>
<p>{E(_say("screen_caution"))}</p>""")


def screen_command(args) -> int:
    """``casekit screen FILE [--out DIR] [--scheduler local|ADDRESS] [--skip-bad-rows]``."""
    from .errors import out_folder
    from .render import atomic_write
    name = Path(args.file).name
    out = out_folder(args.out) if args.out else None
    if args.scheduler:
        parts, problems, (total, pt, not_pt, bad) = read_dask(args.file, args.scheduler)
    else:
        lines = claims.read(args.file)
        parts, problems = visits_of(lines.pt), lines.problems
        total, pt, not_pt, bad = lines.total, len(lines.pt), lines.not_pt, lines.bad_rows
    if problems:
        for p in problems:
            print(p, file=sys.stderr)
        if not getattr(args, "skip_bad_rows", False):
            raise claims.ClaimsError([_say("claims_bad-rows", file=name, rows=bad)])
    table = episodes_of(*parts)
    print(_say("screen_summary", file=name, total=total, pt=pt, not_pt=not_pt, bad=bad,
               members=int(table["member_key"].nunique()), episodes=len(table),
               flagged=int((table["flags"] != "").sum())), file=sys.stderr)
    with pd.option_context("display.width", 200, "display.max_columns", 12):
        print(table[["member_key", "code", "start", "end", "visits", "course_visits", "benchmark", "excess",
                     "flags"]].head(TOP).to_string(index=False, na_rep="-"))
    if out is not None:
        atomic_write(out / "screen.csv", table.to_csv(index=False).encode("utf-8"))
        atomic_write(out / "screen.html", page(table, name).encode("utf-8"))
    return 0

