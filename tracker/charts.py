"""Plotly figure builders: a DataFrame in, a Figure out; they never query.

``TIER_COLORS`` is the one colour map of interest tiers, used by every chart and badge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from tracker.analytics import performance as perf
from tracker.analytics import pipeline as pipe
from tracker.analytics import planner as plan

TIER_COLORS: dict[int, str] = {1: "#803df5", 2: "#1c83e1", 3: "#9aa5b1"}  # badge colours
TIER_NAMES: dict[int, str] = {1: "Tier 1 · dream", 2: "Tier 2 · good", 3: "Tier 3 · practice"}
FONT = "Source Sans Pro, sans-serif"


def base_layout(fig: go.Figure, title: str, *, height: int = 380) -> go.Figure:
    """The house style: a title, readable labels, no clutter."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        font={"family": FONT, "size": 13},
        legend={"orientation": "h", "y": -0.15},
        plot_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="#eceff1")
    return fig


# --------------------------------------------------------------------------- analyse (issue 4)
# Builders of the Pipeline and Interview performance pages. Shares (0..1) come in as they are
# computed by tracker.analytics and are shown in percent.

OUTCOME_COLORS: dict[str, str] = {
    "offer": "#2e7d32",
    "rejected": "#c62828",
    "withdrew": "#8d6e63",
    "ghosted": "#b0bec5",
    "open": "#64b5f6",
}
STAGE_COLOR = "#1f8a9e"
SMALL_GROUP_NOTE = "too few to judge"


def _pct_text(share: float) -> str:
    return "—" if share != share else f"{share:.0%}".replace("%", " %")  # NaN != NaN


def funnel_chart(funnel) -> go.Figure:
    """The funnel (``analytics.pipeline.funnel``): applications reaching each stage."""
    text = [
        f"{n} · {_pct_text(a)}" if i else f"{n} applied"
        for i, (n, a) in enumerate(zip(funnel["reached"], funnel["from_applied"], strict=True))
    ]
    hover = [
        f"{lbl}: {n} reached<br>{_pct_text(p)} of the previous stage<br>{_pct_text(a)} of applied"
        for lbl, n, p, a in zip(
            funnel["label"],
            funnel["reached"],
            funnel["from_previous"],
            funnel["from_applied"],
            strict=True,
        )
    ]
    fig = go.Figure(
        go.Funnel(
            y=list(funnel["label"]),
            x=list(funnel["reached"]),
            text=text,
            textinfo="text",
            hovertext=hover,
            hoverinfo="text",
            marker={"color": STAGE_COLOR},
            connector={"fillcolor": "#e0f2f1"},
        )
    )
    return base_layout(fig, "Furthest stage reached (applications · % of applied)")


def _group_name(label: str, n: int, too_few: bool) -> str:
    return f"{label} (n={n}, {SMALL_GROUP_NOTE})" if too_few else f"{label} (n={n})"


def funnel_split_chart(split, title: str, *, tier_colors: bool = False) -> go.Figure:
    """Share of each group's applications reaching each stage after applied, side by side.

    ``split`` is ``analytics.pipeline.funnel_split``; groups too small to judge are faded and
    hatched, and their legend entry says so.
    """
    fig = go.Figure()
    later = split.loc[split["stage"] != "applied"]
    for group, rows in later.groupby("group", sort=False):
        first = rows.iloc[0]
        too_few = bool(first["too_few"])
        fig.add_bar(
            name=_group_name(first["group_label"], int(first["n"]), too_few),
            x=list(rows["stage_label"]),
            y=[None if v != v else v * 100 for v in rows["from_applied"]],
            customdata=list(zip(rows["reached"], rows["n"], strict=True)),
            hovertemplate="%{x}: %{y:.0f} % of applied (%{customdata[0]} of %{customdata[1]})"
            "<extra>%{fullData.name}</extra>",
            marker={
                "color": TIER_COLORS.get(int(group)) if tier_colors else None,
                "opacity": 0.45 if too_few else 1.0,
                "pattern": {"shape": "/" if too_few else ""},
            },
        )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title="% of the group's applications", ticksuffix=" %", rangemode="tozero")
    return base_layout(fig, title, height=420)


def sankey_chart(flows) -> go.Figure:
    """Flows from applied through the stages to the outcomes (``pipeline.outcome_flows``)."""
    from tracker.analytics.pipeline import node_label

    keys = list(dict.fromkeys([*flows["source"], *flows["target"]]))
    index = {key: i for i, key in enumerate(keys)}
    totals_in = flows.groupby("target")["value"].sum()
    totals_out = flows.groupby("source")["value"].sum()
    labels = [
        f"{node_label(k)} ({int(max(totals_in.get(k, 0), totals_out.get(k, 0)))})" for k in keys
    ]
    colors = [
        OUTCOME_COLORS.get(k.partition(":")[2], STAGE_COLOR)
        if k.startswith("outcome:") or k == "stage:offer"
        else STAGE_COLOR
        for k in keys
    ]
    link_colors = [
        "rgba(198,40,40,0.25)" if t == "outcome:rejected" else "rgba(31,138,158,0.18)"
        for t in flows["target"]
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={"label": labels, "color": colors, "pad": 18, "thickness": 16},
            textfont={"color": "#263238", "size": 13, "shadow": "0 0 3px white"},
            link={
                "source": [index[s] for s in flows["source"]],
                "target": [index[t] for t in flows["target"]],
                "value": list(flows["value"]),
                "color": link_colors,
            },
        )
    )
    return base_layout(fig, "Where applications go: stages to outcomes", height=460)


BOX_POINTS_MAX = 500  # above this many values a box is drawn from its statistics alone


def summary_box(values, name: str) -> go.Box:
    """A horizontal box drawn from its quartiles and 1.5 IQR whiskers (Plotly's own rule),
    without sending every value to the browser (for boxes of many values)."""
    q1, median, q3 = (float(v) for v in values.quantile([0.25, 0.5, 0.75]))
    reach = 1.5 * (q3 - q1)
    low = float(values[values >= q1 - reach].min())
    high = float(values[values <= q3 + reach].max())
    return go.Box(
        y=[name],
        q1=[q1],
        median=[median],
        q3=[q3],
        lowerfence=[low],
        upperfence=[high],
        mean=[float(values.mean())],
        orientation="h",
        name=name,
        boxpoints=False,
        marker={"color": STAGE_COLOR},
        line={"color": STAGE_COLOR},
    )


def time_in_stage_chart(stays) -> go.Figure:
    """Days spent in each stage (``analytics.pipeline.time_in_stage``), one box per stage."""
    from tracker.analytics.pipeline import FUNNEL_STAGES
    from tracker.models import label

    fig = go.Figure()
    for stage in FUNNEL_STAGES[:-1]:
        days = stays.loc[stays["stage"] == stage, "days"]
        if len(days) > BOX_POINTS_MAX:
            fig.add_trace(summary_box(days, f"{label(stage)} (n={len(days)})"))
        elif len(days):
            fig.add_box(
                x=list(days),
                name=f"{label(stage)} (n={len(days)})",
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                marker={"color": STAGE_COLOR, "size": 5, "opacity": 0.6},
                line={"color": STAGE_COLOR},
                hovertemplate="%{x} days<extra>%{fullData.name}</extra>",
            )
    fig.update_layout(showlegend=False)
    fig.update_xaxes(
        title="days in the stage", rangemode="tozero", showgrid=True, gridcolor="#eceff1"
    )
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, "Time in stage")


def response_time_chart(facts) -> go.Figure:
    """Days from applying to the first response, as a histogram with the median marked.

    The browser gets one value per distinct day count with its number of applications
    (``histfunc="sum"``): the same bars as one value per application, in far less data.
    """
    days = facts["days_to_response"].dropna()
    per_day = days.value_counts().sort_index()
    fig = go.Figure(
        go.Histogram(
            x=list(per_day.index),
            y=[int(n) for n in per_day],
            histfunc="sum",
            xbins={"size": 2, "start": 0},
            marker={"color": STAGE_COLOR},
            hovertemplate="%{x} days: %{y} applications<extra></extra>",
        )
    )
    if len(days):
        median = float(days.median())
        fig.add_vline(
            x=median,
            line={"color": "#37474f", "dash": "dash"},
            annotation_text=f"median {median:.0f} days",
            annotation_position="top right",
        )
    fig.update_xaxes(title="days from applying to the first response", rangemode="tozero")
    fig.update_yaxes(title="applications")
    return base_layout(fig, "Time to first response")


def weekly_activity_chart(weekly) -> go.Figure:
    """Applications sent and rounds done per week (``analytics.pipeline.weekly_activity``)."""
    fig = go.Figure()
    weeks = list(weekly["week"])
    fig.add_bar(
        name="Applications sent",
        x=weeks,
        y=list(weekly["applications"]),
        marker={"color": STAGE_COLOR},
    )
    fig.add_bar(name="Rounds done", x=weeks, y=list(weekly["rounds"]), marker={"color": "#e0a526"})
    fig.update_layout(barmode="group", hovermode="x unified")
    fig.update_xaxes(tickformat="%d %b")
    fig.update_yaxes(title="count", rangemode="tozero")
    return base_layout(fig, "Weekly activity")


def pass_rate_chart(rates) -> go.Figure:
    """Pass rate per round kind (``analytics.performance.pass_rates``), with its counts."""
    rows = rates.loc[rates["decided"] > 0].sort_values("pass_rate", kind="stable")
    fig = go.Figure(
        go.Bar(
            x=[v * 100 for v in rows["pass_rate"]],
            y=list(rows["kind_label"]),
            orientation="h",
            text=[
                f"{_pct_text(r)} ({p} of {d})"
                for r, p, d in zip(rows["pass_rate"], rows["passed"], rows["decided"], strict=True)
            ],
            textposition="auto",
            marker={"color": STAGE_COLOR},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(
        title="pass rate = passed / (passed + failed)",
        range=[0, 105],
        ticksuffix=" %",
        showgrid=True,
        gridcolor="#eceff1",
    )
    return base_layout(fig, "Pass rate by round kind", height=max(260, 60 + 34 * len(rows)))


def pass_trend_chart(trend) -> go.Figure:
    """Pass rate per kind in the first vs the second half of the search."""
    fig = go.Figure()
    colors = {"First half": "#9aa5b1", "Second half": STAGE_COLOR}
    for half, rows in trend.groupby("half", sort=False):
        fig.add_bar(
            name=half,
            y=list(rows["kind_label"]),
            x=[None if v != v else v * 100 for v in rows["pass_rate"]],
            orientation="h",
            text=[
                f"{p} of {d}" if d else "none"
                for p, d in zip(rows["passed"], rows["decided"], strict=True)
            ],
            textposition="auto",
            marker={"color": colors.get(half)},
            hovertemplate="%{y}, %{fullData.name}: %{x:.0f} % (%{text})<extra></extra>",
        )
    n_kinds = trend["kind"].nunique()
    fig.update_layout(barmode="group")
    fig.update_xaxes(range=[0, 105], ticksuffix=" %", showgrid=True, gridcolor="#eceff1")
    fig.update_yaxes(autorange="reversed")
    return base_layout(
        fig, "Pass rate: first vs second half of the search", height=max(300, 80 + 52 * n_kinds)
    )


def self_rating_chart(ratings) -> go.Figure:
    """Pass rate by self-rating per kind (``analytics.performance.self_rating_vs_outcome``):
    a dot per kind and rating, sized by rounds, coloured by pass rate."""
    sizes = list(ratings["decided"])
    biggest = max(sizes) if sizes else 1
    fig = go.Figure(
        go.Scatter(
            x=list(ratings["self_rating"]),
            y=list(ratings["kind_label"]),
            mode="markers+text",
            text=[f"{p}/{d}" for p, d in zip(ratings["passed"], ratings["decided"], strict=True)],
            textposition="middle right",
            marker={
                "size": [12 + 26 * s / biggest for s in sizes],
                "color": [v * 100 for v in ratings["pass_rate"]],
                "colorscale": "RdYlGn",
                "cmin": 0,
                "cmax": 100,
                "line": {"color": "#37474f", "width": 0.5},
                "colorbar": {"title": {"text": "pass %"}, "ticksuffix": " %"},
            },
            hovertemplate="%{y}, rated %{x}/5: passed %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(title="your self-rating (1 = poor, 5 = excellent)", range=[0.5, 5.9], dtick=1)
    n_kinds = ratings["kind"].nunique()
    return base_layout(fig, "Self-rating vs outcome", height=max(280, 90 + 40 * n_kinds))


def career_lens_chart(lens, title: str) -> go.Figure:
    """Outcomes per group as shares of its applications (``analytics.performance.career_lens``)."""
    from tracker.analytics.pipeline import OUTCOME_LABELS, OUTCOMES

    names = [
        _group_name(g, int(n), bool(f))
        for g, n, f in zip(lens["group_label"], lens["n"], lens["too_few"], strict=True)
    ]
    fig = go.Figure()
    for outcome in OUTCOMES:
        fig.add_bar(
            name=OUTCOME_LABELS[outcome],
            y=names,
            x=[None if v != v else v * 100 for v in lens[f"{outcome}_share"]],
            orientation="h",
            customdata=list(lens[outcome]),
            marker={"color": OUTCOME_COLORS[outcome]},
            hovertemplate="%{y}: %{x:.0f} % %{fullData.name} (%{customdata})<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(range=[0, 100], ticksuffix=" %")
    fig.update_yaxes(autorange="reversed")
    return base_layout(fig, title, height=max(260, 110 + 36 * len(names)))


# ------------------------------------------------------------------ offers (issue 6)

COMPONENT_COLORS: dict[str, str] = {
    "Base salary": "#1f4e79",
    "Target bonus": "#2e86c1",
    "Equity": "#48a9a6",
    "Sign-on": "#e0a526",
}


def _house_layout(title: str, height: int) -> dict[str, Any]:
    """The layout ``base_layout`` gives a figure without subplots, as plain data."""
    return {
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
        "font": {"family": FONT, "size": 13},
        "legend": {"orientation": "h", "y": -0.15},
        "plot_bgcolor": "white",
        "xaxis": {"showgrid": False},
        "yaxis": {"gridcolor": "#eceff1"},
    }


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """``base`` updated by ``extra``, nested dicts merged key by key (as update_layout)."""
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            value = _merged(out[key], value)
        out[key] = value
    return out


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> go.Figure:
    """A figure from plain trace and layout dicts, without plotly's property validation,
    which costs far more than building the chart (tests check that it is valid)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def offer_components_chart(long, currency: str, title: str) -> go.Figure:
    """Stacked bars of each offer's pay by component, per year (one currency per chart).

    ``long`` is ``analytics.offers.breakdown_by_component`` for offers of ``currency``:
    columns ``label``, ``year``, ``component``, ``amount``. The x axis groups years under
    each offer; the bars stack base, bonus, equity and sign-on to the year-N total.
    """
    labels, years_, components = (long[c].tolist() for c in ("label", "year", "component"))
    amounts = dict(
        zip(zip(labels, years_, components, strict=True), long["amount"].tolist(), strict=True)
    )
    offers = list(dict.fromkeys(labels))
    years = sorted(set(years_))
    x_offer = [offer for offer in offers for _ in years]
    x_year = [f"Year {year}" for _ in offers for year in years]
    data = [
        {
            "type": "bar",
            "x": [x_offer, x_year],
            "y": [
                int(amounts.get((offer, year, component), 0)) for offer in offers for year in years
            ],
            "name": component,
            "marker": {"color": color},
            "hovertemplate": f"%{{x}}<br>{component}: %{{y:,}} {currency}<extra></extra>",
        }
        for component, color in COMPONENT_COLORS.items()
    ]
    layout = _merged(
        _house_layout(title, 420),
        {
            "barmode": "stack",
            "xaxis": {"tickangle": 0},
            "yaxis": {"title": {"text": f"{currency} per year"}, "tickformat": ","},
        },
    )
    return _figure(data, layout)


def offer_range_chart(placement, currency: str, title: str) -> go.Figure:
    """An offer on its range: per metric, the p25-p75 band, the median and the offer.

    ``placement`` is ``analytics.offers.place_on_range``: columns ``name``, ``value``,
    ``p25``, ``p50``, ``p75``, ``text``.
    """
    names = placement["name"].tolist()
    p25, p50, p75, value = (placement[c].tolist() for c in ("p25", "p50", "p75", "value"))
    band = {
        "type": "bar",
        "y": names,
        "x": [high - low for low, high in zip(p25, p75, strict=True)],
        "base": p25,
        "orientation": "h",
        "name": "p25-p75 band",
        "marker": {"color": "#d6e4f0"},
        "width": 0.5,
        "hovertemplate": f"p25 %{{base:,}} - p75 %{{x:,}} {currency}<extra></extra>",
    }
    median = {
        "type": "scatter",
        "y": names,
        "x": p50,
        "mode": "markers",
        "name": "Median (p50)",
        "marker": {"symbol": "line-ns", "size": 26, "line": {"width": 3, "color": "#1f4e79"}},
        "hovertemplate": f"median %{{x:,}} {currency}<extra></extra>",
    }
    offer = {
        "type": "scatter",
        "y": names,
        "x": value,
        "mode": "markers+text",
        "name": "This offer",
        "text": placement["text"].tolist(),
        "textposition": "top center",
        "cliponaxis": False,
        "marker": {"symbol": "diamond", "size": 14, "color": "#c0392b"},
        "hovertemplate": f"offer %{{x:,}} {currency}<extra></extra>",
    }
    low, high = min(*p25, *value), max(*p75, *value)
    pad = (high - low) * 0.12 or high * 0.1
    layout = _merged(
        _house_layout(title, 220),
        {
            "xaxis": {
                "title": {"text": currency},
                "tickformat": ",",
                "range": [low - pad, high + pad],
            },
            "yaxis": {"autorange": "reversed"},
            "showlegend": False,  # the page explains band, median line and diamond in a caption
            "margin": {"t": 40},
        },
    )
    return _figure([band, median, offer], layout)


# --------------------------------------------------------------------------- plan (issue 5)
# Builders of the Planner page: tiers across stages, and the timeline of rounds and plans.

TODAY_COLOR = "#d84315"
ISO = "%Y-%m-%dT%H:%M:%S"


def tier_stage_chart(counts) -> go.Figure:
    """Open applications by stage, stacked by tier (``analytics.planner.tier_stage_counts``)."""
    fig = go.Figure()
    for tier in (3, 2, 1):
        part = counts[counts["tier"] == tier]
        fig.add_bar(
            name=TIER_NAMES[tier],
            x=list(part["stage_label"]),
            y=[int(v) for v in part["count"]],
            marker={"color": TIER_COLORS[tier]},
            hovertemplate="%{x}: %{y} open<extra>" + TIER_NAMES[tier] + "</extra>",
        )
    fig.update_layout(barmode="stack")
    small = counts.empty or counts.groupby("stage")["count"].sum().max() <= 10
    fig.update_yaxes(title="Open applications", rangemode="tozero", dtick=1 if small else None)
    return base_layout(fig, "Open applications by stage and tier", height=340)


def planner_timeline(items, today) -> go.Figure:
    """Scheduled rounds (markers) and planned weeks (bars) per application, coloured by tier,
    with today marked (``analytics.planner.timeline_items``)."""
    fig = go.Figure()
    rows = list(dict.fromkeys(items.sort_values("start")["row"])) if not items.empty else []
    for tier in (3, 2, 1):
        planned = items[(items["item"] == "planned") & (items["tier"] == tier)]
        if not planned.empty:
            fig.add_bar(
                name=f"{TIER_NAMES[tier]} · planned week",
                orientation="h",
                y=list(planned["row"]),
                base=list(planned["start"].dt.strftime(ISO)),
                x=[7 * 24 * 3600 * 1000] * len(planned),  # a week, in milliseconds
                marker={"color": TIER_COLORS[tier], "opacity": 0.35},
                hovertemplate="%{y}<br>planned for the week of %{base|%d %b %Y}<extra></extra>",
            )
        rounds = items[(items["item"] == "round") & (items["tier"] == tier)]
        if not rounds.empty:
            fig.add_scatter(
                name=f"{TIER_NAMES[tier]} · round",
                mode="markers",
                y=list(rounds["row"]),
                x=list(rounds["start"].dt.strftime(ISO)),
                text=list(rounds["text"]),
                marker={
                    "color": TIER_COLORS[tier],
                    "size": 13,
                    "symbol": "diamond",
                    "line": {"color": "white", "width": 1},
                },
                hovertemplate="%{y}<br>%{text}<br>%{x|%a %d %b, %H:%M}<extra></extra>",
            )
    day = today.isoformat()  # a date: the line sits at the start of today
    fig.add_shape(
        type="line",
        x0=day,
        x1=day,
        yref="paper",
        y0=0,
        y1=1,
        line={"color": TODAY_COLOR, "width": 2, "dash": "dot"},
        name="today",
    )
    fig.add_annotation(
        x=day,
        yref="paper",
        y=1,
        text="today",
        showarrow=False,
        yanchor="bottom",
        font={"color": TODAY_COLOR},
    )
    fig.update_yaxes(categoryorder="array", categoryarray=rows[::-1], title=None, automargin=True)
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eceff1", tickformat="%d %b")
    fig.update_layout(barmode="overlay")
    height = max(300, 120 + 28 * len(rows))
    return base_layout(fig, "Timeline: scheduled rounds and planned weeks", height=height)


# --------------------------------------------------------------------------- page views
# What the Pipeline and Interview performance pages show, computed from the frames in one go
# so that ``tracker.ui.data.derived`` can cache it per data version and widget values: the
# tables they read and their figures, "frozen" to plain data (a Figure's validation is
# what makes plotly slow; a frozen figure is validated once, when it is built).

Frozen = dict[str, Any]


def frozen(fig: go.Figure) -> Frozen:
    """A built figure as plain data: cheap to cache, pickle and ``thawed`` again."""
    return fig.to_dict()


def thawed(spec: Frozen) -> go.Figure:
    """The figure ``frozen`` returned as a full Figure, without validating it a second time."""
    return go.Figure(spec, _validate=False)


class FrozenFigure(go.Figure):
    """A figure ``frozen`` earlier, for ``st.plotly_chart``: that reads nothing but
    ``to_dict()`` of a Figure, and this one returns the stored data as it is instead of
    rebuilding and copying every trace on each page run. It supports nothing else (plotly's
    constructor is skipped on purpose); ``thawed`` gives a full Figure."""

    def __init__(self, spec: Frozen) -> None:  # no go.Figure.__init__: see above
        self._spec = spec

    def to_dict(self) -> Frozen:
        """The figure's data, exactly as ``frozen`` stored it (plotly's ``to_dict`` output)."""
        return self._spec


def pipeline_view(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    by: str = "source",
    start: date | None = None,
    end: date | None = None,
    tracks: tuple[str, ...] = (),
    tiers: tuple[int, ...] = (),
    include_closed: bool = True,
) -> dict[str, Any]:
    """The Pipeline page for the filtered applications (``pipeline.chosen_frames``): ``n``,
    ``summary`` (``response_summary``), ``funnel``, ``split_table`` (``split_table`` of the
    funnel split by ``by``) and frozen ``figures`` (funnel, split, sankey, stays, response,
    weekly; stays / response are None without data)."""
    facts, events, rounds = pipe.chosen_frames(
        apps, events, rounds, start=start, end=end, tracks=tracks, tiers=tiers,
        include_closed=include_closed,
    )  # fmt: skip
    if facts.empty:
        return {"n": 0}
    summary = pipe.response_summary(facts)
    stages = pipe.funnel(facts)
    split = pipe.funnel_split(facts, by)
    split_title = f"Share reaching each stage, by {pipe.SPLITS[by].lower()}"
    stays = pipe.time_in_stage(events)
    figures = {
        "funnel": frozen(funnel_chart(stages)),
        "split": frozen(funnel_split_chart(split, split_title, tier_colors=by == "tier")),
        "sankey": frozen(sankey_chart(pipe.outcome_flows(facts))),
        "stays": None if stays.empty else frozen(time_in_stage_chart(stays)),
        "response": frozen(response_time_chart(facts)) if summary["responded"] else None,
        "weekly": frozen(weekly_activity_chart(pipe.weekly_activity(facts, rounds))),
    }
    return {
        "n": len(facts),
        "summary": summary,
        "funnel": stages,
        "split_table": pipe.split_table(split),
        "figures": figures,
    }


def performance_view(
    rounds: pd.DataFrame, apps: pd.DataFrame, events: pd.DataFrame
) -> dict[str, Any]:
    """The Interview performance page: ``rates`` and ``decided``; with a decided round also
    ``middle``, ``changes`` (``trend_table``), ``calib`` (None without self-ratings);
    ``has_facts``, and with applications ``lenses`` and ``reading``; frozen ``figures``."""
    rates = perf.pass_rates(rounds)
    decided = int(rates["decided"].sum()) if len(rates) else 0
    view: dict[str, Any] = {"rates": rates, "decided": decided, "figures": {}}
    figures = view["figures"]
    if decided:
        trend = perf.pass_rate_trend(rounds)
        ratings = perf.self_rating_vs_outcome(rounds)
        view["middle"] = perf.search_midpoint(rounds)
        view["changes"] = perf.trend_table(trend)
        view["calib"] = None if ratings.empty else perf.calibration(rounds)
        figures["rates"] = frozen(pass_rate_chart(rates))
        figures["trend"] = frozen(pass_trend_chart(trend))
        figures["ratings"] = None if ratings.empty else frozen(self_rating_chart(ratings))
    facts = pipe.application_facts(apps, events, rounds)
    view["has_facts"] = not facts.empty
    if not facts.empty:
        lenses = {
            "company type": perf.career_lens(facts, "company_type"),
            "level targeted": perf.career_lens(facts, "level"),
        }
        view["lenses"] = lenses
        view["reading"] = perf.lens_reading(lenses)
        figures["lenses"] = {
            name: frozen(career_lens_chart(lens, f"Outcomes by {name}"))
            for name, lens in lenses.items()
        }
    return view


def planner_view(
    apps: pd.DataFrame,
    rounds: pd.DataFrame,
    *,
    today: date,
    tz: Any = "UTC",
) -> dict[str, Any]:
    """The Planner page's figures in one go (cached per data version and day by the page):
    ``open_by_tier`` ({tier: (open count, {stage: count})}), the frozen ``tier_chart``, the
    recommended ``order``, the frozen ``timeline`` (None without rounds or planned weeks) and
    the ``reapply`` calendar; ``has_applications`` is False when there is nothing to plan."""
    open_apps = plan.open_applications(apps)
    open_by_tier = {
        int(tier): (
            int((open_apps["tier"] == tier).sum()),
            open_apps.loc[open_apps["tier"] == tier, "stage"].value_counts().to_dict(),
        )
        for tier in (3, 2, 1)
    }
    items = plan.timeline_items(apps, rounds, tz=tz)
    return {
        "has_applications": not apps.empty,
        "open_by_tier": open_by_tier,
        "tier_chart": frozen(tier_stage_chart(plan.tier_stage_counts(apps))),
        "order": plan.recommended_order(apps, rounds, today=today, tz=tz),
        "timeline": None if items.empty else frozen(planner_timeline(items, today)),
        "reapply": plan.reapply_calendar(apps, today=today),
    }
