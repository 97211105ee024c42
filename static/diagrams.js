/* lectern default theme: the Mermaid diagrams left to the browser (`diagrams = "client"`),
   drawn by the site's own mermaid.min.js in the page's colour scheme, light or dark, and
   drawn again when the reader or the system switches. Loaded after mermaid.min.js, before
   the page's load event, so Mermaid's own start on load is turned off in time. */
(function () {
  "use strict";
  var mermaid = window.mermaid, root = document.documentElement;
  var nodes = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  if (!mermaid || !nodes.length) return;
  // Mermaid replaces each source with its drawing: the sources are kept to draw again.
  var sources = nodes.map(function (n) { return n.textContent; });
  var drawn = null, queue = Promise.resolve();
  // The stylesheet's `color-scheme` says what the page shows, whether the reader chose
  // it (theme.js sets `data-theme`) or the system's `prefers-color-scheme` did.
  function scheme() {
    return /dark/.test(getComputedStyle(root).colorScheme || "") ? "dark" : "light";
  }
  function draw() {
    var wanted = scheme();
    if (wanted === drawn) return;
    drawn = wanted;
    // One drawing at a time: a switch during a drawing waits for it.
    queue = queue.then(function () {
      nodes.forEach(function (n, i) {
        n.removeAttribute("data-processed");
        n.textContent = sources[i];
      });
      var config = { startOnLoad: false, securityLevel: "strict", theme: wanted === "dark" ? "dark" : "default" };
      // In the theme's font, as the diagrams drawn when the site is built.
      var font = getComputedStyle(root).getPropertyValue("--sans").trim();
      if (font) config.fontFamily = font;
      mermaid.initialize(config);
      return mermaid.run({ nodes: nodes });
    }).catch(function (e) { console.error(e); });
  }
  draw();
  new MutationObserver(draw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
  var system = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  if (system && system.addEventListener) system.addEventListener("change", draw);
})();
