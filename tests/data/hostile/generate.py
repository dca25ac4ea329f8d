"""Write the hostile fixture corpus: real reports in every accepted format and encoding, and
broken files of every kind the reader must name and skip. Binary fixtures are generated here
(not committed): `python tests/data/hostile/generate.py OUT_DIR`.

`write_corpus(folder)` returns {file name: expected outcome}: "ok" (ingested without
warnings), "warn" (ingested with a warning), "ingested" (either) or the start of the skip reason.
"""
from __future__ import annotations

import io
import os
import random
import sys
import zipfile
from pathlib import Path

# Short reports that the extractor reads completely (bureau, year, a regulation, a mechanism).
REPORT = (
    "{place}人力资源和社会保障局{year}年法治政府建设年度报告\n"
    "{year}年，我局全面落实行政执法“三项制度”，严格执行执法全过程记录制度。\n"
    "依据《保障农民工工资支付条例》，会同市中级人民法院开展专项行动。\n"
    "下一步，我局将推行行政执法公示制度。\n"
)
TRADITIONAL = (
    "{place}人力資源和社會保障局{year}年法治政府建設年度報告\n"
    "{year}年，我局全面落實行政執法“三項制度”，嚴格執行執法全過程記錄制度。\n"
    "依據《保障農民工工資支付條例》，會同市中級人民法院開展專項行動。\n"
)
NO_BUREAU = "法治政府建设工作总结\n全面落实行政执法“三项制度”，依据《保障农民工工资支付条例》开展工作。\n"
WRAPPED = (  # a PDF page as typeset: paragraphs hard-wrapped at 30 characters, headings short
    "广州市人力资源和社会保障局2022年报告\n一、主要举措\n"
    "2022年，我局全面落实行政执法“三项制度”，严格执行执法全\n过程记录制度。依据《保障农民工工资支付条例》，会同市中级人\n"
    "民法院开展专项行动，切实维护劳动者合法权益，全年共办结案件\n一千二百件。\n二、下一步\n推行行政执法公示制度。"
)
FURNITURE = ("当前位置", "分享到", "打印本页", "关闭本页", "索引号", "发布机构")


def report(place: str, year: int) -> str:
    return REPORT.format(place=place, year=year)


def html_page(body: str, charset: str = "utf-8") -> str:
    """A government web page: navigation, breadcrumb, disclosure table, the article, share bar,
    print/close links, footer, a script and remote resources (never fetched)."""
    title, *paragraphs = body.strip().splitlines()
    article = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}"><title>{title}</title>
<script src="http://127.0.0.1:9/track.js"></script><script>var s = "脚本不是正文";</script>
<link rel="stylesheet" href="http://127.0.0.1:9/site.css"></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 法治政府建设</div>
<table class="xxgk"><tr><td>索引号：</td><td>002489098/2020-00012</td><td>发布机构：</td><td>人力社保局</td></tr>
<tr><td>发文日期：</td><td>2020-01-15</td><td>主题分类：</td><td>综合政务</td></tr></table>
<div class="article"><h1>{title}</h1>
{article}
<p>为进一步提升依法行政水平，我局持续完善制度建设，加强队伍培训，全年组织专题学习十二次，覆盖全体执法人员。</p>
<img src="http://127.0.0.1:9/pixel.gif"></div>
<div class="share">分享到：<a>微信</a><a>微博</a></div>
<div class="tools">【打印本页】【关闭本页】</div>
<div class="footer">主办单位：人力资源和社会保障局 网站标识码 3301000012</div>
</body></html>
"""


def mhtml_bytes(html: str, charset: str = "gb2312") -> bytes:
    """A web archive as browsers and Word's "save as web page" write it: multipart/related with
    the page quoted-printable in `charset` and an image part."""
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    import email.charset

    archive = MIMEMultipart("related")
    archive["From"] = "<Saved by Blink>"
    archive["Subject"] = "report"
    page_charset = email.charset.Charset(charset)
    page_charset.body_encoding = email.charset.QP
    page = MIMEText(html.replace('charset="utf-8"', f'charset="{charset}"'), "html", page_charset)
    page["Content-Location"] = "http://127.0.0.1:9/report.html"
    archive.attach(page)
    archive.attach(MIMEImage(b"\x89PNG\r\n\x1a\n" + bytes(64), "png"))
    return archive.as_bytes()


def pdf_bytes(lines: list[str], compress: bool = False) -> bytes:
    """A one-page PDF whose text layer is `lines` (a Type0 font with a ToUnicode map, so the
    CJK text is extractable without embedding a font file)."""
    chars = sorted(set("".join(lines)))
    cid = {c: i + 1 for i, c in enumerate(chars)}
    ops = ["BT", "/F1 12 Tf", "14 TL", "40 800 Td"]
    for line in lines:
        ops.append("<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*")
    ops.append("ET")
    content = "\n".join(ops).encode("ascii") if lines else b""
    bfchars = []
    for start in range(0, len(chars), 100):
        block = chars[start:start + 100]
        bfchars.append(f"{len(block)} beginbfchar")
        bfchars += [f"<{cid[c]:04X}> <{ord(c):04X}>" for c in block]
        bfchars.append("endbfchar")
    cmap = "\n".join([
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange", *bfchars,
        "endcmap CMapName currentdict /CMap defineresource pop end end",
    ]).encode("ascii")

    def stream(body: bytes) -> bytes:
        if compress:
            import zlib
            body = zlib.compress(body)
            return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"
        return b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream"

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
        stream(cmap),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [0 -120 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def encrypted_pdf(data: bytes, password: str) -> bytes:
    """`data` encrypted by pypdf (RC4, no extra crypto library); "" is the usual owner-only lock."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A DOCX made by python-docx: the paragraphs, then a table (its first row merged)."""
    import docx

    document = docx.Document()
    for text in paragraphs[:1]:
        document.add_heading(text, level=1)
    for text in paragraphs[1:]:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
        grid.cell(0, 0).merge(grid.cell(0, len(table[0]) - 1))
        grid.cell(0, 0).text = table[0][0]
    document.add_paragraph("（完）")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def replace_in_zip(data: bytes, name: str, content: bytes) -> bytes:
    """The same zip with member `name` replaced by `content`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


def zip_bomb_docx(good_docx: bytes, megabytes: int = 80) -> bytes:
    """A DOCX with an extra part that inflates to `megabytes` MB of zeros (about 80 KB packed)."""
    out = io.BytesIO(good_docx)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/image1.bin", "w", force_zip64=True) as part:
            block = bytes(1 << 20)
            for _ in range(megabytes):
                part.write(block)
    return out.getvalue()


def billion_laughs_xml(depth: int = 9) -> bytes:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{"".join(f"&lol{i - 1};" for _ in range(10))}">' for i in range(1, depth + 1)
    ]
    return ("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n" + "\n".join(entities) + "\n]>\n").encode()


def billion_laughs_docx(good_docx: bytes) -> bytes:
    """A DOCX whose document.xml declares the billion-laughs entities and uses the last one."""
    body = billion_laughs_xml().decode() + (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>杭州市人力资源和社会保障局2020年法治政府建设年度报告</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return replace_in_zip(good_docx, "word/document.xml", body.encode("utf-8"))


def write_corpus(folder: Path) -> dict[str, str]:
    """Write every fixture into `folder`; returns {name: expected outcome} (see module doc)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(5)
    files: dict[str, tuple[bytes, str]] = {}

    def add(name: str, data: bytes | str, expected: str = "ok") -> None:
        files[name] = (data.encode("utf-8") if isinstance(data, str) else data, expected)

    add("utf8.txt", report("杭州市", 2019))
    add("utf8-bom.txt", "\ufeff" + report("宁波市", 2019))
    add("utf16.txt", report("温州市", 2019).encode("utf-16"))
    add("utf16be.txt", ("\ufeff" + report("嘉兴市", 2019)).encode("utf-16-be"))
    add("gb18030.txt", report("湖州市", 2020).encode("gb18030"))
    add("gbk.txt", report("绍兴市", 2020).encode("gbk"))
    add("big5.txt", TRADITIONAL.format(place="台州市", year=2020).encode("big5"))
    add("full-width.txt", report("金华市", 2021).replace("2021", "２０２１"), "ingested")
    add("page.html", html_page(report("衢州市", 2021)))
    add("page-gbk.htm", html_page(report("舟山市", 2021), "gbk").encode("gbk"))
    add("page-mislabelled.html", html_page(report("温岭市", 2021), "utf-8").encode("gb18030"), "warn")
    add("page-claims-gbk.html", html_page(report("临海市", 2021), "gbk"), "warn")
    add("furniture-only.html", "<!DOCTYPE html><html><body><div>当前位置：首页 &gt; 政务公开</div>"
        "<div>【打印本页】【关闭本页】</div></body></html>", "no text found")
    add("html-saved-as.txt", html_page(report("丽水市", 2021)))
    add("web-archive.mht", mhtml_bytes(html_page(report("义乌市", 2021))))
    add("word-web-page.doc", mhtml_bytes(html_page(report("余姚市", 2021)), "utf-8"))
    text_pdf = pdf_bytes(report("广州市", 2022).strip().splitlines())
    add("text-layer.pdf", text_pdf)
    add("wrapped.pdf", pdf_bytes(WRAPPED.splitlines()))
    add("compressed.pdf", pdf_bytes(report("深圳市", 2022).strip().splitlines(), compress=True))
    add("pdf-named.doc", pdf_bytes(report("珠海市", 2022).strip().splitlines()))
    lines = report("佛山市", 2022).strip().splitlines()
    good_docx = docx_bytes(lines, [["行政执法统计", "", ""], ["案件", "办结", "罚款"], ["120", "118", "35万元"]])
    add("paragraphs.docx", good_docx)
    add("name with spaces.txt", report("东莞市", 2023))
    add("中文名报告.txt", report("清远市", 2023))
    add("-leading-dash.txt", report("江门市", 2023))
    add("no-bureau.txt", NO_BUREAU, "warn")
    add("damaged-utf8.txt", report("揭阳市", 2023).encode("utf-8").replace("依据".encode("utf-8"), b"\xff\xfe\xe4"), "warn")

    add("empty.txt", b"", "empty file")
    add("blank.txt", " \n\t\u3000\r\n  \n", "no text (only whitespace)")
    add("invisible.txt", "\u200b\u200c\u200d\ufeff\u2060\n\u00ad\u3000\u200b" * 50, "no text (only invisible characters)")
    add("linked-data.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n", "Turtle linked data, not a report")
    add("triples.txt", "<http://example.org/a> <http://example.org/b> \"杭州市人力资源和社会保障局\" .\n",
        "N-Triples linked data, not a report")
    add("binary.txt", bytes(rng.randrange(256) for _ in range(4096)), "binary data")
    add("image.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "PNG image")
    add("undecodable.txt", report("汕头市", 2023).encode("utf-8") + b"\xff\xfe\xfa" + "结束".encode("gbk") * 3,
        "undecodable bytes")
    add("truncated.pdf", text_pdf[: len(text_pdf) // 2], "truncated PDF")
    add("corrupt.pdf", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(3000)) + b"\n%%EOF\n", "corrupt PDF")
    add("scan.pdf", pdf_bytes([]), "PDF has no text layer")
    add("locked.pdf", encrypted_pdf(text_pdf, "secret"), "encrypted PDF")
    add("owner-locked.pdf", encrypted_pdf(pdf_bytes(report("惠州市", 2022).strip().splitlines()), ""))
    add("cut.docx", good_docx[: len(good_docx) // 2], "corrupt or truncated DOCX")
    add("spreadsheet.docx", replace_in_zip(good_docx, "word/document.xml", b"x").replace(
        b"word/document.xml", b"word/documenX.xml"), "zip archive without word/document.xml")
    add("bomb.docx", zip_bomb_docx(good_docx), "zip bomb? (DOCX part word/media/image1.bin expands beyond")
    add("laughs.docx", billion_laughs_docx(good_docx), "XML entity declarations refused (DOCX part word/document.xml)")
    add("legacy.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "legacy Word")

    expected = {}
    for name, (data, outcome) in files.items():
        (folder / name).write_bytes(data)
        expected[name] = outcome
    (folder / "loop.txt").symlink_to("loop.txt")
    expected["loop.txt"] = "symbolic link loop"
    (folder / "dangling.txt").symlink_to("does-not-exist.txt")
    expected["dangling.txt"] = "broken symbolic link"
    os.mkfifo(folder / "pipe.txt")
    expected["pipe.txt"] = "not a regular file"
    (folder / "sub").mkdir()
    (folder / "sub" / "cycle").symlink_to("..", target_is_directory=True)
    (folder / "sub" / "nested.txt").write_text(report("惠州市", 2024), encoding="utf-8")
    expected["nested.txt"] = "ok"
    return expected


if __name__ == "__main__":
    for name, outcome in write_corpus(Path(sys.argv[1])).items():
        print(f"{name}\t{outcome}")
