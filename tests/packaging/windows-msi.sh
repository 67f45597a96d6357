#!/usr/bin/env bash
# The Windows installer under Wine, as a school lab deploys it (run after
# `bash packaging/build.sh windows`):
#   1. the reference server's Windows exe serves the API on loopback (under Wine);
#   2. `msiexec /i … /qn SERVER_URL=… LANGUAGE=zh-HK PRACTICE=0` installs silently;
#   3. the installed exe, started with NO flags, shows its window in Chinese against that
#      server; the keyboard reaches the verification screen; a close request there is refused;
#   4. `msiexec /x … /qn` leaves no file behind.
# Screenshots: target/screenshots/wine-*.png. Wine is a smoke test, not real Windows.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
packages="$target_dir/packages"
shots="$target_dir/screenshots"
mkdir -p "$shots"
msi=$(ls "$packages"/jupas-reset-*-x64.msi | head -n1)
server_exe="$packages/jupas-reset-server.exe"

work=$(mktemp -d)
display=":${WINE_TEST_DISPLAY:-87}"
export DISPLAY="$display" WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
pids=()
cleanup() {
  wineserver -k 2>/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -n "${KEEP_WINE_PREFIX:-}" ] || rm -rf "$work"; echo "work: $work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; import -display "$display" -window root "$shots/wine-failure.png" 2>/dev/null || true; exit 1; }
wait_for() { # seconds description command…
  local seconds=$1 what=$2; shift 2
  for _ in $(seq "$((seconds * 4))"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.25; done
  fail "timed out waiting for $what"
}
shot() { sleep 0.7; import -display "$display" -window root "$shots/wine-$1.png"; }

# Xvfb and openbox before the prefix's first process (or Wine's windows never appear).
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp & pids+=($!)
wait_for 10 "Xvfb" xdpyinfo -display "$display"
openbox & pids+=($!)
wineboot --init >/dev/null 2>&1
# Wine 8 lacks ProcessPrng (bcryptprimitives.dll), which Rust's std imports: a test-only shim
# in the prefix's system32 (never shipped). See ../shared docs / packaging/README.md.
cat > "$work/shim.c" <<'C'
#include <windows.h>
BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) { return SystemFunction036(data, (ULONG)size); }
C
printf 'LIBRARY bcryptprimitives\nEXPORTS\n  ProcessPrng\n' > "$work/shim.def"
x86_64-w64-mingw32-gcc -O2 -shared -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
  "$work/shim.c" "$work/shim.def" -ladvapi32

# 1. The reference server (Windows exe) with the practice accounts and revealed answers.
port=$((20000 + RANDOM % 20000))
outbox="$work/outbox"
mkdir -p "$outbox"
wine "$server_exe" --listen "127.0.0.1:$port" --outbox "Z:$outbox" --test-reveal-answers \
  --accounts "Z:$root/resources/practice-accounts.toml" > "$work/server.log" 2>&1 & pids+=($!)
wait_for 60 "the server" curl -sf "http://127.0.0.1:$port/v1/password-policy"

# 2. Silent per-machine install with the three properties.
wine msiexec /i "Z:$msi" /qn SERVER_URL="http://127.0.0.1:$port/" LANGUAGE=zh-HK PRACTICE=0
install_dir="$WINEPREFIX/drive_c/Program Files/JUPAS Forgot Password"
policy="$WINEPREFIX/drive_c/ProgramData/jupas-reset/policy.toml"
[ -f "$install_dir/jupas-reset.exe" ] || fail "jupas-reset.exe not installed"
[ -f "$install_dir/THIRD-PARTY-LICENSES.txt" ] || fail "licences not installed"
[ -f "$policy" ] || fail "no machine policy at $policy"
grep -q "server = \"http://127.0.0.1:$port/\"" "$policy" || fail "policy lacks the server: $(cat "$policy")"
grep -q 'language = "zh-HK"' "$policy" || fail "policy lacks the language"
grep -q 'practice = false' "$policy" || fail "policy lacks practice = false"
# (Wine files an ALLUSERS=1 shortcut under the installing user's Start menu; Windows under
# ProgramData's. Either is the Start menu.)
start_menu_entries() { find "$WINEPREFIX/drive_c" -path '*Start Menu*' -name 'JUPAS*.lnk'; }
start_menu_entries | grep -q . || fail "no Start-menu entry"
echo "installed; policy:"; cat "$policy"

# 3. The installed exe, no flags: the policy configures it.
wine "C:\\Program Files\\JUPAS Forgot Password\\jupas-reset.exe" > "$work/app.log" 2>&1 & pids+=($!)
app_title="大學聯招辦法 忘記密碼"
wait_for 90 "the Chinese window" sh -c "wmctrl -l | grep -q '忘記密碼 — $app_title'"
wait_for 60 "the first security code" sh -c "ls '$outbox' | grep -q '^challenge-'"
sleep 1.5
shot 1-forgot-zh
window=$(xdotool search --name "忘記密碼 — $app_title" | head -n1)
xdotool windowactivate --sync "$window" windowfocus --sync "$window" 2>/dev/null || true
answer=$(cat "$(ls -t "$outbox"/challenge-* | head -n1)")
# Focus starts in Login Name; Tab order: DOB, email, another code, audio, code box, Continue.
xdotool type --delay 30 "chantaiman"
xdotool key Tab type --delay 30 "2008-03-14"
xdotool key Tab type --delay 30 "chan.taiman@example.com"
xdotool key Tab Tab Tab type --delay 30 "$answer"
shot 2-typed
xdotool key Tab Return
wait_for 60 "the verification screen" sh -c "wmctrl -l | grep -q '更改密碼 — $app_title'"
wait_for 30 "the email through the configured server" sh -c "ls '$outbox' | grep -q '\.eml$'"
shot 3-verify-zh

# A close request on the verification screen is refused (the leave dialog shows instead).
wmctrl -c "更改密碼 — $app_title"
sleep 3
wmctrl -l | grep -q "更改密碼 — $app_title" || fail "the window closed during a reset"
shot 4-close-refused
wineserver -k 2>/dev/null || true
sleep 1

# 4. Uninstall: nothing left.
wine msiexec /x "Z:$msi" /qn
[ ! -e "$install_dir" ] || fail "left behind: $(find "$install_dir")"
[ ! -e "$(dirname "$policy")" ] || fail "left behind: $(dirname "$policy")"
! start_menu_entries | grep -q . || fail "Start-menu entry left behind"
echo "PASS: MSI install (SERVER_URL, LANGUAGE, PRACTICE), Chinese window, keyboard to the verification screen, close refused, clean uninstall"
