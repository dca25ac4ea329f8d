// legalkg query page: named queries from the catalogue, results drawn with textContent only.
(function () {
  "use strict";
  var queries = JSON.parse(document.getElementById("lkg-queries").textContent);
  var editor = document.getElementById("query");
  var paramsBox = document.getElementById("params");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var langMenu = document.getElementById("lang");
  var chosen = null;
  var state = { done: 0, rows: null };
  window.legalkg = state;

  function el(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function choose(query, button) {
    chosen = query;
    editor.value = query.text;
    document.querySelectorAll("nav button").forEach(function (b) { b.classList.remove("chosen"); });
    button.classList.add("chosen");
    paramsBox.replaceChildren();
    query.params.forEach(function (param) {
      var label = el("label", param.name + (param.optional ? " (optional) " : " "));
      var input = el("input");
      input.name = param.name;
      input.placeholder = param.kind === "iri" ? "IRI or label" : param.kind;
      input.title = param.meaning;
      label.appendChild(input);
      paramsBox.appendChild(label);
    });
  }

  queries.forEach(function (query) {
    var button = el("button", query.title);
    button.type = "button";
    button.dataset.name = query.name;
    button.appendChild(el("small", query.name + " — " + query.purpose));
    button.addEventListener("click", function () { choose(query, button); });
    document.getElementById("queries").appendChild(button);
  });

  function requestUrl(format) {
    var args = new URLSearchParams();
    var path = "sparql";
    if (chosen && editor.value === chosen.text) {
      path = "queries/" + encodeURIComponent(chosen.name);
      paramsBox.querySelectorAll("input").forEach(function (input) {
        if (input.value.trim()) { args.set(input.name, input.value.trim()); }
      });
      args.set("lang", langMenu.value);
    } else {
      args.set("query", editor.value);
    }
    if (format) { args.set("format", format); }
    return path + "?" + args.toString();
  }

  function cell(binding) {
    if (!binding) { return ""; }
    if (binding["xml:lang"]) { return binding.value + " @" + binding["xml:lang"]; }
    return binding.value;
  }

  function drawTable(data) {
    var table = el("table");
    var head = el("tr");
    data.head.vars.forEach(function (name) { head.appendChild(el("th", name)); });
    table.appendChild(head);
    data.results.bindings.forEach(function (row) {
      var line = el("tr");
      data.head.vars.forEach(function (name) { line.appendChild(el("td", cell(row[name]))); });
      table.appendChild(line);
    });
    results.replaceChildren(table);
    return data.results.bindings.length;
  }

  function run() {
    var started = performance.now();
    status.className = "";
    status.textContent = "running…";
    fetch(requestUrl(null), { headers: { Accept: "application/sparql-results+json, text/turtle;q=0.9" } })
      .then(function (answer) {
        return answer.text().then(function (body) { return { answer: answer, body: body }; });
      })
      .then(function (got) {
        var ms = Math.round(performance.now() - started);
        if (!got.answer.ok) { throw new Error(got.body); }
        var type = got.answer.headers.get("Content-Type") || "";
        if (type.indexOf("json") >= 0) {
          var data = JSON.parse(got.body);
          if ("boolean" in data) {
            results.replaceChildren(el("pre", String(data.boolean)));
            state.rows = 1;
          } else {
            state.rows = drawTable(data);
          }
        } else {
          results.replaceChildren(el("pre", got.body));
          state.rows = got.body.split("\n").filter(Boolean).length;
        }
        status.textContent = state.rows + " rows in " + ms + " ms";
        state.done += 1;
      })
      .catch(function (error) {
        status.className = "error";
        status.textContent = String(error.message || error).trim();
        results.replaceChildren();
        state.done += 1;
      });
  }

  document.getElementById("run").addEventListener("click", run);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(); }
  });
  ["csv", "json"].forEach(function (format) {
    document.getElementById(format).addEventListener("click", function (event) {
      event.target.href = requestUrl(format);
    });
  });
})();
