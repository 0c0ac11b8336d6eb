#!/usr/bin/env bash
# packpress against Typst, side by side (run by hand, never in CI).
#
#   TYPST=/path/to/typst bench/compare.sh        # RUNS=10 SITES=200 by default
#
# Needs Typst 0.15 (cargo install typst-cli --locked --root ~/.cache/typst;
# about 25 minutes on 2 cores) and GNU time (/usr/bin/time). Builds
# packpress in release mode, then writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TYPST:=typst}"
if command -v "$TYPST" >/dev/null; then
  TYPST=$(command -v "$TYPST")
else
  echo "Typst not found (set TYPST=/path/to/typst): measuring packpress alone" >&2
  TYPST=""
fi
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 2; }
# The same creation date for Typst on every run, as its anchor does.
export SOURCE_DATE_EPOCH=1767225600
cargo build --release --locked --quiet --bin packpress --example floor
TYPST="$TYPST" exec python3 bench/compare.py
