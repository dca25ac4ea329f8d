"""The walk over the inputs of a run: every file once, nothing outside the inputs, any depth."""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

from legalkg.ingest.walk import iter_input_files

REPORT = "杭州市人力资源和社会保障局2019年法治政府建设年度报告\n全面落实行政执法“三项制度”。\n"


def test_files_come_sorted_folder_by_folder_without_hidden_entries_or_readmes(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt", ".hidden.txt", "README.md", "sub/c.txt", "sub/.git/x.txt", "z/d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(REPORT, encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p, _ in iter_input_files([tmp_path])] == [
        "a.txt", "b.txt", "sub/c.txt", "z/d.txt"]


def test_a_folder_given_twice_or_through_a_link_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "docs" / "again").symlink_to(tmp_path / "docs", target_is_directory=True)
    assert list(iter_input_files([tmp_path / "docs", tmp_path / "docs"])) == [(tmp_path / "docs" / "a.txt", "")]


def test_a_very_deep_folder_is_walked_without_recursion(tmp_path: Path) -> None:
    """Deeper than the recursion limit allows a recursive walk (os.walk on Python 3.11); the
    limit is lowered for the test so that the tree stays shallow enough for rmtree."""
    deepest = tmp_path / "docs"
    deepest.mkdir()
    for _ in range(300):
        deepest = deepest / "d"
        deepest.mkdir()
    (deepest / "deep.txt").write_text(REPORT, encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(traceback.extract_stack()) + 150)
    try:
        found = list(iter_input_files([tmp_path / "docs"]))
    finally:
        sys.setrecursionlimit(limit)
    assert found == [(deepest / "deep.txt", "")]
