// Browser tests of the default theme, run against a built site in Debian's
// Chromium. Run with tests/browser/run.sh (it builds the demo course first).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { servedSite, open as openPage } from "./harness.mjs";

const SITE = process.env.LECTERN_SITE;
const SHOTS = process.env.LECTERN_SCREENSHOTS;
assert.ok(SITE && fs.existsSync(path.join(SITE, "index.html")), "LECTERN_SITE must be a built site");

const site = servedSite(SITE);

const open = (options) => openPage(site.browser, options);

function htmlPages(dir, prefix = "") {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix + e.name;
    if (e.isDirectory()) return htmlPages(path.join(dir, e.name), rel + "/");
    return e.name === "index.html" ? ["/" + prefix] : [];
  });
}

test("no page logs a console error", async () => {
  const page = await open();
  const urls = htmlPages(path.resolve(SITE));
  assert.ok(urls.length > 30, `only ${urls.length} pages found`);
  for (const url of urls) {
    await page.goto(site.base + url);
    assert.deepEqual(page.errors, [], `console errors on ${url}`);
  }
  // The 404 page itself is error-free, apart from its own status.
  await page.goto(`${site.base}/missing/`);
  assert.deepEqual(page.errors.filter((e) => !e.includes("404")), []);
  await page.context().close();
});

for (const lang of ["en", "ru", "zh"]) {
  test(`clicking next walks the whole ${lang} course in sidebar order`, async () => {
    const page = await open();
    await page.goto(`${site.base}/${lang}/`);
    const sidebar = await page.$$eval("#sidebar a", (links) => links.map((a) => new URL(a.href).pathname));
    const visited = [new URL(page.url()).pathname];
    while (await page.$("a[rel=next]")) {
      await Promise.all([page.waitForNavigation(), page.click("a[rel=next]")]);
      visited.push(new URL(page.url()).pathname);
      assert.ok(visited.length < 500, "next chain does not end");
    }
    assert.deepEqual(visited, [`/${lang}/`, ...sidebar]);
    assert.equal(await page.$("a[rel=next]"), null);
    await page.context().close();
  });
}

test("the language switcher lands on the translated page", async () => {
  const page = await open();
  await page.goto(`${site.base}/en/02-types/02-maps/`);
  await Promise.all([page.waitForNavigation(), page.click('.language-switcher a[hreflang="ru"]')]);
  assert.equal(new URL(page.url()).pathname, "/ru/02-types/02-maps/");
  assert.equal(await page.getAttribute("html", "lang"), "ru");
  await Promise.all([page.waitForNavigation(), page.click('.language-switcher a[hreflang="zh"]')]);
  assert.equal(new URL(page.url()).pathname, "/zh/02-types/02-maps/");
  await page.context().close();
});

test("the dark mode toggle is remembered across a reload", async () => {
  const page = await open({ colorScheme: "light" });
  await page.goto(`${site.base}/en/01-basics/01-hello-world/`);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const light = await background();
  await page.click(".theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  const dark = await background();
  assert.notEqual(dark, light);
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.equal(await background(), dark);
  // Toggled back, the page follows the system again, also after a reload.
  await page.click(".theme-toggle");
  assert.equal(await page.getAttribute("html", "data-theme"), null);
  assert.equal(await background(), light);
  await page.emulateMedia({ colorScheme: "dark" });
  assert.equal(await background(), dark, "a change of the system's choice is followed");
  await page.reload();
  assert.equal(await page.getAttribute("html", "data-theme"), null);
  assert.equal(await background(), dark);
  await page.context().close();
});

test("nothing scrolls sideways on a 360 px phone", async () => {
  const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  for (const url of htmlPages(path.resolve(SITE))) {
    await page.goto(site.base + url);
    const [scroll, width] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= width, `${url} is ${scroll}px wide at ${width}px`);
  }
  await page.context().close();
});

test("on a phone the menu button opens the sidebar", async () => {
  const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await page.goto(`${site.base}/ru/02-types/01-slices/`);
  assert.equal(await page.isVisible("#sidebar [aria-current=page]"), false);
  await page.click(".menu-toggle");
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "true");
  assert.equal(await page.isVisible("#sidebar [aria-current=page]"), true);
  await page.keyboard.press("Escape");
  assert.equal(await page.getAttribute(".menu-toggle", "aria-expanded"), "false");
  await page.context().close();
});

test("the copy button puts the code on the clipboard", async () => {
  const page = await open({ permissions: ["clipboard-read", "clipboard-write"] });
  await page.goto(`${site.base}/en/01-basics/01-hello-world/`);
  const block = await page.$(".code-block pre.numbered");
  assert.ok(block, "a numbered code block");
  const expected = (await block.evaluate((pre) => pre.querySelector("code").textContent)).replace(/\n$/, "");
  await page.click(".code-block:has(pre.numbered) .copy-button");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, expected);
  assert.ok(copied.startsWith("package main"), copied);
  assert.ok(!/^\d/.test(copied), "line numbers were copied");
  await page.context().close();
});

test("arrow keys move through the course", async () => {
  const page = await open();
  await page.goto(`${site.base}/en/01-basics/02-variables/`);
  const next = await page.getAttribute("a[rel=next]", "href");
  const prev = await page.getAttribute("a[rel=prev]", "href");
  await Promise.all([page.waitForNavigation(), page.keyboard.press("ArrowRight")]);
  assert.equal(new URL(page.url()).pathname, next);
  await page.goto(`${site.base}/en/01-basics/02-variables/`);
  await Promise.all([page.waitForNavigation(), page.keyboard.press("ArrowLeft")]);
  assert.equal(new URL(page.url()).pathname, prev);
  await page.context().close();
});

for (const [locale, expected] of [["zh-CN", "/zh/"], ["ru-RU", "/ru/"], ["de-DE", "/en/"]]) {
  test(`the root page sends a ${locale} browser to ${expected}`, async () => {
    const page = await open({ locale });
    await page.goto(`${site.base}/`);
    await page.waitForURL(`${site.base}${expected}`);
    assert.equal(new URL(page.url()).pathname, expected);
    await page.context().close();
  });
}

test("screenshots: desktop and phone, light and dark, one page per language", async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const pages = { en: "/en/02-types/02-maps/", ru: "/ru/01-basics/02-variables/", zh: "/zh/03-concurrency/02-channels/" };
  for (const [name, viewport] of [["desktop", { width: 1366, height: 900 }], ["phone", { width: 360, height: 740 }]]) {
    for (const colorScheme of ["light", "dark"]) {
      const page = await open({ viewport, colorScheme });
      for (const [lang, url] of Object.entries(pages)) {
        await page.goto(site.base + url);
        const file = path.join(SHOTS, `${lang}-${name}-${colorScheme}.png`);
        await page.screenshot({ path: file });
        assert.ok(fs.statSync(file).size > 10000, `${file} looks empty`);
      }
      await page.context().close();
    }
  }
});
