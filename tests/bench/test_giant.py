"""`legalkg bench --giant`: one giant report built in a child process, its peak RSS."""
from __future__ import annotations

from pathlib import Path

from legalkg.bench.giant import run_giant, write_giant


def test_bench_giant_builds_one_report_of_each_size_in_a_child_and_reports_its_peak_rss(tmp_path: Path) -> None:
    assert abs(write_giant(tmp_path / "r.txt", 0.5) - 2**19) < 8
    title = (tmp_path / "r.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "人力资源和社会保障局" in title and title.endswith("年法治政府建设年度报告")  # one title, naming the bureau
    [row] = run_giant((0.3,), workdir=tmp_path)
    assert row["exit_code"] == 0, row["stderr"]
    assert row["report_mb"] == 0.3
    assert 50 < row["peak_rss_mb"] < 2_000
    assert list(tmp_path.iterdir()) == [tmp_path / "r.txt"]  # its report and store are removed
