"""Shared fixtures: the sample corpus, fresh stores, and one store built from the samples."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path

import pytest

from legalkg.graph.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


# -- in CI every part is there: a browser or server test that skips is a failure ----------------

PARTS = {"browser": "chromium", "server": "oxigraph_server"}  # marker -> the fixture that provides it


def in_ci() -> bool:
    """CI sets CI=true (so do most CI services); a user's run may lack Chromium or a server."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _needed_part(item: pytest.Item) -> str | None:
    names = set(getattr(item, "fixturenames", ()))
    for marker, fixture in PARTS.items():
        if item.get_closest_marker(marker) is not None or fixture in names:
            return marker
    return None


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """With CI=true, turn the skip of a test that needs a browser or a server into a failure
    that says what was missing: a missing part must fail CI, not pass it quietly."""
    outcome = yield
    report = outcome.get_result()
    part = _needed_part(item)
    if report.skipped and part and in_ci() and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"{part} test skipped in CI (CI=true), which needs every part: {reason}"


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The five sample reports shipped as package data."""
    return Path(str(files("legalkg.ingest").joinpath("samples/corpus")))


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return DATA / "gold"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """A path for a new on-disk store."""
    return tmp_path / "store"


@pytest.fixture
def store(store_path: Path) -> Iterator[Store]:
    """A fresh, empty on-disk store opened for writing."""
    with open_store(store_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def built_store_path(tmp_path_factory: pytest.TempPathFactory, sample_corpus: Path) -> Path:
    """A store built once from the sample corpus (closed; open it read-only in tests)."""
    from legalkg.graph.build import build

    path = tmp_path_factory.mktemp("built") / "store"
    with open_store(path) as opened:
        report = build([sample_corpus], opened)
    assert report.ok, report.skipped
    return path


@pytest.fixture
def built_store(built_store_path: Path) -> Iterator[Store]:
    """The sample-corpus store, opened read-only."""
    with open_store(built_store_path, read_only=True) as opened:
        yield opened


# -- semantic layer: a small graph made by the real triple builder, and a real SPARQL server --

MINI_REPORTS = {
    "hangzhou-2019-zh.txt": (
        "zh", 2019,
        "杭州市人力资源和社会保障局2019年法治政府建设年度报告。全面落实行政执法“三项制度”。"
        "依据《保障农民工工资支付条例》，会同市中级人民法院开展专项行动。下一步，将推行行政执法公示制度。",
    ),
    "hangzhou-2020-en.txt": (
        "en", 2020,
        "Hangzhou Municipal Bureau of Human Resources and Social Security: 2020 report. "
        "We implemented the publicity system of administrative law enforcement. "
        "We applied the Regulations on Guaranteeing Wage Payment of Migrant Workers. "
        "We piloted a case notification system.",
    ),
    "shaoxing-2020-zh.txt": (
        "zh", 2020,
        "绍兴市人力资源和社会保障局2020年法治政府建设年度报告。严格执行执法全过程记录制度和行政执法“三项制度”。"
        "认真贯彻《保障农民工工资支付条例》。全年办理行政复议案件3件，行政诉讼败诉率为0%。",
    ),
}
MINI_BUREAUS = {
    "hangzhou": {"zh": "杭州市人力资源和社会保障局",
                 "en": "Hangzhou Municipal Bureau of Human Resources and Social Security"},
    "shaoxing": {"zh": "绍兴市人力资源和社会保障局"},
}
MINI_PLACES = {"hangzhou": "330100", "shaoxing": "330600"}  # GB/T 2260 codes of 杭州市, 绍兴市
MECHANISM_LABELS = {
    "three-systems": ({"zh": "行政执法“三项制度”", "en": '"three systems" of administrative law enforcement'}, []),
    "law-enforcement-publicity": (
        {"zh": "行政执法公示制度", "en": "publicity system of administrative law enforcement"}, ["three-systems"]),
    "whole-process-recording": (
        {"zh": "执法全过程记录制度", "en": "record system of the whole process of administrative law enforcement"},
        ["three-systems"]),
}


def _mini_extraction(name: str):  # noqa: ANN202
    """An Extraction as the extractor would make it for one MINI_REPORTS text."""
    import hashlib

    from legalkg.ingest.model import Document, Entity, Extraction, Figure, Mention

    language, year, text = MINI_REPORTS[name]
    bureau_key = name.split("-")[0]

    def mention(kind: str, surface: str, status: str = "done") -> Mention:
        start = text.index(surface)
        s_start = max(text.rfind("。", 0, start), text.rfind(". ", 0, start)) + 1
        s_end = min(i for i in (text.find("。", start), text.find(". ", start), len(text)) if i >= 0)
        return Mention(kind, surface, start, start + len(surface), s_start, s_end, status)  # type: ignore[arg-type]

    def entity(kind: str, key: str, labels: dict[str, str], surfaces: list[tuple[str, str]], **kw) -> Entity:
        return Entity(kind, key, labels.get(language) or next(iter(labels.values())), dict(labels),
                      aliases=[s for s, _ in surfaces], mentions=[mention(kind, s, st) for s, st in surfaces], **kw)

    bureau_labels = MINI_BUREAUS[bureau_key]
    bureau = Entity("bureau", bureau_key, bureau_labels.get(language, bureau_labels["zh"]), dict(bureau_labels),
                    department="hrss", admin_level="municipal")
    regulation = entity(
        "regulation", "migrant-wage-regulations",
        {"zh": "保障农民工工资支付条例", "en": "Regulations on Guaranteeing Wage Payment of Migrant Workers"},
        [("保障农民工工资支付条例" if language == "zh" else "Regulations on Guaranteeing Wage Payment of Migrant Workers",
          "done")],
        level="state-council-regulation",
    )
    mechanisms, partners = [], []
    if name == "hangzhou-2019-zh.txt":
        mechanisms.append(entity("mechanism", "three-systems", MECHANISM_LABELS["three-systems"][0],
                                 [("行政执法“三项制度”", "done")], curated=True))
        mechanisms.append(entity("mechanism", "law-enforcement-publicity",
                                 MECHANISM_LABELS["law-enforcement-publicity"][0], [("行政执法公示制度", "planned")],
                                 curated=True, broader=["three-systems"]))
        partners.append(entity("partner", "intermediate-court", {"zh": "中级人民法院"}, [("中级人民法院", "done")]))
    elif name == "hangzhou-2020-en.txt":
        mechanisms.append(entity("mechanism", "law-enforcement-publicity",
                                 MECHANISM_LABELS["law-enforcement-publicity"][0],
                                 [("publicity system of administrative law enforcement", "done")],
                                 curated=True, broader=["three-systems"]))
        mechanisms.append(entity("mechanism", "case-notification-5d1e2a", {"en": "case notification system"},
                                 [("case notification system", "done")], curated=False))
    else:
        mechanisms.append(entity("mechanism", "three-systems", MECHANISM_LABELS["three-systems"][0],
                                 [("行政执法“三项制度”", "done")], curated=True))
        mechanisms.append(entity("mechanism", "whole-process-recording",
                                 MECHANISM_LABELS["whole-process-recording"][0], [("执法全过程记录制度", "done")],
                                 curated=True, broader=["three-systems"]))
    figures = []
    if name == "shaoxing-2020-zh.txt":
        for indicator, unit, words, value in (("reconsideration-received", "case", "行政复议案件3件", 3),
                                              ("litigation-loss-rate", "percent", "败诉率为0%", 0)):
            found = mention("figure", words)
            figures.append(Figure(indicator, value, unit, found.start, found.end, found.sentence_start,
                                  found.sentence_end))
    document = Document(name, text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    plans = [(text.index("下一步"), len(text))] if "下一步" in text else []  # what the "planned" mentions stand in
    return Extraction(document, language, year, bureau, [regulation], mechanisms, partners, figures,
                      title=text.split("。")[0].split(":")[0], place=MINI_PLACES[bureau_key], plans=plans)


def fill_mini_store(target: Store) -> None:
    """Write the three MINI_REPORTS graphs and the vocabulary graph into `target`."""
    import pyoxigraph as ox

    from legalkg.graph.build import install_vocabulary
    from legalkg.graph.iris import report_iri
    from legalkg.graph.triples import report_nquads

    install_vocabulary(target)
    for name in MINI_REPORTS:
        target.write_report(ox.NamedNode(str(report_iri(name))), report_nquads(_mini_extraction(name)))


@pytest.fixture(scope="session")
def mini_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed on-disk store with three small reports (two bureaus, three mechanisms, both
    languages, done and planned), built by the real triple builder; open it read-only."""
    path = tmp_path_factory.mktemp("mini") / "store"
    with open_store(path) as opened:
        fill_mini_store(opened)
    return path


@pytest.fixture
def mini_store(mini_store_path: Path) -> Iterator[Store]:
    with open_store(mini_store_path, read_only=True) as opened:
        yield opened


CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The Chromium executable (on the PATH or Playwright's own). Without one the browser tests
    skip on a user's machine and fail in CI (the hook below)."""
    from legalkg.bench.viz import CHROMIUM_NAMES, find_chromium

    found = find_chromium()
    if found is None:
        pytest.skip(f"no Chromium: none of {', '.join(CHROMIUM_NAMES)} on the PATH and no Playwright build "
                    "(apt-get install chromium, or playwright install chromium)")
    return found


@pytest.fixture(scope="session")
def chromium(chromium_path: Path):  # noqa: ANN201
    """Headless Chromium under Playwright (a declared test dependency, so imported, not skipped)."""
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _oxigraph(location: Path, log: Path, *options: str) -> Iterator[str]:
    """Run `oxigraph serve` on `location` on a free local port until the block ends; yields its URL."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        pytest.skip("the `oxigraph` server executable is not installed (pip install oxigraph)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log, "wb") as sink:
        proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", *options],
                                stdout=sink, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"oxigraph serve did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="session")
def start_oxigraph(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """Start a fresh Oxigraph server of its own: `with start_oxigraph(*options) as url:`."""
    def start(*options: str):  # noqa: ANN202
        folder = tmp_path_factory.mktemp("oxigraph")
        return _oxigraph(folder / "store", folder / "server.log", *options)

    return start


@pytest.fixture(scope="session")
def oxigraph_server(start_oxigraph) -> Iterator[str]:  # noqa: ANN001
    """A real Oxigraph SPARQL server (union default graph) on a free local port, stopped at the
    end of the session; yields its base URL (query at /query, Graph Store at /store)."""
    with start_oxigraph("--union-default-graph") as base:
        yield base
