#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS (default 60) over its committed corpus, one at a time.
# Skips (exit 0) when cargo-fuzz or a nightly toolchain is missing; exits 1 when a target crashes,
# leaving the input under fuzz/artifacts/<target>/. Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: no nightly toolchain; skipped"
    exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "fuzz: cargo-fuzz is not installed; skipped"
    exit 0
fi

status=0
for target in $(cargo +nightly fuzz list); do
    mkdir -p "fuzz/corpus/$target"
    # New inputs go to a scratch folder so the committed corpus stays minimized.
    scratch=$(mktemp -d)
    echo "fuzz: $target for ${seconds}s"
    if ! nice -n 19 cargo +nightly fuzz run "$target" -O "$scratch" "fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1; then
        echo "fuzz: $target crashed; the input is under fuzz/artifacts/$target/"
        status=1
    fi
    rm -rf "$scratch"
done
exit $status
