//! A whole reset through AT-SPI alone, as a screen reader does it: `atspi/reset.py` finds
//! every box by its accessible name, sets values, presses buttons by their action, reads
//! the warnings and the success message, and checks the new password logs in.
//! Needs Xvfb, openbox, dbus-run-session and /usr/bin/python3 with pyatspi.

use std::process::{Command, Output};

use crate::desktop::{artefacts, desktop, missing_tool, reference_service};
use crate::support::{DOB, EMAIL, LOGIN, NEW_PASSWORD, workspace_root};

const TOOLS: [&str; 5] = [
    "Xvfb",
    "openbox",
    "dbus-run-session",
    "/usr/bin/python3",
    "/usr/libexec/at-spi-bus-launcher",
];

/// The four warnings of the Change Password screen, in the order they must be read.
const WARNINGS: [&str; 4] = [
    "Please DO NOT LEAVE THIS PAGE.",
    "STAY on this page and immediately retrieve the verification code",
    "ENTER the verification code in the box provided on this page",
    "the verification code will no longer be valid after you have left this page",
];

fn pyatspi_importable() -> bool {
    Command::new("/usr/bin/python3")
        .args(["-c", "import pyatspi"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_screen_reader_client_does_a_whole_reset() {
    let name = "a_screen_reader_client_does_a_whole_reset";
    if missing_tool(name, &TOOLS) {
        return;
    }
    if !pyatspi_importable() && missing_tool(name, &["python3-pyatspi"]) {
        return;
    }
    let desktop = desktop();
    let dir = tempfile::tempdir().expect("dir");
    let outbox = dir.path().join("outbox");
    let (_server, url) = reference_service(&outbox);
    let transcript = artefacts().join("atspi-reset.txt");
    let _ = std::fs::remove_file(&transcript);
    let driver = workspace_root().join("tests/app/atspi/reset.py");
    let output = Command::new("timeout")
        .arg("240")
        .args(["dbus-run-session", "--", "/usr/bin/python3"])
        .arg(&driver)
        .arg(env!("CARGO_BIN_EXE_jupas-reset"))
        .arg(&url)
        .arg(&outbox)
        .arg(&transcript)
        .args([LOGIN, DOB, EMAIL, NEW_PASSWORD])
        .env("DISPLAY", &desktop.display)
        .env("XDG_CACHE_HOME", dir.path())
        .env("APP_LOG", dir.path().join("app.log"))
        .env_remove("WAYLAND_DISPLAY")
        // Files, not pipes: the AT-SPI bus and registry the session starts can outlive the
        // driver and would hold a pipe open, so reading it would never end.
        .stdout(std::fs::File::create(dir.path().join("driver.out")).expect("out file"))
        .stderr(std::fs::File::create(dir.path().join("driver.err")).expect("err file"))
        .status()
        .expect("the AT-SPI driver runs");
    let output = Output {
        status: output,
        stdout: std::fs::read(dir.path().join("driver.out")).unwrap_or_default(),
        stderr: std::fs::read(dir.path().join("driver.err")).unwrap_or_default(),
    };
    let said = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    let read = std::fs::read_to_string(&transcript).unwrap_or_default();
    let report = format!(
        "driver exit {:?}\n--- stdout (tree dump on failure) ---\n{}\n--- stderr ---\n{}\n--- app log (tail) ---\n{}",
        output.status.code(),
        said(&output.stdout),
        said(&output.stderr),
        tail(
            &std::fs::read_to_string(dir.path().join("app.log")).unwrap_or_default(),
            40
        ),
    );
    assert!(output.status.success(), "{report}");

    let window = read
        .lines()
        .position(|l| l.starts_with("window 'Forgot Password — JUPAS Forgot Password'"));
    assert!(window.is_some(), "window name not read:\n{read}\n{report}");
    let mut from = 0;
    for warning in WARNINGS {
        let at = read
            .lines()
            .skip(from)
            .position(|l| l.starts_with("warning ") && l.contains(warning));
        let Some(at) = at else {
            panic!("warning {warning:?} not read in order:\n{read}\n{report}");
        };
        from += at + 1;
    }
    assert!(
        read.contains("heading 'Your password has successfully been changed.'"),
        "success heading not read:\n{read}"
    );
    assert!(
        read.contains("login with the new password: ok"),
        "the new password was not checked:\n{read}"
    );
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
