"""YASGUI in `legalkg serve`, in headless Chromium with every other host blocked: a named query
runs from its tab and a result IRI opens the entity's page on the same server."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from legalkg.serve.yasguipage import tab_text

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(built_store_path, serve_config, serve_running) -> Iterator[str]:  # noqa: ANN001
    with serve_running(serve_config(built_store_path, workers=1)) as server:
        yield server.origin + "/"


def test_yasguipage_tab_text_binds_parameters_as_a_values_row():
    query = {"text": "SELECT ?m WHERE { ?bureau <https://w3id.org/legalkg/ontology#implements> ?m }",
             "lang": True, "params": [{"name": "bureau", "meaning": "only this bureau"}]}
    text = tab_text(query)
    assert "VALUES (?bureau ?lang) { (UNDEF \"en\") }" in text and "# ?bureau: only this bureau" in text
    assert tab_text({"text": "ASK {}", "lang": False, "params": []}) == "ASK {}"


def test_yasguipage_serves_only_its_own_files(served, http):
    assert http(served + "yasgui/yasgui.min.js").media_type == "text/javascript"
    assert http(served + "yasgui/yasgui.min.css").media_type == "text/css"
    for path in ("yasgui/query.js", "yasgui/../routes.py", "yasgui/yasgui.html.j2"):
        assert http(served + path).status == 404


def test_yasguipage_runs_a_named_query_offline_and_follows_a_result_iri(chromium, served):
    page = chromium.new_page(viewport={"width": 1400, "height": 1000})
    requests, blocked, errors = [], [], []

    def route(request_route) -> None:  # noqa: ANN001
        url = request_route.request.url
        requests.append(url)
        if url.startswith(served):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(served + "yasgui")
        tabs = page.evaluate("window.legalkgTabs")
        assert "bureau-mechanisms" in tabs and "resolve-label" not in tabs
        page.locator(".tab", has_text="Departments x mechanisms").first.click()
        assert "VALUES" in page.locator(".tabPanel.active .CodeMirror").inner_text()
        page.locator(".tabPanel.active .yasqe_queryButton").click()
        link = page.locator(".tabPanel.active .yasr a.legalkg-local[href^='/id/bureau/']").first
        link.wait_for(timeout=15000)
        href = link.get_attribute("href")
        link.click(position={"x": 8, "y": 6})  # the cell cuts long IRIs: click their visible start
        page.wait_for_url(served.rstrip("/") + href, timeout=10000)
        assert page.locator("h1").inner_text() and page.locator("#out").count() == 1
        assert "lkg:implements" in page.content()
    finally:
        page.close()
    assert blocked == [] and all(url.startswith(served) for url in requests)
    assert errors == []
