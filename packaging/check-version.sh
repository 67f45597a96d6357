#!/usr/bin/env bash
# Fails when packaging/Packager.toml's version differs from Cargo.toml's [workspace.package] version
# (cargo-packager reads only Packager.toml, and the installers must carry the app's version).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo_v=$(sed -n '/^\[workspace.package\]/,/^\[/{s/^version *= *"\(.*\)"/\1/p}' Cargo.toml | head -n1)
packager_v=$(sed -n 's/^version *= *"\(.*\)"/\1/p' packaging/Packager.toml | head -n1)
if [ -z "$cargo_v" ] || [ "$cargo_v" != "$packager_v" ]; then
  echo "packaging/Packager.toml has version \"$packager_v\" but Cargo.toml has \"$cargo_v\"" >&2
  exit 1
fi
echo "versions agree: $cargo_v"
