"""The network page in a real headless Chromium, with every network request blocked."""
from __future__ import annotations

import json
import time
from collections import Counter

import pytest

from legalkg.viz.network import network_data
from legalkg.viz.page import write_page

pytestmark = pytest.mark.browser

DRAWN = "window.legalkg.network.body.nodeIndices.length"


def _assert_clean(tab) -> None:  # noqa: ANN001
    assert tab.blocked == [], f"the page tried the network: {tab.blocked}"
    assert all(url.startswith("file:") for url in tab.requests)
    assert tab.errors == []
    assert tab.dialogs == []
    assert tab.page.evaluate("window.__pwned") == 0


def _hover(tab, node_id: str) -> str:  # noqa: ANN001
    point = tab.point(node_id)
    tab.page.mouse.move(point["x"] - 3, point["y"] - 3)
    tab.page.mouse.move(point["x"], point["y"], steps=3)
    tooltip = tab.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    return tooltip.inner_text()


def test_sample_network_loads_offline_and_draws_every_node(offline_page, built_store, tmp_path, artifacts):
    started = time.perf_counter()
    data = network_data(built_store, "zh")
    out = write_page(data, tmp_path / "network.html")
    generated = time.perf_counter() - started

    offline_page.open(out)
    page = offline_page.page
    english_only = [n for n in data.nodes if n.kind != "bureau" and not n.labels.get("zh")]
    assert english_only and page.evaluate(DRAWN) == len(data.nodes) - len(english_only)
    renders = page.evaluate("window.legalkg.renders")
    page.locator("#show-foreign").check()
    page.wait_for_function("n => window.legalkg.renders > n", arg=renders)
    assert page.evaluate("window.legalkg.nodes.length") == page.evaluate(DRAWN) == len(data.nodes)
    assert page.evaluate("window.legalkg.edges.length") == len(data.edges)
    layout_ms = page.evaluate("window.legalkg.layoutMs")
    settled_at_ms = page.evaluate("window.legalkg.stabilizedAt")
    _assert_clean(offline_page)

    hangzhou = "https://w3id.org/legalkg/id/bureau/hangzhou-hrss"
    tip = _hover(offline_page, hangzhou)
    assert "zh: 杭州市人力资源和社会保障局" in tip
    assert "en: Hangzhou Municipal Bureau of Human Resources and Social Security" in tip
    page.screenshot(path=str(artifacts / "network.png"))
    (artifacts / "network-timing.json").write_text(json.dumps({
        "nodes": len(data.nodes), "edges": len(data.edges), "generation_s": round(generated, 3),
        "layout_ms": round(layout_ms), "settled_after_navigation_ms": round(settled_at_ms),
    }), encoding="utf-8")
    assert 0 < layout_ms <= settled_at_ms  # how long it took is the bench's business (legalkg bench)


def test_hostile_labels_show_as_text_and_never_run(offline_page, fixture_store, fx, tmp_path):
    data = network_data(fixture_store, "zh")
    out = write_page(data, tmp_path / "hostile.html", title='<img src=x onerror="window.__pwned=9">')
    offline_page.open(out)
    page = offline_page.page
    assert page.evaluate(DRAWN) == len(data.nodes) == 6

    tip = _hover(offline_page, fx.EVIL_REG)
    assert fx.EVIL_REG_LABEL in tip
    assert fx.EVIL_SENTENCE in tip
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.evaluate("document.scripts.length") == 7
    assert page.locator("h1").inner_text() == '<img src=x onerror="window.__pwned=9">'

    point = offline_page.point(fx.EVIL_AGENCY)
    page.mouse.click(point["x"], point["y"])
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == fx.EVIL_AGENCY_LABEL
    assert fx.EVIL_ALIAS in panel.inner_text()
    assert page.evaluate("document.querySelectorAll('#panel a, #panel script').length") == 0
    offline_page.next_frames()
    _assert_clean(offline_page)


def test_clicking_a_node_shows_its_links_and_evidence(offline_page, fixture_store, fx, tmp_path):
    out = write_page(network_data(fixture_store, "en"), tmp_path / "en.html")
    offline_page.open(out)
    point = offline_page.point(fx.PUBLICITY)
    offline_page.page.mouse.click(point["x"], point["y"])
    panel = offline_page.page.locator("#panel")
    panel.wait_for(state="visible")
    text = panel.inner_text()
    assert "implements ← Hangzhou Municipal Bureau of Human Resources and Social Security" in text
    assert "hangzhou-2019-zh.txt, 2019" in text and "推行行政执法公示制度。" in text
    assert "hangzhou-2020-en.txt, 2020" in text
    assert "broader → " in text
    _assert_clean(offline_page)


def test_type_filter_hides_the_nodes_of_that_type(offline_page, built_store, tmp_path):
    data = network_data(built_store, "en")
    offline_page.open(write_page(data, tmp_path / "filter.html"))
    page = offline_page.page
    kinds = Counter(node.kind for node in data.nodes)
    page.locator("input.kind-filter[value=regulation]").uncheck()
    assert page.evaluate(DRAWN) == len(data.nodes) - kinds["regulation"]
    page.locator("input.kind-filter[value=regulation]").check()
    assert page.evaluate(DRAWN) == len(data.nodes)
    _assert_clean(offline_page)


def test_search_selects_a_node_by_pinyin_and_opens_its_panel(offline_page, fixture_store, fx, tmp_path):
    offline_page.open(write_page(network_data(fixture_store, "zh"), tmp_path / "search.html"))
    page = offline_page.page
    page.locator("#search").fill("hangzhou")
    page.locator("#search").press("Enter")
    page.locator("#panel").wait_for(state="visible")
    assert page.evaluate("window.legalkg.network.getSelectedNodes()") == [fx.HANGZHOU]
    assert page.locator("#panel h2").inner_text() == "杭州市人力资源和社会保障局"
    _assert_clean(offline_page)


def _drawn_ids(page) -> set[str]:  # noqa: ANN001
    return set(page.evaluate("window.legalkg.network.body.nodeIndices"))


def test_year_filter_keeps_only_what_that_years_reports_say(offline_page, fixture_store, fx, tmp_path):
    data = network_data(fixture_store, "en")
    offline_page.open(write_page(data, tmp_path / "year.html"))
    page = offline_page.page
    page.locator("#filter-year").select_option("2021")
    assert _drawn_ids(page) == {fx.SHAOXING}
    page.locator("#filter-year").select_option("2019")
    assert _drawn_ids(page) == {n.id for n in data.nodes if 2019 in n.years} == {fx.HANGZHOU, fx.PUBLICITY, fx.EVIL_REG}
    assert "showing 3 of 6 nodes" in page.locator("#summary").inner_text()
    page.locator("#filter-year").select_option("")
    assert len(_drawn_ids(page)) == len(data.nodes)
    _assert_clean(offline_page)


def test_bureau_and_mechanism_filters_keep_that_node_and_its_neighbours(offline_page, built_store, tmp_path):
    data = network_data(built_store, "zh")
    offline_page.open(write_page(data, tmp_path / "bureau.html"))
    page = offline_page.page
    jinyun = "https://w3id.org/legalkg/id/bureau/jinyun-hrss"
    neighbours = {e.target for e in data.edges if e.source == jinyun} | {e.source for e in data.edges if e.target == jinyun}
    page.locator("#filter-bureau").select_option(jinyun)
    assert _drawn_ids(page) == neighbours | {jinyun}
    page.locator("input.kind-filter[value=regulation]").uncheck()
    assert _drawn_ids(page) == {n for n in neighbours | {jinyun} if data.node(n).kind != "regulation"}
    _assert_clean(offline_page)


def test_province_filter_keeps_that_provinces_bureaus_and_their_links(offline_page, built_store, tmp_path):
    data = network_data(built_store, "zh")
    offline_page.open(write_page(data, tmp_path / "province.html"))
    page = offline_page.page
    page.locator("#filter-province").select_option("广东省")
    foshan = {n.id for n in data.nodes if n.province == "广东省"}
    assert len(foshan) == 1
    linked = {e.target for e in data.edges if e.source in foshan} | {e.source for e in data.edges if e.target in foshan}
    assert _drawn_ids(page) == foshan | linked
    _assert_clean(offline_page)


def test_aggregated_page_says_it_is_aggregated_and_draws_the_limit(offline_page, built_store, tmp_path):
    from legalkg.viz.views import aggregate

    data = aggregate(network_data(built_store, "en"), 60)
    offline_page.open(write_page(data, tmp_path / "aggregated.html"))
    page = offline_page.page
    assert page.evaluate(DRAWN) == 60
    assert "is above the limit of 60" in page.locator("#note").inner_text()
    _assert_clean(offline_page)


def test_big_page_with_seeded_layout_draws_every_node(offline_page, tmp_path):
    from legalkg.bench.viz import synthetic_network

    data = synthetic_network(1200)
    offline_page.open(write_page(data, tmp_path / "big.html", group_above=2000))
    assert offline_page.page.evaluate(DRAWN) == 1200
    _assert_clean(offline_page)


def test_sample_page_screenshot_with_evidence_panel(offline_page, built_store, artifacts, tmp_path):
    """The README screenshot (docs/network.png is copied from test-artifacts/network-panel.png)."""
    offline_page.open(write_page(network_data(built_store, "zh"), tmp_path / "panel.html"))
    page = offline_page.page
    page.locator("#search").fill("行政执法公示制度")
    page.locator("#search").press("Enter")
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert panel.locator("h2").inner_text() == "行政执法公示制度" and panel.locator("blockquote").count() >= 1
    page.evaluate("window.legalkg.network.fit({animation: false})")
    offline_page.next_frames()
    page.screenshot(path=str(artifacts / "network-panel.png"))
    _assert_clean(offline_page)


def test_a_bureau_panel_lists_its_key_figures(offline_page, built_store, tmp_path):
    offline_page.open(write_page(network_data(built_store, "zh"), tmp_path / "figures.html"))
    page = offline_page.page
    page.locator("#search").fill("上虞区人力资源和社会保障局")
    page.locator("#search").press("Enter")
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    figures = panel.locator(".figure").all_inner_texts()
    assert "2020 行政诉讼败诉案件数: 1 件" in figures and len(figures) >= 5
    assert panel.locator("h3").first.inner_text() == f"关键数据 ({len(figures)})"
    _assert_clean(offline_page)


def test_department_filter_keeps_that_kind_of_body_and_roles_are_drawn_apart(offline_page, store, sample_corpus, tmp_path):
    from legalkg.graph.build import build

    market = tmp_path / "market.txt"
    market.write_text("杭州市市场监督管理局2023年法治政府建设年度报告\n2023年,在市委的领导下,我局推行包容审慎监管,"
                      "与市公安局建立联合执法机制。\n", encoding="utf-8")
    build([sample_corpus / "jinyun-2024-zh.txt", market], store)
    data = network_data(store, "zh")
    relations = {e.relation for e in data.edges}
    assert {"ledBy", "cooperatesWith"} <= relations and "worksWith" not in relations
    offline_page.open(write_page(data, tmp_path / "department.html"))
    page = offline_page.page
    legend = page.locator("body").inner_text()
    assert "受其领导" in legend and "协作" in legend
    page.locator("#filter-department").select_option("https://w3id.org/legalkg/id/department/market-regulation")
    bodies = {n.id for n in data.nodes if n.kind == "bureau" and n.category and n.category.endswith("/market-regulation")}
    assert len(bodies) == 1
    linked = {e.target for e in data.edges if e.source in bodies} | {e.source for e in data.edges if e.target in bodies}
    assert _drawn_ids(page) == bodies | linked
    _assert_clean(offline_page)
