//! The real app in a real window (Xvfb + openbox), driven with xdotool, closed with
//! `wmctrl -c` (a real WM_DELETE_WINDOW close request) while a reset is open.
//! Needs the packages `.ci/setup test` installs. Screenshots land in
//! `target/screenshots/` for people to look at; the assertions are about behaviour.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{DOB, EMAIL, LOGIN, mails_in};

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn run(display: &str, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (install it with `bash .ci/setup test`)"));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn free_display() -> u32 {
    (140..240)
        .find(|n| {
            !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
        })
        .expect("a free X display number")
}

fn screenshot(display: &str, name: &str) {
    let dir = crate::support::workspace_root().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(&path)
        .env("DISPLAY", display)
        .status();
}

struct Desktop {
    display: String,
    _xvfb: Killed,
    _wm: Killed,
}

fn desktop() -> Desktop {
    let n = free_display();
    let display = format!(":{n}");
    let xvfb = Command::new("Xvfb")
        .args([&display, "-screen", "0", "1280x1000x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb (install it with `bash .ci/setup test`)");
    let xvfb = Killed(xvfb);
    wait_until("Xvfb", Duration::from_secs(20), || {
        Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
    });
    let wm = Command::new("openbox")
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openbox");
    std::thread::sleep(Duration::from_millis(500));
    Desktop {
        display,
        _xvfb: xvfb,
        _wm: Killed(wm),
    }
}

/// The reference service as `--practice --test-reveal-answers --outbox DIR` runs it, on its
/// own thread until dropped.
fn reference_service(outbox: &Path) -> (jupas_reset_service::Background, String) {
    let mut config = jupas_reset_service::config::Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        practice: true,
        test_reveal_answers: true,
        ..Default::default()
    };
    config.mail.outbox = Some(outbox.to_owned());
    std::fs::create_dir_all(outbox).expect("outbox");
    let service =
        jupas_reset_service::Background::spawn(config, Default::default()).expect("service starts");
    let url = format!("http://{}", service.addr);
    (service, url)
}

fn challenge_answer(outbox: &Path) -> Option<String> {
    let newest = std::fs::read_dir(outbox)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("challenge-"))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())?;
    std::fs::read_to_string(newest.path()).ok()
}

fn log_says(log: &PathBuf, needle: &str) -> bool {
    std::fs::read_to_string(log).is_ok_and(|text| text.contains(needle))
}

#[test]
fn a_close_request_during_a_reset_asks_instead_of_closing() {
    let desktop = desktop();
    let display = desktop.display.as_str();
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (_server, url) = reference_service(&outbox);
    let log = dir.path().join("app.log");
    let mut app = Killed(
        Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
            .args(["--server", &url, "--lang", "en"])
            .env("DISPLAY", display)
            .env("ICED_BACKEND", "tiny-skia")
            .env("XDG_CACHE_HOME", dir.path())
            .env("RUST_LOG", "jupas_reset=info")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("app starts"),
    );
    let title = "JUPAS Forgot Password";
    wait_until("the window", Duration::from_secs(60), || {
        run(display, "wmctrl", &["-l"]).contains(title)
    });
    wait_until("the first security code", Duration::from_secs(30), || {
        challenge_answer(&outbox).is_some()
    });
    std::thread::sleep(Duration::from_millis(800));
    let answer = challenge_answer(&outbox).expect("answer");

    let window = run(display, "xdotool", &["search", "--name", title]);
    let window = window.lines().next().expect("window id").to_owned();
    run(display, "xdotool", &["windowactivate", "--sync", &window]);
    run(display, "xdotool", &["windowfocus", "--sync", &window]);
    // Tab stops in visual order: after the email come the security code's two buttons.
    for (text, then) in [
        (LOGIN, vec!["Tab"]),
        (DOB, vec!["Tab"]),
        (EMAIL, vec!["Tab", "Tab", "Tab"]),
        (answer.as_str(), vec!["Return"]),
    ] {
        run(display, "xdotool", &["type", "--delay", "30", text]);
        for key in then {
            run(display, "xdotool", &["key", key]);
        }
    }
    screenshot(display, "1-details-sent.png");
    wait_until("the verification email", Duration::from_secs(30), || {
        !mails_in(&outbox, EMAIL).is_empty()
    });
    std::thread::sleep(Duration::from_secs(1));
    screenshot(display, "2-verification-screen.png");

    // A real close request (WM_DELETE_WINDOW), as from the title bar's close button.
    run(display, "wmctrl", &["-c", title]);
    wait_until("the leave dialog", Duration::from_secs(10), || {
        log_says(&log, "leave dialog shown")
    });
    std::thread::sleep(Duration::from_secs(1));
    assert!(
        app.0.try_wait().expect("status").is_none(),
        "the app must not close"
    );
    screenshot(display, "3-leave-dialog.png");

    // Enter: "Stay on this page" is the default.
    run(display, "xdotool", &["key", "Return"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(app.0.try_wait().expect("status").is_none());

    // Asked again, the student confirms: the reset is cancelled and the app exits.
    run(display, "wmctrl", &["-c", title]);
    std::thread::sleep(Duration::from_millis(800));
    run(display, "xdotool", &["key", "alt+c"]);
    wait_until("the app to exit", Duration::from_secs(20), || {
        app.0.try_wait().ok().flatten().is_some()
    });
}
