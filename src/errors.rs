//! How failures reach the user: one sentence on standard error, then a hint.
//! Never a backtrace, never client data beyond what the user just typed.

use std::fmt;
use std::io::Write;

use crate::config::ConfigError;
use crate::domain::Invalid;
use crate::domain::text::inert_line;
use crate::files::FileError;
use crate::store::StoreError;

/// An error raised by a command, with the hint to show under it.
#[derive(Debug)]
pub struct Hinted {
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Hinted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Hinted {}

/// An error with a hint, for `return Err(hinted(...))` in commands.
pub fn hinted(message: impl Into<String>, hint: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Hinted { message: message.into(), hint: hint.into() })
}

/// The first hint any error in the chain carries.
fn hint_of(error: &anyhow::Error) -> Option<String> {
    error.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<Hinted>() {
            Some(e.hint.clone())
        } else if let Some(e) = cause.downcast_ref::<StoreError>() {
            Some(e.hint())
        } else if let Some(e) = cause.downcast_ref::<Invalid>() {
            Some(e.hint.clone())
        } else if let Some(e) = cause.downcast_ref::<ConfigError>() {
            Some(e.hint().to_string())
        } else if let Some(e) = cause.downcast_ref::<FileError>() {
            Some(e.hint())
        } else {
            cause.downcast_ref::<std::io::Error>().map(|e| crate::files::io_hint(e).to_string())
        }
    })
}

/// The sentence for an error: an operating-system error on its own (writing
/// the output to a full disk, say) gets words saying what failed.
fn message_of(error: &anyhow::Error) -> String {
    match error.downcast_ref::<std::io::Error>() {
        Some(io) if io.kind() == std::io::ErrorKind::StorageFull => {
            "the output could not be written: no space is left on the device".into()
        }
        Some(io) => format!("reading or writing failed: {io}"),
        None => error.to_string(),
    }
}

/// Prints `error: …` and `hint: …` to standard error.
pub fn report(error: &anyhow::Error) {
    let message = message_of(error);
    let hint = hint_of(error);
    let mut stderr = std::io::stderr().lock();
    // A message may echo what was typed or found in a file: shown inert (SPEC §6).
    let _ = writeln!(stderr, "error: {}", inert_line(&sentence(&message)));
    if let Some(hint) = hint {
        let _ = writeln!(stderr, "hint: {}", inert_line(&hint));
    }
}

/// One line, capitalised, ending in a full stop. A message that starts with
/// a path or a name (anything but a plain lower-case word) keeps its first
/// letter: `wr.toml` is not `Wr.toml`.
fn sentence(message: &str) -> String {
    let flat = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let flat = flat.trim_end_matches('.');
    let first_word = flat.split(' ').next().unwrap_or_default();
    let plain_word = first_word.chars().all(|c| c.is_ascii_lowercase() || c == ',' || c == ':');
    let mut chars = flat.chars();
    match chars.next() {
        Some(first) if plain_word => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        Some(_) => format!("{flat}."),
        None => "Something went wrong.".into(),
    }
}

/// A panic prints one plain sentence (no payload: it might hold client data)
/// and the process exits; what was committed before stays committed.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "error: caseload hit an internal fault{place}; nothing saved before it was lost.\nhint: please report this with the command you ran (not the client data)."
        );
    }));
}

#[cfg(test)]
mod tests {
    use super::sentence;

    #[test]
    fn a_sentence_starts_with_a_capital_but_a_path_is_left_as_typed() {
        assert_eq!(sentence("the disk is full"), "The disk is full.");
        assert_eq!(sentence("caseload check found 2 problem(s)"), "Caseload check found 2 problem(s).");
        assert_eq!(sentence("wr.toml can be read by other users"), "wr.toml can be read by other users.");
        assert_eq!(sentence("db/x can be read"), "db/x can be read.");
        assert_eq!(sentence("  two\n lines. "), "Two lines.");
    }
}
