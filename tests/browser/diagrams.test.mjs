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

// Diagrams left to the browser (`diagrams = "client"`): drawn by the site's own
// mermaid.min.js in the page's colour scheme, and again when the reader switches.
const client = servedSite(process.env.LECTERN_CLIENT_DIAGRAMS_SITE);
const CLIENT_PAGE = "/kinds/";

/** The relative luminance of a CSS colour `rgb(r, g, b)`, from 0 (black) to 1. */
function luminance(colour) {
  const [r, g, b] = colour.match(/[\d.]+/g).slice(0, 3).map((c) => {
    const s = Number(c) / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Each diagram Mermaid drew on `page`, once drawn: its labels, and their colour. */
async function mermaidDrawings(page) {
  await page.waitForFunction(() => {
    const pres = [...document.querySelectorAll("pre.mermaid")];
    return pres.length > 0 && pres.every((p) => p.querySelector("svg .nodeLabel, svg text"));
  });
  return page.evaluate(() =>
    [...document.querySelectorAll("pre.mermaid svg")].map((svg) => {
      const label = svg.querySelector(".nodeLabel") || svg.querySelector("text");
      const style = getComputedStyle(label);
      const labels = [...svg.querySelectorAll(".nodeLabel, .edgeLabel, text")];
      const text = labels.map((l) => l.textContent.trim()).filter(Boolean).join(" ");
      return { text, colour: label.tagName === "text" ? style.fill : style.color };
    }),
  );
}

/** The client-drawn page in `colorScheme`, with the hosts it asked. */
async function openClient(colorScheme) {
  const page = await open(client.browser, { colorScheme });
  const hosts = new Set();
  page.on("request", (r) => hosts.add(new URL(r.url()).host));
  await page.goto(client.base + CLIENT_PAGE);
  page.hosts = hosts;
  return page;
}

test("a diagram left to the browser is drawn in the page's light or dark scheme", async () => {
  const seen = {};
  for (const colorScheme of ["light", "dark"]) {
    const page = await openClient(colorScheme);
    const drawings = await mermaidDrawings(page);
    assert.ok(drawings.length >= 1);
    for (const label of ["Idle", "Running", "Stopped", "job done"]) {
      assert.ok(drawings[0].text.includes(label), `${label} in ${drawings[0].text}`);
    }
    seen[colorScheme] = drawings.map((d) => luminance(d.colour));
    assert.deepEqual(page.errors, [], colorScheme);
    assert.deepEqual([...page.hosts], [new URL(client.base).host], colorScheme);
    // The diagram drawn when the site was built is on the page too.
    assert.equal(await page.locator("figure.diagram > svg").count(), 1);
    await page.context().close();
  }
  for (const l of seen.light) assert.ok(l < 0.25, `dark labels on the light page: ${seen.light}`);
  for (const l of seen.dark) assert.ok(l > 0.5, `light labels on the dark page: ${seen.dark}`);
});

test("a diagram left to the browser is drawn again when the reader switches the theme", async () => {
  const page = await openClient("light");
  const before = await mermaidDrawings(page);
  assert.ok(luminance(before[0].colour) < 0.25);
  await page.click(".theme-toggle");
  await page.waitForFunction(() => {
    const label = document.querySelector("pre.mermaid svg .nodeLabel, pre.mermaid svg text");
    if (!label) return false;
    const style = getComputedStyle(label);
    const [r, g, b] = (label.tagName === "text" ? style.fill : style.color).match(/\d+/g).map(Number);
    return r + g + b > 3 * 160;
  });
  const after = await mermaidDrawings(page);
  assert.equal(after.length, before.length);
  assert.equal(after[0].text, before[0].text, "the same diagram, in the other colours");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
