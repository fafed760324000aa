//! `caseload search TEXT`: full-text search over clients and notes.

use anyhow::Result;

use super::Ctx;
use super::output::{Column, Format, or_blank, print_list};
use crate::store::search::SearchHit;

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Words to find; each matches the start of a word ("qui" finds "Quill").
    #[arg(required = true, value_name = "TEXT")]
    words: Vec<String>,
    /// Search every coordinator's clients, not only yours.
    #[arg(long)]
    all_coordinators: bool,
    /// At most N clients and N notes.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    limit: u32,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, args: SearchArgs) -> Result<()> {
    let coordinator = (!args.all_coordinators).then_some(ctx.user.as_str());
    let mut store = ctx.read_store()?;
    let hits = store.search_shown(&args.words.join(" "), coordinator, args.limit, ctx.redact)?;
    // Worst case: 6 + 18 + 7 + 10 + 31 and four gaps of two = 80 columns.
    let zone = ctx.now.zone;
    let columns = [
        Column::new("CLIENT", 6, |h: &SearchHit| h.client_id.to_string()),
        Column::new("NAME", 18, |h: &SearchHit| h.client_name.clone()),
        Column::new("NOTE", 7, |h: &SearchHit| or_blank(&h.note_id)),
        Column::from_fn("DATE", 10, move |h: &SearchHit| or_blank(&h.contact_at.map(|at| zone.local_date(at)))),
        Column::new("MATCH", 31, |h: &SearchHit| h.snippet.clone()),
    ];
    let empty = if args.all_coordinators {
        "Nothing found."
    } else {
        "Nothing found on your caseload; --all-coordinators searches the whole team's."
    };
    print_list(args.format, &hits, &columns, empty)
}
