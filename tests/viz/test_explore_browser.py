"""The overview-first page in headless Chromium, network blocked: groups open and close, a
double-click expands, search lists results, the URL keeps the view, the matrix links to the
evidence, and the view exports as PNG and SVG. Every wait is on a page event (a finished
render, a download), never on the clock."""
from __future__ import annotations

import pytest

from legalkg.viz.explore import tree

pytestmark = pytest.mark.browser

DRAWN = "window.legalkg.network.body.nodeIndices"


def _drawn(page) -> set[str]:  # noqa: ANN001
    return set(page.evaluate(DRAWN))


def _renders(page) -> int:  # noqa: ANN001
    return page.evaluate("window.legalkg.renders")


def _after_render(page, before: int) -> None:  # noqa: ANN001
    page.wait_for_function("n => window.legalkg.renders > n", arg=before, timeout=30000)


def _click(tab, node_id: str, double: bool = False) -> None:  # noqa: ANN001
    page = tab.page
    point = tab.point(node_id)
    before = _renders(page)
    if double:
        page.mouse.dblclick(point["x"], point["y"])
    else:
        page.mouse.click(point["x"], point["y"])
    _after_render(page, before)


def _zhejiang(data) -> str:  # noqa: ANN001
    groups = tree(data)
    return next(g for g in groups.top if groups.groups[g].labels["zh"] == "浙江省")


def test_overview_opens_on_groups_with_labels_that_never_overlap(grouped_page, artifacts):
    page, data = grouped_page.page, grouped_page.data
    groups = tree(data)
    drawn = _drawn(page)
    assert set(groups.top) <= drawn <= set(groups.top) | set(groups.loose) and len(drawn) <= 150
    assert not drawn & set(groups.parent_of)  # no grouped entity is drawn on its own
    boxes = page.evaluate("window.legalkg.labelBoxes()")
    assert len(boxes) >= len(groups.top) // 2
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]), (a, b)
    page.screenshot(path=str(artifacts / "overview-sample.png"))


def test_a_group_opens_on_click_and_closes_on_a_second_click(grouped_page):
    page, data = grouped_page.page, grouped_page.data
    zhejiang = _zhejiang(data)
    members = set(tree(data).groups[zhejiang].members)
    _click(grouped_page, zhejiang)
    assert members <= _drawn(page) and zhejiang in _drawn(page)  # the open group stays as a hub
    _click(grouped_page, zhejiang)
    assert not members & _drawn(page) and zhejiang in _drawn(page)


def test_double_click_expands_an_entity_and_the_breadcrumb_goes_back(grouped_page):
    page, data = grouped_page.page, grouped_page.data
    zhejiang = _zhejiang(data)
    _click(grouped_page, zhejiang)
    jinyun = "https://w3id.org/legalkg/id/bureau/jinyun-hrss"
    _click(grouped_page, jinyun, double=True)
    linked = {e.target for e in data.edges if e.source == jinyun}
    assert linked <= _drawn(page)
    assert page.locator("#crumbs button").count() == 2
    before = _renders(page)
    page.locator("#crumbs button").first.click()
    _after_render(page, before)
    assert not (linked - {jinyun}) <= _drawn(page) and page.locator("#crumbs button").count() == 1
    assert jinyun in _drawn(page)  # Zhejiang was open before the expansion, and still is


def test_search_lists_results_as_you_type_and_says_when_nothing_matches(grouped_page):
    page = grouped_page.page
    search = page.locator("#search")
    search.fill("hangzhou")
    items = page.locator("#results li.hit")
    items.first.wait_for(state="visible")
    assert "杭州市人力资源和社会保障局" in items.first.inner_text() and "部门" in items.first.inner_text()
    search.fill("市人力社保局")  # a generic alias: matching it would list every bureau
    page.locator("#results li.nomatch").wait_for(state="visible")
    search.fill("执法")
    page.locator("#results li.hit").nth(1).wait_for(state="visible")
    second = page.locator("#results li.hit .name").nth(1).inner_text()
    search.press("ArrowDown")
    search.press("ArrowDown")
    search.press("Enter")
    page.wait_for_function("name => document.querySelector('#panel h2').textContent === name", arg=second)
    search.fill("行政执法公示")
    page.locator("#results li.hit").first.wait_for(state="visible")
    page.locator("#results li.hit").first.click()
    page.wait_for_function("() => document.querySelector('#panel h2').textContent === '行政执法公示制度'")
    assert "https://w3id.org/legalkg/id/mechanism/law-enforcement-publicity" in _drawn(page)


def test_the_url_fragment_reopens_the_same_view(grouped_page, tab_allowing):
    page, data = grouped_page.page, grouped_page.data
    zhejiang = _zhejiang(data)
    _click(grouped_page, zhejiang)
    jinyun = "https://w3id.org/legalkg/id/bureau/jinyun-hrss"
    point = grouped_page.point(jinyun)
    page.mouse.click(point["x"], point["y"])
    page.locator("#panel").wait_for(state="visible")
    page.locator("input.kind-filter[value=agency]").uncheck()
    page.wait_for_function("() => location.hash.includes('hide=agency') && location.hash.includes('sel=')")
    url = page.url
    drawn = _drawn(page)
    again = tab_allowing()
    again.page.goto(url)
    again.page.wait_for_function("() => window.legalkg && window.legalkg.layoutMs !== null")
    assert _drawn(again.page) == drawn
    assert again.page.evaluate("window.legalkg.selected") == jinyun
    assert again.page.locator("#panel h2").inner_text() == "缙云县人力资源和社会保障局"
    assert not again.page.locator("input.kind-filter[value=agency]").is_checked()
    zoom = float(url.split("zoom=")[1].split("&")[0])
    assert again.page.evaluate("window.legalkg.network.getScale()") == pytest.approx(zoom, rel=0.01)
    assert again.errors == [] and again.blocked == []


def test_matrix_tab_sorts_and_clicks_through_to_the_evidence(grouped_page):
    page = grouped_page.page
    page.locator("#tabs button[data-view=matrix]").click()
    cells = page.locator("#matrix td.hit")
    cells.first.wait_for(state="visible")
    page.locator("#matrix th.col").nth(1).click()
    cells.first.click()
    panel = page.locator("#panel")
    panel.wait_for(state="visible")
    assert " → " in panel.locator("h2").inner_text() and panel.locator("blockquote").count() >= 1
    page.wait_for_function("() => location.hash.includes('view=matrix')")
    page.locator("#tabs button[data-view=adoption]").click()
    page.locator("#adoption th.row").first.wait_for(state="visible")


def test_the_view_exports_as_png_and_svg(grouped_page, tmp_path):
    page = grouped_page.page
    with page.expect_download() as png:
        page.locator("#export-png").click()
    saved = tmp_path / "view.png"
    png.value.save_as(saved)
    assert saved.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and saved.stat().st_size > 5000
    with page.expect_download() as svg:
        page.locator("#export-svg").click()
    svg.value.save_as(tmp_path / "view.svg")
    import xml.etree.ElementTree as ET

    root = ET.parse(tmp_path / "view.svg").getroot()
    assert root.tag.endswith("svg") and len(root.findall("{http://www.w3.org/2000/svg}circle")) == len(_drawn(page))
    assert grouped_page.blocked == [] and grouped_page.errors == []


def test_every_top_group_opens_to_its_members_and_closes_again(grouped_page):
    page, data = grouped_page.page, grouped_page.data
    groups = tree(data)
    shown = set(page.evaluate("window.legalkg.nodes.getIds()"))
    hidden_foreign = {n.id for n in data.nodes if n.kind != "bureau" and not n.labels.get("zh")}
    for gid in groups.top:
        group = groups.groups[gid]
        before = _renders(page)
        page.evaluate("id => window.legalkg.toggleGroup(id)", gid)
        _after_render(page, before)
        drawn = _drawn(page)
        assert set(group.members) - hidden_foreign <= drawn, gid
        for child in group.children:  # a subgroup shows unless every entity in it is filtered out
            below = {n for n, g in groups.parent_of.items() if child in groups.path(n)}
            assert child in drawn or below <= hidden_foreign, child
        before = _renders(page)
        page.evaluate("id => window.legalkg.toggleGroup(id)", gid)
        _after_render(page, before)
        assert _drawn(page) == shown, gid


def test_a_page_opened_on_the_matrix_draws_the_network_in_view_when_its_tab_is_chosen(offline_page, built_store, tmp_path):
    from legalkg.viz.network import network_data
    from legalkg.viz.page import write_page

    offline_page.open(write_page(network_data(built_store, "en"), tmp_path / "m.html", group_above=10, view="matrix"))
    page = offline_page.page
    page.locator("#matrix td.hit").first.wait_for(state="visible")
    assert not page.locator("#mynetwork").is_visible()
    page.locator("#tabs button[data-view=network]").click()
    page.wait_for_function("""() => {  // every node back inside the visible canvas
      const nw = window.legalkg.network, box = document.getElementById('mynetwork').getBoundingClientRect();
      const points = Object.values(nw.getPositions()).map(p => nw.canvasToDOM(p));
      return box.width > 0 && points.every(p => p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height);
    }""")
    page.wait_for_function("() => !location.hash.includes('view=')")
    labels = page.evaluate("window.legalkg.nodes.get().filter(n => n.isGroup).map(n => n.full)")
    assert any(label.startswith("Zhejiang (") for label in labels)


def test_the_page_opens_on_what_overview_returns(offline_page, built_store, tmp_path):
    """The static page draws the same first view a server would send as `overview()`."""
    from legalkg.viz.explore import overview
    from legalkg.viz.network import network_data
    from legalkg.viz.page import write_page

    data = network_data(built_store, "en")  # nothing is hidden by language in the English view
    offline_page.open(write_page(data, tmp_path / "same.html", group_above=10))
    first = overview(data)
    assert _drawn(offline_page.page) == {g["id"] for g in first["groups"]} | set(first["entities"])
    counts = offline_page.page.evaluate(
        "window.legalkg.edges.get().filter(e => e.count).reduce((n, e) => n + e.count, 0)")
    drawn_entity_links = offline_page.page.evaluate("window.legalkg.edges.get().filter(e => e.link !== undefined).length")
    assert counts + drawn_entity_links == sum(link["count"] for link in first["links"])


def test_hostile_labels_stay_text_in_groups_results_matrix_and_svg(offline_page, fixture_store, fx, tmp_path):
    from legalkg.viz.network import network_data
    from legalkg.viz.page import write_page

    offline_page.open(write_page(network_data(fixture_store, "zh"), tmp_path / "hostile.html", group_above=1))
    page = offline_page.page
    page.locator("#search").fill("script")
    page.locator("#results li.hit").first.wait_for(state="visible")
    assert fx.EVIL_AGENCY_LABEL in page.locator("#results").inner_text()
    page.locator("#tabs button[data-view=matrix]").click()
    page.locator("#tabs button[data-view=adoption]").click()
    page.locator("#tabs button[data-view=network]").click()
    for gid in page.evaluate("window.legalkg.nodes.get().filter(n => n.isGroup).map(n => n.id)"):
        before = _renders(page)
        page.evaluate("id => window.legalkg.toggleGroup(id)", gid)
        _after_render(page, before)
    with page.expect_download():
        page.locator("#export-svg").click()
    svg = page.evaluate("window.legalkg.lastSvg")
    assert "<script" not in svg and "<img" not in svg
    assert page.evaluate("document.querySelectorAll('img, #results script, #matrix script').length") == 0
    assert page.evaluate("window.__pwned") == 0 and offline_page.dialogs == [] and offline_page.blocked == []
