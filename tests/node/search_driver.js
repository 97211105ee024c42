// Runs the theme's search.js under Node for tests/search.rs, through the
// same code the browser runs: `Index` over the built files, read from disk.
//   node search_driver.js tokenize SEARCH_JS INPUT.json
//     INPUT: [{english, text}] → [[term, …], …]
//   node search_driver.js search SEARCH_JS INPUT.json
//     INPUT: [{dir, query}] → [[{url, title, heading, excerpt, marked}, …], …]
//   node search_driver.js rank SEARCH_JS INPUT.json
//     INPUT: [{dir, query}] → [{count, unmatched: [word, …]}, …]
"use strict";
const fs = require("fs");
const path = require("path");

const [mode, script, input] = process.argv.slice(2);
const search = require(path.resolve(script));
const cases = JSON.parse(fs.readFileSync(input, "utf8"));
const text = (parts) => parts.map((p) => p[0]).join("");
const marked = (parts) => parts.filter((p) => p[1]).map((p) => p[0]);

async function main() {
  if (mode === "tokenize") {
    return cases.map((c) => search.tokenize(c.text, c.english).map((t) => t.term));
  }
  const indexes = new Map();
  const out = [];
  for (const c of cases) {
    if (!indexes.has(c.dir)) {
      indexes.set(c.dir, new search.Index((name) => fs.promises.readFile(path.join(c.dir, name))));
    }
    if (mode === "rank") {
      const r = await indexes.get(c.dir).rank(c.query);
      out.push({ count: r.ranked.length, unmatched: r.unmatched });
      continue;
    }
    const results = await indexes.get(c.dir).search(c.query, 8);
    out.push(results.map((r) => ({
      url: r.url,
      title: text(r.titleParts),
      heading: text(r.headingParts),
      excerpt: text(r.excerpt),
      marked: marked(r.titleParts).concat(marked(r.headingParts), marked(r.excerpt)),
    })));
  }
  return out;
}

main().then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (e) => {
    console.error(e && e.stack ? e.stack : e);
    process.exit(1);
  },
);
