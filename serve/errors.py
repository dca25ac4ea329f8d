"""The one error an HTTP route raises: a status, a one-line reason, and headers to add."""
from __future__ import annotations

from http import HTTPStatus


class HttpError(Exception):
    """An answer other than success, with a plain-text reason (and e.g. Allow for 405)."""

    def __init__(self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
