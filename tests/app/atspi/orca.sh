#!/bin/bash
# Runs Orca on the Forgot Password screen and lets it speak into a file.
# Inside a private D-Bus session (dbus-run-session), with DISPLAY set:
#   orca.sh APP SERVER_URL WORK
# WORK holds conf/speech-dispatcher/ (a speech-dispatcher whose only voice, sd_generic,
# appends each utterance to WORK/spoken.txt, sound to ALSA "null"); Orca's own debug log
# goes to WORK/orca-debug.txt. Walks the screen with Tab, one stop a second.
set -u
APP=$1 URL=$2 WORK=$3
export XDG_CONFIG_HOME=$WORK/conf XDG_RUNTIME_DIR=$WORK/run GSETTINGS_BACKEND=memory
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

waitfor() { # seconds, then a command that must succeed
  local limit=$1; shift
  for _ in $(seq $((limit * 10))); do "$@" && return 0; sleep 0.1; done
  echo "timed out: $*" >&2; return 1
}

/usr/libexec/at-spi-bus-launcher --launch-immediately & BUS=$!
trap 'kill $APP_PID $ORCA $BUS 2>/dev/null' EXIT
APP_PID=
sleep 1
# Screen readers are on: toolkits (and accesskit_unix) start talking AT-SPI.
dbus-send --session --print-reply --dest=org.a11y.Bus /org/a11y/bus \
  org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:IsEnabled variant:boolean:true > /dev/null
orca -u "$WORK/prefs" --debug-file "$WORK/orca-debug.txt" > "$WORK/orca.out" 2>&1 & ORCA=$!
# Orca is ready once it has said so (speech or, failing that, its debug log).
waitfor 30 grep -qs "Screen reader on" "$WORK/spoken.txt" "$WORK/orca-debug.txt" || exit 2
ICED_BACKEND=tiny-skia "$APP" --server "$URL" --lang en > "$WORK/app.log" 2>&1 & APP_PID=$!
# Only a mapped (viewable) window can take the focus: X refuses SetInputFocus before that.
waitfor 60 xdotool search --onlyvisible --name "JUPAS Forgot Password$" > /dev/null || exit 3
WINDOW=$(xdotool search --onlyvisible --name "JUPAS Forgot Password$" | head -1)
xdotool windowactivate --sync "$WINDOW"; xdotool windowfocus --sync "$WINDOW"
spoken() { grep -qs "Login Name" "$WORK/spoken.txt" "$WORK/orca-debug.txt"; }
if ! waitfor 15 spoken; then
  # Under load Orca can present the window before the focus event of its first box
  # reaches it. A user would move away and back; so does this, and says so.
  echo "orca.sh: Login Name not announced on activation; Tab, Shift+Tab" >&2
  xdotool key Tab; sleep 1; xdotool key shift+Tab
  waitfor 20 spoken
fi
sleep 1
for _ in 1 2 3 4 5 6; do xdotool key Tab; sleep 1; done
import -window root "$WORK/orca-forgot.png" 2>/dev/null
exit 0
