// Shared by the browser tests: a static file server for a built site and
// Debian's Chromium driven by playwright-core.
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain",
  ".png": "image/png",
};

/** A static file server on loopback for the built site; resolves to its base URL and server. */
export function serve(root) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://localhost");
    let file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root)) {
      res.writeHead(400).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) {
      // The 404 page of the language asked for, as the host rules in the README serve it.
      const first = decodeURIComponent(url.pathname).split("/")[1];
      const own = first && path.join(root, first, "404.html");
      const page = own && own.startsWith(root) && fs.existsSync(own) ? own : path.join(root, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] }).end(fs.readFileSync(page));
      return;
    }
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, base: `http://127.0.0.1:${server.address().port}` })),
  );
}

export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh page; records console errors, uncaught exceptions and failed requests. */
export async function open(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => m.type() === "error" && page.errors.push(m.text()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("response", (r) => r.status() >= 400 && !r.url().endsWith("/missing/") && page.errors.push(`${r.status()} ${r.url()}`));
  return page;
}

/**
 * Serves the built site at `root` and starts Chromium before a file's tests,
 * and stops both after them; the returned object holds `base` and `browser`
 * once the tests run.
 */
export function servedSite(root) {
  const site = {};
  let server;
  before(async () => {
    ({ server, base: site.base } = await serve(root));
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    server?.close();
  });
  return site;
}
