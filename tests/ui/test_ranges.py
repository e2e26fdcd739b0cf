"""The Compensation ranges page's table (``tracker.ui.ranges``) on a small frame."""

from datetime import date

import pandas as pd

from tracker.services.ranges import RANGE_FIELDS
from tracker.ui.ranges import editor_rows, range_table


def _ranges() -> pd.DataFrame:
    base = {field: None for field in RANGE_FIELDS}
    rows = [
        {**base, "id": 7, "track": "ml_engineer", "level": "senior", "location": "Paris",
         "currency": "EUR", "as_of": None, "is_demo": False},
        {**base, "id": 3, "track": "ml_engineer", "level": "junior", "location": "Paris",
         "currency": "EUR", "as_of": pd.Timestamp("2026-05-01"), "is_demo": True},
        {**base, "id": 5, "track": "data_scientist", "level": "staff", "location": "",
         "currency": "USD", "as_of": pd.Timestamp("2026-06-30"), "is_demo": False},
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_editor_rows_sort_by_track_then_level_on_the_ladder_and_give_dates():
    rows = editor_rows(_ranges())
    assert rows["id"].tolist() == [5, 3, 7]  # data_scientist first; junior before senior
    assert list(rows.columns) == ["id", *RANGE_FIELDS, "is_demo"]
    assert rows["as_of"].tolist() == [date(2026, 6, 30), date(2026, 5, 1), None]


def test_range_table_holds_the_editor_input_and_each_rows_values_in_the_same_order():
    table = range_table(_ranges())
    assert "id" not in table.shown.columns
    assert table.shown["location"].tolist() == table.rows["location"].tolist()
    assert [v["level"] for v in table.values] == ["staff", "junior", "senior"]
    assert set(table.values[0]) == set(RANGE_FIELDS)
