#!/usr/bin/env bash
# Builds the Debian package from a finished build folder and checks it as a school's IT person
# would meet it: the desktop entry, AppStream metadata and man page validate; the package unpacks
# into an empty root; the unpacked program finds its own data (no SALESIM_DATA_DIR), lists and
# validates the shipped library and draws its window headless; lintian reports no error.
# Usage: tests/package/check_deb.sh BUILD_DIR SOURCE_DIR PNG_CHECK
set -euo pipefail
build=$1
src=$2
png_check=$3
unset SALESIM_DATA_DIR
work=$(mktemp -d /tmp/salesim-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT

step() { echo "== $*"; }

step "desktop entry and AppStream metadata"
desktop-file-validate "$src/assets/desktop/salesim.desktop"
appstreamcli validate --no-net "$src/assets/desktop/fi.salesim.Salesim.metainfo.xml"

step "man page"
test -s "$build/salesim.1.gz" || { echo "no man page at $build/salesim.1.gz (is help2man installed?)"; exit 1; }
zcat "$build/salesim.1.gz" >"$work/salesim.1"
grep -q '^\.TH SALESIM "1"' "$work/salesim.1"
grep -q 'analyze' "$work/salesim.1"
# groff's own warnings about the page (lintian runs the same check).
if LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$work/salesim.1" 2>"$work/man.err" >/dev/null; then
  if [[ -s $work/man.err ]]; then
    cat "$work/man.err"
    exit 1
  fi
fi

step "cpack -G DEB"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/salesim_*_*.deb)
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
dpkg-deb --info "$deb" | sed -n 's/^ Depends: /Depends: /p'
dpkg-deb -x "$deb" "$work/root"
for f in usr/bin/salesim usr/share/salesim/scenarios/rulebook.yaml usr/share/applications/salesim.desktop \
  usr/share/metainfo/fi.salesim.Salesim.metainfo.xml usr/share/icons/hicolor/scalable/apps/salesim.svg \
  usr/share/icons/hicolor/48x48/apps/salesim.png usr/share/man/man1/salesim.1.gz \
  usr/share/doc/salesim/copyright usr/share/doc/salesim/changelog.gz; do
  test -e "$work/root/$f" || { echo "missing from the package: /$f"; exit 1; }
done

step "the unpacked program"
exe=$work/root/usr/bin/salesim
"$exe" --version
"$exe" --data-dir "$work/data" list | head -3
"$exe" validate
"$exe" --data-dir "$work/data" play tutorial-first-sale --choices 1 >/dev/null || true
xvfb-run -a -s "-screen 0 1280x800x24" "$exe" --data-dir "$work/data" --frames 5 --screenshot "$work/shot.png"
"$png_check" "$work/shot.png"

step "lintian"
lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" | tee "$work/lintian.txt"
echo "lintian: $(grep -c '^E:' "$work/lintian.txt" || true) error(s), $(grep -c '^W:' "$work/lintian.txt" || true) warning(s)"
