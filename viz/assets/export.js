// legalkg network page, export of the current view: PNG (the canvas on white) and SVG (drawn
// again from node and edge positions; text set with textContent and serialised by
// XMLSerializer). Inlined before network.js, which calls legalkgExport(ctx) once.
function legalkgExport(ctx) {
  "use strict";
  var container = ctx.container, nodes = ctx.nodes, edges = ctx.edges, state = ctx.state;
  function download(name, blob) {
    var url = URL.createObjectURL(blob);
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    state.exported = name;
  }
  function exportPng() {
    var canvas = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    var paint = out.getContext("2d");
    paint.fillStyle = "#ffffff";
    paint.fillRect(0, 0, out.width, out.height);
    paint.drawImage(canvas, 0, 0);
    out.toBlob(function (blob) { download("legalkg-network.png", blob); }, "image/png");
  }
  function exportSvg() {
    var NS = "http://www.w3.org/2000/svg";
    var box = container.getBoundingClientRect();
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("width", String(Math.round(box.width)));
    svg.setAttribute("height", String(Math.round(box.height)));
    svg.setAttribute("font-family", "sans-serif");
    var network = ctx.network();
    var positions = network.getPositions();
    var scale = network.getScale();
    function at(id) { return network.canvasToDOM(positions[id]); }
    function colourOf(c) { return typeof c === "string" ? c : (c && (c.background || c.color)) || "#999999"; }
    function add(tag, attrs, content) {
      var node = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
      if (content) { node.textContent = content; }
      svg.appendChild(node);
      return node;
    }
    add("rect", { x: 0, y: 0, width: box.width, height: box.height, fill: "#ffffff" });
    edges.get().forEach(function (e) {
      if (!positions[e.from] || !positions[e.to]) { return; }
      var a = at(e.from), b = at(e.to);
      add("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1),
                    stroke: colourOf(e.color), "stroke-width": (e.width || 1).toFixed(1), "stroke-opacity": 0.7 });
    });
    nodes.get().forEach(function (n) {
      if (!positions[n.id]) { return; }
      var p = at(n.id), r = (n.size || 10) * scale;
      add("circle", { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: r.toFixed(1), fill: colourOf(n.color), stroke: "#333333" });
      if (n.label) {
        add("text", { x: p.x.toFixed(1), y: (p.y + r + 12 * scale + 2).toFixed(1), "font-size": (12 * scale).toFixed(1),
                      "text-anchor": "middle" }, n.label);
      }
    });
    var source = new XMLSerializer().serializeToString(svg);
    state.lastSvg = source;
    download("legalkg-network.svg", new Blob([source], { type: "image/svg+xml" }));
  }
  return { png: exportPng, svg: exportSvg };
}
