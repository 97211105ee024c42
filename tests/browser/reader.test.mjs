// The reader on a phone and a tablet, on the demo course and on a page with
// a long table of contents (tests/fixtures/reader): text first, the header
// at hand, no layout shift, readable colours (axe-core), the contents
// following the reader, sidebar and heading links for keyboards and
// fingers, the copy button clear of the code, 404 pages in their language.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { serve, launch, open as openPage } from "./harness.mjs";

const SITE = process.env.LECTERN_SITE;
const READER = process.env.LECTERN_READER_SITE;
for (const dir of [SITE, READER]) {
  assert.ok(dir && fs.existsSync(path.join(dir, "index.html")), "LECTERN_SITE and LECTERN_READER_SITE must be built sites");
}
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let servers = [], browser, base, reader;
before(async () => {
  servers = await Promise.all([serve(SITE), serve(READER)]);
  [base, reader] = servers.map((s) => s.base);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  servers.forEach((s) => s.server.close());
});

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const TABLET = { viewport: { width: 1024, height: 768 } };
const open = (options) => openPage(browser, options);

/** Every page of a built site, by URL. */
function pages(dir, prefix = "") {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.isDirectory()) return pages(path.join(dir, e.name), `${prefix}${e.name}/`);
    return e.name === "index.html" && prefix ? [`/${prefix}`] : [];
  });
}
const DEMO = pages(path.resolve(SITE));
const LESSONS = DEMO.filter((u) => u.split("/").length > 4);

const top = (page, css) => page.$eval(css, (e) => e.getBoundingClientRect().top + window.scrollY);

test("the title and the start of the text are on the first screen of a phone and a tablet", async () => {
  assert.ok(LESSONS.length > 20, `only ${LESSONS.length} lessons`);
  for (const [name, options] of [["phone", PHONE], ["tablet", TABLET]]) {
    const page = await open(options);
    const height = options.viewport.height;
    for (const url of [...LESSONS, "/long/"].map((u) => (u === "/long/" ? reader + u : base + u))) {
      await page.goto(url);
      const title = await page.$eval(".page-title", (e) => e.getBoundingClientRect().bottom);
      const text = await page.$eval(".markdown > :is(p, ul, ol)", (e) => e.getBoundingClientRect().top);
      assert.ok(title < height / 2, `${name} ${url}: the title ends at ${title}px`);
      // Two lines of the first paragraph at least.
      assert.ok(text + 60 < height, `${name} ${url}: the text starts at ${text}px of ${height}`);
    }
    await page.context().close();
  }
});

test("the page's contents are one tap away, with or without scripts", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const page = await open({ ...PHONE, javaScriptEnabled });
    await page.goto(`${reader}/long/`);
    assert.equal(await page.isVisible(".toc a[href='#part-40-channels-and-goroutines']"), false, "folded");
    const summary = await page.$eval(".toc summary", (e) => e.getBoundingClientRect().toJSON());
    assert.ok(summary.bottom < 844 && summary.height >= 24, JSON.stringify(summary));
    await page.tap(".toc summary");
    assert.equal(await page.isVisible(".toc a[href='#part-1-channels-and-goroutines']"), true);
    await page.context().close();
  }
  // Beside the text on a wide screen.
  const page = await open({ viewport: { width: 1366, height: 900 } });
  await page.goto(`${reader}/long/`);
  assert.equal(await page.isVisible(".toc a[href='#part-1-channels-and-goroutines']"), true);
  const [toc, text] = await Promise.all([".toc", ".markdown"].map((css) => page.$eval(css, (e) => e.getBoundingClientRect().left)));
  assert.ok(toc > text, "the contents stand to the side");
  await page.context().close();
});

test("on a phone the header comes back on the way up, and a link's target stops below it", async () => {
  const page = await open(PHONE);
  await page.goto(`${base}/ru/03-concurrency/02-channels/`);
  const header = () => page.$eval(".site-header", (e) => e.getBoundingClientRect().toJSON());
  await page.mouse.wheel(0, 1500);
  await page.waitForFunction(() => document.querySelector(".site-header").getBoundingClientRect().bottom <= 0);
  await page.mouse.wheel(0, -150);
  await page.waitForFunction(() => document.querySelector(".site-header").getBoundingClientRect().top === 0);
  const bar = await header();
  assert.ok(bar.height < 130, `the header takes ${bar.height}px`);
  // The menu is at hand there, and shows where the reader is.
  await page.tap(".menu-toggle");
  const current = await page.$eval("#sidebar [aria-current=page]", (e) => e.getBoundingClientRect().toJSON());
  assert.ok(current.top >= bar.bottom && current.bottom <= 844, JSON.stringify(current));
  await page.tap(".menu-toggle");
  // A heading a link jumps to is not under the header, whichever way it scrolls.
  await page.goto(`${reader}/long/`);
  for (const n of [30, 5]) {
    await page.tap(".toc summary").catch(() => {});
    await page.evaluate(() => { document.querySelector(".toc-details").open = true; });
    await page.click(`.toc a[href='#part-${n}-channels-and-goroutines']`);
    await page.waitForTimeout(400);
    const heading = await page.$eval(`#part-${n}-channels-and-goroutines`, (e) => e.getBoundingClientRect().toJSON());
    const bar = await header();
    assert.ok(heading.top >= Math.max(0, bar.bottom) && heading.bottom < 844, `part ${n}: ${JSON.stringify([heading, bar])}`);
  }
  await page.context().close();
  // Readers who ask for less motion get no sliding.
  const still = await open({ ...PHONE, reducedMotion: "reduce" });
  await still.goto(`${base}/en/01-basics/00-setup/`);
  const durations = await still.$eval(".site-header", (e) => getComputedStyle(e).transitionDuration);
  assert.ok(durations.split(",").every((d) => parseFloat(d) === 0), durations);
  await still.context().close();
});

/** The layout shift of loading `url`, its scripts arriving late (as on a
    slow network, after the first paint). */
async function shift(page, url) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(100);
  return page.evaluate(() => window.__shift);
}

test("nothing moves as a page loads: CLS under 0.01 on every page, phone and tablet", async () => {
  for (const options of [PHONE, TABLET]) {
    const page = await open(options);
    await page.addInitScript(() => {
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.route(/\.(js|svg|png)(\?.*)?$/, async (route) => {
      await new Promise((r) => setTimeout(r, 250));
      await route.continue();
    });
    for (const url of [...DEMO.map((u) => base + u), `${reader}/long/`]) {
      const cls = await shift(page, url);
      assert.ok(cls < 0.01, `${options.viewport.width}px ${url}: CLS ${cls}`);
    }
    await page.context().close();
  }
  // Images have their size before they load.
  const page = await open(PHONE);
  await page.goto(`${base}/en/02-types/structs/`);
  const sizes = await page.$$eval(".markdown img", (imgs) => imgs.map((i) => [i.getAttribute("width"), i.getAttribute("height")]));
  assert.ok(sizes.length > 0 && sizes.every(([w, h]) => w > 0 && h > 0), JSON.stringify(sizes));
  await page.context().close();
});

/** axe-core's violations on the page, by rule: `{rule: count}`. */
async function axe(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    // Every rule, WCAG 2.2's target size among them.
    const r = await window.axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } });
    return r.violations.map((v) => [v.id, v.nodes.map((n) => n.target.join(" ")).slice(0, 3)]);
  });
  return Object.fromEntries(found);
}

test("axe-core finds nothing on the demo's pages, light and dark, phone and desktop", async () => {
  const sample = [
    "/en/", "/en/01-basics/00-setup/", "/en/01-basics/01-hello-world/", "/ru/03-concurrency/02-channels/",
    "/zh/02-types/structs/", "/ru/01-basics/03-control-flow/", "/en/03-concurrency/03-select/",
  ];
  for (const url of sample) assert.ok(DEMO.includes(url), `${url} is a page of the demo`);
  for (const colorScheme of ["light", "dark"]) {
    for (const options of [PHONE, { viewport: { width: 1366, height: 900 } }]) {
      const page = await open({ ...options, colorScheme });
      for (const url of sample) {
        await page.goto(base + url);
        assert.deepEqual(await axe(page), {}, `${colorScheme} ${options.viewport.width}px ${url}`);
      }
      // The reader's own choice of theme, against the system's.
      await page.goto(`${base}/en/01-basics/01-hello-world/`);
      await page.click(".theme-toggle");
      assert.deepEqual(await axe(page), {}, `${colorScheme} toggled`);
      await page.context().close();
    }
  }
});

test("the marked entry of a long table of contents stays in view, and the page stays put", async () => {
  for (const reducedMotion of ["no-preference", "reduce"]) {
    const page = await open({ viewport: { width: 1366, height: 600 }, reducedMotion });
    await page.goto(`${reader}/long/`);
    const toc = await page.$eval(".toc", (e) => [e.scrollHeight, e.clientHeight]);
    assert.ok(toc[0] > toc[1] * 1.5, `the contents are longer than their box: ${toc}`);
    for (const n of [33, 12, 40]) {
      const y = await top(page, `#part-${n}-channels-and-goroutines`);
      const at = await page.evaluate((y) => {
        window.scrollTo(0, y - 60);
        return window.scrollY;
      }, y);
      // The entry of the last heading above the reading line, a third of the way down.
      await page.waitForFunction(() => {
        const line = window.innerHeight * 0.35;
        const read = [...document.querySelectorAll(".markdown :is(h2, h3)")].filter((h) => h.getBoundingClientRect().top <= line).pop();
        return read && document.querySelector(".toc a.active")?.getAttribute("href") === `#${read.id}`;
      });
      await page.waitForTimeout(reducedMotion === "reduce" ? 50 : 700);
      const [active, box, scrolled] = await page.evaluate(() => [
        document.querySelector(".toc a.active").getBoundingClientRect().toJSON(),
        document.querySelector(".toc").getBoundingClientRect().toJSON(),
        window.scrollY,
      ]);
      assert.ok(active.top >= box.top && active.bottom <= box.bottom, `part ${n}: ${JSON.stringify([active, box])}`);
      assert.equal(scrolled, at, "the page itself did not move");
      assert.equal(await page.getAttribute(".toc a.active", "aria-current"), "location");
    }
    await page.context().close();
  }
});

test("a sidebar section's link and its toggle are two targets of 24 px or more", async () => {
  for (const options of [PHONE, { viewport: { width: 1366, height: 900 } }]) {
    const page = await open(options);
    await page.goto(`${base}/en/02-types/01-slices/`);
    if (options.isMobile) await page.tap(".menu-toggle");
    const section = "#sidebar .nav-branch";
    const sizes = await page.$$eval(`${section} > a, ${section} > details > summary, #sidebar a`, (els) =>
      els.map((e) => [e.textContent.trim(), e.getBoundingClientRect().width, e.getBoundingClientRect().height]));
    for (const [name, w, h] of sizes) assert.ok(w >= 24 && h >= 24, `${name}: ${w}×${h}`);
    assert.equal(await page.$$eval("#sidebar summary a, #sidebar summary button", (e) => e.length), 0);
    // The toggle folds the section without following the link.
    const before = page.url();
    await page.click(`${section} > details > summary`);
    assert.equal(page.url(), before);
    assert.equal(await page.$eval(`${section} > details`, (d) => d.open), false);
    // The link, then its toggle, in the tab order.
    await page.focus(`${section} > a`);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "SUMMARY");
    await page.context().close();
  }
});

test("every heading link is reached by the keyboard, named by its heading, and shown on touch screens", async () => {
  const page = await open();
  await page.goto(`${base}/ru/03-concurrency/02-channels/`);
  const anchors = await page.$$eval(".markdown .anchor", (as) => as.map((a) => a.getAttribute("href")));
  assert.ok(anchors.length >= 4, JSON.stringify(anchors));
  await page.focus(".markdown");
  await page.evaluate(() => document.querySelector(".markdown").setAttribute("tabindex", "-1"));
  await page.focus(".markdown");
  const reached = [];
  for (let i = 0; i < 200 && reached.length < anchors.length; i++) {
    await page.keyboard.press("Tab");
    const a = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e.classList.contains("anchor")) return null;
      return [e.getAttribute("href"), getComputedStyle(e, "::after").visibility];
    });
    if (a) reached.push(a);
  }
  assert.deepEqual(reached.map((a) => a[0]), anchors);
  assert.ok(reached.every((a) => a[1] === "visible"), "shown when focused");
  const heading = await page.textContent("h2");
  const named = page.getByRole("link", { name: heading.trim(), exact: true });
  assert.ok((await named.count()) >= 1, `a link named "${heading}"`);
  await page.context().close();

  const touch = await open(PHONE);
  await touch.goto(`${base}/ru/03-concurrency/02-channels/`);
  const shown = await touch.$$eval(".markdown .anchor", (as) =>
    as.map((a) => [getComputedStyle(a, "::after").visibility, a.getBoundingClientRect().width, a.getBoundingClientRect().height]));
  assert.ok(shown.every(([v, w, h]) => v === "visible" && w >= 24 && h >= 24), JSON.stringify(shown));
  await touch.context().close();
});

test("on a touch screen the copy button leaves the first line of code readable", async () => {
  const page = await open(PHONE);
  for (const url of ["/en/01-basics/01-hello-world/", "/ru/03-concurrency/02-channels/"]) {
    await page.goto(base + url);
    const overlaps = await page.$$eval(".code-block", (blocks) => blocks.map((block) => {
      const button = block.querySelector(".copy-button").getBoundingClientRect();
      const line = block.querySelector(".line");
      const range = document.createRange();
      range.selectNodeContents(line);
      const text = range.getBoundingClientRect();
      const visible = getComputedStyle(block.querySelector(".copy-button")).opacity !== "0";
      return visible && button.bottom > text.top && button.top < text.bottom && button.left < text.right;
    }));
    assert.ok(overlaps.length > 0 && overlaps.every((o) => !o), `${url}: ${JSON.stringify(overlaps)}`);
  }
  await page.context().close();
});

test("a missing page says so in the language of the part of the site asked for", async () => {
  const page = await open();
  for (const [url, lang] of [["/ru/no-such-page/", "ru"], ["/zh/no/such/", "zh"], ["/en/missing/", "en"], ["/missing/", "en"]]) {
    const response = await page.goto(base + url);
    assert.equal(response.status(), 404);
    assert.equal(await page.getAttribute("html", "lang"), lang, url);
    assert.equal(new URL(await page.getAttribute(".not-found a", "href"), base).pathname, `/${lang}/`);
  }
  await page.context().close();
});
