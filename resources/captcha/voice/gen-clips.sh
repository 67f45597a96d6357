#!/bin/sh
# Regenerates the captcha audio clips: one FLAC per digit 0-9 per voice,
# en/<voice>/<d>.flac (English) and yue/<voice>/<d>.flac (Cantonese), six
# voices each (espeak-ng's male and female variants at different pitches and
# speeds, so no one set of templates matches every render), 16 kHz mono
# 16-bit, silence trimmed, peak-normalised, stored as FLAC (lossless: 1.2 MB
# where WAV took 1.6 MB). src/service/captcha/audio.rs
# embeds them; voice 0 of each language is the original single voice.
#
# Generated with espeak-ng 1.51 (Debian 1.51+dfsg-10+deb12u2, espeak-ng-data
# from the same package) and SoX 14.4.2 (Debian 14.4.2+git20190427-3.5).
# Other espeak-ng versions can change the voices; everything else is pinned
# below, and sox runs without dither (-D) so output is byte-for-byte stable.
set -eu
cd "$(dirname "$0")"

# Speeds (words per minute) stay a little under the default 175 for clarity;
# pitch 50 is espeak-ng's default, pinned in case the default changes.
AMPLITUDE=100 # espeak-ng default; the level is set by `norm` below anyway

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# $1 = espeak-ng voice, $2 = pitch, $3 = speed, $4 = output directory,
# then ten words for 0..9.
gen() {
    voice=$1
    pitch=$2
    speed=$3
    dir=$4
    shift 4
    mkdir -p "$dir"
    digit=0
    for word in "$@"; do
        espeak-ng -v "$voice" -s "$speed" -p "$pitch" -a "$AMPLITUDE" \
            -w "$TMP/raw.wav" "$word"
        # silence/reverse/silence/reverse trims both ends (threshold 0.5 %,
        # a short 10 ms run so soft onsets like "f"/"s" are kept); the 5 ms
        # fades stop clicks where the cut lands mid-waveform; a -1 dBFS peak
        # leaves headroom for the noise mixed in at render time.
        # Two passes because `fade` needs the trimmed length up front.
        sox -D -V1 "$TMP/raw.wav" "$TMP/trim.wav" \
            silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse
        sox -D -V1 "$TMP/trim.wav" -r 16000 -c 1 -b 16 -e signed-integer -C 8 "$dir/$digit.flac" \
            rate -h 16000 fade t 0.005 -0 0.005 norm -1
        digit=$((digit + 1))
    done
}

EN="zero one two three four five six seven eight nine"
YUE="零 一 二 三 四 五 六 七 八 九"
# voice             pitch speed directory
# shellcheck disable=SC2086 # the digit words are meant to split
{
    gen en                50 140 en/0 $EN
    gen en-us+f2          62 135 en/1 $EN
    gen en-gb-scotland+m3 38 145 en/2 $EN
    gen en-029+f4         55 130 en/3 $EN
    gen en-gb-x-rp+m7     30 140 en/4 $EN
    gen en-us+f5          72 150 en/5 $EN
    gen yue               50 140 yue/0 $YUE
    gen yue+f2            62 135 yue/1 $YUE
    gen yue+m3            38 145 yue/2 $YUE
    gen yue+f4            55 130 yue/3 $YUE
    gen yue+m7            30 140 yue/4 $YUE
    gen yue+f5            72 150 yue/5 $YUE
}

# Durations and peaks, as a sanity check (the clips cannot be listened to in CI).
for f in en/*/*.flac yue/*/*.flac; do
    printf '%s %ss peak %s\n' "$f" "$(soxi -D "$f")" \
        "$(sox "$f" -n stat 2>&1 | awk '/Maximum amplitude/ {print $3}')"
done
