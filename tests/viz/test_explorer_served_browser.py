"""The served explorer in headless Chromium, every request outside the server's origin blocked:
it opens on the store's groups, a click on a group fetches and draws its members, a double-click
on an entity fetches its neighbours, the breadcrumb closes the group, hostile labels stay text."""
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
    group = tab.page.evaluate("""() => window.legalkg.nodes.get()
        .filter(n => n.group === 'group' && window.legalkg.state.groups[n.id].members.length)
        .sort((a, b) => b.size - a.size)[0].id""")
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
    tab.page.wait_for_timeout(1500)  # a double-click on a member fetches its neighbours
    point = tab.point(answer["entities"][0])
    tab.page.mouse.dblclick(point["x"], point["y"])
    tab.page.wait_for_function("() => window.legalkg.state.fetched.some(u => u.includes('node='))", timeout=15000)
    tab.page.wait_for_function(READY, timeout=15000)
    assert "neighbours" in tab.page.inner_text("#status")
    crumbs = tab.page.locator("#crumbs button")
    assert crumbs.count() == 1
    crumbs.first.click()
    tab.page.wait_for_function("() => window.legalkg.state.opened.length === 0 && window.legalkg.state.ready",
                               timeout=15000)
    assert group in _drawn(tab)
    assert not tab.blocked and not tab.errors


def test_served_explorer_keeps_hostile_labels_as_text(served_hostile, tab_allowing, fx) -> None:  # noqa: ANN001
    tab = tab_allowing(served_hostile)
    _open(tab, served_hostile + "/explore?lang=zh")
    for _ in range(6):  # open every group, level by level, as clicks would
        closed = tab.page.evaluate("() => window.legalkg.nodes.get().filter(n => n.group === 'group').map(n => n.id)")
        if not closed:
            break
        for gid in closed:
            tab.page.evaluate("(gid) => window.legalkg.openGroup(gid)", gid)
    drawn = tab.page.evaluate("() => Object.fromEntries(window.legalkg.nodes.get().map(n => [n.id, n.label]))")
    assert fx.EVIL_AGENCY in drawn and fx.EVIL_REG in drawn
    tab.page.evaluate("(id) => window.legalkg.expandEntity(id)", fx.EVIL_AGENCY)
    tab.page.wait_for_timeout(1500)
    point = tab.point(fx.EVIL_REG)
    tab.page.mouse.move(point["x"], point["y"])
    tab.page.wait_for_timeout(800)
    assert tab.page.evaluate("window.__pwned") == 0 and not tab.dialogs
    assert tab.page.locator("img, a[href^='javascript']").count() == 0
    assert "</script>" in tab.page.evaluate("(id) => window.legalkg.nodes.get(id).title", fx.EVIL_AGENCY)
    assert not tab.blocked and not tab.errors
