#!/usr/bin/env bash
# Tests that need more than Rust: the search tests that run the theme's
# search.js under Node.js, then the browser tests of the theme, search box
# and live reload, in Debian's Chromium (apt-get install chromium) with
# playwright-core. Screenshots go to target/browser-screenshots/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
site="$root/target/browser-site"
search_site="$root/target/browser-search-site"
hostile_site="$root/target/browser-hostile-site"
shortcodes_site="$root/target/browser-shortcodes-site"
reader_site="$root/target/browser-reader-site"
cargo test --quiet --test search -- --ignored
cargo run --release --quiet -- build --output "$site"
cargo run --release --quiet -- build tests/fixtures/search --output "$search_site"
cargo run --release --quiet -- build tests/fixtures/hostile --output "$hostile_site"
cargo run --release --quiet -- build tests/fixtures/shortcodes --output "$shortcodes_site"
cargo run --release --quiet -- build tests/fixtures/reader --output "$reader_site"
cd tests/browser
[ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] || npm ci --no-audit --no-fund
LECTERN_SITE="$site" LECTERN_SEARCH_SITE="$search_site" LECTERN_HOSTILE_SITE="$hostile_site" LECTERN_SHORTCODES_SITE="$shortcodes_site" LECTERN_READER_SITE="$reader_site" LECTERN_SCREENSHOTS="$root/target/browser-screenshots" npm test
