"""Read a report file into a `Document` (plain text for now; formats grow here)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from legalkg.ingest.errors import UnreadableDocument
from legalkg.ingest.model import Document


def read_document(path: Path | str) -> Document:
    """Decode `path` into a Document, or raise UnreadableDocument naming the reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(path, exc.strerror or str(exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableDocument(path, "not valid UTF-8 text") from None
    if not text.strip():
        raise UnreadableDocument(path, "empty document")
    return Document(
        name=path.name, text=text, path=str(path), sha256=hashlib.sha256(data).hexdigest()
    )
