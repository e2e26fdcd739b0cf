"""Validated writes and reads; each user action runs inside one ``db.session_scope()``.

Every function is keyword-only and takes the session first, like the crud module of
fastapi/full-stack-fastapi-template; none commits: the caller's ``session_scope`` does, once.
"""

from tracker.services import guards  # noqa: F401  (registers the before-flush checks)
from tracker.services.errors import NotFoundError, ValidationError

__all__ = ["NotFoundError", "ValidationError"]
