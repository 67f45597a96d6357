//! Image security codes: a 220×70 PNG of distorted, noisy text.
//!
//! Pipeline: light gradient background → each character rotated, scaled and
//! jittered in its own dark colour → noise curves through the text → noise
//! dots → sine-wave warp of the whole picture → fast PNG encoding.
//!
//! Distortions are kept mild on purpose: accessibility testers read these
//! images, and the audio code is the alternative for those who cannot.

use std::f32::consts::TAU;
use std::sync::LazyLock;

use ::image::codecs::png::{CompressionType, FilterType, PngEncoder};
use ::image::{ExtendedColorType, ImageEncoder};
use ab_glyph::{Font, FontRef, PxScale};
use rand::Rng;

use super::IMAGE_ALPHABET;

/// Width of the rendered image in pixels.
const WIDTH: u32 = 220;
/// Height of the rendered image in pixels.
const HEIGHT: u32 = 70;

const W: usize = WIDTH as usize;
const H: usize = HEIGHT as usize;

/// DejaVu Sans Bold cut down to [`IMAGE_ALPHABET`]; see resources/captcha/font/.
static FONT_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../..",
    "/resources/captcha/font/captcha-glyphs.ttf"
));

/// Size at which glyphs are rasterised once; drawing only ever shrinks them,
/// so bilinear sampling of the cached bitmap stays sharp enough.
const RASTER_PX: f32 = 64.0;

/// Tallest a character may be drawn, in pixels, before rotation.
const MAX_TEXT_HEIGHT: f32 = 42.0;

/// Horizontal margin kept free of text on each side.
const MARGIN_X: f32 = 10.0;

/// Largest rotation of a character either way.
const MAX_ANGLE_DEG: f32 = 20.0;

/// Largest rotation of 6 and 9: their straight tails slope at 50°, and turned
/// much further upright they read as "b" and "q".
const MAX_ANGLE_STRAIGHT_TAIL_DEG: f32 = 8.0;

fn max_angle_deg(ch: char) -> f32 {
    if matches!(ch, '6' | '9') {
        MAX_ANGLE_STRAIGHT_TAIL_DEG
    } else {
        MAX_ANGLE_DEG
    }
}

/// Largest vertical shift of the sine-wave warp, in pixels.
const MAX_WARP_Y: f32 = 4.5;

/// Largest random shift of a character off the common line, in pixels.
const MAX_JITTER_Y: f32 = 2.5;

type Rgb = [f32; 3];

/// A glyph's coverage, tightly cropped to its ink plus one empty pixel on
/// each side so bilinear sampling fades out instead of cutting off.
struct GlyphBitmap {
    ch: char,
    w: usize,
    h: usize,
    coverage: Vec<f32>,
}

impl GlyphBitmap {
    fn ink_w(&self) -> f32 {
        (self.w - 2) as f32
    }

    fn ink_h(&self) -> f32 {
        (self.h - 2) as f32
    }

    /// Bilinear coverage at bitmap coordinates (pixel centres at +0.5).
    fn sample(&self, u: f32, v: f32) -> f32 {
        let (x, y) = (u - 0.5, v - 0.5);
        if x < 0.0 || y < 0.0 {
            return 0.0;
        }
        let (x0, y0) = (x as usize, y as usize);
        if x0 + 1 >= self.w || y0 + 1 >= self.h {
            return 0.0;
        }
        let (fx, fy) = (x - x0 as f32, y - y0 as f32);
        let i = y0 * self.w + x0;
        let c = &self.coverage;
        let top = c[i] + (c[i + 1] - c[i]) * fx;
        let bottom = c[i + self.w] + (c[i + self.w + 1] - c[i + self.w]) * fx;
        top + (bottom - top) * fy
    }
}

/// Every glyph of the alphabet, rasterised on first use.
static GLYPHS: LazyLock<Vec<GlyphBitmap>> = LazyLock::new(|| {
    let font = FontRef::try_from_slice(FONT_TTF).expect("bundled captcha font is a valid TTF");
    IMAGE_ALPHABET
        .chars()
        .map(|ch| {
            rasterise(&font, ch).expect("bundled captcha font lacks a symbol; rerun subset.sh")
        })
        .collect()
});

/// `ch` at [`RASTER_PX`], or `None` if the font has no outline for it.
fn rasterise(font: &FontRef<'_>, ch: char) -> Option<GlyphBitmap> {
    let id = font.glyph_id(ch);
    if id.0 == 0 {
        return None;
    }
    let outlined = font.outline_glyph(id.with_scale(PxScale::from(RASTER_PX)))?;
    let bounds = outlined.px_bounds();
    let (w, h) = (bounds.width() as usize + 2, bounds.height() as usize + 2);
    let mut coverage = vec![0.0; w * h];
    outlined.draw(|x, y, c| {
        coverage[(y as usize + 1) * w + x as usize + 1] = c.min(1.0);
    });
    Some(GlyphBitmap { ch, w, h, coverage })
}

/// Renders `code` as a 220×70 RGB PNG. Characters outside [`IMAGE_ALPHABET`]
/// are not drawn (the font has no glyphs for them).
pub fn render_png(code: &str, rng: &mut impl Rng) -> Vec<u8> {
    encode_png(&render(code, rng).0)
}

/// Where one character was drawn: enough to draw any glyph the same way (the
/// glyph-distinctness test reads all of it; rendering only the colour).
#[derive(Debug, Clone, Copy)]
#[cfg_attr(not(test), allow(dead_code))]
struct Placed {
    /// Index into [`GLYPHS`].
    glyph: usize,
    cx: f32,
    cy: f32,
    angle: f32,
    size: f32,
    condense: f32,
    colour: Rgb,
}

/// The picture as 8-bit RGB, with where each character went and how it was warped.
fn render(code: &str, rng: &mut impl Rng) -> (Vec<u8>, Vec<Placed>, Warp) {
    let mut canvas = Canvas::background(rng);
    let placed = draw_text(&mut canvas, code, rng);
    let colours: Vec<Rgb> = placed.iter().map(|p| p.colour).collect();
    let colours = if colours.is_empty() {
        vec![dark_colour(rng)]
    } else {
        colours
    };
    draw_noise_curves(&mut canvas, &colours, rng);
    draw_noise_dots(&mut canvas, rng);
    let params = Warp::random(rng);
    (warp(canvas, &params), placed, params)
}

/// sRGB in 0..=1, row-major, W×H (blended directly: exact colour science
/// does not matter here).
struct Canvas {
    px: Vec<Rgb>,
}

impl Canvas {
    /// A light horizontal gradient between two random pastel tints, so the
    /// background is never one flat colour a binariser can key out.
    fn background(rng: &mut impl Rng) -> Self {
        let left = light_colour(rng);
        let right = light_colour(rng);
        let row: Vec<Rgb> = (0..W)
            .map(|x| {
                let t = x as f32 / (W - 1) as f32;
                std::array::from_fn(|k| left[k] + (right[k] - left[k]) * t)
            })
            .collect();
        let px = row.repeat(H);
        Canvas { px }
    }

    fn blend(&mut self, x: usize, y: usize, colour: Rgb, alpha: f32) {
        let p = &mut self.px[y * W + x];
        for k in 0..3 {
            p[k] += (colour[k] - p[k]) * alpha;
        }
    }
}

/// Hue, saturation, value (all 0..1) to RGB.
fn hsv(h: f32, s: f32, v: f32) -> Rgb {
    let f = |n: f32| {
        let k = (n + h * 6.0) % 6.0;
        v - v * s * k.min(4.0 - k).clamp(0.0, 1.0)
    };
    [f(5.0), f(3.0), f(1.0)]
}

/// Pale tints for the background (and the light noise).
fn light_colour(rng: &mut impl Rng) -> Rgb {
    hsv(
        rng.random(),
        rng.random_range(0.05..0.2),
        rng.random_range(0.92..1.0),
    )
}

/// Dark enough for at least the WCAG 3:1 contrast of large text against any
/// light colour (tested below), saturated enough that neighbours differ.
fn dark_colour(rng: &mut impl Rng) -> Rgb {
    hsv(
        rng.random(),
        rng.random_range(0.5..0.9),
        rng.random_range(0.15..0.42),
    )
}

/// One character's random pose, in bitmap pixels before the common scale.
struct Pose<'a> {
    glyph: &'a GlyphBitmap,
    angle: f32,
    /// Vertical size factor.
    size: f32,
    /// Horizontal size relative to vertical: condensed letters leave room
    /// between neighbours without making them smaller.
    condense: f32,
}

impl Pose<'_> {
    fn scale_x(&self) -> f32 {
        self.size * self.condense
    }

    /// Horizontal room taken: between the upright width and the rotated
    /// bounding box, so tilted neighbours touch rather than cover each other.
    fn width(&self) -> f32 {
        let (sin, cos) = self.angle.sin_cos();
        self.glyph.ink_w() * self.scale_x() * cos + 0.4 * self.glyph.ink_h() * self.size * sin.abs()
    }

    /// Height of the rotated ink.
    fn rotated_height(&self) -> f32 {
        let (sin, cos) = self.angle.sin_cos();
        self.glyph.ink_w() * self.scale_x() * sin.abs() + self.glyph.ink_h() * self.size * cos
    }
}

/// Draws the characters left to right; returns where (and in which colour, so
/// the noise curves can reuse it: colour alone then cannot separate text from
/// noise) each went.
fn draw_text(canvas: &mut Canvas, code: &str, rng: &mut impl Rng) -> Vec<Placed> {
    let mut poses: Vec<(usize, Pose<'_>)> = code
        .chars()
        .filter_map(|c| GLYPHS.iter().position(|g| g.ch == c))
        .map(|index| {
            (
                index,
                Pose {
                    glyph: &GLYPHS[index],
                    angle: {
                        let max = max_angle_deg(GLYPHS[index].ch);
                        rng.random_range(-max..=max).to_radians()
                    },
                    size: rng.random_range(0.88..1.08),
                    condense: rng.random_range(0.78..0.92),
                },
            )
        })
        .collect();
    if poses.is_empty() {
        return Vec::new();
    }
    // Gaps around zero: touching characters are much harder for OCR to
    // segment than for people to read, but overlap hides strokes from both.
    let gaps: Vec<f32> = poses.iter().map(|_| rng.random_range(-2.0..2.0)).collect();
    let widths: f32 =
        poses.iter().map(|(_, p)| p.width()).sum::<f32>() + gaps[1..].iter().sum::<f32>();
    let tallest = poses
        .iter()
        .map(|(_, p)| p.glyph.ink_h() * p.size)
        .fold(0.0, f32::max);
    let available = W as f32 - 2.0 * MARGIN_X;
    // Largest scale at which the text fits both ways (long codes shrink).
    let scale = (available / widths.max(1.0))
        .min(MAX_TEXT_HEIGHT / tallest)
        .max(0.05);
    for (_, pose) in &mut poses {
        pose.size *= scale;
    }
    let mut x = MARGIN_X + rng.random_range(0.0..=(available - widths * scale).max(0.0));

    // Text stays clear of the top and bottom edges, with room for the warp.
    let room = H as f32 - 2.0 * (MAX_WARP_Y + 1.0);
    let mut placed = Vec::with_capacity(poses.len());
    for (i, (index, pose)) in poses.iter_mut().enumerate() {
        if i > 0 {
            x += gaps[i] * scale;
        }
        // Shrink the rare wide, steeply tilted character that cannot fit.
        let width = pose.width();
        pose.size *= (room / pose.rotated_height()).min(1.0);
        // Characters keep to one (warped) line: a 9 drawn lower than its
        // neighbours reads as a "g" with a descender.
        let slack_y = ((room - pose.rotated_height()) / 2.0).clamp(0.0, MAX_JITTER_Y);
        let centre_y = H as f32 / 2.0 + rng.random_range(-slack_y..=slack_y);
        let colour = dark_colour(rng);
        let centre_x = x + width / 2.0;
        draw_glyph(pose, centre_x, centre_y, |x, y, a| {
            canvas.blend(x, y, colour, a)
        });
        placed.push(Placed {
            glyph: *index,
            cx: centre_x,
            cy: centre_y,
            angle: pose.angle,
            size: pose.size,
            condense: pose.condense,
            colour,
        });
        x += width;
    }
    placed
}

/// Composites one glyph in `pose` centred on (`cx`, `cy`), by mapping each
/// canvas pixel back into the cached bitmap; `plot(x, y, coverage)` paints.
fn draw_glyph(pose: &Pose<'_>, cx: f32, cy: f32, mut plot: impl FnMut(usize, usize, f32)) {
    let glyph = pose.glyph;
    let (sin, cos) = pose.angle.sin_cos();
    let (inv_x, inv_y) = (1.0 / pose.scale_x(), 1.0 / pose.size);
    let (bw, bh) = (glyph.w as f32, glyph.h as f32);
    // Bitmap coordinates are linear along a canvas row: u = u0 + du·x and
    // v = v0 + dv·x (inverse rotation, then inverse scale). Solving for the
    // x where both stay inside the bitmap skips the empty corners.
    let (du, dv) = (cos * inv_x, -sin * inv_y);
    for y in 0..H {
        let dy = y as f32 + 0.5 - cy;
        let u0 = (cos * (0.5 - cx) + sin * dy) * inv_x + bw / 2.0;
        let v0 = (cos * dy - sin * (0.5 - cx)) * inv_y + bh / 2.0;
        let (mut lo, mut hi) = (0.0f32, W as f32);
        for (start, step, size) in [(u0, du, bw), (v0, dv, bh)] {
            if step.abs() < 1e-6 {
                if !(0.5..size - 0.5).contains(&start) {
                    hi = lo;
                }
            } else {
                let (a, b) = ((0.5 - start) / step, (size - 0.5 - start) / step);
                lo = lo.max(a.min(b));
                hi = hi.min(a.max(b));
            }
        }
        if lo >= hi {
            continue;
        }
        for x in (lo.floor() as usize)..(hi.ceil() as usize).min(W) {
            let a = glyph.sample(u0 + du * x as f32, v0 + dv * x as f32);
            if a > 0.0 {
                plot(x, y, a);
            }
        }
    }
}

/// Wavy lines across the text band: two thin dark ones in the text colours
/// that join characters together, and one light one that cuts through them.
/// The dark ones are hairlines, a fifth of the bold strokes or less: thicker,
/// one under a 7 read as the foot of a "Z".
fn draw_noise_curves(canvas: &mut Canvas, text_colours: &[Rgb], rng: &mut impl Rng) {
    for _ in 0..2 {
        let colour = text_colours[rng.random_range(0..text_colours.len())];
        let thickness = rng.random_range(0.9..1.4);
        draw_curve(canvas, colour, thickness, rng);
    }
    let colour = light_colour(rng);
    let thickness = rng.random_range(1.2..1.8);
    draw_curve(canvas, colour, thickness, rng);
}

/// An anti-aliased line from near the left edge to near the right: a random
/// slope plus a sine wave, drawn column by column.
fn draw_curve(canvas: &mut Canvas, colour: Rgb, thickness: f32, rng: &mut impl Rng) {
    let x0 = rng.random_range(0.0..40.0f32);
    let x1 = rng.random_range(W as f32 - 40.0..W as f32);
    let y0 = rng.random_range(18.0..52.0f32);
    let y1 = rng.random_range(18.0..52.0f32);
    let amplitude = rng.random_range(3.0..10.0f32);
    let cycles = rng.random_range(0.5..1.6f32);
    let phase = rng.random_range(0.0..TAU);
    let span = x1 - x0;
    for x in (x0 as usize)..(x1 as usize).min(W) {
        let t = (x as f32 + 0.5 - x0) / span;
        let wave = TAU * cycles * t + phase;
        let y = y0 + (y1 - y0) * t + amplitude * wave.sin();
        let slope = (y1 - y0) / span + amplitude * TAU * cycles / span * wave.cos();
        // Vertical extent of a line of this thickness at this slope.
        let half = thickness / 2.0 * (1.0 + slope * slope).sqrt();
        let top = (y - half - 1.0).floor().max(0.0) as usize;
        let bottom = ((y + half + 1.0).ceil().max(0.0) as usize).min(H);
        for row in top..bottom {
            let cover = (half + 0.5 - (row as f32 + 0.5 - y).abs()).clamp(0.0, 1.0);
            if cover > 0.0 {
                canvas.blend(x, row, colour, cover);
            }
        }
    }
}

/// Scattered specks, dark and light, to break up the clean strokes that
/// thresholding relies on.
fn draw_noise_dots(canvas: &mut Canvas, rng: &mut impl Rng) {
    for _ in 0..rng.random_range(120..180) {
        let cx = rng.random_range(0.0..W as f32);
        let cy = rng.random_range(0.0..H as f32);
        let radius = rng.random_range(0.6..1.4f32);
        let colour = if rng.random_bool(0.7) {
            dark_colour(rng)
        } else {
            light_colour(rng)
        };
        let alpha = rng.random_range(0.5..0.9f32);
        let x_lo = (cx - radius - 1.0).max(0.0) as usize;
        let y_lo = (cy - radius - 1.0).max(0.0) as usize;
        let x_hi = ((cx + radius + 1.0) as usize).min(W - 1);
        let y_hi = ((cy + radius + 1.0) as usize).min(H - 1);
        for y in y_lo..=y_hi {
            for x in x_lo..=x_hi {
                let d = ((x as f32 + 0.5 - cx).powi(2) + (y as f32 + 0.5 - cy).powi(2)).sqrt();
                let cover = (radius + 0.5 - d).clamp(0.0, 1.0);
                if cover > 0.0 {
                    canvas.blend(x, y, colour, cover * alpha);
                }
            }
        }
    }
}

/// Sine-wave warp of the whole picture in both directions, then conversion
/// to 8-bit RGB. Bends straight strokes and the baseline, which defeats
/// template matching against the (public) font.
///
/// Rows shift sideways by a sine of y, then columns shift up and down by a
/// sine of x. Two one-dimensional passes with a constant interpolation
/// weight per row or column are several times faster than a 2-D bilinear
/// remap, and look the same.
fn warp(mut canvas: Canvas, params: &Warp) -> Vec<u8> {
    // Rows are shifted in place, each read from a copy of itself: saves a
    // second full-size buffer.
    let mut src = [[0.0f32; 3]; W];
    for (y, dst) in canvas.px.chunks_exact_mut(W).enumerate() {
        src.copy_from_slice(dst);
        let (whole, frac) = split(params.shift_x(y));
        // Columns whose two source pixels are both inside the row: a plain
        // slice lerp the compiler vectorises. Only the few edge columns clamp.
        let lo = (-whole).clamp(0, W as isize) as usize;
        let hi = (W as isize - 1 - whole).clamp(lo as isize, W as isize) as usize;
        if lo < hi {
            let start = (lo as isize + whole) as usize;
            let a = src[start..start + (hi - lo)].as_flattened();
            let b = src[start + 1..start + 1 + (hi - lo)].as_flattened();
            let d = dst[lo..hi].as_flattened_mut();
            for ((d, a), b) in d.iter_mut().zip(a).zip(b) {
                *d = a + (b - a) * frac;
            }
        }
        for x in (0..lo).chain(hi..W) {
            let (a, b) = (
                src[clamp_index(x, whole, W)],
                src[clamp_index(x, whole + 1, W)],
            );
            dst[x] = std::array::from_fn(|k| a[k] + (b[k] - a[k]) * frac);
        }
    }
    let shifted = &canvas.px;

    // The vertical shift varies smoothly with x, so its whole-pixel part is
    // constant over runs of columns: each run reads contiguous slices of two
    // source rows, again a vectorisable lerp (with a per-column weight).
    let mut runs: Vec<(usize, usize, isize)> = Vec::new();
    let mut weights = vec![0.0f32; W * 3];
    for x in 0..W {
        let (whole, frac) = split(params.shift_y(x));
        weights[x * 3..x * 3 + 3].fill(frac);
        match runs.last_mut() {
            Some((_, end, w)) if *w == whole => *end = x + 1,
            _ => runs.push((x, x + 1, whole)),
        }
    }
    let mut out = vec![0u8; W * H * 3];
    for (y, dst) in out.chunks_exact_mut(W * 3).enumerate() {
        for &(start, end, whole) in &runs {
            let row_a = clamp_index(y, whole, H) * W;
            let row_b = clamp_index(y, whole + 1, H) * W;
            let a = shifted[row_a + start..row_a + end].as_flattened();
            let b = shifted[row_b + start..row_b + end].as_flattened();
            let f = &weights[start * 3..end * 3];
            let d = &mut dst[start * 3..end * 3];
            for (((d, a), b), f) in d.iter_mut().zip(a).zip(b).zip(f) {
                *d = to_u8(a + (b - a) * f);
            }
        }
    }
    out
}

/// The sine-wave warp's parameters: rows shift sideways by `shift_x(y)`,
/// then columns up and down by `shift_y(x)`.
#[derive(Debug, Clone, Copy)]
struct Warp {
    amp_x: f32,
    amp_y: f32,
    period_x: f32,
    period_y: f32,
    phase_x: f32,
    phase_y: f32,
}

impl Warp {
    fn random(rng: &mut impl Rng) -> Self {
        Warp {
            amp_x: rng.random_range(1.5..3.0f32),
            amp_y: rng.random_range(2.5..=MAX_WARP_Y),
            period_x: rng.random_range(40.0..70.0f32),
            period_y: rng.random_range(70.0..120.0f32),
            phase_x: rng.random_range(0.0..TAU),
            phase_y: rng.random_range(0.0..TAU),
        }
    }

    fn shift_x(&self, y: usize) -> f32 {
        self.amp_x * (TAU * y as f32 / self.period_x + self.phase_x).sin()
    }

    fn shift_y(&self, x: usize) -> f32 {
        self.amp_y * (TAU * x as f32 / self.period_y + self.phase_y).sin()
    }
}

/// 0..=1 to 0..=255, rounded. Adding 1.5·2²³ puts the rounded integer in the
/// low mantissa bits: several times faster than `as u8`, whose saturating
/// conversion does not vectorise.
fn to_u8(c: f32) -> u8 {
    (c.clamp(0.0, 1.0) * 255.0 + 12_582_912.0).to_bits() as u8
}

/// A shift in pixels as whole pixels (floor) and the fractional remainder.
fn split(shift: f32) -> (isize, f32) {
    let whole = shift.floor();
    (whole as isize, shift - whole)
}

/// `i + offset`, clamped into `0..len`: edge pixels repeat past the border.
fn clamp_index(i: usize, offset: isize, len: usize) -> usize {
    (i as isize + offset).clamp(0, len as isize - 1) as usize
}

fn encode_png(rgb: &[u8]) -> Vec<u8> {
    let mut png = Vec::with_capacity(24 * 1024);
    // Fast compression: these images live for minutes, so encoding speed
    // matters more than the few KB the higher levels would save.
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Up)
        .write_image(rgb, WIDTH, HEIGHT, ExtendedColorType::Rgb8)
        .expect("encoding a correctly sized RGB buffer into memory cannot fail");
    png
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::image::{ImageFormat, RgbImage};
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    fn decode(png: &[u8]) -> RgbImage {
        ::image::load_from_memory_with_format(png, ImageFormat::Png)
            .expect("output is a valid PNG")
            .to_rgb8()
    }

    /// Pixels clearly darker than any background tint (which is ≥ 0.9·255
    /// before noise), i.e. ink.
    fn dark_pixels(img: &RgbImage) -> usize {
        img.pixels()
            .filter(|p| p.0.iter().map(|&c| u32::from(c)).sum::<u32>() < 3 * 150)
            .count()
    }

    #[test]
    fn font_has_every_alphabet_glyph() {
        assert_eq!(GLYPHS.len(), IMAGE_ALPHABET.len());
        for g in GLYPHS.iter() {
            assert!(g.coverage.iter().any(|&c| c > 0.9), "{} has no ink", g.ch);
        }
    }

    /// WCAG 2 relative luminance of an sRGB colour.
    fn luminance(c: Rgb) -> f32 {
        let lin = |v: f32| {
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
    }

    #[test]
    fn text_colours_contrast_with_background() {
        // WCAG 2 asks 3:1 for large text; the characters are 30-40 px bold.
        let mut rng = StdRng::seed_from_u64(9);
        let worst = (0..20_000)
            .map(|_| {
                let (text, back) = (dark_colour(&mut rng), light_colour(&mut rng));
                (luminance(back) + 0.05) / (luminance(text) + 0.05)
            })
            .fold(f32::MAX, f32::min);
        assert!(worst >= 3.0, "contrast {worst}:1");
    }

    #[test]
    fn channel_conversion_rounds_and_clamps() {
        assert_eq!(to_u8(0.0), 0);
        assert_eq!(to_u8(1.0), 255);
        assert_eq!(to_u8(100.4 / 255.0), 100);
        assert_eq!(to_u8(100.6 / 255.0), 101);
        assert_eq!(to_u8(-0.5), 0);
        assert_eq!(to_u8(1.5), 255);
    }

    #[test]
    fn png_decodes_to_220_by_70() {
        let mut rng = StdRng::seed_from_u64(10);
        let img = decode(&render_png("KX7EP4", &mut rng));
        assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
    }

    #[test]
    fn renders_of_the_same_code_differ() {
        let mut rng = StdRng::seed_from_u64(11);
        let a = render_png("MNWY39", &mut rng);
        let b = render_png("MNWY39", &mut rng);
        assert_ne!(a, b);
        assert_ne!(decode(&a).into_raw(), decode(&b).into_raw());
    }

    #[test]
    fn text_adds_ink_and_invalid_characters_add_none() {
        let mut rng = StdRng::seed_from_u64(12);
        let mut ink = |code: &str| {
            // Average over several renders: noise varies a lot per image.
            (0..8)
                .map(|_| dark_pixels(&decode(&render_png(code, &mut rng))))
                .sum::<usize>()
                / 8
        };
        let noise_only = ink("");
        let text = ink("HKMW47");
        assert!(
            text > noise_only + 1500,
            "text {text} vs noise {noise_only}"
        );
        // Lowercase, look-alikes and non-ASCII are not in the font: skipped.
        let invalid = ink("0oIl2Zé ");
        assert!(
            invalid < noise_only + 300,
            "invalid {invalid} vs noise {noise_only}"
        );
    }

    #[test]
    fn every_character_is_drawn() {
        // Ink grows with the number of characters (averaged over renders).
        let mut rng = StdRng::seed_from_u64(13);
        let mut ink = |len: usize| {
            (0..8)
                .map(|_| {
                    let code = super::super::new_image_code(&mut rng, len);
                    dark_pixels(&decode(&render_png(&code, &mut rng)))
                })
                .sum::<usize>()
                / 8
        };
        let (one, three, six) = (ink(1), ink(3), ink(6));
        assert!(one < three && three < six, "{one} < {three} < {six}");
    }

    /// DejaVu Sans Bold cut down to what a reader might take a symbol for (the
    /// look-alikes the alphabet leaves out, and the letters readers typed).
    static LOOKALIKE_TTF: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../..",
        "/resources/captcha/font/lookalikes.ttf"
    ));
    const LOOKALIKES: &str = "0ODQ1ILJ2Z5S8BGUVgqbz";

    /// `glyph`'s coverage where it would be if drawn as `placed` was (same centre,
    /// tilt, height and condensing) and warped like the picture, at canvas (x, y):
    /// the picture's warp applied pointwise to an unwarped coverage map.
    struct Template {
        raw: Vec<f32>,
    }

    impl Template {
        fn new(glyph: &GlyphBitmap, placed: &Placed) -> Self {
            let drawn = &GLYPHS[placed.glyph];
            let pose = Pose {
                glyph,
                angle: placed.angle,
                size: placed.size * drawn.ink_h() / glyph.ink_h(),
                condense: placed.condense,
            };
            let mut raw = vec![0.0f32; W * H];
            draw_glyph(&pose, placed.cx, placed.cy, |x, y, a| {
                raw[y * W + x] = a;
            });
            Template { raw }
        }

        fn at(&self, warp: &Shifts, x: usize, y: usize) -> f32 {
            let row = |r: usize| {
                let (whole, frac) = warp.rows[r];
                let a = self.raw[r * W + clamp_index(x, whole, W)];
                let b = self.raw[r * W + clamp_index(x, whole + 1, W)];
                a + (b - a) * frac
            };
            let (whole, frac) = warp.columns[x];
            let (a, b) = (
                row(clamp_index(y, whole, H)),
                row(clamp_index(y, whole + 1, H)),
            );
            a + (b - a) * frac
        }
    }

    /// A warp's shifts, split into whole and fractional pixels, per row and
    /// per column (computed once per picture: the test evaluates it millions of
    /// times).
    struct Shifts {
        rows: Vec<(isize, f32)>,
        columns: Vec<(isize, f32)>,
    }

    impl Shifts {
        fn new(warp: &Warp) -> Self {
            Shifts {
                rows: (0..H).map(|y| split(warp.shift_x(y))).collect(),
                columns: (0..W).map(|x| split(warp.shift_y(x))).collect(),
            }
        }
    }

    /// How much of a picture's pixel is ink of a character drawn in `colour`:
    /// 0 on the pale background, 1 on that colour (by HSV value).
    fn ink(rgb: &[u8], x: usize, y: usize, colour: Rgb) -> f32 {
        let i = (y * W + x) * 3;
        let value = f32::from(rgb[i].max(rgb[i + 1]).max(rgb[i + 2])) / 255.0;
        let text = colour[0].max(colour[1]).max(colour[2]);
        ((0.93 - value) / (0.93 - text)).clamp(0.0, 1.0)
    }

    #[test]
    fn every_drawn_symbol_is_nearest_its_own_glyph() {
        // Each character of 200 pictures, cut out where the renderer put it, is
        // compared with every symbol's clean glyph and with every look-alike's,
        // each drawn and warped the same way: its own glyph must fit best. Pixels
        // of the neighbours are left out (they are not this character's ink).
        let font = FontRef::try_from_slice(LOOKALIKE_TTF).expect("valid TTF");
        let mut templates: Vec<&GlyphBitmap> = GLYPHS.iter().collect();
        let lookalikes: Vec<GlyphBitmap> = LOOKALIKES
            .chars()
            .map(|c| rasterise(&font, c).expect("look-alike glyph"))
            .collect();
        templates.extend(lookalikes.iter());

        let mut rng = StdRng::seed_from_u64(15);
        let (mut checked, mut confusions) = (0, Vec::new());
        let mut closest = f32::MAX;
        for _ in 0..200 {
            let code = super::super::new_image_code(&mut rng, 6);
            let (rgb, placed, warp) = render(&code, &mut rng);
            let warp = Shifts::new(&warp);
            for (i, me) in placed.iter().enumerate() {
                let reach = (GLYPHS[me.glyph].ink_h() * me.size * 0.8) as usize;
                let cx = me.cx as usize;
                let xs = cx.saturating_sub(reach)..(cx + reach).min(W);
                let neighbours: Vec<Template> = placed
                    .iter()
                    .enumerate()
                    .filter(|&(j, p)| j != i && (p.cx - me.cx).abs() < 2.0 * reach as f32)
                    .map(|(_, p)| Template::new(&GLYPHS[p.glyph], p))
                    .collect();
                let mut pixels = Vec::new();
                for y in 0..H {
                    for x in xs.clone() {
                        if neighbours.iter().all(|n| n.at(&warp, x, y) < 0.3) {
                            pixels.push((x, y, ink(&rgb, x, y, me.colour)));
                        }
                    }
                }
                let distances: Vec<f32> = templates
                    .iter()
                    .map(|glyph| {
                        let t = Template::new(glyph, me);
                        pixels
                            .iter()
                            .map(|&(x, y, ink)| (ink - t.at(&warp, x, y)).powi(2))
                            .sum()
                    })
                    .collect();
                let own = distances[me.glyph];
                let (best, _) = distances
                    .iter()
                    .enumerate()
                    .filter(|&(k, _)| k != me.glyph)
                    .fold(
                        (0, f32::MAX),
                        |acc, (k, &d)| if d < acc.1 { (k, d) } else { acc },
                    );
                closest = closest.min(distances[best] / own.max(1e-6));
                if distances[best] <= own {
                    confusions.push((GLYPHS[me.glyph].ch, templates[best].ch));
                }
                checked += 1;
            }
        }
        println!("{checked} symbols; nearest other glyph at {closest:.2}× the own distance");
        assert_eq!(checked, 1200);
        assert!(confusions.is_empty(), "read as another: {confusions:?}");
    }

    #[test]
    fn extreme_lengths_do_not_panic() {
        let mut rng = StdRng::seed_from_u64(14);
        for len in [1, 12, 200] {
            let code = super::super::new_image_code(&mut rng, len);
            let img = decode(&render_png(&code, &mut rng));
            assert_eq!(img.dimensions(), (WIDTH, HEIGHT));
        }
    }
}
