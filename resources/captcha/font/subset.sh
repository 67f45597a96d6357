#!/bin/sh
# Regenerates captcha-glyphs.ttf: DejaVu Sans Bold cut down to the captcha
# image alphabet (src/service/captcha/mod.rs IMAGE_ALPHABET), so the binary
# embeds ~12 KB (mostly the licence name records) instead of ~700 KB, with 6
# and 9 redrawn by reshape_digits.py (straight tails: DejaVu's read as G and g).
# Also lookalikes.ttf: the same face cut down to characters a reader might
# take an alphabet symbol for; only the glyph-distinctness test loads it.
#
# Source: Debian package fonts-dejavu-core 2.37-6 (apt-get install fonts-dejavu-core),
#         DejaVuSans-Bold.ttf sha256 0d977336a6d5fba34eab8e3199eb218327161b5143749f802982c2bc34df0c96.
# Output is byte-for-byte reproducible from that input (no timestamp recalculation).
# Tools:  pyftsubset from fonttools 4.68.0, skia-pathops 0.9.2
#         (pip install fonttools skia-pathops).
# Licence: Bitstream Vera / DejaVu, see LICENSE next to this script. The font
# keeps the DejaVu name (no "Bitstream"/"Vera"), as that licence requires of
# modified copies, and all name records, which carry the copyright notices.
set -eu
cd "$(dirname "$0")"

SRC=${DEJAVU_SANS_BOLD:-/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf}
ALPHABET=ACEFHKMNPRTWXY34679
# The look-alikes the alphabet leaves out, and the letters readers typed.
LOOKALIKES=0ODQ1ILJ2Z5S8BGUVgqbz

# No hinting: the glyphs are rasterised rotated and scaled, where hints do not
# apply. No layout features or kerning: characters are placed one by one.
subset() {
pyftsubset "$SRC" \
    --text="$1" \
    --output-file="$2" \
    --no-hinting \
    --layout-features='' \
    --name-IDs='*' \
    --name-languages='*' \
    --drop-tables+=FFTM,GDEF,GPOS,GSUB,kern \
    --notdef-outline
}
subset "$ALPHABET" captcha-glyphs.ttf
python3 reshape_digits.py captcha-glyphs.ttf
subset "$LOOKALIKES" lookalikes.ttf
ls -l captcha-glyphs.ttf lookalikes.ttf
