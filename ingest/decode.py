"""Bytes to text: byte-order marks first, then strict UTF-8, then charset-normalizer limited to
the encodings Chinese and English reports are published in (GB18030/GBK, Big5, UTF-16/32,
Windows-1252). Decoding is always strict: a file that no candidate decodes without errors is
refused rather than read as mojibake.
"""
from __future__ import annotations

import codecs

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
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec} text after its byte-order mark (byte {exc.start})") from None
    if hint:
        codec = _SUPERSETS.get(hint.lower().replace("-", ""), (hint,))[0]
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            pass
    text = _strip_truncated_utf8(data)
    if text is not None:
        return text, "utf-8"
    binary = looks_binary(data)
    detected = _detect(data, ["utf_16_le", "utf_16_be"] if binary else CANDIDATES)
    if detected is not None and not looks_binary(detected[0].encode("utf-8")):
        return detected
    if binary:
        raise DecodeError("binary data, not text")
    raise DecodeError("undecodable bytes: not UTF-8, GB18030/GBK, Big5 or UTF-16 text")


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
