#!/usr/bin/env bash
# Benchmarks lectern's search against Pagefind on the same built site: a
# generated course of the demo plus N filler lessons per language
# (default 600), built by lectern, then indexed by Pagefind (PyPI package
# `pagefind[extended]`, for Chinese segmentation), then queried in Debian's
# Chromium by bench/search.mjs. Work files go to target/bench-search/.
#   bench/search.sh [N]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
work="$root/target/bench-search"
mkdir -p "$work"
[ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
"$work/venv/bin/python" -c 'import pagefind' 2>/dev/null ||
  "$work/venv/bin/pip" install --quiet 'pagefind[extended]==1.5.2'
[ -d tests/browser/node_modules/playwright-core ] ||
  (cd tests/browser && npm ci --no-audit --no-fund)

python3 bench/gen_course.py "$work/site" "${1:-600}"
cargo run --release --quiet -- build "$work/site" --output "$work/site/public"
# Pagefind reads the article only, without code, like lectern's index.
"$work/venv/bin/python" -m pagefind --site "$work/site/public" --root-selector main \
  --exclude-selectors ".toc,.pager,.breadcrumbs,.section-pages,.page-meta,.code-block" >/dev/null
node bench/search.mjs "$work/site/public"
