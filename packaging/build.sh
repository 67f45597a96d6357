#!/usr/bin/env bash
# Builds the installers into target/packages/ (installing the tools it needs, as .ci/setup does).
#   bash packaging/build.sh linux      jupas-reset_VERSION_amd64.deb (desktop entry + AppStream, validated)
#   bash packaging/build.sh windows    jupas-reset-VERSION-x64.msi (per-machine) + the two .exe files
# macOS (.app + .dmg, signed) is built on a macOS runner: .github/workflows/release.yml (see
# packaging/README.md); nothing here can link for macOS.
# The binaries use the `dist` profile (size-optimised, fat LTO).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
what=${1:-}
version=$(sed -n '/^\[workspace.package\]/,/^\[/{s/^version *= *"\(.*\)"/\1/p}' Cargo.toml | head -n1)
target_dir=${CARGO_TARGET_DIR:-$root/target}
out="$target_dir/packages"
mkdir -p "$out"

need() { # packages…: apt-get install those missing
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
  fi
}

# Authenticode, when the release workflow provides a certificate (WINDOWS_CERT_PFX_FILE,
# WINDOWS_CERT_PASSWORD); local and CI builds are unsigned.
sign() {
  [ -n "${WINDOWS_CERT_PFX_FILE:-}" ] || return 0
  need osslsigncode
  osslsigncode sign -pkcs12 "$WINDOWS_CERT_PFX_FILE" -pass "${WINDOWS_CERT_PASSWORD:-}" \
    -n "JUPAS Forgot Password" -t http://timestamp.digicert.com -in "$1" -out "$1.signed"
  mv "$1.signed" "$1"
}

licences() { # target file: every linked crate's licence, texts included
  python3 packaging/licenses.py --target "$1" > "$2"
}

linux() {
  need pkg-config gcc libasound2-dev dpkg-dev desktop-file-utils appstream python3
  cargo build --profile dist --locked --bin jupas-reset
  local stage="$target_dir/deb-stage"
  rm -rf "$stage"
  install -Dm755 "$target_dir/dist/jupas-reset" "$stage/usr/bin/jupas-reset"
  install -Dm644 packaging/linux/jupas-reset.desktop "$stage/usr/share/applications/jupas-reset.desktop"
  install -Dm644 packaging/linux/hk.edu.jupas.reset.metainfo.xml \
    "$stage/usr/share/metainfo/hk.edu.jupas.reset.metainfo.xml"
  for png in packaging/icon/png/*.png; do
    local size
    size=$(basename "$png" .png)
    install -Dm644 "$png" "$stage/usr/share/icons/hicolor/$size/apps/jupas-reset.png"
  done
  install -Dm644 packaging/icon/jupas-reset.svg "$stage/usr/share/icons/hicolor/scalable/apps/jupas-reset.svg"
  local doc="$stage/usr/share/doc/jupas-reset"
  install -Dm644 LICENSE "$doc/copyright"
  install -Dm644 resources/fonts/LICENSE-OFL.txt "$doc/LICENSE-OFL.txt"
  install -Dm644 resources/captcha/font/LICENSE "$doc/LICENSE-DejaVu.txt"
  licences x86_64-unknown-linux-gnu "$doc/THIRD-PARTY-LICENSES.txt"
  desktop-file-validate "$stage/usr/share/applications/jupas-reset.desktop"
  appstreamcli validate --no-net "$stage/usr/share/metainfo/hk.edu.jupas.reset.metainfo.xml"
  mkdir -p "$stage/DEBIAN"
  local size
  size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
  # libasound2 is linked (the spoken code); winit loads X11/Wayland/xkbcommon at run time;
  # `open` runs xdg-open. No GPU driver is needed: the default renderer is software.
  cat > "$stage/DEBIAN/control" <<CONTROL
Package: jupas-reset
Version: $version
Architecture: amd64
Maintainer: The jupas-reset developers <jupas-reset@example.org>
Installed-Size: $size
Depends: libc6 (>= 2.35), libgcc-s1, libasound2t64 | libasound2, libxkbcommon0, libxkbcommon-x11-0, libx11-6, libx11-xcb1, libxcursor1, libxi6, libxrandr2, libwayland-client0, xdg-utils
Section: education
Priority: optional
Homepage: https://www.jupas.edu.hk/
Description: JUPAS Forgot Password (English and Traditional Chinese)
 A native bilingual desktop app for school counsellor workstations that takes a
 JUPAS applicant through Forgot Password, with a practice mode and screen-reader
 support. The machine policy lives in /etc/jupas-reset/policy.toml.
CONTROL
  local deb="$out/jupas-reset_${version}_amd64.deb"
  dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb"
  echo "built $deb"
}

windows() {
  need gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 wixl msitools python3
  rustup target add x86_64-pc-windows-gnu
  local triple=x86_64-pc-windows-gnu
  export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
  # The reference server's exe is built too, for tests under Wine; only the app ships.
  cargo build --profile dist --locked --target "$triple" --bin jupas-reset --bin jupas-reset-server
  local bin="$target_dir/$triple/dist"
  local stage="$target_dir/msi-stage"
  rm -rf "$stage" && mkdir -p "$stage"
  cp "$bin/jupas-reset.exe" "$bin/jupas-reset-server.exe" "$out/"
  licences "$triple" "$stage/THIRD-PARTY-LICENSES.txt"
  sed 's/$/\r/' LICENSE > "$stage/LICENSE.txt"
  # wixl takes source paths relative to the current folder (absolute ones are refused).
  local rel_out rel_stage
  rel_out=$(realpath --relative-to="$root" "$out")
  rel_stage=$(realpath --relative-to="$root" "$stage")
  sign "$out/jupas-reset.exe"
  local msi="$out/jupas-reset-${version}-x64.msi"
  wixl --arch x64 -o "$msi" \
    -D Version="$version" \
    -D ExeFile="$rel_out/jupas-reset.exe" \
    -D IconFile=packaging/icon/jupas-reset.ico \
    -D LicenseFile="$rel_stage/LICENSE.txt" \
    -D ThirdPartyFile="$rel_stage/THIRD-PARTY-LICENSES.txt" \
    -D PolicyTemplate=packaging/windows/policy.toml \
    packaging/windows/jupas-reset.wxs
  sign "$msi"
  echo "built $msi"
}

case "$what" in
  linux) linux ;;
  windows) windows ;;
  *) echo "usage: bash packaging/build.sh linux|windows" >&2; exit 2 ;;
esac
