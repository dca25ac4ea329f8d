// legalkg network page, the table views: the bureau × mechanism matrix (sortable by any column,
// coloured by report count or first year, a cell opens its evidence) and mechanism adoption by
// year. Inlined before network.js, which calls legalkgTables(ctx) once. Document text only
// ever reaches the page through textContent.
function legalkgTables(ctx) {
  "use strict";
  var G = ctx.graph, text = ctx.text, byId = ctx.byId, el = ctx.el, fill = ctx.fill;
  var showLink = ctx.showLink, reveal = ctx.reveal;
  var matrixBox = document.getElementById("matrix");
  var adoptionBox = document.getElementById("adoption");
  var matrixSort = { col: null };
  var colourBy = "reports";
  function shade(value, top) {
    var t = top > 0 ? Math.min(value / top, 1) : 0;
    var light = Math.round(96 - 55 * t);
    return "hsl(212, 60%, " + light + "%)";
  }
  function drawMatrix() {
    var M = G.matrix;
    matrixBox.replaceChildren();
    if (!M.rows.length) { matrixBox.appendChild(el("p", text.noData)); return; }
    var controls = el("p");
    controls.appendChild(el("span", text.colourBy + " "));
    var select = el("select");
    select.id = "colour-by";
    [["reports", text.byReports], ["year", text.byYear]].forEach(function (pair) {
      var option = el("option", pair[1]);
      option.value = pair[0];
      option.selected = pair[0] === colourBy;
      select.appendChild(option);
    });
    select.addEventListener("change", function () { colourBy = select.value; drawMatrix(); });
    controls.appendChild(select);
    controls.appendChild(el("span", " " + fill(text.matrixCut, { rows: M.rows.length, allRows: M.total.rows, cols: M.cols.length, allCols: M.total.cols }), "meta"));
    matrixBox.appendChild(controls);
    var grid = {}, totals = M.rows.map(function () { return 0; });
    var top = 0, years = [];
    M.cells.forEach(function (c) {
      grid[c[0] + ":" + c[1]] = c;
      totals[c[0]] += c[2];
      top = Math.max(top, c[2]);
      if (c[3]) { years.push(c[3]); }
    });
    var minYear = Math.min.apply(null, years.length ? years : [0]), maxYear = Math.max.apply(null, years.length ? years : [0]);
    var order = M.rows.map(function (_, i) { return i; });
    order.sort(function (a, b) {
      if (matrixSort.col !== null) {
        var ca = grid[a + ":" + matrixSort.col], cb = grid[b + ":" + matrixSort.col];
        var d = (cb ? cb[2] : 0) - (ca ? ca[2] : 0);
        if (d) { return d; }
      }
      return totals[b] - totals[a] || a - b;
    });
    var table = el("table", null, "grid");
    var head = el("tr");
    var corner = el("th", text.total);
    corner.addEventListener("click", function () { matrixSort.col = null; drawMatrix(); });
    head.appendChild(corner);
    M.cols.forEach(function (id, j) {
      var th = el("th", byId[id].label, "col");
      th.title = byId[id].fullLabel;
      th.dataset.col = String(j);
      th.addEventListener("click", function () { matrixSort.col = j; drawMatrix(); });
      head.appendChild(th);
    });
    table.appendChild(head);
    order.forEach(function (i) {
      var tr = el("tr");
      var th = el("th", byId[M.rows[i]].label + " (" + totals[i] + ")", "row");
      th.title = byId[M.rows[i]].fullLabel;
      th.dataset.row = M.rows[i];
      tr.appendChild(th);
      M.cols.forEach(function (_, j) {
        var c = grid[i + ":" + j];
        var td = el("td", c ? (colourBy === "year" ? (c[3] || "") : c[2]) : "");
        if (c) {
          td.className = "hit";
          td.dataset.link = String(c[4]);
          td.style.background = colourBy === "year" ?
            shade(maxYear - (c[3] || maxYear) + 1, maxYear - minYear + 1) : shade(c[2], top);
          td.title = byId[M.rows[i]].fullLabel + " → " + byId[M.cols[j]].fullLabel;
          td.addEventListener("click", function () { showLink(c[4]); });
        }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    matrixBox.appendChild(table);
  }
  function drawAdoption() {
    var A = G.adoption;
    adoptionBox.replaceChildren();
    adoptionBox.appendChild(el("p", text.adoptionNote, "meta"));
    if (!A.mechanisms.length) { adoptionBox.appendChild(el("p", text.noData)); return; }
    var top = 0;
    A.counts.forEach(function (row) { row.forEach(function (v) { top = Math.max(top, v); }); });
    var table = el("table", null, "grid");
    var head = el("tr");
    head.appendChild(el("th", ""));
    A.years.forEach(function (y) { head.appendChild(el("th", y)); });
    table.appendChild(head);
    A.mechanisms.forEach(function (id, i) {
      var tr = el("tr");
      var th = el("th", byId[id].label, "row");
      th.title = byId[id].fullLabel;
      th.addEventListener("click", function () { reveal(id); });
      tr.appendChild(th);
      A.counts[i].forEach(function (v, j) {
        var td = el("td", v ? v + (A.first[i][j] ? " (" + A.first[i][j] + ")" : "") : "");
        if (v) { td.style.background = shade(v, top); }
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    adoptionBox.appendChild(table);
  }
  return { matrix: drawMatrix, adoption: drawAdoption };
}
