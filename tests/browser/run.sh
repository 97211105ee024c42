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
client_diagrams_site="$root/target/browser-client-diagrams-site"
client_diagrams_source="$root/target/browser-client-diagrams"
cargo test --quiet --test search -- --ignored
cargo run --release --quiet -- build --output "$site"
cargo run --release --quiet -- build tests/fixtures/search --output "$search_site"
cargo run --release --quiet -- build tests/fixtures/hostile --output "$hostile_site"
cargo run --release --quiet -- build tests/fixtures/shortcodes --output "$shortcodes_site"
cargo run --release --quiet -- build tests/fixtures/reader --output "$reader_site"
(cd tests/browser && { [ -d node_modules/playwright-core ] && [ -d node_modules/mermaid ] && [ -d node_modules/axe-core ]; } || npm ci --no-audit --no-fund)
# A site that leaves diagrams to the browser, with the tests' npm copy of
# Mermaid as its own static/mermaid.min.js, as a site ships it.
rm -rf "$client_diagrams_source"
cp -r tests/fixtures/client-diagrams "$client_diagrams_source"
mkdir -p "$client_diagrams_source/static"
cp tests/browser/node_modules/mermaid/dist/mermaid.min.js "$client_diagrams_source/static/"
cargo run --release --quiet -- build "$client_diagrams_source" --output "$client_diagrams_site"
cd tests/browser
LECTERN_CLIENT_DIAGRAMS_SITE="$client_diagrams_site" LECTERN_SITE="$site" LECTERN_SEARCH_SITE="$search_site" LECTERN_HOSTILE_SITE="$hostile_site" LECTERN_SHORTCODES_SITE="$shortcodes_site" LECTERN_READER_SITE="$reader_site" LECTERN_SCREENSHOTS="$root/target/browser-screenshots" npm test
