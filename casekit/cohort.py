"""The cohort page of a batch: every case on one offline page, with decisions by diagnosis.

    write_index(out_dir, rows, records)   writes out_dir/index.html and returns its path

The page is self-contained (its style inline, no CDN); its one chart loads the batch's shared
local plotly.js by a relative ``<script src>``. Every case-derived text is escaped, and the only
case data shown are ids, codes, counts and casekit's own messages: never note text. When the
cases carry teaching tags (``teaching: {level, topics}``), the page opens with a course view:
the cases by level with their region and topics, each linked to its report and, where they were
rendered beside it, its worksheet (``<id>.worksheet.html``) and answer key (``<id>.key.html``).

Example::

    write_index(Path("out"), manifest_rows, {"HIP-1": done_record})
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any, Optional
from urllib.parse import quote

from ._version import __version__
from .style import DECISION_COLOURS

__all__ = ["DECISIONS", "LEVELS", "decision_counts", "write_index"]

E = html.escape
DECISIONS = ("approve", "partial", "pend", "deny")
#: a teaching case's levels, in the course's order (casekit.model.Teaching)
LEVELS = ("easy", "medium", "hard")
#: the files a teaching case may have beside its report: (suffix, wording key of the link)
COURSE_FILES = ((".worksheet.html", "course-index.link.worksheet"), (".key.html", "course-index.link.key"))

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, "Liberation Sans",
  sans-serif; color: #1b1b1b; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 16px 40px; }
h1 { font-size: 1.5em; margin: 0.2em 0 0.1em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
p.ck-meta { color: #555; margin-top: 0; }
table { border-collapse: collapse; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } table.ck-cases td:first-child { white-space: nowrap; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ck-badge { display: inline-block; min-width: 4.5em; text-align: center; padding: 1px 8px;
  border-radius: 9px; color: #fff; font-size: 0.85em; font-weight: 600; }
.ck-over { color: #b00020; font-weight: 600; }
td.ck-msg { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.85em;
  white-space: pre-wrap; word-break: break-word; max-width: 70ch; }
"""


def _badge(decision: str) -> str:
    colour = DECISION_COLOURS.get(decision, "#555")
    return f"<span class='ck-badge ck-{E(decision)}' style='background:{colour}'>{E(decision)}</span>"


def _num(value: Any) -> str:
    return "–" if value is None else E(str(value))


def decision_counts(records: dict[str, dict]) -> dict[str, dict[str, int]]:
    """{primary code: {decision: count}} over the rendered cases, codes sorted.

    Example::

        decision_counts({"A": {"decision": "deny", "cohort": {"code": "M25.552"}}})
        # {'M25.552': {'approve': 0, 'partial': 0, 'pend': 0, 'deny': 1}}
    """
    out: dict[str, dict[str, int]] = {}
    for rec in records.values():
        code = rec.get("cohort", {}).get("code") or "?"
        counts = out.setdefault(code, {d: 0 for d in DECISIONS})
        counts[rec["decision"]] = counts.get(rec["decision"], 0) + 1
    return dict(sorted(out.items()))


def _cases_table(rows: list[dict], records: dict[str, dict]) -> str:
    head = ("Case", "Decision", "Primary code", "Total visits (course) / benchmark", "Projected total",
            "Longest gap (days)", "Failed rules", "Report")
    body = []
    for row in rows:
        rec = records.get(row["id"]) if row["status"] == "ok" else None
        if rec is None:
            continue
        c = rec.get("cohort", {})
        bench = c.get("benchmark_visits")
        course = c.get("course_visits")
        over = bench is not None and course is not None and course > bench
        visits = (f"{_num(c.get('total_visits'))}"
                  + (f" ({_num(course)})" if course != c.get("total_visits") else "")
                  + f" / {_num(bench)}")
        report = _report_of(row)
        link = f"<a href='{E(quote(report))}'>{E(Path(report).suffix[1:])}</a>" if report else ""
        body.append(
            f"<tr><td>{E(row['id'])}</td><td>{_badge(row['decision'])}</td><td>{E(str(c.get('code', '')))}"
            f"</td><td class='n{' ck-over' if over else ''}'>{visits}</td>"
            f"<td class='n'>{_num(c.get('projected_total'))}</td>"
            f"<td class='n'>{_num(c.get('longest_gap_days'))}</td>"
            f"<td class='n'>{len(row['failed_rules'])}</td><td>{link}</td></tr>")
    cells = "".join(f"<th>{E(h)}</th>" for h in head)
    return f"<table class='ck-cases'><thead><tr>{cells}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _counts_table(counts: dict[str, dict[str, int]]) -> str:
    head = "".join(f"<th>{_badge(d)}</th>" for d in DECISIONS)
    body = []
    for code, by in counts.items():
        cells = "".join(f"<td class='n'>{by.get(d, 0)}</td>" for d in DECISIONS)
        body.append(f"<tr><td>{E(code)}</td>{cells}<td class='n'>{sum(by.values())}</td></tr>")
    totals = "".join(f"<td class='n'>{sum(by.get(d, 0) for by in counts.values())}</td>" for d in DECISIONS)
    grand = sum(sum(by.values()) for by in counts.values())
    return (f"<table class='ck-counts'><thead><tr><th>Primary code</th>{head}<th>Total</th></tr></thead>"
            f"<tbody>{''.join(body)}<tr><th>All</th>{totals}<td class='n'>{grand}</td></tr></tbody></table>")


def _report_of(row: dict) -> str:
    """The row's report: its HTML output, else its PDF, else ''."""
    return (next((o for o in row["outputs"] if o.endswith(".html")), None)
            or next((o for o in row["outputs"] if o.endswith(".pdf")), ""))


def _course(rows: list[dict], records: dict[str, dict], out_dir: Path) -> str:
    """The course view: the rendered cases with teaching tags, by level ('' when none has tags).

    Example::

        _course([row], {"T-1": {"cohort": {"teaching": {"level": "easy", "topics": []}}}}, Path("out"))
    """
    from .packs import say_common as say
    tagged = [(row, records[row["id"]]["cohort"]) for row in rows
              if row["status"] == "ok" and (records.get(row["id"]) or {}).get("cohort", {}).get("teaching")]
    if not tagged:
        return ""
    columns = ("case", "region", "code", "topics", "files")
    head = "".join(f"<th>{E(say('course-index.column.' + c))}</th>" for c in columns)
    parts = [f"<h2>{E(say('course-index.heading'))}</h2>",
             f"<p>{E(say('course-index.intro', cases=len(tagged)))}</p>"]
    for level in LEVELS:
        body = []
        for row, c in tagged:
            if c["teaching"].get("level") != level:
                continue
            report = _report_of(row)
            links = [(report, say("course-index.link.report"))] if report else []
            links += [(name, say(key)) for suffix, key in COURSE_FILES
                      if (out_dir / (name := f"{row['id']}{suffix}")).is_file()]
            files = " · ".join(f"<a href='{E(quote(h))}'>{E(label)}</a>" for h, label in links)
            topics = "; ".join(str(t) for t in c["teaching"].get("topics") or ())
            body.append(f"<tr><td>{E(row['id'])}</td><td>{E(str(c.get('region') or ''))}</td>"
                        f"<td>{E(str(c.get('code') or ''))}</td><td>{E(topics)}</td><td>{files}</td></tr>")
        if body:
            parts.append(f"<h3>{E(say('course-index.level.' + level))}</h3>"
                         f"<table class='ck-course ck-course-{level}'><thead><tr>{head}</tr></thead>"
                         f"<tbody>{''.join(body)}</tbody></table>")
    return "\n".join(parts)


def _failures_table(rows: list[dict]) -> str:
    bad = [r for r in rows if r["status"] != "ok"]
    if not bad:
        return "<p>None: every case was rendered.</p>"
    body = "".join(
        f"<tr><td>{E(r['id'] or '–')}</td><td>{E(r['input'])}</td><td>{E(r['status'])}</td>"
        f"<td class='ck-msg'>{E(r['error'])}</td></tr>" for r in bad)
    return ("<table class='ck-failures'><thead><tr><th>Case</th><th>Input</th><th>Status</th>"
            f"<th>Message</th></tr></thead><tbody>{body}</tbody></table>")


def _chart(rows: list[dict], records: dict[str, dict]) -> Optional[str]:
    """Visits to date and projected total per case against its benchmark (plotly JSON)."""
    ids = [r["id"] for r in rows if r["status"] == "ok" and r["id"] in records]
    if not ids:
        return None
    recs = [records[i] for i in ids]
    get = [r.get("cohort", {}) for r in recs]
    data = [
        {"type": "bar", "name": "visits in the course", "x": ids, "y": [c.get("course_visits") for c in get],
         "marker": {"color": "#0072B2"}},
        {"type": "bar", "name": "projected total", "x": ids, "y": [c.get("projected_total") for c in get],
         "marker": {"color": "#56B4E9"}},
        {"type": "scatter", "mode": "markers", "name": "benchmark", "x": ids,
         "y": [c.get("benchmark_visits") for c in get],
         "marker": {"symbol": "line-ew-open", "size": 22, "color": "#D55E00", "line": {"width": 3}}},
    ]
    layout = {"barmode": "group", "height": 380, "margin": {"l": 50, "r": 10, "t": 10, "b": 110},
              "yaxis": {"title": {"text": "visits"}, "rangemode": "tozero"},
              "xaxis": {"tickangle": -45, "type": "category"}, "legend": {"orientation": "h", "y": 1.08},
              "template": {"layout": {"plot_bgcolor": "#fff", "paper_bgcolor": "#fff"}}}
    from .classpage import plot_snippet
    return plot_snippet("ck-cohort-visits", data, layout)


def write_index(out_dir: Path, rows: list[dict], records: dict[str, dict],
                plotly_js: str = "assets/plotly.min.js") -> Path:
    """Write ``out_dir/index.html`` for a batch and return its path.

    ``rows`` are the manifest rows (all inputs); ``records`` the done records of rendered
    cases by id (decision, failed rules and the ``cohort`` figures); ``plotly_js`` the shared
    plotly.js, relative to ``out_dir``.

    Example::

        write_index(Path("out"), rows, records).name  # 'index.html'
    """
    from .render import atomic_write

    out_dir = Path(out_dir)
    ok = {r["id"] for r in rows if r["status"] == "ok"}
    counts = decision_counts({k: v for k, v in records.items() if k in ok})
    n_ok = sum(r["status"] == "ok" for r in rows)
    chart = _chart(rows, records)
    script = f"<script type='text/javascript' src='{E(plotly_js)}'></script>" if chart else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>casekit batch: {len(rows)} cases</title><style>{_STYLE}</style>{script}</head>
<body><main>
<h1>Utilization review batch</h1>
<p class="ck-meta">{len(rows)} cases: {n_ok} rendered, {len(rows) - n_ok} not rendered.
casekit {E(__version__)}. Details per case in <a href="manifest.csv">manifest.csv</a>.</p>
{_course(rows, records, out_dir)}
<h2>Decisions by primary diagnosis</h2>
{_counts_table(counts)}
<h2>Visits against the benchmark</h2>
{chart or "<p>No case was rendered.</p>"}
<h2>Cases</h2>
{_cases_table(rows, records)}
<h2>Not rendered (invalid or failed)</h2>
{_failures_table(rows)}
</main></body></html>
"""
    path = out_dir / "index.html"
    atomic_write(path, page.encode("utf-8"))
    return path
