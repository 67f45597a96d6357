//! A whole reset from the keyboard alone, in a real window (Xvfb + openbox), typed by
//! xdotool at 10 ms a key: Tab between every control, shortcuts pressed inside boxes,
//! typing straight after Tab, Escape-then-Enter on the verification screen, the leave
//! dialog, then Submit. The proof is the service's: the new password logs in.
//! Screenshots land in `target/screenshots/keyboard-*.png`.

use std::path::Path;
use std::time::Duration;

use crate::desktop::{
    Desktop, challenge_answer, challenges_made, desktop, log_says, login_works, missing_tool,
    reference_service, run, screenshot, start_app, wait_until,
};
use crate::support::{DOB, EMAIL, LOGIN, NEW_PASSWORD, PASSWORD, code_in, mails_in};

const TOOLS: [&str; 5] = ["Xvfb", "openbox", "xdotool", "wmctrl", "import"];
const APP: &str = " — JUPAS Forgot Password";

struct Keys<'a>(&'a Desktop);

impl Keys<'_> {
    /// xdotool commands, chained in one process so nothing waits between them.
    fn send(&self, args: &[&str]) {
        run(&self.0.display, "xdotool", args);
    }

    fn typed(&self, text: &str) {
        self.send(&["type", "--delay", "10", text]);
    }

    /// `key` then `text` straight after it, as a fast typist does.
    fn then_type(&self, key: &str, text: &str) {
        self.send(&["key", key, "type", "--delay", "10", text]);
    }

    fn shot(&self, name: &str) {
        std::thread::sleep(Duration::from_millis(400));
        screenshot(&self.0.display, &format!("keyboard-{name}.png"));
    }
}

fn window_named(display: &str, title: &str) -> bool {
    run(display, "wmctrl", &["-l"]).contains(&format!("{title}{APP}"))
}

/// A new security code after `press`, and its answer.
fn new_code_after(keys: &Keys<'_>, outbox: &Path, press: &str) -> String {
    let before = challenges_made(outbox);
    keys.send(&["key", press]);
    wait_until(
        &format!("a new security code after {press}"),
        Duration::from_secs(20),
        || challenges_made(outbox) > before,
    );
    // The file is written before the picture reaches the screen.
    std::thread::sleep(Duration::from_millis(600));
    challenge_answer(outbox).expect("answer")
}

#[test]
fn a_whole_reset_from_the_keyboard_alone() {
    let name = "a_whole_reset_from_the_keyboard_alone";
    if missing_tool(name, &TOOLS) {
        return;
    }
    let desktop = desktop();
    let display = desktop.display.as_str();
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (_server, url) = reference_service(&outbox);
    let log = dir.path().join("app.log");
    let app = start_app(display, &url, dir.path(), &log);
    let report = || {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    };
    wait_until("the window", Duration::from_secs(60), || {
        window_named(display, "Forgot Password")
    });
    wait_until("the first security code", Duration::from_secs(30), || {
        challenge_answer(&outbox).is_some()
    });
    std::thread::sleep(Duration::from_millis(800));
    let window = run(
        display,
        "xdotool",
        &["search", "--name", "JUPAS Forgot Password$"],
    );
    let window = window.lines().next().expect("window id").to_owned();
    run(display, "xdotool", &["windowactivate", "--sync", &window]);
    run(display, "xdotool", &["windowfocus", "--sync", &window]);
    let keys = Keys(&desktop);

    // Nothing typed yet: the typed-text font is still packed (it costs no memory).
    assert!(
        !log_says(&log, "typed-text font unpacked"),
        "unpacked before anything was typed\n{}",
        report()
    );
    // Screen 1. Focus starts in Login Name. Alt+N there must get a new picture and type
    // nothing: a stray "n" would make the login name wrong and the reset fail.
    keys.typed(LOGIN);
    // The first keys unpack it in the background, ahead of any Chinese the student types.
    wait_until(
        "the typed-text font unpacked",
        Duration::from_secs(30),
        || log_says(&log, "typed-text font unpacked"),
    );
    new_code_after(&keys, &outbox, "alt+n");
    keys.then_type("Tab", DOB);
    keys.then_type("Tab", EMAIL);
    let answer = new_code_after(&keys, &outbox, "alt+n");
    keys.shot("1-details");
    // After Email: "Display another Security Code", "download audio", then the box.
    keys.send(&["key", "Tab", "Tab"]);
    keys.then_type("Tab", &answer);
    keys.shot("2-security-code");
    // Then Continue; Enter activates the focused control.
    keys.send(&["key", "Tab", "Return"]);

    wait_until(
        "the Change Password screen",
        Duration::from_secs(30),
        || window_named(display, "Change Password"),
    );
    wait_until("the verification email", Duration::from_secs(30), || {
        !mails_in(&outbox, EMAIL).is_empty()
    });
    let code = code_in(&mails_in(&outbox, EMAIL)[0]);
    keys.shot("3-verify");
    // Focus starts in Verification Code; then the two password boxes.
    keys.typed(&code);
    keys.then_type("Tab", NEW_PASSWORD);
    keys.then_type("Tab", NEW_PASSWORD);
    keys.shot("4-typed");

    // Escape, then at once Enter: the leave dialog opens and Enter is "Stay", not Submit.
    keys.send(&["key", "Escape", "Return"]);
    wait_until("the leave dialog", Duration::from_secs(10), || {
        log_says(&log, "leave dialog shown")
    });
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        window_named(display, "Change Password"),
        "Escape then Enter left the Change Password screen\n{}",
        report()
    );
    assert!(
        login_works(&url, LOGIN, PASSWORD) && !login_works(&url, LOGIN, NEW_PASSWORD),
        "Escape then Enter submitted the new password"
    );
    keys.shot("5-stayed");

    // The dialog again, shot while shown, and Escape stays too.
    keys.send(&["key", "Escape"]);
    wait_until("the leave dialog again", Duration::from_secs(10), || {
        std::fs::read_to_string(&log).is_ok_and(|t| t.matches("leave dialog shown").count() >= 2)
    });
    keys.shot("6-leave-dialog");
    keys.send(&["key", "Escape"]);
    std::thread::sleep(Duration::from_millis(800));
    assert!(window_named(display, "Change Password"), "{}", report());

    // Back in the form, as it was: Enter submits.
    keys.send(&["key", "Return"]);
    wait_until("the success screen", Duration::from_secs(30), || {
        window_named(display, "Your password has successfully been changed.")
    });
    keys.shot("7-success");
    assert!(
        login_works(&url, LOGIN, NEW_PASSWORD),
        "the new password does not log in\n{}",
        report()
    );
    drop(app);
}
