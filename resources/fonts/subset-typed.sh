#!/usr/bin/env bash
# Regenerates NotoSansHK-typed.otf.lzma: the Hong Kong face of Noto Sans CJK (regular)
# cut down to every character a Hong Kong student can type with a Traditional
# Chinese input method: all of Big5 (levels 1 and 2, symbols) and the Hong Kong
# Supplementary Character Set: HKSCS-2004 as Python's big5hkscs codec maps it
# (1,693 characters outside the BMP), plus what HKSCS-2008 and the WHATWG
# Encoding Standard's Big5 index add (listed below; the test in
# tests/app/font_coverage.rs decodes every Big5 code with encoding_rs, which
# follows WHATWG, and checks the bundled fonts cover each ideograph), plus ASCII
# and Latin-1. The app draws its own
# strings with NotoSansHK-app.otf (subset.sh); this font is the first fallback
# for Chinese that text the student typed needs (a password such as
# `點心 and tea 2026`), so a PC with no Chinese font still shows Hong Kong glyph
# shapes instead of empty boxes, and one with a Simplified-Chinese font does
# not show mainland shapes.
#
# Size: with hinting and OpenType layout tables the cut is 10.4 MB; without them
# 4.5 MB. Neither is needed for what it draws (horizontal runs of typed text, at
# UI sizes, by a renderer that does not hint CFF), so both are dropped. The font
# is then LZMA-compressed (3.2 MB) and unpacked by the app (src/app/fonts.rs) on a
# background thread once the student starts typing, or when typed text first needs
# one of its glyphs: the binary stays smaller and the first screen's memory stays
# where it was.
#
# The family is renamed "Noto Sans CJK HK Typed" so that it never stands in for
# the app font, which keeps the layout features the UI uses. fonts.rs describes
# the face to the font database itself (so that nothing is unpacked at start),
# and a test checks that description against the font.
#
# Input does not depend on the FTL files: re-run only to change the character set.
#
# Source: Debian package fonts-noto-cjk, NotoSansCJK-Regular.ttc, face
#         "Noto Sans CJK HK" (looked up by name).
# Tool:   pyftsubset and fontTools (pip install fonttools; tested with 4.68.0).
# Licence: SIL OFL 1.1, see LICENSE-OFL.txt; all other name records are kept.
#
# Overrides (environment):
#   NOTO_CJK_REGULAR    path of NotoSansCJK-Regular.ttc
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
NOTO_CJK_REGULAR=${NOTO_CJK_REGULAR:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
FACE="Noto Sans CJK HK"
FAMILY="Noto Sans CJK HK Typed"
OUT=NotoSansHK-typed.otf.lzma

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The character set, and the face index, from the collection itself.
index=$(python3 - "$NOTO_CJK_REGULAR" "$FACE" "$work/typed.unicodes" <<'PY'
import sys
from fontTools.ttLib import TTCollection

ttc, face, out = sys.argv[1:]
coll = TTCollection(ttc, lazy=True)
index = next((i for i, f in enumerate(coll.fonts)
              if f["name"].getDebugName(1) == face), None)
if index is None:
    sys.exit(f"subset-typed.sh: no face named {face!r} in {ttc}")
cmap = coll.fonts[index].getBestCmap()

# Every double-byte code of Big5-HKSCS that decodes (a few decode to a base
# letter plus a combining mark: both are kept).
chars = set()
for lead in range(0x81, 0xFF):
    for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
        try:
            chars.update(bytes([lead, trail]).decode("big5hkscs"))
        except UnicodeDecodeError:
            pass
# In the WHATWG Big5 index (HKSCS-2008) but not in Python's codec (HKSCS-2004).
hkscs_2008 = """
00AF 2027 20AC 2215 2295 2299 34E6 3875 3AF5 3EEC 40B4 4131 4181 430A 44E1
46AE 492F 4930 524F 544C 57B3 5818 5896 62C1 6660 6782 6A29 706E 73C4 744C
74C6 79D0 7A2C 7A32 7A72 7AFC 7BAE 7BC5 8484 8504 8613 889D 8B8F 9046 9218
942F 974A 9F96 9F97 9FC7 9FC8 9FC9 9FCA 9FCB FE51 FE68 FF5E FFE0 FFE1 FFE5
20A8A 21D53 224BC 224C1 224C9 224CC 231EA 2325E 235BB 2368E 2369E 24161
258DE 25D99 25DB9 26021 26E88 27B65 2890D 2ADFF
"""
chars.update(chr(int(code, 16)) for code in hkscs_2008.split())
chars.update(map(chr, range(0x20, 0x7F)))
chars.update(map(chr, range(0xA0, 0x100)))
missing = sorted(c for c in chars if ord(c) not in cmap)
# The face lacks a handful of Big5 symbols (e.g. box drawing it leaves to
# other fonts); report them, do not fail.
if missing:
    print(f"subset-typed.sh: note: {face} has no glyph for {len(missing)} of "
          f"{len(chars)}: " + " ".join(f"U+{ord(c):04X}" for c in missing),
          file=sys.stderr)
with open(out, "w", encoding="ascii") as f:
    f.write(" ".join(f"{ord(c):04X}" for c in sorted(chars)) + "\n")
print(f"{len(chars)} characters", file=sys.stderr)
print(index)
PY
)
echo "$(basename "$NOTO_CJK_REGULAR"): \"$FACE\" is face $index" >&2

pyftsubset "$NOTO_CJK_REGULAR" \
    --font-number="$index" \
    --unicodes-file="$work/typed.unicodes" \
    --layout-features='' \
    --no-hinting \
    --name-IDs='*' \
    --name-languages='*' \
    --notdef-outline \
    --output-file="$work/out.otf"

# A family of its own (IDs 1, 3, 4, 6, 16 and their localised records).
python3 - "$work/out.otf" "$FAMILY" <<'PY'
import sys
from fontTools.ttLib import TTFont

path, family = sys.argv[1:]
font = TTFont(path, recalcTimestamp=False)
name = font["name"]
postscript = family.replace(" ", "") + "-Regular"
for record in name.names:
    if record.nameID in (1, 16):
        record.string = family
    elif record.nameID == 4:
        record.string = f"{family} Regular"
    elif record.nameID == 3:
        record.string = f"{postscript};subset-typed.sh"
    elif record.nameID == 6:
        record.string = postscript
font["CFF "].cff.fontNames = [postscript]
font.save(path)
PY
# LZMA (the .lzma format), -9e with a 1 MiB window: 3.2 MB, where zlib -9 gave 3.9 MB.
# Not .xz: lzma-rs unpacks LZMA2 (inside .xz) into a buffer of its own that grows to the
# whole font and then stays with the allocator (the app measured 8 MB more); LZMA streams through
# its 1 MiB window. (A wider window saves under 0.1 MB.)
xz --format=lzma --lzma1=preset=9e,dict=1MiB -c "$work/out.otf" > "$here/$OUT"
python3 - "$work/out.otf" "$here/$OUT" <<'PY'
import os, sys
from fontTools.ttLib import TTFont
otf, out = sys.argv[1:]
font = TTFont(otf, lazy=True)
print(f"{os.path.basename(out)}: {os.path.getsize(out)} bytes ({os.path.getsize(otf)} inflated), "
      f"{len(font.getBestCmap())} characters, family {font['name'].getDebugName(1)!r}")
PY
