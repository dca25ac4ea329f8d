"""Report formats: recognised by their bytes (not their file name) and turned into plain text.

HTML keeps the main text only (trafilatura, then a filter for the page furniture of Chinese
government sites); PDF gives its text layer (pypdf); DOCX its paragraphs and tables in body
order (python-docx). No parser here reaches the network or expands XML entities, and every
container is size-checked before it is unpacked. Each failure is a `FormatError` whose message
is the reason shown to the user.
"""
from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Iterator

PDF, DOCX, HTML, TEXT = "application/pdf", (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), "text/html", "text/plain"
MHTML = "multipart/related"

MAX_PDF_PAGES = 5_000
MAX_DOCX_PART = 64 * 1024 * 1024  # uncompressed bytes of any one part of a DOCX
MAX_DOCX_TOTAL = 256 * 1024 * 1024  # uncompressed bytes of all its parts
MAX_DOCX_PARTS = 5_000

_OTHER_BINARY = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": "legacy Word/Office file (OLE2 .doc): save it as DOCX or PDF",
    b"\x89PNG": "PNG image, not a report", b"\xff\xd8\xff": "JPEG image, not a report",
    b"GIF8": "GIF image, not a report", b"\x1f\x8b": "gzip archive: unpack it first",
    b"7z\xbc\xaf": "7-Zip archive: unpack it first", b"Rar!": "RAR archive: unpack it first",
    b"{\\rtf": "RTF document: save it as DOCX or PDF", b"\x7fELF": "executable, not a report",
}
_HTML_START = re.compile(r"\A(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype|html|head|body)\b", re.I | re.S)
_DOCTYPE_SUBSET = re.compile(r"<!doctype[^\[>]*\[.*?\]\s*>", re.I | re.S)
_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I | re.S)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:html|head|body|p|div|title)\b", re.I)
_XML_DECLARATIONS = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_MIME_HEAD = re.compile(rb"\A(?:[\w-]+:[^\n]*\r?\n(?:[ \t][^\n]*\r?\n)*)*MIME-Version:", re.I)
# Linked data is loaded (`legalkg load`), never ingested as the text of a report.
RDF_EXTENSIONS = {
    ".ttl": "Turtle", ".nt": "N-Triples", ".nq": "N-Quads", ".trig": "TriG", ".n3": "N3",
    ".jsonld": "JSON-LD", ".rdf": "RDF/XML", ".owl": "RDF/XML", ".trix": "TriX",
}
_RDF_CONTENT = (
    (re.compile(r"\A(?:\s|#[^\n]*\n)*(?:@prefix|@base|prefix\s|base\s)", re.I), "Turtle"),
    (re.compile(r"\A(?:\s|<\?xml[^>]*>|<!--.*?-->)*<rdf:RDF\b", re.S), "RDF/XML"),
    (re.compile(r'\A\s*[\[{][\s\[{]*"@(?:context|graph|id)"'), "JSON-LD"),
    (re.compile(r"\A(?:\s|#[^\n]*\n)*(?:<[^<>\s]*>|_:\S+)\s+<[^<>\s]*>\s+\S.*\.[ \t]*\r?$", re.M), "N-Triples"),
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.I)

# Page furniture of government sites: breadcrumbs, share bars, print/close links, the
# information-disclosure header table (索引号, 发布机构 ...), page navigation.
_FURNITURE = re.compile(
    r"^[\s|>-]*(?:"
    r"当前位置|您现在的位置|您的位置|你的位置|现在位置|分享到|扫一扫|在手机上?打开|上一篇|下一篇|相关链接|"
    r"(?:索引号|发布机构|发文机关|发布日期|发文日期|成文日期|主题分类|公开方式|公开范围|信息来源|"
    r"浏览次数|访问次数|点击数|字号|文章来源|来源)\s*[:：]"
    r")"
)
_TOOL_LINKS = re.compile(r"^[\s|]*(?:[【\[]\s*[^】\]]{1,12}\s*[】\]][\s|]*)+$")
_TOOL_WORDS = re.compile(r"打印本页|关闭本页|关闭窗口|打印此页|收藏本页|字体[:：]?\s*大\s*中\s*小|【\s*[大中小]\s*】")


class FormatError(ValueError):
    """A file that is not a readable report in its format (the message is the reason)."""


def sniff(data: bytes) -> str | None:
    """The media type of a binary format recognised from the first bytes, or None for text
    (which may still turn out to be HTML once decoded). Raises FormatError for known
    binary formats that are not reports."""
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return DOCX
    for magic, reason in _OTHER_BINARY.items():
        if data.startswith(magic):
            raise FormatError(reason)
    if _MIME_HEAD.match(head) and b"multipart/related" in head.lower():
        return MHTML
    return None


def is_html(text: str) -> bool:
    """True when decoded text is an HTML page (a doctype or html/head/body tag first)."""
    head = text[:8192]
    return bool(_HTML_START.match(head) and _HTML_TAG.search(head))


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a meta tag, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def rdf_syntax(data: bytes, name: str) -> str | None:
    """The RDF syntax of a file of linked data, by its extension or its first bytes, else None."""
    suffix = name[name.rfind("."):].lower() if "." in name else ""
    if suffix in RDF_EXTENSIONS:
        return RDF_EXTENSIONS[suffix]
    head = data[:4096].decode("utf-8", errors="ignore").lstrip("\ufeff")
    return next((syntax for pattern, syntax in _RDF_CONTENT if pattern.match(head)), None)


def _quiet(*names: str) -> None:
    """Keep library warnings about malformed input off stderr (the reader reports instead)."""
    for name in names:
        logging.getLogger(name).setLevel(logging.CRITICAL)


# -- HTML ---------------------------------------------------------------------------------

def is_furniture(line: str) -> bool:
    """A line of page furniture rather than report text."""
    stripped = line.strip()
    return bool(_FURNITURE.match(stripped) or _TOOL_LINKS.match(stripped) or _TOOL_WORDS.search(stripped))


def _title(html: str) -> str:
    """The page's heading (first <h1>, else <title>), which extractors keep out of the body."""
    import html as html_lib

    for pattern in (_H1, _TITLE):
        match = pattern.search(html)
        if match:
            text = html_lib.unescape(re.sub(r"<[^>]*>", "", match.group(1)))
            text = " ".join(text.split())
            if text:
                return text
    return ""


def html_text(html: str) -> str:
    """The main text of an HTML page: its title, then the article body without page furniture.
    Scripts, styles, navigation and footers are dropped; nothing is fetched."""
    import trafilatura

    _quiet("trafilatura", "htmldate", "courlan", "justext")
    html = re.sub(r"\A\s*<\?xml[^>]*>", "", html)
    html = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", html, count=1)  # entity declarations: never expanded
    try:
        body = trafilatura.extract(
            html, include_comments=False, include_tables=True, include_images=False,
            include_links=False, with_metadata=False, deduplicate=False,
        ) or trafilatura.html2txt(html) or ""
    except Exception as exc:  # noqa: BLE001 - any parser failure means an unreadable page
        raise FormatError(f"unreadable HTML: {type(exc).__name__}") from None
    kept = [ln.rstrip() for ln in body.splitlines() if ln.strip() and not is_furniture(ln)]
    title = _title(html)
    if title and not is_furniture(title) and not any(title in ln for ln in kept[:5]):
        kept.insert(0, title)
    return "\n".join(kept)


# -- MHTML ---------------------------------------------------------------------------------

def mhtml_html(data: bytes) -> tuple[str, str | None]:
    """(HTML, its declared charset) from a web archive (.mht, or a Word "web page" .doc): the
    first text/html part, transfer-decoded. Other parts (images, styles) are ignored."""
    import email
    import email.policy

    try:
        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for part in message.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return payload, part.get_content_charset()  # type: ignore[return-value]
    except Exception as exc:  # noqa: BLE001 - the email parser is lenient; be safe anyway
        raise FormatError(f"corrupt web archive (MHTML): {type(exc).__name__}") from None
    raise FormatError("web archive (MHTML) without an HTML part")


# -- PDF ----------------------------------------------------------------------------------

_SENTENCE_END = frozenset("。！？；：.!?;:”」』）)")


def unwrap(page: str) -> str:
    """Join the hard-wrapped lines of a PDF page: on a page with at least three full-width lines,
    a line as long as the longest that does not end a sentence continues on the next line
    (Chinese: no space; otherwise one space). Headings and the short last lines of paragraphs
    stay lines of their own."""
    lines = page.split("\n")
    width = max((len(ln.strip()) for ln in lines), default=0)
    if width < 15 or sum(len(ln.strip()) >= 0.9 * width for ln in lines) < 3:
        return page  # too few full-width lines to be wrapped text
    out: list[str] = []
    joining = False
    for line in lines:
        stripped = line.strip()
        if joining and out and stripped:
            glue = "" if not (out[-1][-1:].isascii() and stripped[:1].isascii()) else " "
            out[-1] += glue + stripped
        else:
            out.append(line.rstrip())
        joining = bool(stripped) and len(stripped) >= 0.9 * width and stripped[-1] not in _SENTENCE_END
    return "\n".join(out)


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, page by page. Refuses truncated, corrupt and encrypted files
    and PDFs without text (scans need OCR first)."""
    from pypdf import PdfReader

    _quiet("pypdf")
    if b"%%EOF" not in data[-2048:]:
        raise FormatError("truncated PDF (no end-of-file marker)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatError("encrypted PDF (needs a password)")
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise FormatError(f"PDF has {count} pages (limit {MAX_PDF_PAGES})")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FormatError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for broken files
        raise FormatError(f"corrupt PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    text = "\n".join(unwrap(page.strip("\n")) for page in pages)
    if not text.strip():
        raise FormatError("PDF has no text layer (a scan? run OCR first)")
    return text


# -- DOCX ---------------------------------------------------------------------------------

def _check_zip(data: bytes) -> None:
    """Refuse broken archives and zip bombs before python-docx unpacks every part: sizes are
    counted while decompressing, not taken from the (forgeable) headers."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FormatError("corrupt or truncated DOCX (not a readable zip archive)") from None
    with archive:
        infos = archive.infolist()
        if "word/document.xml" not in {i.filename for i in infos}:
            raise FormatError("zip archive without word/document.xml (not a DOCX)")
        if len(infos) > MAX_DOCX_PARTS:
            raise FormatError(f"DOCX with {len(infos)} parts (limit {MAX_DOCX_PARTS})")
        total = 0
        for info in infos:
            size = 0
            try:
                with archive.open(info) as part:
                    while chunk := part.read(1 << 20):
                        if size == 0 and _XML_DECLARATIONS.search(chunk[:4096]):
                            raise FormatError(f"XML entity declarations refused (DOCX part {info.filename})")
                        size += len(chunk)
                        if size > MAX_DOCX_PART or total + size > MAX_DOCX_TOTAL:
                            raise FormatError(
                                f"zip bomb? (DOCX part {info.filename} expands beyond {MAX_DOCX_PART // 2**20} MB)")
            except FormatError:
                raise
            except Exception as exc:  # noqa: BLE001 - zlib.error, BadZipFile, EOFError, ...
                raise FormatError(f"corrupt DOCX ({info.filename}: {type(exc).__name__})") from None
            total += size


def _docx_blocks(document) -> Iterator[str]:  # noqa: ANN001
    from docx.table import Table

    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text.strip())
                line = "\t".join(c for c in cells if c)
                if line:
                    yield line
        else:
            yield block.text


def docx_text(data: bytes) -> str:
    """Paragraphs and table rows (cells joined by tabs) of a DOCX body, in document order."""
    import docx

    _check_zip(data)
    try:
        document = docx.Document(io.BytesIO(data))
        return "\n".join(_docx_blocks(document))
    except Exception as exc:  # noqa: BLE001 - lxml/python-docx errors for malformed parts
        raise FormatError(f"corrupt DOCX ({type(exc).__name__}: {str(exc)[:120]})") from None
