//! Private files: created 0600 (0660 for a shared group), and refused when
//! other users can read or write them, when they are links or directories, or
//! when they belong to another account. Health information never sits in a
//! file someone else controls.

use std::fs::{File, Metadata, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

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

/// Every message starts with a word, never with a path, so that turning it
/// into a sentence cannot change the path (`wr.toml` stays `wr.toml`).
#[derive(Debug, Error)]
pub enum FileError {
    #[error("the file {path} can be {access} (mode {mode:o}), so caseload will not use it")]
    TooOpen { path: String, mode: u32, access: String, hint: String },
    #[error("the file {path} is read-only (mode {mode:o}), so nothing could be saved to it")]
    ReadOnly { path: String, mode: u32, fix: String },
    #[error("the file {path} is a symbolic link, and caseload uses only a file itself")]
    Symlink { path: String },
    #[error("the path {path} is a directory, not a file")]
    Directory { path: String },
    #[error("the path {path} is not a regular file")]
    NotAFile { path: String },
    #[error("the file {path} belongs to another account ({owner}), so caseload will not use it")]
    ForeignOwner { path: String, owner: String, hint: String },
    #[error("you may not open {path}: it exists, but permission is denied")]
    NoAccess { path: String },
    #[error("the file {path} already exists")]
    Exists { path: String },
    #[error("the group {group:?} named by share_group does not exist")]
    UnknownGroup { group: String },
    #[error("the file {path} could not be used: {source}")]
    Io { path: String, source: io::Error },
}

impl FileError {
    /// The file was there already (another process created it first).
    pub fn already_exists(&self) -> bool {
        matches!(self, FileError::Exists { .. })
    }

    pub fn hint(&self) -> String {
        match self {
            FileError::TooOpen { hint, .. } | FileError::ForeignOwner { hint, .. } => hint.clone(),
            FileError::ReadOnly { fix, .. } => format!("run `{fix}`"),
            FileError::Symlink { .. } => {
                "give the path of the file itself (--db, db_path or --config), not of a link to it".into()
            }
            FileError::Directory { .. } => "give the path of a file inside it, for example --db DIR/caseload.db".into(),
            FileError::NotAFile { .. } => "give the path of a regular file".into(),
            FileError::NoAccess { .. } => {
                "ask the owner of the file to add you to its group (`ls -l` shows the group), or use your own --db"
                    .into()
            }
            FileError::Exists { .. } => "give a new file name: caseload never overwrites a file".into(),
            FileError::UnknownGroup { .. } => "create the group or fix share_group in the config".into(),
            FileError::Io { source, .. } => io_hint(source).into(),
        }
    }
}

/// What to do about an operating-system error on a file.
pub fn io_hint(error: &io::Error) -> &'static str {
    match error.kind() {
        io::ErrorKind::NotFound => "check that the directory exists",
        io::ErrorKind::PermissionDenied => "check that you may write to the directory",
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => "free some disk space, or write to another disk",
        io::ErrorKind::IsADirectory => "give the path of a file, not a directory",
        _ => "check the path and the disk",
    }
}

fn io_error(path: &Path, source: io::Error) -> FileError {
    let path = path.display().to_string();
    match source.kind() {
        io::ErrorKind::AlreadyExists => FileError::Exists { path },
        _ => FileError::Io { path, source },
    }
}

/// The file's own metadata (a link is not followed), or None when there is
/// no such file. A file that exists but cannot be looked at is NoAccess.
pub fn metadata(path: &Path) -> Result<Option<Metadata>, FileError> {
    match std::fs::symlink_metadata(path) {
        Ok(metadata) => Ok(Some(metadata)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) if error.kind() == io::ErrorKind::PermissionDenied => {
            Err(FileError::NoAccess { path: path.display().to_string() })
        }
        Err(error) => Err(io_error(path, error)),
    }
}

/// Refuses a file that is a link or not a regular file, that belongs to
/// another account (unless group-owned by the shared group), or whose
/// permissions let anyone but the owner (and the shared group) use it.
pub fn check_private(path: &Path, sharing: &Sharing) -> Result<(), FileError> {
    let metadata = existing(path)?;
    check_owner(path, &metadata, sharing)?;
    check_mode(path, &metadata, sharing)
}

/// `check_private`, and the owner (and a shared group) can write it: a
/// database, or one of SQLite's `-wal` and `-shm` files beside it (these may
/// belong to a colleague, so their owner is not checked).
pub fn check_database_file(path: &Path, sharing: &Sharing, own_file: bool) -> Result<Metadata, FileError> {
    check_database_metadata(path, existing(path)?, sharing, own_file)
}

/// `-wal` or `-shm` beside a database, checked like it when it is there (None
/// when it is not: the last connection to close removes them at any moment).
pub fn check_companion(path: &Path, sharing: &Sharing) -> Result<Option<Metadata>, FileError> {
    match metadata(path)? {
        None => Ok(None),
        Some(metadata) => {
            plain_file(path, &metadata)?;
            check_database_metadata(path, metadata, sharing, false).map(Some)
        }
    }
}

fn check_database_metadata(
    path: &Path,
    metadata: Metadata,
    sharing: &Sharing,
    own_file: bool,
) -> Result<Metadata, FileError> {
    if own_file {
        check_owner(path, &metadata, sharing)?;
    }
    check_mode(path, &metadata, sharing)?;
    let needed = sharing.mode() & 0o220;
    let mode = metadata.permissions().mode() & 0o777;
    if mode & needed != needed {
        return Err(FileError::ReadOnly {
            path: path.display().to_string(),
            mode,
            fix: format!("chmod {:o} {}", sharing.mode(), shell_quote(&path.display().to_string())),
        });
    }
    Ok(metadata)
}

/// The metadata of a file that must exist and be a plain file.
fn existing(path: &Path) -> Result<Metadata, FileError> {
    let metadata = match metadata(path)? {
        Some(metadata) => metadata,
        None => return Err(io_error(path, io::Error::from(io::ErrorKind::NotFound))),
    };
    plain_file(path, &metadata)?;
    Ok(metadata)
}

/// A link, a directory or anything but a plain file is refused by name.
fn plain_file(path: &Path, metadata: &Metadata) -> Result<(), FileError> {
    let display = path.display().to_string();
    let kind = metadata.file_type();
    if kind.is_symlink() {
        Err(FileError::Symlink { path: display })
    } else if kind.is_dir() {
        Err(FileError::Directory { path: display })
    } else if !kind.is_file() {
        Err(FileError::NotAFile { path: display })
    } else {
        Ok(())
    }
}

fn check_owner(path: &Path, metadata: &Metadata, sharing: &Sharing) -> Result<(), FileError> {
    if metadata.uid() == nix::unistd::geteuid().as_raw() {
        return Ok(());
    }
    let file_group = group_name(metadata.gid());
    if let Sharing::Group(group) = sharing
        && file_group.as_deref() == Some(group.as_str())
    {
        return Ok(());
    }
    let owner = nix::unistd::User::from_uid(metadata.uid().into())
        .ok()
        .flatten()
        .map(|user| user.name)
        .unwrap_or_else(|| format!("uid {}", metadata.uid()));
    let quoted = shell_quote(&path.display().to_string());
    let hint = match sharing {
        Sharing::Group(group) => format!(
            "run caseload as {owner}, or, if the team shares this file, let {owner} run `chgrp {group} {quoted}`"
        ),
        Sharing::Private => format!(
            "run caseload as {owner}, or, if the team shares this file, set share_group in the config to the group that owns it"
        ),
    };
    Err(FileError::ForeignOwner { path: path.display().to_string(), owner, hint })
}

fn check_mode(path: &Path, metadata: &Metadata, sharing: &Sharing) -> Result<(), FileError> {
    let mode = metadata.permissions().mode() & 0o777;
    let extra = mode & sharing.forbidden_bits();
    if extra == 0 {
        return Ok(());
    }
    let display = path.display().to_string();
    let quoted = shell_quote(&display);
    let chmod = format!("chmod {:o} {quoted}", sharing.mode());
    // A file shared with its group but no share_group: the team may rely on it.
    let group_only = *sharing == Sharing::Private && extra & 0o007 == 0 && extra & 0o060 == 0o060;
    let hint = match group_name(metadata.gid()) {
        Some(group) if group_only => {
            format!("if a team shares this file, add share_group = \"{group}\" to the config; if not, run `{chmod}`")
        }
        _ => format!("run `{chmod}`"),
    };
    Err(FileError::TooOpen { path: display, mode, access: access_words(extra), hint })
}

/// "read by other users", "written by its group", "read and written by its
/// group and other users": what the bits beyond the allowed ones let others do.
fn access_words(extra: u32) -> String {
    let folded = (extra >> 3) | extra;
    let what = match (folded & 0o4 != 0, folded & 0o2 != 0) {
        (true, true) => "read and written",
        (true, false) => "read",
        (false, true) => "written",
        (false, false) => "used",
    };
    let who = match (extra & 0o070 != 0, extra & 0o007 != 0) {
        (true, true) => "its group and other users",
        (true, false) => "its group",
        _ => "other users",
    };
    format!("{what} by {who}")
}

fn group_name(gid: u32) -> Option<String> {
    nix::unistd::Group::from_gid(gid.into()).ok().flatten().map(|group| group.name)
}

/// SQLite's companions of a database file: `-wal`, `-shm` and `-journal`.
pub fn companions(path: &Path) -> [PathBuf; 3] {
    ["-wal", "-shm", "-journal"].map(|suffix| {
        let mut name = path.as_os_str().to_os_string();
        name.push(suffix);
        PathBuf::from(name)
    })
}

/// Removes a database file this command made, and whatever SQLite left
/// beside it, after a failure: nothing half-made stays behind.
pub fn remove_with_companions(path: &Path) {
    for file in std::iter::once(path.to_path_buf()).chain(companions(path)) {
        let _ = std::fs::remove_file(file);
    }
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
