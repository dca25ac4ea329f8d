"""Timings of the network page for `legalkg bench`: page generation time and time until the
layout settles in headless Chromium, for synthetic graphs of 100, 1,000 and 5,000 nodes.

`page_timings()` returns plain dicts; the browser part needs Playwright and a Chromium
executable (`find_chromium()`: on the PATH, else the one Playwright installed) and is skipped
with a note when either is missing. Run alone: `python -m legalkg.viz.bench [sizes...]`.
"""
from __future__ import annotations

import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from legalkg.viz.network import Evidence, NetworkData, NetworkEdge, NetworkNode
from legalkg.viz.page import write_page

SIZES = (100, 1000, 5000)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SHARES = (("bureau", 0.08), ("mechanism", 0.3), ("regulation", 0.4), ("agency", 0.22))
RELATION = {"mechanism": "implements", "regulation": "cites", "agency": "worksWith"}


def synthetic_network(nodes: int, *, seed: int = 7) -> NetworkData:
    """A graph shaped like a real one: few bureaus, each linked to many of the other nodes (about
    1.5 links per node, popular targets more often), one evidence sentence per link."""
    rng = random.Random(seed)
    made: dict[str, list[NetworkNode]] = {}
    left = nodes
    for number, (kind, share) in enumerate(SHARES):
        count = left if number == len(SHARES) - 1 else max(1, round(nodes * share))
        left -= count
        made[kind] = [NetworkNode(f"urn:{kind}:{i}", kind, f"{kind} {i}", {"en": f"{kind} {i}"},  # type: ignore[arg-type]
                                  years=[2019 + i % 5]) for i in range(count)]
    everything = [node for group in made.values() for node in group]
    bureaus = [n for n in everything if n.kind == "bureau"]
    others = [n for n in everything if n.kind != "bureau"]
    edges, seen = [], set()
    for target in others:
        for _ in range(1 + (rng.random() < 0.5)):
            bureau = bureaus[int(len(bureaus) * rng.random() ** 2)]
            if (bureau.id, target.id) not in seen:
                seen.add((bureau.id, target.id))
                evidence = [Evidence(f"{bureau.label} 与 {target.label} 的依据句子。", "synthetic.txt", target.years[0])]
                edges.append(NetworkEdge(bureau.id, target.id, RELATION[target.kind], evidence))  # type: ignore[arg-type]
    degree: dict[str, int] = {}
    for edge in edges:
        degree[edge.source] = degree.get(edge.source, 0) + 1
        degree[edge.target] = degree.get(edge.target, 0) + 1
    for node in everything:
        node.degree = degree.get(node.id, 0)
    return NetworkData(everything, edges, "en")


def _settle_ms(browser: Any, page_path: Path, timeout_ms: int) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        started = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_function("() => window.legalkg && window.legalkg.layoutMs !== null", timeout=timeout_ms)
        wall = (time.perf_counter() - started) * 1000
        return {"layout_ms": round(page.evaluate("() => window.legalkg.layoutMs")), "load_to_settled_ms": round(wall)}
    finally:
        page.close()


def find_chromium() -> Path | None:
    """A Chromium to drive: the first of CHROMIUM_NAMES on the PATH (Debian's package, a
    distribution's browser), else the build `playwright install chromium` put in its cache.
    Not inside a running Playwright loop: the fallback starts Playwright to ask it."""
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return Path(found)
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = Path(playwright.chromium.executable_path)
    except Exception:  # noqa: BLE001 - no Playwright, or no driver: no browser either
        return None
    return path if path.is_file() else None


def page_timings(sizes: tuple[int, ...] = SIZES, *, chromium: Path | None = None, timeout_s: float = 120) -> dict[str, Any]:
    """{"sizes": [{nodes, edges, generation_s, html_mb, layout_ms, load_to_settled_ms}], "notes": [...]}."""
    rows: list[dict[str, Any]] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="legalkg-viz-bench-") as folder:
        pages = []
        for size in sizes:
            data = synthetic_network(size)
            started = time.perf_counter()
            path = write_page(data, Path(folder) / f"network-{size}.html")
            rows.append({"nodes": len(data.nodes), "edges": len(data.edges),
                         "generation_s": round(time.perf_counter() - started, 3),
                         "html_mb": round(path.stat().st_size / 2**20, 2)})
            pages.append(path)
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            notes.append("layout not timed: playwright is not installed")
            return {"sizes": rows, "notes": notes}
        chromium = chromium or find_chromium()
        if chromium is None or not chromium.exists():
            notes.append(f"layout not timed: no Chromium ({chromium or ', '.join(CHROMIUM_NAMES)} absent)")
            return {"sizes": rows, "notes": notes}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium), args=["--headless=new", "--no-sandbox"])
            try:
                for row, path in zip(rows, pages):
                    row.update(_settle_ms(browser, path, int(timeout_s * 1000)))
            finally:
                browser.close()
    return {"sizes": rows, "notes": notes}


if __name__ == "__main__":
    wanted = tuple(int(arg) for arg in sys.argv[1:]) or SIZES
    print(json.dumps(page_timings(wanted), indent=1))
