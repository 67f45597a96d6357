//! What Orca says on the Forgot Password screen, headless: Orca speaks through a private
//! speech-dispatcher whose one output module (`sd_generic`) appends each utterance to a
//! file, in a private D-Bus session under Xvfb. The transcript is kept as an artefact,
//! `target/screenshots/orca-forgot.txt`; Orca's own record of what it presented (its debug
//! log's `SPEECH OUTPUT` lines) goes next to it, and stands in if no speech came through.

use std::path::Path;
use std::process::Command;

use crate::desktop::{artefacts, desktop, missing_tool, reference_service};
use crate::support::workspace_root;

const TOOLS: [&str; 7] = [
    "Xvfb",
    "openbox",
    "xdotool",
    "dbus-run-session",
    "orca",
    "speech-dispatcher",
    "/usr/lib/speech-dispatcher-modules/sd_generic",
];

/// speech-dispatcher with one voice: a shell command that writes the text to `spoken`.
fn speech_to_file(work: &Path) {
    let conf = work.join("conf/speech-dispatcher");
    std::fs::create_dir_all(conf.join("modules")).expect("conf dir");
    std::fs::write(
        conf.join("speechd.conf"),
        "CommunicationMethod \"unix_socket\"\nSocketPath \"default\"\n\
         AddModule \"textfile\" \"sd_generic\" \"textfile.conf\"\nDefaultModule textfile\n\
         LanguageDefaultModule \"en\" \"textfile\"\nDefaultLanguage \"en\"\nTimeout 60\n\
         AudioOutputMethod \"alsa\"\nAudioALSADevice \"null\"\n",
    )
    .expect("speechd.conf");
    let spoken = work.join("spoken.txt");
    std::fs::write(
        conf.join("modules/textfile.conf"),
        format!(
            "GenericExecuteSynth \"printf '%s\\\\n' \\'$DATA\\' >> {}\"\n\
             GenericStripPunctChars \"\"\nGenericLanguage \"en\" \"en\" \"utf-8\"\n\
             AddVoice \"en\" \"MALE1\" \"default\"\n",
            spoken.display()
        ),
    )
    .expect("module conf");
}

/// Orca's debug log, reduced to what it sent to speech: `SPEECH OUTPUT: 'text'`.
fn presented(debug: &str) -> String {
    debug
        .lines()
        .filter_map(|line| line.split_once("SPEECH OUTPUT: '"))
        .filter_map(|(_, rest)| rest.rsplit_once('\'').map(|(text, _)| text))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn orca_speaks_the_forgot_password_screen() {
    let name = "orca_speaks_the_forgot_password_screen";
    if missing_tool(name, &TOOLS) {
        return;
    }
    let desktop = desktop();
    let work = tempfile::tempdir().expect("dir");
    let outbox = work.path().join("outbox");
    let (_server, url) = reference_service(&outbox);
    speech_to_file(work.path());
    let status = Command::new("timeout")
        .args(["150", "dbus-run-session", "--", "bash"])
        .arg(workspace_root().join("tests/app/atspi/orca.sh"))
        .arg(env!("CARGO_BIN_EXE_jupas-reset"))
        .arg(&url)
        .arg(work.path())
        .env("DISPLAY", &desktop.display)
        .env("XDG_CACHE_HOME", work.path())
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("orca.sh runs");
    let read = |file: &str| std::fs::read_to_string(work.path().join(file)).unwrap_or_default();
    let spoken = read("spoken.txt");
    let debug = presented(&read("orca-debug.txt"));
    let out = artefacts();
    let _ = std::fs::write(out.join("orca-forgot-presented.txt"), &debug);
    let _ = std::fs::copy(
        work.path().join("orca-forgot.png"),
        out.join("orca-forgot.png"),
    );
    // Speech when it came through; otherwise what Orca would have said, marked as such.
    let transcript = if spoken.trim().is_empty() {
        format!(
            "(no speech reached speech-dispatcher; Orca's debug log says it presented:)\n{debug}\n"
        )
    } else {
        spoken
    };
    let _ = std::fs::write(out.join("orca-forgot.txt"), &transcript);
    let context = format!(
        "orca.sh exit {:?}\nstderr: {}\norca: {}\napp: {}\ntranscript:\n{transcript}",
        status.status.code(),
        String::from_utf8_lossy(&status.stderr),
        read("orca.out"),
        read("app.log"),
    );
    assert!(status.status.success(), "{context}");
    // One line a sentence: "Forgot Password — JUPAS Forgot Password frame." then the box.
    let lines: Vec<&str> = transcript.lines().collect();
    let window = lines
        .iter()
        .position(|l| l.contains("Forgot Password — JUPAS Forgot Password"));
    let field = lines.iter().position(|l| l.contains("Login Name"));
    assert!(
        window.is_some(),
        "the window name was not spoken\n{context}"
    );
    assert!(field.is_some(), "Login Name was not spoken\n{context}");
    assert!(
        window < field,
        "the window must be named before its first box\n{context}"
    );
}
