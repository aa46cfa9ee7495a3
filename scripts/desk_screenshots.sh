#!/bin/sh
# Screenshots of the desk's three views (Translate, Review, Look up) at 1280x800 and 390 px
# wide, taken by the browser test in headless Chromium (needs `chromium` and
# `chromium-driver`), into docs/ (or DIR). Usage: scripts/desk_screenshots.sh [DIR]
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dir=$(realpath -m "${1:-$here/docs}")
TARJAMA_DESK_SCREENSHOTS="$dir" cargo test --quiet --manifest-path "$here/Cargo.toml" \
    --test desk the_desk_translates -- --nocapture
# Smaller files when pngquant is there (lossy palette; text stays sharp).
if command -v pngquant >/dev/null 2>&1; then
    for f in "$dir"/desk-*.png; do pngquant --force --skip-if-larger --output "$f" 64 "$f" || true; done
fi
ls -l "$dir"/desk-*.png
