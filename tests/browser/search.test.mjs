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
  const first = new URL(results[0].href, base);
  assert.equal(decodeURI(first.pathname + first.hash), "/ru/03-concurrency/02-channels/#буферизованные-каналы");
  assert.equal(first.searchParams.get("highlight"), "буферизованными канал");
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
  const href = new URL(await page.getAttribute(".search-result", "href"), base).href;
  await Promise.all([page.waitForNavigation(), page.tap(".search-result")]);
  assert.equal(page.url(), href);
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

test("the count of results is said, and more than eight can be seen", async () => {
  const page = await open();
  await page.goto(`${base}/en/`);
  const results = await search(page, "go");
  assert.equal(results.length, 8);
  const count = await page.textContent(".search-count");
  const total = Number(count.match(/\d+/)[0]);
  assert.ok(total > 8 && count === `Results: ${total}`, count);
  assert.equal(await page.isVisible(".search-more"), true);
  await page.click(".search-more");
  await page.waitForFunction((n) => document.querySelectorAll(".search-result").length === n, Math.min(total, 16));
  const ids = await page.$$eval(".search-result", (links) => links.map((a) => a.id));
  assert.equal(new Set(ids).size, ids.length, "every result has its own id");
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-input");
  assert.equal(await page.isVisible(".search-more"), total > 16);
  // In the page's language.
  await page.goto(`${base}/ru/`);
  await search(page, "го");
  assert.match(await page.textContent(".search-count"), /^Результатов: \d+$/);
  assert.equal(await page.textContent(".search-more"), "Показать ещё");
  await page.context().close();
});

test("a word that matched nothing is named, not quietly dropped", async () => {
  const page = await open();
  await page.goto(`${base}/zh/`);
  const results = await search(page, "xyzzy不存在");
  assert.ok(results.length > 0, "the other word's results");
  assert.equal(await page.textContent(".search-unmatched"), "没有找到 “xyzzy”");
  // A word found alone says nothing more.
  await search(page, "通道");
  assert.equal(await page.$(".search-unmatched"), null);
  await page.goto(`${base}/en/`);
  await search(page, "goroutine xyzzy");
  assert.equal(await page.textContent(".search-unmatched"), "No match for “xyzzy”");
  await page.context().close();
});

test("a longer word with one typo still finds its pages, within the same download", async () => {
  const page = await open();
  const fetched = [];
  page.on("response", async (r) => {
    if (r.url().includes("/search/")) fetched.push((await r.body()).length);
  });
  await page.goto(`${base}/ru/`);
  const results = await search(page, "горутны");
  assert.ok(results.length > 0, "results");
  assert.ok(results[0].marks.some((m) => /^горутин/i.test(m)), JSON.stringify(results[0].marks));
  const bytes = fetched.reduce((a, b) => a + b, 0);
  assert.ok(bytes < 64 * 1024, `fetched ${bytes} bytes`);
  // Short words are not stretched: "chan" is not "chain".
  await page.goto(`${base}/en/`);
  await page.fill(".search-input", "xyzz");
  await page.waitForSelector(".search-empty");
  await page.context().close();
});

test("the page a result opens marks the words searched for, as text", async () => {
  const page = await open();
  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    d.dismiss();
  });
  await page.goto(`${base}/ru/`);
  await search(page, "буферизованный канал");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
  await page.waitForSelector("mark.search-hit");
  const marks = await page.$$eval("main mark.search-hit", (m) => m.map((e) => e.textContent.toLowerCase()));
  assert.ok(marks.some((m) => m.startsWith("буферизованн")) && marks.some((m) => m.startsWith("канал")), JSON.stringify(marks));
  assert.equal(await page.$$eval("pre mark, .anchor mark", (m) => m.length), 0, "code is not marked");
  // Markup in the address is text: nothing of it becomes an element or runs.
  const evil = encodeURIComponent('<img src=x onerror=alert(1)>канал"><script>alert(2)</script>');
  await page.goto(`${base}/ru/03-concurrency/02-channels/?highlight=${evil}`);
  await page.waitForSelector("mark.search-hit");
  assert.equal(await page.$$eval("main img:not([src$='.svg']), main script", (e) => e.length), 0);
  assert.equal(dialogs, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
