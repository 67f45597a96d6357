#!/usr/bin/env bash
# Schemathesis (every check, every phase, the stateful links) against jupas-reset-server on
# loopback, bounded in time; also checks that the served OpenAPI document is the committed one
# and that it is valid. Needs `schemathesis` and `openapi-spec-validator` (bash .ci/setup test).
#   bash tests/service/schemathesis.sh [SECONDS]   time budget of the Schemathesis run (default 120)
set -euo pipefail
cd "$(dirname "$0")/../.."
budget="${1:-120}"
here="$PWD/tests/service/schemathesis"
target="${CARGO_TARGET_DIR:-target}"
cargo build -p jupas-reset-service --bin jupas-reset-server --locked

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A database on disk, so the hooks can add workstations with `workstations add` (real
# enrolment codes for schema-valid enrolments, and a real credential).
"$target/debug/jupas-reset-server" --listen 127.0.0.1:0 --practice --test-reveal-answers \
  --db "$work/reset.sqlite" \
  --outbox "$work/outbox" --accounts resources/practice-accounts.toml \
  --config "$here/server.toml" --log-format json >"$work/stdout" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 200); do
  grep -q '^listening on ' "$work/stdout" 2>/dev/null && break
  sleep 0.1
done
url="$(sed -n 's/^listening on //p' "$work/stdout")"
[ -n "$url" ] || { cat "$work/server.log" >&2; echo "the server did not start" >&2; exit 1; }

# The document the server serves is the committed one, and it is valid OpenAPI 3.1.
python3 - "$url/v1/openapi.json" resources/openapi.json <<'PY'
import sys, urllib.request
served = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
committed = open(sys.argv[2], encoding="utf-8").read()
if served != committed:
    sys.exit("resources/openapi.json differs from what the server serves: regenerate it (README)")
PY
python3 -m openapi_spec_validator resources/openapi.json

# Run from the scratch folder: Schemathesis keeps a cache where it runs.
server_bin="$(cd "$target/debug" && pwd)/jupas-reset-server"
(cd "$work" && JUPAS_URL="$url" JUPAS_OUTBOX="$work/outbox" SCHEMATHESIS_HOOKS=jupas_reset_hooks \
  JUPAS_SERVER="$server_bin" JUPAS_DB="$work/reset.sqlite" \
  PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" \
  timeout $((budget + 120)) schemathesis --config-file "$here/schemathesis.toml" \
  run "$url/v1/openapi.json" --checks all --workers 2 --max-time "$budget" \
  --warnings off --no-color)

# What the run reached, from the server's access log; an internal error fails the run even
# if no check caught it.
python3 - "$work/server.log" <<'PY'
import collections, json, sys
counts, errors = collections.Counter(), []
for line in open(sys.argv[1], encoding="utf-8"):
    event = json.loads(line)
    if event.get("level") == "ERROR":
        errors.append(line.strip())
    if event.get("target") == "access":
        span = event.get("span", {})
        counts[(span.get("method"), span.get("route"), event.get("status"))] += 1
print("server answers (method, route, status: count):")
for (method, route, status), n in sorted(counts.items(), key=lambda kv: tuple(map(str, kv[0]))):
    print(f"  {method} {route} {status}: {n}")
if errors:
    sys.exit("internal errors in the server log:\n" + "\n".join(errors[:20]))
PY
