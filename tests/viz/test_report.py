"""`legalkg report`: static HTML report with SVG/PNG plots and summary tables."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest

from legalkg.graph.cli import main
from legalkg.viz.report import PLOTS, heat_matrix, report_data, write_report

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def sample_report(built_store_path, tmp_path_factory):  # noqa: ANN001, ANN201
    out = tmp_path_factory.mktemp("report") / "report"
    assert main(["report", "--store", str(built_store_path), "--out", str(out)]) == 0
    return out


def test_report_writes_the_page_every_plot_as_svg_and_png_and_the_analytics(sample_report):
    names = {path.name for path in sample_report.iterdir()}
    assert names == {"index.html", "analytics.json"} | {f"{stem}.{fmt}" for stem, *_ in PLOTS for fmt in ("svg", "png")}
    for stem, *_ in PLOTS:
        assert (sample_report / f"{stem}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        ET.parse(sample_report / f"{stem}.svg")
    assert set(json.loads((sample_report / "analytics.json").read_text(encoding="utf-8"))) >= {"centrality", "adoption"}


def test_report_page_shows_totals_tables_and_links_each_plot(sample_report):
    html = (sample_report / "index.html").read_text(encoding="utf-8")
    for stem, *_ in PLOTS:
        assert f'<img src="{stem}.svg"' in html and f'href="{stem}.png"' in html
    assert re.search(r"<dt>报告</dt><dd>5</dd>", html)
    assert "杭州市人力资源和社会保障局" in html and 'id="table-mechanisms"' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_svg_plots_keep_labels_as_text(sample_report):
    texts = "".join(node.text or "" for node in ET.parse(sample_report / "top-mechanisms.svg").iter(SVG + "text"))
    assert "行政执法" in texts


def test_heat_map_counts_reports_per_bureau_and_mechanism(mini_store):
    bureaus, mechanisms, matrix = heat_matrix(report_data(mini_store, "en"))
    hangzhou = bureaus.index("https://w3id.org/legalkg/id/bureau/hangzhou")
    publicity = mechanisms.index("https://w3id.org/legalkg/id/mechanism/law-enforcement-publicity")
    assert matrix[hangzhou][publicity] == 2  # planned in 2019, done in 2020: two reports state the link


def test_report_escapes_hostile_labels_in_the_page_and_the_plots(fixture_store, fx, tmp_path):
    written = write_report(fixture_store, tmp_path / "r", "zh")
    html = (tmp_path / "r" / "index.html").read_text(encoding="utf-8")
    assert fx.EVIL_REG_LABEL not in html and unescape(html).count(fx.EVIL_REG_LABEL) >= 1
    svg = (tmp_path / "r" / "top-regulations.svg").read_text(encoding="utf-8")
    assert "<img" not in svg
    assert any(fx.EVIL_REG_LABEL[:10] in (n.text or "") for n in ET.parse(tmp_path / "r" / "top-regulations.svg").iter(SVG + "text"))
    assert len(written) == 2 * len(PLOTS) + 2


def test_report_into_a_missing_parent_folder_fails_with_one_line(built_store_path, tmp_path, capsys):
    assert main(["report", "--store", str(built_store_path), "--out", str(tmp_path / "no" / "where")]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err


@pytest.mark.browser
def test_report_page_shows_every_plot_offline_without_errors(offline_page, sample_report, artifacts):
    page = offline_page.page
    page.goto((sample_report / "index.html").as_uri())
    page.wait_for_load_state("load")
    loaded = page.evaluate("() => Array.from(document.images).map(img => img.complete && img.naturalWidth > 0)")
    assert loaded == [True] * len(PLOTS)
    assert offline_page.blocked == [] and offline_page.errors == []
    page.locator("#plot-heat-map").screenshot(path=str(artifacts / "report-heat-map.png"))


def test_report_font_setup_adds_a_cjk_font_missing_from_an_old_font_cache():
    import copy
    from types import SimpleNamespace

    from matplotlib import font_manager

    from legalkg.viz.report import CJK_FONTS, cjk_font_files, ensure_cjk_font

    if not cjk_font_files():
        pytest.skip("this machine has no CJK font file to add")
    stale = copy.copy(font_manager.fontManager)
    stale.ttflist = [font for font in font_manager.fontManager.ttflist if font.name not in CJK_FONTS[:-1]]
    names = ensure_cjk_font(SimpleNamespace(fontManager=stale))
    assert any(name in names for name in CJK_FONTS[:-1])
