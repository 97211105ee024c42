// Mermaid diagrams drawn at build time: shown with no script, in the
// theme's colours, and legible on a phone without widening the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { servedSite, open } from "./harness.mjs";

const site = servedSite(process.env.LECTERN_SITE);
const LESSON = "/en/03-concurrency/03-select/";

/** What a reader of the lesson's diagram sees. */
async function look(options) {
  const page = await open(site.browser, { javaScriptEnabled: false, ...options });
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).host));
  await page.goto(site.base + LESSON);
  const seen = await page.evaluate(() => {
    const svg = document.querySelector("figure.diagram > svg");
    const text = svg.querySelector("text");
    return {
      labels: [...svg.querySelectorAll("text")].map((t) => t.textContent.trim()).join(" "),
      textFill: getComputedStyle(text).fill,
      fg: getComputedStyle(document.body).color,
      svgWidth: svg.getBoundingClientRect().width,
      pageWidth: document.documentElement.scrollWidth,
    };
  });
  seen.errors = page.errors;
  seen.hosts = [...new Set(requests)];
  await page.context().close();
  return seen;
}

test("a diagram shows its labels with no script and no other host", async () => {
  const seen = await look();
  for (const label of ["for", "select", "msg := <-emails", "print sms"]) {
    assert.ok(seen.labels.includes(label), `${label} in ${seen.labels}`);
  }
  assert.deepEqual(seen.errors, []);
  assert.deepEqual(seen.hosts, [new URL(site.base).host]);
});

test("a diagram's text follows the light and dark themes", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const seen = await look({ colorScheme });
    assert.equal(seen.textFill, seen.fg, colorScheme);
  }
});

test("on a phone a diagram fits the column and the page does not widen", async () => {
  const seen = await look({ viewport: { width: 375, height: 800 } });
  assert.ok(seen.svgWidth <= 375, `diagram ${seen.svgWidth}px wide`);
  assert.equal(seen.pageWidth, 375);
});
