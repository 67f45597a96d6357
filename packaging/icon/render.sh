#!/usr/bin/env bash
# Renders every raster app icon from jupas-reset.svg, beside this script:
#   png/<N>x<N>.png     N = 16 24 32 48 64 128 256 512 1024  (Linux hicolor theme, .deb)
#   jupas-reset.ico     16 24 32 48 64 128 256                (Windows: NSIS installer, exe)
#   jupas-reset.icns    16 32 48 128 256 512 1024             (macOS: .app and .dmg)
# Each size is rendered from the SVG at that size, never scaled down from a bigger PNG.
# Needs Debian's librsvg2-bin (rsvg-convert), imagemagick (convert) and icnsutils
# (png2icns, icns2png); installs whichever is missing, as .ci/setup does.
# Usage: bash packaging/icon/render.sh      (from anywhere; the outputs are committed)
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v rsvg-convert >/dev/null || need+=(librsvg2-bin)
command -v convert >/dev/null && convert -version 2>/dev/null | grep -q ImageMagick || need+=(imagemagick)
command -v png2icns >/dev/null || need+=(icnsutils)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${need[@]}"
fi

svg=jupas-reset.svg
mkdir -p png
for n in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$n" --height "$n" --keep-aspect-ratio --format png "$svg" -o "png/${n}x${n}.png"
done

# Windows .ico. The date/time chunks are left out so that a re-run gives identical bytes.
convert png/16x16.png png/24x24.png png/32x32.png png/48x48.png png/64x64.png \
  png/128x128.png png/256x256.png -define png:exclude-chunks=date,time \
  +set date:create +set date:modify jupas-reset.ico

# macOS .icns (png2icns picks the icon type from each PNG's size).
png2icns jupas-reset.icns png/16x16.png png/32x32.png png/48x48.png png/128x128.png \
  png/256x256.png png/512x512.png png/1024x1024.png >/dev/null

# Check what was written.
identify -format '%f %wx%h\n' jupas-reset.ico
icns2png -l jupas-reset.icns
ls -l png jupas-reset.ico jupas-reset.icns
