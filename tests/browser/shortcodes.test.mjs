// Browser tests of the theme's built-in shortcodes that only a browser shows:
// tabs without and with JavaScript, videos loaded on demand, phone layout.
// Run with tests/browser/run.sh (it builds tests/fixtures/shortcodes first).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { servedSite, open as openPage } from "./harness.mjs";

const SITE = process.env.LECTERN_SHORTCODES_SITE;
assert.ok(SITE && fs.existsSync(path.join(SITE, "install/index.html")), "LECTERN_SHORTCODES_SITE must be a built site");

const site = servedSite(SITE);

const open = (options) => openPage(site.browser, options);

/** The label of the chosen tab of each group on the page. */
const chosen = (page) =>
  page.$$eval(".tabs", (groups) => groups.map((g) => g.querySelector(".tab-input:checked + .tab-label").textContent));

/** The visible panels' text. */
const visible = (page) =>
  page.$$eval(".tab-panel", (panels) => panels.filter((p) => p.offsetHeight > 0).map((p) => p.textContent.trim()));

test("without JavaScript, tabs switch with a click and show one panel", async () => {
  const page = await open({ javaScriptEnabled: false });
  await page.goto(`${site.base}/install/`);
  assert.deepEqual(await chosen(page), ["Linux", "Windows"]);
  assert.deepEqual(await visible(page), ["Use your package manager.", "The path is C:\\Go."]);
  await page.click("text=macOS >> nth=0");
  assert.deepEqual(await chosen(page), ["macOS", "Windows"], "groups are independent without JavaScript");
  assert.equal((await visible(page))[0].split("\n")[0], "Use Homebrew.");
  await page.context().close();
});

test("a tab chosen is chosen in every group, stays put on screen and is remembered", async () => {
  const page = await open({ viewport: { width: 1000, height: 600 } });
  await page.goto(`${site.base}/install/`);
  // The second group's label is on screen, below the first group.
  const label = page.locator(".tabs >> nth=1 >> .tab-label >> text=macOS");
  await label.scrollIntoViewIfNeeded();
  const before = (await label.boundingBox()).y;
  const box = await label.boundingBox();
  await page.mouse.click(box.x + 5, box.y + 5);
  assert.deepEqual(await chosen(page), ["macOS", "macOS"]);
  const moved = (await label.boundingBox()).y - before;
  assert.ok(Math.abs(moved) < 1, `the label moved by ${moved}px as the first group grew`);
  await page.goto(`${site.base}/configure/`);
  assert.deepEqual(await chosen(page), ["macOS"], "the next page opens on the same tab");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("arrow keys move between the tabs of a group, not to the next page", async () => {
  const page = await open();
  await page.goto(`${site.base}/install/`);
  await page.focus(".tabs >> nth=0 >> .tab-input:checked");
  await page.keyboard.press("ArrowRight");
  assert.equal(new URL(page.url()).pathname, "/install/");
  assert.deepEqual(await chosen(page), ["macOS", "macOS"], "the other group follows");
  const outline = await page.$eval(".tab-input:focus + .tab-label", (l) => getComputedStyle(l).outlineStyle);
  assert.equal(outline, "solid", "the focused tab shows it");
  await page.context().close();
});

test("a link to a heading inside a hidden tab opens the tab", async () => {
  const page = await open();
  await page.goto(`${site.base}/install/`);
  await page.waitForTimeout(100);
  assert.equal(await page.$(".toc a.active"), null, "a hidden heading is not the one being read");
  await page.goto(`${site.base}/install/#windows-installer`);
  assert.equal((await chosen(page))[0], "Windows");
  assert.ok(await page.isVisible("#windows-installer"));
  await page.context().close();
});

test("a video loads nothing from its site until it is played", async () => {
  const page = await open();
  const outside = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(site.base)) outside.push(r.url());
  });
  await page.route(/youtube|vimeo/, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "player" }));
  await page.goto(`${site.base}/install/`);
  const box = await page.$eval(".video", (v) => [v.offsetWidth, v.offsetHeight]);
  assert.ok(Math.abs(box[0] / box[1] - 16 / 9) < 0.02, `the box keeps 16:9: ${box}`);
  assert.deepEqual(outside, []);
  await page.click(".video-link >> nth=0");
  const frame = await page.waitForSelector(".video iframe");
  assert.equal(await frame.getAttribute("src"), "https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1");
  assert.equal(await frame.getAttribute("title"), "Installing Go");
  assert.deepEqual(await page.$eval(".video", (v) => [v.offsetWidth, v.offsetHeight]), box, "no layout shift");
  assert.deepEqual(outside, ["https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1"]);
  await page.context().close();
});

test("nothing scrolls sideways on a 360 px phone, in light or dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, colorScheme });
    await page.goto(`${site.base}/install/`);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `the page is ${scroll}px wide at ${width}px`);
    const columns = await page.$$eval(".column", (cs) => cs.map((c) => c.getBoundingClientRect().top));
    assert.ok(columns[1] > columns[0], "columns stack on a phone");
    if (process.env.LECTERN_SCREENSHOTS) {
      fs.mkdirSync(process.env.LECTERN_SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(process.env.LECTERN_SCREENSHOTS, `shortcodes-phone-${colorScheme}.png`), fullPage: true });
    }
    await page.context().close();
  }
});

test("columns share a row on a wide screen", async () => {
  const page = await open();
  await page.goto(`${site.base}/install/`);
  const tops = await page.$$eval(".column", (cs) => cs.map((c) => c.getBoundingClientRect().top));
  assert.equal(tops.length, 2);
  assert.equal(tops[0], tops[1]);
  await page.context().close();
});

test("formulas render as MathML with no script and no other host, and a wide one scrolls on a phone", async () => {
  const page = await open({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  const hosts = new Set();
  page.on("request", (request) => hosts.add(new URL(request.url()).host));
  await page.goto(`${site.base}/math/`);
  const sizes = await page.$$eval(".markdown math", (all) =>
    all.map((m) => {
      const box = m.getBoundingClientRect();
      return { width: box.width, height: box.height, display: m.getAttribute("display") };
    }),
  );
  assert.equal(sizes.length, 4);
  assert.deepEqual(sizes.map((s) => s.display), ["inline", "inline", "block", "block"]);
  for (const size of sizes) assert.ok(size.width > 10 && size.height > 10, JSON.stringify(sizes));
  // The browser lays out MathML (its own element boxes), not the source text.
  assert.ok(!(await page.locator(".markdown").innerText()).includes("\\frac"));
  assert.ok((await page.locator(".markdown p").first().innerText()).includes("$5 and $10"));
  const wide = await page.$eval(".math-display", (d) => ({ scroll: d.scrollWidth, client: d.clientWidth }));
  assert.ok(wide.scroll > wide.client, "the wide formula is wider than the phone");
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(pageWidth <= 390, `the page itself does not scroll sideways (${pageWidth})`);
  assert.deepEqual([...hosts], [new URL(site.base).host]);
  await page.context().close();
});
