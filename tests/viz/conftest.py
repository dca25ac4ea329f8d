"""Fixtures of the viz tests: a small hand-written graph (TriG, following docs/design.md) with
hostile labels that conforms to the project's SHACL shapes (tests/viz/test_fixture.py), and browser tabs that
reach nothing but what a test allows (Chromium: tests/conftest.py)."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from legalkg.graph.store import Store, open_store

# Browser tests wait on events (the layout settled, a panel shown), never on a clock. This only
# stops a test whose event never comes; how fast a page settles is measured by `legalkg bench`.
HANG_GUARD_MS = 120_000
ID = "https://w3id.org/legalkg/id/"
HANGZHOU = ID + "bureau/hangzhou-hrss"
SHAOXING = ID + "bureau/shaoxing-hrss"
THREE_SYSTEMS = ID + "mechanism/three-systems"
PUBLICITY = ID + "mechanism/law-enforcement-publicity"
ORPHAN = ID + "mechanism/orphan"
EVIL_REG = ID + "regulation/evil"
EVIL_AGENCY = ID + "partner/evil"
EVIL_REG_LABEL = '《<img src=x onerror="window.__pwned=1">》'
EVIL_AGENCY_LABEL = "</script><script>window.__pwned=2</script>"
EVIL_ALIAS = '<a href="javascript:window.__pwned=3">href</a>'
EVIL_SENTENCE = "依据《<img src=x onerror=\"window.__pwned=1\">》开展工作 & <b>bold</b> <script>window.__pwned=4</script>"
PUBLICITY_SENTENCE = "推行行政执法公示制度。"
EN_SENTENCE = "We implemented the publicity system of administrative law enforcement."
# Offsets as the triple builder writes them (in the report's text): the second sentence of the
# 2019 report follows the first on the next line.
S2_START = len(EVIL_SENTENCE) + 1
TEXT_2019 = f"{EVIL_SENTENCE}\n{PUBLICITY_SENTENCE}"

FIXTURE_TRIG = f"""
@prefix lkg: <https://w3id.org/legalkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix id: <{ID}> .

<https://w3id.org/legalkg/graph/vocabulary> {{
  id:mechanism\\/three-systems a lkg:Mechanism ; skos:inScheme lkg:MechanismScheme ; skos:prefLabel "行政执法“三项制度”"@zh ,
      '''"three systems" of administrative law enforcement'''@en .
  id:mechanism\\/law-enforcement-publicity a lkg:Mechanism ; skos:inScheme lkg:MechanismScheme ; skos:prefLabel "行政执法公示制度"@zh ;
      skos:broader id:mechanism\\/three-systems .
  id:mechanism\\/orphan a lkg:Mechanism ; skos:inScheme lkg:MechanismScheme ; skos:prefLabel "无人提及的制度"@zh .
}}

id:report\\/hangzhou-2019-zh {{
  id:report\\/hangzhou-2019-zh a lkg:Report ; lkg:year 2019 ; lkg:sourceFile "hangzhou-2019-zh.txt" ; lkg:sha256 "{'1' * 64}" ;
      lkg:issuedBy id:bureau\\/hangzhou-hrss .
  id:bureau\\/hangzhou-hrss a lkg:Bureau ; skos:prefLabel "杭州市人力资源和社会保障局"@zh ,
      "Hangzhou Municipal Bureau of Human Resources and Social Security"@en ; skos:altLabel "市人力社保局"@zh .
  id:regulation\\/evil a lkg:Regulation ; skos:prefLabel '''{EVIL_REG_LABEL}'''@zh .
  id:partner\\/evil a lkg:Agency ; skos:prefLabel '''{EVIL_AGENCY_LABEL}'''@zh ; skos:altLabel '''{EVIL_ALIAS}'''@zh .
  id:bureau\\/hangzhou-hrss lkg:implements id:mechanism\\/law-enforcement-publicity ;
      lkg:cites id:regulation\\/evil ; lkg:worksWith id:partner\\/evil .
  <{ID}report/hangzhou-2019-zh#char=0,{len(TEXT_2019)}> lkg:text '''{TEXT_2019}''' .
  <{ID}report/hangzhou-2019-zh#char=2,{2 + len(EVIL_REG_LABEL)}> lkg:about id:regulation\\/evil .
  <{ID}report/hangzhou-2019-zh#char={S2_START + 2},{S2_START + 10}> lkg:about id:mechanism\\/law-enforcement-publicity .
}}

id:report\\/hangzhou-2020-en {{
  id:report\\/hangzhou-2020-en a lkg:Report ; lkg:year 2020 ; lkg:sourceFile "hangzhou-2020-en.txt" ; lkg:sha256 "{'2' * 64}" ;
      lkg:issuedBy id:bureau\\/hangzhou-hrss ; dcterms:language "en" .
  id:bureau\\/hangzhou-hrss a lkg:Bureau ;
      skos:prefLabel "Hangzhou Municipal Bureau of Human Resources and Social Security"@en ;
      lkg:implements id:mechanism\\/law-enforcement-publicity .
  <{ID}report/hangzhou-2020-en#char=0,{len(EN_SENTENCE)}> lkg:text "{EN_SENTENCE}" .
  <{ID}report/hangzhou-2020-en#char=19,69> lkg:about id:mechanism\\/law-enforcement-publicity .
}}

id:report\\/shaoxing-2021-en {{
  id:report\\/shaoxing-2021-en a lkg:Report ; lkg:year 2021 ; lkg:sourceFile "shaoxing-2021-en.txt" ;
      lkg:sha256 "{'3' * 64}" ; lkg:issuedBy id:bureau\\/shaoxing-hrss .
  id:bureau\\/shaoxing-hrss a lkg:Bureau ; skos:prefLabel "Shaoxing Bureau"@en .
}}
"""


def fill_fixture_store(target: Store) -> None:
    """Load FIXTURE_TRIG into `target` with Oxigraph's own parser."""
    import pyoxigraph as ox

    target.ox.load(FIXTURE_TRIG.encode("utf-8"), format=ox.RdfFormat.TRIG)


@pytest.fixture(scope="session")
def fixture_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("viz") / "store"
    with open_store(path) as opened:
        fill_fixture_store(opened)
    return path


@pytest.fixture
def fixture_store(fixture_store_path: Path) -> Iterator[Store]:
    with open_store(fixture_store_path, read_only=True) as opened:
        yield opened


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (gitignored), for screenshots and timings."""
    folder = Path(__file__).resolve().parents[2] / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder


NODE_POINT = """(id) => {
  const network = window.legalkg.network;
  const dom = network.canvasToDOM(network.getPositions([id])[id]);
  const box = document.getElementById('mynetwork').getBoundingClientRect();
  return {x: box.left + dom.x, y: box.top + dom.y};
}"""


class OfflinePage:
    """A browser tab that aborts every request other than file:, data: and the `allow`ed URL
    prefixes, and records every request attempted, console error, page error and dialog."""

    def __init__(self, browser, allow: tuple[str, ...] = ()) -> None:  # noqa: ANN001
        self.allow = ("file:", "data:", *allow)
        self.page = browser.new_page(viewport={"width": 1400, "height": 900})
        self.page.set_default_timeout(HANG_GUARD_MS)
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda msg: msg.type in ("error", "warning") and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("dialog", self._dialog)
        self.page.add_init_script("window.__pwned = 0;")

    def _route(self, route) -> None:  # noqa: ANN001
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.allow):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _dialog(self, dialog) -> None:  # noqa: ANN001
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def point(self, node_id: str) -> dict[str, float]:
        """Where node `node_id` is drawn, in page coordinates (for mouse clicks)."""
        return self.page.evaluate(NODE_POINT, node_id)

    def open(self, path: Path) -> None:
        """Load the page and wait until the layout has settled."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("() => window.legalkg && window.legalkg.layoutMs !== null")

    def next_frames(self) -> None:
        """Wait until the browser has drawn two more frames: whatever the last input set off
        (a click handler, a redraw) has run, without guessing a time."""
        self.page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.fixture
def offline_page(chromium) -> Iterator[OfflinePage]:  # noqa: ANN001
    tab = OfflinePage(chromium)
    try:
        yield tab
    finally:
        tab.page.close()


@pytest.fixture(scope="session")
def fx():  # noqa: ANN201
    """The IRIs and hostile strings of FIXTURE_TRIG (test modules cannot import conftest)."""
    from types import SimpleNamespace

    return SimpleNamespace(
        HANGZHOU=HANGZHOU, SHAOXING=SHAOXING, THREE_SYSTEMS=THREE_SYSTEMS, PUBLICITY=PUBLICITY, ORPHAN=ORPHAN,
        EVIL_REG=EVIL_REG, EVIL_AGENCY=EVIL_AGENCY, EVIL_REG_LABEL=EVIL_REG_LABEL,
        EVIL_AGENCY_LABEL=EVIL_AGENCY_LABEL, EVIL_ALIAS=EVIL_ALIAS, EVIL_SENTENCE=EVIL_SENTENCE,
    )


@pytest.fixture
def tab_allowing(chromium):  # noqa: ANN001, ANN201
    """Make an OfflinePage that may also reach the given URL prefixes (a local server)."""
    tabs: list[OfflinePage] = []

    def make(*allow: str) -> OfflinePage:
        tabs.append(OfflinePage(chromium, allow))
        return tabs[-1]

    yield make
    for tab in tabs:
        tab.page.close()


@pytest.fixture
def grouped_page(offline_page, built_store, tmp_path):  # noqa: ANN001, ANN201
    """The sample network opened on its overview (groups above 10 nodes), with helpers to click
    a drawn node and wait for the page to finish drawing."""
    from legalkg.viz.network import network_data
    from legalkg.viz.page import write_page

    data = network_data(built_store, "zh")
    path = write_page(data, tmp_path / "grouped.html", group_above=10)
    offline_page.open(path)
    offline_page.data = data
    offline_page.path = path
    return offline_page


@contextmanager
def _serving(store_path: Path) -> Iterator[str]:
    """`legalkg serve` over `store_path` on a free port, quiet, one worker; yields its origin."""
    import threading

    from legalkg.queries.limits import Limits
    from legalkg.serve.app import ServeConfig, make_server

    server = make_server(ServeConfig(store=store_path, port=0, quiet=True, workers=1,
                                     limits=Limits(timeout_s=20, memory_mb=1024)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.origin
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def served_explorer(built_store_path: Path) -> Iterator[str]:
    """The sample store served (for the served explorer); yields the origin."""
    with _serving(built_store_path) as origin:
        yield origin


@pytest.fixture(scope="module")
def served_hostile(fixture_store_path: Path) -> Iterator[str]:
    """The store with hostile labels served; yields the origin."""
    with _serving(fixture_store_path) as origin:
        yield origin

