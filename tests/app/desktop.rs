//! What the end-to-end tests under X share: a private Xvfb (+ openbox) display, the
//! reference service in-process, xdotool/wmctrl, screenshots, and skipping (outside CI
//! only) when a system tool is missing.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when dropped, so a failing test leaves nothing behind.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn wait_until(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Runs a program on `display` and returns what it printed.
pub fn run(display: &str, program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .env("DISPLAY", display)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e} (install it with `bash .ci/setup test`)"));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Whether `program` is on PATH (or, given as a path, exists).
pub fn have(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).exists();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// The first of `tools` that is missing. Under CI (`CI=true`) a missing tool fails the
/// test, since `.ci/setup test` should have installed it; elsewhere the test is skipped
/// with a message saying what to install.
pub fn missing_tool(test: &str, tools: &[&str]) -> bool {
    let Some(missing) = tools.iter().find(|tool| !have(tool)) else {
        return false;
    };
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "{test}: {missing} is missing under CI (`bash .ci/setup test` installs it)"
    );
    eprintln!("SKIPPED {test}: {missing} is not installed (run `bash .ci/setup test`)");
    true
}

/// Where screenshots and transcripts go: kept as CI artefacts.
pub fn artefacts() -> PathBuf {
    let dir = crate::support::workspace_root().join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

pub fn screenshot(display: &str, name: &str) {
    let _ = Command::new("import")
        .args(["-window", "root"])
        .arg(artefacts().join(name))
        .env("DISPLAY", display)
        .status();
}

pub struct Desktop {
    pub display: String,
    _wm: Killed,
    _xvfb: Killed,
}

/// A private X display with a window manager. Xvfb picks a free display number itself
/// (`-displayfd`), so tests running at the same time never share one.
pub fn desktop() -> Desktop {
    desktop_sized(1280, 1000)
}

/// [`desktop`] with a screen of `width`×`height` pixels.
pub fn desktop_sized(width: u32, height: u32) -> Desktop {
    let screen = format!("{width}x{height}x24");
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            &screen,
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb (install it with `bash .ci/setup test`)");
    let stdout = xvfb.stdout.take().expect("Xvfb's stdout");
    let xvfb = Killed(xvfb);
    let mut number = String::new();
    BufReader::new(stdout)
        .read_line(&mut number)
        .expect("Xvfb says its display");
    let display = format!(":{}", number.trim());
    assert!(display.len() > 1, "Xvfb did not start");
    let wm = Command::new("openbox")
        .env("DISPLAY", &display)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openbox");
    std::thread::sleep(Duration::from_millis(500));
    Desktop {
        display,
        _wm: Killed(wm),
        _xvfb: xvfb,
    }
}

/// The reference service as `--practice --test-reveal-answers --outbox DIR` runs it, on its
/// own thread until dropped.
pub fn reference_service(outbox: &Path) -> (jupas_reset_service::Background, String) {
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

/// The answer of the newest security code the service made.
pub fn challenge_answer(outbox: &Path) -> Option<String> {
    let newest = std::fs::read_dir(outbox)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("challenge-"))
        .max_by_key(|e| e.metadata().and_then(|m| m.modified()).ok())?;
    std::fs::read_to_string(newest.path())
        .ok()
        .map(|s| s.trim().to_owned())
}

/// How many security codes the service has made.
pub fn challenges_made(outbox: &Path) -> usize {
    std::fs::read_dir(outbox)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("challenge-"))
        .count()
}

/// Whether the practice account logs in with `password` (the service's own check).
pub fn login_works(url: &str, login: &str, password: &str) -> bool {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = jupas_reset_api::client::ApiClient::new(url).expect("client");
    let password = jupas_reset_api::wire::Secret::new(password.to_owned());
    runtime
        .block_on(client.practice_login(login, &password))
        .is_ok()
}

pub fn log_says(log: &Path, needle: &str) -> bool {
    std::fs::read_to_string(log).is_ok_and(|text| text.contains(needle))
}

/// The app against `url` in a window on `display`, its log in `log`.
pub fn start_app(display: &str, url: &str, cache: &Path, log: &Path) -> Killed {
    Killed(
        Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
            .args(["--server", url, "--lang", "en"])
            .env("DISPLAY", display)
            .env("ICED_BACKEND", "tiny-skia")
            .env("XDG_CACHE_HOME", cache)
            .env("RUST_LOG", "jupas_reset=debug,iced_a11y=debug")
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("log file"))
            .spawn()
            .expect("app starts"),
    )
}
