// `lectern serve` in Debian's Chromium: an open page of a copy of the demo
// course shows an edit by itself, keeps its scroll position, shows a build
// error over the page until it is fixed, and takes a stylesheet edit without
// reloading, and a page refused an event stream (the server keeps 64) listens
// once a place is free. Run with tests/browser/run.sh (it builds the release binary).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { chromium } from "playwright-core";

const ROOT = path.resolve(import.meta.dirname, "../..");
const LECTERN = process.env.LECTERN_BIN || path.join(ROOT, "target/release/lectern");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const WAIT = { timeout: 15000 };
const LESSON = "content/en/01-basics/01-hello-world.md";
const URL_PATH = "/en/01-basics/01-hello-world/";

let site, server, browser, base;

/** Starts the server and resolves with its address once it prints it. */
function start(dir) {
  const child = spawn(LECTERN, ["serve", dir, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("lectern serve did not start")), WAIT.timeout);
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const found = line.match(/Serving (http:\/\/127\.0\.0\.1:\d+)\//);
      if (found) {
        clearTimeout(timer);
        resolve({ child, url: found[1] });
      }
    });
    child.on("exit", (code) => reject(new Error(`lectern serve exited with ${code}`)));
  });
}

before(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "lectern-serve-"));
  fs.cpSync(path.join(ROOT, "content"), path.join(site, "content"), { recursive: true });
  const config = fs.readFileSync(path.join(ROOT, "site.toml"), "utf8");
  fs.writeFileSync(path.join(site, "site.toml"), `${config}\n[theme]\ncustom_css = ["/extra.css"]\n`);
  fs.mkdirSync(path.join(site, "static"));
  fs.writeFileSync(path.join(site, "static/extra.css"), "body { outline: 1px solid rgb(1, 2, 3); }\n");
  ({ child: server, url: base } = await start(site));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

function edit(rel, change) {
  const file = path.join(site, rel);
  fs.writeFileSync(file, change(fs.readFileSync(file, "utf8")));
}

/** The lesson, scrolled down, marked so a reload can be told apart. */
async function openLesson() {
  const context = await browser.newContext({ viewport: { width: 900, height: 400 } });
  const page = await context.newPage();
  await page.goto(base + URL_PATH);
  await page.evaluate(() => {
    window.scrollTo(0, 300);
    window.notReloaded = true;
  });
  return page;
}

test("an open page shows an edit by itself and keeps its scroll position", async () => {
  const page = await openLesson();
  edit(LESSON, (text) => `${text}\nEdited while the page was open.\n`);
  await page.waitForFunction(() => document.body.innerText.includes("Edited while the page was open."), null, WAIT);
  assert.equal(await page.evaluate(() => window.notReloaded), undefined, "the page reloaded");
  await page.waitForFunction(() => Math.abs(window.scrollY - 300) < 2, null, WAIT);
  await page.context().close();
});

test("a build error shows over the page until it is fixed", async () => {
  const page = await openLesson();
  const weight = /^weight: (\d+)$/m;
  const was = fs.readFileSync(path.join(site, LESSON), "utf8").match(weight)[0];
  edit(LESSON, (text) => text.replace(weight, "weight: one"));
  const overlay = page.locator("lectern-problems .where");
  await overlay.waitFor(WAIT);
  assert.match(await overlay.first().textContent(), /content\/en\/01-basics\/01-hello-world\.md:\d+:\d+/);
  assert.ok(await page.locator("main").isVisible(), "the last good page stays underneath");
  edit(LESSON, (text) => text.replace("weight: one", was));
  await page.locator("lectern-problems").waitFor({ state: "detached", ...WAIT });
  await page.context().close();
});

test("a stylesheet edit applies without a reload", async () => {
  const page = await openLesson();
  const outline = () => page.evaluate(() => getComputedStyle(document.body).outlineColor);
  assert.equal(await outline(), "rgb(1, 2, 3)");
  fs.writeFileSync(path.join(site, "static/extra.css"), "body { outline: 1px solid rgb(4, 5, 6); }\n");
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(4, 5, 6)", null, WAIT);
  assert.equal(await page.evaluate(() => window.notReloaded), true, "no reload for a stylesheet");
  await page.context().close();
});

/** An event stream opened without a browser, with the status it was answered. */
function rawStream() {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(`GET /__lectern/events HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
    });
    socket.once("data", (chunk) => resolve({ socket, status: Number(chunk.toString().split(" ")[1]) }));
    socket.once("error", reject);
  });
}

test("a page refused the event stream listens once a place is free", async () => {
  const held = [];
  for (let i = 0; i < 100; i++) {
    const { socket, status } = await rawStream();
    if (status !== 200) {
      socket.destroy();
      break;
    }
    held.push(socket);
  }
  assert.ok(held.length < 100, "no stream was refused");
  const page = await openLesson();
  held.pop().destroy();
  // Edited until the page shows an edit: it cannot tell when it listens again.
  let edits = 0;
  const editing = setInterval(() => {
    edits += 1;
    edit(LESSON, (text) => `${text}\nEdit number ${edits}.\n`);
  }, 1000);
  try {
    await page.waitForFunction(() => /Edit number \d+\./.test(document.body.innerText), null, WAIT);
  } finally {
    clearInterval(editing);
    held.forEach((socket) => socket.destroy());
    await page.context().close();
  }
});
