// legalkg network page: draws the graph and its side panel. Document text only ever reaches
// the page through textContent / innerText (never innerHTML).
(function () {
  "use strict";
  function readJson(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  var text = readJson("lkg-text");
  var nodes = new vis.DataSet(readJson("lkg-nodes"));
  var edges = new vis.DataSet(readJson("lkg-edges"));
  var options = readJson("lkg-options");
  var container = document.getElementById("mynetwork");
  var panel = document.getElementById("panel");
  var started = performance.now();
  var state = { network: null, nodes: nodes, edges: edges, layoutMs: null, stabilizedAt: null };
  window.legalkg = state;

  function settled() {
    if (state.layoutMs === null) {
      state.stabilizedAt = performance.now();
      state.layoutMs = state.stabilizedAt - started;
      network.setOptions({ physics: { enabled: false } });
      document.body.setAttribute("data-stabilized", "true");
    }
  }
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  state.network = network;
  network.once("stabilizationIterationsDone", settled);
  network.once("stabilized", settled);
  if (nodes.length === 0) { settled(); }

  function showPanel(id) {
    var node = nodes.get(id);
    if (!node) { panel.classList.remove("open"); return; }
    panel.replaceChildren();
    panel.appendChild(el("h2", node.fullLabel));
    panel.appendChild(el("div", text.kinds[node.kind], "meta"));
    Object.keys(node.labels || {}).forEach(function (code) {
      panel.appendChild(el("div", (code || "-") + ": " + node.labels[code]));
    });
    if (node.aliases && node.aliases.length) {
      panel.appendChild(el("div", text.aliases + ": " + node.aliases.join("; ")));
    }
    if (node.place) {
      var where = node.province && node.province !== node.place ? node.place + ", " + node.province : node.place;
      panel.appendChild(el("div", text.place + ": " + where));
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
    var linked = network.getConnectedEdges(id);
    panel.appendChild(el("h3", text.links + " (" + linked.length + ")"));
    linked.forEach(function (edgeId) {
      var edge = edges.get(edgeId);
      var other = nodes.get(edge.from === id ? edge.to : edge.from);
      var item = el("div", null, "link");
      var arrow = edge.from === id ? " → " : " ← ";
      item.appendChild(el("strong", text.relations[edge.relation] + arrow + (other ? other.fullLabel : "")));
      (edge.evidence || []).forEach(function (ev) {
        item.appendChild(el("div", ev.report + (ev.year ? ", " + ev.year : ""), "meta"));
        item.appendChild(el("blockquote", ev.sentence));
      });
      panel.appendChild(item);
    });
    panel.classList.add("open");
  }
  state.showPanel = showPanel;
  network.on("click", function (params) {
    if (params.nodes.length) { showPanel(params.nodes[0]); } else { panel.classList.remove("open"); }
  });

  // Filters: entity types (legend check boxes), year, province, city, bureau and mechanism menus.
  // A node stays drawn when it passes every filter; a year also hides the links without
  // evidence from that year's reports. The other menus keep the chosen
  // nodes and their direct neighbours.
  var summary = document.getElementById("summary");
  var summaryText = summary.textContent;
  function neighbourhood(ids) {
    var keep = new Set(ids);
    ids.forEach(function (id) { network.getConnectedNodes(id).forEach(function (n) { keep.add(n); }); });
    return keep;
  }
  function chosen(name) {
    var menu = document.getElementById("filter-" + name);
    return menu ? menu.value : "";
  }
  function applyFilters() {
    var kinds = new Set();
    document.querySelectorAll("input.kind-filter").forEach(function (box) { if (box.checked) { kinds.add(box.value); } });
    var year = chosen("year") ? Number(chosen("year")) : null;
    var within = [];
    if (chosen("bureau")) { within.push(neighbourhood([chosen("bureau")])); }
    if (chosen("mechanism")) { within.push(neighbourhood([chosen("mechanism")])); }
    ["place", "province"].forEach(function (key) {
      var wanted = chosen(key);
      if (wanted) {
        within.push(neighbourhood(nodes.getIds({ filter: function (n) { return n[key] === wanted; } })));
      }
    });
    var shown = 0;
    var nodeChanges = nodes.get().map(function (n) {
      var visible = kinds.has(n.kind) && (year === null || (n.years || []).indexOf(year) >= 0) &&
        within.every(function (set) { return set.has(n.id); });
      if (visible) { shown += 1; }
      return { id: n.id, hidden: !visible };
    });
    var edgeChanges = edges.get().map(function (e) {
      var visible = year === null || e.relation === "broader" || (e.years || []).indexOf(year) >= 0;
      return { id: e.id, hidden: !visible };
    });
    nodes.update(nodeChanges);
    edges.update(edgeChanges);
    state.shown = shown;
    summary.textContent = shown === nodes.length ? summaryText :
      text.shown.replace("{shown}", shown).replace("{nodes}", nodes.length);
  }
  state.applyFilters = applyFilters;
  document.querySelectorAll("input.kind-filter, select.filter").forEach(function (control) {
    control.addEventListener("change", applyFilters);
  });

  document.getElementById("search").addEventListener("change", function (event) {
    var query = event.target.value.trim().toLowerCase();
    if (!query) { network.unselectAll(); return; }
    var found = nodes.get({ filter: function (n) {
      var names = [n.fullLabel].concat(Object.values(n.labels || {}), n.aliases || []);
      return !n.hidden && names.some(function (name) { return String(name).toLowerCase().indexOf(query) >= 0; });
    } }).map(function (n) { return n.id; });
    network.selectNodes(found);
    if (found.length) {
      network.focus(found[0], { scale: 1.2, animation: false });
      showPanel(found[0]);
    }
  });
})();
