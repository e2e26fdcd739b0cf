"""The one error the services raise for bad input: messages keyed by the field they are about."""

from __future__ import annotations


class ValidationError(ValueError):
    """Bad user input; ``errors`` maps a field name to a message a user understands."""

    def __init__(self, errors: dict[str, str] | str, field: str = "_form"):
        if isinstance(errors, str):
            errors = {field: errors}
        self.errors: dict[str, str] = dict(errors)
        super().__init__("; ".join(self.errors.values()))

    def for_field(self, field: str) -> str | None:
        """The message about ``field``, if any."""
        return self.errors.get(field)


class NotFoundError(LookupError):
    """The row an action refers to does not exist (any more)."""


def collect(checks: dict[str, str | None]) -> None:
    """Raise one ValidationError with every failed check (``field -> message or None``)."""
    errors = {field: message for field, message in checks.items() if message}
    if errors:
        raise ValidationError(errors)
