"""The served explorer in headless Chromium, every request outside the server's origin blocked:
it opens on the store's groups, and a click on a group fetches and draws its members."""
from __future__ import annotations

READY = "() => window.legalkg && window.legalkg.state && window.legalkg.state.ready"


def _drawn(tab) -> list[str]:  # noqa: ANN001
    return tab.page.evaluate("() => window.legalkg.nodes.getIds()")


def _open(tab, url: str) -> None:  # noqa: ANN001
    tab.page.goto(url)
    tab.page.wait_for_function(READY, timeout=15000)


def test_served_explorer_opens_on_the_stores_groups(served_explorer, tab_allowing) -> None:  # noqa: ANN001
    tab = tab_allowing(served_explorer)
    _open(tab, served_explorer + "/explore?lang=zh")
    top = tab.page.evaluate("() => fetch('/explore/overview.json?lang=zh').then(r => r.json()).then(a => a.top)")
    drawn = _drawn(tab)
    assert top and set(top) <= set(drawn)
    assert not tab.blocked and not tab.errors
    assert all(url.startswith(served_explorer) for url in tab.requests)


def test_served_explorer_click_on_a_group_fetches_its_members(served_explorer, tab_allowing) -> None:  # noqa: ANN001
    tab = tab_allowing(served_explorer)
    _open(tab, served_explorer + "/explore?lang=en")
    tab.page.wait_for_timeout(1500)  # let the layout settle so the node stays under the pointer
    group = tab.page.evaluate(
        "() => window.legalkg.nodes.get().filter(n => n.group === 'group').sort((a, b) => b.size - a.size)[0].id")
    point = tab.point(group)
    tab.page.mouse.click(point["x"], point["y"])
    tab.page.wait_for_function(
        "(gid) => window.legalkg.state.opened.includes(gid) && window.legalkg.state.ready", arg=group, timeout=15000)
    expand_urls = [u for u in tab.requests if "/explore/expand.json" in u]
    assert expand_urls and "group=" in expand_urls[-1]
    answer = tab.page.evaluate(
        "(gid) => fetch('/explore/expand.json?lang=en&group=' + encodeURIComponent(gid)).then(r => r.json())", group)
    members = [g["id"] for g in answer["groups"]] + answer["entities"]
    drawn = _drawn(tab)
    assert members and set(members) <= set(drawn) and group not in drawn
    assert "Opened" in tab.page.inner_text("#status")
    crumbs = tab.page.locator("#crumbs button")
    assert crumbs.count() == 1
    crumbs.first.click()
    tab.page.wait_for_function("() => window.legalkg.state.opened.length === 0 && window.legalkg.state.ready",
                               timeout=15000)
    assert group in _drawn(tab)
    assert not tab.blocked and not tab.errors
