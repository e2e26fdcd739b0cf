"""Range validation and the batch writes behind the Compensation ranges page."""

from datetime import date

import pytest
from sqlmodel import select

from tracker import db
from tracker.models import CompRange, CompRangeCreate
from tracker.services.ranges import (
    RangeEditError,
    apply_range_edits,
    clean_range,
    create_range,
    import_ranges,
    plan_range_edits,
)

GOOD = {
    "track": "ml_engineer",
    "level": "senior",
    "location": "Berlin",
    "currency": "EUR",
    "base_p25": 80000,
    "base_p50": 90000,
    "base_p75": 100000,
    "total_p25": 90000,
    "total_p50": 105000,
    "total_p75": 120000,
    "source": "Levels.fyi",
    "as_of": "2026-01-15",
}


# ------------------------------------------------------------------------ validation


def test_a_good_row_is_clean_and_typed():
    values, problems = clean_range({**GOOD, "base_p50": 90000.0, "total_p75": "120,000"})
    assert problems == {}
    assert values["base_p50"] == 90000 and isinstance(values["base_p50"], int)
    assert values["total_p75"] == 120000
    assert values["as_of"] == date(2026, 1, 15)


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"base_p25": 95000}, "base", "p25 must be ≤ p50 ≤ p75"),
        ({"total_p75": 100000}, "total", "p25 must be ≤ p50 ≤ p75"),
        ({"base_p25": 0}, "base", "positive"),
        ({"total_p25": -5}, "total", "positive"),
        ({"base_p50": None}, "base", "enter p25, p50 and p75"),
        ({"base_p50": 90000.5}, "base", "whole amount"),
        ({"total_p50": "lots"}, "total", "whole amount"),
        ({"currency": "XYZ"}, "currency", "Unknown currency"),
        ({"currency": ""}, "currency", "Pick a currency"),
        ({"track": None}, "track", "Pick a track"),
        ({"level": "wizard"}, "level", "Unknown level"),
        ({"as_of": "15/01/2026"}, "as_of", "YYYY-MM-DD"),
        ({"location": "x" * 201}, "location", "at most 200"),
    ],
)
def test_range_validation_errors(change, field, text):
    _, problems = clean_range({**GOOD, **change})
    assert text in problems[field]
    assert set(problems) == {field}


def test_currency_is_normalised_to_upper_case():
    values, problems = clean_range({**GOOD, "currency": " eur "})
    assert problems == {} and values["currency"] == "EUR"


# ------------------------------------------------------------------- editor batches


def _rows(session):
    """The stored ranges as plain dicts (usable after the session closes)."""
    fields = ("location", "base_p75", "source", "as_of", "is_demo")
    rows = session.exec(select(CompRange).order_by(CompRange.id))
    return [{field: getattr(r, field) for field in fields} for r in rows]


def _seed(url, n=3):
    with db.session_scope(url) as s:
        ids = [
            create_range(
                session=s,
                data=CompRangeCreate(**{**GOOD, "location": f"City {i}", "as_of": None}),
            ).id
            for i in range(n)
        ]
    return ids


def test_add_edit_and_delete_are_saved_together(db_url):
    ids = _seed(db_url)
    with db.session_scope(db_url) as s:
        summary = apply_range_edits(
            session=s,
            row_ids=ids,
            edited_rows={0: {"base_p75": 110000, "source": "Recruiter"}, 2: {"location": "x"}},
            added_rows=[{**GOOD, "location": "Paris", "as_of": "2026-02-01"}, {}],
            deleted_rows=[2],
        )
    assert (summary.added, summary.updated, summary.deleted) == (1, 1, 1)
    with db.read_session(db_url) as s:
        rows = _rows(s)
    assert [r["location"] for r in rows] == ["City 0", "City 1", "Paris"]
    assert rows[0]["base_p75"] == 110000 and rows[0]["source"] == "Recruiter"
    assert rows[1]["base_p75"] == 100000  # untouched
    assert rows[2]["as_of"] == date(2026, 2, 1) and rows[2]["is_demo"] is False


def test_a_failing_row_saves_nothing(db_url):
    ids = _seed(db_url)
    with pytest.raises(RangeEditError) as err, db.session_scope(db_url) as s:
        apply_range_edits(
            session=s,
            row_ids=ids,
            edited_rows={0: {"base_p75": 110000}, 1: {"total_p25": 200000}},
            added_rows=[{**GOOD, "location": "Paris"}, {**GOOD, "currency": "ABC"}],
            deleted_rows=[2],
        )
    assert set(err.value.errors) == {"row:1", "new:1"}
    assert "p25 must be ≤ p50 ≤ p75" in err.value.rows["row:1"]["total"]
    assert "Unknown currency" in err.value.errors["new:1"]
    with db.read_session(db_url) as s:
        rows = _rows(s)
    assert [r["location"] for r in rows] == ["City 0", "City 1", "City 2"]
    assert rows[0]["base_p75"] == 100000


def test_a_row_deleted_elsewhere_is_reported(db_url):
    ids = _seed(db_url, 2)
    with db.session_scope(db_url) as s:
        apply_range_edits(session=s, row_ids=ids, deleted_rows=[1])
    with pytest.raises(RangeEditError) as err, db.session_scope(db_url) as s:
        apply_range_edits(session=s, row_ids=ids, edited_rows={1: {"base_p25": 70000}})
    assert "deleted elsewhere" in err.value.errors["row:1"]


def test_plan_ignores_edits_of_deleted_rows_and_blank_new_rows():
    plan = plan_range_edits(
        rows=[GOOD, GOOD],
        edited_rows={1: {"base_p25": 10**9}},  # invalid, but the row is deleted
        added_rows=[{"track": None, "location": ""}],
        deleted_rows=[1],
    )
    assert plan.problems == {} and plan.deletions == [1] and plan.additions == []


# --------------------------------------------------------------------------- import


def test_import_adds_all_or_nothing_and_skips_identical_rows(db_url):
    _seed(db_url, 1)  # GOOD at "City 0", no date
    rows = [
        (2, {**GOOD, "location": "City 0", "as_of": None}),  # identical: skipped
        (3, {**GOOD, "location": "Madrid", "is_demo": True}),
        (4, {**GOOD, "location": "Madrid", "is_demo": True}),  # repeated in the file
    ]
    with db.session_scope(db_url) as s:
        summary = import_ranges(session=s, rows=rows)
    assert (summary.added, summary.skipped) == (1, 2)
    with pytest.raises(RangeEditError) as err, db.session_scope(db_url) as s:
        import_ranges(
            session=s, rows=[(2, {**GOOD, "location": "Rome"}), (3, {**GOOD, "base_p25": 0})]
        )
    assert list(err.value.errors) == ["line:3"]
    with db.read_session(db_url) as s:
        rows = _rows(s)
    assert [r["location"] for r in rows] == ["City 0", "Madrid"]
    assert rows[1]["is_demo"] is True
