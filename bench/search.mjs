// Compares lectern's search with Pagefind's on one built site, in Debian's
// Chromium: bytes a reader downloads per query (cold cache, top 5 results
// with their text), query time (cold: a fresh page's first query,
// index metadata included; warm: the same query again), and the rank of
// the expected page (and whether lectern lands on the expected heading).
// Run by bench/search.sh: node bench/search.mjs SITE_DIR
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { serve, launch, open } from "../tests/browser/harness.mjs";

const SITE = path.resolve(process.argv[2]);
const SHOWN = 5;

// [language, query, expected page, expected heading id or ""]
const QUERIES = [
  ["ru", "горутинами", "/ru/03-concurrency/01-goroutines/", ""],
  ["ru", "каналов", "/ru/03-concurrency/02-channels/", ""],
  ["ru", "буферизованного канала", "/ru/03-concurrency/02-channels/", "буферизованные-каналы"],
  ["ru", "срезами", "/ru/02-types/01-slices/", ""],
  ["ru", "структурами", "/ru/02-types/structs/", ""],
  ["ru", "тайм-ауты", "/ru/03-concurrency/03-select/", "тайм-ауты"],
  ["ru", "отложенного вызова", "/ru/01-basics/03-control-flow/", "отложенный-вызов-defer"],
  ["ru", "гонках данных", "/ru/03-concurrency/01-goroutines/", "гонки-данных"],
  ["ru", "ожидание sync.WaitGroup", "/ru/03-concurrency/01-goroutines/", "ожидание-через-syncwaitgroup"],
  ["zh", "通道", "/zh/03-concurrency/02-channels/", ""],
  ["zh", "缓冲", "/zh/03-concurrency/02-channels/", ""],
  ["zh", "结构体标签", "/zh/02-types/structs/", "结构体标签与-json"],
  ["zh", "数据竞争", "/zh/03-concurrency/01-goroutines/", ""],
  ["zh", "非阻塞", "/zh/03-concurrency/03-select/", "用-default-实现非阻塞操作"],
  ["zh", "底层数组", "/zh/02-types/01-slices/", "共享底层数组"],
  ["zh", "遍历顺序", "/zh/02-types/02-maps/", "5-遍历顺序"],
  ["zh", "类型转换", "/zh/01-basics/02-variables/", "显式类型转换"],
  ["zh", "goroutine 等待", "/zh/03-concurrency/01-goroutines/", ""],
  ["en", "goroutines", "/en/03-concurrency/01-goroutines/", ""],
  ["en", "buffered channel", "/en/03-concurrency/02-channels/", "buffered-channels"],
  ["en", "timeouts", "/en/03-concurrency/03-select/", "timeouts"],
  ["en", "struct tags", "/en/02-types/structs/", ""],
  ["en", "zero values", "/en/01-basics/02-variables/", "zero-values"],
  ["en", "data race", "/en/03-concurrency/01-goroutines/", "data-races"],
];

/** Runs one query in the page; resolves to {ms, urls}. */
const ENGINES = {
  lectern: {
    owns: (url) => /\/search\//.test(url),
    async setup(page) {
      await page.addInitScript(() => { window.module = { exports: {} }; });
    },
    run: (page, lang, q, n) => page.evaluate(async ([lang, q, n]) => {
      const api = window.module.exports;
      const t0 = performance.now();
      window.idx = window.idx || new api.Index((name, id) =>
        fetch(`/${lang}/search/${name}${id ? "?v=" + id : ""}`).then((r) => r.arrayBuffer()));
      const res = await window.idx.search(q, n);
      return { ms: performance.now() - t0, urls: res.map((r) => r.url) };
    }, [lang, q, n]),
  },
  pagefind: {
    owns: (url) => /\/pagefind\//.test(url),
    async setup() {},
    run: (page, lang, q, n) => page.evaluate(async ([q, n]) => {
      const t0 = performance.now();
      window.pf = window.pf || await import("/pagefind/pagefind.js");
      const s = await window.pf.search(q);
      const data = await Promise.all(s.results.slice(0, n).map((r) => r.data()));
      return {
        ms: performance.now() - t0,
        urls: data.map((d) => (d.sub_results && d.sub_results[0] ? d.sub_results[0].url : d.url)),
      };
    }, [q, n]),
  },
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};

function diskBytes(dir, keep = () => true) {
  let total = 0, files = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const p = path.join(e.parentPath ?? e.path, e.name);
    if (e.isFile() && keep(p)) {
      total += fs.statSync(p).size;
      files++;
    }
  }
  return { total, files };
}

const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

async function main() {
  const { server, base } = await serve(SITE);
  const browser = await launch();
  const report = {};
  for (const [name, engine] of Object.entries(ENGINES)) {
    const rows = [];
    for (const [lang, q, expected, heading] of QUERIES) {
      const page = await open(browser);
      await engine.setup(page);
      let fetched = [];
      page.on("response", (r) => {
        if (engine.owns(r.url())) fetched.push(r.body().then((b) => b.length, () => 0));
      });
      await page.goto(`${base}/${lang}/`);
      await page.waitForLoadState("networkidle");
      fetched = [];
      const cold = await engine.run(page, lang, q, SHOWN);
      const sizes = await Promise.all(fetched);
      const bytes = sizes.reduce((a, b) => a + b, 0), requests = sizes.length;
      const warm = [];
      for (let i = 0; i < 5; i++) warm.push((await engine.run(page, lang, q, SHOWN)).ms);
      const top = (await engine.run(page, lang, q, 10)).urls.map((u) => decodeURIComponent(u));
      const rank = top.findIndex((u) => u.split("#")[0] === expected) + 1;
      const landed = heading ? top[rank - 1]?.split("#")[1] === heading : null;
      rows.push({ lang, q, bytes, requests, cold: cold.ms, warm: median(warm), rank, landed });
      await page.context().close();
    }
    report[name] = rows;
  }
  await browser.close();
  server.close();

  const lectern = diskBytes(SITE, (p) => /\/search\/[^/]+\.gz$/.test(p));
  const pagefind = diskBytes(path.join(SITE, "pagefind"));
  console.log(`Site: ${SITE}\n`);
  console.log("Index on disk (all languages):");
  console.log(`  lectern:  ${(lectern.total / 1024).toFixed(0)} KiB in ${lectern.files} files; search.js ${gz(path.join(SITE, "search.js"))} B gzipped`);
  console.log(`  pagefind: ${(pagefind.total / 1024).toFixed(0)} KiB in ${pagefind.files} files; pagefind.js ${gz(path.join(SITE, "pagefind/pagefind.js"))} B gzipped (counted in its bytes per query, as are its .wasm files)`);
  console.log(`\nPer query (cold cache, top ${SHOWN} results with text; rank of the expected page in the top 10, * = landed on the expected heading):`);
  const pad = (s, n) => String(s).padEnd(n);
  console.log(pad("query", 30) + pad("lectern B", 11) + pad("pagefind B", 12) + pad("cold ms", 14) + pad("warm ms", 14) + "rank l/p");
  const a = report.lectern, b = report.pagefind;
  a.forEach((r, i) => {
    const p = b[i];
    const rank = (x) => (x.rank ? String(x.rank) : "-") + (x.landed ? "*" : "");
    console.log(
      pad(`${r.lang} ${r.q}`, 30) + pad(r.bytes, 11) + pad(p.bytes, 12) +
      pad(`${r.cold.toFixed(0)}/${p.cold.toFixed(0)}`, 14) + pad(`${r.warm.toFixed(1)}/${p.warm.toFixed(1)}`, 14) +
      `${rank(r)}/${rank(p)}`,
    );
  });
  for (const [name, rows] of Object.entries(report)) {
    const top3 = rows.filter((r) => r.rank && r.rank <= 3).length;
    const landed = rows.filter((r) => r.landed === true).length, withHeading = rows.filter((r) => r.landed !== null).length;
    console.log(
      `${pad(name, 9)} median ${median(rows.map((r) => r.bytes))} B/query, median cold ${median(rows.map((r) => r.cold)).toFixed(0)} ms, ` +
      `median warm ${median(rows.map((r) => r.warm)).toFixed(1)} ms, top 3: ${top3}/${rows.length}` +
      (name === "lectern" || landed ? `, landed on heading: ${landed}/${withHeading}` : ""),
    );
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
