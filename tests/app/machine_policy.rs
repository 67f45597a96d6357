//! The machine policy through the real binary: `--print-config` shows where each setting
//! came from, a flag a locked policy forbids is refused, a broken policy stops the app.
//! (Debug builds read the policy from `JUPAS_RESET_POLICY_FILE`, so no root is needed.)

use std::process::{Command, Output};

fn run(policy: Option<&str>, args: &[&str]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let policy_path = dir.path().join("policy.toml");
    if let Some(text) = policy {
        std::fs::write(&policy_path, text).unwrap();
    }
    Command::new(env!("CARGO_BIN_EXE_jupas-reset"))
        .args(args)
        .env("JUPAS_RESET_POLICY_FILE", &policy_path)
        // No user config from the machine running the tests.
        .env("XDG_CONFIG_HOME", dir.path())
        .env("HOME", dir.path())
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

const LAB: &str = r#"server = "https://reset.school.example/"
language = "zh-HK"
practice = false
locked = ["server", "language", "practice"]
"#;

#[test]
fn print_config_shows_every_setting_and_its_source() {
    let output = run(None, &["--print-config"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("practice = true  # default"), "{text}");
    assert!(
        text.contains("[links.zh-HK]") && text.contains("/tc/"),
        "{text}"
    );

    let output = run(Some(LAB), &["--print-config"]);
    let text = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        text.contains(r#"language = "zh-HK"  # machine policy"#),
        "{text}"
    );
    assert!(text.contains(r#"server = "https://reset.school.example/"  # machine policy"#));
    assert!(text.contains("practice = false  # machine policy") && text.contains("(locked)"));

    let output = run(None, &["--print-config", "--lang", "en"]);
    assert!(stdout(&output).contains(r#"language = "en"  # flag --lang"#));
}

#[test]
fn a_flag_the_locked_policy_forbids_is_refused_with_a_clear_message() {
    for args in [
        &["--print-config", "--server", "https://elsewhere.example/"][..],
        &["--print-config", "--lang", "en"][..],
        &["--print-config", "--practice"][..],
    ] {
        let output = run(Some(LAB), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("not allowed") && message.contains("locks"),
            "{message}"
        );
        assert!(message.contains("本機政策"), "both languages: {message}");
        assert!(stdout(&output).is_empty());
    }
}

#[test]
fn a_broken_policy_stops_the_app_naming_file_and_line() {
    let output = run(
        Some("server = \"https://reset.school.example/\"\npractice = nope\n"),
        &["--print-config"],
    );
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("policy.toml, line 2"), "{message}");
    assert!(message.contains("第 2 行"), "{message}");
    assert!(stdout(&output).is_empty(), "no fallback to defaults");
}
