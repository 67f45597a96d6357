"""Redraws 6 and 9 of captcha-glyphs.ttf with straight tails (run by subset.sh).

DejaVu's 9 curls its tail like a "g", and its 6 curls like a "G": readers of
the security code typed those letters (issue 8). Here 9 is a closed oval bowl
with a straight diagonal stroke down to the baseline (as in DIN-style faces),
and 6 is the same shape turned half a turn, so neither has a hook or a spur.
Stroke weights match DejaVu Sans Bold's digits (vertical stems ~370 units,
horizontal strokes ~300 of the 2048-unit em); overlaps are merged so the
outline is one clean contour pair for any rasteriser.

Needs fonttools and skia-pathops (pip install fonttools skia-pathops).
Usage: python3 reshape_digits.py FONT.ttf  (rewrites FONT.ttf in place)
"""

import math
import sys

import pathops
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

# Oval bowl of the 9, in font units (DejaVu digits: ink x 106..1294, y -29..1518).
CX, CY = 700.0, 1010.0  # centre
RX, RY = 560.0, 508.0  # outer radii: top at 1518 like DejaVu's round digits
STEM = 330.0  # thickness of the bowl's sides and of the tail
BAR = 260.0  # thickness of the bowl's top and bottom
TAIL_ANGLE_DEG = 50.0  # slope of the tail, from the horizontal
K = 0.5522847498  # cubic Bezier circle constant


def ellipse(cx, cy, rx, ry, clockwise):
    """An ellipse as four cubic Beziers, as a pathops Path."""
    path = pathops.Path()
    pts = [(cx, cy + ry), (cx + rx, cy), (cx, cy - ry), (cx - rx, cy)]
    if not clockwise:
        pts = pts[::-1]
    path.moveTo(*pts[0])
    for i in range(4):
        a, b = pts[i], pts[(i + 1) % 4]
        # Control points along the tangents at a and b.
        ta = (a[0] - cx, a[1] - cy)
        tb = (b[0] - cx, b[1] - cy)
        # The tangent at a points toward b's radius direction.
        c1 = (a[0] + K * tb[0], a[1] + K * tb[1])
        c2 = (b[0] + K * ta[0], b[1] + K * ta[1])
        path.cubicTo(*c1, *c2, *b)
    path.close()
    return path


def nine():
    """The 9 outline as a pathops Path with overlaps removed."""
    ring = ellipse(CX, CY, RX, RY, clockwise=True)
    hole = ellipse(CX, CY, RX - STEM, RY - BAR, clockwise=True)
    bowl = pathops.op(ring, hole, pathops.PathOp.DIFFERENCE)

    # The tail: a straight stroke leaving the bowl tangentially on its
    # lower right (both its edges touch the ring's outer and inner ovals, as
    # in DIN-style 9s), running down-left to the baseline, cut flat there.
    angle = math.radians(TAIL_ANGLE_DEG)
    down = (-math.cos(angle), -math.sin(angle))
    normal = (math.sin(angle), -math.cos(angle))  # towards the lower right

    def support(rx, ry):
        """Distance from the centre to the oval's tangent along `normal`."""
        return math.hypot(rx * normal[0], ry * normal[1])

    inner = support(RX - STEM, RY - BAR)
    outer = support(RX, RY)
    # The outer tangent point, where the tail's outer edge leaves the ring.
    start = (RX**2 * normal[0] / outer, RY**2 * normal[1] / outer)
    along = start[0] * down[0] + start[1] * down[1]
    far = 3000.0

    def point(n, d):
        """Centre + n along `normal` + d along `down`."""
        return (
            CX + n * normal[0] + d * down[0],
            CY + n * normal[1] + d * down[1],
        )

    tail = pathops.Path()
    tail.moveTo(*point(inner, along))
    tail.lineTo(*point(inner, far))
    tail.lineTo(*point(outer, far))
    tail.lineTo(*point(outer, along))
    tail.close()
    above_baseline = pathops.Path()
    above_baseline.moveTo(-1000, 0)
    above_baseline.lineTo(-1000, 2000)
    above_baseline.lineTo(3000, 2000)
    above_baseline.lineTo(3000, 0)
    above_baseline.close()
    tail = pathops.op(tail, above_baseline, pathops.PathOp.INTERSECTION)
    return pathops.op(bowl, tail, pathops.PathOp.UNION)


def turned(path, cx, cy):
    """`path` turned half a turn about (cx, cy)."""
    out = pathops.Path()
    pen = out.getPen()

    def t(p):
        return (2 * cx - p[0], 2 * cy - p[1])

    for verb, pts in path.segments:
        if verb == "moveTo":
            pen.moveTo(t(pts[0]))
        elif verb == "lineTo":
            pen.lineTo(t(pts[0]))
        elif verb == "curveTo":
            pen.curveTo(*[t(p) for p in pts])
        elif verb == "qCurveTo":
            pen.qCurveTo(*[t(p) for p in pts])
        elif verb == "closePath":
            pen.closePath()
        elif verb == "endPath":
            pen.endPath()
    return out


def to_glyph(path, glyph_set):
    pen = TTGlyphPen(glyph_set)
    # TrueType: outer contours clockwise, quadratic curves only.
    path = pathops.simplify(path, clockwise=True)
    path.draw(Cu2QuPen(pen, max_err=1.0))
    return pen.glyph()


def main(font_path):
    # No timestamp update: the output stays byte-for-byte reproducible.
    font = TTFont(font_path, recalcTimestamp=False)
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    shape9 = nine()
    # Half a turn about the centre of the ink box maps 9 onto 6 in the same box.
    xmin, ymin, xmax, ymax = shape9.bounds
    shape6 = turned(shape9, (xmin + xmax) / 2, (ymin + ymax) / 2)
    for ch, shape in (("9", shape9), ("6", shape6)):
        name = cmap[ord(ch)]
        glyph = to_glyph(shape, glyph_set)
        glyph.recalcBounds(font["glyf"])
        font["glyf"][name] = glyph
        advance, _ = font["hmtx"][name]
        font["hmtx"][name] = (advance, glyph.xMin)
    font.save(font_path)


if __name__ == "__main__":
    main(sys.argv[1])
