//! Options and printing shared by the scheduling, follow-up, referral and
//! care-plan commands.

use std::str::FromStr;

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use super::output::{self, Format};
use crate::domain::Invalid;

/// Whose clients a listing covers: the user's own unless told otherwise.
#[derive(Debug, clap::Args)]
pub struct Scope {
    /// Include every coordinator's clients, not only yours.
    #[arg(long)]
    pub all_coordinators: bool,
}

impl Scope {
    pub fn coordinator(&self, ctx: &Ctx) -> Option<String> {
        (!self.all_coordinators).then(|| ctx.user.clone())
    }
}

/// A status word, or `all` for every status.
pub fn word_or_all<T: FromStr<Err = Invalid>>(text: &str) -> Result<Option<T>, Invalid> {
    if text.trim().eq_ignore_ascii_case("all") {
        return Ok(None);
    }
    text.parse().map(Some).map_err(|mut error: Invalid| {
        error.hint.push_str(", or all");
        error
    })
}

/// What a command that changes a record prints: one sentence, or the record in JSON or CSV.
pub fn print_changed<T: Serialize>(format: Format, message: &str, record: &T) -> Result<()> {
    match format {
        Format::Table => output::emit(&format!("{message}\n")),
        _ => output::print_record(format, record),
    }
}

/// A record shown as aligned `label  value` lines, or its own fields in JSON or CSV.
pub fn print_details<T: Serialize>(format: Format, record: &T, lines: &[(&str, String)]) -> Result<()> {
    if format != Format::Table {
        return output::print_record(format, record);
    }
    let width = lines.iter().map(|(label, _)| label.len()).max().unwrap_or(0);
    let text: String =
        lines.iter().map(|(label, value)| format!("{label:<width$}  {value}").trim_end().to_string() + "\n").collect();
    output::emit(&text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::followup::FollowupStatus;

    #[test]
    fn all_means_no_filter_and_bad_words_list_it() {
        assert_eq!(word_or_all::<FollowupStatus>("ALL"), Ok(None));
        assert_eq!(word_or_all::<FollowupStatus>("done"), Ok(Some(FollowupStatus::Done)));
        let error = word_or_all::<FollowupStatus>("finished").expect_err("unknown");
        assert_eq!(error.hint, "use one of: open, done, cancelled, or all");
    }
}
