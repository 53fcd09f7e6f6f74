#!/usr/bin/env bash
# Installs the Debian packages Salesim needs that are not installed yet (checked with dpkg -s),
# so a machine that has them all installs nothing. Usage: scripts/setup.sh [run|test]
set -euo pipefail

what=${1:-run}
packages=(g++ cmake ninja-build pkg-config
  libyaml-cpp-dev libcli11-dev nlohmann-json3-dev libsqlite3-dev uuid-dev libpq-dev
  libcpp-httplib-dev libssl-dev libqrencode-dev libsodium-dev
  libsdl2-dev libimgui-dev libstb-dev libgl1-mesa-dri fonts-dejavu-core
  libespeak-ng-dev espeak-ng-data fonts-opendyslexic)
if [[ $what == test ]]; then
  packages+=(libgtest-dev libgmock-dev libbenchmark-dev xvfb xauth
    clang-14 libclang-rt-14-dev nodejs python3 python3-yaml python3-jsonschema openssl
    help2man desktop-file-utils appstream lintian dpkg-dev file man-db
    postgresql chromium)
  # Some Node.js builds carry npm inside the nodejs package; Debian's ships it apart.
  command -v npm >/dev/null 2>&1 || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

echo "Installing: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
