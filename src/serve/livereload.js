// Live reload for `lectern serve`; added to pages as they are served, never
// written into a built site. Listens to the server's event stream: reloads
// the page when it changed (keeping the scroll position), swaps stylesheets
// when only they changed, and shows build errors over the page.
(function () {
  "use strict";
  var scrollKey = "lectern-scroll:" + location.pathname;
  var build = null;

  function decoded(path) {
    try {
      return decodeURIComponent(path);
    } catch (e) {
      return path;
    }
  }

  function here() {
    return decoded(location.pathname).replace(/\/index\.html$/, "/");
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([scrollX, scrollY]));
    } catch (e) {}
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) {}
    if (!saved) return;
    var xy = JSON.parse(saved);
    var go = function () { scrollTo(xy[0], xy[1]); };
    if (document.readyState === "complete") go();
    else addEventListener("load", go);
  }

  function swapStylesheets(paths) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || paths.indexOf(decoded(url.pathname)) < 0) return;
      url.searchParams.set("lectern", Date.now());
      var next = link.cloneNode();
      next.href = url.href;
      // The old sheet goes once the new one applies, so nothing flashes.
      next.onload = next.onerror = function () { link.remove(); };
      link.after(next);
    });
  }

  function changed(data) {
    build = data.build;
    if (data.all) return reload();
    var page = here();
    var sheets = [];
    for (var i = 0; i < data.paths.length; i++) {
      var path = data.paths[i];
      if (path === page) return reload();
      if (/\.css$/i.test(path)) sheets.push(path);
      // Another page, the sitemap: nothing this page shows. Anything else
      // (an image, a script, a font) may be part of it.
      else if (!/(\/|\.html|\.xml|\.txt)$/i.test(path)) return reload();
    }
    if (sheets.length) swapStylesheets(sheets);
  }

  var overlay = null;

  function hideProblems() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  function showProblems(problems) {
    hideProblems();
    overlay = document.createElement("lectern-problems");
    var root = overlay.attachShadow({ mode: "open" });
    var style = document.createElement("style");
    style.textContent =
      ":host{all:initial}" +
      ".box{position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "background:#1e1e1e;color:#f3f3f3;border-left:6px solid #e5484d;border-radius:6px;" +
      "box-shadow:0 8px 32px rgba(0,0,0,.45);padding:1rem 1.25rem;font:14px/1.5 system-ui,sans-serif}" +
      "h2{margin:0 0 .5rem;font-size:16px;color:#ff8589}" +
      "p{margin:.25rem 0}pre{margin:.25rem 0 .75rem;padding:.5rem;background:#111;border-radius:4px;" +
      "overflow:auto;font:13px/1.4 ui-monospace,monospace;white-space:pre}" +
      ".where{font:13px ui-monospace,monospace;color:#9cdcfe}" +
      ".warning{color:#e5c07b}" +
      "button{position:absolute;top:.5rem;right:.75rem;background:none;border:0;color:inherit;font-size:20px;cursor:pointer}";
    var box = document.createElement("div");
    box.className = "box";
    box.setAttribute("role", "alert");
    var close = document.createElement("button");
    close.type = "button";
    close.setAttribute("aria-label", "Hide");
    close.textContent = "\u00d7";
    close.onclick = hideProblems;
    var title = document.createElement("h2");
    var failed = problems.some(function (p) { return p.severity === "error"; });
    // Links to nothing do not stop a preview: the site is shown with them.
    title.textContent = failed ? "The site did not build" : "Links in the site lead nowhere";
    box.append(close, title);
    problems.forEach(function (p) {
      var where = document.createElement("p");
      where.className = "where " + p.severity;
      where.textContent = p.severity + ": " + p.file + (p.line ? ":" + p.line + (p.col ? ":" + p.col : "") : "");
      var message = document.createElement("p");
      message.textContent = p.message;
      box.append(where, message);
      if (p.source) {
        var code = document.createElement("pre");
        var gutter = String(p.line) + " | ";
        var caret = p.col ? "\n" + " ".repeat(gutter.length + p.caret) + "^" : "";
        code.textContent = gutter + p.source + caret;
        box.append(code);
      }
    });
    var note = document.createElement("p");
    note.textContent = "Fix it and the page updates by itself.";
    box.append(note);
    root.append(style, box);
    document.documentElement.append(overlay);
  }

  function listen() {
    var events = new EventSource("/__lectern/events");
    events.addEventListener("hello", function (e) {
      var data = JSON.parse(e.data);
      // A rebuild happened while disconnected, or the server was restarted.
      if (build !== null && data.build !== build) return reload();
      build = data.build;
    });
    events.addEventListener("reload", function (e) { changed(JSON.parse(e.data)); });
    events.addEventListener("problems", function (e) { showProblems(JSON.parse(e.data)); });
    events.addEventListener("fixed", hideProblems);
    // Refused (the server has as many pages listening as it keeps): the
    // browser gives up, so try again later. It retries lost connections itself.
    events.onerror = function () {
      if (events.readyState === EventSource.CLOSED) setTimeout(listen, 5000);
    };
  }

  restoreScroll();
  listen();
})();
