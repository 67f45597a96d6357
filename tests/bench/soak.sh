#!/usr/bin/env bash
# The soak: the release jupas-reset-server on an on-disk database under a steady mixed load
# for SECONDS (default 600), resident memory and open files sampled every 10 s, kill -9
# half-way, restarted on the same database, and everything answered before the kill
# checked (tests/bench/soak.rs). Extra arguments go to the soak, e.g. --workers 8
# --flow-every-ms 1000. Prints a summary for the README's numbers.
#   bash tests/bench/soak.sh [SECONDS] [--workers N] [--flow-every-ms MS]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-600}
shift || true
cargo build --release --locked -p jupas-reset-service --bin jupas-reset-server
cargo bench --locked -p jupas-reset-service --bench soak -- --bench --seconds "$seconds" \
  --server "$PWD/target/release/jupas-reset-server" "$@"
