//! Whether this computer can show a "Save as" dialog, and where a file goes when it
//! cannot. On Linux rfd asks the XDG desktop portal, then falls back to `zenity`; with
//! neither, it returns nothing, exactly as if the student had cancelled. So the app asks
//! first (cheaply, inside a `Task`) and, when there is no dialog, saves to Downloads.

use std::path::{Path, PathBuf};

/// At most this long to find out (a session bus that never answers is no dialog).
#[cfg(all(unix, not(target_os = "macos")))]
const PROBE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(3);

/// Whether rfd has a dialog to show: always on Windows and macOS; on other Unixes, when
/// `zenity` is on `PATH` or the desktop portal offers a file chooser.
pub(crate) async fn available() -> bool {
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        zenity_on_path() || portal_file_chooser().await
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        true
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn zenity_on_path() -> bool {
    std::env::var_os("PATH").is_some_and(|path| zenity_in(&path))
}

/// An executable `zenity` in one of the folders of `path` (a `PATH` value).
#[cfg(all(unix, not(target_os = "macos")))]
fn zenity_in(path: &std::ffi::OsStr) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::split_paths(path).any(|dir| {
        std::fs::metadata(dir.join("zenity"))
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    })
}

/// The portal is on the session bus (running, or started on demand) and has a file
/// chooser: a portal with no backend for it fails every dialog.
#[cfg(all(unix, not(target_os = "macos")))]
async fn portal_file_chooser() -> bool {
    const PORTAL: &str = "org.freedesktop.portal.Desktop";
    let probe = async {
        let connection = zbus::Connection::session().await.ok()?;
        let bus = zbus::fdo::DBusProxy::new(&connection).await.ok()?;
        let name = zbus::names::BusName::try_from(PORTAL).ok()?;
        let running = bus.name_has_owner(name).await.unwrap_or(false);
        let startable = || async {
            bus.list_activatable_names()
                .await
                .is_ok_and(|names| names.iter().any(|n| n.as_str() == PORTAL))
        };
        if !running && !startable().await {
            return Some(false);
        }
        let properties = zbus::fdo::PropertiesProxy::builder(&connection)
            .destination(PORTAL)
            .ok()?
            .path("/org/freedesktop/portal/desktop")
            .ok()?
            .build()
            .await
            .ok()?;
        let chooser =
            zbus::names::InterfaceName::try_from("org.freedesktop.portal.FileChooser").ok()?;
        Some(properties.get(chooser, "version").await.is_ok())
    };
    match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
        Ok(found) => found.unwrap_or(false),
        // The portal is there but slow to start: let rfd try it.
        Err(_) => true,
    }
}

/// The student's Downloads folder: the one the desktop names (XDG user dirs, Windows
/// Known Folders, macOS), else `Downloads` in their home folder.
pub(crate) fn downloads_folder() -> Option<PathBuf> {
    let dirs = directories::UserDirs::new()?;
    Some(
        dirs.download_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.home_dir().join("Downloads")),
    )
}

/// Writes `bytes` as `name` in `folder` (created if missing) without replacing anything
/// there: `name`, then `stem (2).ext`, `stem (3).ext`…; returns the path written.
pub(crate) fn save_new(folder: &Path, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    use std::io::Write;
    std::fs::create_dir_all(folder)?;
    let name = Path::new(name);
    let stem = name
        .file_stem()
        .unwrap_or(name.as_os_str())
        .to_string_lossy();
    let extension = name.extension().map(|e| e.to_string_lossy());
    for n in 1..=999 {
        let file_name = match (n, &extension) {
            (1, _) => name.to_string_lossy().into_owned(),
            (n, Some(extension)) => format!("{stem} ({n}).{extension}"),
            (n, None) => format!("{stem} ({n})"),
        };
        let path = folder.join(file_name);
        // `create_new`: never overwrite, even if another program made the file just now.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)?;
                file.sync_all()?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(std::io::ErrorKind::AlreadyExists.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_save_gets_a_new_name_and_nothing_is_replaced() {
        let dir = tempfile::tempdir().expect("dir");
        let folder = dir.path().join("Downloads");
        let first = save_new(&folder, "code.wav", b"one").expect("first");
        let second = save_new(&folder, "code.wav", b"two").expect("second");
        assert_eq!(first, folder.join("code.wav"));
        assert_eq!(second, folder.join("code (2).wav"));
        assert_eq!(std::fs::read(first).expect("read"), b"one");
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn zenity_counts_only_when_it_can_be_run() {
        use std::os::unix::fs::PermissionsExt;
        let empty = tempfile::tempdir().expect("dir");
        let tools = tempfile::tempdir().expect("dir");
        let zenity = tools.path().join("zenity");
        std::fs::write(&zenity, "#!/bin/sh\n").expect("zenity");
        let path = std::env::join_paths([empty.path(), tools.path()]).expect("PATH");
        assert!(!zenity_in(&path), "not executable yet");
        std::fs::set_permissions(&zenity, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert!(zenity_in(&path));
        assert!(!zenity_in(empty.path().as_os_str()));
    }
}
