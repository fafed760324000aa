//! `caseload note add/list/show/amend`: the contact log.

use std::io::{IsTerminal, Read};

use anyhow::Result;
use serde_json::Value;

use super::Ctx;
use super::errors::hinted;
use super::output::{Column, Format, emit, print_created, print_list, print_record};
use crate::domain::note::Note;
use crate::domain::program::Program;
use crate::domain::validation::minutes;
use crate::store::AuditAction;

#[derive(Debug, clap::Subcommand)]
pub enum NoteCommand {
    /// Log a contact; the text comes from --body or standard input. Prints the new id.
    Add(AddArgs),
    /// A client's notes, newest first, each followed by its addenda.
    List {
        /// The client's id or MRN.
        client: String,
        /// Only the newest N notes, at least 1 (their addenda are always shown).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        limit: Option<u32>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One note in full.
    Show {
        #[arg(value_name = "NOTE_ID")]
        note: i64,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Correct a note by adding an addendum (a saved note is never edited).
    /// Amending an addendum adds another addendum to the original note.
    Amend {
        #[arg(value_name = "NOTE_ID")]
        note: i64,
        /// The correction (default: read from standard input).
        #[arg(long, value_name = "TEXT")]
        body: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The client's id or MRN.
    client: String,
    /// phone, video, in_person, text, email, collateral or chart_review.
    #[arg(long = "type", value_name = "TYPE", default_value = "phone")]
    contact_type: String,
    /// outbound or inbound.
    #[arg(long, default_value = "outbound")]
    direction: String,
    /// reached, voicemail, no_answer, wrong_number or n_a.
    #[arg(long, default_value = "reached")]
    outcome: String,
    /// Minutes spent (0 to 1440).
    #[arg(long, default_value_t = 0)]
    minutes: i64,
    /// Whose time the minutes are: ccm, pcm, bhi, cocm, chi, pin or rpm (default:
    /// the client's only time-based enrollment, else none).
    #[arg(long)]
    program: Option<String>,
    /// When the contact happened (default now; never in the future).
    #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
    at: Option<String>,
    /// The note text (default: read from standard input).
    #[arg(long, value_name = "TEXT")]
    body: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, command: NoteCommand) -> Result<()> {
    match command {
        NoteCommand::Add(args) => add(ctx, args),
        NoteCommand::List { client, limit, format } => list(ctx, &client, limit, format),
        NoteCommand::Show { note, format } => show(ctx, note, format),
        NoteCommand::Amend { note, body, format } => amend(ctx, note, body, format),
    }
}

fn add(ctx: &Ctx, args: AddArgs) -> Result<()> {
    let contact_type = args.contact_type.parse()?;
    let direction = args.direction.parse()?;
    let outcome = args.outcome.parse()?;
    let minutes = minutes("minutes", args.minutes, true)?;
    let program: Option<Program> = args.program.as_deref().map(str::parse).transpose()?;
    let contact_at = args.at.as_deref().map(|at| ctx.datetime("at", at)).transpose()?.unwrap_or(ctx.now.instant);
    let mut store = ctx.open_store()?;
    let client = store.resolve_client(&args.client)?;
    let note = Note {
        id: 0,
        client_id: client.id,
        author: ctx.user.clone(),
        contact_at,
        contact_type,
        direction,
        outcome,
        minutes,
        body: body_text(args.body)?,
        program,
        addendum_of: None,
        created_at: ctx.now.instant,
    };
    let id = store.add_note(note)?;
    let redactor = super::redact::of(ctx, [&client]);
    print_created(args.format, id, || store.note(id).map(|record| redactor.applied(record)))
}

fn amend(ctx: &Ctx, note: i64, body: Option<String>, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    // Look the note up before waiting for text that would be thrown away.
    let client_id = store.note(note)?.client_id;
    let id = store.amend_note(note, &body_text(body)?)?;
    let redactor = super::redact::of_ids(ctx, &store, [client_id])?;
    print_created(format, id, || store.note(id).map(|record| redactor.applied(record)))
}

/// The text given with --body, or else everything on standard input.
fn body_text(body: Option<String>) -> Result<String> {
    if let Some(text) = body {
        return Ok(text);
    }
    let mut stdin = std::io::stdin().lock();
    if stdin.is_terminal() {
        eprintln!("Type the note, then press Ctrl-D on an empty line to save it (Ctrl-C to give up).");
    }
    let mut text = String::new();
    stdin.read_to_string(&mut text).map_err(|error| {
        hinted(
            format!("could not read the note from standard input: {error}"),
            "give the text with --body TEXT, or pipe UTF-8 text in",
        )
    })?;
    Ok(text)
}

fn list(ctx: &Ctx, key: &str, limit: Option<u32>, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(key)?;
    // Read before the audit row: a read that fails has written nothing.
    let mut notes = store.client_notes(client.id, limit)?;
    super::audit::list_viewed(&mut store, "note", Some(client.id), "note list", notes.len())?;
    super::redact::of(ctx, [&client]).apply(&mut notes);
    // Worst case: 6 + 16 + 12 + 12 + 4 + 20 and five gaps of two = 80 columns.
    let zone = ctx.now.zone;
    let columns = [
        Column::new("ID", 6, |n: &Note| n.id.to_string()),
        Column::from_fn("WHEN", 16, move |n: &Note| zone.local_display(n.contact_at)),
        Column::new("TYPE", 12, |n: &Note| match n.addendum_of {
            Some(_) => "↳ addendum".into(),
            None => n.contact_type.to_string(),
        }),
        Column::new("OUTCOME", 12, |n: &Note| n.outcome.to_string()),
        Column::new("MIN", 4, |n: &Note| n.minutes.to_string()),
        Column::new("NOTE", 20, |n: &Note| n.body.clone()),
    ];
    print_list(format, &notes, &columns, "No notes yet; add one with `caseload note add CLIENT --body TEXT`.")
}

fn show(ctx: &Ctx, id: i64, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let mut note = store.note(id)?;
    store.audit(AuditAction::View, "note", Some(id), "show")?;
    super::redact::of_ids(ctx, &store, [note.client_id])?.apply(&mut note);
    if format != Format::Table {
        return print_record(format, &note);
    }
    // The fields as `name  value` lines, then the text as written.
    let mut fields = serde_json::to_value(&note)?;
    if let Value::Object(map) = &mut fields {
        map.remove("body");
        map.insert("contact_at".into(), Value::String(ctx.now.zone.local_display(note.contact_at)));
    }
    print_record(format, &fields)?;
    emit(&format!("\n{}\n", note.body))
}
