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

/// Largest vertical shift of the sine-wave warp, in pixels.
const MAX_WARP_Y: f32 = 4.5;

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
            let id = font.glyph_id(ch);
            assert!(
                id.0 != 0,
                "bundled captcha font lacks {ch:?}; rerun subset.sh"
            );
            let glyph = id.with_scale(PxScale::from(RASTER_PX));
            let outlined = font
                .outline_glyph(glyph)
                .expect("bundled captcha glyphs have outlines");
            let bounds = outlined.px_bounds();
            let (w, h) = (bounds.width() as usize + 2, bounds.height() as usize + 2);
            let mut coverage = vec![0.0; w * h];
            outlined.draw(|x, y, c| {
                coverage[(y as usize + 1) * w + x as usize + 1] = c.min(1.0);
            });
            GlyphBitmap { ch, w, h, coverage }
        })
        .collect()
});

/// Renders `code` as a 220×70 RGB PNG. Characters outside [`IMAGE_ALPHABET`]
/// are not drawn (the font has no glyphs for them).
pub fn render_png(code: &str, rng: &mut impl Rng) -> Vec<u8> {
    let mut canvas = Canvas::background(rng);
    let colours = draw_text(&mut canvas, code, rng);
    draw_noise_curves(&mut canvas, &colours, rng);
    draw_noise_dots(&mut canvas, rng);
    let pixels = warp(canvas, rng);
    encode_png(&pixels)
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

/// Draws the characters left to right; returns the colours used so the noise
/// curves can reuse them (colour alone then cannot separate text from noise).
fn draw_text(canvas: &mut Canvas, code: &str, rng: &mut impl Rng) -> Vec<Rgb> {
    let mut poses: Vec<Pose<'_>> = code
        .chars()
        .filter_map(|c| GLYPHS.iter().find(|g| g.ch == c))
        .map(|glyph| Pose {
            glyph,
            angle: rng
                .random_range(-MAX_ANGLE_DEG..=MAX_ANGLE_DEG)
                .to_radians(),
            size: rng.random_range(0.88..1.08),
            condense: rng.random_range(0.78..0.92),
        })
        .collect();
    if poses.is_empty() {
        return vec![dark_colour(rng)];
    }
    // Gaps around zero: touching characters are much harder for OCR to
    // segment than for people to read, but overlap hides strokes from both.
    let gaps: Vec<f32> = poses.iter().map(|_| rng.random_range(-2.0..2.0)).collect();
    let widths: f32 = poses.iter().map(Pose::width).sum::<f32>() + gaps[1..].iter().sum::<f32>();
    let tallest = poses
        .iter()
        .map(|p| p.glyph.ink_h() * p.size)
        .fold(0.0, f32::max);
    let available = W as f32 - 2.0 * MARGIN_X;
    // Largest scale at which the text fits both ways (long codes shrink).
    let scale = (available / widths.max(1.0))
        .min(MAX_TEXT_HEIGHT / tallest)
        .max(0.05);
    for pose in &mut poses {
        pose.size *= scale;
    }
    let mut x = MARGIN_X + rng.random_range(0.0..=(available - widths * scale).max(0.0));

    // Text stays clear of the top and bottom edges, with room for the warp.
    let room = H as f32 - 2.0 * (MAX_WARP_Y + 1.0);
    let mut colours = Vec::with_capacity(poses.len());
    for (i, pose) in poses.iter_mut().enumerate() {
        if i > 0 {
            x += gaps[i] * scale;
        }
        // Shrink the rare wide, steeply tilted character that cannot fit.
        let width = pose.width();
        pose.size *= (room / pose.rotated_height()).min(1.0);
        let slack_y = ((room - pose.rotated_height()) / 2.0).clamp(0.0, 8.0);
        let centre_y = H as f32 / 2.0 + rng.random_range(-slack_y..=slack_y);
        let colour = dark_colour(rng);
        draw_glyph(canvas, pose, x + width / 2.0, centre_y, colour);
        colours.push(colour);
        x += width;
    }
    colours
}

/// Composites one glyph in `pose` centred on (`cx`, `cy`), by mapping each
/// canvas pixel back into the cached bitmap.
fn draw_glyph(canvas: &mut Canvas, pose: &Pose<'_>, cx: f32, cy: f32, colour: Rgb) {
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
                canvas.blend(x, y, colour, a);
            }
        }
    }
}

/// Wavy lines across the text band: two thin dark ones in the text colours
/// that join characters together, and one light one that cuts through them.
/// All are thinner than the bold strokes, so the letters stay readable.
fn draw_noise_curves(canvas: &mut Canvas, text_colours: &[Rgb], rng: &mut impl Rng) {
    for _ in 0..2 {
        let colour = text_colours[rng.random_range(0..text_colours.len())];
        let thickness = rng.random_range(1.4..2.4);
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
fn warp(mut canvas: Canvas, rng: &mut impl Rng) -> Vec<u8> {
    let amp_x = rng.random_range(1.5..3.0f32);
    let amp_y = rng.random_range(2.5..=MAX_WARP_Y);
    let period_x = rng.random_range(40.0..70.0f32);
    let period_y = rng.random_range(70.0..120.0f32);
    let phase_x = rng.random_range(0.0..TAU);
    let phase_y = rng.random_range(0.0..TAU);

    // Rows are shifted in place, each read from a copy of itself: saves a
    // second full-size buffer.
    let mut src = [[0.0f32; 3]; W];
    for (y, dst) in canvas.px.chunks_exact_mut(W).enumerate() {
        src.copy_from_slice(dst);
        let (whole, frac) = split(amp_x * (TAU * y as f32 / period_x + phase_x).sin());
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
        let (whole, frac) = split(amp_y * (TAU * x as f32 / period_y + phase_y).sin());
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
