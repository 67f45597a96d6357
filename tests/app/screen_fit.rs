//! The app on the screens schools have, in real windows (Xvfb at the screen's size, openbox):
//! both windows fit the screen above a task bar, the practice mailbox beside the main window
//! (or overlapping it, still in view, on a narrow screen); a new screen starts at the top of
//! its page; Chinese typed into a password box shows Hong Kong glyphs on a PC with no Chinese
//! font; and a renderer that cannot work falls back to tiny-skia instead of killing the app.
//! Screenshots land in `target/screenshots/`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use iced::Size;
use jupas_reset::window::{TASK_BAR, layout};
use jupas_reset_api::wire::Lang;

use crate::desktop::{
    Killed, artefacts, challenge_answer, desktop_sized, log_says, missing_tool, reference_service,
    run, wait_until,
};
use crate::support::{DOB, EMAIL, LOGIN, mails_in};

const TOOLS: [&str; 6] = ["Xvfb", "openbox", "xdotool", "wmctrl", "xwininfo", "import"];

/// A window with its frame, in screen pixels.
#[derive(Debug, Clone, Copy)]
struct Frame {
    left: i64,
    top: i64,
    right: i64,
    bottom: i64,
    /// The content (client area) alone.
    width: i64,
    height: i64,
}

/// `wmctrl -l`: (window id, title) of every managed window.
fn windows(display: &str) -> Vec<(String, String)> {
    run(display, "wmctrl", &["-l"])
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let id = fields.next()?.to_owned();
            let title = fields.skip(2).collect::<Vec<_>>().join(" ");
            Some((id, title))
        })
        .collect()
}

fn window_titled(display: &str, part: &str) -> Option<String> {
    windows(display)
        .into_iter()
        .find(|(_, title)| title.contains(part))
        .map(|(id, _)| id)
}

fn number_after(text: &str, label: &str) -> i64 {
    text.lines()
        .find_map(|line| line.trim().strip_prefix(label))
        .and_then(|rest| rest.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {label:?} in {text}"))
}

/// Where the window manager put a window, frame included (`_NET_FRAME_EXTENTS`).
fn frame(display: &str, id: &str) -> Frame {
    let info = run(display, "xwininfo", &["-id", id]);
    let (x, y) = (
        number_after(&info, "Absolute upper-left X:"),
        number_after(&info, "Absolute upper-left Y:"),
    );
    let (width, height) = (
        number_after(&info, "Width:"),
        number_after(&info, "Height:"),
    );
    let extents = run(display, "xprop", &["-id", id, "_NET_FRAME_EXTENTS"]);
    let sides: Vec<i64> = extents
        .split('=')
        .nth(1)
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default();
    let [left, right, top, bottom] = sides[..] else {
        panic!("no frame extents for {id}: {extents}");
    };
    Frame {
        left: x - left,
        top: y - top,
        right: x + width + right,
        bottom: y + height + bottom,
        width,
        height,
    }
}

fn practice_app(display: &str, lang: &str, cache: &Path, log: &Path) -> Killed {
    Killed(
        Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
            .args(["--lang", lang])
            .env("DISPLAY", display)
            .env("XDG_CACHE_HOME", cache)
            .env("RUST_LOG", "jupas_reset=info")
            // The default renderer, as a student would get it.
            .env_remove("ICED_BACKEND")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("log file"))
            .spawn()
            .expect("app starts"),
    )
}

/// Starts the practice app on a `width`×`height` screen and checks where both windows are.
fn both_windows_fit(width: u32, height: u32, lang: Lang) {
    let name = format!("both_windows_fit_{width}x{height}");
    if missing_tool(&name, &TOOLS) {
        return;
    }
    let desktop = desktop_sized(width, height);
    let display = desktop.display.as_str();
    let dir = tempfile::tempdir().expect("dir");
    let log = dir.path().join("app.log");
    let code = if lang == Lang::En { "en" } else { "zh-HK" };
    let _app = practice_app(display, code, dir.path(), &log);
    let mailbox_title = jupas_reset_i18n::tr(lang, "app-mailbox-title");
    let app_title = jupas_reset_i18n::tr(lang, "app-title");
    wait_until("both windows", Duration::from_secs(60), || {
        windows(display)
            .iter()
            .filter(|(_, title)| title.contains(&app_title))
            .count()
            == 2
    });
    std::thread::sleep(Duration::from_millis(1500));
    let mailbox_id = window_titled(display, &mailbox_title).expect("mailbox");
    let main_id = windows(display)
        .into_iter()
        .find(|(id, title)| title.contains(&app_title) && *id != mailbox_id)
        .map(|(id, _)| id)
        .expect("main window");
    let main = frame(display, &main_id);
    let mailbox = frame(display, &mailbox_id);
    crate::desktop::screenshot(display, &format!("fit-{width}x{height}-{code}.png"));

    // Nothing off-screen, nothing under a task bar of up to TASK_BAR pixels.
    let (screen_w, screen_h) = (i64::from(width), i64::from(height));
    for (which, frame) in [("main", main), ("mailbox", mailbox)] {
        assert!(
            frame.left >= 0 && frame.top >= 0 && frame.right <= screen_w,
            "{which} window off-screen on {width}×{height}: {frame:?}"
        );
        assert!(
            frame.bottom <= screen_h - TASK_BAR as i64,
            "{which} window reaches under a task bar on {width}×{height}: {frame:?}"
        );
    }
    // Sized as `layout` decided for this screen.
    let planned = layout(Size::new(width as f32, height as f32));
    assert_eq!(
        (main.width, main.height),
        (
            planned.main.size.width as i64,
            planned.main.size.height as i64
        )
    );
    assert_eq!(
        (mailbox.width, mailbox.height),
        (
            planned.mailbox.size.width as i64,
            planned.mailbox.size.height as i64
        )
    );
    if planned.side_by_side {
        assert!(
            mailbox.left >= main.right,
            "the mailbox must be beside the main window on {width}×{height}: {main:?} {mailbox:?}"
        );
    } else {
        // Overlapping, a strip of the mailbox stays in view beside the main window.
        assert!(
            mailbox.right - main.right >= 150,
            "the mailbox must stay in view on {width}×{height}: {main:?} {mailbox:?}"
        );
    }
    assert!(log_says(&log, "windows placed for a"), "the log says where");
}

#[test]
fn both_windows_fit_a_1280_by_800_screen() {
    both_windows_fit(1280, 800, Lang::ZhHk);
}

#[test]
fn both_windows_fit_a_1366_by_768_screen() {
    both_windows_fit(1366, 768, Lang::En);
}

#[test]
fn both_windows_fit_an_800_by_600_screen() {
    both_windows_fit(800, 600, Lang::ZhHk);
}

/// The app against the reference service on a `width`×`height` screen, the Forgot Password
/// details typed and sent, on Change Password once the email is in. `env` is added to the
/// app's environment.
struct OnChangePassword {
    desktop: crate::desktop::Desktop,
    window: String,
    _app: Killed,
    _service: jupas_reset_service::Background,
    _dir: tempfile::TempDir,
}

fn on_change_password(width: u32, height: u32, env: &[(&str, &Path)]) -> OnChangePassword {
    let desktop = desktop_sized(width, height);
    let display = desktop.display.clone();
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (service, url) = reference_service(&outbox);
    let log = dir.path().join("app.log");
    let mut command = Command::new(env!("CARGO_BIN_EXE_jupas-reset"));
    command
        .args(["--server", &url, "--lang", "en"])
        .env("DISPLAY", &display)
        .env("XDG_CACHE_HOME", dir.path())
        .env("RUST_LOG", "jupas_reset=info")
        .env_remove("ICED_BACKEND")
        .env_remove("WAYLAND_DISPLAY")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("log file"));
    for (key, value) in env {
        command.env(key, value);
    }
    let app = Killed(command.spawn().expect("app starts"));
    let title = "JUPAS Forgot Password";
    wait_until("the window", Duration::from_secs(60), || {
        window_titled(&display, title).is_some()
    });
    wait_until("the first security code", Duration::from_secs(30), || {
        challenge_answer(&outbox).is_some()
    });
    std::thread::sleep(Duration::from_millis(800));
    let answer = challenge_answer(&outbox).expect("answer");
    let window = window_titled(&display, title).expect("window");
    run(&display, "xdotool", &["windowactivate", "--sync", &window]);
    run(&display, "xdotool", &["windowfocus", "--sync", &window]);
    // The security code box is the last one: typing into it scrolls the page down to it.
    for (text, then) in [
        (LOGIN, vec!["Tab"]),
        (DOB, vec!["Tab"]),
        (EMAIL, vec!["Tab", "Tab", "Tab"]),
        (answer.as_str(), vec!["Return"]),
    ] {
        run(&display, "xdotool", &["type", "--delay", "30", text]);
        for key in then {
            run(&display, "xdotool", &["key", key]);
        }
    }
    crate::desktop::screenshot(&display, &format!("details-sent-{width}x{height}.png"));
    wait_until("the verification email", Duration::from_secs(30), || {
        !mails_in(&outbox, EMAIL).is_empty()
    });
    wait_until("Change Password", Duration::from_secs(10), || {
        window_titled(&display, "Change Password").is_some()
    });
    std::thread::sleep(Duration::from_millis(1200));
    OnChangePassword {
        desktop,
        window,
        _app: app,
        _service: service,
        _dir: dir,
    }
}

/// A picture of one window's content.
fn grab(display: &str, window: &str, name: &str) -> image::RgbImage {
    let path: PathBuf = artefacts().join(name);
    let status = Command::new("import")
        .args(["-window", window])
        .arg(&path)
        .env("DISPLAY", display)
        .status()
        .expect("import");
    assert!(status.success(), "import {window}");
    image::open(&path).expect("screenshot").to_rgb8()
}

fn count(picture: &image::RgbImage, colour: [u8; 3]) -> usize {
    picture.pixels().filter(|p| p.0 == colour).count()
}

#[test]
fn a_new_screen_starts_at_the_top_of_its_page() {
    if missing_tool("a_new_screen_starts_at_the_top_of_its_page", &TOOLS) {
        return;
    }
    // On 800×600 the page scrolled down to the security code box before Continue, and
    // Change Password's first box lies below the window's edge.
    let screen = on_change_password(800, 600, &[]);
    let display = screen.desktop.display.as_str();
    let picture = grab(display, &screen.window, "top-800x600-change-password.png");
    // Small window: the header scrolls with the page, so its navy on the first rows means
    // the page is at its top; the title and the red warning boxes are in view.
    const NAVY: [u8; 3] = [0x1F, 0x4E, 0x8C];
    const WARNING_FILL: [u8; 3] = [0xFD, 0xEC, 0xEC];
    let first_rows = (0..picture.width())
        .filter(|&x| picture.get_pixel(x, 2).0 == NAVY)
        .count();
    assert!(
        first_rows > picture.width() as usize / 2,
        "the page must start at the top (header in view)"
    );
    assert!(
        count(&picture, WARNING_FILL) > 5_000,
        "the warnings must be in view"
    );
    // Typing goes into the verification code box, which comes into view.
    run(display, "xdotool", &["type", "--delay", "30", "1"]);
    std::thread::sleep(Duration::from_millis(600));
    let typed = grab(display, &screen.window, "top-800x600-typed.png");
    let header_left = (0..typed.width())
        .filter(|&x| typed.get_pixel(x, 2).0 == NAVY)
        .count();
    assert!(
        header_left < typed.width() as usize / 2,
        "typing must bring the box into view"
    );
}

/// Rows of `a` and `b` that differ.
fn differing_rows(a: &image::RgbImage, b: &image::RgbImage) -> Vec<u32> {
    assert_eq!(a.dimensions(), b.dimensions());
    (0..a.height())
        .filter(|&y| (0..a.width()).any(|x| a.get_pixel(x, y) != b.get_pixel(x, y)))
        .collect()
}

/// A fontconfig setup with one empty font folder: fontdb then finds no system font at all,
/// as on a PC with no Chinese font installed.
fn no_system_fonts(dir: &Path) -> PathBuf {
    let fonts = dir.join("fonts");
    std::fs::create_dir_all(&fonts).expect("fonts dir");
    let conf = dir.join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?>\n<fontconfig><dir>{}</dir></fontconfig>\n",
            fonts.display()
        ),
    )
    .expect("fonts.conf");
    conf
}

/// Puts `chars` on the keys 1, 2, 3… of the display's keyboard (xkbcomp: dump, edit,
/// load). `xdotool type` then finds a key for each character; left to itself it would bind
/// each to a spare key code just before pressing it, and the app may read the press before
/// the new binding, losing the character.
fn put_on_digit_keys(display: &str, chars: &[char]) {
    let dir = tempfile::tempdir().expect("dir");
    let map = dir.path().join("keymap.xkb");
    let map_arg = map.to_str().expect("utf-8 path");
    let dumped = Command::new("xkbcomp")
        .args(["-xkb", display, map_arg])
        .status()
        .expect("xkbcomp");
    assert!(dumped.success(), "xkbcomp dump");
    let mut keymap = std::fs::read_to_string(&map).expect("keymap");
    for (n, c) in chars.iter().enumerate() {
        let key = format!("key <AE0{}>", n + 1);
        let start = keymap.find(&key).expect("digit key in the keymap");
        let end = start + keymap[start..].find("};").expect("end of key") + 2;
        keymap.replace_range(start..end, &format!("{key} {{ [ U{:04X} ] }};", *c as u32));
    }
    std::fs::write(&map, keymap).expect("keymap");
    let loaded = Command::new("xkbcomp")
        .args([map_arg, display])
        .stderr(Stdio::null())
        .status()
        .expect("xkbcomp");
    assert!(loaded.success(), "xkbcomp load");
    std::thread::sleep(Duration::from_millis(500));
}

#[test]
fn chinese_typed_into_a_password_box_shows_glyphs_without_a_chinese_system_font() {
    let name = "chinese_typed_into_a_password_box_shows_glyphs_without_a_chinese_system_font";
    if missing_tool(name, &TOOLS) || missing_tool(name, &["xkbcomp"]) {
        return;
    }
    let fonts = tempfile::tempdir().expect("dir");
    let conf = no_system_fonts(fonts.path());
    let screen = on_change_password(1280, 800, &[("FONTCONFIG_FILE", &conf)]);
    let display = screen.desktop.display.as_str();
    let window = screen.window.as_str();
    put_on_digit_keys(display, &['點', '心', '한', '국']);
    // One key at a time, with a pause: a quick burst can lose a key or its Shift.
    let key = |name: &str| {
        run(display, "xdotool", &["key", name]);
        std::thread::sleep(Duration::from_millis(300));
    };
    // New Password box, with "Show passwords" on so that the characters are drawn.
    key("Tab");
    key("alt+p");
    // Types `text` into the box, moves focus on to the next box (its blinking cursor is
    // away from this one) and takes two pictures 1.2 s apart: rows that differ between
    // them (the countdowns, that cursor) are left out of the comparisons.
    let shots = |text: &str, name: &str| {
        key("ctrl+a");
        key("BackSpace");
        run(display, "xdotool", &["type", "--delay", "100", text]);
        key("Tab");
        std::thread::sleep(Duration::from_millis(500));
        let first = grab(display, window, &format!("{name}-a.png"));
        std::thread::sleep(Duration::from_millis(1200));
        let second = grab(display, window, &format!("{name}-b.png"));
        key("shift+Tab");
        (first, second)
    };
    let (dim_sum, dim_sum_noise) = shots("點心", "typed-dim-sum");
    let (swapped, _) = shots("心點", "typed-dim-sum-swapped");
    let (hangul, hangul_noise) = shots("한국", "typed-hangul");
    let (hangul_swapped, _) = shots("국한", "typed-hangul-swapped");
    let (empty, _) = shots("", "typed-nothing");
    let signal = |a, b, noise_a, noise_b| -> Vec<u32> {
        let noise = differing_rows(noise_a, noise_b);
        differing_rows(a, b)
            .into_iter()
            .filter(|y| !noise.contains(y))
            .collect()
    };
    // Control: no font here has Hangul, so both words are the same two empty boxes, and
    // they were typed (the box is not empty).
    let tofu = signal(&hangul, &hangul_swapped, &hangul, &hangul_noise);
    assert!(
        tofu.is_empty(),
        "Hangul must be tofu here (no system fonts), rows {tofu:?}"
    );
    let typed = signal(&hangul, &empty, &hangul, &hangul_noise);
    assert!(typed.len() >= 10, "the Hangul was typed: rows {typed:?}");
    // 點心 and 心點 look different: two real glyphs, not two empty boxes.
    let drawn = signal(&dim_sum, &swapped, &dim_sum, &dim_sum_noise);
    assert!(
        drawn.len() >= 10,
        "點心 must be drawn with glyphs, rows that differ: {drawn:?}"
    );
}

#[test]
fn a_renderer_that_cannot_work_falls_back_to_tiny_skia() {
    let name = "a_renderer_that_cannot_work_falls_back_to_tiny_skia";
    if missing_tool(name, &TOOLS) {
        return;
    }
    let desktop = desktop_sized(1280, 800);
    let display = desktop.display.as_str();
    let dir = tempfile::tempdir().expect("dir");
    let log = dir.path().join("app.log");
    // wgpu asked for, but only DX12 allowed: no such adapter on Linux, so the probe fails
    // for real, as DX12 fails under Wine.
    let _app = Killed(
        Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
            .args(["--lang", "en", "--renderer", "wgpu"])
            .env("DISPLAY", display)
            .env("XDG_CACHE_HOME", dir.path())
            .env("WGPU_BACKEND", "dx12")
            .env("RUST_LOG", "jupas_reset=info")
            .env_remove("ICED_BACKEND")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("app starts"),
    );
    wait_until("the window", Duration::from_secs(60), || {
        window_titled(display, "Forgot Password — JUPAS Forgot Password").is_some()
    });
    std::thread::sleep(Duration::from_millis(1500));
    let window = window_titled(display, "Forgot Password — JUPAS").expect("window");
    let picture = grab(display, &window, "renderer-fallback.png");
    // Drawn, not a blank window: the navy header is there.
    assert!(
        count(&picture, [0x1F, 0x4E, 0x8C]) > 10_000,
        "the window is drawn"
    );
    let said = std::fs::read_to_string(&log).expect("log");
    assert!(
        said.contains("renderer: wgpu cannot work here")
            && said.contains("falling back to tiny-skia"),
        "the log says why: {said}"
    );
    assert!(
        said.contains("no graphics adapter"),
        "and what failed: {said}"
    );
}
