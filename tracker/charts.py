"""Plotly figure builders: a DataFrame in, a Figure out; they never query.

``TIER_COLORS`` is the one colour map of interest tiers, used by every chart and badge.
"""

from __future__ import annotations

import plotly.graph_objects as go

TIER_COLORS: dict[int, str] = {1: "#7b3fe4", 2: "#1f8a9e", 3: "#9aa5b1"}
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
