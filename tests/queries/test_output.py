"""One renderer: a table that fits the terminal on a terminal, TSV when piped, CSV and JSON in full."""
from __future__ import annotations

import io

import pytest
from rich.cells import cell_len

from legalkg.ingest.errors import QueryError
from legalkg.queries.output import clean, default_format, fit_widths, write_rows, write_table
from legalkg.queries.runner import Rows

LONG = "杭州市人力资源和社会保障局关于进一步规范行政执法全过程记录制度的实施意见" * 2


def _rows() -> Rows:
    return Rows(["bureau", "bureauLabel", "text", "n"], [
        {"bureau": "https://w3id.org/legalkg/id/bureau/hangzhou", "bureauLabel": "杭州市人力资源和社会保障局",
         "text": LONG, "n": 3},
        {"bureau": "https://w3id.org/legalkg/id/bureau/x", "bureauLabel": "evil\x1b]8;;http://x\x07link\x1b[2J",
         "text": "two\nlines\tand a tab", "n": None},
    ])


def test_default_format_is_tsv_when_piped_and_checks_a_given_one() -> None:
    assert default_format(None, io.StringIO()) == "tsv"
    assert default_format("table", io.StringIO()) == "table"
    with pytest.raises(QueryError, match="choose one of: table, tsv, csv, json"):
        default_format("xml", io.StringIO())


def test_default_format_is_a_table_on_a_terminal() -> None:
    import os
    import pty

    main_fd, terminal_fd = pty.openpty()
    with os.fdopen(terminal_fd, "w") as terminal:
        assert default_format(None, terminal) == "table"
    os.close(main_fd)


def test_tsv_is_one_line_per_row_with_every_column_and_controls_escaped() -> None:
    out = io.StringIO()
    write_rows(_rows(), "tsv", out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "bureau\tbureauLabel\ttext\tn"
    assert len(lines) == 3 and all(line.count("\t") == 3 for line in lines)
    assert lines[1].split("\t")[2] == LONG
    assert lines[2].split("\t")[1:] == ["evil\\x1b]8;;http://x\\x07link\\x1b[2J", "two\\nlines\\tand a tab", ""]


@pytest.mark.parametrize("columns", [40, 60, 100])
def test_table_fits_the_terminal_and_cuts_cells_with_an_ellipsis(monkeypatch: pytest.MonkeyPatch, columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    out = io.StringIO()
    write_rows(_rows(), "table", out, title="Bureaus")
    text = out.getvalue()
    assert all(cell_len(line.rstrip()) <= columns for line in text.splitlines()), text
    assert "…" in text and LONG not in text
    assert "bureauLabel" in text and "https://w3id.org" not in text  # the IRI column has a label column
    assert " ".join(text.split()).endswith("2 rows; cut to the terminal's width: --format tsv or json has the full text")


def test_table_never_passes_control_characters_to_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    out = io.StringIO()
    write_rows(_rows(), "table", out)
    assert "\x1b" not in out.getvalue() and "\x07" not in out.getvalue()
    assert "evil\\x1b]8;;http://x\\x07link" in out.getvalue()


def test_table_with_more_columns_than_fit_names_the_hidden_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "50")
    names = [f"c{i}" for i in range(30)]
    out = io.StringIO()
    write_table(names, [[str(i) for i in range(30)]], "table", out)
    lines = out.getvalue().splitlines()
    assert all(cell_len(line.rstrip()) <= 50 for line in lines)
    shown = [name for name in names if f" {name} " in lines[1]]
    assert shown == names[: len(shown)] and len(shown) >= 3
    hidden = names[len(shown):]
    assert f"{len(hidden)} more columns not shown ({', '.join(hidden[:5])}, …)" in " ".join(out.getvalue().split())


def test_fit_widths_keeps_narrow_columns_and_shares_the_rest() -> None:
    assert fit_widths([4, 10, 3], 40) == [4, 10, 3]
    assert fit_widths([4, 100, 60], 44) == [4, 20, 20]
    assert sum(fit_widths([50, 50, 50, 50], 30)) <= 30


def test_clean_escapes_c0_c1_and_bidi_controls_only() -> None:
    assert clean("杭州 “三项制度”") == "杭州 “三项制度”"
    assert clean("a\x00b\x9bc\u202ed") == "a\\x00b\\x9bc\\u202ed"
