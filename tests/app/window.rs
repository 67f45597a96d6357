//! The real app in a real window (Xvfb + openbox), driven with xdotool, closed with
//! `wmctrl -c` (a real WM_DELETE_WINDOW close request) while a reset is open.
//! Needs the packages `.ci/setup test` installs. Screenshots land in
//! `target/screenshots/` for people to look at; the assertions are about behaviour.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::desktop::{
    Killed, challenge_answer, desktop, log_says, missing_tool, reference_service, run, screenshot,
    wait_until,
};
use crate::support::{DOB, EMAIL, LOGIN, mails_in};

#[test]
fn a_close_request_during_a_reset_asks_instead_of_closing() {
    let tools = ["Xvfb", "openbox", "xdotool", "wmctrl", "import"];
    if missing_tool(
        "a_close_request_during_a_reset_asks_instead_of_closing",
        &tools,
    ) {
        return;
    }
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
