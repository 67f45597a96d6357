//! Every screen, in both languages, on the two screen sizes school PCs have most
//! (1280×800 and 1366×768), in a real window (Xvfb + openbox) driven by the keyboard: the
//! pictures a reviewer looks at. Not part of the normal run (it takes minutes):
//!   cargo test -p jupas-reset --test app gallery -- --ignored --test-threads 1
//! The pictures land in `target/screenshots/gallery/<width>x<height>-<lang>-<n>-<screen>.png`.
//! It still checks as it goes: each screen must appear (its window title), and the reset
//! must end with the new password logging in.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::desktop::{
    Killed, artefacts, challenge_answer, challenges_made, desktop_sized, log_says, login_works,
    missing_tool, reference_service, run, wait_until,
};
use crate::support::{DOB, EMAIL, LOGIN, NEW_PASSWORD, code_in, mails_in};

const TOOLS: [&str; 5] = ["Xvfb", "openbox", "xdotool", "wmctrl", "import"];

/// What differs between the languages: the window titles the test waits for.
struct Words {
    tag: &'static str,
    app: &'static str,
    forgot: &'static str,
    verify: &'static str,
    success: &'static str,
}

const EN: Words = Words {
    tag: "en",
    app: "JUPAS Forgot Password",
    forgot: "Forgot Password",
    verify: "Change Password",
    success: "Your password has successfully been changed.",
};

const ZH_HK: Words = Words {
    tag: "zh-HK",
    app: "大學聯招辦法 忘記密碼",
    forgot: "忘記密碼",
    verify: "更改密碼",
    success: "你已成功更改密碼。",
};

struct Walk<'a> {
    display: &'a str,
    prefix: String,
    outbox: &'a Path,
    words: &'a Words,
}

impl Walk<'_> {
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["key", "--delay", "60"];
        args.extend_from_slice(keys);
        run(self.display, "xdotool", &args);
    }

    fn typed(&self, text: &str) {
        run(self.display, "xdotool", &["type", "--delay", "15", text]);
    }

    /// The window title now on screen is `screen — app`.
    fn showing(&self, screen: &str) -> bool {
        run(self.display, "wmctrl", &["-l"]).contains(&format!("{screen} — {}", self.words.app))
    }

    /// The id of the window titled `screen — app` (wmctrl's list: xdotool's name search
    /// does not match Chinese titles).
    fn window(&self, screen: &str) -> String {
        let title = format!("{screen} — {}", self.words.app);
        run(self.display, "wmctrl", &["-l"])
            .lines()
            .find(|line| line.ends_with(&title))
            .and_then(|line| line.split_whitespace().next())
            .map(str::to_owned)
            .unwrap_or_else(|| panic!("no window titled {title}"))
    }

    fn activate(&self, screen: &str) {
        let window = self.window(screen);
        run(
            self.display,
            "xdotool",
            &["windowactivate", "--sync", &window],
        );
    }

    fn wait_for(&self, screen: &str) {
        wait_until(screen, Duration::from_secs(30), || self.showing(screen));
    }

    fn shot(&self, name: &str) {
        // Let the frame after the last key reach the screen.
        std::thread::sleep(Duration::from_millis(900));
        let path = artefacts()
            .join("gallery")
            .join(format!("{}-{name}.png", self.prefix));
        let _ = std::fs::create_dir_all(path.parent().expect("folder"));
        let status = Command::new("import")
            .args(["-window", "root"])
            .arg(&path)
            .env("DISPLAY", self.display)
            .status()
            .expect("import");
        assert!(status.success(), "screenshot {name}");
    }

    /// A new security code after `keys`, and its answer.
    fn new_code_after(&self, keys: &[&str]) -> String {
        let before = challenges_made(self.outbox);
        self.keys(keys);
        wait_until("a new security code", Duration::from_secs(20), || {
            challenges_made(self.outbox) > before
        });
        std::thread::sleep(Duration::from_millis(600));
        challenge_answer(self.outbox).expect("answer")
    }
}

fn walk(width: u32, height: u32, words: &Words) {
    let desktop = desktop_sized(width, height);
    let display = desktop.display.as_str();
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (_server, url) = reference_service(&outbox);
    let log = dir.path().join("app.log");
    let _app = Killed(
        Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
            .args(["--server", &url, "--lang", words.tag])
            .env("DISPLAY", display)
            .env_remove("ICED_BACKEND")
            .env("XDG_CACHE_HOME", dir.path())
            .env("RUST_LOG", "jupas_reset=debug")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("log file"))
            .spawn()
            .expect("app starts"),
    );
    let w = Walk {
        display,
        prefix: format!("{width}x{height}-{}", words.tag),
        outbox: &outbox,
        words,
    };
    w.wait_for(words.forgot);
    wait_until("the first security code", Duration::from_secs(30), || {
        challenge_answer(&outbox).is_some()
    });
    w.activate(words.forgot);
    w.shot("01-forgot-password");

    // Login help (F1): the flowchart step by step, then whole (W); Escape goes back.
    w.keys(&["F1"]);
    w.shot("02-login-help");
    w.keys(&["w"]);
    w.shot("03-login-help-whole-chart");
    w.keys(&["Escape"]);
    // About (F2).
    w.keys(&["F2"]);
    w.shot("04-about");
    w.keys(&["Escape"]);
    w.wait_for(words.forgot);

    // The details, the spoken code (Alt+A), back to a picture (Alt+N).
    w.typed(LOGIN);
    w.keys(&["Tab"]);
    w.typed(DOB);
    w.keys(&["Tab"]);
    w.typed(EMAIL);
    w.new_code_after(&["alt+a"]);
    w.shot("05-spoken-code");
    let answer = w.new_code_after(&["alt+n"]);
    w.shot("06-details-typed");
    // A wrong security code first: Continue, the message, a new picture.
    w.keys(&["Tab", "Tab", "Tab"]);
    let wrong: String = answer.chars().rev().collect();
    w.typed(if wrong == answer { "0000" } else { &wrong });
    let answer = w.new_code_after(&["Return"]);
    w.shot("07-security-code-wrong");
    w.typed(&answer);
    w.keys(&["Return"]);
    w.wait_for(words.verify);
    wait_until("the verification email", Duration::from_secs(30), || {
        !mails_in(&outbox, EMAIL).is_empty()
    });
    w.shot("08-change-password");

    // A wrong verification code, then the right one and the new password twice.
    let code = code_in(&mails_in(&outbox, EMAIL)[0]);
    let wrong: String = code.chars().rev().collect();
    w.typed(if wrong == code { "000000" } else { &wrong });
    w.keys(&["Tab"]);
    w.typed(NEW_PASSWORD);
    w.keys(&["Tab"]);
    w.typed(NEW_PASSWORD);
    w.keys(&["Return"]);
    // The answer changes no window title: give it time to arrive.
    std::thread::sleep(Duration::from_secs(3));
    w.shot("09-verification-code-wrong");
    // The leave dialog (Escape), and Escape again stays.
    w.keys(&["Escape"]);
    wait_until("the leave dialog", Duration::from_secs(10), || {
        log_says(&log, "leave dialog shown")
    });
    w.shot("10-leave-dialog");
    w.keys(&["Escape"]);
    w.wait_for(words.verify);
    // Focus went back to the Verification Code box (the wrong code's field); the
    // passwords are kept.
    w.keys(&["ctrl+a"]);
    w.typed(&code);
    w.shot("11-change-password-typed");
    w.keys(&["Return"]);
    w.wait_for(words.success);
    w.shot("12-success");
    assert!(
        login_works(&url, LOGIN, NEW_PASSWORD),
        "the new password does not log in"
    );
}

#[test]
#[ignore = "the reviewers' screenshots; run on demand (see the module's comment)"]
fn gallery() {
    if missing_tool("gallery", &TOOLS) {
        return;
    }
    for (width, height) in [(1280, 800), (1366, 768)] {
        for words in [&EN, &ZH_HK] {
            walk(width, height, words);
        }
    }
}
