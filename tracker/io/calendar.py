"""Calendar export: scheduled rounds as an iCalendar (.ics, RFC 5545) file.

One VEVENT per dated round that is scheduled (``STATUS:CONFIRMED``) or cancelled
(``STATUS:CANCELLED``, so a calendar that imported it earlier marks it cancelled on the next
import). Each event carries the company, role, kind and duration. The UID is derived from
the round's id only (``round-<id>@job-search-tracker``), so exporting again gives the same
UIDs and a calendar updates its events instead of duplicating them; LAST-MODIFIED and
SEQUENCE follow the round's last edit so the newer copy wins.

Built with the ``icalendar`` package; takes the rounds frame of ``services.frames``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
from icalendar import Calendar, Event

from tracker.models import label

PRODID = "-//Job Search Tracker//Interview rounds//EN"
UID_DOMAIN = "job-search-tracker"
EXPORTED_STATUSES = {"scheduled": "CONFIRMED", "cancelled": "CANCELLED"}
# SEQUENCE must grow with every change: minutes since 2024-01-01 (small, monotonic)
SEQUENCE_EPOCH = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp()) // 60
TIER_WORDS = {1: "tier 1 (dream)", 2: "tier 2 (good)", 3: "tier 3 (practice)"}


def round_uid(round_id: int) -> str:
    """The stable UID of a round's event."""
    return f"round-{int(round_id)}@{UID_DOMAIN}"


def exportable_rounds(rounds: pd.DataFrame) -> pd.DataFrame:
    """The rounds that go into the file: dated, scheduled or cancelled, soonest first."""
    if rounds.empty:
        return rounds
    return rounds[_exported(rounds)].sort_values(["scheduled_at", "id"])


def exportable_count(rounds: pd.DataFrame) -> int:
    """How many rounds go into the file (``exportable_rounds``), without building the rows."""
    return int(_exported(rounds).sum()) if not rounds.empty else 0


def _exported(rounds: pd.DataFrame) -> pd.Series:
    """Which rounds go into the file: dated, scheduled or cancelled."""
    return rounds["status"].isin(list(EXPORTED_STATUSES)) & rounds["scheduled_at"].notna()


def _as_utc(value) -> datetime:
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return stamp.to_pydatetime()


def _description(row) -> str:
    lines = [
        f"Company: {row.company}",
        f"Role: {row.role_title}",
        f"Round: {row.kind_label}",
        f"Duration: {int(row.duration_minutes)} min",
        f"Format: {label(row.format)}",
    ]
    if getattr(row, "tier", None) in TIER_WORDS:
        lines.append(f"Interest: {TIER_WORDS[int(row.tier)]}")
    if row.interviewers:
        lines.append(f"Interviewers: {row.interviewers}")
    return "\n".join(lines)


def rounds_to_ics(
    rounds: pd.DataFrame,
    *,
    calendar_name: str = "Job search interviews",
    now: datetime | None = None,
) -> bytes:
    """The .ics file (bytes) of the exportable rounds; ``now`` is the DTSTAMP (default: now)."""
    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    for row in exportable_rounds(rounds).itertuples(index=False):
        start = _as_utc(row.scheduled_at)
        event = Event()
        event.add("uid", round_uid(row.id))
        event.add("dtstamp", stamp)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=int(row.duration_minutes)))
        event.add("summary", f"{row.kind_label}: {row.company} ({row.role_title})")
        event.add("description", _description(row))
        event.add("location", label(row.format))
        event.add("status", EXPORTED_STATUSES[row.status])
        event.add("categories", ["Interview", row.kind_label])
        if pd.notna(getattr(row, "updated_at", None)):
            modified = _as_utc(row.updated_at)
            event.add("last-modified", modified)
            event.add("sequence", max(0, int(modified.timestamp()) // 60 - SEQUENCE_EPOCH))
        cal.add_component(event)
    return cal.to_ical()
