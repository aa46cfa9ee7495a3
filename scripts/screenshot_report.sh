#!/bin/sh
# Renders the alignment review page of the sample story and takes a screenshot of it in
# headless Chromium (Debian package `chromium`), so the page can be looked at without a
# desktop. Usage: scripts/screenshot_report.sh [OUT.png] [AR_FILE EN_FILE]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$here/target/align_report.png}")
ar=${2:-$here/tests/fixtures/align/story.ar}
en=${3:-$here/tests/fixtures/align/story.en}
html=$(dirname "$out")/align_report.html
mkdir -p "$(dirname "$out")"
cargo run --quiet --manifest-path "$here/Cargo.toml" -- \
    align "$ar" "$en" --dry-run --min-confidence 0.9 --report "$html" >/dev/null
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$browser" ]; then
    echo "no chromium found: apt-get install -y chromium" >&2
    exit 2
fi
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --hide-scrollbars --window-size=1400,1100 \
    --screenshot="$out" "file://$html" 2>/dev/null
echo "report: $html"
echo "screenshot: $out"
