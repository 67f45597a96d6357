//! Files the service writes hold hashes, mail with verification codes, or (test switch only)
//! security-code answers: they are created owner-only (0600, folders 0700) whatever the
//! umask, and files holding secrets that others can read are refused.

use std::path::Path;

/// Creates `path` with `bytes`, readable and writable by the owner only.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = private_options().write(true).create_new(true).open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Creates `dir` (and missing parents) owner-only; an existing folder is left as it is.
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Makes sure the database file exists owner-only before SQLite opens it: SQLite gives its
/// `-wal` and `-shm` files the database file's mode. Files left readable by an older version
/// are made owner-only.
pub(crate) fn prepare_private_db(path: &Path) -> std::io::Result<()> {
    private_options()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    for file in [
        path.to_owned(),
        sqlite_sidecar(path, "-wal"),
        sqlite_sidecar(path, "-shm"),
    ] {
        if let Some(mode) = open_to_others(&file)? {
            tracing::warn!(file = %file.display(), mode = format!("{mode:o}"), "made owner-only (0600)");
            restrict(&file)?;
        }
    }
    Ok(())
}

fn sqlite_sidecar(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}

/// Refuses a file that holds secrets when the group or others may read it.
pub(crate) fn refuse_if_readable_by_others(path: &Path) -> std::io::Result<()> {
    match open_to_others(path)? {
        Some(mode) => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "{} holds secrets but its group or others may read it (mode {mode:o}): run `chmod 600 {}`",
                path.display(),
                path.display()
            ),
        )),
        None => Ok(()),
    }
}

/// The permission bits of `path` if its group or others have any access; `None` when it is
/// owner-only or missing (and always on systems without Unix modes).
fn open_to_others(path: &Path) -> std::io::Result<Option<u32>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::metadata(path) {
            Ok(meta) => {
                let mode = meta.permissions().mode() & 0o777;
                Ok((mode & 0o077 != 0).then_some(mode))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(None)
    }
}

fn restrict(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

fn private_options() -> std::fs::OpenOptions {
    #[allow(unused_mut)]
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(path: &Path) -> u32 {
        std::fs::metadata(path)
            .expect("exists")
            .permissions()
            .mode()
            & 0o777
    }

    #[test]
    fn files_and_folders_are_owner_only() {
        let dir = tempfile::tempdir().expect("dir");
        let folder = dir.path().join("a/b");
        create_private_dir(&folder).expect("folder");
        assert_eq!(mode(&folder), 0o700);
        let file = folder.join("x.txt");
        write_private(&file, b"x").expect("file");
        assert_eq!(mode(&file), 0o600);
    }

    #[test]
    fn a_readable_secret_file_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("secret.key");
        std::fs::write(&file, b"x").expect("write");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        let error = refuse_if_readable_by_others(&file).expect_err("refused");
        assert!(error.to_string().contains("secret.key"), "{error}");
        assert!(error.to_string().contains("640"), "{error}");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert!(refuse_if_readable_by_others(&file).is_ok());
    }
}
