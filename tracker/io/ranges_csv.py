"""CSV export and import of the compensation range table (pure: bytes <-> rows).

Export (:func:`export_ranges_csv`): one row per range with the columns of
:data:`CSV_COLUMNS`; track and level are their stored values (``ml_engineer``, ``senior``)
so a file round-trips; money is whole numbers; ``as_of`` is ISO ``YYYY-MM-DD``; ``demo``
is ``yes`` for the demo campaign's example rows. The file is UTF-8 with a BOM (Excel
then reads "€" correctly) and spreadsheet-safe: a text cell starting with ``= + - @``
(or a tab / carriage return) is prefixed with ``'`` so no spreadsheet runs it as a formula.

Import (:func:`parse_ranges_csv`): any CSV / XLSX :func:`tracker.io.parsing.read_table`
reads (encoding and delimiter are detected). Headers are matched case- and
punctuation-insensitively ("Base p25", "base_p25"); track and level accept the stored
value or the label a user sees ("ML engineer", "Senior"); a leading ``'`` added by the
export's formula protection is removed. The rows come back as ``(line number, values)``
for :func:`tracker.services.ranges.import_ranges`, which validates and saves them all or
nothing; file-level problems (unreadable file, missing columns) raise
:class:`RangeCsvError`.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from tracker.io.parsing import neutralise_frame, parse_date, read_table
from tracker.models import LABELS, Level, Track

CSV_COLUMNS = (
    "track",
    "level",
    "location",
    "currency",
    "base_p25",
    "base_p50",
    "base_p75",
    "total_p25",
    "total_p50",
    "total_p75",
    "source",
    "as_of",
    "demo",
)
REQUIRED_COLUMNS = CSV_COLUMNS[:10]
"""Columns an imported file must have (source, as_of and demo are optional)."""

_PROTECTED = re.compile(r"^'(?=[=+\-@\t\r])")


class RangeCsvError(ValueError):
    """A file that cannot be imported as ranges; the message is meant for the user."""


def export_ranges_csv(ranges: pd.DataFrame) -> bytes:
    """The ranges frame (``frames.ranges_frame`` columns) as spreadsheet-safe CSV bytes."""
    out = pd.DataFrame(
        {
            **{column: ranges[column].astype("string").fillna("") for column in CSV_COLUMNS[:4]},
            **{column: ranges[column].astype("int64") for column in CSV_COLUMNS[4:10]},
            "source": ranges["source"].astype("string").fillna(""),
            "as_of": pd.to_datetime(ranges["as_of"]).dt.strftime("%Y-%m-%d").fillna(""),
            "demo": ranges["is_demo"].map({True: "yes", False: ""}).fillna(""),
        },
        columns=list(CSV_COLUMNS),
    )
    safe = neutralise_frame(
        out.astype({c: object for c in CSV_COLUMNS if c not in CSV_COLUMNS[4:10]})
    )
    return safe.to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


_HEADER_KEYS = {_key(column): column for column in CSV_COLUMNS} | {
    "isdemo": "demo",
    "asof": "as_of",
    "date": "as_of",
}


def _lookup(enum: type[Track] | type[Level]) -> dict[str, str]:
    table = {}
    for member in enum:
        table[_key(member.value)] = member.value
        table[_key(LABELS.get(member.value, member.value))] = member.value
    return table


_TRACKS, _LEVELS = _lookup(Track), _lookup(Level)


def _unprotect(cell: str) -> str:
    return _PROTECTED.sub("", cell)


def _date_cell(cell: str) -> str:
    """A date cell as ISO text when it reads as a date, else unchanged (validation reports it)."""
    try:
        parsed = parse_date(cell, year_for_yearless=date.today().year)
    except ValueError:
        return cell
    return parsed.isoformat() if parsed else ""


def _enum_cell(cell: str, table: dict[str, str]) -> str | None:
    return table.get(_key(cell)) if cell else None


def parse_ranges_csv(data: bytes, filename: str = "ranges.csv") -> list[tuple[int, dict[str, Any]]]:
    """Rows of a ranges file as ``(line number, values)``; values are raw for validation.

    Track and level become stored values (None when unknown, which validation reports);
    every other cell stays text (``""`` when empty); ``is_demo`` is True for ``demo`` cells
    saying yes / true / 1. Raises :class:`RangeCsvError` for an unreadable file or missing
    columns.
    """
    try:
        table = read_table(data, filename)
    except ValueError as exc:
        raise RangeCsvError(str(exc)) from None
    columns: dict[str, str] = {}
    for header in table.columns:
        target = _HEADER_KEYS.get(_key(str(header)))
        if target and target not in columns:
            columns[target] = header
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        raise RangeCsvError(
            "The file is missing the column(s) "
            + ", ".join(missing)
            + ". Export the table once to see the expected layout."
        )
    lines = table.attrs.get("source_rows") or list(range(2, len(table) + 2))
    rows: list[tuple[int, dict[str, Any]]] = []
    for line, record in zip(lines, table.to_dict("records"), strict=True):
        cells = {field: _unprotect(str(record[header])) for field, header in columns.items()}
        values: dict[str, Any] = {
            field: cells.get(field, "") for field in CSV_COLUMNS if field != "demo"
        }
        values["track"] = _enum_cell(cells["track"], _TRACKS) or (cells["track"] or None)
        values["level"] = _enum_cell(cells["level"], _LEVELS) or (cells["level"] or None)
        values["as_of"] = _date_cell(cells.get("as_of", ""))
        values["is_demo"] = cells.get("demo", "").strip().lower() in {"yes", "true", "1", "y"}
        rows.append((int(line), values))
    return rows
