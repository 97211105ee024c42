#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) from the seed inputs in
# fuzz/corpus/<target>. New inputs libFuzzer finds go to a temporary
# directory, so the seeds in the repository stay as they are; a crash or
# a slow input is saved under fuzz/artifacts/<target>/ and fails the run.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); on a stable toolchain
# RUSTC_BOOTSTRAP=1 lets it use the flags it needs.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter markdown site)
for target in "${targets[@]}"; do
  found=$(mktemp -d)
  echo "fuzz: $target for ${seconds}s"
  log="$found.log"
  status=0
  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$target" "$found" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E 'Done [0-9]+ runs|panicked|deadly signal|ERROR: libFuzzer|SUMMARY|error(\[|:)' "$log" || tail -20 "$log"
  rm -f "$log"
  rm -rf "$found"
  [ "$status" -eq 0 ] || { echo "fuzz: $target failed; see fuzz/artifacts/$target/"; exit 1; }
done
