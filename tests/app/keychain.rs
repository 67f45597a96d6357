//! The workstation credential in a real Secret Service (GNOME Keyring on a private D-Bus
//! session), through the real `jupas-reset` binary against the real reference service:
//! `--enroll CODE` keeps it in the keyring (and nowhere else), the app's requests carry
//! it (the service answers with this workstation), `--unenroll` removes it, and a
//! credential the service has revoked is dropped from the keyring with a notice.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Output, Stdio};
use std::time::Duration;

use jupas_reset_service::config::Config;
use jupas_reset_service::workstations::Admin;

use crate::desktop::{Killed, artefacts, desktop, log_says, missing_tool, screenshot, wait_until};

const TOOLS: [&str; 5] = [
    "dbus-run-session",
    "gnome-keyring-daemon",
    "secret-tool",
    "Xvfb",
    "openbox",
];
const APP: &str = env!("CARGO_BIN_EXE_jupas-reset");
/// The keychain service name every entry of the app has (`src/app/workstation.rs`).
const KEYCHAIN_SERVICE: &str = "hk.edu.jupas.reset.workstation";

/// A private D-Bus session with an unlocked GNOME Keyring, alive until dropped: its shell
/// waits on stdin, so closing it ends the session (and the bus) cleanly.
struct SecretService {
    bus: Child,
    stdin: Option<ChildStdin>,
    env: Vec<(String, PathBuf)>,
    address: String,
}

impl SecretService {
    fn start(dir: &Path) -> SecretService {
        let home = dir.join("home");
        let runtime = dir.join("run");
        for folder in [&home, &runtime] {
            std::fs::create_dir_all(folder).expect("folder");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700));
        }
        let env = vec![
            ("HOME".to_owned(), home.clone()),
            ("XDG_DATA_HOME".to_owned(), home.join("data")),
            ("XDG_CONFIG_HOME".to_owned(), home.join("config")),
            ("XDG_CACHE_HOME".to_owned(), home.join("cache")),
            // Where a daemon started on demand finds the unlocked one.
            ("XDG_RUNTIME_DIR".to_owned(), runtime),
        ];
        let address_file = dir.join("bus-address");
        let mut bus = Command::new("dbus-run-session")
            .args([
                "--",
                "sh",
                "-c",
                "echo pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && \
                 echo \"$DBUS_SESSION_BUS_ADDRESS\" > \"$0\" && exec cat >/dev/null",
            ])
            .arg(&address_file)
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-run-session starts");
        let stdin = bus.stdin.take();
        wait_until("the session bus", Duration::from_secs(20), || {
            std::fs::read_to_string(&address_file).is_ok_and(|a| a.trim().starts_with("unix:"))
        });
        let address = std::fs::read_to_string(&address_file)
            .expect("address")
            .trim()
            .to_owned();
        SecretService {
            bus,
            stdin,
            env,
            address,
        }
    }

    /// A command inside the session, isolated from the machine's own config and policy.
    fn command(&self, program: &str) -> Command {
        let mut command = Command::new(program);
        command
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .env(
                "JUPAS_RESET_POLICY_FILE",
                self.env[0].1.join("no-policy.toml"),
            )
            .env_remove("WAYLAND_DISPLAY");
        command
    }

    /// The secret the keyring holds for the app and `server`, if any.
    fn lookup(&self, server: &str) -> Option<String> {
        let output = self
            .command("secret-tool")
            .args(["lookup", "service", KEYCHAIN_SERVICE, "username", server])
            .output()
            .expect("secret-tool runs");
        let secret = String::from_utf8_lossy(&output.stdout).into_owned();
        (output.status.success() && !secret.is_empty()).then_some(secret)
    }

    fn app(&self, args: &[&str]) -> Output {
        self.command(APP)
            .args(args)
            .output()
            .expect("jupas-reset runs")
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        if let Some(mut stdin) = self.stdin.take() {
            let _ = stdin.flush();
        }
        for _ in 0..50 {
            if matches!(self.bus.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// A log as plain text, without the colour codes the app's log may have.
fn plain_log(path: &Path) -> String {
    let raw = std::fs::read_to_string(path).unwrap_or_default();
    let mut plain = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // Skip `ESC [ … letter`.
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            plain.push(c);
        }
    }
    plain
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The app's window against `server`, its log in `log`, until dropped.
fn window(keyring: &SecretService, display: &str, server: &str, log: &Path) -> Killed {
    Killed(
        keyring
            .command(APP)
            .args(["--server", server, "--lang", "en"])
            .env("DISPLAY", display)
            .env("ICED_BACKEND", "tiny-skia")
            .env("RUST_LOG", "jupas_reset=info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(log).expect("log file"))
            .spawn()
            .expect("app starts"),
    )
}

#[test]
fn the_credential_lives_in_the_secret_service_and_a_revoked_one_is_dropped() {
    let name = "the_credential_lives_in_the_secret_service_and_a_revoked_one_is_dropped";
    if missing_tool(name, &TOOLS) {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    // The service's database and key, managed as `jupas-reset-server workstations` does.
    let mut config = Config {
        listen: "127.0.0.1:0".parse().expect("addr"),
        db: Some(dir.path().join("reset.sqlite")),
        ..Config::default()
    };
    config.mail.outbox = Some(dir.path().join("outbox"));
    let admin = Admin::open(&config).expect("the service's database");
    let first = admin.add("Room 204 PC 3").expect("added");
    let service =
        jupas_reset_service::Background::spawn(config, Default::default()).expect("service starts");
    let server = format!("http://{}", service.addr);
    let keyring = SecretService::start(dir.path());

    // No server: practice mode has no workstations.
    let refused = keyring.app(&["--enroll", "AAAA-BBBB-CCCC-DDDD"]);
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("Enrolment needs the reset server"),
        "{}",
        text(&refused)
    );

    let enrolled = keyring.app(&[
        "--server",
        &server,
        "--enroll",
        first.enrolment_code.as_str(),
    ]);
    assert!(enrolled.status.success(), "{}", text(&enrolled));
    let said = String::from_utf8_lossy(&enrolled.stdout);
    assert!(said.contains("as \"Room 204 PC 3\""), "{said}");
    assert!(
        said.contains("登記為「Room 204 PC 3」"),
        "both languages: {said}"
    );
    let secret = keyring
        .lookup(&server)
        .expect("the credential is in the keyring");
    let kept: serde_json::Value = serde_json::from_str(&secret).expect("json");
    assert_eq!(kept["name"], "Room 204 PC 3");
    assert_eq!(kept["id"], first.id);
    assert!(kept["credential"].as_str().is_some_and(|c| c.len() >= 43));
    assert_eq!(
        kept.as_object().map(|o| o.len()),
        Some(3),
        "the workstation's id, name and credential, nothing else: {kept}"
    );
    let again = keyring.app(&[
        "--server",
        &server,
        "--enroll",
        first.enrolment_code.as_str(),
    ]);
    assert_eq!(again.status.code(), Some(2), "a code works once");
    assert!(text(&again).contains("not accepted"), "{}", text(&again));

    // The app's requests carry it: the service answers for this very workstation.
    let desktop = desktop();
    let log = dir.path().join("enrolled.log");
    {
        let _app = window(&keyring, &desktop.display, &server, &log);
        wait_until(
            "the service to name this workstation",
            Duration::from_secs(30),
            || log_says(&log, "the reset service knows this workstation"),
        );
        let text = plain_log(&log);
        assert!(
            text.contains(&format!("workstation={}", first.id)),
            "{text}"
        );
        assert!(
            !text.contains(kept["credential"].as_str().unwrap_or("-")),
            "no credential in the log"
        );
    }

    let removed = keyring.app(&["--server", &server, "--unenroll"]);
    assert!(removed.status.success(), "{}", text(&removed));
    assert!(String::from_utf8_lossy(&removed.stdout).contains("no longer enrolled"));
    assert_eq!(keyring.lookup(&server), None, "--unenroll removed it");

    // Enrolled again, then revoked by IT: the app drops it, says so, and carries on.
    let second = admin.add("Room 204 PC 3 (again)").expect("added");
    let enrolled = keyring.app(&[
        "--server",
        &server,
        "--enroll",
        second.enrolment_code.as_str(),
    ]);
    assert!(enrolled.status.success(), "{}", text(&enrolled));
    assert!(keyring.lookup(&server).is_some());
    assert!(admin.revoke(second.id).expect("revoked"));
    let log = dir.path().join("revoked.log");
    {
        let _app = window(&keyring, &desktop.display, &server, &log);
        wait_until(
            "the refused credential to leave the keyring",
            Duration::from_secs(30),
            || log_says(&log, "refused workstation credential removed"),
        );
        std::thread::sleep(Duration::from_millis(500));
        screenshot(&desktop.display, "workstation-revoked.png");
        let text = plain_log(&log);
        assert!(text.contains("removed=true"), "{text}");
        assert!(text.contains("unenrolled now"), "{text}");
    }
    assert_eq!(keyring.lookup(&server), None, "dropped from the keyring");
    assert!(artefacts().join("workstation-revoked.png").exists());
    drop(service);
}
