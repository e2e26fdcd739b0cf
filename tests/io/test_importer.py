"""The importer's database half: preview, duplicates, errors, statuses, all-or-nothing."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from tracker import db
from tracker.io import export, importer
from tracker.io.parsing import ImportFormatError, read_table, suggest_mapping
from tracker.models import Application, CloseReason, Company, Level, RemoteMode, Source, Stage
from tracker.services import applications as app_service
from tracker.services.settings import get_settings, update_settings

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2024, 6, 1)


def read_fixture(name: str, **kwargs) -> pd.DataFrame:
    return read_table((FIXTURES / name).read_bytes(), name, **kwargs)


def options_for(frame: pd.DataFrame, **kwargs) -> importer.ImportOptions:
    kwargs.setdefault("today", TODAY)
    mapping = {**suggest_mapping(frame.columns), **kwargs.pop("mapping", {})}
    return importer.ImportOptions(mapping=mapping, **kwargs)


def snapshot(url: str) -> dict:
    """Every table of the database (the backup document without its export time)."""
    with db.read_session(url) as s:
        document = export.backup_document(s)
    document.pop("exported_at")
    return document


def run(url: str, frame: pd.DataFrame, options: importer.ImportOptions, **kwargs):
    with db.session_scope(url) as s:
        return importer.execute_import(session=s, frame=frame, options=options, **kwargs)


def plan_of(url: str, frame: pd.DataFrame, options: importer.ImportOptions):
    with db.read_session(url) as s:
        return importer.plan_import(session=s, frame=frame, options=options)


def apps(url: str) -> list[tuple]:
    with db.read_session(url) as s:
        rows = s.exec(select(Application, Company).join(Company)).all()
        s.expunge_all()  # keep the loaded values (the read session rolls back)
        return [
            (c.name, a.role_title, a.stage, a.close_reason, a.applied_on, a.closed_on, a)
            for a, c in rows
        ]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


# ============================================================== fixtures in several shapes


def test_huntr_export_imports_with_its_mapping_and_reports_the_unknown_status(sqlite_url):
    frame = read_fixture("huntr_export.csv")
    options = options_for(frame)
    plan = plan_of(sqlite_url, frame, options)
    assert [r.line for r in plan.rows] == [2, 3, 4]
    assert plan.unknown_statuses == {"Limbo": [5]}
    assert [(e.line, e.message) for e in plan.errors] == [
        (5, "Unknown status “Limbo”: choose a stage for it.")
    ]
    report = run(sqlite_url, frame, options)
    assert report.created == 3 and report.companies_created == 3
    assert [i.line for i in report.skipped] == [5]
    by_company = {row[0]: row for row in apps(sqlite_url)}
    acme = by_company["Acme AI"][-1]
    assert acme.stage == Stage.applied and acme.applied_on == date(2024, 5, 9)
    assert "Salary: 180,000 USD (from “$180,000”)" in acme.notes
    assert acme.tier == 1  # Excitement 5 of 5
    assert acme.posting_url == "https://acme.example/jobs/1"
    beta = by_company["Beta Labs"][-1]
    assert beta.stage == Stage.recruiter_screen and beta.tier == 2
    assert "Salary: 160,000 USD (from “150k-170k”)" in beta.notes  # a range -> its midpoint
    gamma = by_company["Gamma"][-1]
    assert gamma.close_reason == CloseReason.rejected and gamma.closed_on == TODAY
    assert gamma.tier == 3 and gamma.notes.startswith("Rejected after onsite\nasked")


def test_latin1_semicolon_file_with_french_headers_and_day_first_dates(sqlite_url):
    frame = read_fixture("latin1_semicolon.csv")
    assert frame.attrs["delimiter"] == ";"
    mapping = dict(
        zip(
            frame.columns,
            ["company", "role_title", "stage_status", "applied_on", "salary", "posting_url",
             "notes"],
            strict=True,
        )
    )  # fmt: skip
    options = options_for(
        frame,
        mapping=mapping,
        status_overrides={"Entretien": "recruiter_screen", "Refusé": ["applied", "rejected"]},
        default_currency="GBP",
    )
    report = run(sqlite_url, frame, options)
    assert report.created == 2 and not report.skipped
    rows = {row[0]: row for row in apps(sqlite_url)}
    societe = rows["Société Générale"][-1]
    assert societe.applied_on == date(2024, 5, 9)  # dotted dates are day first
    assert "Salary: 55,000 EUR" in societe.notes and "Équipe très sympa" in societe.notes
    credit = rows["Crédit Agricole"]
    assert credit[2:5] == (Stage.applied, CloseReason.rejected, date(2024, 5, 13))


def test_utf16_tab_file_keeps_a_formula_as_plain_text(sqlite_url):
    frame = read_fixture("tab_utf16.txt")
    report = run(sqlite_url, frame, options_for(frame))
    assert report.created == 1
    (row,) = apps(sqlite_url)
    assert row[2] == Stage.offer and row[3] is None
    assert row[-1].notes.startswith('=HYPERLINK("http://evil")')
    assert "150,000 CHF" in row[-1].notes


def test_teal_like_file_sep_hint_duplicates_in_the_file_and_choice_fields(sqlite_url):
    frame = read_fixture("teal_semicolon_dayfirst.csv")
    options = options_for(frame, dayfirst=True)
    plan = plan_of(sqlite_url, frame, options)
    assert [r.line for r in plan.rows] == [3, 4, 6, 8]  # line 1 is "sep=;", line 2 the header
    assert [(d.line, d.message) for d in plan.duplicates] == [
        (5, "Same company, role and applied date as line 4.")
    ]
    assert plan.unknown_statuses == {"Stuck in limbo": [7]}
    assert plan.statuses["Ghosted"] == 2
    run(sqlite_url, frame, options)
    rows = {row[0]: row[-1] for row in apps(sqlite_url)}
    nordlicht = rows["Nordlicht Analytics"]
    assert nordlicht.applied_on == date(2024, 5, 9) and nordlicht.stage == Stage.technical
    assert nordlicht.posting_url == "https://www.nordlicht.example/jobs/7"
    assert nordlicht.remote_mode == RemoteMode.hybrid and nordlicht.level == Level.senior
    assert "Salary: 65,000 EUR (from “€60.000 - €70.000”)" in nordlicht.notes
    kraken = rows["Kraken Vision"]
    assert kraken.level is None and kraken.level_label == "L5" and kraken.referrer == "Ana"
    assert kraken.close_reason == CloseReason.ghosted
    fjord = rows["Fjord Robotics"]
    assert (fjord.stage, fjord.close_reason) == (Stage.offer, CloseReason.offer_accepted)


def test_broken_rows_each_have_their_line_and_reason(sqlite_url):
    frame = read_fixture("broken_rows.csv")
    plan = plan_of(sqlite_url, frame, options_for(frame))
    errors = {e.line: e.message for e in plan.errors}
    assert errors[3] == "Company is empty."
    assert errors[4] == "Role title is empty."
    assert errors[5].startswith("Applied date: Not a date: 'not a date'")
    assert "Only yearly amounts" in errors[6]
    assert "must start with http:// or https://" in errors[7]
    assert errors[8].startswith("No applied date for status “Applied”")
    assert [r.line for r in plan.rows] == [2, 9]


def test_empty_file_and_header_only_file(sqlite_url):
    with pytest.raises(ImportFormatError, match="empty"):
        read_fixture("empty.csv")
    frame = read_fixture("headers_only.csv")
    assert frame.empty and list(frame.columns) == ["Company", "Job Title", "Status", "Date Applied"]
    before = snapshot(sqlite_url)
    plan = plan_of(sqlite_url, frame, options_for(frame))
    assert plan.total_rows == 0 and not plan.rows and not plan.errors and not plan.can_import
    report = run(sqlite_url, frame, options_for(frame))
    assert report.created == 0
    assert snapshot(sqlite_url)["tables"] == before["tables"]


def test_xlsx_workbook_with_real_dates_and_numbers(sqlite_url):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Organization", "Job Title", "Stage", "Initial App Date", "TC", "Priority"])
    sheet.append(["Omega", "Staff MLE", "Final round", date(2024, 4, 2), 310000, 1])
    sheet.append(["Sigma", "Data Scientist", "Withdrawn", 45390, "95.5k", 3])
    buffer = io.BytesIO()
    workbook.save(buffer)
    frame = read_table(buffer.getvalue(), "jobs.xlsx")
    report = run(sqlite_url, frame, options_for(frame))
    assert report.created == 2
    rows = {row[0]: row for row in apps(sqlite_url)}
    assert rows["Omega"][2] == Stage.final and rows["Omega"][4] == date(2024, 4, 2)
    assert rows["Omega"][-1].tier == 1 and "Salary: 310,000 USD" in rows["Omega"][-1].notes
    assert rows["Sigma"][3] == CloseReason.withdrew and rows["Sigma"][4] == date(2024, 4, 8)
    assert "Salary: 95,500 USD (from “95.5k”)" in rows["Sigma"][-1].notes


def test_yearless_dates_take_the_chosen_year_and_future_dates_are_errors(sqlite_url):
    frame = pd.DataFrame(
        {"Company": ["A", "B"], "Role": ["MLE", "DS"], "Date applied": ["May 9", "Dec 24"]}
    )
    plan = plan_of(sqlite_url, frame, options_for(frame, year_for_yearless=2024))
    assert [r.values["applied_on"] for r in plan.rows] == [date(2024, 5, 9)]
    assert "in the future" in plan.errors[0].message and plan.errors[0].line == 3


def test_unknown_free_text_is_kept_in_notes_not_dropped(sqlite_url):
    frame = pd.DataFrame(
        {
            "Company": ["A", "B", "C"],
            "Role": ["MLE", "DS", "AS"],
            "Applied": ["2024-05-01"] * 3,
            "Source": ["LinkedIn", "Carrier pigeon", "referral"],
            "Track": ["Data science", "Quant", ""],
            "Work mode": ["remote", "4 days in office", ""],
        }
    )
    plan = plan_of(sqlite_url, frame, options_for(frame))
    a, b, c = (row.values for row in plan.rows)
    assert a["source"] == Source.cold_application and "Source: LinkedIn" in a["notes"]
    assert b["source"] == Source.other and "Source: Carrier pigeon" in b["notes"]
    assert b["track"].value == "other" and "Track: Quant" in b["notes"]
    assert b["remote_mode"] is None and "Work mode: 4 days in office" in b["notes"]
    assert c["source"] == Source.referral and c["notes"] == ""


def test_a_referral_yes_no_column(sqlite_url):
    frame = pd.DataFrame(
        {"Company": ["A", "B", "C"], "Role": ["MLE"] * 3, "Applied": ["2024-05-01"] * 3,
         "Referral": ["yes", "no", "Sam Lee"]}
    )  # fmt: skip
    plan = plan_of(sqlite_url, frame, options_for(frame))
    sources = [row.values["source"] for row in plan.rows]
    assert sources == [Source.referral, Source.cold_application, Source.referral]
    assert "Referral: Sam Lee" in plan.rows[2].values["notes"]


def test_contradictions_are_errors_not_guesses(sqlite_url):
    frame = pd.DataFrame(
        {
            "Company": ["A", "B", "C"],
            "Role": ["MLE"] * 3,
            "Status": ["Wishlist", "Applied", "Rejected"],
            "Applied": ["2024-05-01", "2024-05-01", "2024-05-10"],
            "Closed": ["", "2024-05-20", "2024-05-02"],
        }
    )
    plan = plan_of(sqlite_url, frame, options_for(frame))
    messages = [e.message for e in plan.errors]
    assert "wishlist status but the row has an applied date" in messages[0]
    assert "closed date but its status “Applied” is open" in messages[1]
    assert "Closed date is before the applied date" in messages[2]


def test_long_values_are_row_errors_not_a_failed_transaction(db_url):
    frame = pd.DataFrame(
        {"Company": ["A" * 201, "B"], "Role": ["MLE", "R" * 201], "Applied": ["2024-05-01"] * 2}
    )
    plan = plan_of(db_url, frame, options_for(frame))
    assert not plan.rows and len(plan.errors) == 2
    assert "longer than 200" in plan.errors[0].message
    assert plan.errors[1].message.startswith("Role title:")


# =========================================================== mapping and statuses


def test_mapping_needs_company_and_role_and_one_column_per_field(sqlite_url):
    frame = pd.DataFrame({"Company": ["A"], "Employer": ["B"], "Notes": ["x"]})
    with pytest.raises(importer.MappingError, match="role title"):
        plan_of(sqlite_url, frame, options_for(frame))
    with pytest.raises(importer.MappingError, match="both map to Company"):
        importer.check_mapping({"Company": "company", "Employer": "company"}, frame.columns)
    lines = importer.describe_mapping({"Company": "company", "Excitement": "tier", "X": None})
    assert lines == [
        "Company -> Company",
        "Excitement -> Interest tier (1-5 rating: 4-5 = tier 1, 3 = tier 2, 1-2 = tier 3)",
        "X -> (ignored)",
    ]


def test_user_status_mapping_resolves_unknown_statuses(sqlite_url):
    frame = pd.DataFrame(
        {"Company": ["A", "B"], "Role": ["MLE", "DS"], "Status": ["Limbo", "Phone screen done"],
         "Applied": ["2024-05-01", "2024-05-02"]}
    )  # fmt: skip
    assert plan_of(sqlite_url, frame, options_for(frame)).unknown_statuses == {"Limbo": [2]}
    with db.session_scope(sqlite_url) as s:
        update_settings(session=s, import_status_map={"limbo": ["applied", "ghosted"]})
    with db.read_session(sqlite_url) as s:
        saved = get_settings(session=s).import_status_map
    plan = plan_of(sqlite_url, frame, options_for(frame, status_overrides=saved))
    assert not plan.errors
    assert [(r.stage, r.close_reason) for r in plan.rows] == [
        (Stage.applied, CloseReason.ghosted),
        (Stage.recruiter_screen, None),
    ]


def test_settings_refuse_a_broken_status_table(sqlite_url):
    from tracker.services.errors import ValidationError

    with db.session_scope(sqlite_url) as s, pytest.raises(ValidationError) as error:
        update_settings(session=s, import_status_map={"Limbo": ["nowhere", None]})
    assert "'nowhere' is not a stage" in error.value.errors["import_status_map"]


# ====================================================== duplicates and idempotence


def test_importing_the_same_file_twice_changes_nothing(db_url):
    frame = read_fixture("teal_semicolon_dayfirst.csv")
    options = options_for(frame, dayfirst=True)
    first = run(db_url, frame, options)
    assert first.created == 4
    after_first = snapshot(db_url)
    second = run(db_url, frame, options)
    assert second.created == 0 and len(second.duplicates) == 5
    after_second = snapshot(db_url)
    assert after_second["tables"] == after_first["tables"]


def test_duplicates_of_existing_applications_ignore_case_and_spacing(sqlite_url):
    with db.session_scope(sqlite_url) as s:
        app_service.create_with_company(
            session=s,
            company_name="Acme  AI",
            values={"role_title": "senior ml engineer", "applied_on": date(2024, 5, 9)},
        )
    frame = read_fixture("huntr_export.csv")
    plan = plan_of(sqlite_url, frame, options_for(frame))
    assert [(d.line, d.message) for d in plan.duplicates] == [
        (2, "Already in the tracker (same company, role and applied date).")
    ]
    assert "Acme AI" not in plan.new_companies


# ====================================================== all or nothing


def test_abort_mode_writes_nothing_when_a_row_has_an_error(db_url):
    frame = read_fixture("broken_rows.csv")
    before = snapshot(db_url)
    with pytest.raises(importer.ImportAborted, match="6 rows have errors"):
        run(db_url, frame, options_for(frame, on_error="abort"))
    assert snapshot(db_url)["tables"] == before["tables"]


def test_a_failure_in_the_middle_of_an_import_leaves_the_database_unchanged(db_url, monkeypatch):
    frame = read_fixture("teal_semicolon_dayfirst.csv")
    before = snapshot(db_url)
    real_close = app_service.close_application
    calls = []

    def failing_close(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:  # the second closing: rows and companies already written
            raise RuntimeError("disk unplugged")
        return real_close(**kwargs)

    monkeypatch.setattr(app_service, "close_application", failing_close)
    with pytest.raises(RuntimeError, match="disk unplugged"):
        run(db_url, frame, options_for(frame, dayfirst=True))
    assert len(calls) == 2
    assert snapshot(db_url) == before


def test_an_interrupt_during_the_import_rolls_everything_back(sqlite_url):
    frame = read_fixture("huntr_export.csv")
    before = snapshot(sqlite_url)

    def interrupt(done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(sqlite_url, frame, options_for(frame), progress=interrupt)
    assert snapshot(sqlite_url) == before


def test_a_row_the_services_refuse_is_skipped_without_leaving_its_company(sqlite_url, monkeypatch):
    from tracker.services.errors import ValidationError

    frame = read_fixture("huntr_export.csv")
    real_create = app_service.create_application

    def refuse_beta(*, session, data):
        if data.role_title == "Data Scientist":
            raise ValidationError("refused by a service")
        return real_create(session=session, data=data)

    monkeypatch.setattr(app_service, "create_application", refuse_beta)
    report = run(sqlite_url, frame, options_for(frame))
    assert report.created == 2 and report.companies_created == 2
    assert (3, "refused by a service") in [(i.line, i.message) for i in report.skipped]
    with db.read_session(sqlite_url) as s:
        names = set(s.exec(select(Company.name)).all())
    assert names == {"Acme AI", "Gamma"}  # no orphan "Beta Labs"


def test_progress_is_reported_up_to_the_total(sqlite_url):
    rows = [["Company", "Role", "Applied"]] + [
        [f"Company {n}", "MLE", "2024-05-01"] for n in range(450)
    ]
    frame = read_table(csv_bytes(rows), "many.csv")
    seen: list[tuple[int, int]] = []
    report = run(sqlite_url, frame, options_for(frame), progress=lambda d, t: seen.append((d, t)))
    assert report.created == 450
    assert seen[0] == (0, 450) and seen[-1] == (450, 450)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert 10 < len(seen) <= 102  # throttled, not once per row


# ====================================================== a 10 MB file


def test_a_10_mb_file_is_previewed_and_imported(sqlite_url):
    description = "Build and ship ranking models; " * 180  # ~5.4 KB of job description
    rows = [["Company", "Job Title", "Status", "Date Applied", "Salary", "Job Description"]]
    statuses = ["Applied", "Rejected", "Interviewing", "Ghosted", "Weird status"]
    n = 0
    size = 0
    while size < 10 * 1024 * 1024 + 4096:
        rows.append(
            [f"Company {n % 300}", f"Role {n}", statuses[n % 5], "2024-03-01",
             "$150,000", description]
        )  # fmt: skip
        size += len(description) + 50
        n += 1
    data = csv_bytes(rows)
    assert len(data) >= 10 * 1024 * 1024
    frame = read_table(data, "big.csv")
    options = options_for(frame, status_overrides={"Weird status": "final"})
    plan = plan_of(sqlite_url, frame, options)
    assert len(plan.rows) == n and not plan.errors and len(plan.new_companies) == 300
    report = run(sqlite_url, frame, options)
    assert report.created == n
    with db.read_session(sqlite_url) as s:
        assert len(s.exec(select(Application.id)).all()) == n


# ====================================================== property-based


CELL = st.text(max_size=40) | st.sampled_from(
    ["", "Applied", "Rejected", "2024-05-09", "5/9/2024", "May 9", "$120k", "120k-140k",
     "=1+1", "-", "n/a", "www.x.example", "Tier 1", "senior", "remote", "\x00", "99999"]
)  # fmt: skip
FIELDS = list(importer.FIELD_LABELS)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cells=st.lists(st.lists(CELL, min_size=len(FIELDS), max_size=len(FIELDS)), max_size=6),
    abort=st.booleans(),
)
def test_random_cells_never_crash_and_never_write_a_partial_import(sqlite_url, cells, abort):
    frame = (
        pd.DataFrame(cells, columns=FIELDS, dtype=object)
        if cells
        else pd.DataFrame(columns=FIELDS, dtype=object)
    )
    options = importer.ImportOptions(
        mapping={f: f for f in FIELDS}, on_error="abort" if abort else "skip", today=TODAY
    )
    before = snapshot(sqlite_url)
    count_before = len(before["tables"]["application"]["rows"])
    plan = plan_of(sqlite_url, frame, options)
    assert len(plan.rows) + len(plan.duplicates) + len(plan.errors) == len(frame)
    try:
        report = run(sqlite_url, frame, options)
    except importer.ImportAborted:
        assert abort and plan.errors
        assert snapshot(sqlite_url)["tables"] == before["tables"]
        return
    after = snapshot(sqlite_url)
    assert len(after["tables"]["application"]["rows"]) == count_before + report.created
    assert report.created + len(report.skipped) + len(report.duplicates) == len(frame)
    assert report.created == len(plan.rows)  # everything planned was written, nothing else


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=300))
def test_random_file_bytes_either_read_or_fail_with_a_clear_error(text):
    for encoding in ("utf-8", "utf-16"):
        try:
            frame = read_table(text.encode(encoding, "surrogatepass"), "random.csv")
        except ImportFormatError:
            continue
        mapping = suggest_mapping(frame.columns)
        try:
            importer.check_mapping(mapping, frame.columns)
        except importer.MappingError:
            continue
