"""`legalkg extract`: the gold-file shape plus key figures, and a table that shows text as text."""
from __future__ import annotations

import json
from pathlib import Path

from legalkg.graph.cli import main


def test_extract_json_lists_key_figures_with_their_words(sample_corpus: Path, capsys) -> None:
    assert main(["extract", str(sample_corpus / "shangyu-2020-zh.txt"), "--format", "json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"doc", "language", "year", "bureau", "regulations", "mechanisms", "partners"} <= set(result)
    figures = {(f["indicator"], f["value"], f["text"]) for f in result["figures"]}
    assert ("litigation-lost", 1, "败诉案件为1件") in figures
    assert ("court-appearance-rate", 100, "出庭应诉率为100%") in figures


def test_extract_table_prints_document_text_literally(tmp_path: Path, capsys) -> None:
    report = tmp_path / "x.txt"
    report.write_text("杭州市人力资源和社会保障局2020年法治政府建设年度报告\n学习《[bold]red[/bold]条例》。", encoding="utf-8")
    assert main(["extract", str(report)]) == 0
    assert "[bold]red" in capsys.readouterr().out


def test_extract_table_escapes_terminal_controls_from_the_document(tmp_path: Path, capsys) -> None:
    report = tmp_path / "x\x1b[2Jname.txt"
    report.write_text("杭州市人力资源和社会保障局2020年法治政府建设年度报告\n"
                      "学习《劳动\x1b]0;owned\x07条例》，依据《工资\x1b[31m支付条例》推行“双随机\x9b一公开”。",
                      encoding="utf-8")
    assert main(["extract", str(report), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x07\x9b")
    assert "x\\x1b[2Jname.txt" in out and out.count("\\x1b") >= 3


def test_extract_error_names_a_hostile_or_non_utf8_file_on_one_escaped_line(tmp_path: Path, capsys) -> None:
    import os

    for raw in (b"x\x1b]0;owned\x07.txt", "报告".encode("gbk") + b".txt"):
        path = os.fsencode(tmp_path) + b"/" + raw
        open(path, "wb").close()
        assert main(["extract", os.fsdecode(path)]) == 3
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.endswith(": empty file\n")
        assert not any(c in err for c in "\x1b\x07")
        assert "\\x1b]0;owned\\x07" in err or "\\udcb1\\udca8" in err


def test_extract_says_what_the_reader_noticed(tmp_path: Path, capsys) -> None:
    report = tmp_path / "damaged.txt"
    report.write_bytes("杭州市人力资源和社会保障局2020年法治政府建设年度报告\n".encode() + b"\xff" + "学习《条例》。".encode())
    assert main(["extract", str(report), "--format", "json"]) == 0
    assert capsys.readouterr().err == f"legalkg: warning: {report}: 1 invalid UTF-8 byte sequence replaced by U+FFFD\n"
