"""Read a report file into a `Document`: plain text in any common Chinese or Unicode encoding,
HTML or a web archive (.mht, Word "web page" .doc) with the main text only, PDF (text layer)
or DOCX, recognised by content rather than extension.

`Document.text` is the text as decoded or extracted, unnormalised: evidence offsets index into
it. Every problem is an `UnreadableDocument` naming the file and the reason.
"""
from __future__ import annotations

import codecs
import errno
import hashlib
import os
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from legalkg.ingest import formats
from legalkg.ingest.decode import DecodeError, Decoded, decode_report
from legalkg.ingest.errors import UnreadableDocument
from legalkg.ingest.model import Document

MAX_FILE_BYTES = 512 * 1024 * 1024
STREAM_BYTES = 32 * 2**20  # a plain-text report larger than this is read as a stream, never whole
_STREAM_BLOCK = 8 * 2**20
_STREAM_CODECS = ("utf-8", "gb18030", "big5hkscs", "cp950")  # no byte-order mark, no state across blocks
_ESCAPED = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Zs", "Cs", "Co", "Cn", "Mn", "Me"})

_OS_REASONS = {
    errno.ENOENT: "no such file (moved or deleted?)",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "symbolic link loop",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "no such file (a parent is not a folder)",
    errno.EIO: "input/output error",
}


def printable(text: str) -> str:
    """`text` with control, line-separator and format (bidi) characters escaped, so that a
    file name or a parser's message stays on one honest stderr line."""
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in _ESCAPED else c for c in text
    )


# Report files that differ only by one of these extensions are different reports (the same
# report as PDF and DOCX, or two drafts); their IRIs keep the extension.
REPORT_SUFFIXES = ("", ".txt", ".text", ".md", ".pdf", ".docx", ".doc", ".html", ".htm", ".xhtml", ".mht", ".mhtml")


def shares_stem(path: Path) -> bool:
    """True when a sibling of `path` has the same name but for a report extension."""
    suffix = path.suffix.lower()
    return any(os.path.lexists(path.with_name(path.stem + other)) for other in REPORT_SUFFIXES
               if other != suffix and (other or path.stem))


def file_name(path: Path) -> str:
    """The name of `path` as text: a name that is not UTF-8 on disk (a GBK name from a Windows
    archive) is decoded as GB18030 when it is that, else its bad bytes are shown as escapes."""
    name = path.name
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        raw = os.fsencode(name)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def os_reason(exc: OSError) -> str:
    """A short reason for an OS error, in the words the CLI prints."""
    return _OS_REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file (no FIFOs or devices, which could block or never end),
    refusing files larger than MAX_FILE_BYTES before reading them."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise UnreadableDocument(path, os_reason(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableDocument(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableDocument(path, "not a regular file (device, pipe or socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise UnreadableDocument(path, f"file too large ({info.st_size // 2**20} MB; limit {MAX_FILE_BYTES // 2**20} MB)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(info.st_size + 1)  # read(n) allocates n bytes first: not MAX_FILE_BYTES
    except OSError as exc:
        raise UnreadableDocument(path, os_reason(exc)) from None
    finally:
        os.close(fd)


def has_visible_text(text: str) -> bool:
    """True when `text` has a character that shows: not only spaces, line breaks, controls and
    invisible format characters (zero-width spaces, joiners, byte-order marks)."""
    return any(not c.isspace() and unicodedata.category(c) not in _INVISIBLE for c in text)


def document_text(data: bytes) -> tuple[str, str, Decoded]:
    """(text, media type, how it was decoded) of a report's bytes; raises FormatError or
    DecodeError."""
    kind = formats.sniff(data)
    if kind == formats.PDF:
        return formats.pdf_text(data), kind, Decoded("", "binary")
    if kind == formats.DOCX:
        return formats.docx_text(data), kind, Decoded("", "binary")
    if kind == formats.MHTML:
        html, charset = formats.mhtml_html(data)
        decoded = decode_report(html, charset or formats.declared_charset(html))
        return formats.html_text(decoded.text), formats.HTML, decoded
    hint = formats.declared_charset(data) if b"<" in data[:4096] else None
    decoded = decode_report(data, hint)
    if formats.is_html(decoded.text):
        return formats.html_text(decoded.text), formats.HTML, decoded
    if hint is not None and decoded.warning and decoded.warning.startswith("declared"):
        decoded = decoded._replace(warning=None)  # a charset in a text file's prose declares nothing
    return decoded.text, formats.TEXT, decoded


def read_document(path: Path | str) -> Document:
    """Decode `path` into a Document, or raise UnreadableDocument naming the reason."""
    path = Path(path)
    data = read_bytes(path)
    if not data:
        raise UnreadableDocument(path, "empty file")
    syntax = formats.rdf_syntax(data, path.name)
    if syntax is not None:
        raise UnreadableDocument(path, f"{syntax} linked data, not a report: load it with `legalkg load`")
    try:
        text, media_type, decoded = document_text(data)
    except (formats.FormatError, DecodeError) as exc:
        raise UnreadableDocument(path, printable(str(exc))) from None
    if not has_visible_text(text):  # (not text.strip(), which copies the text)
        if media_type != formats.TEXT:
            raise UnreadableDocument(path, "no text found")
        raise UnreadableDocument(path, "no text (only whitespace)" if not text or text.isspace()
                                 else "no text (only invisible characters)")
    return Document(
        name=file_name(path), text=text, keep_extension=shares_stem(path), path=str(path), media_type=media_type, encoding=decoded.encoding,
        sha256=hashlib.sha256(data).hexdigest(), warnings=(decoded.warning,) if decoded.warning else (),
    )


@dataclass(frozen=True, slots=True)
class TextStream:
    """A long plain-text report read as a stream: `document` has its head only (the first
    megabyte or so, as text) and everything else about it; `blocks()` decodes the whole text
    again, block by block, for `ingest.parts`."""

    document: Document
    size: int  # bytes

    def blocks(self) -> Iterator[str]:
        decoder = codecs.getincrementaldecoder(self.document.encoding)(errors="strict")
        with open(self.document.path, "rb") as handle:
            while block := handle.read(_STREAM_BLOCK):
                yield decoder.decode(block)
        yield decoder.decode(b"", final=True)


def open_stream(path: Path | str) -> TextStream | None:
    """`path` as a TextStream when it is a plain-text report larger than STREAM_BYTES in UTF-8,
    GB18030 or Big5 that decodes cleanly from end to end (checked in one streamed pass, with the
    digest); None for anything else, which `read_document` reads whole (and explains)."""
    path = Path(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) or not STREAM_BYTES < info.st_size <= MAX_FILE_BYTES:
            return None
        with open(path, "rb") as handle:
            head = handle.read(1 << 20)
    except OSError:
        return None
    if formats.sniff(head) is not None or formats.rdf_syntax(head, path.name) is not None:
        return None
    try:
        decoded = decode_report(head[: head.rfind(b"\n") + 1] or head, None)
    except DecodeError:
        return None
    codec = codecs.lookup(decoded.encoding).name
    if decoded.warning or codec not in _STREAM_CODECS or formats.is_html(decoded.text) or not has_visible_text(decoded.text):
        return None
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    try:
        with open(path, "rb") as handle:
            while block := handle.read(_STREAM_BLOCK):
                digest.update(block)
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError):
        return None
    document = Document(
        name=file_name(path), text=decoded.text, path=str(path), media_type=formats.TEXT, encoding=codec,
        sha256=digest.hexdigest(), keep_extension=shares_stem(path),
    )
    return TextStream(document, info.st_size)
