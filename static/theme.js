/* lectern default theme: theme and menu toggles, the header on phones, keyboard paging, copy
   buttons, the page's contents (opened beside wide pages, following the reader), tabs kept in
   step, videos loaded on demand. */
(function () {
  "use strict";
  var d = document, root = d.documentElement, KEY = "lectern-theme";
  var media = function (q) { return window.matchMedia ? window.matchMedia(q) : { matches: false }; };
  var dark = media("(prefers-color-scheme: dark)");
  var still = media("(prefers-reduced-motion: reduce)");
  function $(s, el) { return (el || d).querySelector(s); }
  function $$(s, el) { return Array.prototype.slice.call((el || d).querySelectorAll(s)); }

  // 1. Theme toggle.
  var themeBtn = $(".theme-toggle");
  function isDark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : dark.matches;
  }
  function syncTheme() { if (themeBtn) themeBtn.setAttribute("aria-pressed", String(isDark())); }
  if (themeBtn) {
    syncTheme();
    themeBtn.addEventListener("click", function () {
      var t = isDark() ? "light" : "dark";
      // Back to the system's choice, the page follows the system again.
      var system = dark.matches ? "dark" : "light";
      try {
        if (t === system) localStorage.removeItem(KEY); else localStorage.setItem(KEY, t);
      } catch (e) { /* storage unavailable */ }
      if (t === system) root.removeAttribute("data-theme"); else root.setAttribute("data-theme", t);
      syncTheme();
    });
    if (dark.addEventListener) dark.addEventListener("change", syncTheme);
  }

  // 2. On phones: the header slides away while the reader scrolls down and
  // comes back on the way up; the menu opens the sidebar below it.
  var header = $(".site-header"), narrow = media("(max-width: 760px)");
  var menuBtn = $(".menu-toggle"), sidebar = d.getElementById("sidebar");
  function menuOpen() { return root.classList.contains("nav-open"); }
  function barHeight() {
    if (header) root.style.setProperty("--bar-h", header.offsetHeight + "px");
  }
  if (header) {
    var lastY = window.scrollY;
    barHeight();
    window.addEventListener("resize", barHeight);
    window.addEventListener("scroll", function () {
      var y = window.scrollY, away = header.classList.contains("away");
      if (!narrow.matches || menuOpen() || y <= header.offsetHeight) away = false;
      else if (y > lastY + 4) away = true;
      else if (y < lastY - 4) away = false;
      else return;
      header.classList.toggle("away", away);
      lastY = y;
    }, { passive: true });
  }
  function setMenu(open) {
    root.classList.toggle("nav-open", open);
    menuBtn.setAttribute("aria-expanded", String(open));
    if (open && header) {
      header.classList.remove("away");
      barHeight();
    }
    if (open) showCurrent();
  }
  if (menuBtn && sidebar) {
    menuBtn.addEventListener("click", function () {
      setMenu(!menuOpen());
    });
    d.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && menuOpen()) {
        setMenu(false);
        menuBtn.focus();
      }
    });
  }

  // 3. Bring the current page's link into view inside the sidebar only.
  function showCurrent() {
    var cur = $('[aria-current="page"]', sidebar);
    if (!cur || sidebar.scrollHeight <= sidebar.clientHeight) return;
    var sr = sidebar.getBoundingClientRect(), cr = cur.getBoundingClientRect();
    if (cr.top < sr.top || cr.bottom > sr.bottom) {
      sidebar.scrollTop += cr.top - sr.top - sidebar.clientHeight / 3;
    }
  }
  if (sidebar) showCurrent();

  // 4. Arrow keys go to the previous / next page (mirrored in right-to-left pages).
  d.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    if (e.key !== "ArrowLeft" && e.key !== "ArrowRight") return;
    var t = e.target;
    if (t && t.closest && (t.isContentEditable ||
        t.closest("input, textarea, select, [contenteditable], pre"))) return;
    var back = (e.key === "ArrowLeft") !== (root.dir === "rtl");
    var link = $(back ? 'a[rel="prev"]' : 'a[rel="next"]');
    if (link) { e.preventDefault(); location.href = link.href; }
  });

  // 5. What scrolls sideways (wide code, tables, diagrams) takes keyboard
  // focus, so it can be scrolled without a pointer.
  $$("pre.hl-code, .markdown table, .diagram, .math-display").forEach(function (el) {
    if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) el.tabIndex = 0;
  });

  // 6. Copy buttons on code blocks (line numbers are CSS-only, so textContent is clean).
  function fallbackCopy(text) {
    var ta = d.createElement("textarea");
    ta.value = text;
    ta.setAttribute("readonly", "");
    ta.style.cssText = "position:fixed;top:0;left:0;opacity:0";
    d.body.appendChild(ta);
    ta.select();
    var ok = false;
    try { ok = d.execCommand("copy"); } catch (e) { ok = false; }
    d.body.removeChild(ta);
    return ok;
  }
  // Button labels come from the page, in its language.
  var copyLabel = d.body.getAttribute("data-copy") || "Copy";
  var copiedLabel = d.body.getAttribute("data-copied") || "Copied";
  $$(".code-block").forEach(function (block) {
    var code = $("pre code", block) || $("pre", block);
    if (!code) return;
    var btn = d.createElement("button"), timer;
    btn.type = "button";
    btn.className = "copy-button";
    btn.textContent = copyLabel;
    btn.setAttribute("aria-live", "polite");
    function done(ok) {
      btn.textContent = ok ? copiedLabel : "×";
      btn.classList.add("copied");
      clearTimeout(timer);
      timer = setTimeout(function () {
        btn.textContent = copyLabel;
        btn.classList.remove("copied");
      }, 2000);
    }
    btn.addEventListener("click", function () {
      var text = code.textContent.replace(/\n$/, "");
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); },
          function () { done(fallbackCopy(text)); });
      } else {
        done(fallbackCopy(text));
      }
    });
    block.appendChild(btn);
  });

  // 7. The page's contents: open beside the text on wide screens (folded
  // above it on narrower ones); the entry of the section being read is
  // marked, and kept in view in a long list without moving the page.
  var toc = $(".toc"), tocList = toc && $(".toc-details", toc), wide = media("(min-width: 1200px)");
  if (tocList) {
    tocList.open = wide.matches;
    if (wide.addEventListener) wide.addEventListener("change", function () { tocList.open = wide.matches; });
  }
  function keepInView(a) {
    if (toc.scrollHeight <= toc.clientHeight) return;
    var box = toc.getBoundingClientRect(), r = a.getBoundingClientRect(), margin = toc.clientHeight / 4;
    if (r.top >= box.top + margin / 2 && r.bottom <= box.bottom - margin / 2) return;
    var top = toc.scrollTop + r.top - box.top - margin;
    toc.scrollTo({ top: Math.max(0, top), behavior: still.matches ? "auto" : "smooth" });
  }
  if (toc && "IntersectionObserver" in window) {
    var items = [];
    $$('a[href^="#"]', toc).forEach(function (a) {
      var id = a.getAttribute("href").slice(1), h;
      try { h = d.getElementById(decodeURIComponent(id)); } catch (e) { h = null; }
      h = h || d.getElementById(id);
      if (h) items.push({ a: a, h: h });
    });
    var active = null;
    var update = function () {
      var line = window.innerHeight * 0.35, next = null;
      for (var i = 0; i < items.length; i++) {
        // A heading in a hidden tab has no box and no place to compare.
        if (!items[i].h.getClientRects().length) continue;
        if (items[i].h.getBoundingClientRect().top <= line) next = items[i];
        else break;
      }
      if (next === active) return;
      if (active) {
        active.a.classList.remove("active");
        active.a.removeAttribute("aria-current");
      }
      if (next) {
        next.a.classList.add("active");
        next.a.setAttribute("aria-current", "location");
        keepInView(next.a);
      }
      active = next;
    };
    if (items.length) {
      // One observer fires as headings cross the reading line, the other after long jumps.
      [new IntersectionObserver(update, { rootMargin: "0px 0px -66% 0px" }),
        new IntersectionObserver(update)].forEach(function (io) {
        items.forEach(function (it) { io.observe(it.h); });
      });
    }
  }

  // 8. Tabs (radio buttons, working without JavaScript): choosing a tab
  // chooses the tab of the same label in every group of the page and of the
  // next pages; the chosen tab stays where it was on screen.
  var TAB_KEY = "lectern-tab";
  function tabLabel(input) {
    var label = input.nextElementSibling;
    return label ? label.textContent.trim() : "";
  }
  function chooseTab(text) {
    $$(".tab-input").forEach(function (input) {
      if (!input.checked && tabLabel(input) === text) input.checked = true;
    });
  }
  // A link to something inside a hidden panel opens its tab (and its parents').
  function revealTarget() {
    var el = null;
    try { el = d.getElementById(decodeURIComponent(location.hash.slice(1))); } catch (e) { el = null; }
    var panel = el && el.closest(".tab-panel");
    if (!panel) return;
    for (; panel; panel = panel.parentNode.closest(".tab-panel")) {
      var input = $(".tab-input", panel.parentNode);
      if (input) input.checked = true;
    }
    el.scrollIntoView();
  }
  if ($(".tab-input")) {
    // The labels chosen, oldest first: the latest choice wins where a group has two.
    var chosen = [];
    try { chosen = JSON.parse(localStorage.getItem(TAB_KEY)) || []; } catch (e) { chosen = []; }
    if (!Array.isArray(chosen)) chosen = [];
    chosen.forEach(function (text) { if (typeof text === "string") chooseTab(text); });
    if (location.hash) revealTarget();
    window.addEventListener("hashchange", revealTarget);
    d.addEventListener("change", function (e) {
      var input = e.target;
      if (!input.classList.contains("tab-input")) return;
      var label = input.nextElementSibling, top = label.getBoundingClientRect().top, text = tabLabel(input);
      chooseTab(text);
      window.scrollBy(0, label.getBoundingClientRect().top - top);
      chosen = chosen.filter(function (t) { return t !== text; }).concat([text]).slice(-10);
      try { localStorage.setItem(TAB_KEY, JSON.stringify(chosen)); } catch (err) { /* storage unavailable */ }
    });
  }

  // 9. Videos are links to the video's site until the reader plays one here:
  // only then is the player loaded from that site.
  d.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest(".video-link[data-embed]");
    if (!link || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    var frame = d.createElement("iframe");
    frame.src = link.getAttribute("data-embed");
    frame.title = link.getAttribute("data-title") || "";
    frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  });
})();
