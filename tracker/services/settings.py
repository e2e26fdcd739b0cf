"""User preferences stored in the database (``setting`` table), with typed defaults."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields

from sqlmodel import Session, select

from tracker.models import CloseReason, Setting, Stage
from tracker.services.errors import ValidationError

CURRENCIES: list[str] = [
    "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "INR", "SGD", "JPY", "SEK", "NOK", "DKK",
    "PLN", "CZK", "ILS", "BRL", "MXN", "CNY", "HKD", "NZD", "ZAR", "AED",
]  # fmt: skip


@dataclass(frozen=True)
class Settings:
    """Every preference a page needs, with its default."""

    ghosting_days: int = 14  # an open application with no event for this long looks ghosted
    inversion_min_rounds: int = 2  # rounds of a kind to do elsewhere before a tier-1 one
    overload_per_week: int = 4  # more interviews than this in one week is an overload
    default_currency: str = "USD"
    show_demo: bool = True  # include demo rows in the pages
    # the user's status table for imports: free text -> [stage, close reason or None]
    import_status_map: dict = field(default_factory=dict)


LIMITS: dict[str, tuple[int, int]] = {
    "ghosting_days": (1, 365),
    "inversion_min_rounds": (0, 20),
    "overload_per_week": (1, 50),
}


def get_settings(*, session: Session) -> Settings:
    """The stored settings, defaults filled in for anything not stored yet."""
    stored = {row.key: json.loads(row.value) for row in session.exec(select(Setting))}
    known = {f.name for f in fields(Settings)}
    return Settings(**{k: v for k, v in stored.items() if k in known})


def validate_settings(values: dict) -> None:
    errors: dict[str, str] = {}
    for key, (low, high) in LIMITS.items():
        if key in values:
            value = values[key]
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                errors[key] = f"Must be a whole number from {low} to {high}."
    if "default_currency" in values and values["default_currency"] not in CURRENCIES:
        errors["default_currency"] = "Unknown currency: pick a 3-letter ISO code from the list."
    if "import_status_map" in values:
        message = _status_map_error(values["import_status_map"])
        if message:
            errors["import_status_map"] = message
    unknown = set(values) - {f.name for f in fields(Settings)}
    if unknown:
        errors["_form"] = f"Unknown setting(s): {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)


def _status_map_error(value: object) -> str | None:
    """Why an import status table is invalid (None when it is fine)."""
    if not isinstance(value, dict):
        return "The status mapping must be a table of status text -> stage."
    for text, target in value.items():
        pair = target if isinstance(target, list | tuple) else None
        if not isinstance(text, str) or not text.strip() or pair is None or len(pair) != 2:
            return f"Status “{text}”: map it to a stage and an optional closing reason."
        stage, reason = pair
        if stage not in {s.value for s in Stage}:
            return f"Status “{text}”: '{stage}' is not a stage."
        if reason is not None and reason not in {r.value for r in CloseReason}:
            return f"Status “{text}”: '{reason}' is not a closing reason."
    return None


def update_settings(*, session: Session, **values) -> Settings:
    """Validate and store the given preferences; returns the new settings."""
    validate_settings(values)
    for key, value in values.items():
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=json.dumps(value)))
        else:
            row.value = json.dumps(value)
            session.add(row)
    session.flush()
    return get_settings(session=session)


def settings_dict(settings: Settings) -> dict:
    return asdict(settings)
