"""Plotly figures of one review: the visit timeline, cumulative visits against the benchmark and
the plan of care, and the course of symptoms.

Each function stands alone in a notebook and returns a ``plotly.graph_objects.Figure`` of fixed
size on a white template. Every meaning is drawn as text (a printed report has no hover), and each
figure carries ``layout.meta = {"casekit": <name>, ...}`` so tests and the report can tell them
apart. Labels are short and made here: note text never enters a figure (patient data stays in
the report's escaped text).

Plotly draws a subset of HTML in every piece of text it shows (legend names, annotations, hover
text, titles, tick labels): ``<a href>`` becomes a live link, ``<b>``/``<br>`` format. So every
string that comes from the case (a count's source, a measure's name, a visit's kind, a word the
note reading found) passes through :func:`plain` before it reaches a figure, and none is put
into a ``hovertemplate`` (whose ``%{...}`` would be filled in). Traces' ``meta`` keep the raw
value, for tests and readers of the figure; plotly never draws ``meta``.

Titles and labels are the pack's wording (``section.figures.*``; casekit's common wording when
no pack is given), so a payer words them without code.

>>> tl = timeline.build(case, gap_limit_days=60)          # doctest: +SKIP
>>> visit_timeline(tl, case=case).show()                  # doctest: +SKIP
>>> cumulative_visits(tl, benchmark=14, planned_visits=18,
...                   plan_date=case.plan_of_care.date, visits_per_week=3)  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from .wording import Phrase, say

WIDTH = 760  # fits an A4/Letter page at print scale without resizing

# Okabe-Ito colours stay distinct under colour blindness; dashes carry meaning in greyscale.
_BLUE, _SKY, _ORANGE, _RED, _GREEN, _GREY = (
    "#0072B2", "#56B4E9", "#E69F00", "#D55E00", "#009E73", "#555555")
_EPISODE_FILLS = ("#E8EEF5", "#F3EEE3")
_WINDOW_FILL = "rgba(230,159,0,0.30)"
_SYMBOLS = {"evaluation": "diamond", "re-evaluation": "diamond-open", "treatment": "circle",
            "progress-report": "square", "discharge": "x"}
_BETTER = {"better", "pain-free", "improved"}
_SCORE_UNITS = {None, "", "%", "points", "/100"}  # 0-100 scales that share one axis
_HALF_DAY = dt.timedelta(hours=12)


def plain(text: Any) -> str:
    """``text`` as plotly should show it: literally, never as markup.

    ``&``, ``<`` and ``>`` become the entities plotly turns back into characters, so
    ``<a href="https://x">KOOS</a>`` is drawn as typed, not as a link. Quotes stay as they
    are: plotly knows no ``&quot;`` and would show it.

    >>> plain('<b>R&D</b>')
    '&lt;b&gt;R&amp;D&lt;/b&gt;'
    """
    return html.escape(str(text), quote=False)


@dataclass(frozen=True)
class _CommonWording:
    """Stands for a pack where a figure is drawn without one: casekit's common wording."""

    wording: dict = field(default_factory=dict)
    id: str = "common"


#: A ``title`` left out: the figure's title as the wording gives it (``None``: no title).
WORDED = "worded"


def _words(pack):
    if pack is not None:
        return pack
    from .packs import common_wording  # the packs layer sits below: read only when drawing
    return _CommonWording(common_wording()[0])


def _say(pack, key: str, **values) -> str:
    """One label of a figure: ``section.figures.<key>`` filled with ``values``."""
    return say(pack, f"section.figures.{key}", **values)


def _title(pack, title: Optional[str], key: str) -> Optional[str]:
    return _say(pack, key) if title == WORDED else title


def _go():
    # Imported here, not at module top: the review core must stay fast without plotly.
    import plotly.graph_objects as go
    return go


def _iso(day: Any) -> str:
    if isinstance(day, dt.datetime) or hasattr(day, "to_pydatetime"):
        day = day.date() if day.time() == dt.time(0) else day
    return day.isoformat(sep=" ") if isinstance(day, dt.datetime) else day.isoformat()


@functools.cache
def _template():
    """The ``plotly_white`` template, validated once per process (as a figure would check it,
    so its JSON is the one a figure given the name writes), then shared by every figure."""
    import plotly.io as pio
    return _go().layout.Template(pio.templates["plotly_white"])


def _figure(name: str, height: int, title: Optional[str], **meta):
    fig = _go().Figure()
    # As plotly sets its default template: the shared, validated object, not re-validated (a
    # figure's own validation of the template was most of the time it took to make one).
    fig.layout._validate = False
    try:
        fig.layout.template = _template()
    finally:
        fig.layout._validate = True
    fig.update_layout(
        width=WIDTH, height=height, meta={"casekit": name, **meta},
        font=dict(family="Arial, Helvetica, sans-serif", size=12, color="#222"),
        margin=dict(l=80, r=30, t=78 if title else 40, b=70), showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.14, yanchor="top"))
    if title:
        fig.update_layout(title=dict(text=title, x=0.01, xanchor="left", y=0.97))
    return fig


class _Layers:
    """A figure's shapes and annotations as plain dicts, set on it at once.

    Plotly checks the whole list again each time ``add_shape`` or ``add_annotation`` adds one,
    so a figure of n episodes took n² checks; kept here, they are checked once each by
    :meth:`apply`, in the order they were first added (the figure's JSON keeps its key order).

    >>> layers = _Layers(); layers.label("2025-01-02", 1, "Episode 1")
    >>> layers.parts["annotations"][0]["text"]
    'Episode 1'
    """

    def __init__(self):
        self.parts: dict[str, list[dict]] = {}

    def shape(self, **kw) -> None:
        self.parts.setdefault("shapes", []).append(kw)

    def label(self, x, y, text, **kw) -> None:
        font = dict(size=kw.pop("size", 11), color=kw.pop("color", "#222"))
        self.parts.setdefault("annotations", []).append(dict(x=x, y=y, text=text, showarrow=False, font=font, **kw))

    def apply(self, fig) -> None:
        fig.update_layout(**self.parts)


def _date_axis(fig, lo: dt.date, hi: dt.date, share: float = 0.04, least: int = 5) -> None:
    pad = dt.timedelta(days=max(least, math.ceil((hi - lo).days * share)))
    # Months read best over a long span; over a few weeks they would repeat "Aug 2025".
    fmt = "%b %Y" if (hi - lo).days > 120 else "%d %b %Y"
    fig.update_xaxes(type="date", range=[_iso(lo - pad), _iso(hi + pad)], tickformat=fmt)


def visit_timeline(timeline, title: Optional[str] = WORDED, case=None, pack=None, blind: bool = False):
    """Dated visits, counted blocks, episodes, long gaps and the window under review.

    ``case`` (optional) names each counted block's source ("claims history"), which the
    timeline does not keep; ``pack`` (optional) words the labels. ``blind`` (a trainee's
    worksheet) draws each gap without its length or whether the records explain it.

    >>> fig = visit_timeline(build(case, 60), case=case)   # doctest: +SKIP
    >>> fig.layout.meta["casekit"]                          # doctest: +SKIP
    'visit-timeline'
    """
    go = _go()
    pack = _words(pack)
    lo, hi = timeline.window
    visits = [s for s in timeline.services if s.source == "visit"]
    blocks = [s for s in timeline.services if s.source != "visit"]
    splits = [g for g in timeline.gaps if g.splits]
    fig = _figure("visit-timeline", 360, _title(pack, title, "timeline-title"), visits=len(visits),
                  counted=sum(b.visits for b in blocks), gaps=[g.days for g in splits])

    layers, traces = _Layers(), []
    # Shapes span whole days (half a day either side) so one-day episodes stay visible.
    for e in timeline.episodes:
        layers.shape(type="rect", name=f"episode {e.number}", xref="x", yref="paper",
                     x0=_iso(dt.datetime.combine(e.start, dt.time()) - _HALF_DAY),
                     x1=_iso(dt.datetime.combine(e.end, dt.time()) + _HALF_DAY), y0=0, y1=1,
                     fillcolor=_EPISODE_FILLS[(e.number - 1) % 2], line=dict(width=0), layer="below")
        mid = e.start + (e.end - e.start) / 2
        layers.label(_iso(mid), 1.0, f"<b>{_say(pack, 'episode', number=e.number)}</b>"
                     + ("" if blind else f" · {_say(pack, 'visits', visits=e.visits)}"), yref="paper", yanchor="bottom")
    layers.shape(type="rect", name="under review", xref="x", yref="paper", y0=0, y1=1,
                 x0=_iso(dt.datetime.combine(lo, dt.time()) - _HALF_DAY),
                 x1=_iso(dt.datetime.combine(hi, dt.time()) + _HALF_DAY),
                 fillcolor=_WINDOW_FILL, line=dict(color=_ORANGE, width=1), layer="below")
    in_window = sum(s.visits for s in timeline.services if lo <= s.start and s.end <= hi)
    layers.label(_iso(lo + (hi - lo) / 2), -0.62,
                 f"<b>{_say(pack, 'under-review')}</b>" + ("" if blind else f"<br>{_say(pack, 'visits', visits=in_window)}"),
                 color="#8A5A00", xanchor="center", yanchor="middle", bgcolor="rgba(255,255,255,0.8)")

    sources = {(b.from_, b.to, b.visits): b.source for b in getattr(case, "visit_counts", [])}
    for b in blocks:
        source = sources.get((b.start, b.end, b.visits))
        name = _say(pack, "block", visits=b.visits,
                    source=plain(source) if source else Phrase("section.figures.block-no-source"))
        traces.append(go.Scatter(
            x=[_iso(d) for d in (b.start, b.end, b.end, b.start, b.start)],
            y=[0.8, 0.8, 1.2, 1.2, 0.8], mode="lines", fill="toself", fillcolor=_SKY,
            opacity=0.75, line=dict(color=_BLUE, width=1), name=name, hoverinfo="name",
            meta={"role": "block", "visits": b.visits}))
        layers.label(_iso(b.start + (b.end - b.start) / 2), 1.27, name, yanchor="bottom")

    for kind in dict.fromkeys(s.kind for s in visits):  # first-seen order, no duplicates
        days = [_iso(s.start) for s in visits if s.kind == kind]
        traces.append(go.Scatter(
            x=days, y=[0] * len(days), mode="markers", name=plain(kind) if blind else f"{plain(kind)} ({len(days)})",
            marker=dict(symbol=_SYMBOLS.get(kind, "circle"), size=11, color=_BLUE,
                        line=dict(color="white", width=1)),
            # Without <extra>, plotly's second hover box shows the trace's (escaped) name.
            hovertemplate="%{x}", meta={"role": "visit", "kind": kind}))

    for g in splits:
        why = (Phrase("section.figures.gap-new-course" if g.new_course else "section.figures.gap-explained")
               if g.explained else "")
        traces.append(go.Scatter(
            x=[_iso(d) for d in (g.start, g.start, g.end, g.end)], y=[0.38, 0.5, 0.5, 0.38],
            mode="lines", line=dict(color=_GREY, width=1.5), showlegend=False,
            hoverinfo="skip", meta={"role": "gap", "days": g.days}))
        layers.label(_iso(g.start + (g.end - g.start) / 2), 0.53,
                     _say(pack, "gap-blind") if blind else _say(pack, "gap", days=g.days, why=why),
                     yanchor="bottom", color=_GREY)

    services = list(timeline.services)
    first = min([s.start for s in services] + [lo])
    last = max([s.end for s in services] + [hi])
    top = 1.75 if blocks else 0.95
    fig.add_traces(traces)
    layers.apply(fig)
    _date_axis(fig, first, last)
    fig.update_yaxes(range=[-0.95, top], tickvals=[0, 1] if blocks else [0],
                     ticktext=[_say(pack, "dated-axis")] + ([_say(pack, "counted-axis")] if blocks else []),
                     showgrid=False, zeroline=False, fixedrange=True)
    return fig


def cumulative_visits(timeline, benchmark: Optional[int], planned_visits: Optional[int] = None,
                      plan_date: Optional[dt.date] = None, visits_per_week: Optional[float] = None,
                      title: Optional[str] = WORDED, pack=None):
    """Running count of the current course's visits, the benchmark, and the plan's projection.

    Counted-block visits are spread over their interval (``Timeline.cumulative``) and drawn
    dashed and lighter, because their dates are estimates. The projection starts at the visits
    the course had before ``plan_date`` and adds ``visits_per_week`` a week until
    ``planned_visits`` are reached. ``pack`` (optional) words the labels.

    >>> fig = cumulative_visits(tl, 14, 18, dt.date(2025, 8, 25), 3)   # doctest: +SKIP
    >>> fig.layout.meta["projected_total"]                            # doctest: +SKIP
    36
    """
    go = _go()
    pack = _words(pack)
    df = timeline.cumulative()
    df = df[df["course"] == timeline.current_course].reset_index(drop=True)
    fig = _figure("cumulative-visits", 420, _title(pack, title, "cumulative-title"), benchmark=benchmark,
                  projected_total=None)
    x_hi = [timeline.window[1]]
    x_lo = [timeline.course_start or timeline.window[0]]

    layers, traces = _Layers(), []
    # One trace per run of estimated/documented rows, each starting at the run before's last
    # point so the step line stays unbroken across the switch (and across gaps).
    runs, start, estimated = [], 0, df["estimated"].tolist()  # a list: one lookup per row, not a Series
    for i in range(1, len(df) + 1):
        if i == len(df) or estimated[i] != estimated[start]:
            runs.append((start, i))
            start = i
    shown: set[bool] = set()
    counts = {flag: int((df["estimated"] == flag).sum()) for flag in (True, False)}
    for a, b in runs:
        est = bool(estimated[a])
        rows = df.iloc[max(a - 1, 0):b]
        traces.append(go.Scatter(
            x=[_iso(d) for d in rows["date"]], y=rows["course_cumulative"].tolist(),
            mode="lines" if est else "lines+markers", line_shape="hv",
            line=dict(color=_SKY if est else _BLUE, width=2, dash="dash" if est else "solid"),
            # The borrowed first point is no visit of this run: no marker for it.
            marker=dict(size=[0 if a and j == 0 else 6 for j in range(len(rows))]),
            legendgroup=str(est), showlegend=est not in shown,
            # The count goes in the legend: a label at the line's end would collide with the
            # projection, which starts there.
            name=(_say(pack, "counted-visits", visits=counts[True]) if est
                  else _say(pack, "dated-visits", visits=counts[False])),
            meta={"role": "estimated" if est else "actual"}))
        shown.add(est)
    if len(df):
        x_hi.append(df["date"].iloc[-1].date())

    peak = [int(df["course_cumulative"].max()) if len(df) else 0]
    if planned_visits and plan_date is not None and visits_per_week:
        # Same rule as the timeline's course_visits_before_plan metric: services ended before.
        before = sum(s.visits for s in timeline.services
                     if s.end < plan_date and timeline.in_current_course(s))
        total = before + planned_visits
        weeks = planned_visits / visits_per_week
        steps = range(math.ceil(weeks) + 1)
        xs = [plan_date + dt.timedelta(days=round(7 * min(k, weeks))) for k in steps]
        ys = [round(before + min(planned_visits, k * visits_per_week), 2) for k in steps]
        ratio = (Phrase("section.figures.projected-ratio", {"ratio": f"{total / benchmark:.2f}"})
                 if benchmark else "")
        text = _say(pack, "projected", total=total, ratio=ratio)
        traces.append(go.Scatter(
            x=[_iso(d) for d in xs], y=ys, mode="lines+markers", name=_say(pack, "plan"),
            line=dict(color=_RED, width=2, dash="dash"), marker=dict(size=5),
            meta={"role": "projection", "total": total, "label": text}))
        layers.label(_iso(xs[-1]), total, f"<b>{text}</b>", xanchor="right", yanchor="bottom",
                     yshift=6, color=_RED)
        fig.layout.meta = {**fig.layout.meta, "projected_total": total}
        x_hi.append(xs[-1])
        x_lo.append(plan_date)
        peak.append(total)

    lo, hi = min(x_lo), max(x_hi)
    if benchmark is not None:
        traces.append(go.Scatter(
            x=[_iso(lo), _iso(hi)], y=[benchmark, benchmark], mode="lines",
            name=_say(pack, "benchmark", visits=benchmark), line=dict(color=_GREEN, width=2, dash="dot"),
            meta={"role": "benchmark", "value": benchmark}))
        layers.label(_iso(lo), benchmark, f"<b>{_say(pack, 'benchmark', visits=benchmark)}</b>",
                     xanchor="left", yanchor="bottom", color=_GREEN)
        peak.append(benchmark)

    w0, w1 = timeline.window
    layers.shape(type="rect", name="under review", xref="x", yref="paper", y0=0, y1=1,
                 x0=_iso(w0), x1=_iso(w1), fillcolor=_WINDOW_FILL, line=dict(width=0), layer="below")
    layers.label(_iso(w0 + (w1 - w0) / 2), 1.0, _say(pack, "under-review"), yref="paper", yanchor="bottom",
                 color="#8A5A00")
    fig.add_traces(traces)
    layers.apply(fig)
    _date_axis(fig, lo, hi)
    fig.update_yaxes(title=_say(pack, "visits-axis"), range=[0, max(peak) * 1.15 + 1], rangemode="tozero")
    return fig


def symptom_course(evidence, measures: Optional[Iterable] = None,
                   title: Optional[str] = WORDED, pack=None):
    """Pain (0-10) and function/outcome scores (0-100) over time, with reported direction.

    Reads ``evidence.of("pain", "function", "outcome-measure", "objective-measure",
    "symptom")``; ``measures`` (e.g. ``case.measures``) adds structured scores. A measure with
    unit "/10" joins the pain panel, one on a 0-100 scale the score panel; other scales (strength
    grades, degrees) are left out rather than drawn on a wrong axis. Returns None when there is
    nothing to plot. ``pack`` (optional) words the labels.

    >>> symptom_course(extract(case), case.measures)   # doctest: +SKIP
    """
    from plotly.subplots import make_subplots

    go = _go()
    pack = _words(pack)
    function_name = _say(pack, "function")
    found = list(evidence.of("pain", "function", "outcome-measure", "objective-measure",
                             "symptom")) if evidence is not None else []
    pain: dict[str, list] = {}
    scores: dict[str, list] = {}
    for f in found:
        if f.kind == "symptom" or f.value is None or f.negated:
            continue
        if f.kind == "pain" and 0 <= f.value <= 10:
            pain.setdefault(_say(pack, "pain"), []).append((f.date, f.value))
        elif f.kind in ("function", "outcome-measure") or f.unit in _SCORE_UNITS - {None, ""}:
            if 0 <= f.value <= 100:
                name = function_name if f.kind == "function" else (f.name or f.kind)
                scores.setdefault(name, []).append((f.date, f.value))
    for m in measures or ():
        if m.unit == "/10" and 0 <= m.value <= 10:
            pain.setdefault(m.name, []).append((m.date, m.value))
        elif m.unit in _SCORE_UNITS and 0 <= m.value <= 100:
            scores.setdefault(m.name, []).append((m.date, m.value))
    # Only the direction word is drawn, cut short: never the quote behind it.
    symptoms = sorted((f.date, str(f.name or "")[:20]) for f in found if f.kind == "symptom")
    panels = [p for p, data in (("symptoms", symptoms), ("pain", pain), ("scores", scores)) if data]
    if not panels:
        return None

    heights = {"symptoms": 0.22, "pain": 0.39, "scores": 0.39}
    titles = {p: _say(pack, f"{p}-axis") for p in ("symptoms", "pain", "scores")}
    base = _figure("symptom-course", 150 + 140 * len(panels), _title(pack, title, "symptoms-title"),
                   panels=panels, pain_points=sum(len(v) for v in pain.values()))
    fig = make_subplots(rows=len(panels), cols=1, shared_xaxes=True, vertical_spacing=0.06,
                        row_heights=[heights[p] for p in panels], figure=base)
    row = {p: i + 1 for i, p in enumerate(panels)}
    days = [d for d, _ in symptoms] + [d for s in (*pain.values(), *scores.values()) for d, _ in s]

    if symptoms:
        # Cycle three lanes so reports a day apart don't print over each other.
        for direction, better in (("better", True), ("worse", False)):
            picked = [(i, d, n) for i, (d, n) in enumerate(symptoms) if (n in _BETTER) == better]
            if not picked:
                continue
            fig.add_trace(go.Scatter(
                x=[_iso(d) for _, d, _ in picked], y=[2 - i % 3 for i, _, _ in picked],
                text=[plain(n) for _, _, n in picked], mode="markers+text", textposition="middle right",
                marker=dict(symbol="triangle-up" if better else "triangle-down", size=10,
                            color=_GREEN if better else _RED),
                name=_say(pack, f"reported-{direction}"), meta={"role": "symptom"}),
                row=row["symptoms"], col=1)
        fig.update_yaxes(range=[-0.7, 2.7], showticklabels=False, showgrid=False,
                         zeroline=False, title=titles["symptoms"], row=row["symptoms"], col=1)
    palette = iter([_BLUE, _ORANGE, _GREEN, _RED, _SKY, _GREY] * 4)  # distinct across panels
    for panel, series, span, suffix in (("pain", pain, 10, "/10"), ("scores", scores, 100, "")):
        for name, points in sorted(series.items()):
            colour = next(palette)
            points.sort()
            unit = "%" if name == function_name else suffix
            fig.add_trace(go.Scatter(
                x=[_iso(d) for d, _ in points], y=[v for _, v in points], name=plain(name),
                mode="lines+markers+text", text=[f"{v:g}{unit}" for _, v in points],
                textposition="top center", marker=dict(size=8, color=colour),
                line=dict(color=colour, width=2), meta={"role": panel, "name": name}),
                row=row[panel], col=1)
        if series:
            fig.update_yaxes(range=[0, span * 1.15], title=titles[panel], row=row[panel], col=1,
                             tickvals=list(range(0, span + 1, span // 5)))
    _date_axis(fig, min(days), max(days), 0.06, 3)
    return fig


def figures_for(review, blind: bool = False) -> dict:
    """The report's figures for a review, in order: timeline, cumulative, symptoms (if any).

    ``review`` needs ``.timeline``, ``.metrics`` ("benchmark_visits", "planned_visits"),
    ``.case`` (its ``plan_of_care``) and ``.evidence``. ``blind`` draws them for a trainee's
    worksheet: the timeline without visit counts, gap lengths or explanations, and no cumulative
    chart (its running count, benchmark and projection are the figures the trainee is asked for).

    >>> figs = figures_for(review); list(figs)   # doctest: +SKIP
    ['timeline', 'cumulative', 'symptoms']
    """
    case = getattr(review, "case", None)
    plan = getattr(case, "plan_of_care", None)
    metrics = review.metrics or {}
    pack = getattr(review, "pack", None)
    out = {"timeline": visit_timeline(review.timeline, case=case, pack=pack, blind=blind)}
    if not blind:  # its running count, benchmark and projection are answers a trainee is asked for
        out["cumulative"] = cumulative_visits(
            review.timeline, metrics.get("benchmark_visits"), metrics.get("planned_visits"),
            plan.date if plan else None, plan.visits_per_week if plan else None, pack=pack)
    symptoms = symptom_course(getattr(review, "evidence", None), getattr(case, "measures", None), pack=pack)
    if symptoms is not None:
        out["symptoms"] = symptoms
    return out
