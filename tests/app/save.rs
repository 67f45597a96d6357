//! "Save as WAV" on a computer with no file dialog (no desktop portal on the session bus,
//! no `zenity` on PATH): the spoken code goes to the Downloads folder, and the student is
//! told where, in both languages and to the screen reader. Each run is a child process
//! (the environment is the point, and changing this process's would race other tests),
//! on a private session bus from `dbus-run-session` when there is one.

use std::path::{Path, PathBuf};
use std::process::Command;

use jupas_reset::screen::forgot::{self, Captcha};
use jupas_reset_api::wire::Lang;

use crate::a11y_tree::{build, label};
use crate::drive::{TODAY, outputs};
use crate::support::Harness;

const CHILD: &str = "save::saving_with_no_file_dialog_child";

/// Runs the child test with `home` as HOME and a PATH holding nothing; returns the path it
/// reports having saved to.
fn save_in_child(home: &Path) -> PathBuf {
    let empty = home.join("empty-path");
    std::fs::create_dir_all(&empty).expect("empty PATH folder");
    let exe = std::env::current_exe().expect("test binary");
    let child_args = [
        exe.to_string_lossy().into_owned(),
        "--exact".into(),
        CHILD.into(),
        "--ignored".into(),
        "--nocapture".into(),
    ];
    let private_bus = Command::new("dbus-run-session")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut command = if private_bus {
        // A real session bus with nothing on it: no portal.
        let mut command = Command::new("dbus-run-session");
        command
            .args(["--", "env", &format!("PATH={}", empty.display())])
            .args(&child_args);
        command
    } else {
        let mut command = Command::new(&child_args[0]);
        command
            .args(&child_args[1..])
            .env("PATH", &empty)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        command
    };
    command
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("JUPAS_TEST_SAVE_CHILD", "1")
        .env_remove("XDG_DOWNLOAD_DIR");
    let output = command.output().expect("child runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let saved = stdout
        .lines()
        .find_map(|line| line.strip_prefix("SAVED_TO="))
        .expect("the child says where it saved");
    PathBuf::from(saved)
}

fn assert_wav(path: &Path) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WAVE");
    assert!(
        hound::WavReader::new(std::io::Cursor::new(bytes)).is_ok(),
        "a WAV a player can open"
    );
}

#[test]
fn with_no_file_dialog_the_spoken_code_is_saved_to_downloads() {
    let home = tempfile::tempdir().expect("home");
    // No XDG user-dirs file: ~/Downloads, made for the occasion.
    let saved = save_in_child(home.path());
    assert_eq!(saved, home.path().join("Downloads/jupas-security-code.wav"));
    assert_wav(&saved);

    // The desktop names another Downloads folder (a French desktop, say): that one.
    let config = home.path().join(".config");
    std::fs::create_dir_all(&config).expect("config dir");
    std::fs::write(
        config.join("user-dirs.dirs"),
        "XDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n",
    )
    .expect("user-dirs.dirs");
    let saved = save_in_child(home.path());
    assert_eq!(
        saved,
        home.path().join("Téléchargements/jupas-security-code.wav")
    );
    assert_wav(&saved);
    // The first file is still there, untouched.
    assert_wav(&home.path().join("Downloads/jupas-security-code.wav"));
}

#[tokio::test]
#[ignore = "run by with_no_file_dialog_the_spoken_code_is_saved_to_downloads"]
async fn saving_with_no_file_dialog_child() {
    assert!(
        std::env::var_os("JUPAS_TEST_SAVE_CHILD").is_some(),
        "run by the parent test"
    );
    let h = Harness::start().await;
    let (mut state, load) = forgot::State::new(&h.client);
    let mut queue: Vec<forgot::Message> = outputs(load).await;
    queue.push(forgot::Message::DownloadAudio);
    queue.push(forgot::Message::Save);
    // Feed each message and what its tasks produce, in order.
    let mut queue = std::collections::VecDeque::from(queue);
    while let Some(message) = queue.pop_front() {
        let is_save = matches!(message, forgot::Message::Save);
        if is_save {
            assert!(
                matches!(state.captcha, Captcha::Audio { .. }),
                "{:?}",
                state.captcha
            );
        }
        if let forgot::Action::Run(task) = state.update(message, &h.client, Lang::En, TODAY) {
            for next in outputs(task).await {
                queue.push_front(next);
            }
        }
    }
    let Captcha::Audio {
        status: Some(status),
        ..
    } = &state.captcha
    else {
        panic!("{:?}", state.captcha)
    };
    assert_eq!(status.text.id, "audio-saved-downloads");
    let en = status.text.render(Lang::En);
    let zh = status.text.render(Lang::ZhHk);
    let path = en
        .split_once("Downloads folder: ")
        .map(|(_, path)| path.to_owned())
        .unwrap_or_else(|| panic!("names the file: {en}"));
    assert!(zh.contains(&path) && zh.contains("下載"), "{zh}");
    assert!(Path::new(&path).is_file(), "{path} exists");
    // A screen reader hears the same, in the security-code panel.
    for lang in [Lang::En, Lang::ZhHk] {
        let tree =
            build(|tree, root| state.accessibility(lang, tree, root, std::convert::identity));
        assert!(label(tree.node("captcha-state")).contains(&path));
    }
    println!("SAVED_TO={path}");
}
