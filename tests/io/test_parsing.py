"""Unit and property tests for the importer's pure parsing half (tracker.io.parsing)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.io.parsing import (
    DEFAULT_STATUS_MAP,
    FIELD_SYNONYMS,
    HEADER_SYNONYMS,
    TARGET_FIELDS,
    ImportFormatError,
    map_status,
    neutralise_cell,
    neutralise_frame,
    normalise,
    parse_date,
    parse_money,
    read_table,
    sheet_names,
    suggest_mapping,
)
from tracker.models import CloseReason, Stage

FIXTURES = Path(__file__).parent / "fixtures"


def _all_str(frame: pd.DataFrame) -> bool:
    return all(isinstance(v, str) for v in frame.to_numpy().ravel()) and all(
        isinstance(c, str) for c in frame.columns
    )


def _xlsx(sheets: dict[str, list[list[object]]]) -> bytes:
    """A workbook with the given sheets (in order), as bytes."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ====================================================================== read_table: CSV


def test_reads_a_simple_csv_as_strings() -> None:
    frame = read_table(b"Company,Role,Salary\nAcme,MLE,120000\nBeta,,\n", "apps.csv")
    assert list(frame.columns) == ["Company", "Role", "Salary"]
    assert frame.to_dict("records") == [
        {"Company": "Acme", "Role": "MLE", "Salary": "120000"},
        {"Company": "Beta", "Role": "", "Salary": ""},
    ]
    assert _all_str(frame)
    assert list(frame.index) == [0, 1]
    assert frame.attrs["format"] == "csv"
    assert frame.attrs["delimiter"] == ","


@pytest.mark.parametrize("delimiter", [";", "\t", "|", ","])
def test_sniffs_the_delimiter(delimiter: str) -> None:
    rows = [
        ["Company", "Notes", "Salary"],
        ["Acme", "likes PyTorch, and JAX", "120k"],
        ["Beta", "a; b | c", "€95.5k"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    frame = read_table(buffer.getvalue().encode(), "apps.csv")
    assert frame.attrs["delimiter"] == delimiter
    assert frame.values.tolist() == rows[1:]
    assert list(frame.columns) == rows[0]


def test_semicolon_file_with_commas_in_every_cell() -> None:
    data = b"Company;Salary\nAcme;120,000\nBeta;95,500\n"
    frame = read_table(data, "apps.csv")
    assert frame["Salary"].tolist() == ["120,000", "95,500"]


def test_excel_sep_hint_line_wins() -> None:
    frame = read_table(b"sep=;\r\nCompany;Role\r\nAcme, Inc;MLE\r\n", "x.csv")
    assert frame.to_dict("records") == [{"Company": "Acme, Inc", "Role": "MLE"}]


def test_tsv_name_prefers_tab_for_a_single_column_file() -> None:
    frame = read_table(b"Company\nAcme\n", "apps.tsv")
    assert frame.attrs["delimiter"] == "\t"
    assert frame["Company"].tolist() == ["Acme"]


def test_single_column_csv() -> None:
    frame = read_table(b"Company\nAcme\nBeta\n", "apps.csv")
    assert frame["Company"].tolist() == ["Acme", "Beta"]


def test_utf8_bom_is_not_part_of_the_first_header() -> None:
    frame = read_table("Company,Rôle\nÉcole,ML\n".encode("utf-8-sig"), "x.csv")
    assert list(frame.columns) == ["Company", "Rôle"]
    assert frame.attrs["encoding"] == "utf-8"
    assert frame.iloc[0, 0] == "École"


def test_latin1_file_with_accents() -> None:
    data = "Company,Notes\nSociété Générale,très bien\n".encode("latin-1")
    frame = read_table(data, "x.csv")
    assert frame.iloc[0].tolist() == ["Société Générale", "très bien"]


def test_cp1252_file_with_euro_and_smart_quotes() -> None:
    data = "Company;Salary;Notes\nÄcme;€95k;“great” team\n".encode("cp1252")
    frame = read_table(data, "x.csv")
    assert frame.iloc[0].tolist() == ["Äcme", "€95k", "“great” team"]
    assert frame.attrs["encoding"] == "cp1252"


def test_utf16_tab_text_as_excel_writes_it() -> None:
    frame = read_table((FIXTURES / "tab_utf16.txt").read_bytes(), "tab_utf16.txt")
    assert frame.attrs["encoding"] == "utf-16"
    assert frame.attrs["delimiter"] == "\t"
    assert frame.loc[0, "Comp"] == "CHF 150'000"


def test_latin1_semicolon_fixture() -> None:
    frame = read_table((FIXTURES / "latin1_semicolon.csv").read_bytes(), "fr.csv")
    assert frame.columns[1] == "Intitulé du poste"
    assert frame["Entreprise"].tolist() == ["Société Générale", "Crédit Agricole"]
    assert frame.loc[1, "Lien"] == ""


@pytest.mark.parametrize("data", [b"", b"   ", b"\n\n\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf\n"])
def test_empty_file_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(ImportFormatError, match="empty"):
        read_table(data, "apps.csv")


def test_only_delimiters_is_an_error() -> None:
    with pytest.raises(ImportFormatError, match="no data"):
        read_table(b",,,\n , ,\n", "apps.csv")


def test_header_only_gives_an_empty_frame_with_columns() -> None:
    frame = read_table(b" Company , Job Title ,Status\n", "apps.csv")
    assert frame.empty
    assert list(frame.columns) == ["Company", "Job Title", "Status"]


def test_header_whitespace_is_stripped_and_collapsed() -> None:
    frame = read_table(b'"  Date\n applied ",\tCompany  \nx,y\n', "apps.csv")
    assert list(frame.columns) == ["Date applied", "Company"]


def test_duplicate_and_blank_headers_are_disambiguated() -> None:
    frame = read_table(b"Notes,,Notes,notes,Notes (2)\n1,2,3,4,5\n", "apps.csv")
    assert list(frame.columns) == ["Notes", "Column 2", "Notes (2)", "notes", "Notes (2) (2)"]
    assert frame.iloc[0].tolist() == ["1", "2", "3", "4", "5"]


def test_ragged_rows_are_padded_and_extra_cells_kept() -> None:
    frame = read_table(b"A,B\n1\n1,2,3\n4,5,,\n", "apps.csv")
    assert list(frame.columns) == ["A", "B", "Column 3"]
    assert frame.values.tolist() == [["1", "", ""], ["1", "2", "3"], ["4", "5", ""]]


def test_blank_rows_are_skipped_and_source_rows_recorded() -> None:
    frame = read_table(b"\nA,B\n1,2\n,\n\n3,4\n", "apps.csv")
    assert frame.values.tolist() == [["1", "2"], ["3", "4"]]
    assert frame.attrs["source_rows"] == [3, 6]


def test_cells_are_stripped_and_quoted_newlines_kept() -> None:
    frame = read_table(b'A,B\n"  x  ","line 1\r\nline 2\r"\n', "apps.csv")
    assert frame.iloc[0].tolist() == ["x", "line 1\nline 2"]


def test_unclosed_quote_does_not_crash() -> None:
    frame = read_table(b'A,B\n"open,2\n3,4\n', "apps.csv")
    assert list(frame.columns) == ["A", "B"]


def test_binary_garbage_is_refused() -> None:
    with pytest.raises(ImportFormatError, match="binary"):
        read_table(b"\x00\x01\x02PNG\x00\x00", "picture.csv")


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls"), (b"A,B\n1,2\n", "x.xls")],
)
def test_old_xls_is_refused_with_advice(data: bytes, name: str) -> None:
    with pytest.raises(ImportFormatError, match=r"\.xlsx or CSV"):
        read_table(data, name)


def test_huntr_like_export_fixture() -> None:
    frame = read_table((FIXTURES / "huntr_export.csv").read_bytes(), "huntr.csv")
    assert frame.columns[0] == "Company"
    assert len(frame) == 4
    assert frame.loc[2, "Notes"] == "Rejected after onsite\nasked for feedback"
    assert frame.loc[1, "Location"] == "Berlin, DE"


# ===================================================================== read_table: XLSX


def test_reads_the_first_sheet_of_a_workbook() -> None:
    data = _xlsx(
        {
            "Applications": [
                ["Company", " Role ", "Applied", "Salary", "Offer?", None],
                ["Acme", "MLE", datetime(2024, 5, 9), 120000.0, True, None],
                ["Beta", None, 45421, 95500.5, False, None],
                [None, None, None, None, None, None],
                ["Gamma", "DS", datetime(2024, 5, 9, 14, 30), "€95k", None, None],
            ],
            "Other": [["X"], ["y"]],
        }
    )
    frame = read_table(data, "tracker.xlsx")
    assert list(frame.columns) == ["Company", "Role", "Applied", "Salary", "Offer?"]
    assert frame.values.tolist() == [
        ["Acme", "MLE", "2024-05-09", "120000", "TRUE"],
        ["Beta", "", "45421", "95500.5", "FALSE"],
        ["Gamma", "DS", "2024-05-09 14:30:00", "€95k", ""],
    ]
    assert _all_str(frame)
    assert frame.attrs["sheet"] == "Applications"
    assert frame.attrs["source_rows"] == [2, 3, 5]


def test_reads_a_named_sheet_and_lists_sheets() -> None:
    data = _xlsx({"First": [["A"], ["1"]], "Jobs 2024": [["Company"], ["Acme"]]})
    assert sheet_names(data) == ["First", "Jobs 2024"]
    frame = read_table(data, "tracker.xlsx", sheet="Jobs 2024")
    assert frame["Company"].tolist() == ["Acme"]


def test_missing_sheet_names_the_ones_there() -> None:
    data = _xlsx({"First": [["A"], ["1"]]})
    with pytest.raises(ImportFormatError, match="no sheet named 'Nope'.*'First'"):
        read_table(data, "tracker.xlsx", sheet="Nope")


def test_header_only_and_empty_sheets() -> None:
    data = _xlsx({"Head": [["Company", "Role"]], "Empty": []})
    assert list(read_table(data, "t.xlsx").columns) == ["Company", "Role"]
    with pytest.raises(ImportFormatError, match="no data"):
        read_table(data, "t.xlsx", sheet="Empty")


def test_workbook_is_recognised_by_content_whatever_its_name() -> None:
    data = _xlsx({"S": [["Company"], ["Acme"]]})
    assert read_table(data, "export.csv")["Company"].tolist() == ["Acme"]


@pytest.mark.parametrize("data", [b"PK\x03\x04 not really a zip", b"Company\nAcme\n"])
def test_damaged_workbook_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(ImportFormatError, match="Excel workbook"):
        read_table(data, "tracker.xlsx")


# ==================================================================== suggest_mapping


def test_synonym_tables_are_consistent() -> None:
    assert set(FIELD_SYNONYMS) == set(TARGET_FIELDS)
    assert set(HEADER_SYNONYMS.values()) == set(TARGET_FIELDS)
    assert all(normalise(key) == key for key in HEADER_SYNONYMS)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Company", "company"),
        ("Employer", "company"),
        ("Organisation", "company"),
        ("organization", "company"),
        ("Company Name", "company"),
        ("company_name", "company"),
        ("companyName", "company"),
        ("Role", "role_title"),
        ("Title", "role_title"),
        ("Job Title", "role_title"),
        ("Position", "role_title"),
        ("Job Post Title", "role_title"),
        ("Status", "stage_status"),
        ("Stage", "stage_status"),
        ("List", "stage_status"),
        ("State", "stage_status"),
        ("Applied", "applied_on"),
        ("Date Applied", "applied_on"),
        ("Application date", "applied_on"),
        ("Initial App Date", "applied_on"),
        ("applied_on", "applied_on"),
        ("Date Applied?", "applied_on"),
        ("Salary", "salary"),
        ("Base", "salary"),
        ("Base Salary", "salary"),
        ("TC", "salary"),
        ("Total Comp", "salary"),
        ("Compensation", "salary"),
        ("Salary (USD)", "salary"),
        ("URL", "posting_url"),
        ("Link", "posting_url"),
        ("Job Post URL", "posting_url"),
        ("Job Link", "posting_url"),
        ("Posting", "posting_url"),
        ("jobURL", "posting_url"),
        ("Notes", "notes"),
        ("Comments", "notes"),
        ("Description", "job_description"),
        ("Job Description", "job_description"),
        ("Source", "source"),
        ("Via", "source"),
        ("Referral", "source"),
        ("How found", "source"),
        ("Location", "location"),
        ("City", "location"),
        ("Tier", "tier"),
        ("Interest", "tier"),
        ("Priority", "tier"),
        ("Excitement", "tier"),
        ("Excitement (1-5)", "tier"),
        ("Level", "level"),
        ("Seniority", "level"),
        ("Track", "track"),
        ("Referrer", "referrer"),
        ("Referred by", "referrer"),
        ("Contact", "referrer"),
        ("Closed", "closed_on"),
        ("Date closed", "closed_on"),
        ("Remote?", "remote_mode"),
        ("Work mode", "remote_mode"),
        ("Location type", "remote_mode"),
        ("  ÉMPLOYER  ", "company"),
    ],
)
def test_known_headers_map(header: str, field: str) -> None:
    assert suggest_mapping([header]) == {header: field}


@pytest.mark.parametrize(
    "header", ["Color", "Date Saved", "Contact Email", "Follow-up date", "", "   ", "???"]
)
def test_unknown_headers_map_to_none(header: str) -> None:
    assert suggest_mapping([header]) == {header: None}


def test_each_field_is_used_once_and_the_best_match_wins() -> None:
    headers = ["Employer", "Company", "Date", "Date Applied", "Title", "Job Title", "Salary"]
    mapping = suggest_mapping(headers)
    assert mapping == {
        "Employer": None,
        "Company": "company",
        "Date": None,
        "Date Applied": "applied_on",
        "Title": None,
        "Job Title": "role_title",
        "Salary": "salary",
    }


def test_exact_match_beats_partial_and_leftmost_breaks_ties() -> None:
    mapping = suggest_mapping(["Salary (USD)", "Salary", "Notes", "Notes (2)"])
    assert mapping == {
        "Salary (USD)": None,
        "Salary": "salary",
        "Notes": "notes",
        "Notes (2)": None,
    }
    assert suggest_mapping(["Company", "Company"]) == {"Company": "company"}


def test_mapping_of_a_huntr_like_export() -> None:
    frame = read_table((FIXTURES / "huntr_export.csv").read_bytes(), "huntr.csv")
    assert suggest_mapping(frame.columns) == {
        "Company": "company",
        "Job Title": "role_title",
        "List": "stage_status",
        "Date Applied": "applied_on",
        "Salary": "salary",
        "URL": "posting_url",
        "Excitement": "tier",
        "Notes": "notes",
        "Location": "location",
    }


def test_mapping_of_a_teal_like_export() -> None:
    headers = [
        "Job Position", "Company", "Status", "Date Saved", "Date Applied", "Deadline",
        "Excitement", "Min Salary", "Location", "URL", "Job Description", "Notes",
    ]  # fmt: skip
    mapping = suggest_mapping(headers)
    assert mapping["Job Position"] == "role_title"
    assert mapping["Min Salary"] == "salary"
    assert mapping["Date Saved"] is None
    assert mapping["Deadline"] is None
    assert mapping["Job Description"] == "job_description"


# ========================================================================= map_status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wishlist", (Stage.wishlist, None)),
        ("Saved", (Stage.wishlist, None)),
        ("Bookmarked", (Stage.wishlist, None)),
        ("Applied", (Stage.applied, None)),
        ("Applying", (Stage.applied, None)),
        ("Phone screen", (Stage.recruiter_screen, None)),
        ("Phone screen done", (Stage.recruiter_screen, None)),
        ("Recruiter call", (Stage.recruiter_screen, None)),
        ("Screening", (Stage.recruiter_screen, None)),
        ("Hiring manager", (Stage.hiring_manager, None)),
        ("Interviewing", (Stage.technical, None)),
        ("Interview", (Stage.technical, None)),
        ("Technical", (Stage.technical, None)),
        ("Take-home", (Stage.technical, None)),
        ("Onsite", (Stage.final, None)),
        ("On-site", (Stage.final, None)),
        ("Final round", (Stage.final, None)),
        ("Offer", (Stage.offer, None)),
        ("Offer received", (Stage.offer, None)),
        ("Rejected", (Stage.applied, CloseReason.rejected)),
        ("Declined by company", (Stage.applied, CloseReason.rejected)),
        ("No", (Stage.applied, CloseReason.rejected)),
        ("Ghosted", (Stage.applied, CloseReason.ghosted)),
        ("Timed out", (Stage.applied, CloseReason.ghosted)),
        ("No response", (Stage.applied, CloseReason.ghosted)),
        ("Withdrawn", (Stage.applied, CloseReason.withdrew)),
        ("Withdrew", (Stage.applied, CloseReason.withdrew)),
        ("Accepted", (Stage.offer, CloseReason.offer_accepted)),
        ("Declined offer", (Stage.offer, CloseReason.offer_declined)),
        ("  PHONE-SCREEN!! ", (Stage.recruiter_screen, None)),
        ("phone_screen", (Stage.recruiter_screen, None)),
        ("2. Applied", (Stage.applied, None)),
        ("03 - Final round", (Stage.final, None)),
    ],
)
def test_known_statuses(text: str, expected: tuple[Stage, CloseReason | None]) -> None:
    assert map_status(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "Limbo", "Declined", "Closed", "Archived", "2", None])
def test_unknown_statuses_are_never_guessed(text: str | None) -> None:
    assert map_status(text) is None


def test_default_status_map_keys_are_normalised() -> None:
    assert all(normalise(key) == key for key in DEFAULT_STATUS_MAP)
    assert DEFAULT_STATUS_MAP["applied"] == (Stage.applied, None)


def test_overrides_win_and_accept_strings() -> None:
    overrides = {
        "Limbo": ("applied", None),
        "APPLIED": (Stage.wishlist, None),
        "Declined": ["offer", "offer_declined"],
        "Interview": "hiring_manager",
        "Rejected": None,
    }
    assert map_status("limbo", overrides) == (Stage.applied, None)
    assert map_status("Applied", overrides) == (Stage.wishlist, None)
    assert map_status("declined", overrides) == (Stage.offer, CloseReason.offer_declined)
    assert map_status("Interview", overrides) == (Stage.hiring_manager, None)
    assert map_status("Rejected", overrides) is None
    assert map_status("Offer", overrides) == (Stage.offer, None)


@pytest.mark.parametrize("bad", [("nowhere", None), ("applied", "fired"), ("a", "b", "c"), 42])
def test_invalid_override_is_a_value_error(bad: object) -> None:
    with pytest.raises(ValueError, match="Not a valid status mapping"):
        map_status("x", {"x": bad})


# ========================================================================= parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-09", date(2024, 5, 9)),
        ("2024-5-9", date(2024, 5, 9)),
        ("2024/05/09", date(2024, 5, 9)),
        ("2024-05-09 00:00:00", date(2024, 5, 9)),
        ("2024-05-09T23:15:00Z", date(2024, 5, 9)),
        ("2024-05-09T10:30:00.123+02:00", date(2024, 5, 9)),
        ("20240509", date(2024, 5, 9)),
        ("5/9/2024", date(2024, 5, 9)),
        ("05/09/2024", date(2024, 5, 9)),
        ("5/9/24", date(2024, 5, 9)),
        ("5-9-2024", date(2024, 5, 9)),
        ("5/9/2024 10:30", date(2024, 5, 9)),
        ("5/9/2024 10:30 PM", date(2024, 5, 9)),
        ("13/5/2024", date(2024, 5, 13)),
        ("5/13/2024", date(2024, 5, 13)),
        ("09.05.2024", date(2024, 5, 9)),
        ("9 May 2024", date(2024, 5, 9)),
        ("9 may 2024", date(2024, 5, 9)),
        ("May 9 2024", date(2024, 5, 9)),
        ("May 9, 2024", date(2024, 5, 9)),
        ("May 9th, 2024", date(2024, 5, 9)),
        ("Thursday, 9th of May 2024", date(2024, 5, 9)),
        ("Thu, May 9, 2024 10:30 AM", date(2024, 5, 9)),
        ("9-May-24", date(2024, 5, 9)),
        ("09-May-2024", date(2024, 5, 9)),
        ("Sept 30, 2024", date(2024, 9, 30)),
        ("2024 May 9", date(2024, 5, 9)),
        ("May 9", date(2023, 5, 9)),
        ("9 May", date(2023, 5, 9)),
        ("45421", date(2024, 5, 9)),
        ("45421.5", date(2024, 5, 9)),
        ("  2024-05-09  ", date(2024, 5, 9)),
        ("1/2/70", date(1970, 1, 2)),
    ],
)
def test_dates(text: str, expected: date) -> None:
    assert parse_date(text, year_for_yearless=2023) == expected


def test_dayfirst_only_settles_ambiguous_dates() -> None:
    assert parse_date("5/9/2024", year_for_yearless=2024, dayfirst=True) == date(2024, 9, 5)
    assert parse_date("5/13/2024", year_for_yearless=2024, dayfirst=True) == date(2024, 5, 13)
    assert parse_date("2024-05-09", year_for_yearless=2024, dayfirst=True) == date(2024, 5, 9)


@pytest.mark.parametrize("text", ["", "   ", "-", "N/A", "none", "TBD", "?", None])
def test_empty_dates_are_none(text: str | None) -> None:
    assert parse_date(text, year_for_yearless=2024) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("soon", "Not a date"),
        ("2024", "Not a date"),
        ("12", "Not a date"),
        ("May", "Not a date"),
        ("Mayday 9", "Not a date"),
        ("May 2024", "no day"),
        ("2024-02-30", "no such day"),
        ("31/02/2024", "no such day"),
        ("13/13/2024", "neither number"),
        ("May 32", "no such day"),
        ("May 9 2024 2025", "Not a date"),
        ("2024-05-09 later", "Not a date"),
        ("5/9", "Not a date"),
    ],
)
def test_garbage_dates_raise_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(text, year_for_yearless=2024)


# ======================================================================== parse_money


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120000", (120000, None)),
        ("$120,000", (120000, "USD")),
        ("$120,000.00", (120000, "USD")),
        ("120k", (120000, None)),
        ("120K", (120000, None)),
        ("€95.5k", (95500, "EUR")),
        ("95,5k €", (95500, "EUR")),
        ("£80 000", (80000, "GBP")),
        ("£80\u00a0000", (80000, "GBP")),
        ("120000 USD", (120000, "USD")),
        ("usd 120000", (120000, "USD")),
        ("1.234.567 EUR", (1234567, "EUR")),
        ("1,234,567", (1234567, None)),
        ("1.234.567,89 €", (1234568, "EUR")),
        ("1,234,567.49", (1234567, None)),
        ("95.500", (95500, None)),
        ("120.50", (121, None)),
        ("CHF 150'000", (150000, "CHF")),
        ("150’000 CHF", (150000, "CHF")),
        ("US$ 150K", (150000, "USD")),
        ("C$130k", (130000, "CAD")),
        ("¥12m", (12000000, "JPY")),
        ("1.2M", (1200000, None)),
        ("120k-140k", (130000, None)),
        ("120-140k", (130000, None)),
        ("$120K - $140K", (130000, "USD")),
        ("120k to 145k", (132500, None)),
        ("€90k–€100k", (95000, "EUR")),
        ("100000-140k", (120000, None)),
        ("$120k/yr", (120000, "USD")),
        ("120k per year", (120000, None)),
        ("120.000 EUR p.a.", (120000, "EUR")),
        ("~120k", (120000, None)),
        ("120k+", (120000, None)),
        ("500 000 kr", (500000, None)),
        ("0", (0, None)),
    ],
)
def test_money(text: str, expected: tuple[int | None, str | None]) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "-", "n/a", "TBD", None])
def test_empty_money_is_none(text: str | None) -> None:
    assert parse_money(text) == (None, None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("competitive", "Not an amount"),
        ("DOE", "Not an amount"),
        ("$50/hr", "yearly"),
        ("5000 per month", "yearly"),
        ("$120k €100k", "Several currencies"),
        ("140k-120k", "low end is above"),
        ("1,23,456", "groups of three"),
        ("1.2.3", "groups of three"),
        ("1,234.5,6", "two decimal marks"),
        ("-5000", "Not an amount"),
        ("1-2-3", "Not an amount"),
        ("9" * 20, "too large"),
        ("XYZ 100", "Not an amount"),
        ("120kk", "Not an amount"),
    ],
)
def test_garbage_money_raises_value_error(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_money(text)


# ======================================================================= neutralising


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Acme", "Acme"),
        ("a=b", "a=b"),
        ("", ""),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
        (date(2024, 5, 9), date(2024, 5, 9)),
    ],
)
def test_neutralise_cell(value: object, expected: object) -> None:
    assert neutralise_cell(value) == expected


def test_neutralise_frame_copies_and_leaves_numbers() -> None:
    frame = pd.DataFrame({"=evil": ["=1+1", "ok", None], "n": [-1, 2, 3], "f": [-1.5, 0.0, 2.0]})
    safe = neutralise_frame(frame)
    assert list(safe.columns) == ["'=evil", "n", "f"]
    assert safe["'=evil"].tolist()[:2] == ["'=1+1", "ok"]
    assert safe["n"].tolist() == [-1, 2, 3]
    assert safe["f"].tolist() == [-1.5, 0.0, 2.0]
    assert frame.iloc[0, 0] == "=1+1"  # the original is untouched


def test_neutralise_frame_with_pandas_string_dtype() -> None:
    frame = pd.DataFrame({"a": pd.array(["=x", "y"], dtype="string")})
    assert neutralise_frame(frame)["a"].tolist() == ["'=x", "y"]


# ======================================================================== end to end


def test_fixture_rows_parse_through_the_mapping() -> None:
    frame = read_table((FIXTURES / "huntr_export.csv").read_bytes(), "huntr.csv")
    mapping = {field: header for header, field in suggest_mapping(frame.columns).items() if field}
    rows = frame.rename(columns={h: f for f, h in mapping.items()}).to_dict("records")
    statuses = [map_status(row["stage_status"]) for row in rows]
    assert statuses == [
        (Stage.applied, None),
        (Stage.recruiter_screen, None),
        (Stage.applied, CloseReason.rejected),
        None,  # "Limbo": the user has to map it
    ]
    dates = [parse_date(row["applied_on"], year_for_yearless=2024) for row in rows]
    assert dates == [date(2024, 5, 9), date(2024, 5, 13), date(2024, 5, 2), date(2024, 4, 30)]
    money = [parse_money(row["salary"]) for row in rows]
    assert money == [(180000, "USD"), (160000, None), (None, None), (None, None)]


# =================================================================== property tests

_PROPERTY = settings(max_examples=150, deadline=None)
_text = st.text(max_size=40)


@_PROPERTY
@given(data=st.binary(max_size=300), name=st.sampled_from(["a.csv", "a.tsv", "a.txt", "a", ""]))
def test_read_table_on_any_bytes_is_a_table_or_a_format_error(data: bytes, name: str) -> None:
    try:
        frame = read_table(data, name)
    except ImportFormatError:
        return
    assert _all_str(frame)
    assert frame.columns.is_unique


@_PROPERTY
@given(
    rows=st.lists(st.lists(_text, min_size=1, max_size=5), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
)
def test_any_text_in_any_cell_reads_or_is_a_format_error(
    rows: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    try:
        frame = read_table(buffer.getvalue().encode(encoding, "surrogatepass"), "x.csv")
    except (ImportFormatError, UnicodeEncodeError):
        return
    assert _all_str(frame)
    assert frame.columns.is_unique


_plain_cell = st.text(alphabet="abcXYZ019 ._-'\"\n€é", max_size=12)


@_PROPERTY
@given(
    header=st.lists(
        st.text(alphabet="abcdefXYZ", min_size=1, max_size=8), min_size=2, max_size=5, unique=True
    ),
    body=st.lists(st.lists(_plain_cell, min_size=5, max_size=5), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_well_formed_csv_round_trips(
    header: list[str], body: list[list[str]], delimiter: str, encoding: str
) -> None:
    width = len(header)
    expected = [[cell.strip() for cell in row[:width]] for row in body]
    expected = [row for row in expected if any(row)]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_ALL).writerows(
        [header, *(row[:width] for row in body)]
    )
    frame = read_table(buffer.getvalue().encode(encoding), "x.csv")
    assert list(frame.columns) == header
    assert frame.values.tolist() == [[c.replace("\r\n", "\n") for c in r] for r in expected]


_sheet_text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=30)
_sheet_value = st.one_of(
    _sheet_text, st.integers(-(10**15), 10**15), st.floats(), st.none(), st.booleans(),
    st.datetimes(min_value=datetime(1900, 3, 1)), st.dates(min_value=date(1900, 3, 1)),
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(_sheet_value, min_size=1, max_size=4), min_size=1, max_size=4))
def test_any_workbook_cells_read_as_strings(rows: list[list[object]]) -> None:
    data = _xlsx({"S": rows})
    try:
        frame = read_table(data, "x.xlsx")
    except ImportFormatError:
        return
    assert _all_str(frame)


@_PROPERTY
@given(text=st.text(max_size=40), year=st.integers(1, 9999), dayfirst=st.booleans())
def test_parse_date_only_raises_value_error(text: str, year: int, dayfirst: bool) -> None:
    try:
        result = parse_date(text, year_for_yearless=year, dayfirst=dayfirst)
    except ValueError as exc:
        assert str(exc)
        return
    assert result is None or isinstance(result, date)


_date_text = st.sampled_from(
    ["2024-05-09", "5/9/2024", "9 May 2024", "May 9, 2024", "Thu 9 May", "45421", "20240509"]
)


@_PROPERTY
@given(text=st.one_of(_text, _date_text.map(lambda s: s + " x"), _date_text.map(lambda s: "1" + s)))
def test_parse_date_on_near_misses(text: str) -> None:
    try:
        result = parse_date(text, year_for_yearless=2024)
    except ValueError:
        return
    assert result is None or isinstance(result, date)


@_PROPERTY
@given(day=st.dates(min_value=date(1970, 1, 1), max_value=date(2099, 12, 31)))
def test_formatted_dates_round_trip(day: date) -> None:
    for text in (
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        day.strftime("%d %B %Y"),
        day.strftime("%b %d, %Y"),
        day.strftime("%A, %B %d, %Y"),
        str((day - date(1899, 12, 30)).days),
    ):
        assert parse_date(text, year_for_yearless=1999) == day, text
    assert (
        parse_date(f"{day.day}/{day.month}/{day.year}", year_for_yearless=1, dayfirst=True) == day
    )


@_PROPERTY
@given(text=st.text(max_size=40))
def test_parse_money_only_raises_value_error(text: str) -> None:
    try:
        amount, currency = parse_money(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert amount is None or (isinstance(amount, int) and 0 <= amount <= 10**12)
    assert currency is None or (len(currency) == 3 and currency.isupper())


@_PROPERTY
@given(
    amount=st.integers(0, 10**9),
    template=st.sampled_from(["{:,}", "${:,}", "{:,} USD", "{:_}", "EUR {}", "{:,}.00"]),
)
def test_formatted_amounts_round_trip(amount: int, template: str) -> None:
    text = template.format(amount).replace("_", " ")
    assert parse_money(text)[0] == amount


@_PROPERTY
@given(headers=st.lists(_text, max_size=12))
def test_suggest_mapping_uses_each_field_once(headers: list[str]) -> None:
    mapping = suggest_mapping(headers)
    assert list(mapping) == list(dict.fromkeys(headers))
    fields = [field for field in mapping.values() if field is not None]
    assert len(fields) == len(set(fields))
    assert set(fields) <= set(TARGET_FIELDS)


@_PROPERTY
@given(text=_text)
def test_map_status_never_raises_without_overrides(text: str) -> None:
    result = map_status(text)
    assert result is None or result in DEFAULT_STATUS_MAP.values()


@_PROPERTY
@given(value=st.one_of(_text, st.integers(), st.floats(allow_nan=False), st.none()))
def test_neutralised_text_never_starts_a_formula(value: object) -> None:
    safe = neutralise_cell(value)
    if isinstance(value, str):
        assert safe in (value, "'" + value)
        if safe == value and value.startswith(("=", "+", "-", "@", "\t", "\r")):
            float(value)  # only a plain number may keep a formula-like start
    else:
        assert safe is value
