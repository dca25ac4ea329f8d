"""Bytes to text: byte-order marks first, then strict UTF-8, then charset-normalizer limited to
the encodings Chinese and English reports are published in (GB18030/GBK, Big5, UTF-16/32,
Windows-1252). Decoding is strict, with two exceptions that come with a warning: UTF-8 with a
few bad bytes (a damaged download) is read with U+FFFD in their place rather than refused, and
an HTML page whose declared charset does not fit its bytes is read in the one that does. Any
other file that no candidate decodes without errors is refused rather than read as mojibake.
"""
from __future__ import annotations

import codecs
from typing import NamedTuple

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16_le", "utf_16_be", "cp1252"]
# charset-normalizer's names for a detected family -> the superset codec that decodes it.
_SUPERSETS = {
    "gb2312": ("gb18030",), "gbk": ("gb18030",), "gb18030": ("gb18030",),
    "big5": ("big5hkscs", "cp950"), "cp950": ("cp950", "big5hkscs"), "big5hkscs": ("big5hkscs",),
}
_CONTROL = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
# "A few bad bytes": UTF-8 with at most this many invalid sequences, or one per this many
# characters in a long text, is read with U+FFFD; more is another encoding (GBK read as UTF-8
# fails on nearly every character) or binary, and is left to detection.
MAX_BAD_SEQUENCES = 8
BAD_SEQUENCE_RATE = 1_000


class Decoded(NamedTuple):
    """Decoded text, the codec that decoded it, and what the reader should warn about."""

    text: str
    encoding: str
    warning: str | None = None


class DecodeError(ValueError):
    """The bytes are not text in any accepted encoding (the message says why)."""


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True for bytes with NULs or many control characters in the first `sample` bytes
    (UTF-16/32 text, which has NULs, must be recognised by its BOM before calling this)."""
    head = data[:sample]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b in _CONTROL)
    return controls > max(2, len(head) // 100)


def _strip_truncated_utf8(data: bytes) -> str | None:
    """UTF-8 text, allowing only a multi-byte character cut off at the very end (a truncated
    download); None when the bytes are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            try:
                return data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
        return None


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """(text, encoding) for `data`; `hint` is a declared charset (an HTML meta tag) tried first.
    Raises DecodeError for binary data or bytes no accepted encoding decodes."""
    text, encoding, _ = decode_report(data, hint)
    return text, encoding


def _is_utf8_family(codec: str) -> bool:
    return codec.lower().replace("-", "").replace("_", "") in ("utf8", "utf8sig", "ascii", "usascii")


def decode_report(data: bytes, hint: str | None = None) -> Decoded:
    """`decode`, with the warning a reader should pass on: a declared charset that does not
    fit the bytes, or bad bytes replaced by U+FFFD in otherwise valid UTF-8."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec} text after its byte-order mark (byte {exc.start})") from None
    text = _strip_truncated_utf8(data)
    if hint:
        codec = _SUPERSETS.get(hint.lower().replace("-", ""), (hint,))[0]
        if text is not None and not data.isascii() and not _is_utf8_family(codec):
            # Valid UTF-8 by chance is all but impossible for GBK or Big5 text of any length,
            # while GB18030 decodes UTF-8 bytes without an error, as mojibake.
            return Decoded(text, "utf-8", f"declared charset {hint} is wrong; decoded as UTF-8")
        try:
            return Decoded(data.decode(codec), codec)
        except (UnicodeDecodeError, LookupError):
            found = _undeclared(data, text)
            return found._replace(warning=f"declared charset {hint} is wrong; decoded as {found.encoding}"
                                  + (f" ({found.warning})" if found.warning else ""))
    return _undeclared(data, text)


def _undeclared(data: bytes, text: str | None) -> Decoded:
    """Decode without a (fitting) declared charset; `text` is `data` as strict UTF-8 or None."""
    if text is not None:
        return Decoded(text, "utf-8")
    binary = looks_binary(data)
    if not binary:
        damaged = _damaged_utf8(data)
        if damaged is not None:
            return damaged
    detected = _detect(data, ["utf_16_le", "utf_16_be"] if binary else CANDIDATES)
    if detected is not None and not looks_binary(detected[0].encode("utf-8")):
        return Decoded(*detected)
    if binary:
        raise DecodeError("binary data, not text")
    raise DecodeError("undecodable bytes: not UTF-8, GB18030/GBK, Big5 or UTF-16 text")


def _damaged_utf8(data: bytes) -> Decoded | None:
    """UTF-8 with a few invalid byte sequences, each replaced by U+FFFD; None when there are
    more than a few (see MAX_BAD_SEQUENCES)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode("utf-8"))
    if bad > max(MAX_BAD_SEQUENCES, len(text) // BAD_SEQUENCE_RATE):
        return None
    return Decoded(text, "utf-8", f"{bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} replaced by U+FFFD")


def _detect(data: bytes, candidates: list[str]) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=candidates).best()
    if best is None:
        return None
    family = best.encoding.lower().replace("_", "").replace("-", "")
    for codec in _SUPERSETS.get(family, (best.encoding,)):
        try:
            return data.decode(codec), codec.replace("_", "-")
        except UnicodeDecodeError:
            continue
    return None
