"""The pure half of the importer: a file's bytes -> a table of strings -> typed values.

Nothing here touches the database or Streamlit; every function is deterministic, so the
import page can call them on each rerun and the tests can hammer them with random input.
Errors are user-readable: ``read_table`` raises :class:`ImportFormatError`, the value
parsers raise ``ValueError`` (``ImportFormatError`` is a ``ValueError`` too), both with a
message fit to show next to the offending file, cell or row.

Decisions
---------
Reading a file (:func:`read_table`)
    * XLSX is recognised by its zip signature or an ``.xlsx``/``.xlsm`` name and read with
      openpyxl (values, not formulas; first sheet unless one is named). Old binary ``.xls``
      is refused with a "save as .xlsx or CSV" message. Dates Excel formats as dates come
      out as ISO text; plain numbers lose a trailing ``.0`` (``120000.0`` -> ``"120000"``);
      a date typed as a number stays a serial (``"45421"``) and :func:`parse_date` reads it.
    * Anything else is CSV. Encoding: a UTF-16 BOM -> UTF-16 (Excel's "Unicode text");
      otherwise UTF-8 (BOM or not), then cp1252 (Windows Excel's "CSV"; a superset of
      Latin-1's printable range, so a Latin-1 ``é`` decodes the same), then Latin-1, which
      never fails. Text with NUL characters is refused as binary.
    * Delimiter: an Excel ``sep=;`` first line wins; otherwise each of ``, ; TAB |`` is
      tried on the first 64 KiB and the one whose rows most often have the header's width
      (at least 2 columns) wins, ties going to the wider header, then to that order.
    * The first non-blank row is the header. Blank rows are dropped; cells are stripped and
      their line breaks normalised to ``\\n``; rows are padded with ``""``. Extra cells to
      the right of the header get ``Column N`` headers (so no data is silently lost);
      blank header cells become ``Column N`` too; a repeated header gets `` (2)``, `` (3)``.
      Every cell is a ``str`` (``""`` when empty), the index is a plain ``RangeIndex``.
      ``df.attrs`` records ``format``, ``encoding``, ``delimiter``, ``sheet`` and
      ``source_rows`` (each data row's 1-based row number in the file, for messages).
    * An empty file (or only blank lines) is an error; a header with no rows is an empty
      frame that still has its columns.

Mapping columns (:func:`suggest_mapping`)
    Headers are compared after :func:`normalise` (camelCase split, accents, case,
    punctuation and underscores removed). An exact synonym beats a synonym found as whole
    words inside a longer header ("Salary (USD)"); longer partial matches beat shorter
    ones; then the field's preferred synonym; then the left-most column. Very short or
    ambiguous words (``date``, ``list``, ``base``, ``contact``, ``description``...) only
    match exactly. Each target field is used at most once. ``contact`` maps to
    ``referrer`` (the person who opened the door), at the lowest priority: a suggestion
    the user reviews. There is no ``saved_on`` target: "date saved" stays unmapped.

Statuses (:func:`map_status`)
    Only listed texts map; anything else is ``None`` (the user maps it, we never guess).
    A closing status keeps the furthest stage its text implies: "rejected" -> applied +
    rejected, "accepted" -> offer + offer_accepted. A bare "declined" is ambiguous (by
    the company or by the candidate?) and stays unmapped; so do "closed" and "archived".
    A leading list number ("2. Applied") is ignored. The user's overrides win.

Dates (:func:`parse_date`)
    ISO ``2024-05-09`` (and ``2024/05/09``, a time part, ``T``, ``Z`` or an offset: the
    time is dropped, no time-zone conversion: it is a calendar date), compact
    ``20240509``, numeric ``5/9/2024`` (month first unless ``dayfirst``; a day over 12
    decides it; dotted ``09.05.2024`` is day-first, the European convention), two-digit
    years (00-68 -> 20xx, 69-99 -> 19xx, like ``strptime``), English month names in either
    order with or without the year and weekday ("Thu, May 9th, 2024", "9-May-24",
    "May 9"), and Excel serial numbers of five digits (10000-99999, i.e. 1927-2173).
    A month without a day ("May 2024") is an error, not the 1st.

Money (:func:`parse_money`)
    Returns an integer of the major unit (rounded half up) and the ISO currency when a
    symbol or code was present (``$`` is USD, ``¥`` is JPY, ``kr`` is left unknown).
    Separators: with both ``,`` and ``.`` the last one is the decimal mark; one kind
    used several times is a thousands separator (``1.234.567`` -> 1234567); used once it
    is a thousands separator when exactly three digits follow and there is no ``k``/``M``
    suffix (``120,000``, ``95.500``), else a decimal mark (``95.5k``, ``1,5k``, ``120.50``).
    Spaces, non-breaking spaces and apostrophes between digit groups are thousands
    separators (``80 000``, ``150'000``). Thousands groups must be three digits.
    A range (``120k-140k``, ``120-140k``, ``120k to 140k``) gives its **midpoint**, a
    single number for a single field; a suffix on the high end alone applies to the low
    end when that keeps the range ordered. ``/yr``, ``per year``, ``p.a.``, ``gross``,
    ``base``, ``~``, a trailing ``+`` are ignored; hourly/monthly/daily rates are errors
    (we do not annualise). Amounts above 10**12 are errors.
    Empty cells and placeholders (``-``, ``n/a``, ``none``, ``tbd``, ``?``...) are "no
    value" for dates and money alike.

Export safety (:func:`neutralise_cell`, :func:`neutralise_frame`)
    Text starting with ``= + - @``, TAB or CR gets a leading ``'`` so a spreadsheet shows
    it instead of running it as a formula (OWASP "CSV injection"). Numbers, and text that
    is just a plain number (``"-5"``, ``"+3.5"``), are left alone.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from tracker.models import CloseReason, Stage

__all__ = [
    "DEFAULT_STATUS_MAP",
    "DELIMITERS",
    "FIELD_SYNONYMS",
    "HEADER_SYNONYMS",
    "TARGET_FIELDS",
    "ImportFormatError",
    "StatusMapping",
    "map_status",
    "neutralise_cell",
    "neutralise_frame",
    "normalise",
    "parse_date",
    "parse_money",
    "read_table",
    "sheet_names",
    "suggest_mapping",
]


class ImportFormatError(ValueError):
    """A file that cannot be read as a table; the message is meant for the user."""


# ======================================================================= reading files

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
EXCEL_SUFFIXES: tuple[str, ...] = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other OLE files)
_SNIFF_CHARS = 64 * 1024
_SEP_HINT = re.compile(r"sep=(.)[ \t]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class _Table:
    rows: list[list[str]]
    attrs: dict[str, Any]


def read_table(data: bytes, filename: str, *, sheet: str | None = None) -> pd.DataFrame:
    """Read a CSV or XLSX file's bytes into a DataFrame whose every cell is a ``str``.

    ``filename`` only steers the format (``.xlsx``, ``.xls``, ``.tsv``) and the messages;
    ``sheet`` picks a worksheet of a workbook by name (default: the first).
    Raises :class:`ImportFormatError` with a user-readable message.
    """
    label = f"'{filename}'" if filename else "The file"
    if not data.strip():
        raise ImportFormatError(f"{label} is empty: there is nothing to import.")
    suffix = filename.lower()
    if data.startswith(_ZIP_MAGIC) or suffix.endswith(EXCEL_SUFFIXES):
        table = _read_xlsx(data, sheet)
    elif data.startswith(_OLE_MAGIC) or suffix.endswith(".xls"):
        raise ImportFormatError(
            f"{label} is an old Excel .xls workbook, which is not supported: "
            "save it as .xlsx or CSV and import that."
        )
    else:
        table = _read_csv(data, label, prefer_tab=suffix.endswith(".tsv"))
    return _to_frame(table, label)


def sheet_names(data: bytes) -> list[str]:
    """The worksheet names of an XLSX workbook, in order (for a sheet picker)."""
    workbook = _open_workbook(data)
    try:
        return [ws.title for ws in workbook.worksheets]
    finally:
        workbook.close()


# ----------------------------------------------------------------------------- CSV


def _read_csv(data: bytes, label: str, *, prefer_tab: bool) -> _Table:
    text, encoding = _decode(data, label)
    if not text.strip():
        raise ImportFormatError(f"{label} is empty: there is nothing to import.")
    text, delimiter = _split_sep_hint(text)
    hint_rows: list[list[str]] = [] if delimiter is None else [[]]  # keeps row numbers true
    if delimiter is None:
        delimiter = _sniff_delimiter(text, prefer_tab=prefer_tab)
    try:
        rows = hint_rows + list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ImportFormatError(f"{label} could not be read as CSV: {exc}.") from exc
    attrs = {"format": "csv", "encoding": encoding, "delimiter": delimiter, "sheet": None}
    return _Table(rows, attrs)


def _decode(data: bytes, label: str) -> tuple[str, str]:
    """Decode text: UTF-16 if it has that BOM, else UTF-8 (BOM optional), cp1252, Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportFormatError(f"{label} claims to be UTF-16 text but is not.") from exc
    else:
        text, encoding = _decode_8bit(data)
    if "\x00" in text:
        raise ImportFormatError(
            f"{label} does not look like a CSV text file (it contains binary data): "
            "import a .csv or .xlsx file."
        )
    return text, encoding


def _decode_8bit(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _split_sep_hint(text: str) -> tuple[str, str | None]:
    """Honour Excel's optional ``sep=;`` first line."""
    match = _SEP_HINT.match(text)
    if match is None or match.group(1) in '\r\n"':
        return text, None
    return text[match.end() :], match.group(1)


def _sniff_delimiter(text: str, *, prefer_tab: bool = False) -> str:
    """The candidate delimiter that splits the sample into the most consistent rows."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rfind("\n")]  # never sniff a cut-off last line
    candidates = ("\t", *(d for d in DELIMITERS if d != "\t")) if prefer_tab else DELIMITERS
    best, best_score = candidates[0] if prefer_tab else ",", (-1.0, 0)
    for delimiter in candidates:
        score = _delimiter_score(sample, delimiter)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _delimiter_score(sample: str, delimiter: str) -> tuple[float, int]:
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error:
        return (-1.0, 0)
    if not rows or len(rows[0]) < 2:
        return (-1.0, 0)
    width = len(rows[0])
    share = sum(len(row) == width for row in rows) / len(rows)
    return (round(share, 3), width)


# ---------------------------------------------------------------------------- XLSX


def _open_workbook(data: bytes) -> Any:
    import openpyxl  # imported lazily: only workbooks need it

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles, validation...
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of errors on a bad file
        raise ImportFormatError(
            "This file could not be opened as an Excel workbook (.xlsx); "
            "it may be damaged, password-protected or another format. "
            "Try saving it again as .xlsx or CSV."
        ) from exc


def _read_xlsx(data: bytes, sheet: str | None) -> _Table:
    workbook = _open_workbook(data)
    try:
        worksheet = _pick_sheet(workbook, sheet)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rows = [
                [_excel_cell(value) for value in row]
                for row in worksheet.iter_rows(values_only=True)
            ]
    except ImportFormatError:
        raise
    except Exception as exc:
        raise ImportFormatError(
            "The workbook could not be read (it may be damaged): "
            "try saving it again as .xlsx or CSV."
        ) from exc
    finally:
        workbook.close()
    attrs = {"format": "xlsx", "encoding": None, "delimiter": None, "sheet": worksheet.title}
    return _Table(rows, attrs)


def _pick_sheet(workbook: Any, sheet: str | None) -> Any:
    worksheets = list(workbook.worksheets)
    if not worksheets:
        raise ImportFormatError("The workbook has no worksheets.")
    if sheet is None:
        return worksheets[0]
    for worksheet in worksheets:
        if worksheet.title == sheet:
            return worksheet
    names = ", ".join(f"'{ws.title}'" for ws in worksheets)
    raise ImportFormatError(f"The workbook has no sheet named '{sheet}' (it has {names}).")


def _excel_cell(value: object) -> str:
    """An openpyxl value as the text a user would expect to see."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# ------------------------------------------------------------------------- to frame


def _to_frame(table: _Table, label: str) -> pd.DataFrame:
    numbered = [
        (number, cleaned)
        for number, row in enumerate(table.rows, start=1)
        if any(cleaned := [_clean_cell(cell) for cell in row])
    ]
    if not numbered:
        raise ImportFormatError(f"{label} has no data: not even a header row.")
    (_, header), body = numbered[0], numbered[1:]
    width = max(_filled_width(row) for _, row in numbered)
    columns = _column_names([*header, *[""] * (width - len(header))][:width])
    rows = [[*row, *[""] * (width - len(row))][:width] for _, row in body]
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    frame.attrs.update(table.attrs, source_rows=[number for number, _ in body])
    return frame


def _clean_cell(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _filled_width(row: list[str]) -> int:
    """Index after the last non-empty cell (trailing empty cells do not count)."""
    for index in range(len(row), 0, -1):
        if row[index - 1]:
            return index
    return 0


def _column_names(header: list[str]) -> list[str]:
    """Whitespace-collapsed, non-empty, unique column names."""
    names: list[str] = []
    seen: set[str] = set()
    for position, raw in enumerate(header, start=1):
        base = " ".join(raw.split()) or f"Column {position}"
        name, copy = base, 2
        while name in seen:
            name, copy = f"{base} ({copy})", copy + 1
        seen.add(name)
        names.append(name)
    return names


# ==================================================================== mapping columns

TARGET_FIELDS: tuple[str, ...] = (
    "company",
    "role_title",
    "stage_status",
    "applied_on",
    "closed_on",
    "salary",
    "posting_url",
    "notes",
    "source",
    "location",
    "tier",
    "level",
    "track",
    "referrer",
    "remote_mode",
    "job_description",
)

#: Field -> header synonyms, the preferred first (Huntr, Teal, JobSync, home-made sheets).
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "company": (
        "company", "company name", "employer", "employer name", "organisation",
        "organization", "organisation name", "organization name", "org", "firm",
    ),
    "role_title": (
        "job title", "role", "title", "position", "job post title", "role title",
        "position title", "job position", "job role", "job name", "job", "opening",
    ),
    "stage_status": (
        "status", "stage", "application status", "current status", "list", "state",
        "pipeline stage", "current stage", "job status", "progress",
    ),
    "applied_on": (
        "date applied", "applied on", "applied", "application date", "initial app date",
        "applied date", "date of application", "date submitted", "submitted on",
        "submitted", "applied at", "date",
    ),
    "closed_on": (
        "date closed", "closed on", "closed", "close date", "closed date",
        "rejection date", "date rejected", "rejected on", "decision date", "end date",
    ),
    "salary": (
        "salary", "base salary", "base", "total comp", "total compensation", "tc",
        "compensation", "comp", "salary range", "pay range", "salary rate", "pay",
        "expected salary", "target salary", "salary expectation", "wage",
    ),
    "posting_url": (
        "url", "job post url", "job url", "job link", "posting url", "link", "posting",
        "job posting", "job posting url", "job post", "listing", "job listing",
        "application link", "application url",
    ),
    "notes": (
        "notes", "note", "comments", "comment", "remarks", "my notes", "thoughts",
        "personal notes",
    ),
    "source": (
        "source", "via", "referral", "how found", "how did you find", "how did you find it",
        "found via", "found on", "found through", "application source", "job source",
        "lead source", "channel", "job board", "platform",
    ),
    "location": (
        "location", "city", "job location", "office location", "office", "country",
        "region",
    ),
    "tier": (
        "tier", "interest tier", "interest", "interest level", "priority", "excitement",
        "rating", "stars",
    ),
    "level": (
        "level", "seniority", "job level", "seniority level", "level targeted",
        "target level", "career level", "experience level", "grade",
    ),
    "track": (
        "track", "career track", "role type", "job family", "role family", "discipline",
        "function",
    ),
    "referrer": (
        "referrer", "referred by", "referral name", "referral contact", "referrer name",
        "contact person", "contact name", "contact",
    ),
    "remote_mode": (
        "remote mode", "remote", "work mode", "workplace type", "location type",
        "work type", "remote hybrid onsite", "remote onsite", "onsite remote",
        "remote or onsite", "work arrangement", "work model", "work setup", "workplace",
    ),
    "job_description": (
        "job description", "description", "jd", "job desc", "role description",
        "job details", "posting text",
    ),
}  # fmt: skip

# One-word synonyms that may also match inside a longer header ("Salary (USD)", "City /
# country"). Other one-word synonyms are too ambiguous ("date", "list", "contact") and
# only match a header that is exactly them; multi-word synonyms always may.
_PARTIAL_WORDS = frozenset(
    {
        "company", "employer", "organisation", "organization", "title", "position",
        "status", "stage", "applied", "closed", "salary", "compensation", "url", "notes",
        "comments", "source", "location", "city", "tier", "priority", "excitement",
        "seniority", "level", "track", "referrer", "remote", "workplace",
    }
)  # fmt: skip


def _synonym_table() -> dict[str, tuple[str, int]]:
    table: dict[str, tuple[str, int]] = {}
    for field, synonyms in FIELD_SYNONYMS.items():
        for rank, synonym in enumerate(synonyms):
            key = normalise(synonym)
            if key in table:
                raise AssertionError(f"synonym {key!r} listed twice")  # caught by tests
            table[key] = (field, rank)
    return table


def normalise(text: str) -> str:
    """A case-, accent- and punctuation-blind key: ``"Date_Applied?"`` -> ``"date applied"``.

    camelCase is split (``jobTitle`` -> ``job title``); letters of any script are kept.
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
    decomposed = unicodedata.normalize("NFKD", spaced)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", bare.casefold()).split())


_SYNONYMS: dict[str, tuple[str, int]] = _synonym_table()

#: Normalised header text -> target field (the lookup behind :func:`suggest_mapping`).
HEADER_SYNONYMS: dict[str, str] = {key: field for key, (field, _) in _SYNONYMS.items()}


def _header_candidates(header: str) -> list[tuple[tuple[int, int, int], str]]:
    """(score, field) pairs for one header; a higher score is a better match."""
    key = normalise(header)
    if key in _SYNONYMS:
        field, rank = _SYNONYMS[key]
        return [((2, len(key.split()), -rank), field)]
    padded = f" {key} "
    found = []
    for synonym, (field, rank) in _SYNONYMS.items():
        words = synonym.split()
        partial_ok = len(words) > 1 or synonym in _PARTIAL_WORDS
        if partial_ok and f" {synonym} " in padded:
            found.append(((1, len(words), -rank), field))
    return found


def suggest_mapping(headers: Iterable[str]) -> dict[str, str | None]:
    """Suggest a target field (or ``None``) for each header; each field is used once.

    Candidates are assigned best first: exact synonym before partial, more matched words
    before fewer, the field's preferred synonym first, then the left-most header.
    """
    names = list(dict.fromkeys(headers))
    candidates = sorted(
        (
            (score, -position, field)
            for position, header in enumerate(names)
            for score, field in _header_candidates(header)
        ),
        reverse=True,
    )
    mapping: dict[str, str | None] = dict.fromkeys(names)
    used: set[str] = set()
    for _, negative_position, field in candidates:
        header = names[-negative_position]
        if mapping[header] is None and field not in used:
            mapping[header] = field
            used.add(field)
    return mapping


# ========================================================================== statuses

StatusMapping = tuple[Stage, CloseReason | None]

_STATUS_TEXTS: dict[StatusMapping, tuple[str, ...]] = {
    (Stage.wishlist, None): (
        "wishlist", "wish list", "saved", "bookmarked", "bookmark", "interested",
        "to apply", "not applied", "not yet applied", "prospect", "researching",
        "planned", "backlog", "idea",
    ),
    (Stage.applied, None): (
        "applied", "applying", "application sent", "application submitted", "submitted",
        "sent", "in review", "under review", "waiting", "pending", "awaiting response",
    ),
    (Stage.recruiter_screen, None): (
        "phone screen", "phone screen done", "phone screening", "phone call",
        "phone interview", "recruiter call", "recruiter screen", "recruiter screening",
        "screening", "screening call", "screen", "hr call", "hr screen", "hr interview",
        "intro call", "initial call", "first call",
    ),
    (Stage.hiring_manager, None): (
        "hiring manager", "hiring manager call", "hiring manager interview",
        "hiring manager screen", "hm call", "hm interview", "hm screen",
        "manager interview",
    ),
    (Stage.technical, None): (
        "interviewing", "interview", "interviews", "in progress", "technical",
        "technical interview", "technical screen", "tech screen", "tech interview",
        "coding interview", "coding challenge", "take home", "take home assignment",
        "assignment", "assessment", "online assessment", "case study",
        "2nd interview", "second interview",
    ),
    (Stage.final, None): (
        "onsite", "on site", "virtual onsite", "final", "final round", "final interview",
        "final rounds", "loop", "interview loop", "superday", "team match",
    ),
    (Stage.offer, None): (
        "offer", "offer received", "offered", "got offer", "negotiating", "negotiation",
        "offer stage",
    ),
    (Stage.applied, CloseReason.rejected): (
        "rejected", "rejection", "declined by company", "company declined", "no",
        "not selected", "not moving forward", "unsuccessful", "turned down", "denied",
        "position filled", "role filled", "dinged",
    ),
    (Stage.applied, CloseReason.ghosted): (
        "ghosted", "timed out", "no response", "no reply", "no answer", "never heard back",
        "no news",
    ),
    (Stage.applied, CloseReason.withdrew): (
        "withdrawn", "withdrew", "withdraw", "withdrew application", "pulled out",
    ),
    (Stage.offer, CloseReason.offer_accepted): (
        "accepted", "offer accepted", "accepted offer", "hired", "signed",
    ),
    (Stage.offer, CloseReason.offer_declined): (
        "declined offer", "offer declined", "turned down offer", "rejected offer",
        "offer rejected",
    ),
}  # fmt: skip

#: Normalised status text -> (stage, close reason); the default the user's table extends.
DEFAULT_STATUS_MAP: dict[str, StatusMapping] = {
    normalise(text): mapping for mapping, texts in _STATUS_TEXTS.items() for text in texts
}

_LIST_NUMBER = re.compile(r"^[0-9]{1,2} (?=\D)")


def _status_keys(text: str) -> list[str]:
    """The normalised text, and the same without a leading list number ("2. Applied")."""
    key = normalise(text)
    stripped = _LIST_NUMBER.sub("", key)
    return [key] if stripped == key else [key, stripped]


def _coerce_status(value: object) -> StatusMapping | None:
    """An override value: a stage, or a (stage, close reason) pair, as enums or strings."""
    if value is None:
        return None
    pair = tuple(value) if isinstance(value, tuple | list) else (value, None)
    try:
        stage, reason = pair
        return Stage(stage), (CloseReason(reason) if reason else None)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Not a valid status mapping: {value!r}.") from exc


def map_status(
    text: str | None, overrides: Mapping[str, object] | None = None
) -> StatusMapping | None:
    """Map free-text status to ``(stage, close_reason)``, or ``None`` when unknown.

    ``overrides`` (the user's table; keys are free text, normalised here; values a stage
    or a ``(stage, close_reason)`` pair, as enums or their string values, or ``None`` to
    force "unknown") win over :data:`DEFAULT_STATUS_MAP`. Nothing is ever guessed.
    """
    if not text or not normalise(text):
        return None
    user = {normalise(key): value for key, value in (overrides or {}).items()}
    for key in _status_keys(text):
        if key in user:
            return _coerce_status(user[key])
        if key in DEFAULT_STATUS_MAP:
            return DEFAULT_STATUS_MAP[key]
    return None


# ======================================================================== placeholders

_PLACEHOLDERS = frozenset(
    {"", "-", "--", "---", "—", "–", "n/a", "na", "n.a.", "none", "null", "nan", "nil",
     "tbd", "tbc", "?", "??", "unknown", "not specified"}
)  # fmt: skip


def _is_blank(text: str) -> bool:
    return text.strip().casefold() in _PLACEHOLDERS


# ============================================================================= dates

_TIME = (
    r"(?:[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?"
)
_YMD = re.compile(rf"(\d{{4}})([-/.])(\d{{1,2}})\2(\d{{1,2}}){_TIME}", re.ASCII | re.I)
_DMY = re.compile(rf"(\d{{1,2}})([-/.])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}", re.ASCII | re.I)
_COMPACT = re.compile(r"((?:19|20)\d{2})(\d{2})(\d{2})", re.ASCII)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?", re.ASCII)
_NAMED_CHARS = re.compile(r"[A-Za-z0-9\s,./-]+")
_TRAILING_TIME = re.compile(
    r"(?:\s+|\s*,\s*|T)\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?$", re.ASCII | re.I
)
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, past Excel's 1900 leap bug

_MONTHS: dict[str, int] = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_IGNORED_WORDS = frozenset(
    {"mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur",
     "thurs", "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
     "st", "nd", "rd", "th", "of", "the"}
)  # fmt: skip


def parse_date(text: str | None, *, year_for_yearless: int, dayfirst: bool = False) -> date | None:
    """Parse a date cell; ``None`` when empty, ``ValueError`` when not a date.

    ``year_for_yearless`` completes "May 9"; ``dayfirst`` settles 5/9/2024 (a day over 12
    settles it without the flag). See the module docstring for the accepted forms.
    """
    if text is None or _is_blank(text):
        return None
    raw = " ".join(text.split())
    for attempt in (_iso_date, _compact_date, _serial_date):
        found = attempt(raw)
        if found is not None:
            return found
    found = _numeric_date(raw, dayfirst=dayfirst) or _named_date(raw, year_for_yearless)
    if found is None:
        raise ValueError(f"Not a date: {raw!r} (use e.g. 2024-05-09, 5/9/2024 or 9 May 2024).")
    return found


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"Not a valid date: {raw!r} (no such day).") from exc


def _iso_date(raw: str) -> date | None:
    match = _YMD.fullmatch(raw)
    if match is None:
        return None
    return _make_date(int(match[1]), int(match[3]), int(match[4]), raw)


def _compact_date(raw: str) -> date | None:
    match = _COMPACT.fullmatch(raw)
    if match is None:
        return None
    return _make_date(int(match[1]), int(match[2]), int(match[3]), raw)


def _serial_date(raw: str) -> date | None:
    if _SERIAL.fullmatch(raw) is None:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(float(raw)))


def _two_digit_year(text: str) -> int:
    year = int(text)
    if len(text) != 2:
        return year
    return 2000 + year if year < 69 else 1900 + year


def _numeric_date(raw: str, *, dayfirst: bool) -> date | None:
    match = _DMY.fullmatch(raw)
    if match is None:
        return None
    first, second, year = int(match[1]), int(match[3]), _two_digit_year(match[4])
    if first > 12 and second > 12:
        raise ValueError(f"Not a valid date: {raw!r} (neither number can be the month).")
    if first > 12:
        day_first = True
    elif second > 12:
        day_first = False
    else:
        day_first = dayfirst or match[2] == "."
    day, month = (first, second) if day_first else (second, first)
    return _make_date(year, month, day, raw)


def _named_date(raw: str, year_for_yearless: int) -> date | None:
    """English month names: "9 May 2024", "May 9, 2024", "Thu 9th of May", "9-May-24"."""
    bare = _TRAILING_TIME.sub("", raw)
    if _NAMED_CHARS.fullmatch(bare) is None:
        return None
    tokens = [t for t in re.findall(r"[a-z]+|[0-9]+", bare.casefold()) if t not in _IGNORED_WORDS]
    words = [t for t in tokens if t.isalpha()]
    numbers = [t for t in tokens if not t.isalpha()]
    if len(words) != 1 or words[0] not in _MONTHS or not 1 <= len(numbers) <= 2:
        return None
    month = _MONTHS[words[0]]
    if len(numbers) == 1:
        if len(numbers[0]) > 2:
            raise ValueError(f"Not a full date: {raw!r} has no day of the month.")
        return _make_date(year_for_yearless, month, int(numbers[0]), raw)
    long_ones = [n for n in numbers if len(n) > 2]
    if len(long_ones) > 1 or (long_ones and len(long_ones[0]) != 4):
        return None
    day_text, year_text = (
        (next(n for n in numbers if n not in long_ones), long_ones[0])
        if long_ones
        else (numbers[0], numbers[1])
    )
    return _make_date(_two_digit_year(year_text), month, int(day_text), raw)


# ============================================================================= money

MAX_AMOUNT = 10**12

_CURRENCY_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("US$", "USD"), ("CA$", "CAD"), ("AU$", "AUD"), ("NZ$", "NZD"), ("HK$", "HKD"),
    ("C$", "CAD"), ("A$", "AUD"), ("S$", "SGD"), ("R$", "BRL"), ("$", "USD"),
    ("€", "EUR"), ("£", "GBP"), ("¥", "JPY"), ("₹", "INR"), ("₩", "KRW"), ("₪", "ILS"),
    ("₺", "TRY"), ("₽", "RUB"), ("zł", "PLN"),
)  # fmt: skip
ISO_CURRENCIES = frozenset(
    {"USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "JPY", "CNY", "HKD", "SGD", "INR",
     "KRW", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF", "RON", "BGN", "TRY", "ILS",
     "AED", "SAR", "QAR", "ZAR", "BRL", "MXN", "ARS", "CLP", "COP", "TWD", "THB", "MYR",
     "IDR", "PHP", "VND", "UAH", "RUB", "EGP", "NGN", "KES", "PKR"}
)  # fmt: skip
_CODE = re.compile(r"(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])")
_KRONA = re.compile(r"(?<![A-Za-z])kr\.?(?![A-Za-z])", re.I)
_PERIOD_WRONG = re.compile(
    r"(?:/|\bper\b|\ban?\b)\s*(?:hour|hr|h|month|mo|mth|week|wk|day|d)\b"
    r"|\b(?:hourly|monthly|weekly|daily)\b",
    re.I,
)
_PERIOD_YEAR = re.compile(
    r"(?:/|\bper\b|\ban?\b)\s*(?:year|yr|y|annum)\b|\bp\.?\s?a\b\.?|\bannual(?:ly)?\b"
    r"|\byearly\b|\bgross\b|\bbase\b",
    re.I,
)
_APPROX = re.compile(r"^(?:~|≈|approx\.?|circa|ca\.?|c\.)\s*|\s*\+$", re.I)
_RANGE_SPLIT = re.compile(r"\s*(?:-|–|—|\bto\b)\s*", re.I)
_DIGIT_GROUP_GAP = re.compile(r"(?<=\d)[\s'’](?=\d{3}(?!\d))")
_AMOUNT = re.compile(r"(\d+(?:[.,]\d+)*)\s*(k|thousand|m|mm|mn|mio|million)?", re.ASCII | re.I)
_MULTIPLIERS = {"k": 1000, "thousand": 1000} | dict.fromkeys(
    ("m", "mm", "mn", "mio", "million"), 1_000_000
)


def parse_money(text: str | None) -> tuple[int | None, str | None]:
    """Parse a salary cell into ``(amount in major units, ISO currency or None)``.

    Empty or placeholder -> ``(None, None)``; a range -> its midpoint; garbage ->
    ``ValueError``. See the module docstring for the separator heuristics.
    """
    if text is None or _is_blank(text):
        return None, None
    raw = " ".join(text.split())
    body, currency = _take_currency(raw)
    if _PERIOD_WRONG.search(body):
        raise ValueError(f"Only yearly amounts can be imported: {raw!r} is not per year.")
    body = _APPROX.sub("", _PERIOD_YEAR.sub(" ", body).strip()).strip()
    parts = _RANGE_SPLIT.split(body)
    if len(parts) > 2:
        raise ValueError(f"Not an amount: {raw!r}.")
    amounts = [_parse_amount(part, raw) for part in parts]
    value = _combine_range(amounts, raw)
    if value > MAX_AMOUNT:
        raise ValueError(f"Amount too large to be a salary: {raw!r}.")
    return int(value.to_integral_value(rounding=ROUND_HALF_UP)), currency


def _take_currency(raw: str) -> tuple[str, str | None]:
    """Remove currency symbols and codes; return the rest and the one currency found."""
    body, found = raw, set()
    for symbol, code in _CURRENCY_SYMBOLS:
        if symbol in body:
            found.add(code)
            body = body.replace(symbol, " ")

    def take_code(match: re.Match[str]) -> str:
        word = match[0].upper()
        if word not in ISO_CURRENCIES:
            return match[0]
        found.add(word)
        return " "

    body = _CODE.sub(take_code, body)
    body = _KRONA.sub(" ", body)  # kr: SEK, NOK, DKK or ISK; the currency stays unknown
    if len(found) > 1:
        raise ValueError(f"Several currencies in one amount: {raw!r}.")
    return body.strip(), (found.pop() if found else None)


def _parse_amount(part: str, raw: str) -> tuple[Decimal, int | None]:
    """One number with an optional k/M suffix -> (value, multiplier if a suffix was used)."""
    match = _AMOUNT.fullmatch(_DIGIT_GROUP_GAP.sub("", part.strip()))
    if match is None:
        raise ValueError(f"Not an amount: {raw!r} (expected e.g. $120,000 or 120k).")
    multiplier = _MULTIPLIERS[match[2].lower()] if match[2] else None
    number = _to_decimal(match[1], scaled=multiplier is not None, raw=raw)
    return number * (multiplier or 1), multiplier


def _to_decimal(number: str, *, scaled: bool, raw: str) -> Decimal:
    """Resolve thousands separators and the decimal mark (see the module docstring)."""
    if "," in number and "." in number:
        mark = "," if number.rfind(",") > number.rfind(".") else "."
        whole, _, fraction = number.rpartition(mark)
        if mark in whole:
            raise ValueError(f"Not an amount: {raw!r} (two decimal marks).")
        return Decimal(_ungroup(whole, "." if mark == "," else ",", raw) + "." + fraction)
    for separator in ",.":
        groups = number.split(separator)
        if len(groups) == 1:
            continue
        if len(groups) > 2 or (len(groups[1]) == 3 and not scaled):
            return Decimal(_ungroup(number, separator, raw))
        return Decimal(f"{groups[0]}.{groups[1]}")
    return Decimal(number)


def _ungroup(number: str, separator: str, raw: str) -> str:
    groups = number.split(separator)
    if len(groups[0]) > 3 or any(len(group) != 3 for group in groups[1:]):
        raise ValueError(f"Not an amount: {raw!r} (thousands come in groups of three).")
    return "".join(groups)


def _combine_range(amounts: list[tuple[Decimal, int | None]], raw: str) -> Decimal:
    if len(amounts) == 1:
        return amounts[0][0]
    (low, low_multiplier), (high, high_multiplier) = amounts
    if low_multiplier is None and high_multiplier and low * high_multiplier <= high:
        low *= high_multiplier
    if low > high:
        raise ValueError(f"Not a range: {raw!r} (the low end is above the high end).")
    return (low + high) / 2


# ===================================================================== export safety

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?", re.ASCII)


def neutralise_cell(value: object) -> object:
    """Prefix ``'`` to text a spreadsheet would run as a formula; anything else unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_STARTS)
        and _PLAIN_NUMBER.fullmatch(value) is None
    ):
        return "'" + value
    return value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every text cell and column name neutralised."""
    safe = frame.rename(columns=neutralise_cell)
    for position in range(safe.shape[1]):
        column = safe.iloc[:, position]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            safe.isetitem(position, column.map(neutralise_cell))
    return safe
