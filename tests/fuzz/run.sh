#!/usr/bin/env bash
# Runs every libFuzzer target in src/fuzz for SECONDS each (default 30), one after another.
#   bash tests/fuzz/run.sh [SECONDS] [TARGET...]
# Seeds come from tests/fuzz/corpus/<target>/ (committed, never written here); what the run
# finds goes to target/fuzz/corpus/<target>/, a crash to target/fuzz/artifacts/<target>/.
# To fold a long run's finds back into the committed corpus, minimised:
#   bash tests/fuzz/run.sh 3600 media && bash tests/fuzz/run.sh --cmin media
# Needs cargo-fuzz (installed here, pinned) and a nightly toolchain for AddressSanitizer
# (installed through rustup if missing). Without nightly it falls back to the stable
# compiler with RUSTC_BOOTSTRAP=1 and no sanitizer, and says so.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
fuzz_dir=src/fuzz
target_dir=$root/target/fuzz
all_targets=(client_decode media config_toml request_bodies)

cmin=false
if [ "${1:-}" = "--cmin" ]; then
  cmin=true
  shift
  seconds=0
else
  seconds=${1:-30}
  shift || true
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if ! cargo fuzz --version 2>/dev/null | grep -q '0\.13\.2'; then
  cargo install --locked cargo-fuzz --version 0.13.2
fi

toolchain=(+nightly)
sanitizer=(--sanitizer address)
if ! rustup run nightly rustc --version >/dev/null 2>&1 \
  && ! rustup toolchain install nightly --profile minimal; then
  echo "WARNING: no nightly toolchain: fuzzing on stable (RUSTC_BOOTSTRAP=1) WITHOUT AddressSanitizer" >&2
  toolchain=()
  sanitizer=(--sanitizer none)
  export RUSTC_BOOTSTRAP=1
fi
# Faster builds (the app's dependencies are large) at a small cost in executions per second.
build_flags=("${sanitizer[@]}" --fuzz-dir "$fuzz_dir" --target-dir "$target_dir" --codegen-units 16)

# cargo fuzz has no --locked: check that the committed lock file is up to date first.
cargo "${toolchain[@]}" metadata --locked --format-version 1 --manifest-path "$fuzz_dir/Cargo.toml" >/dev/null
cargo "${toolchain[@]}" fuzz build "${build_flags[@]}"

status=0
mkdir -p "$target_dir/logs"
for t in "${targets[@]}"; do
  seeds=$root/tests/fuzz/corpus/$t
  found=$target_dir/corpus/$t
  mkdir -p "$found" "$target_dir/artifacts/$t"
  if $cmin; then
    # Everything found so far joins the seeds, then `cargo fuzz cmin` keeps the fewest
    # inputs that cover as much.
    cp -n "$found"/* "$seeds"/ 2>/dev/null || true
    cargo "${toolchain[@]}" fuzz cmin "${build_flags[@]}" "$t" "$seeds" -- -rss_limit_mb=4096 \
      >"$target_dir/logs/$t.cmin.log" 2>&1 || status=1
    echo "$t: corpus minimised to $(find "$seeds" -type f | wc -l) inputs ($(du -sh "$seeds" | cut -f1))"
    continue
  fi
  log=$target_dir/logs/$t.log
  echo "== fuzzing $t for ${seconds}s (log: $log)"
  if cargo "${toolchain[@]}" fuzz run "${build_flags[@]}" "$t" "$found" "$seeds" -- \
    -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$target_dir/artifacts/$t/" >"$log" 2>&1; then
    grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true
    grep -E 'stat::(number_of_executed_units|peak_rss_mb)' "$log" || true
  else
    status=1
    echo "FAILED: $t found a crash (artifacts in $target_dir/artifacts/$t/):" >&2
    grep -E -A30 'panicked|ERROR: (libFuzzer|AddressSanitizer)' "$log" | head -60 >&2 || tail -40 "$log" >&2
  fi
done
exit $status
