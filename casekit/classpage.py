"""The class page of ``casekit grade DIR``: one offline HTML page of a class's agreement with the key.

    page(klass, wording) -> the HTML text (plotly.js inline, no network; every string escaped)

Three plots: agreement by criterion (bar), score by trainee and case (heatmap), Cohen's kappa
per trainee with its 95% CI (error bars); then the table of trainees with pass/fail. The page
shows trainee pseudonyms, case ids, rule ids and numbers only: no case text.

Example::

    Path("out/class.html").write_text(page(grade_class("answers", "cases"), _common()))
"""

from __future__ import annotations

import html
import json

from .wording import Phrase

E = html.escape

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1b1b1b; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 16px 16px 40px; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; } p.ck-meta { color: #555; }
table { border-collapse: collapse; font-size: 0.92em; }
th, td { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
th { background: #f4f4f4; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.ck-pass { color: #007a3d; font-weight: 600; } .ck-fail { color: #b00020; font-weight: 600; }
"""


def plot_snippet(div: str, data: list, layout: dict, mode_bar: bool = True) -> str:
    """A plotly chart for a standalone page (plotly.js already on it): a div and the script that
    draws it (the class page, the claims screen, the cohort index)."""
    # "</" never appears in the JSON, so it cannot close the <script> early
    payload = json.dumps({"data": data, "layout": layout}).replace("</", "<\\/")
    config = "{displaylogo:false,responsive:true}" if mode_bar else \
        "{displaylogo:false,displayModeBar:false,responsive:true}"
    return (f"<div id='{div}' class='ck-chart'></div><script type='text/javascript'>"
            f"(function(){{var f={payload};Plotly.newPlot('{div}',f.data,f.layout,{config});}})();</script>")



def _layout(x: str, y: str, **more) -> dict:
    return {"height": 380, "margin": {"l": 60, "r": 10, "t": 30, "b": 120},
            "xaxis": {"title": {"text": x}, "type": "category", "tickangle": -45, "automargin": True},
            **more, "yaxis": {"title": {"text": y}, "automargin": True, **more.get("yaxis", {})}}


def plots(figures: dict, say) -> dict[str, str]:
    """The three plots of the class page by name (criteria, heatmap, kappa), as HTML snippets."""
    crit = figures["criteria"]
    bar = [{"type": "bar", "x": list(crit), "y": [r["percent"] for r in crit.values()],
            "marker": {"color": "#0072B2"}}]
    trainees = list(figures["trainees"])
    cases = sorted({c for r in figures["trainees"].values() for c in r["cases"]})
    z = [[figures["trainees"][t]["cases"].get(c) for c in cases] for t in trainees]
    heat = [{"type": "heatmap", "x": cases, "y": trainees, "z": z, "zmin": 0, "zmax": 100,
             "colorscale": "Viridis", "colorbar": {"title": {"text": "%"}}}]
    k = [figures["trainees"][t]["kappa"] for t in trainees]
    err = [{"type": "scatter", "mode": "markers", "x": trainees, "y": [r["kappa"] for r in k],
            "marker": {"size": 10, "color": "#D55E00"},
            "error_y": {"type": "data", "symmetric": False,
                        "array": [None if r["kappa"] is None or r["high"] is None else r["high"] - r["kappa"] for r in k],
                        "arrayminus": [None if r["kappa"] is None or r["low"] is None else r["kappa"] - r["low"]
                                       for r in k]}}]
    return {
        "criteria": plot_snippet("ck-class-criteria", bar, _layout(say("grade.axis.criterion"), say("grade.axis.percent"), yaxis={"range": [0, 100]})),
        "heatmap": plot_snippet("ck-class-heatmap", heat, _layout(say("grade.axis.case"), say("grade.axis.trainee"))),
        "kappa": plot_snippet("ck-class-kappa", err, _layout(say("grade.axis.trainee"), say("grade.axis.kappa"),
                                                      yaxis={"range": [-1, 1.05]})),
    }


def _num(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def _trainee_table(figures: dict, say) -> str:
    heads = ("trainee", "percent", "verdict", "kappa", "ci", "band", "items")
    head = "".join(f"<th>{E(say('grade.table.' + h))}</th>" for h in heads)
    rows = []
    for t, r in figures["trainees"].items():
        k, verdict = r["kappa"], "pass" if r["pass"] else "fail"
        rows.append(f"<tr><td>{E(t)}</td><td class='n'>{E(str(r['percent']))}%</td>"
                    f"<td class='ck-{verdict}'>{E(say('grade.class.' + verdict))}</td>"
                    f"<td class='n'>{E(_num(k['kappa']))}</td><td class='n'>{E(_num(k['low']))} – {E(_num(k['high']))}</td>"
                    f"<td>{E(say('grade.band.' + k['band']))}</td><td class='n'>{k['n']}</td></tr>")
    return f"<table class='ck-trainees'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _fleiss(figures: dict, say) -> str:
    out = []
    for s, r in figures["fleiss"].items():
        if r["kappa"] is None:
            out.append(say("grade.class.fleiss-none", set=Phrase(f"grade.class.set.{s}"),
                           why=Phrase(f"grade.class.{r['why']}")))
        else:
            out.append(say("grade.class.fleiss-line", set=Phrase(f"grade.class.set.{s}"), kappa=_num(r["kappa"]),
                           band=Phrase(f"grade.band.{r['band']}"), n=r["n"]))
    return "".join(f"<p>{E(line)}</p>" for line in out)


def standalone(title: str, meta: str, body: str) -> str:
    """A self-contained page (the class page, the claims screen): plotly.js inline once (never a
    CDN), casekit's style, the title and a meta line (escaped here), then ``body`` (HTML, escaped
    by its maker)."""
    from .render import plotly_js_text
    js = plotly_js_text().replace("</script", "<\\/script")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{E(title)}</title><style>{_STYLE}</style>
<script type="text/javascript">{js}</script></head>
<body><main>
<h1>{E(title)}</h1>
<p class="ck-meta">{E(meta)}</p>
{body}
</main></body></html>
"""


def page(klass, wording) -> str:
    """The class page's HTML: self-contained, plotly.js inline (never a CDN)."""
    from .grading import sayer
    say = sayer(wording)
    f = klass.figures
    p = plots(f, say)
    return standalone(say("grade.class.title"), say("grade.class.meta", **f["meta"]), f"""
<h2>{E(say("grade.heading.trainees"))}</h2>
{_trainee_table(f, say)}
<h2>{E(say("grade.heading.criteria"))}</h2>
{p["criteria"]}
<h2>{E(say("grade.heading.heatmap"))}</h2>
{p["heatmap"]}
<h2>{E(say("grade.heading.kappa"))}</h2>
{p["kappa"]}
<h2>{E(say("grade.heading.fleiss"))}</h2>
{_fleiss(f, say)}
<p>{E(say("grade.class.caution"))}</p>
<p>{E(say("grade.class.bands"))}</p>""")
