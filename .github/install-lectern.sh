#!/usr/bin/env bash
# The GitHub Action's work (action.yml): downloads the lectern release
# archive for this runner, checks it against the release's SHA256SUMS,
# unpacks it and puts lectern on the PATH. Reads REQUESTED_VERSION (a
# version or `latest`) and the runner's own variables.
set -euo pipefail
fail() { echo "::error title=lectern::$*"; exit 1; }

case "$RUNNER_OS/$RUNNER_ARCH" in
  Linux/X64) target=x86_64-unknown-linux-musl ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ;;
  macOS/X64) target=x86_64-apple-darwin ;;
  macOS/ARM64) target=aarch64-apple-darwin ;;
  # Windows on Arm runs x86_64 programs through its emulation.
  Windows/X64 | Windows/ARM64) target=x86_64-pc-windows-msvc ;;
  *) fail "no lectern release is built for $RUNNER_OS on $RUNNER_ARCH" ;;
esac

# The releases of the repository this action was taken from, read
# from where the runner put it (_actions/OWNER/REPO/REF): the
# github.action_repository context is empty in composite actions.
# From a checkout (uses: ./), the workflow's own repository.
action_path="${GITHUB_ACTION_PATH//\\//}"
repository="$GITHUB_REPOSITORY"
case "$action_path" in
  */_actions/*/*/*)
    owner_repo="${action_path#*/_actions/}"
    owner="${owner_repo%%/*}"
    rest="${owner_repo#*/}"
    repository="$owner/${rest%%/*}"
    ;;
esac
releases="$GITHUB_SERVER_URL/$repository/releases"

if [ "$REQUESTED_VERSION" = latest ]; then
  # /releases/latest redirects to the newest release's tag: no API
  # call, so no token and no rate limit.
  url=$(curl -fsSL --retry 3 -o /dev/null -w '%{url_effective}' "$releases/latest") ||
    fail "cannot reach $releases"
  case "$url" in
    */releases/tag/*) tag="${url##*/}" ;;
    *) fail "$repository has no release yet" ;;
  esac
else
  tag="v${REQUESTED_VERSION#v}"
fi
version="${tag#v}"

name="lectern-$version-$target"
case "$target" in
  *windows*) archive="$name.zip" ;;
  *) archive="$name.tar.gz" ;;
esac
dir="$RUNNER_TEMP/lectern-$version"
mkdir -p "$dir"
cd "$dir"
curl -fsSL --retry 3 -o "$archive" "$releases/download/$tag/$archive" ||
  fail "cannot download $archive of $repository's release $tag"
curl -fsSL --retry 3 -o SHA256SUMS "$releases/download/$tag/SHA256SUMS" ||
  fail "cannot download SHA256SUMS of $repository's release $tag"
awk -v file="$archive" '$2 == file || $2 == "*" file' SHA256SUMS > "$archive.sha256"
[ -s "$archive.sha256" ] || fail "SHA256SUMS of $tag has no line for $archive"
if command -v sha256sum > /dev/null; then
  sha256sum --check "$archive.sha256" || fail "$archive does not match its SHA-256"
else
  shasum -a 256 --check "$archive.sha256" || fail "$archive does not match its SHA-256"
fi

case "$archive" in
  *.zip) unzip -q -o "$archive" ;;
  *) tar -xzf "$archive" ;;
esac
bin="$dir/$name"
"$bin/lectern" --version
if command -v cygpath > /dev/null; then
  bin=$(cygpath --windows "$bin")
fi
echo "$bin" >> "$GITHUB_PATH"
echo "version=$version" >> "$GITHUB_OUTPUT"
