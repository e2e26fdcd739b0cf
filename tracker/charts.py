"""Plotly figure builders: a DataFrame in, a Figure out; they never query.

``TIER_COLORS`` is the one colour map of interest tiers, used by every chart and badge.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
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
    return _figure(*_funnel_parts(funnel))


def _funnel_parts(funnel) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``funnel_chart``'s trace and layout, as plain data."""
    labels, reached = funnel["label"].tolist(), funnel["reached"].tolist()
    previous, applied = funnel["from_previous"].tolist(), funnel["from_applied"].tolist()
    text = [
        f"{n} · {_pct_text(a)}" if i else f"{n} applied"
        for i, (n, a) in enumerate(zip(reached, applied, strict=True))
    ]
    hover = [
        f"{lbl}: {n} reached<br>{_pct_text(p)} of the previous stage<br>{_pct_text(a)} of applied"
        for lbl, n, p, a in zip(labels, reached, previous, applied, strict=True)
    ]
    trace = {
        "type": "funnel",
        "y": labels,
        "x": reached,
        "text": text,
        "textinfo": "text",
        "hovertext": hover,
        "hoverinfo": "text",
        "marker": {"color": STAGE_COLOR},
        "connector": {"fillcolor": "#e0f2f1"},
    }
    return [trace], _house_layout("Furthest stage reached (applications · % of applied)", 380)


def _styled(extra: dict[str, Any], title: str, height: int = 380) -> dict[str, Any]:
    """``extra`` layout settings with ``base_layout``'s house style applied over them, as a
    figure given ``extra`` first and passed to ``base_layout`` last gets them."""
    return _merged(extra, _house_layout(title, height))


def _group_name(label: str, n: int, too_few: bool) -> str:
    return f"{label} (n={n}, {SMALL_GROUP_NOTE})" if too_few else f"{label} (n={n})"


def funnel_split_chart(split, title: str, *, tier_colors: bool = False) -> go.Figure:
    """Share of each group's applications reaching each stage after applied, side by side.

    ``split`` is ``analytics.pipeline.funnel_split``; groups too small to judge are faded and
    hatched, and their legend entry says so.
    """
    return _figure(*_funnel_split_parts(split, title, tier_colors=tier_colors))


def _funnel_split_parts(
    split, title: str, *, tier_colors: bool = False
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``funnel_split_chart``'s traces (one per group, in order) and layout, as plain data."""
    later = split.loc[split["stage"] != "applied"]
    codes, groups = pd.factorize(later["group"])  # groups in order of appearance
    codes = codes.tolist()
    stage_labels, shares = later["stage_label"].tolist(), later["from_applied"].tolist()
    reached, ns = later["reached"].tolist(), later["n"].tolist()
    too_fews, group_labels = later["too_few"].tolist(), later["group_label"].tolist()
    rows_of: dict[int, list[int]] = {}
    for row, code in enumerate(codes):
        if code >= 0:  # a missing group is left out, as groupby does
            rows_of.setdefault(code, []).append(row)
    data = []
    for code, rows in rows_of.items():
        first = rows[0]
        too_few = bool(too_fews[first])
        marker: dict[str, Any] = {
            "opacity": 0.45 if too_few else 1.0,
            "pattern": {"shape": "/" if too_few else ""},
        }
        color = TIER_COLORS.get(int(groups[code])) if tier_colors else None
        if color is not None:
            marker = {"color": color, **marker}
        data.append(
            {
                "type": "bar",
                "name": _group_name(group_labels[first], int(ns[first]), too_few),
                "x": [stage_labels[i] for i in rows],
                "y": [None if shares[i] != shares[i] else shares[i] * 100 for i in rows],
                "customdata": [[reached[i], ns[i]] for i in rows],
                "hovertemplate": "%{x}: %{y:.0f} % of applied (%{customdata[0]} of "
                "%{customdata[1]})<extra>%{fullData.name}</extra>",
                "marker": marker,
            }
        )
    extra = {
        "barmode": "group",
        "yaxis": {
            "title": {"text": "% of the group's applications"},
            "ticksuffix": " %",
            "rangemode": "tozero",
        },
    }
    return data, _styled(extra, title, 420)


def sankey_chart(flows) -> go.Figure:
    """Flows from applied through the stages to the outcomes (``pipeline.outcome_flows``)."""
    return _figure(*_sankey_parts(flows))


def _sankey_parts(flows) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``sankey_chart``'s trace and layout, as plain data."""
    from tracker.analytics.pipeline import node_label

    sources, targets = flows["source"].tolist(), flows["target"].tolist()
    values = flows["value"].tolist()
    keys = list(dict.fromkeys([*sources, *targets]))
    index = {key: i for i, key in enumerate(keys)}
    totals_in: dict[str, Any] = {}
    totals_out: dict[str, Any] = {}
    for source, target, value in zip(sources, targets, values, strict=True):
        totals_out[source] = totals_out.get(source, 0) + value
        totals_in[target] = totals_in.get(target, 0) + value
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
        for t in targets
    ]
    trace = {
        "type": "sankey",
        "arrangement": "snap",
        "node": {"label": labels, "color": colors, "pad": 18, "thickness": 16},
        "textfont": {"color": "#263238", "size": 13, "shadow": "0 0 3px white"},
        "link": {
            "source": [index[s] for s in sources],
            "target": [index[t] for t in targets],
            "value": values,
            "color": link_colors,
        },
    }
    return [trace], _house_layout("Where applications go: stages to outcomes", 460)


BOX_POINTS_MAX = 500  # above this many values a box is drawn from its statistics alone


def summary_box(values, name: str) -> go.Box:
    """A horizontal box drawn from its quartiles and 1.5 IQR whiskers (Plotly's own rule),
    without sending every value to the browser (for boxes of many values)."""
    trace = _summary_box_trace(values, name)
    return go.Box({key: value for key, value in trace.items() if key != "type"})


def _summary_box_trace(values, name: str) -> dict[str, Any]:
    """``summary_box`` as a plain trace dict (``values``: numbers, a Series or an array)."""
    stats = pipe.box_statistics(values)
    return {
        "type": "box",
        "y": [name],
        "q1": [stats["q1"]],
        "median": [stats["median"]],
        "q3": [stats["q3"]],
        "lowerfence": [stats["lowerfence"]],
        "upperfence": [stats["upperfence"]],
        "mean": [stats["mean"]],
        "orientation": "h",
        "name": name,
        "boxpoints": False,
        "marker": {"color": STAGE_COLOR},
        "line": {"color": STAGE_COLOR},
    }


def time_in_stage_chart(stays) -> go.Figure:
    """Days spent in each stage (``analytics.pipeline.time_in_stage``), one box per stage."""
    return _figure(*_time_in_stage_parts(stays))


def _time_in_stage_parts(stays) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``time_in_stage_chart``'s boxes (stage order) and layout, as plain data."""
    from tracker.analytics.pipeline import FUNNEL_STAGES
    from tracker.models import label

    codes, stages = pd.factorize(stays["stage"])
    code_of = {stage: code for code, stage in enumerate(stages)}
    all_days = stays["days"].to_numpy()
    data = []
    for stage in FUNNEL_STAGES[:-1]:
        code = code_of.get(stage)
        if code is None:
            continue
        days = all_days[codes == code]
        name = f"{label(stage)} (n={len(days)})"
        if len(days) > BOX_POINTS_MAX:
            data.append(_summary_box_trace(days, name))
        else:
            data.append(
                {
                    "type": "box",
                    "x": days.tolist(),
                    "name": name,
                    "boxpoints": "all",
                    "jitter": 0.4,
                    "pointpos": 0,
                    "marker": {"color": STAGE_COLOR, "size": 5, "opacity": 0.6},
                    "line": {"color": STAGE_COLOR},
                    "hovertemplate": "%{x} days<extra>%{fullData.name}</extra>",
                }
            )
    extra = {
        "showlegend": False,
        "xaxis": {
            "title": {"text": "days in the stage"},
            "rangemode": "tozero",
            "showgrid": True,  # base_layout's showgrid=False wins, as it always did
            "gridcolor": "#eceff1",
        },
        "yaxis": {"autorange": "reversed"},
    }
    return data, _styled(extra, "Time in stage")


def response_time_chart(facts) -> go.Figure:
    """Days from applying to the first response, as a histogram with the median marked.

    The browser gets one value per distinct day count with its number of applications
    (``histfunc="sum"``): the same bars as one value per application, in far less data.
    """
    return _figure(*_response_time_parts(facts))


def _response_time_parts(facts) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``response_time_chart``'s histogram and layout (median line included), as plain data."""
    days = facts["days_to_response"].dropna()
    per_day = days.value_counts().sort_index()
    trace = {
        "type": "histogram",
        "x": per_day.index.tolist(),
        "y": per_day.tolist(),
        "histfunc": "sum",
        "xbins": {"size": 2, "start": 0},
        "marker": {"color": STAGE_COLOR},
        "hovertemplate": "%{x} days: %{y} applications<extra></extra>",
    }
    extra: dict[str, Any] = {
        "xaxis": {
            "title": {"text": "days from applying to the first response"},
            "rangemode": "tozero",
        },
        "yaxis": {"title": {"text": "applications"}},
    }
    if len(days):
        median = float(days.median())
        extra["shapes"] = [  # what fig.add_vline draws
            {
                "type": "line",
                "x0": median,
                "x1": median,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "y domain",
                "line": {"color": "#37474f", "dash": "dash"},
            }
        ]
        extra["annotations"] = [
            {
                "showarrow": False,
                "text": f"median {median:.0f} days",
                "x": median,
                "xanchor": "left",
                "xref": "x",
                "y": 1,
                "yanchor": "top",
                "yref": "y domain",
            }
        ]
    return [trace], _styled(extra, "Time to first response")


def weekly_activity_chart(weekly) -> go.Figure:
    """Applications sent and rounds done per week (``analytics.pipeline.weekly_activity``)."""
    return _figure(*_weekly_activity_parts(weekly))


def _weekly_activity_parts(weekly) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``weekly_activity_chart``'s two bar traces and layout, as plain data."""
    weeks = weekly["week"].tolist()
    data = [
        {
            "type": "bar",
            "name": "Applications sent",
            "x": weeks,
            "y": weekly["applications"].tolist(),
            "marker": {"color": STAGE_COLOR},
        },
        {
            "type": "bar",
            "name": "Rounds done",
            "x": list(weeks),
            "y": weekly["rounds"].tolist(),
            "marker": {"color": "#e0a526"},
        },
    ]
    extra = {
        "barmode": "group",
        "hovermode": "x unified",
        "xaxis": {"tickformat": "%d %b"},
        "yaxis": {"title": {"text": "count"}, "rangemode": "tozero"},
    }
    return data, _styled(extra, "Weekly activity")


def _percents(shares) -> list[float | None]:
    """Shares (0..1) as percents, NaN as None (no bar rather than a 0 % one)."""
    return [None if v != v else v * 100 for v in shares.tolist()]  # NaN != NaN


def _axis_layout(title: str, height: int, **axes: dict[str, Any]) -> dict[str, Any]:
    """``_house_layout`` with axes set first: as ``update_xaxes`` / ``update_yaxes`` calls
    followed by ``base_layout`` (whose axis settings win)."""
    house = _house_layout(title, height)
    return _merged(house, {name: _merged(axis, house[name]) for name, axis in axes.items()})


RATING_COLORSCALE = go.scatter.Marker(colorscale="RdYlGn").to_plotly_json()["colorscale"]
Parts = tuple[list[dict[str, Any]], dict[str, Any]]  # a figure's traces and layout, as data


def _frozen_parts(data: list[dict[str, Any]], layout: dict[str, Any]) -> Frozen:
    """``frozen(_figure(data, layout))`` without building the Figure: the traces and the
    layout with plotly's default template, as ``to_dict`` gives them (tests compare both).
    ``data`` and ``layout`` are taken as they are (not copied): pass freshly built ones."""
    import pickle

    import plotly.io as pio

    default = pio.templates.default
    if default is None:
        return {"data": data, "layout": layout}
    if not isinstance(default, str):  # a Template object
        template = default.to_plotly_json()
    else:  # a registered template's data, built once per name, a fresh copy per figure
        if default not in _TEMPLATES:
            _TEMPLATES[default] = pickle.dumps(pio.templates[default].to_plotly_json())
        template = pickle.loads(_TEMPLATES[default])  # a quarter of what deepcopy costs
    return {"data": data, "layout": {**layout, "template": template}}


_TEMPLATES: dict[str, bytes] = {}  # default template name -> its data, pickled


def pass_rate_chart(rates) -> go.Figure:
    """Pass rate per round kind (``analytics.performance.pass_rates``), with its counts."""
    return _figure(*_pass_rate_parts(rates))


def _pass_rate_parts(rates) -> Parts:
    decided, rates_, passed = (rates[c].tolist() for c in ("decided", "pass_rate", "passed"))
    labels = rates["kind_label"].tolist()
    # the kinds with a decided round, lowest rate first (a stable sort, NaN last)
    rows = sorted(
        (i for i, d in enumerate(decided) if d > 0),
        key=lambda i: (rates_[i] != rates_[i], rates_[i] if rates_[i] == rates_[i] else 0.0),
    )
    bar = {
        "type": "bar",
        "x": [rates_[i] * 100 for i in rows],
        "y": [labels[i] for i in rows],
        "orientation": "h",
        "text": [f"{_pct_text(rates_[i])} ({passed[i]} of {decided[i]})" for i in rows],
        "textposition": "auto",
        "marker": {"color": STAGE_COLOR},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    layout = _axis_layout(
        "Pass rate by round kind",
        max(260, 60 + 34 * len(rows)),
        xaxis={
            "title": {"text": "pass rate = passed / (passed + failed)"},
            "range": [0, 105],
            "ticksuffix": " %",
            "showgrid": True,  # base_layout's showgrid=False wins, as it always did
            "gridcolor": "#eceff1",
        },
    )
    return [bar], layout


def pass_trend_chart(trend) -> go.Figure:
    """Pass rate per kind in the first vs the second half of the search."""
    return _figure(*_pass_trend_parts(trend))


def _pass_trend_parts(trend) -> Parts:
    colors = {"First half": "#9aa5b1", "Second half": STAGE_COLOR}
    halves = trend["half"].tolist()
    labels, rates = trend["kind_label"].tolist(), _percents(trend["pass_rate"])
    passed, decided = trend["passed"].tolist(), trend["decided"].tolist()
    data = []
    for half in dict.fromkeys(h for h in halves if h == h):  # groupby order, NaN left out
        rows = [i for i, h in enumerate(halves) if h == half]
        color = colors.get(half)
        data.append(
            {
                "type": "bar",
                "name": half,
                "y": [labels[i] for i in rows],
                "x": [rates[i] for i in rows],
                "orientation": "h",
                "text": [f"{passed[i]} of {decided[i]}" if decided[i] else "none" for i in rows],
                "textposition": "auto",
                "marker": {} if color is None else {"color": color},
                "hovertemplate": "%{y}, %{fullData.name}: %{x:.0f} % (%{text})<extra></extra>",
            }
        )
    n_kinds = trend["kind"].nunique()
    layout = _axis_layout(
        "Pass rate: first vs second half of the search",
        max(300, 80 + 52 * n_kinds),
        xaxis={"range": [0, 105], "ticksuffix": " %", "showgrid": True, "gridcolor": "#eceff1"},
        yaxis={"autorange": "reversed"},
    )
    return data, {**layout, "barmode": "group"}


def self_rating_chart(ratings) -> go.Figure:
    """Pass rate by self-rating per kind (``analytics.performance.self_rating_vs_outcome``):
    a dot per kind and rating, sized by rounds, coloured by pass rate."""
    return _figure(*_self_rating_parts(ratings))


def _self_rating_parts(ratings) -> Parts:
    sizes = ratings["decided"].tolist()
    biggest = max(sizes) if sizes else 1
    dots = {
        "type": "scatter",
        "x": ratings["self_rating"].tolist(),
        "y": ratings["kind_label"].tolist(),
        "mode": "markers+text",
        "text": [f"{p}/{d}" for p, d in zip(ratings["passed"].tolist(), sizes, strict=True)],
        "textposition": "middle right",
        "marker": {
            "size": [12 + 26 * s / biggest for s in sizes],
            "color": [v * 100 for v in ratings["pass_rate"].tolist()],
            "colorscale": [list(stop) for stop in RATING_COLORSCALE],
            "cmin": 0,
            "cmax": 100,
            "line": {"color": "#37474f", "width": 0.5},
            "colorbar": {"title": {"text": "pass %"}, "ticksuffix": " %"},
        },
        "hovertemplate": "%{y}, rated %{x}/5: passed %{text}<extra></extra>",
    }
    n_kinds = ratings["kind"].nunique()
    layout = _axis_layout(
        "Self-rating vs outcome",
        max(280, 90 + 40 * n_kinds),
        xaxis={
            "title": {"text": "your self-rating (1 = poor, 5 = excellent)"},
            "range": [0.5, 5.9],
            "dtick": 1,
        },
    )
    return [dots], layout


def career_lens_chart(lens, title: str) -> go.Figure:
    """Outcomes per group as shares of its applications (``analytics.performance.career_lens``)."""
    return _figure(*_career_lens_parts(lens, title))


def _career_lens_parts(lens, title: str) -> Parts:
    from tracker.analytics.pipeline import OUTCOME_LABELS, OUTCOMES

    names = [
        _group_name(g, int(n), bool(f))
        for g, n, f in zip(
            lens["group_label"].tolist(), lens["n"].tolist(), lens["too_few"].tolist(), strict=True
        )
    ]
    data = [
        {
            "type": "bar",
            "name": OUTCOME_LABELS[outcome],
            "y": names,
            "x": _percents(lens[f"{outcome}_share"]),
            "orientation": "h",
            "customdata": lens[outcome].tolist(),
            "marker": {"color": OUTCOME_COLORS[outcome]},
            "hovertemplate": "%{y}: %{x:.0f} % %{fullData.name} (%{customdata})<extra></extra>",
        }
        for outcome in OUTCOMES
    ]
    layout = _axis_layout(
        title,
        max(260, 110 + 36 * len(names)),
        xaxis={"range": [0, 100], "ticksuffix": " %"},
        yaxis={"autorange": "reversed"},
    )
    return data, _merged({"barmode": "stack", "legend": {"traceorder": "normal"}}, layout)


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
    return _figure(*_offer_components_parts(long, currency, title))


def offer_components_frozen(long, currency: str, title: str) -> Frozen:
    """``frozen(offer_components_chart(...))``, without building the Figure."""
    return _frozen_parts(*_offer_components_parts(long, currency, title))


def _offer_components_parts(long, currency: str, title: str) -> tuple[list, dict[str, Any]]:
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
    return data, layout


def offer_range_chart(placement, currency: str, title: str) -> go.Figure:
    """An offer on its range: per metric, the p25-p75 band, the median and the offer.

    ``placement`` is ``analytics.offers.place_on_range``: columns ``name``, ``value``,
    ``p25``, ``p50``, ``p75``, ``text``.
    """
    return _figure(*_offer_range_parts(placement, currency, title))


def offer_range_frozen(placement, currency: str, title: str) -> Frozen:
    """``frozen(offer_range_chart(...))``, without building the Figure."""
    return _frozen_parts(*_offer_range_parts(placement, currency, title))


def _offer_range_parts(placement, currency: str, title: str) -> tuple[list, dict[str, Any]]:
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
    return [band, median, offer], layout


# --------------------------------------------------------------------------- plan (issue 5)
# Builders of the Planner page: tiers across stages, and the timeline of rounds and plans.

TODAY_COLOR = "#d84315"
ISO = "%Y-%m-%dT%H:%M:%S"


def tier_stage_chart(counts) -> go.Figure:
    """Open applications by stage, stacked by tier (``analytics.planner.tier_stage_counts``)."""
    return _figure(*_tier_stage_parts(counts))


def _tier_stage_parts(counts) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``tier_stage_chart``'s traces and layout, as plain data."""
    tiers, labels = counts["tier"].tolist(), counts["stage_label"].tolist()
    values = [int(v) for v in counts["count"].tolist()]
    data = []
    for tier in (3, 2, 1):
        mine = [i for i, t in enumerate(tiers) if t == tier]
        data.append(
            {
                "type": "bar",
                "name": TIER_NAMES[tier],
                "x": [labels[i] for i in mine],
                "y": [values[i] for i in mine],
                "marker": {"color": TIER_COLORS[tier]},
                "hovertemplate": "%{x}: %{y} open<extra>" + TIER_NAMES[tier] + "</extra>",
            }
        )
    per_stage: dict[str, int] = {}
    for stage, n in zip(counts["stage"].tolist(), values, strict=True):
        per_stage[stage] = per_stage.get(stage, 0) + n
    yaxis: dict[str, Any] = {"title": {"text": "Open applications"}, "rangemode": "tozero"}
    if counts.empty or max(per_stage.values()) <= 10:
        yaxis["dtick"] = 1  # few applications: whole numbers only
    layout = _merged(
        _house_layout("Open applications by stage and tier", 340),
        {"barmode": "stack", "yaxis": yaxis},
    )
    return data, layout


WEEK_MS = 7 * 24 * 3600 * 1000  # a week, in milliseconds (a planned week's bar length)


def planner_timeline(items, today) -> go.Figure:
    """Scheduled rounds (markers) and planned weeks (bars) per application, coloured by tier,
    with today marked (``analytics.planner.timeline_items``)."""
    return _figure(*_timeline_parts(items, today))


def _timeline_parts(items, today) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``planner_timeline``'s traces and layout, as plain data."""
    rows = list(dict.fromkeys(items.sort_values("start")["row"])) if not items.empty else []
    kinds, tiers = items["item"].tolist(), items["tier"].tolist()
    lines, texts = items["row"].tolist(), items["text"].tolist()
    starts = (  # as strftime(ISO) gives them, in one go
        np.datetime_as_string(items["start"].to_numpy(), unit="s").tolist() if len(items) else []
    )
    data: list[dict[str, Any]] = []
    for tier in (3, 2, 1):
        mine = [i for i, t in enumerate(tiers) if t == tier]
        planned = [i for i in mine if kinds[i] == "planned"]
        if planned:
            data.append(
                {
                    "type": "bar",
                    "name": f"{TIER_NAMES[tier]} · planned week",
                    "orientation": "h",
                    "y": [lines[i] for i in planned],
                    "base": [starts[i] for i in planned],
                    "x": [WEEK_MS] * len(planned),
                    "marker": {"color": TIER_COLORS[tier], "opacity": 0.35},
                    "hovertemplate": "%{y}<br>planned for the week of %{base|%d %b %Y}"
                    "<extra></extra>",
                }
            )
        rounds = [i for i in mine if kinds[i] == "round"]
        if rounds:
            data.append(
                {
                    "type": "scatter",
                    "name": f"{TIER_NAMES[tier]} · round",
                    "mode": "markers",
                    "y": [lines[i] for i in rounds],
                    "x": [starts[i] for i in rounds],
                    "text": [texts[i] for i in rounds],
                    "marker": {
                        "color": TIER_COLORS[tier],
                        "size": 13,
                        "symbol": "diamond",
                        "line": {"color": "white", "width": 1},
                    },
                    "hovertemplate": "%{y}<br>%{text}<br>%{x|%a %d %b, %H:%M}<extra></extra>",
                }
            )
    day = today.isoformat()  # a date: the line sits at the start of today
    today_line = {
        "type": "line",
        "x0": day,
        "x1": day,
        "yref": "paper",
        "y0": 0,
        "y1": 1,
        "line": {"color": TODAY_COLOR, "width": 2, "dash": "dot"},
        "name": "today",
    }
    today_note = {
        "x": day,
        "yref": "paper",
        "y": 1,
        "text": "today",
        "showarrow": False,
        "yanchor": "bottom",
        "font": {"color": TODAY_COLOR},
    }
    height = max(300, 120 + 28 * len(rows))
    axes = {  # merged into the house style, whose x axis has no grid (as base_layout gives)
        "yaxis": {"categoryorder": "array", "categoryarray": rows[::-1], "automargin": True},
        "xaxis": {"type": "date", "gridcolor": "#eceff1", "tickformat": "%d %b"},
    }
    layout = _merged(
        _house_layout("Timeline: scheduled rounds and planned weeks", height),
        {**axes, "shapes": [today_line], "annotations": [today_note], "barmode": "overlay"},
    )
    return data, layout


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


#: The columns of the stage events and rounds the Pipeline page reads (``pipeline_view``
#: filters these only: a cohort's whole frames would be copied for a filtered view).
PIPELINE_EVENT_COLUMNS = [
    "id", "application_id", "occurred_on", "event_type", "stage", "close_reason",
]  # fmt: skip
PIPELINE_ROUND_COLUMNS = ["application_id", "status", "scheduled_at", "created_at"]


def pipeline_view(
    apps: pd.DataFrame,
    events: pd.DataFrame,
    rounds: pd.DataFrame,
    facts: pd.DataFrame | None = None,
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
    weekly; stays / response are None without data). ``facts`` (``application_facts`` of
    the frames, optional) is filtered rather than computed again."""
    facts, events, rounds = pipe.chosen_frames(
        apps, events[PIPELINE_EVENT_COLUMNS], rounds[PIPELINE_ROUND_COLUMNS], facts,
        start=start, end=end, tracks=tracks, tiers=tiers, include_closed=include_closed,
    )  # fmt: skip
    if facts.empty:
        return {"n": 0}
    summary = pipe.response_summary(facts)
    stages = pipe.funnel(facts)
    split = pipe.funnel_split(facts, by)
    split_title = f"Share reaching each stage, by {pipe.SPLITS[by].lower()}"
    stays = pipe.time_in_stage(events)
    weekly = pipe.weekly_activity(facts, rounds)
    figures = {  # frozen straight from the plain data (what frozen(chart(...)) gives)
        "funnel": _frozen_parts(*_funnel_parts(stages)),
        "split": _frozen_parts(*_funnel_split_parts(split, split_title, tier_colors=by == "tier")),
        "sankey": _frozen_parts(*_sankey_parts(pipe.outcome_flows(facts))),
        "stays": None if stays.empty else _frozen_parts(*_time_in_stage_parts(stays)),
        "response": _frozen_parts(*_response_time_parts(facts)) if summary["responded"] else None,
        "weekly": _frozen_parts(*_weekly_activity_parts(weekly)),
    }
    return {
        "n": len(facts),
        "summary": summary,
        "funnel": stages,
        "split_table": pipe.split_table(split),
        "figures": figures,
    }


def performance_view(
    rounds: pd.DataFrame,
    apps: pd.DataFrame,
    events: pd.DataFrame,
    facts: pd.DataFrame | None = None,
) -> dict[str, Any]:
    """The Interview performance page: ``rates`` and ``decided``; with a decided round also
    ``middle``, ``changes`` (``trend_table``), ``calib`` (None without self-ratings);
    ``has_facts``, and with applications ``lenses`` and ``reading``; frozen ``figures``."""
    tables = perf.round_tables(rounds)  # one pass over the rounds for all their tables
    rates = tables["rates"]
    decided = int(rates["decided"].sum()) if len(rates) else 0
    view: dict[str, Any] = {"rates": rates, "decided": decided, "figures": {}}
    figures = view["figures"]
    if decided:
        trend, ratings = tables["trend"], tables["ratings"]
        view["middle"] = tables["middle"]
        view["changes"] = perf.trend_table(trend)
        view["calib"] = None if ratings.empty else tables["calib"]
        figures["rates"] = _frozen_parts(*_pass_rate_parts(rates))
        figures["trend"] = _frozen_parts(*_pass_trend_parts(trend))
        figures["ratings"] = None if ratings.empty else _frozen_parts(*_self_rating_parts(ratings))
    if facts is None:  # the pages pass the facts they hold
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
            name: _frozen_parts(*_career_lens_parts(lens, f"Outcomes by {name}"))
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
    recommended ``order``, the frozen ``timeline`` (None without rounds or planned weeks: the
    ``plan.soonest_lines``, ``timeline_lines`` is (lines drawn, lines in all)) and the
    ``reapply`` calendar; ``has_applications`` is False when there is nothing to plan."""
    open_apps = plan.open_applications(apps[["closed_on", "archived", "tier", "stage"]])
    tiers, stages = open_apps["tier"].to_numpy(), open_apps["stage"]
    open_by_tier = {
        tier: (int((tiers == tier).sum()), pipe.present_counts(stages[tiers == tier]).to_dict())
        for tier in (3, 2, 1)
    }
    items = plan.timeline_items(apps, rounds, tz=tz)
    shown = plan.soonest_lines(items, today)
    return {
        "has_applications": not apps.empty,
        "open_by_tier": open_by_tier,
        "tier_chart": _frozen_parts(*_tier_stage_parts(plan.tier_stage_counts(apps))),
        "order": plan.recommended_order(apps, rounds, today=today, tz=tz),
        "timeline": None if shown.empty else _frozen_parts(*_timeline_parts(shown, today)),
        "timeline_lines": (int(shown["row"].nunique()), int(items["row"].nunique())),
        "reapply": plan.reapply_calendar(apps, today=today),
    }
