"""CSV export / import of compensation ranges: round trip, formula safety, bad files."""

import pandas as pd
import pytest

from tracker import db
from tracker.io.ranges_csv import RangeCsvError, export_ranges_csv, parse_ranges_csv
from tracker.models import CompRangeCreate
from tracker.services import frames
from tracker.services.ranges import create_range, import_ranges

COLUMNS = ["track", "level", "location", "currency", "base_p25", "base_p50", "base_p75",
           "total_p25", "total_p50", "total_p75", "source", "as_of", "is_demo"]  # fmt: skip


def _seed(url):
    with db.session_scope(url) as s:
        create_range(
            session=s,
            data=CompRangeCreate(
                track="ml_engineer",
                level="senior",
                location="Zürich",
                currency="CHF",
                base_p25=150000,
                base_p50=165000,
                base_p75=180000,
                total_p25=170000,
                total_p50=190000,
                total_p75=215000,
                source='=HYPERLINK("http://evil")',
                as_of=pd.Timestamp("2026-01-15").date(),
            ),  # fmt: skip
        )
        create_range(
            session=s,
            data=CompRangeCreate(
                track="data_scientist",
                level="mid",
                location="",
                currency="EUR",
                base_p25=60000,
                base_p50=70000,
                base_p75=80000,
                total_p25=65000,
                total_p50=75000,
                total_p75=90000,
                source="Demo data (not market data)",
                is_demo=True,
            ),  # fmt: skip
        )


def _frame(url):
    with db.read_session(url) as s:
        return frames.ranges_frame(s)


def test_round_trip_into_a_fresh_database(db_url, tmp_path):
    _seed(db_url)
    original = _frame(db_url)
    payload = export_ranges_csv(original)
    with db.session_scope(db_url) as s:  # same database: every row is identical, nothing added
        assert import_ranges(session=s, rows=parse_ranges_csv(payload)).skipped == 2
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    with db.session_scope(fresh) as s:
        assert import_ranges(session=s, rows=parse_ranges_csv(payload)).added == 2
    again = _frame(fresh)
    pd.testing.assert_frame_equal(
        original[COLUMNS].reset_index(drop=True), again[COLUMNS].reset_index(drop=True)
    )


def test_export_is_spreadsheet_safe(db_url):
    _seed(db_url)
    text = export_ranges_csv(_frame(db_url)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "\n=" not in text and ",=" not in text
    assert text.splitlines()[0].startswith("track,level,location,currency,base_p25")
    assert "Zürich" in text


def test_import_accepts_labels_loose_headers_and_grouped_amounts():
    csv = (
        b"Track;Level;Location;Currency;Base P25;Base P50;Base P75;"
        b"Total P25;Total P50;Total P75;Source;As of\n"
        b"ML engineer;Senior;Berlin;EUR;80,000;90000;100000;90000;105000;120000;"
        b"'@recruiter;2026-02-01\n"
    )
    [(line, values)] = parse_ranges_csv(csv)
    assert line == 2
    assert values["track"] == "ml_engineer" and values["level"] == "senior"
    assert values["base_p25"] == "80,000"
    assert values["source"] == "@recruiter"  # the export's formula guard is removed
    assert values["as_of"] == "2026-02-01" and values["is_demo"] is False


def test_unknown_track_is_left_for_validation_to_report():
    csv = (
        b"track,level,location,currency,base_p25,base_p50,base_p75,total_p25,total_p50,total_p75\n"
        b"Wizard,senior,,EUR,1,2,3,4,5,6\n"
    )
    [(_, values)] = parse_ranges_csv(csv)
    assert values["track"] == "Wizard"


def test_missing_columns_and_empty_files_are_refused():
    with pytest.raises(RangeCsvError, match="base_p75"):
        parse_ranges_csv(b"track,level,location,currency,base_p25,base_p50\nx,y,z,EUR,1,2\n")
    with pytest.raises(RangeCsvError, match="empty"):
        parse_ranges_csv(b"   ")
