"""The database half of the importer: a parsed table -> a preview -> one all-or-nothing import.

:mod:`tracker.io.parsing` turns a file into a table of strings; this module turns that
table into applications, through the services, in the caller's single transaction.

Two steps, both given the same :class:`ImportOptions` (the column mapping the user
confirmed, their status mapping, the year for dates without one, day-first dates, and
the error mode):

* :func:`plan_import` reads the database but writes nothing. It sorts every row into
  *to create*, *duplicate* (skipped) or *error*, each with its line number in the file,
  and lists the statuses it could not map. The page shows this as the preview.
* :func:`execute_import` plans again inside the write transaction (the database may have
  changed since the preview) and creates the rows. In ``"abort"`` mode any error row
  aborts before anything is written (:class:`ImportAborted`); in ``"skip"`` mode error
  rows are skipped and listed in the report. Any exception, an interrupt included,
  propagates, and the caller's ``session_scope`` rolls the whole import back, so the
  database is exactly as it was. Each row is written inside a savepoint, so a row the
  services refuse in ``"skip"`` mode leaves nothing behind (not even its new company).

Decisions
---------
* **Duplicates**: same company (case- and spacing-blind, like the services), same role
  title (case-blind) and same applied date as an application already in the database or
  as an earlier row of the same file. Skipped, so importing a file twice changes nothing.
* **Required**: a company and a role title. A row past the wishlist needs its applied date
  (response times are measured from it; we never invent one). A wishlist row with an
  applied date, or an open row with a closed date, is contradictory: an error.
* **Statuses**: :func:`tracker.io.parsing.map_status` with the user's table
  (``options.status_overrides``). An empty status means *applied* when there is an
  applied date, else *wishlist*. An unknown status is an error on its row and is listed
  in :attr:`ImportPlan.unknown_statuses` until the user maps it: never guessed.
* **Dates of the stage history**: the applied event is on the applied date. A later stage
  (e.g. "Interviewing") is recorded on the closed date when the row is closed, otherwise
  on the day of the import (the only date we know it held), like the services do. A
  closing without a closed date is recorded on the day of the import.
* **Salary** goes into the application's notes ("Salary: 160,000 USD (from “150k-170k”)"):
  a tracker's salary column is the posting's range or the candidate's expectation, not an
  offer, and an Offer row needs bonus, equity and vesting the file does not have. A
  salary without a currency is in the default currency of the settings. A cell that is
  not an amount is an error (hourly rates included: we do not annualise).
* **Free text that does not fit a choice list** is kept, not dropped: an unknown source
  becomes *other*, an unknown track *other*, an unknown remote mode empty, each with a
  "Source: ..." / "Track: ..." / "Work mode: ..." line in the notes; a level that is not
  one of ours ("L5", "E6") goes into the company's level label.
* **Tier** accepts 1-3 ("2", "Tier 2", "dream", "good", "practice"). A column the user
  mapped from a star rating ("Excitement", "Rating", "Stars": higher is better, 1-5)
  is converted: 4-5 -> tier 1, 3 -> tier 2, 1-2 -> tier 3. Empty -> tier 2.
* A posting link starting with ``www.`` gets ``https://``; other links must be http(s).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd
import pydantic
import sqlalchemy as sa
from sqlmodel import Session

from tracker.io.parsing import (
    TARGET_FIELDS,
    StatusMapping,
    map_status,
    normalise,
    parse_date,
    parse_money,
)
from tracker.models import (
    STAGE_ORDER,
    Application,
    ApplicationCreate,
    CloseReason,
    Company,
    Level,
    RemoteMode,
    Source,
    Stage,
    Track,
    label,
)
from tracker.services import applications as app_service
from tracker.services.companies import get_or_create_company, name_key
from tracker.services.errors import ValidationError

__all__ = [
    "FIELD_LABELS",
    "ImportAborted",
    "ImportOptions",
    "ImportPlan",
    "ImportReport",
    "MappingError",
    "NewRow",
    "RowIssue",
    "describe_mapping",
    "is_rating_header",
    "execute_import",
    "plan_import",
    "status_text",
]

ErrorMode = Literal["skip", "abort"]
Progress = Callable[[int, int], None]

#: What each target field is called in the page and the CLI's printed mapping.
FIELD_LABELS: dict[str, str] = {
    "company": "Company",
    "role_title": "Role title",
    "stage_status": "Status / stage",
    "applied_on": "Applied date",
    "closed_on": "Closed date",
    "salary": "Salary (into notes)",
    "posting_url": "Posting URL",
    "notes": "Notes",
    "source": "Source",
    "location": "Location",
    "tier": "Interest tier",
    "level": "Level",
    "track": "Track",
    "referrer": "Referrer",
    "remote_mode": "Remote / on-site",
    "job_description": "Job description",
}
REQUIRED_FIELDS: tuple[str, ...] = ("company", "role_title")
_RATING_WORDS = frozenset({"excitement", "rating", "stars", "star"})


class MappingError(ValueError):
    """The column mapping cannot be used (a field twice, company or role missing...)."""


class ImportAborted(ValueError):
    """ "Abort on any error" was chosen and some rows have errors: nothing was written."""

    def __init__(self, plan: ImportPlan):
        self.plan = plan
        count = len(plan.errors)
        super().__init__(
            f"{count} row{'s' if count != 1 else ''} ha{'ve' if count != 1 else 's'} errors, "
            "so nothing was imported (you chose to abort on any error)."
        )


@dataclass(frozen=True)
class ImportOptions:
    """Everything the user decides about an import."""

    mapping: Mapping[str, str | None]  # file header -> target field (or None: ignored)
    status_overrides: Mapping[str, object] = field(default_factory=dict)
    year_for_yearless: int | None = None  # None: the year of ``today``
    dayfirst: bool = False
    on_error: ErrorMode = "skip"
    default_currency: str = "USD"
    today: date | None = None  # None: date.today() (tests pin it)

    @property
    def reference_day(self) -> date:
        return self.today or date.today()

    @property
    def year(self) -> int:
        return self.year_for_yearless or self.reference_day.year


@dataclass(frozen=True)
class RowIssue:
    """A row that will not be created: a duplicate or an error, with its line in the file."""

    line: int
    message: str
    company: str = ""
    role_title: str = ""


@dataclass(frozen=True)
class NewRow:
    """A row ready to be created through the services."""

    line: int
    company: str
    values: dict  # ApplicationCreate fields except company_id and stage
    stage: Stage
    close_reason: CloseReason | None
    closed_on: date | None
    status_text: str


@dataclass
class ImportPlan:
    """The preview: what an import with these options would do right now."""

    mapping: dict[str, str | None]
    total_rows: int
    rows: list[NewRow] = field(default_factory=list)
    duplicates: list[RowIssue] = field(default_factory=list)
    errors: list[RowIssue] = field(default_factory=list)
    unknown_statuses: dict[str, list[int]] = field(default_factory=dict)  # text -> lines
    statuses: dict[str, int] = field(default_factory=dict)  # every status text -> row count
    new_companies: list[str] = field(default_factory=list)

    @property
    def can_import(self) -> bool:
        return bool(self.rows)


@dataclass
class ImportReport:
    """What an import did."""

    created: int
    companies_created: int
    duplicates: list[RowIssue]
    skipped: list[RowIssue]  # error rows (skip mode), with the reason

    def summary(self) -> str:
        parts = [
            f"Imported {self.created} application{'s' if self.created != 1 else ''}",
            f"{self.companies_created} new compan{'ies' if self.companies_created != 1 else 'y'}",
            f"{len(self.duplicates)} duplicate{'s' if len(self.duplicates) != 1 else ''} skipped",
            f"{len(self.skipped)} row{'s' if len(self.skipped) != 1 else ''} with errors skipped",
        ]
        return ", ".join(parts) + "."


# ================================================================ mapping validation


def check_mapping(mapping: Mapping[str, str | None], headers: Iterable[str]) -> dict:
    """The mapping restricted to ``headers``; raises MappingError when it cannot be used."""
    headers = list(headers)
    used: dict[str, str] = {}
    clean: dict[str, str | None] = {}
    problems: list[str] = []
    for header in headers:
        target = mapping.get(header)
        if target is None or target == "":
            clean[header] = None
            continue
        if target not in TARGET_FIELDS:
            problems.append(f"“{header}” maps to an unknown field '{target}'.")
            continue
        if target in used:
            problems.append(
                f"“{used[target]}” and “{header}” both map to {FIELD_LABELS[target]}: pick one."
            )
            continue
        used[target] = header
        clean[header] = target
    unknown_headers = [h for h, t in mapping.items() if t and h not in headers]
    if unknown_headers:
        names = ", ".join(f"“{h}”" for h in unknown_headers)
        problems.append(f"The file has no column {names}.")
    for required in REQUIRED_FIELDS:
        if required not in used:
            problems.append(f"Pick the column that holds the {FIELD_LABELS[required].lower()}.")
    if problems:
        raise MappingError(" ".join(problems))
    return clean


def describe_mapping(mapping: Mapping[str, str | None]) -> list[str]:
    """One line per header: ``"Job Title -> Role title"`` or ``"Excitement -> (ignored)"``."""
    lines = []
    for header, target in mapping.items():
        shown = FIELD_LABELS.get(target, target) if target else "(ignored)"
        if target == "tier" and is_rating_header(header):
            shown += " (1-5 rating: 4-5 = tier 1, 3 = tier 2, 1-2 = tier 3)"
        lines.append(f"{header} -> {shown}")
    return lines


def status_text(mapping: StatusMapping | None) -> str:
    """``(technical, None)`` -> "Technical rounds"; with a reason, "Applied, closed: Ghosted"."""
    if mapping is None:
        return "(unknown)"
    stage, reason = mapping
    return label(stage) + (f", closed: {label(reason)}" if reason else "")


# ========================================================================= planning


def plan_import(*, session: Session, frame: pd.DataFrame, options: ImportOptions) -> ImportPlan:
    """Sort every row of ``frame`` into create / duplicate / error; writes nothing."""
    mapping = check_mapping(options.mapping, frame.columns)
    lines = _source_lines(frame)
    plan = ImportPlan(mapping=mapping, total_rows=len(frame))
    seen = _existing_keys(session)
    known_companies = _existing_company_keys(session)
    new_company_keys: set[str] = set()
    columns = {target: header for header, target in mapping.items() if target}
    records = frame[list(columns.values())].to_numpy(dtype=object) if columns else []
    fields = list(columns)
    status_header = columns.get("stage_status")
    for line, record in zip(lines, records, strict=True):
        cells = {name: str(value) for name, value in zip(fields, record, strict=True)}
        status = cells.get("stage_status", "")
        if status_header is not None and status:
            plan.statuses[status] = plan.statuses.get(status, 0) + 1
        try:
            row = _parse_row(line, cells, options, status_header)
        except _RowError as exc:
            plan.errors.append(
                RowIssue(line, str(exc), cells.get("company", ""), cells.get("role_title", ""))
            )
            if exc.unknown_status:
                plan.unknown_statuses.setdefault(status, []).append(line)
            continue
        key = (name_key(row.company), row.values["role_title"].casefold(), row.values["applied_on"])
        if key in seen:
            where = seen[key]
            plan.duplicates.append(
                RowIssue(
                    line,
                    "Already in the tracker (same company, role and applied date)."
                    if where is None
                    else f"Same company, role and applied date as line {where}.",
                    row.company,
                    row.values["role_title"],
                )
            )
            continue
        seen[key] = line
        plan.rows.append(row)
        company_key = name_key(row.company)
        if company_key not in known_companies and company_key not in new_company_keys:
            new_company_keys.add(company_key)
            plan.new_companies.append(row.company)
    return plan


def _source_lines(frame: pd.DataFrame) -> list[int]:
    lines = frame.attrs.get("source_rows")
    if lines is None or len(lines) != len(frame):
        return list(range(2, len(frame) + 2))  # a frame built by hand: header on line 1
    return [int(n) for n in lines]


def _existing_keys(session: Session) -> dict[tuple, int | None]:
    """(company key, role key, applied date) of every application in the database."""
    query = sa.select(Company.name_key, Application.role_title, Application.applied_on).join(
        Company, Company.id == Application.company_id
    )
    return {
        (company, (role or "").strip().casefold(), applied): None
        for company, role, applied in session.execute(query)
    }


def _existing_company_keys(session: Session) -> set[str]:
    return set(session.execute(sa.select(Company.name_key)).scalars())


class _RowError(ValueError):
    def __init__(self, messages: list[str], *, unknown_status: bool = False):
        super().__init__(" ".join(messages))
        self.unknown_status = unknown_status


def _parse_row(
    line: int, cells: dict[str, str], options: ImportOptions, status_header: str | None
) -> NewRow:
    """One row's cells -> a NewRow, or _RowError with every problem of the row."""
    errors: list[str] = []
    extra_notes: list[str] = []
    bad_text = [name for name, text in cells.items() if not _storable(text)]
    if bad_text:
        names = ", ".join(FIELD_LABELS[name] for name in bad_text)
        raise _RowError([f"{names}: contains characters that cannot be stored."])

    company = " ".join(cells.get("company", "").split())
    role = cells.get("role_title", "").strip()
    if not company:
        errors.append("Company is empty.")
    elif len(company) > 200:
        errors.append("Company: longer than 200 characters.")
    if not role:
        errors.append("Role title is empty.")

    failed: set[str] = set()

    def date_of(name: str) -> date | None:
        try:
            return parse_date(
                cells.get(name), year_for_yearless=options.year, dayfirst=options.dayfirst
            )
        except ValueError as exc:
            errors.append(f"{FIELD_LABELS[name]}: {exc}")
            failed.add(name)
            return None

    applied_on, closed_on = date_of("applied_on"), date_of("closed_on")
    errors.extend(_date_order_errors(applied_on, closed_on, options))

    status = cells.get("stage_status", "")
    mapped, unknown_status = _status_of(status, applied_on, status_header, options, errors)
    stage, reason = mapped if mapped else (Stage.applied, None)
    if mapped:
        shown = status or label(stage)
        if stage != Stage.wishlist and applied_on is None and "applied_on" not in failed:
            errors.append(
                f"No applied date for status “{shown}”: add the date you applied "
                "(response times are measured from it)."
            )
        if stage == Stage.wishlist and applied_on is not None:
            errors.append(f"Status “{shown}” is a wishlist status but the row has an applied date.")
        if closed_on is not None and reason is None:
            errors.append(f"The row has a closed date but its status “{shown}” is open.")

    salary_note = _salary_note(cells.get("salary", ""), options.default_currency, errors)
    if salary_note:
        extra_notes.append(salary_note)
    tier = _tier(cells.get("tier", ""), _header_for(options, "tier"), errors)
    source = _source(cells.get("source", ""), _header_for(options, "source"), extra_notes)
    track = _choice(cells.get("track", ""), _TRACK_WORDS, Track.ml_engineer, "Track", extra_notes)
    remote = _choice(cells.get("remote_mode", ""), _REMOTE_WORDS, None, "Work mode", extra_notes)
    level, level_label = _level(cells.get("level", ""))
    url = cells.get("posting_url", "").strip()
    if url.lower().startswith("www."):
        url = "https://" + url
    if url and not url.lower().startswith(("http://", "https://")):
        errors.append(f"Posting URL “{_short(url)}” must start with http:// or https://.")
    notes = "\n".join(part for part in [cells.get("notes", "").strip(), *extra_notes] if part)

    values = {
        "role_title": role,
        "applied_on": applied_on,
        "posting_url": url,
        "notes": notes,
        "source": source,
        "location": cells.get("location", "").strip(),
        "tier": tier,
        "level": level,
        "level_label": level_label,
        "track": track or Track.other,
        "referrer": cells.get("referrer", "").strip(),
        "remote_mode": remote,
        "job_description": cells.get("job_description", "").strip(),
    }
    if not errors:
        errors.extend(_model_errors(values, stage))
    if errors:
        raise _RowError(errors, unknown_status=unknown_status)
    return NewRow(line, company, values, stage, reason, closed_on, status)


def _header_for(options: ImportOptions, target: str) -> str | None:
    """The header mapped to ``target`` (star-rating and yes/no referral columns)."""
    return next((h for h, t in options.mapping.items() if t == target), None)


def _date_order_errors(
    applied_on: date | None, closed_on: date | None, options: ImportOptions
) -> list[str]:
    today, errors = options.reference_day, []
    if applied_on and applied_on > today:
        errors.append(
            f"Applied date {applied_on.isoformat()} is in the future "
            "(for dates without a year, check the year you chose)."
        )
    if closed_on and closed_on > today:
        errors.append(f"Closed date {closed_on.isoformat()} is in the future.")
    if closed_on and applied_on and closed_on < applied_on:
        errors.append("Closed date is before the applied date.")
    return errors


def _status_of(
    status: str,
    applied_on: date | None,
    status_header: str | None,
    options: ImportOptions,
    errors: list[str],
) -> tuple[StatusMapping | None, bool]:
    """(stage, close reason) of a row, or None; the flag says "unknown status"."""
    if status_header is None or not status:
        return (Stage.applied if applied_on else Stage.wishlist, None), False
    try:
        mapped = map_status(status, options.status_overrides)
    except ValueError as exc:  # a broken entry in the user's table for this text
        errors.append(f"Status “{status}”: {exc}")
        return None, False
    if mapped is None:
        errors.append(f"Unknown status “{status}”: choose a stage for it.")
        return None, True
    return mapped, False


def _storable(text: str) -> bool:
    """Text both SQLite and PostgreSQL accept: no NUL, encodable as UTF-8."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _model_errors(values: dict, stage: Stage) -> list[str]:
    """What the database would refuse mid-import (column lengths, enum values)."""
    errors = []
    columns = Application.__table__.columns
    for name, value in values.items():
        limit = getattr(columns[name].type, "length", None)
        if isinstance(value, str) and limit and len(value) > limit:
            shown = FIELD_LABELS.get(_MODEL_TO_FIELD.get(name, name), name)
            errors.append(f"{shown}: longer than {limit} characters.")
    if errors:
        return errors
    try:
        ApplicationCreate(company_id=0, stage=stage, **values)
    except pydantic.ValidationError as exc:
        return [f"{_field_of(error)}: {error['msg']}." for error in exc.errors()]
    return []


_MODEL_TO_FIELD = {"level_label": "level"}


def _field_of(error: dict) -> str:
    name = str(error["loc"][0]) if error.get("loc") else "_"
    name = _MODEL_TO_FIELD.get(name, name)
    return FIELD_LABELS.get(name, name)


# ------------------------------------------------------------------ cell converters


def _salary_note(text: str, default_currency: str, errors: list[str]) -> str:
    try:
        amount, currency = parse_money(text)
    except ValueError as exc:
        errors.append(f"Salary: {exc}")
        return ""
    if amount is None:
        return ""
    shown = f"{amount:,} {currency or default_currency}"
    raw = " ".join(text.split())
    return f"Salary: {shown}" + ("" if raw == str(amount) else f" (from “{raw}”)")


_TIER_WORDS = {
    "1": 1, "tier 1": 1, "t1": 1, "dream": 1, "dream job": 1, "high": 1,
    "2": 2, "tier 2": 2, "t2": 2, "good": 2, "medium": 2,
    "3": 3, "tier 3": 3, "t3": 3, "practice": 3, "low": 3,
}  # fmt: skip


def is_rating_header(header: str | None) -> bool:
    """Whether a column mapped to the tier is a 1-5 star rating (higher is better)."""
    return bool(header) and bool(_RATING_WORDS & set(normalise(header).split()))


def _tier(text: str, header: str | None, errors: list[str]) -> int:
    key = normalise(text)
    if not key:
        return 2
    if is_rating_header(header):
        stars = text.count("★") or (int(key) if key.isdigit() else None)
        if stars is None or not 1 <= stars <= 5:
            errors.append(f"Interest tier: “{_short(text)}” is not a rating from 1 to 5.")
            return 2
        return 1 if stars >= 4 else 2 if stars == 3 else 3
    if key in _TIER_WORDS:
        return _TIER_WORDS[key]
    errors.append(f"Interest tier: “{_short(text)}” is not 1 (dream), 2 (good) or 3 (practice).")
    return 2


def _choice(text: str, words: dict, default, name: str, notes: list[str]):
    """Map free text onto a choice list; unknown text -> None and kept as a note line."""
    key = normalise(text)
    if not key:
        return default
    if key in words:
        choice = words[key]
        if key not in (normalise(choice.value), normalise(label(choice))):
            notes.append(f"{name}: {text.strip()}")
        return choice
    notes.append(f"{name}: {text.strip()}")
    return None


def _words(table: dict) -> dict:
    return {normalise(text): value for value, texts in table.items() for text in texts}


_SOURCE_WORDS = _words(
    {
        Source.referral: ("referral", "referred", "employee referral", "friend", "ref"),
        Source.recruiter_inbound: (
            "recruiter inbound", "recruiter", "inbound", "headhunter", "agency",
            "recruiter reached out", "recruiter outreach", "linkedin recruiter",
        ),
        Source.cold_application: (
            "cold application", "cold apply", "cold", "applied online", "online",
            "job board", "linkedin", "LinkedIn", "indeed", "glassdoor", "company website",
            "website",
            "careers page", "career page", "direct", "wellfound", "angellist",
            "hacker news", "otta",
        ),
        Source.networking: (
            "networking", "networking event", "network", "event", "job fair",
            "career fair", "meetup", "conference", "hackathon", "alumni",
        ),
        Source.internal: ("internal", "internal transfer", "internal mobility"),
        Source.other: ("other",),
    }
)  # fmt: skip
_TRACK_WORDS = _words(
    {
        Track.ml_engineer: (
            "ml engineer", "mle", "machine learning engineer", "ml engineering",
            "machine learning", "ml",
        ),
        Track.data_scientist: ("data scientist", "data science", "ds"),
        Track.applied_scientist: (
            "applied scientist", "applied research scientist", "research scientist",
            "applied research", "research", "applied science",
        ),
        Track.other: ("other",),
    }
)  # fmt: skip
_REMOTE_WORDS = _words(
    {
        RemoteMode.remote: ("remote", "fully remote", "wfh", "work from home", "anywhere"),
        RemoteMode.hybrid: ("hybrid", "flexible"),
        RemoteMode.onsite: ("onsite", "on site", "in office", "office", "in person"),
    }
)  # fmt: skip
_LEVEL_WORDS = _words(
    {
        Level.intern: ("intern", "internship"),
        Level.junior: ("junior", "jr", "entry", "entry level", "graduate", "new grad"),
        Level.mid: ("mid", "mid level", "intermediate"),
        Level.senior: ("senior", "sr"),
        Level.staff: ("staff",),
        Level.principal: ("principal",),
        Level.manager: ("manager", "management", "engineering manager"),
    }
)  # fmt: skip
_YES = frozenset({"yes", "y", "true", "x", "1"})
_NO = frozenset({"no", "n", "false", "0"})


def _source(text: str, header: str | None, notes: list[str]) -> Source:
    """The source; a "Referral" column of yes/no means referral / not said (the default)."""
    if header and "referr" in normalise(header):
        key = normalise(text)
        if key in _YES:
            return Source.referral
        if key in _NO:
            return Source.cold_application
        if key and key not in _SOURCE_WORDS:  # a name: who referred you
            notes.append(f"Referral: {text.strip()}")
            return Source.referral
    return _choice(text, _SOURCE_WORDS, Source.cold_application, "Source", notes) or Source.other


def _level(text: str) -> tuple[Level | None, str]:
    key = normalise(text)
    if not key:
        return None, ""
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key], ""
    return None, text.strip()  # the company's own label (L5, E6, IC4...)


# ======================================================================== execution


def execute_import(
    *,
    session: Session,
    frame: pd.DataFrame,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportReport:
    """Plan again and create the rows, in the caller's transaction (see the module doc)."""
    plan = plan_import(session=session, frame=frame, options=options)
    if plan.errors and options.on_error == "abort":
        raise ImportAborted(plan)
    total = len(plan.rows)
    step = max(1, -(-total // 100))  # at most ~100 progress calls
    skipped = list(plan.errors)
    created = 0
    companies_before = _existing_company_keys(session)
    if progress:
        progress(0, total)
    for done, row in enumerate(plan.rows, start=1):
        try:
            with session.begin_nested():
                _create(session, row, options.reference_day)
            created += 1
        except ValidationError as exc:
            if options.on_error == "abort":
                raise
            skipped.append(RowIssue(row.line, str(exc), row.company, row.values["role_title"]))
        if progress and (done % step == 0 or done == total):
            progress(done, total)
    companies_created = len(_existing_company_keys(session) - companies_before)
    skipped.sort(key=lambda issue: issue.line)
    return ImportReport(created, companies_created, plan.duplicates, skipped)


def _create(session: Session, row: NewRow, today: date) -> Application:
    """One row through the services: company, application, stage history, closing."""
    company = get_or_create_company(session=session, name=row.company)
    first = (
        row.stage
        if row.close_reason is None
        else min(row.stage, Stage.applied, key=STAGE_ORDER.__getitem__)
    )
    app = app_service.create_application(
        session=session,
        data=ApplicationCreate(company_id=company.id, stage=first, **row.values),
    )
    if row.close_reason is None:
        return app
    on = row.closed_on or today
    if row.stage != first:
        app_service.move_stage(session=session, application_id=app.id, stage=row.stage, on=on)
    return app_service.close_application(
        session=session,
        application_id=app.id,
        reason=row.close_reason,
        on=on,
        note=f"Imported with status “{row.status_text}”." if row.status_text else "Imported.",
    )
