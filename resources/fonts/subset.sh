#!/usr/bin/env bash
# Regenerates NotoSansHK-app.otf (and NotoSansHK-app-Bold.otf): the Hong Kong
# face of Noto Sans CJK cut down to the characters the app can show. Without
# it cosmic-text falls back to whatever CJK font the system has, often a
# Simplified-Chinese one with mainland glyph shapes; embedding the whole face
# would add ~16 MB per weight.
#
# Re-run whenever i18n/zh-HK/*.ftl or i18n/en/*.ftl change; the test that
# checks font coverage (tests/app/strings.rs) fails until you do.
#
# Source: Debian package fonts-noto-cjk (apt-get install fonts-noto-cjk),
#         NotoSansCJK-Regular.ttc / NotoSansCJK-Bold.ttc, face "Noto Sans CJK HK"
#         (looked up by name, not by index, in case a release reorders faces).
# Tool:   pyftsubset and fontTools (pip install fonttools; tested with 4.68.0).
# Output is reproducible from the same inputs (timestamps are not recalculated).
# Licence: SIL OFL 1.1, see LICENSE-OFL.txt next to this script. All name
# records are kept, so the copyright and licence notices stay in the fonts.
#
# Overrides (environment):
#   FTL_GLOB            space-separated glob patterns of FTL files to scan
#                       (default: the project's i18n/zh-HK/*.ftl i18n/en/*.ftl)
#   NOTO_CJK_REGULAR    path of NotoSansCJK-Regular.ttc
#   NOTO_CJK_BOLD       path of NotoSansCJK-Bold.ttc ("" to skip the bold face)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

FTL_GLOB=${FTL_GLOB:-"$root/i18n/zh-HK/*.ftl $root/i18n/en/*.ftl"}
NOTO_CJK_REGULAR=${NOTO_CJK_REGULAR:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
NOTO_CJK_BOLD=${NOTO_CJK_BOLD-/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc}
FACE="Noto Sans CJK HK"

# Expand the patterns here (word splitting + globbing on purpose).
shopt -s nullglob
# shellcheck disable=SC2206
ftl_files=($FTL_GLOB)
shopt -u nullglob
if [ ${#ftl_files[@]} -eq 0 ]; then
    echo "subset.sh: no FTL files match: $FTL_GLOB" >&2
    exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Characters the UI may show besides the FTL text (the file stays ASCII, as
# pyftsubset reads it in the locale's encoding):
#   printable ASCII; Latin-1 supplement (punctuation, × ÷, accented names);
#   – — ‘ ’ “ ” • … ← → ✓ ✗ ✕ ⚠;
#   CJK punctuation: ideographic space 、 。 〃 〈 〉 《 》 「 」 『 』 【 】 ・;
#   full-width forms ！ to ～ (，：；？（）０-９ Ａ-Ｚ ...).
cat >"$work/fixed.unicodes" <<'EOF'
0020-007E 00A0-00FF
2013-2014 2018-2019 201C-201D 2022 2026 2190 2192 2713 2715 2717 26A0
3000-3003 3008-3011 30FB
FF01-FF5E
EOF

# Collects the FTL characters into a code point list and checks them against
# the source face; fails if the face cannot show some of them (tofu in the UI).
collect_and_check() { # ttc -> prints the face index
    python3 - "$1" "$FACE" "$work" "${ftl_files[@]}" <<'PY'
import sys, unicodedata
from fontTools.ttLib import TTCollection

ttc, face, work, *ftl = sys.argv[1:]
coll = TTCollection(ttc, lazy=True)
index = next((i for i, f in enumerate(coll.fonts)
              if f["name"].getDebugName(1) == face), None)
if index is None:
    sys.exit(f"subset.sh: no face named {face!r} in {ttc}")
cmap = coll.fonts[index].getBestCmap()

chars = set()
for path in ftl:
    with open(path, encoding="utf-8") as f:
        chars.update(f.read())
# Whitespace and control/format characters need no glyph.
chars = {c for c in chars
         if not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")}
missing = sorted(c for c in chars if ord(c) not in cmap)
if missing:
    listed = " ".join(f"{c} U+{ord(c):04X}" for c in missing)
    sys.exit(f"subset.sh: {face} has no glyph for: {listed}")
with open(f"{work}/ftl.unicodes", "w", encoding="ascii") as out:
    out.write(" ".join(f"{ord(c):04X}" for c in sorted(chars)) + "\n")

fixed = []
with open(f"{work}/fixed.unicodes", encoding="utf-8") as f:
    for line in f:
        for item in line.split("#")[0].split():
            lo, _, hi = item.partition("-")
            fixed.extend(range(int(lo, 16), int(hi or lo, 16) + 1))
absent = [cp for cp in fixed if cp not in cmap]
if absent:
    print("subset.sh: note: face lacks fixed-set code points "
          + " ".join(f"U+{cp:04X}" for cp in absent), file=sys.stderr)
print(f"{len(chars)} distinct characters from {len(ftl)} FTL file(s)", file=sys.stderr)
print(index)
PY
}

subset() { # ttc, output file
    local index
    index=$(collect_and_check "$1")
    echo "$(basename "$1"): \"$FACE\" is face $index" >&2
    # All layout features: CJK needs e.g. vert/locl/halt/palt, and Latin
    # kerning keeps the English UI tidy.
    pyftsubset "$1" \
        --font-number="$index" \
        --unicodes-file="$work/fixed.unicodes" \
        --unicodes-file="$work/ftl.unicodes" \
        --layout-features='*' \
        --name-IDs='*' \
        --name-languages='*' \
        --notdef-outline \
        --output-file="$work/out.otf"
    mv "$work/out.otf" "$here/$2"
    python3 - "$here/$2" <<'PY'
import os, sys
from fontTools.ttLib import TTFont
path = sys.argv[1]
name = TTFont(path, lazy=True)["name"]
family = name.getDebugName(16) or name.getDebugName(1)
style = name.getDebugName(17) or name.getDebugName(2)
print(f"{os.path.basename(path)}: {os.path.getsize(path)} bytes, "
      f"family {family!r}, style {style!r}")
PY
}

subset "$NOTO_CJK_REGULAR" NotoSansHK-app.otf
if [ -n "$NOTO_CJK_BOLD" ]; then
    subset "$NOTO_CJK_BOLD" NotoSansHK-app-Bold.otf
fi
