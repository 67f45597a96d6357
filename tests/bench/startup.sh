#!/usr/bin/env bash
# Launch → window on screen, and memory on the first screen: the app (release build,
# practice mode) side by side with Chromium showing tests/bench/forgot-password.html.
# Needs Xvfb, xdotool and (for the comparison) Debian's chromium. Prints a table.
# PROFILE=release measures the plain release build instead of the dist one.
#   bash tests/bench/startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
profile=${PROFILE:-dist} # the installers' build (Cargo.toml [profile.dist])
cargo build --profile "$profile" --locked --bin jupas-reset >/dev/null
app=target/$profile/jupas-reset
display=:177
Xvfb $display -screen 0 1280x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display XDG_CACHE_HOME=$(mktemp -d)

# Proportional set size of a process tree, in MB (shared pages split fairly).
pss_mb() {
  local total=0 pid
  for pid in "$@"; do
    [ -r /proc/$pid/smaps_rollup ] || continue
    total=$((total + $(awk '/^Pss:/{print $2}' /proc/$pid/smaps_rollup)))
  done
  echo $((total / 1024))
}
tree() { echo "$1" $(pgrep -P "$1" | while read -r c; do tree "$c"; done); }

measure() { # name, title-to-wait-for (xdotool regex), command...
  local name=$1 title=$2; shift 2
  local times=() mems=()
  for _ in $(seq "$runs"); do
    local start end pid
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 &
    pid=$!
    # xdotool's own --sync polls every 0.5 s: too coarse, so poll every 10 ms here.
    # A window that never comes must not hang the bench: 30 s, then the run is left out.
    # Seen about once in 20 launches: Xvfb, polled by a new xdotool client every 10 ms,
    # refuses the app's own connection (winit: XOpenDisplayFailed) and the app exits.
    local limit=$((SECONDS + 30))
    until xdotool search --onlyvisible --name "^$title$" >/dev/null 2>&1 || [ $SECONDS -ge $limit ]; do
      sleep 0.01
    done
    end=$(date +%s%N)
    if [ $SECONDS -ge $limit ]; then
      echo "$name: no window within 30 s; this run is left out" >&2
      kill $(tree $pid) 2>/dev/null || true
      wait $pid 2>/dev/null || true
      continue
    fi
    sleep 3 # settle: first screen loaded (security code drawn)
    times+=($(( (end - start) / 1000000 )))
    mems+=($(pss_mb $(tree $pid)))
    kill $(tree $pid) 2>/dev/null || true
    wait $pid 2>/dev/null || true
    sleep 0.5
  done
  printf '%-40s launch→window ms: %s   PSS MB: %s\n' "$name" "${times[*]}" "${mems[*]}"
}

# The app's main window is "Forgot Password — JUPAS Forgot Password" (xdotool's regex does
# not match the dash itself, and the mailbox window must not count).
title='(Forgot Password .* )?JUPAS Forgot Password'
measure "jupas-reset (default)" "$title" env -u ICED_BACKEND $app --lang en
for backend in tiny-skia wgpu; do
  measure "jupas-reset (--renderer $backend)" "$title" env -u ICED_BACKEND $app --lang en --renderer $backend
done
if command -v chromium >/dev/null; then
  page="file://$PWD/tests/bench/forgot-password.html"
  measure "chromium (equivalent HTML form)" "$title" \
    chromium --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --app="$page"
fi
size=$(stat -c %s "$app")
echo "release binary: $((size / 1024 / 1024)) MB ($size bytes, stripped)"
