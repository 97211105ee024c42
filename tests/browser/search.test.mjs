// Browser tests of the theme's search box, on the demo course and on the
// search fixture (tests/fixtures/search, whose titles hold markup).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { serve, launch, open as openPage } from "./harness.mjs";

const SITE = process.env.LECTERN_SITE;
const FIXTURE = process.env.LECTERN_SEARCH_SITE;
const SHOTS = process.env.LECTERN_SCREENSHOTS;
for (const dir of [SITE, FIXTURE]) {
  assert.ok(dir && fs.existsSync(path.join(dir, "index.html")), "LECTERN_SITE and LECTERN_SEARCH_SITE must be built sites");
}

let servers = [], browser, base, fixture;

before(async () => {
  servers = await Promise.all([serve(SITE), serve(FIXTURE)]);
  [base, fixture] = servers.map((s) => s.base);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  servers.forEach((s) => s.server.close());
});

const open = (options) => openPage(browser, options);

/** Types `query` into the search box and waits for the results to show it. */
async function search(page, query) {
  await page.fill(".search-input", query);
  await page.waitForFunction(
    (q) => !document.querySelector(".search-results").hidden && document.querySelector(".search-input").value === q &&
      document.querySelector(".search-results").children.length > 0,
    query,
  );
  await page.waitForTimeout(200); // let a later keystroke's results replace earlier ones
  return page.$$eval(".search-result", (links) =>
    links.map((a) => ({
      href: a.getAttribute("href"),
      title: a.querySelector(".search-result-title").textContent,
      marks: Array.from(a.querySelectorAll("mark"), (m) => m.textContent),
    })),
  );
}

test("/ focuses the box, results come as you type, Enter lands on the heading", async () => {
  const page = await open();
  await page.goto(`${base}/ru/01-basics/01-hello-world/`);
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-input");
  await page.keyboard.type("буферизованными канал", { delay: 20 });
  await page.waitForSelector(".search-result");
  const results = await search(page, "буферизованными канал");
  assert.equal(decodeURI(results[0].href), "/ru/03-concurrency/02-channels/#буферизованные-каналы");
  assert.ok(results[0].marks.some((m) => m.startsWith("Буферизованн")), JSON.stringify(results[0].marks));
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  assert.equal(decodeURI(new URL(page.url()).pathname), "/ru/03-concurrency/02-channels/");
  const hash = decodeURIComponent(new URL(page.url()).hash.slice(1));
  assert.equal(hash, "буферизованные-каналы");
  assert.ok(await page.evaluate((id) => !!document.getElementById(id), hash), "the heading exists");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("Ctrl-K, arrow keys and Escape", async () => {
  const page = await open();
  await page.goto(`${base}/zh/`);
  await page.keyboard.press("Control+k");
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-input");
  const results = await search(page, "通道");
  assert.ok(results.length >= 2, JSON.stringify(results));
  const selected = () => page.$eval(".search-result[aria-selected=true]", (a) => a.id);
  assert.equal(await selected(), "search-result-0");
  await page.keyboard.press("ArrowDown");
  assert.equal(await selected(), "search-result-1");
  assert.equal(await page.getAttribute(".search-input", "aria-activedescendant"), "search-result-1");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await selected(), `search-result-${results.length - 1}`, "wraps around");
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible(".search-results"), false);
  assert.equal(new URL(page.url()).pathname, "/zh/", "arrow keys in the box do not turn pages");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [lang, text] of [["ru", "Ничего не найдено"], ["zh", "没有结果"], ["en", "No results"]]) {
  test(`no results is said in ${lang}`, async () => {
    const page = await open();
    await page.goto(`${base}/${lang}/`);
    await page.fill(".search-input", "qqqzzzxxx");
    await page.waitForSelector(".search-empty");
    assert.equal(await page.textContent(".search-empty"), text);
    await page.context().close();
  });
}

test("markup in titles and text shows as text", async () => {
  const page = await open();
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  await page.goto(`${fixture}/en/`);
  const results = await search(page, "script tags");
  assert.equal(results[0].title, "<img src=x onerror=alert(1)> Markup & <b>tags</b>");
  assert.equal(await page.$$eval(".search-results img, .search-results b, .search-results script", (e) => e.length), 0);
  const excerpt = await page.textContent(".search-result-excerpt");
  assert.ok(excerpt.includes('<script>alert("x")</script>'), excerpt);
  assert.equal(dialogs, 0);
  await page.context().close();
});

test("on a phone the box spans the screen and a tap opens a result", async () => {
  const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(`${base}/en/01-basics/01-hello-world/`);
  await page.tap(".search-input");
  await search(page, "goroutines");
  const box = await page.$eval(".search-results", (e) => e.getBoundingClientRect().toJSON());
  assert.ok(box.left >= 0 && box.right <= 360, JSON.stringify(box));
  const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  assert.ok(scroll <= width, `${scroll}px wide at ${width}px`);
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, "search-phone.png") });
  }
  const href = await page.getAttribute(".search-result", "href");
  await Promise.all([page.waitForNavigation(), page.tap(".search-result")]);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).hash, href);
  await page.context().close();
});

test("a query downloads only the index files it needs", async () => {
  const page = await open();
  const fetched = [];
  page.on("response", async (r) => {
    if (r.url().includes("/search/")) fetched.push([new URL(r.url()).pathname, (await r.body()).length]);
  });
  await page.goto(`${base}/ru/`);
  const results = await search(page, "горутинами");
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, "search-desktop.png") });
  const names = fetched.map(([p]) => path.basename(p));
  const shards = names.filter((n) => /^t\d+\.gz$/.test(n));
  const groups = names.filter((n) => /^p\d+\.gz$/.test(n));
  const detail = JSON.stringify(fetched);
  assert.ok(names.includes("meta.json.gz"), detail);
  assert.equal(names.length, 1 + shards.length + groups.length, detail);
  // One word: its shard (and, for a prefix, the next); the page texts of
  // the results shown, a group holding several.
  assert.ok(shards.length >= 1 && shards.length <= 2, detail);
  assert.ok(groups.length >= 1 && groups.length <= results.length, detail);
  const bytes = fetched.reduce((n, [, b]) => n + b, 0);
  assert.ok(bytes < 64 * 1024, `fetched ${bytes} bytes: ${detail}`);
  await page.context().close();
});

test("without JavaScript there is no search box", async () => {
  const page = await open({ javaScriptEnabled: false });
  await page.goto(`${base}/en/`);
  assert.equal(await page.isVisible(".search"), false);
  await page.context().close();
});
