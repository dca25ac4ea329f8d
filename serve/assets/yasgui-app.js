// YASGUI on legalkg serve: the named queries as tabs, the project's prefixes, result IRIs of the
// data linked to their /id/ pages on this server. Talks only to /sparql.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("legalkg-data").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  // prefix.cc and LOV lookups would reach the network: only the local autocompleter stays
  if (Yasgui.Yasqe && Yasgui.Yasqe.defaults) Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    autofocus: false,
    yasqe: { autocompleters: ["variables"] },
    yasr: { prefixes: data.prefixes },
  });
  // one tab per named query, the first one open
  window.legalkgTabs = {};
  data.tabs.forEach((q, i) => {
    const tab = yasgui.addTab(i === 0, { name: q.title, yasqe: { value: q.text }, requestConfig: { endpoint: endpoint } });
    window.legalkgTabs[q.name] = tab.getId();
  });

  // an IRI of the data (https://w3id.org/legalkg/id/...) opens /id/... here
  const local = (href) => href && href.startsWith(data.idBase) ? "/id/" + href.slice(data.idBase.length) : null;
  const rewrite = (root) => root.querySelectorAll && root.querySelectorAll("a[href]").forEach((a) => {
    const path = local(a.getAttribute("href"));
    if (path) { a.setAttribute("href", path); a.removeAttribute("target"); a.classList.add("legalkg-local"); }
  });
  new MutationObserver((changes) => changes.forEach((c) => c.addedNodes.forEach((n) => {
    if (n.nodeType === 1) rewrite(n.parentNode || n);
  }))).observe(document.getElementById("yasgui"), { childList: true, subtree: true });
  window.legalkgYasgui = yasgui;
})();
