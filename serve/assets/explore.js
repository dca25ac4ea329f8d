// The served explorer: draws the overview from /explore/overview.json and asks
// /explore/expand.json for each group opened (click) or entity expanded (double-click), so the
// page holds only what it shows. Labels are set as vis-network text, never parsed as HTML.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("explore-config").textContent);
  var wanted = new URLSearchParams(location.search).get("lang");
  var lang = config.langs.indexOf(wanted) >= 0 ? wanted : config.langs[0];
  var text = config.text[lang];
  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var state = { lang: lang, opened: [], groups: {}, expanded: [], fetched: [], ready: false, layoutMs: null };
  var status = document.getElementById("status");
  var started = performance.now();

  function say(message, error) { status.textContent = message; status.className = error ? "error" : ""; }

  function get(path, params) {
    var query = new URLSearchParams({ lang: lang });
    Object.keys(params).forEach(function (key) {
      [].concat(params[key]).forEach(function (value) { query.append(key, value); });
    });
    var url = path + "?" + query.toString();
    state.fetched.push(url);
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (reply) {
      if (!reply.ok) { return reply.text().then(function (body) { throw new Error(body.trim() || reply.status); }); }
      return reply.json();
    });
  }

  function groupNode(g) {
    var style = config.kindStyle[g.kind] || {};
    state.groups[g.id] = g;
    return { id: g.id, label: g.label, title: [g.label, g.other].filter(Boolean).join("\n"),
             shape: "dot", color: style.color, size: 12 + 6 * Math.log(1 + g.count), group: "group",
             font: { size: 16, strokeWidth: 3 } };
  }
  function entityNode(id, info) {
    var style = config.kindStyle[info.kind] || {};
    return { id: id, label: info.label, title: [info.full, info.other].filter(Boolean).join("\n"),
             shape: style.shape, color: style.color, size: 8 + 2 * Math.log(1 + info.degree) };
  }
  function linkEdge(l) {
    var style = config.relationStyle[l.relation] || {};
    return { id: l.from + "\u0000" + l.to + "\u0000" + l.relation, from: l.from, to: l.to, arrows: "to",
             color: { color: style.color, opacity: 0.55 }, dashes: !!style.dashes,
             width: Math.min(1 + Math.log(l.count), 10), title: text.relations[l.relation] + " × " + l.count };
  }
  function draw(answer, removed) {
    var add = (answer.groups || []).map(groupNode);
    (answer.entities || []).forEach(function (id) { add.push(entityNode(id, answer.nodes[id])); });
    if (removed) { nodes.remove(removed); }
    nodes.update(add);
    return add.length;
  }
  function relink(links) {
    edges.clear();
    var present = new Set(nodes.getIds());
    var kept = links.concat(state.expanded).filter(function (l) { return present.has(l.from) && present.has(l.to); });
    edges.update(kept.map(linkEdge));
  }

  var network = new vis.Network(document.getElementById("mynetwork"), { nodes: nodes, edges: edges }, {
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 150 },
               forceAtlas2Based: { gravitationalConstant: -120, springLength: 120, avoidOverlap: 0.6 } },
    interaction: { hover: true, tooltipDelay: 150 }, edges: { smooth: false },
    layout: { improvedLayout: false, randomSeed: 7 },
  });
  network.on("stabilizationIterationsDone", function () { network.setOptions({ physics: { enabled: false } }); });

  function drawCrumbs() {
    var crumbs = document.getElementById("crumbs");
    crumbs.textContent = "";
    state.opened.forEach(function (gid, i) {
      var button = document.createElement("button");
      button.textContent = "× " + state.groups[gid].label;
      button.title = text.close;
      button.addEventListener("click", function () { overview(state.opened.slice(0, i)); });
      crumbs.appendChild(button);
    });
  }

  function overview(opened) {
    say(text.loading);
    state.ready = false;
    return get("/explore/overview.json", { open: opened }).then(function (answer) {
      nodes.clear();
      state.opened = opened.slice();
      state.expanded = [];
      draw(answer);
      relink(answer.links);
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(150);
      drawCrumbs();
      say(text.overview.replace("{shown}", nodes.length).replace("{total}", answer.total.toLocaleString()));
      state.ready = true;
      if (state.layoutMs === null) { state.layoutMs = performance.now() - started; }
    }).catch(function (error) { say(error.message, true); state.ready = true; });
  }

  function openGroup(gid) {
    say(text.loading);
    state.ready = false;
    return get("/explore/expand.json", { group: gid, open: state.opened }).then(function (answer) {
      state.opened.push(gid);
      var at = network.getPositions([gid])[gid];
      var added = draw(answer, [gid]);
      if (at) {
        nodes.update(answer.groups.map(function (g) { return g.id; }).concat(answer.entities).map(function (id) {
          return { id: id, x: at.x + (Math.random() - 0.5) * 200, y: at.y + (Math.random() - 0.5) * 200 };
        }));
      }
      relink(answer.links);
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(80);
      drawCrumbs();
      say(text.opened.replace("{count}", added).replace("{name}", state.groups[gid].label));
      state.ready = true;
    }).catch(function (error) { say(error.message, true); state.ready = true; });
  }

  function expandEntity(id) {
    say(text.loading);
    state.ready = false;
    return get("/explore/expand.json", { node: id }).then(function (answer) {
      var fresh = answer.entities.filter(function (n) { return !nodes.get(n); });
      draw({ entities: fresh, nodes: answer.nodes });
      state.expanded = state.expanded.concat(answer.links);
      edges.update(answer.links.map(linkEdge));
      say(text.expanded.replace("{count}", answer.entities.length).replace("{more}", answer.more));
      state.ready = true;
    }).catch(function (error) { say(error.message, true); state.ready = true; });
  }

  network.on("click", function (params) {
    var id = params.nodes[0];
    if (id !== undefined && state.groups[id] && state.opened.indexOf(id) < 0 && state.ready) { openGroup(id); }
  });
  network.on("doubleClick", function (params) {
    var id = params.nodes[0];
    if (id !== undefined && !state.groups[id] && state.ready) { expandEntity(id); }
  });

  window.legalkg = { network: network, nodes: nodes, edges: edges, state: state,
                     openGroup: openGroup, expandEntity: expandEntity };
  overview([]);
})();
