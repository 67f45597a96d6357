#!/usr/bin/env bash
# The .deb as a school's Linux PC gets it (run after `bash packaging/build.sh linux`; needs
# root): `dpkg -i`, the installed binary starts under Xvfb to its first screen, `dpkg --purge`
# removes every file it installed. Screenshot: target/screenshots/deb-first-screen.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
deb=$(ls "$target_dir"/packages/jupas-reset_*_amd64.deb | head -n1)
shots="$target_dir/screenshots"
mkdir -p "$shots"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
work=$(mktemp -d)
display=":${DEB_TEST_DISPLAY:-86}"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if dpkg-query -W jupas-reset >/dev/null 2>&1; then $sudo dpkg --purge jupas-reset; fi
$sudo dpkg -i "$deb" || fail "dpkg could not install $deb (missing dependencies?)"
files=$(dpkg -L jupas-reset)
[ -x /usr/bin/jupas-reset ] || fail "/usr/bin/jupas-reset missing"
desktop-file-validate /usr/share/applications/jupas-reset.desktop
appstreamcli validate --no-net /usr/share/metainfo/hk.edu.jupas.reset.metainfo.xml
[ -s /usr/share/doc/jupas-reset/THIRD-PARTY-LICENSES.txt ] || fail "no third-party licences"
/usr/bin/jupas-reset --version | grep -q "jupas-reset" || fail "--version"

Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp & pids+=($!)
for _ in $(seq 40); do xdpyinfo -display "$display" >/dev/null 2>&1 && break; sleep 0.25; done
DISPLAY="$display" openbox & pids+=($!)
DISPLAY="$display" HOME="$work" XDG_CACHE_HOME="$work/cache" LANG=en_HK.UTF-8 \
  /usr/bin/jupas-reset --lang en > "$work/app.log" 2>&1 & pids+=($!)
app=$!
shown=""
for _ in $(seq 240); do
  if DISPLAY="$display" wmctrl -l 2>/dev/null | grep -q "Forgot Password — JUPAS Forgot Password"; then
    shown=yes; break
  fi
  sleep 0.25
done
[ -n "$shown" ] || { cat "$work/app.log"; fail "the installed app showed no Forgot Password window"; }
sleep 1.5
import -display "$display" -window root "$shots/deb-first-screen.png"
kill -0 "$app" || fail "the app died"
kill "$app"; wait "$app" 2>/dev/null || true

$sudo dpkg --purge jupas-reset
left=""
while IFS= read -r path; do
  [ -f "$path" ] && left+="$path"$'\n'
done <<< "$files"
[ -z "$left" ] || fail "left behind after purge: $left"
echo "PASS: .deb installs, validates, starts to its first screen, purges cleanly"
