// legalkg network page: overview groups, entities, side panel, search, URL state; the table
// views are in tables.js and the export in export.js (inlined before this file, one script).
// Document text only ever reaches the page through textContent / innerText (never innerHTML).
// What is drawn is worked out from three things: which groups are open, which entities are
// pinned (shown on their own by a search or a double-click), and the filters; `render()` turns
// them into vis-network nodes and edges, so a server could send the same group and link tables.
(function () {
  "use strict";
  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }
  function fill(template, values) {
    return Object.keys(values).reduce(function (out, key) { return out.split("{" + key + "}").join(values[key]); }, template);
  }

  var text = readJson("lkg-text");
  var G = readJson("lkg-graph");
  var entities = readJson("lkg-nodes");
  var links = readJson("lkg-edges");
  var options = readJson("lkg-options");
  var byId = {}, groups = {}, paths = {}, around = {};
  entities.forEach(function (n) { byId[n.id] = n; around[n.id] = []; });
  G.groups.forEach(function (g) { groups[g.id] = g; });
  entities.forEach(function (n) {
    var path = [], g = n.parent;
    while (g) { path.unshift(g); g = groups[g].parent; }
    paths[n.id] = path;
  });
  links.forEach(function (e, i) {
    e.index = i;
    e.id = "e" + i;
    e.from = entities[e.from].id;
    e.to = entities[e.to].id;
    around[e.from].push(e);
    around[e.to].push(e);
  });

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var container = document.getElementById("mynetwork");
  var panel = document.getElementById("panel");
  var started = performance.now();
  var state = {
    network: null, nodes: nodes, edges: edges, layoutMs: null, stabilizedAt: null, renders: 0,
    opened: new Set(), pinned: new Set(), crumbs: [], view: "network", selected: null, exported: null,
  };
  window.legalkg = state;
  if (G.flat) { G.groups.forEach(function (g) { state.opened.add(g.id); }); }

  // -- filters ------------------------------------------------------------------------------
  function chosen(name) {
    var menu = document.getElementById("filter-" + name);
    return menu ? menu.value : "";
  }
  function neighbourhood(ids) {
    var keep = new Set(ids);
    ids.forEach(function (id) { (around[id] || []).forEach(function (e) { keep.add(e.from); keep.add(e.to); }); });
    return keep;
  }
  var foreignBox = document.getElementById("show-foreign");
  var foreignCount = entities.filter(function (n) { return n.foreign && n.kind !== "bureau"; }).length;
  if (foreignCount && G.lang === "zh") {
    document.getElementById("foreign-box").hidden = false;
    document.querySelector("#foreign-box span").textContent = fill(text.foreign, { n: foreignCount });
  }
  function filterTest() {
    var kinds = new Set();
    document.querySelectorAll("input.kind-filter").forEach(function (box) { if (box.checked) { kinds.add(box.value); } });
    var year = chosen("year") ? Number(chosen("year")) : null;
    var within = [];
    if (chosen("bureau")) { within.push(neighbourhood([chosen("bureau")])); }
    if (chosen("mechanism")) { within.push(neighbourhood([chosen("mechanism")])); }
    ["place", "province", "department"].forEach(function (key) {
      var wanted = chosen(key);
      if (wanted) {
        within.push(neighbourhood(entities.filter(function (n) { return n[key] === wanted; }).map(function (n) { return n.id; })));
      }
    });
    // In the Chinese view, mechanisms, regulations and partners named only in English stay out
    // unless asked for (bureaus always show: they issued the reports).
    var foreignOk = G.lang !== "zh" || foreignBox.checked;
    return {
      node: function (n) {
        return kinds.has(n.kind) && (year === null || (n.years || []).indexOf(year) >= 0) &&
          (foreignOk || !n.foreign || n.kind === "bureau") && within.every(function (set) { return set.has(n.id); });
      },
      edge: function (e) { return year === null || e.relation === "broader" || (e.years || []).indexOf(year) >= 0; },
    };
  }

  // -- what is drawn ------------------------------------------------------------------------
  function unitOf(id) {
    if (state.pinned.has(id)) { return id; }
    var path = paths[id];
    for (var i = 0; i < path.length; i += 1) { if (!state.opened.has(path[i])) { return path[i]; } }
    return id;
  }
  function groupName(g) { return g.label.replace(/ \([\d,]+\)$/, ""); }
  function entityNode(n) {
    // on the overview an entity is never drawn bigger than a group
    return { id: n.id, label: n.label, title: n.title, shape: n.shape, color: n.color, kind: n.kind,
             size: G.flat ? n.size : Math.min(n.size, 24),
             x: n.x, y: n.y, full: n.label };
  }
  function groupNode(g, count) {
    var style = G.kindStyle[g.kind];
    var label = groupName(g) + " (" + count.toLocaleString() + ")";
    return { id: g.id, label: label, full: label, kind: g.kind, isGroup: true, shape: style.shape,
             color: { background: style.color, border: "#333333" }, borderWidth: 2,
             size: Math.min(12 + 5 * Math.log2(1 + count), 44), font: { size: 20, strokeWidth: 3 },
             title: label + (g.other ? "\n" + g.other : "") + "\n" + text.open };
  }
  function hubNode(g) {
    var style = G.kindStyle[g.kind];
    return { id: g.id, label: "▾ " + groupName(g), full: "▾ " + groupName(g), kind: g.kind, isHub: true, shape: "dot", size: 8,
             color: { background: "#ffffff", border: style.color }, borderWidth: 2, shapeProperties: { borderDashes: [3, 2] },
             title: g.label + "\n" + text.open };
  }
  function edgeTitle(e) {
    var title = text.relations[e.relation];
    (e.evidence || []).slice(0, 2).forEach(function (ev) {
      var where = [G.reports[ev[1]], ev[2]].filter(function (x) { return x; }).join(", ");
      var sentence = G.sentences[ev[0]];
      title += "\n(" + where + ") " + (sentence.length > 220 ? sentence.slice(0, 219) + "…" : sentence);
    });
    return title;
  }
  function compute() {
    var test = filterTest();
    var units = new Map(), drawnEntities = 0;
    entities.forEach(function (n) {
      if (!test.node(n)) { return; }
      drawnEntities += 1;
      var unit = unitOf(n.id);
      units.set(unit, (units.get(unit) || 0) + 1);
    });
    var wantNodes = [], wantEdges = [];
    units.forEach(function (count, unit) {
      wantNodes.push(groups[unit] ? groupNode(groups[unit], count) : entityNode(byId[unit]));
    });
    if (!G.flat) {  // an open group stays as a small hub tied to what it holds; click it to close
      var hubs = new Set();
      units.forEach(function (count, unit) {
        var path = groups[unit] ? [] : paths[unit];
        var parent = groups[unit] ? groups[unit].parent : (path.length ? path[path.length - 1] : null);
        if (parent && state.opened.has(parent) && !state.pinned.has(unit)) {
          hubs.add(parent);
          wantEdges.push({ id: "m:" + unit, from: parent, to: unit, color: { color: "#cccccc" }, dashes: [2, 3], width: 1,
                           arrows: { to: { enabled: false } }, isMember: true });
        }
      });
      var todo = Array.from(hubs), seen = new Set();
      while (todo.length) {
        var gid = todo.pop();
        if (seen.has(gid)) { continue; }
        seen.add(gid);
        if (!units.has(gid)) { wantNodes.push(hubNode(groups[gid])); }
        var up = groups[gid].parent;
        if (up && state.opened.has(up)) {
          wantEdges.push({ id: "m:" + gid, from: up, to: gid, color: { color: "#cccccc" }, dashes: [2, 3], width: 1,
                           arrows: { to: { enabled: false } }, isMember: true });
          todo.push(up);
        }
      }
    }
    var merged = new Map();
    links.forEach(function (e) {
      if (!test.edge(e) || !test.node(byId[e.from]) || !test.node(byId[e.to])) { return; }
      var a = unitOf(e.from), b = unitOf(e.to);
      if (a === b) { return; }
      var style = G.relationStyle[e.relation];
      if (!groups[a] && !groups[b]) {
        wantEdges.push({ id: e.id, from: a, to: b, relation: e.relation, color: style.color, dashes: style.dashes,
                         label: G.flat ? text.relations[e.relation] : undefined, title: edgeTitle(e),
                         width: 1 + Math.min(e.reports || (e.evidence || []).length, 4) * 0.5, arrows: "to", link: e.index });
        return;
      }
      // one line per pair of drawn units, as wide as the links it stands for, in the colour of
      // its most frequent relation
      var key = a < b ? a + "\u0000" + b : b + "\u0000" + a;
      var found = merged.get(key);
      if (!found) { found = { from: a, to: b, count: 0, by: {} }; merged.set(key, found); }
      found.count += 1;
      found.by[e.relation] = (found.by[e.relation] || 0) + 1;
    });
    merged.forEach(function (m, key) {
      var kinds = Object.keys(m.by).sort(function (x, y) { return m.by[y] - m.by[x]; });
      var style = G.relationStyle[kinds[0]];
      wantEdges.push({ id: "a:" + key, from: m.from, to: m.to, relation: kinds[0], count: m.count,
                       color: { color: style.color, opacity: 0.35 }, dashes: style.dashes,
                       width: Math.min(0.5 + 1.2 * Math.log2(m.count), 10), arrows: { to: { enabled: false } },
                       title: fill(text.countOf, { n: m.count.toLocaleString() }) + "\n" +
                         kinds.map(function (r) { return text.relations[r] + " × " + m.by[r].toLocaleString(); }).join("\n") });
    });
    return { nodes: wantNodes, edges: wantEdges, shown: drawnEntities };
  }

  function render(first) {
    var want = compute();
    var before = network ? network.getPositions() : {};
    var near = {};
    want.nodes.forEach(function (n) {
      if (before[n.id]) { return; }
      var anchor = byId[n.id] ? paths[n.id].slice().reverse().concat([]) : [];
      if (groups[n.id]) { anchor = []; for (var g = groups[n.id].parent; g; g = groups[g].parent) { anchor.push(g); } }
      for (var i = 0; i < anchor.length; i += 1) {
        if (before[anchor[i]]) { near[n.id] = before[anchor[i]]; break; }
      }
      if (!near[n.id] && byId[n.id]) {  // an expanded neighbour appears next to what it links to
        (around[n.id] || []).some(function (e) {
          var other = e.from === n.id ? e.to : e.from;
          if (before[other]) { near[n.id] = before[other]; return true; }
          return false;
        });
      }
      if (near[n.id]) {
        n.x = near[n.id].x + (Math.random() - 0.5) * 120;
        n.y = near[n.id].y + (Math.random() - 0.5) * 120;
      }
    });
    var keepN = new Set(want.nodes.map(function (n) { return n.id; }));
    var keepE = new Set(want.edges.map(function (e) { return e.id; }));
    edges.remove(edges.getIds().filter(function (id) { return !keepE.has(id); }));
    nodes.remove(nodes.getIds().filter(function (id) { return !keepN.has(id); }));
    want.nodes.forEach(function (n) { if (before[n.id]) { delete n.x; delete n.y; } });
    nodes.update(want.nodes);
    edges.update(want.edges);
    state.shown = want.shown;
    summary.textContent = want.shown === entities.length ? summaryText :
      fill(text.shown, { shown: want.shown, nodes: entities.length });
    if (!first) { relayout(); }
    drawCrumbs();
    saveHash();
  }

  // -- layout -------------------------------------------------------------------------------
  var summary = document.getElementById("summary");
  var summaryText = summary.textContent;
  function rendered() {
    network.setOptions({ physics: { enabled: false } });
    state.renders += 1;
    declutter();
    document.body.setAttribute("data-renders", String(state.renders));
  }
  function settled() {
    if (state.layoutMs === null) {
      state.stabilizedAt = performance.now();
      state.layoutMs = state.stabilizedAt - started;
      document.body.setAttribute("data-stabilized", "true");
      restoreCamera();
      rendered();
    }
  }
  function relayout() {
    network.setOptions({ physics: { enabled: true } });
    network.once("stabilizationIterationsDone", rendered);
    network.stabilize(Math.min(120, 12000 / Math.max(nodes.length, 1) + 20));
  }

  // Labels by level of detail: the biggest nodes keep their label, a smaller one shows only
  // where it overlaps no label already placed, so labels never pile up into a blot; zooming in
  // gives each label more room, and more of them show.
  var placedBoxes = [];
  var LABEL_PX = 11;
  function labelWidth(label, px) {
    var width = 0;
    for (var i = 0; i < label.length; i += 1) { width += label.charCodeAt(i) > 0x2e80 ? px : px * 0.56; }
    return width;
  }
  var declutteredAt = null;  // the zoom the labels were placed for
  function declutter() {
    if (!network) { return; }
    var scale = network.getScale();
    declutteredAt = scale;
    var positions = network.getPositions();
    var order = nodes.get().sort(function (a, b) { return (b.size || 10) - (a.size || 10) || (a.id < b.id ? -1 : 1); });
    var placed = [], changes = [];
    order.forEach(function (n) {
      // a label is drawn at least LABEL_PX on screen, or not at all
      var base = n.isGroup ? 20 : options.nodes.font.size;
      var fontPx = Math.max(base * scale, LABEL_PX);
      var size = Math.round(fontPx / scale * 10) / 10;
      if (!n.font || n.font.size !== size) { changes.push({ id: n.id, font: { size: size, strokeWidth: 3 } }); }
      var label = n.full || "";
      var show = false, box = null;
      if (label && positions[n.id]) {
        var at = network.canvasToDOM(positions[n.id]);
        var w = labelWidth(label, fontPx), top = at.y + (n.size || 10) * scale + 2;
        box = { x0: at.x - w / 2 - 2, x1: at.x + w / 2 + 2, y0: top, y1: top + fontPx * 1.25, id: n.id };
        show = !placed.some(function (p) { return box.x0 < p.x1 && p.x0 < box.x1 && box.y0 < p.y1 && p.y0 < box.y1; });
        if (n.id === state.selected) { show = true; }
      }
      if (show) { placed.push(box); }
      var label2 = show ? label : "";
      if (n.label !== label2) { changes.push({ id: n.id, label: label2 }); }
    });
    var merged = {};
    changes.forEach(function (change) { merged[change.id] = Object.assign(merged[change.id] || {}, change); });
    changes = Object.keys(merged).map(function (id) { return merged[id]; });
    placedBoxes = placed;
    if (changes.length) { nodes.update(changes); }
  }
  state.labelBoxes = function () { return placedBoxes.slice(); };
  var declutterTimer = null;
  function declutterSoon() { clearTimeout(declutterTimer); declutterTimer = setTimeout(function () { declutter(); saveHash(); }, 120); }

  // -- side panel ---------------------------------------------------------------------------
  function evidenceList(target, e) {
    (e.evidence || []).forEach(function (ev) {
      target.appendChild(el("div", G.reports[ev[1]] + (ev[2] ? ", " + ev[2] : ""), "meta"));
      target.appendChild(el("blockquote", G.sentences[ev[0]]));
    });
  }
  function showPanel(id) {
    var node = byId[id];
    if (!node) { panel.classList.remove("open"); return; }
    state.selected = id;
    panel.replaceChildren();
    panel.appendChild(el("h2", node.fullLabel));
    panel.appendChild(el("div", text.kinds[node.kind], "meta"));
    var codes = Object.keys(node.labels || {}).sort(function (a, b) { return (b === G.lang) - (a === G.lang); });
    codes.forEach(function (code) { panel.appendChild(el("div", (code || "-") + ": " + node.labels[code])); });
    if (node.aliases && node.aliases.length) {
      panel.appendChild(el("div", text.aliases + ": " + node.aliases.join("; ")));
    }
    if (node.place) {
      var where = [node.county, node.place, node.province].filter(function (x, i, all) { return x && all.indexOf(x) === i; });
      panel.appendChild(el("div", text.place + ": " + where.join(", ")));
    }
    if (node.years && node.years.length) {
      panel.appendChild(el("div", text.reports + ": " + node.years.join(", ")));
    }
    if (node.figures && node.figures.length) {
      panel.appendChild(el("h3", text.figures + " (" + node.figures.length + ")"));
      node.figures.forEach(function (f) {
        panel.appendChild(el("div", (f.year ? f.year + " " : "") + f.indicator + ": " + f.value + " " + f.unit, "figure"));
      });
    }
    var linked = around[id] || [];
    panel.appendChild(el("h3", text.links + " (" + linked.length + ")"));
    linked.slice(0, 200).forEach(function (e) {
      var other = byId[e.from === id ? e.to : e.from];
      var item = el("div", null, "link");
      var arrow = e.from === id ? " → " : " ← ";
      item.appendChild(el("strong", text.relations[e.relation] + arrow + (other ? other.fullLabel : "")));
      evidenceList(item, e);
      panel.appendChild(item);
    });
    if (linked.length > 200) { panel.appendChild(el("div", fill(text.more, { n: linked.length - 200 }), "meta")); }
    panel.classList.add("open");
    saveHash();
  }
  function showLink(index) {
    var e = links[index];
    panel.replaceChildren();
    panel.appendChild(el("h2", byId[e.from].fullLabel + " → " + byId[e.to].fullLabel));
    panel.appendChild(el("div", text.relations[e.relation] + (e.years.length ? " · " + e.years.join(", ") : ""), "meta"));
    var item = el("div", null, "link");
    evidenceList(item, e);
    panel.appendChild(item);
    panel.classList.add("open");
  }
  state.showPanel = showPanel;
  state.showLink = showLink;

  // -- opening, closing, expanding, breadcrumb ----------------------------------------------
  function snapshot() { return { opened: Array.from(state.opened), pinned: Array.from(state.pinned) }; }
  function restore(snap) { state.opened = new Set(snap.opened); state.pinned = new Set(snap.pinned); }
  function remember() { if (state.crumbs.length) { state.crumbs[state.crumbs.length - 1].snap = snapshot(); } }
  function toggleGroup(gid) {
    if (state.opened.has(gid)) {
      Object.keys(groups).forEach(function (other) {
        for (var g = other; g; g = groups[g].parent) { if (g === gid) { state.opened.delete(other); break; } }
      });
      state.pinned.forEach(function (id) { if (paths[id].indexOf(gid) >= 0) { state.pinned.delete(id); } });
    } else {
      state.opened.add(gid);
    }
    remember();
    render(false);
  }
  // Expanding shows the EXPAND best-linked neighbours on their own; the rest stay in their
  // groups, whose links to the entity carry the count.
  var EXPAND = G.expandMax;
  function expandEntity(id) {
    remember();
    state.pinned.add(id);
    var others = (around[id] || []).map(function (e) { return e.from === id ? e.to : e.from; });
    others = others.filter(function (o, i) { return others.indexOf(o) === i; });
    others.sort(function (a, b) { return byId[b].degree - byId[a].degree || (a < b ? -1 : 1); });
    others.slice(0, EXPAND).forEach(function (o) { state.pinned.add(o); });
    state.crumbs.push({ label: byId[id].label, id: id, snap: snapshot() });
    render(false);
    showPanel(id);
  }
  state.toggleGroup = toggleGroup;
  state.expand = expandEntity;
  var crumbBar = document.getElementById("crumbs");
  function drawCrumbs() {
    crumbBar.replaceChildren();
    state.crumbs.forEach(function (crumb, i) {
      if (i) { crumbBar.appendChild(el("span", "›", "sep")); }
      var button = el("button", crumb.label);
      button.type = "button";
      if (i === state.crumbs.length - 1) { button.setAttribute("aria-current", "true"); }
      button.addEventListener("click", function () {
        if (i === state.crumbs.length - 1) { return; }
        state.crumbs = state.crumbs.slice(0, i + 1);
        restore(crumb.snap);
        render(false);
      });
      crumbBar.appendChild(button);
    });
    if (!G.flat && state.crumbs.length === 1) {
      crumbBar.appendChild(el("span", fill(text.overviewNote, { nodes: entities.length.toLocaleString() }), "meta"));
    }
  }

  // -- search as you type -------------------------------------------------------------------
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  var LIST = 30;
  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var found = [];
    entities.forEach(function (n) {
      var rank = 9;
      (n.search || []).forEach(function (key) {
        if (key === q) { rank = Math.min(rank, 0); } else if (key.indexOf(q) === 0) { rank = Math.min(rank, 1); } else if (key.indexOf(q) > 0) { rank = Math.min(rank, 2); }
      });
      if (rank < 9) { found.push({ node: n, rank: rank }); }
    });
    found.sort(function (a, b) { return a.rank - b.rank || b.node.degree - a.node.degree || (a.node.id < b.node.id ? -1 : 1); });
    return found.map(function (f) { return f.node; });
  }
  function closeResults() { results.classList.remove("open"); search.setAttribute("aria-expanded", "false"); }
  function showResults() {
    var found = matches(search.value);
    results.replaceChildren();
    if (found === null) { closeResults(); return; }
    if (!found.length) {
      results.appendChild(el("li", text.nomatch, "nomatch"));
    }
    found.slice(0, LIST).forEach(function (n) {
      var item = el("li", null, "hit");
      item.setAttribute("role", "option");
      item.dataset.id = n.id;
      item.appendChild(el("span", n.fullLabel, "name"));
      var where = n.place || n.province || "";
      item.appendChild(el("span", [text.kinds[n.kind], where, text.degree + " " + n.degree].filter(function (x) { return x; }).join(" · "), "meta"));
      item.addEventListener("click", function () { reveal(n.id); closeResults(); });
      results.appendChild(item);
    });
    if (found.length > LIST) { results.appendChild(el("li", fill(text.more, { n: found.length - LIST }), "meta")); }
    results.classList.add("open");
    search.setAttribute("aria-expanded", "true");
    state.lastResults = found.map(function (n) { return n.id; });
  }
  function reveal(id) {
    showView("network");
    if (unitOf(id) !== id || !nodes.get(id)) {
      state.pinned.add(id);
      remember();
      render(false);
      network.once("stabilizationIterationsDone", function () { focusOn(id); });
    } else {
      focusOn(id);
    }
    showPanel(id);
  }
  function focusOn(id) {
    if (!nodes.get(id)) { return; }
    network.selectNodes([id]);
    state.selected = id;
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    declutter();
    saveHash();
  }
  state.reveal = reveal;
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    var items = Array.from(results.querySelectorAll("li.hit"));
    var active = items.findIndex(function (item) { return item.classList.contains("active"); });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!items.length) { return; }
      var next = event.key === "ArrowDown" ? Math.min(active + 1, items.length - 1) : Math.max(active - 1, 0);
      items.forEach(function (item, i) { item.classList.toggle("active", i === next); });
      items[next].scrollIntoView({ block: "nearest" });
    } else if (event.key === "Enter") {
      var found = matches(search.value);
      var chosenId = active >= 0 ? items[active].dataset.id : (found && found.length ? found[0].id : null);
      if (chosenId) { reveal(chosenId); closeResults(); }
    } else if (event.key === "Escape") {
      closeResults();
    }
  });

  // -- matrix and adoption views (tables.js) -----------------------------------------------
  var tables = legalkgTables({ graph: G, text: text, byId: byId, el: el, fill: fill, showLink: showLink, reveal: reveal });
  var matrixBox = document.getElementById("matrix");
  var adoptionBox = document.getElementById("adoption");
  var drawn = {};
  // A hidden network has no size, so its camera is kept while another tab shows and put back
  // (or the graph fitted) when the network shows again.
  var cameraValid = true, savedCamera = null;
  function showView(view) {
    if (network && view !== "network" && container.style.display !== "none" && cameraValid) {
      savedCamera = { position: network.getViewPosition(), scale: network.getScale(), animation: false };
    }
    var back = network && view === "network" && container.style.display === "none";
    state.view = view;
    container.style.display = view === "network" ? "" : "none";
    if (back) {
      requestAnimationFrame(function () {  // once the container has its size again
        network.setSize("100%", "100%");
        network.redraw();
        if (savedCamera) { network.moveTo(savedCamera); } else { network.fit({ animation: false }); }
        cameraValid = true;
        declutter();
      });
    }
    crumbBar.style.display = view === "network" ? "" : "none";
    matrixBox.classList.toggle("open", view === "matrix");
    adoptionBox.classList.toggle("open", view === "adoption");
    if (view === "matrix" && !drawn.matrix) { tables.matrix(); drawn.matrix = true; }
    if (view === "adoption" && !drawn.adoption) { tables.adoption(); drawn.adoption = true; }
    document.querySelectorAll("#tabs button").forEach(function (b) {
      b.setAttribute("aria-selected", String(b.dataset.view === view));
    });
    saveHash();
  }
  state.showView = showView;
  document.querySelectorAll("#tabs button").forEach(function (b) {
    b.addEventListener("click", function () { showView(b.dataset.view); });
  });

  // -- the view in the URL fragment ---------------------------------------------------------
  var FILTERS = ["year", "department", "province", "place", "bureau", "mechanism"];
  var hashReady = false;
  var hashTimer = null;
  function hashOf() {
    var p = new URLSearchParams();
    if (state.view !== "network") { p.set("view", state.view); }
    if (state.selected) { p.set("sel", state.selected); }
    if (!G.flat && state.opened.size) { p.set("open", Array.from(state.opened).sort().join("|")); }
    if (state.pinned.size) { p.set("pin", Array.from(state.pinned).sort().join("|")); }
    var off = [];
    document.querySelectorAll("input.kind-filter").forEach(function (box) { if (!box.checked) { off.push(box.value); } });
    if (off.length) { p.set("hide", off.join("|")); }
    FILTERS.forEach(function (name) { if (chosen(name)) { p.set(name, chosen(name)); } });
    if (foreignBox.checked) { p.set("foreign", "1"); }
    if (network && state.layoutMs !== null && cameraValid && state.view === "network") {
      var at = network.getViewPosition();
      p.set("zoom", network.getScale().toFixed(3));
      p.set("at", Math.round(at.x) + "," + Math.round(at.y));
    }
    return p.toString();
  }
  function saveHash() {
    if (!hashReady) { return; }
    clearTimeout(hashTimer);
    hashTimer = setTimeout(function () {
      history.replaceState(null, "", "#" + hashOf());
      state.hashWrites = (state.hashWrites || 0) + 1;
    }, 150);
  }
  state.hashOf = hashOf;
  var fromHash = new URLSearchParams(location.hash.replace(/^#/, ""));
  function applyHash() {
    var known = function (id) { return byId[id] || groups[id]; };
    if (fromHash.get("open") && !G.flat) {
      fromHash.get("open").split("|").filter(function (id) { return groups[id]; }).forEach(function (id) { state.opened.add(id); });
    }
    if (fromHash.get("pin")) {
      fromHash.get("pin").split("|").filter(function (id) { return byId[id]; }).forEach(function (id) { state.pinned.add(id); });
    }
    (fromHash.get("hide") || "").split("|").forEach(function (kind) {
      var box = document.querySelector("input.kind-filter[value='" + CSS.escape(kind) + "']");
      if (box) { box.checked = false; }
    });
    FILTERS.forEach(function (name) {
      var menu = document.getElementById("filter-" + name);
      if (menu && fromHash.get(name)) { menu.value = fromHash.get(name); }
    });
    foreignBox.checked = fromHash.get("foreign") === "1";
    if (fromHash.get("sel") && known(fromHash.get("sel"))) { state.selected = fromHash.get("sel"); }
  }
  function restoreCamera() {
    var zoom = Number(fromHash.get("zoom"));
    var at = (fromHash.get("at") || "").split(",").map(Number);
    if (zoom > 0 && at.length === 2 && at.every(isFinite)) {
      var camera = { position: { x: at[0], y: at[1] }, scale: zoom, animation: false };
      network.moveTo(camera);
      network.once("afterDrawing", function () { network.moveTo(camera); declutter(); });
    }
    if (state.selected && nodes.get(state.selected)) {
      network.selectNodes([state.selected]);
      showPanel(state.selected);
    }
    var first = fromHash.get("view") || G.view || "network";
    showView(first);
    if (first !== "network" && !fromHash.get("zoom")) { savedCamera = null; }
    hashReady = true;
    saveHash();
  }

  // -- export (export.js) ------------------------------------------------------------------
  var exporter = legalkgExport({ container: container, nodes: nodes, edges: edges, state: state,
                                 network: function () { return network; } });
  state.exportPng = exporter.png;
  state.exportSvg = exporter.svg;
  document.getElementById("export-png").addEventListener("click", exporter.png);
  document.getElementById("export-svg").addEventListener("click", exporter.svg);

  // -- start --------------------------------------------------------------------------------
  applyHash();
  if (Number(fromHash.get("zoom")) > 0) { options.physics.stabilization.fit = false; }
  state.crumbs = [{ label: text.overview, snap: snapshot() }];
  var network = null;
  render(true);
  network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  state.network = network;
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (nodes.length === 0) { settled(); }
  network.on("zoom", declutterSoon);
  network.on("afterDrawing", function () {  // a zoom by fit() or moveTo() fires no "zoom" event
    if (declutteredAt !== null && Math.abs(network.getScale() - declutteredAt) > 1e-3 * declutteredAt) {
      declutteredAt = network.getScale();
      declutterSoon();
    }
  });
  network.on("dragEnd", declutterSoon);
  network.on("click", function (params) {
    var id = params.nodes[0];
    if (id && groups[id]) { toggleGroup(id); return; }
    if (id) { showPanel(id); } else if (params.edges.length && edges.get(params.edges[0]).link !== undefined) {
      showLink(edges.get(params.edges[0]).link);
    } else { panel.classList.remove("open"); state.selected = null; saveHash(); }
  });
  network.on("doubleClick", function (params) {
    var id = params.nodes[0];
    if (id && byId[id]) { expandEntity(id); }
  });
  function applyFilters() { remember(); render(false); }
  state.applyFilters = applyFilters;
  document.querySelectorAll("input.kind-filter, select.filter, #show-foreign").forEach(function (control) {
    control.addEventListener("change", applyFilters);
  });
})();
