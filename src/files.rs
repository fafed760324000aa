//! Private files: created 0600 (0660 for a shared group), and refused when
//! other users can read them. Health information never sits in a readable file.

use std::fs::{File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use thiserror::Error;

/// Who besides the owner may use a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sharing {
    /// Only the owner: mode 0600.
    Private,
    /// The owner and one group: mode 0660, group set to this name.
    Group(String),
}

impl Sharing {
    pub fn from_config(share_group: Option<&str>) -> Self {
        match share_group.map(str::trim).filter(|g| !g.is_empty()) {
            Some(group) => Sharing::Group(group.to_string()),
            None => Sharing::Private,
        }
    }

    pub fn mode(&self) -> u32 {
        match self {
            Sharing::Private => 0o600,
            Sharing::Group(_) => 0o660,
        }
    }

    /// Permission bits that must be clear.
    fn forbidden_bits(&self) -> u32 {
        match self {
            Sharing::Private => 0o077,
            Sharing::Group(_) => 0o007,
        }
    }
}

#[derive(Debug, Error)]
pub enum FileError {
    #[error("{path} can be read by other users (mode {mode:o}), so caseload will not use it")]
    TooOpen { path: String, mode: u32, fix: String },
    #[error("the group {group:?} named by share_group does not exist")]
    UnknownGroup { group: String },
    #[error("{path}: {source}")]
    Io { path: String, source: io::Error },
}

impl FileError {
    /// The file was there already (another process created it first).
    pub fn already_exists(&self) -> bool {
        matches!(self, FileError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
    }

    pub fn hint(&self) -> String {
        match self {
            FileError::TooOpen { fix, .. } => format!("run `{fix}`"),
            FileError::UnknownGroup { .. } => "create the group or fix share_group in the config".into(),
            FileError::Io { .. } => "check that the directory exists and you may write to it".into(),
        }
    }
}

fn io_error(path: &Path, source: io::Error) -> FileError {
    FileError::Io { path: path.display().to_string(), source }
}

/// Refuses a file whose permissions let anyone but the owner (and the shared
/// group, when configured) read or write it.
pub fn check_private(path: &Path, sharing: &Sharing) -> Result<(), FileError> {
    let metadata = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & sharing.forbidden_bits() != 0 {
        return Err(FileError::TooOpen {
            path: path.display().to_string(),
            mode,
            fix: format!("chmod {:o} {}", sharing.mode(), shell_quote(&path.display().to_string())),
        });
    }
    Ok(())
}

/// Creates a new file with the sharing's mode (never wider, whatever the umask)
/// and, for a group, hands it to that group.
pub fn create_private(path: &Path, sharing: &Sharing) -> Result<File, FileError> {
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(sharing.mode())
        .open(path)
        .map_err(|e| io_error(path, e))?;
    if let Err(error) = apply_sharing(path, sharing) {
        // A file we could not make private enough must not stay behind.
        let _ = std::fs::remove_file(path);
        return Err(error);
    }
    Ok(file)
}

/// Sets the mode (and group) on an existing file the program just created,
/// such as SQLite's own files.
pub fn apply_sharing(path: &Path, sharing: &Sharing) -> Result<(), FileError> {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(sharing.mode())).map_err(|e| io_error(path, e))?;
    if let Sharing::Group(group) = sharing {
        let gid = nix::unistd::Group::from_name(group)
            .ok()
            .flatten()
            .ok_or_else(|| FileError::UnknownGroup { group: group.clone() })?
            .gid;
        let owner = std::fs::metadata(path).map_err(|e| io_error(path, e))?.uid();
        std::os::unix::fs::chown(path, Some(owner), Some(gid.as_raw())).map_err(|e| io_error(path, e))?;
    }
    Ok(())
}

fn shell_quote(text: &str) -> String {
    if text.chars().all(|c| c.is_ascii_alphanumeric() || "/._-+".contains(c)) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_world_readable_file_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("open file.db");
        create_private(&path, &Sharing::Private).expect("create");
        check_private(&path, &Sharing::Private).expect("0600 is fine");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        let error = check_private(&path, &Sharing::Private).expect_err("0644 refused");
        assert!(error.hint().contains("chmod 600 '"), "{}", error.hint());
    }

    #[test]
    fn a_shared_group_may_read_but_others_may_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("team.db");
        std::fs::write(&path, b"").expect("write");
        let group = Sharing::Group("anything".into());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o660)).expect("chmod");
        check_private(&path, &group).expect("0660 is fine for a group");
        assert!(check_private(&path, &Sharing::Private).is_err());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).expect("chmod");
        assert!(check_private(&path, &group).is_err());
    }
}
