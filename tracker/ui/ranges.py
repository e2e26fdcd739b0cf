"""The Compensation ranges page's table: the saved ranges as its data editor shows them.

Pure pandas (no Streamlit), so that the page can cache it per data version with
``tracker.ui.data.derived`` instead of sorting and converting the table on every run.
"""

from __future__ import annotations

import pandas as pd

from tracker.models import Level
from tracker.services.ranges import RANGE_FIELDS

LEVEL_ORDER = {level.value: n for n, level in enumerate(Level)}
"""Levels in ladder order (intern first), for sorting."""


def editor_rows(ranges: pd.DataFrame) -> pd.DataFrame:
    """The saved ranges (``frames.ranges_frame``) in a stable display order (track, level
    in ladder order, location, currency, id) with the editor's columns: ``id``,
    ``RANGE_FIELDS`` and ``is_demo``; ``as_of`` as a date or None."""
    ordered = ranges.assign(_level=ranges["level"].map(LEVEL_ORDER)).sort_values(
        ["track", "_level", "location", "currency", "id"], kind="stable"
    )
    shown = ordered[["id", *RANGE_FIELDS, "is_demo"]].reset_index(drop=True)
    shown["as_of"] = pd.to_datetime(shown["as_of"]).dt.date.astype(object)
    shown["as_of"] = shown["as_of"].where(shown["as_of"].notna(), None)
    return shown
