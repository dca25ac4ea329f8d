"""The query page of `legalkg serve` in headless Chromium: only the server itself is reachable."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(built_store_path, serve_config, serve_running) -> Iterator[str]:  # noqa: ANN001
    with serve_running(serve_config(built_store_path, workers=1)) as server:
        yield server.origin + "/"


@pytest.fixture
def tab(chromium, served):  # noqa: ANN001, ANN201
    """A tab that may reach only the server: every other request is aborted and recorded."""
    page = chromium.new_page()
    seen: dict[str, list[str]] = {"requests": [], "blocked": [], "errors": []}

    def route(request_route) -> None:  # noqa: ANN001
        url = request_route.request.url
        seen["requests"].append(url)
        if url.startswith(served):
            request_route.continue_()
        else:
            seen["blocked"].append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: msg.type == "error" and seen["errors"].append(msg.text))
    yield page, seen
    page.close()


def test_query_page_runs_a_named_query_offline_and_draws_the_rows(tab, served):
    page, seen = tab
    page.goto(served)
    page.locator("nav button[data-name=bureau-mechanisms]").click()
    page.locator("#params input[name=bureau]").fill("杭州市人力资源和社会保障局")
    page.locator("#run").click()
    page.wait_for_function("() => window.legalkg.done === 1")
    rows = page.evaluate("window.legalkg.rows")
    assert rows > 5
    assert page.locator("#results tr").count() == rows + 1
    assert "杭州市人力资源和社会保障局" in page.locator("#results").inner_text()
    assert set(page.locator("#results td:first-child").all_inner_texts()) == {"https://w3id.org/legalkg/id/bureau/hangzhou-hrss"}

    page.locator("#query").fill("SELECT (COUNT(*) AS ?n) WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    page.locator("#run").click()
    page.wait_for_function("() => window.legalkg.done === 2")
    assert "SERVICE reaches the network" in page.locator("#status").inner_text()
    assert seen["blocked"] == [] and all(url.startswith(served) for url in seen["requests"])
    assert [e for e in seen["errors"] if "403" not in e] == []
