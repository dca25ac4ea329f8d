"""Specification of the reader: formats by content, encodings, main text of web pages, and one
clear reason for every file it cannot read. Fixtures come from tests/data/hostile/generate.py."""
from __future__ import annotations

import os
import runpy
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from legalkg.graph.export import offline
from legalkg.ingest import formats
from legalkg.ingest.decode import decode
from legalkg.ingest.errors import UnreadableDocument
from legalkg.ingest.read import MAX_FILE_BYTES, read_document

GENERATOR = Path(__file__).resolve().parents[1] / "data" / "hostile" / "generate.py"


hostile = SimpleNamespace(**runpy.run_path(str(GENERATOR)))  # the fixture generator's functions
BAD_FILES = [
    "empty.txt", "blank.txt", "invisible.txt", "linked-data.ttl", "triples.txt", "binary.txt", "image.png", "undecodable.txt", "truncated.pdf", "corrupt.pdf",
    "scan.pdf", "locked.pdf", "furniture-only.html", "cut.docx", "spreadsheet.docx", "bomb.docx", "laughs.docx", "legacy.doc",
]
TEXT = hostile.report("杭州市", 2019)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile.write_corpus(folder)


def _write(tmp_path: Path, data: bytes, name: str = "report.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- encodings ------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "gb18030", "gbk"])
def test_text_in_each_encoding_decodes_to_the_same_string(tmp_path: Path, encoding: str) -> None:
    document = read_document(_write(tmp_path, TEXT.encode(encoding)))
    assert document.text == TEXT
    assert document.media_type == "text/plain"


def test_utf16_big_endian_with_bom_decodes(tmp_path: Path) -> None:
    document = read_document(_write(tmp_path, ("\ufeff" + TEXT).encode("utf-16-be")))
    assert document.text == TEXT


def test_big5_traditional_text_decodes(tmp_path: Path) -> None:
    text = hostile.TRADITIONAL.format(place="台州市", year=2020)
    document = read_document(_write(tmp_path, text.encode("big5")))
    assert document.text == text
    assert document.encoding.startswith("big5")


def test_a_short_gbk_line_is_not_read_as_big5(tmp_path: Path) -> None:
    line = "杭州市人力资源和社会保障局"
    assert decode(line.encode("gbk")) == (line, "gb18030")


def test_full_width_forms_are_kept_as_published(tmp_path: Path) -> None:
    """Offsets index into Document.text, so the reader never normalises it."""
    text = "金华市人力资源和社会保障局２０２１年报告，ＡＢＣ"
    assert read_document(_write(tmp_path, text.encode("utf-8"))).text == text


def test_utf8_cut_inside_the_last_character_keeps_the_rest(tmp_path: Path) -> None:
    data = TEXT.encode("utf-8") + "局".encode("utf-8")[:2]
    assert read_document(_write(tmp_path, data)).text == TEXT


def test_sha256_is_of_the_raw_bytes(tmp_path: Path) -> None:
    import hashlib

    data = TEXT.encode("gb18030")
    assert read_document(_write(tmp_path, data)).sha256 == hashlib.sha256(data).hexdigest()


# -- formats ---------------------------------------------------------------------------------

def test_html_keeps_the_title_and_article_and_drops_page_furniture(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    document = read_document(folder / "page.html")
    assert document.media_type == "text/html"
    lines = document.text.splitlines()
    assert lines[0] == "衢州市人力资源和社会保障局2021年法治政府建设年度报告"
    assert "依据《保障农民工工资支付条例》，会同市中级人民法院开展专项行动。" in lines
    for furniture in (*hostile.FURNITURE, "首页", "脚本不是正文", "网站标识码", "微信"):
        assert furniture not in document.text


def test_html_declaring_gbk_decodes(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    document = read_document(folder / "page-gbk.htm")
    assert document.encoding == "gb18030"
    assert document.text.startswith("舟山市人力资源和社会保障局2021年")


@pytest.mark.parametrize("line", [
    "当前位置：首页 > 政务公开", "分享到：微信 微博", "【打印本页】【关闭本页】", "| 索引号： | 002489098/2020-00012 |",
    "发布机构：市人力社保局", "字体：大 中 小", "【大】【中】【小】",
])
def test_furniture_lines_are_recognised(line: str) -> None:
    assert formats.is_furniture(line)


@pytest.mark.parametrize("line", [
    "一、全面落实行政执法“三项制度”。", "【典型案例】某公司拖欠工资案件办结后，我局依法公开处理结果，发布机构名单。",
    "来源于群众举报的案件共120件。",
])
def test_report_lines_are_not_furniture(line: str) -> None:
    assert not formats.is_furniture(line)


def test_html_whose_declared_charset_is_wrong_is_decoded_with_a_warning(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    document = read_document(folder / "page-mislabelled.html")
    assert document.encoding == "gb18030"
    assert document.text.startswith("温岭市人力资源和社会保障局2021年")
    assert document.warnings == ("declared charset utf-8 is wrong; decoded as gb18030",)


def test_html_declaring_gbk_but_written_in_utf8_is_not_read_as_mojibake(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    document = read_document(folder / "page-claims-gbk.html")
    assert document.text.startswith("临海市人力资源和社会保障局2021年")
    assert document.warnings == ("declared charset gbk is wrong; decoded as UTF-8",)


def test_html_whose_declared_charset_is_right_has_no_warning(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    assert read_document(folder / "page-gbk.htm").warnings == ()


def test_utf8_with_a_few_bad_bytes_is_read_with_replacement_characters(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    document = read_document(folder / "damaged-utf8.txt")
    assert document.encoding == "utf-8"
    assert "\ufffd\ufffd\ufffd《保障农民工工资支付条例》" in document.text
    assert document.warnings == ("3 invalid UTF-8 byte sequences replaced by U+FFFD",)


def test_utf8_with_many_bad_bytes_is_still_refused(tmp_path: Path) -> None:
    data = b"".join(line.encode("utf-8") + b"\xff" for line in TEXT.splitlines())
    with pytest.raises(UnreadableDocument, match="undecodable"):
        read_document(_write(tmp_path, data * 3))


def test_a_long_report_with_one_bad_byte_per_thousand_characters_is_read(tmp_path: Path) -> None:
    body = (TEXT * 40)[:1000]
    document = read_document(_write(tmp_path, (body.encode("utf-8") + b"\x80") * 30))
    assert document.text.count("\ufffd") == 30
    assert document.warnings


@pytest.mark.parametrize(("name", "data"), [
    ("data.nt", b"<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"),
    ("data.nq", b"<http://example.org/a> <http://example.org/b> <http://example.org/c> <http://example.org/g> .\n"),
    ("data.trig", b"<http://example.org/g> { <http://example.org/a> <http://example.org/b> 1 . }\n"),
    ("data.jsonld", b'{"@id": "http://example.org/a", "http://example.org/b": "c"}'),
    ("data.rdf", b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'),
    ("data.txt", b"PREFIX ex: <http://example.org/>\nex:a ex:b ex:c .\n"),
    ("data.html", b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'),
    ("data", b'{\n  "@context": {"ex": "http://example.org/"}, "@id": "ex:a"}'),
])
def test_linked_data_is_refused_with_a_pointer_to_load(tmp_path: Path, name: str, data: bytes) -> None:
    with pytest.raises(UnreadableDocument, match="linked data, not a report: load it with `legalkg load`"):
        read_document(_write(tmp_path, data, name))


def test_a_report_quoting_a_prefix_line_later_on_is_still_a_report(tmp_path: Path) -> None:
    text = TEXT + "@prefix ex: <http://example.org/> .\n"
    assert read_document(_write(tmp_path, text.encode("utf-8"))).text == text


def test_pdf_locked_only_against_editing_is_read(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    assert read_document(folder / "owner-locked.pdf").text.startswith("惠州市人力资源和社会保障局2022年")


@pytest.mark.parametrize(("name", "title"), [("web-archive.mht", "义乌市"), ("word-web-page.doc", "余姚市")])
def test_web_archives_give_their_page_main_text(corpus: tuple[Path, dict[str, str]], name: str, title: str) -> None:
    folder, _ = corpus
    document = read_document(folder / name)
    assert document.media_type == "text/html"
    assert document.text.startswith(f"{title}人力资源和社会保障局2021年法治政府建设年度报告\n")
    assert not any(word in document.text for word in hostile.FURNITURE)


def test_format_is_decided_by_content_not_extension(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    assert read_document(folder / "html-saved-as.txt").media_type == "text/html"
    assert read_document(folder / "pdf-named.doc").media_type == "application/pdf"


@pytest.mark.parametrize("name", ["text-layer.pdf", "compressed.pdf"])
def test_pdf_text_layer_is_read(corpus: tuple[Path, dict[str, str]], name: str) -> None:
    folder, _ = corpus
    document = read_document(folder / name)
    assert document.media_type == "application/pdf"
    assert "依据《保障农民工工资支付条例》，会同市中级人民法院开展专项行动。" in document.text.splitlines()


def test_pdf_hard_wrapped_lines_are_joined_and_headings_kept(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    assert read_document(folder / "wrapped.pdf").text.splitlines() == [
        "广州市人力资源和社会保障局2022年报告", "一、主要举措",
        "2022年，我局全面落实行政执法“三项制度”，严格执行执法全过程记录制度。依据《保障农民工工资支付条例》，"
        "会同市中级人民法院开展专项行动，切实维护劳动者合法权益，全年共办结案件一千二百件。",
        "二、下一步", "推行行政执法公示制度。",
    ]


def test_pdf_page_of_short_lines_is_not_joined() -> None:
    page = "杭州市人力资源和社会保障局2019年法治政府建设年度报告\n杭州市人民政府：\n现将有关情况报告如下"
    assert formats.unwrap(page) == page


def test_docx_paragraphs_and_table_rows_come_in_body_order(corpus: tuple[Path, dict[str, str]]) -> None:
    folder, _ = corpus
    lines = read_document(folder / "paragraphs.docx").text.splitlines()
    assert lines[0] == "佛山市人力资源和社会保障局2022年法治政府建设年度报告"
    assert lines.index("行政执法统计") < lines.index("案件\t办结\t罚款") < lines.index("120\t118\t35万元")
    assert lines[-1] == "（完）"
    assert lines.count("行政执法统计") == 1  # a merged cell is read once


def test_no_reader_touches_the_network(corpus: tuple[Path, dict[str, str]]) -> None:
    """The page links remote scripts, styles and images; none may be fetched."""
    import sys

    folder, _ = corpus
    attempts: list[tuple[str, str]] = []
    recording = [True]

    def watch(event: str, args: tuple) -> None:
        if recording[0] and event in ("socket.connect", "socket.getaddrinfo", "urllib.Request",
                                      "http.client.connect"):
            attempts.append((event, repr(args)[:200]))

    sys.addaudithook(watch)  # audit hooks cannot be removed: `recording` turns it off
    try:
        with offline():
            texts = {name: read_document(folder / name).text
                     for name in ("page.html", "text-layer.pdf", "paragraphs.docx")}
    finally:
        recording[0] = False
    assert attempts == []
    assert "衢州市人力资源和社会保障局" in texts["page.html"]
    assert "广州市人力资源和社会保障局" in texts["text-layer.pdf"]
    assert "佛山市人力资源和社会保障局" in texts["paragraphs.docx"]


def test_offline_guard_refuses_a_connection() -> None:
    import urllib.request

    from legalkg.ingest.errors import BadRDF

    with offline(), pytest.raises(BadRDF, match="network access refused"):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)


def test_html_entity_declarations_are_not_expanded(tmp_path: Path) -> None:
    page = hostile.billion_laughs_xml().decode() + "<html><body><p>杭州市人力资源和社会保障局报告 &lol9;</p></body></html>"
    document = read_document(_write(tmp_path, page.encode("utf-8"), "laughs.html"))
    assert "杭州市人力资源和社会保障局报告" in document.text
    assert "lollol" not in document.text


# -- bad files --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_refused_with_its_reason(corpus: tuple[Path, dict[str, str]], name: str) -> None:
    folder, expected = corpus
    with pytest.raises(UnreadableDocument) as caught:
        read_document(folder / name)
    assert caught.value.reason.startswith(expected[name])
    assert caught.value.path == folder / name
    assert "\n" not in str(caught.value)


def test_zip_bomb_is_refused_before_python_docx_inflates_it(corpus: tuple[Path, dict[str, str]]) -> None:
    import resource

    folder, _ = corpus
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(UnreadableDocument, match="zip bomb"):
        read_document(folder / "bomb.docx")
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 200 * 1024  # KiB: far below 80 MB x copies


def test_docx_whose_header_lies_about_sizes_is_still_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formats, "MAX_DOCX_PART", 1024 * 1024)
    data = hostile.zip_bomb_docx(hostile.docx_bytes(["标题", "正文"]), megabytes=2)
    with pytest.raises(UnreadableDocument, match="expands beyond"):
        read_document(_write(tmp_path, data, "bomb.docx"))


def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(UnreadableDocument, match="not a regular file"):
        read_document(tmp_path / "pipe.txt")


@pytest.mark.parametrize(("make", "reason"), [
    (lambda p: None, "no such file"),
    (lambda p: p.symlink_to(p.name), "symbolic link loop"),
    (lambda p: p.mkdir(), "is a folder"),
])
def test_missing_looping_and_folder_paths_are_refused(tmp_path: Path, make, reason: str) -> None:  # noqa: ANN001
    path = tmp_path / "x.txt"
    make(path)
    with pytest.raises(UnreadableDocument, match=reason):
        read_document(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: no disk used
    me = psutil.Process()
    before = me.io_counters().read_chars
    with pytest.raises(UnreadableDocument, match="file too large"):
        read_document(path)
    assert me.io_counters().read_chars - before < 1 << 20  # refused by its size, not after reading it


def test_tens_of_megabytes_on_a_single_line_read_quickly(tmp_path: Path) -> None:
    line = TEXT.replace("\n", "") * (20_000_000 // len(TEXT.encode("gb18030")))
    path = _write(tmp_path, line.encode("gb18030"))
    document = read_document(path)
    assert document.text == line
    assert document.encoding == "gb18030"


# -- arbitrary bytes: a Document or one UnreadableDocument, nothing else -------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PREFIXES = [b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<!DOCTYPE html><html><body><p>", b"\xef\xbb\xbf", b"\xff\xfe",
            b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n\n--x\nContent-Type: text/html\n\n"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600) | st.text(max_size=200).map(str.encode),
       suffix=st.sampled_from([b"", b"\n%%EOF\n", b"</p></body></html>"]))
def test_arbitrary_bytes_give_a_document_or_one_reason(tmp_path: Path, prefix: bytes, body: bytes, suffix: bytes) -> None:
    path = _write(tmp_path, prefix + body + suffix, "fuzz.bin")
    try:
        document = read_document(path)
    except UnreadableDocument as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert document.text.strip()


# -- long plain text, read as a stream ----------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_a_long_plain_text_is_read_as_a_stream_of_the_same_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  encoding: str) -> None:
    import hashlib

    from legalkg.ingest import read

    monkeypatch.setattr(read, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(read, "_STREAM_BLOCK", 4_099)  # blocks cut inside characters
    text = TEXT * 200
    data = text.encode(encoding)
    stream = read.open_stream(_write(tmp_path, data))
    assert stream is not None and stream.size == len(data)
    assert "".join(stream.blocks()) == text
    assert stream.document.sha256 == hashlib.sha256(data).hexdigest()
    assert text.startswith(stream.document.text) and stream.document.encoding == encoding


@pytest.mark.parametrize(("data", "limit"), [
    ((TEXT * 200).encode("utf-8") + b"\xff" + TEXT.encode("utf-8"), 10_000),  # damaged: read whole, with its warning
    (hostile.html_page(TEXT * 100).encode("utf-8"), 10_000),  # HTML: the main text needs the whole page
    (b"\xff\xfe" + (TEXT * 200).encode("utf-16-le"), 10_000),
    ((TEXT * 200).encode("utf-8"), 10**9),  # not long enough
])
def test_other_files_are_not_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, limit: int) -> None:
    from legalkg.ingest import read

    monkeypatch.setattr(read, "STREAM_BYTES", limit)
    assert read.open_stream(_write(tmp_path, data)) is None
