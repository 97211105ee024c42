// With `raw_html = false`, no content of the site's authors runs script:
// every page of a site full of script vectors (tests/fixtures/hostile) is
// loaded, focused, hovered and clicked through, and no dialog opens.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { servedSite, open } from "./harness.mjs";

const SITE = process.env.LECTERN_HOSTILE_SITE;
assert.ok(SITE && fs.existsSync(path.join(SITE, "vectors/index.html")), "LECTERN_HOSTILE_SITE must be a built site");

const site = servedSite(SITE);

test("no script of the authors runs, whatever the reader does", async () => {
  const page = await open(site.browser);
  const fired = [];
  page.on("dialog", async (d) => {
    fired.push(d.message());
    await d.dismiss();
  });
  for (const url of ["/", "/vectors/"]) {
    await page.goto(site.base + url, { waitUntil: "load" });
    await page.waitForTimeout(200);
    for (let i = 0; i < 40; i++) await page.keyboard.press("Tab");
    const targets = await page.$$("main a, main img, main h2");
    for (const target of targets) {
      await target.hover().catch(() => {});
      await target.click({ timeout: 1000, noWaitAfter: true }).catch(() => {});
      if (page.url() !== site.base + url) await page.goto(site.base + url, { waitUntil: "load" });
    }
    await page.waitForTimeout(200);
  }
  assert.deepEqual(fired, []);
  const text = await page.textContent("main");
  assert.match(text, /<img src=x onerror=alert\('raw'\)>/, "raw HTML is shown as text");
});
