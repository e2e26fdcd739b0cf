"""The Compensation ranges page's table: the saved ranges as its data editor shows them.

Pure pandas (no Streamlit), so that the page holds it per data version with
``tracker.ui.data.shared`` instead of sorting and converting the table on every run.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from tracker.models import Level
from tracker.services.ranges import RANGE_FIELDS

LEVEL_ORDER = {level.value: n for n, level in enumerate(Level)}
"""Levels in ladder order (intern first), for sorting."""


def editor_rows(ranges: pd.DataFrame) -> pd.DataFrame:
    """The saved ranges (``frames.ranges_frame``) in a stable display order (track, level
    in ladder order, location, currency, id) with the editor's columns: ``id``,
    ``RANGE_FIELDS`` and ``is_demo``; ``as_of`` as a date or None."""
    # a few hundred rows: Python's sort of the keys beats a frame sort's set-up
    last = len(LEVEL_ORDER)
    keys = list(
        zip(
            ranges["track"].tolist(),
            [LEVEL_ORDER.get(level, last) for level in ranges["level"].tolist()],
            ranges["location"].tolist(),
            ranges["currency"].tolist(),
            ranges["id"].tolist(),
            strict=True,
        )
    )
    order = sorted(range(len(keys)), key=keys.__getitem__)
    shown = ranges[["id", *RANGE_FIELDS, "is_demo"]].take(order).reset_index(drop=True)
    shown["as_of"] = pd.Series(
        [None if pd.isna(day) else day.date() for day in shown["as_of"].tolist()],
        index=shown.index,
        dtype=object,
    )
    return shown


@dataclass(frozen=True)
class RangeTable:
    """What the page needs of the saved ranges, built once per data version (read-only)."""

    rows: pd.DataFrame
    """``editor_rows``: ``id``, ``RANGE_FIELDS``, ``is_demo`` in display order."""
    shown: pd.DataFrame
    """The editor's input: ``rows`` without ``id`` (the editor copies it)."""
    values: list[dict]
    """``RANGE_FIELDS`` of each row as a dict, in the same order (what edits apply to)."""


def range_table(ranges: pd.DataFrame) -> RangeTable:
    """The saved ranges (``frames.ranges_frame``) as the page's ``RangeTable``."""
    rows = editor_rows(ranges)
    return RangeTable(
        rows=rows,
        shown=rows.drop(columns=["id"]),
        values=[
            dict(zip(RANGE_FIELDS, row, strict=True))
            for row in zip(*(rows[field].tolist() for field in RANGE_FIELDS), strict=True)
        ],
    )
