//! `caseload assess`: record a screening (SPEC §9), list a client's, and
//! list the instruments with their items and allowed answers.

use anyhow::Result;
use serde::Serialize;

use super::Ctx;
use super::errors::hinted;
use super::output::{Column, Format, emit, print_created, print_list};
use crate::domain::screening::{Assessment, Instrument, Item, Mode, Screening, parse_answers, trend_line};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AssessArgs {
    #[command(subcommand)]
    command: Option<AssessCommand>,
    /// The client's id or MRN.
    #[arg(required = true)]
    client: Option<String>,
    #[arg(required = true, help = format!("The instrument: {}", Instrument::words()))]
    instrument: Option<String>,
    /// One answer per item, in order, e.g. 0,1,2,0,1,0,0,1,0 (`caseload assess instruments` lists them).
    #[arg(long, value_name = "N,N,…", required = true, allow_hyphen_values = true)]
    answers: Option<String>,
    /// When it was taken (default now; never in the future).
    #[arg(long, value_name = "DATETIME", allow_hyphen_values = true)]
    at: Option<String>,
    #[arg(long, help = format!("How it was given: {} (default phone)", Mode::words()))]
    mode: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Subcommand)]
enum AssessCommand {
    /// A client's screenings, oldest first, with each instrument's trend.
    List {
        /// The client's id or MRN.
        client: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Every instrument with its items' wording and allowed answers.
    Instruments {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, args: AssessArgs) -> Result<()> {
    match args.command {
        Some(AssessCommand::List { client, format }) => list(ctx, &client, format),
        Some(AssessCommand::Instruments { format }) => instruments(format),
        None => match (&args.client, &args.instrument, &args.answers) {
            (Some(client), Some(instrument), Some(answers)) => {
                record(ctx, client, instrument, answers, args.at.as_deref(), args.mode.as_deref(), args.format)
            }
            _ => Err(hinted(
                "say which client, which instrument and the answers",
                "e.g. `caseload assess CLIENT phq2 --answers 1,0`",
            )),
        },
    }
}

fn record(
    ctx: &Ctx,
    client: &str,
    instrument: &str,
    answers: &str,
    at: Option<&str>,
    mode: Option<&str>,
    format: Format,
) -> Result<()> {
    let instrument: Instrument = instrument.parse()?;
    let answers = parse_answers(answers)?;
    let taken_at = at.map(|at| ctx.datetime("at", at)).transpose()?.unwrap_or(ctx.now.instant);
    let mode = mode.map(str::parse).transpose()?.unwrap_or(Mode::Phone);
    let mut store = ctx.open_store()?;
    let client = store.resolve_client(client)?;
    let recorded = store.add_assessment(Screening { client_id: client.id, instrument, answers, taken_at, mode })?;
    print_created(format, recorded.id, || Ok(recorded.clone()))
}

fn list(ctx: &Ctx, key: &str, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(key)?;
    // Read before the audit row: a read that fails has written nothing.
    let assessments = store.assessments(client.id)?;
    super::audit::list_viewed(&mut store, "assessment", Some(client.id), "assess list", assessments.len())?;
    if format != Format::Table {
        return print_list(format, &assessments, &[], "");
    }
    let name = super::redact::of(ctx, [&client]).name(client.id, &client.display_name());
    let zone = ctx.now.zone;
    let columns = [
        Column::new("ID", 6, |a: &Assessment| a.id.to_string()),
        Column::from_fn("TAKEN", 16, move |a: &Assessment| zone.local_display(a.taken_at)),
        Column::new("INSTRUMENT", 10, |a: &Assessment| a.instrument.label().to_string()),
        Column::new("SCORE", 5, |a: &Assessment| a.score.to_string()),
        Column::new("BAND", 17, |a: &Assessment| a.band.label().to_string()),
        Column::new("POSITIVE", 16, |a: &Assessment| {
            a.positives.iter().map(|f| f.as_str()).collect::<Vec<_>>().join(",")
        }),
    ];
    emit(&format!("Screenings of {name} (client {})\n", client.id))?;
    print_list(
        format,
        &assessments,
        &columns,
        "No screenings yet; record one with `caseload assess CLIENT INSTRUMENT --answers N,N,…`.",
    )?;
    let trends: String = Instrument::ALL
        .iter()
        .filter_map(|&instrument| {
            let scores: Vec<u32> = assessments.iter().filter(|a| a.instrument == instrument).map(|a| a.score).collect();
            (scores.len() > 1).then(|| format!("{}\n", trend_line(instrument, &scores)))
        })
        .collect();
    if trends.is_empty() { Ok(()) } else { emit(&format!("\n{trends}")) }
}

/// One instrument as `assess instruments --format json` lists it.
#[derive(Serialize)]
struct InstrumentSheet {
    instrument: Instrument,
    label: &'static str,
    title: &'static str,
    introduction: &'static str,
    items: &'static [Item],
}

/// One item as a CSV row, its answers joined ("0 Not at all;1 Several days;…").
#[derive(Serialize)]
struct ItemRow {
    instrument: Instrument,
    number: u8,
    wording: &'static str,
    answers: String,
}

fn item_rows(sheets: &[InstrumentSheet]) -> Vec<ItemRow> {
    sheets
        .iter()
        .flat_map(|sheet| {
            sheet.items.iter().map(|item| ItemRow {
                instrument: sheet.instrument,
                number: item.number,
                wording: item.wording,
                answers: item.answers.iter().map(|c| format!("{} {}", c.value, c.words)).collect::<Vec<_>>().join(";"),
            })
        })
        .collect()
}

fn instruments(format: Format) -> Result<()> {
    let sheets: Vec<InstrumentSheet> = Instrument::ALL
        .iter()
        .map(|&instrument| InstrumentSheet {
            instrument,
            label: instrument.label(),
            title: instrument.title(),
            introduction: instrument.introduction(),
            items: instrument.items(),
        })
        .collect();
    match format {
        Format::Json => return super::output::print_record(format, &sheets),
        Format::Csv => return print_list(format, &item_rows(&sheets), &[], ""),
        Format::Table => {}
    }
    let mut text = String::new();
    for sheet in &sheets {
        text.push_str(&format!("{} ({}): {}\n{}\n", sheet.label, sheet.instrument, sheet.title, sheet.introduction));
        for item in sheet.items {
            let answers: Vec<String> = item.answers.iter().map(|c| format!("{} {}", c.value, c.words)).collect();
            text.push_str(&format!("  {:>2}. {}\n      {}\n", item.number, item.wording, answers.join(" · ")));
        }
        text.push('\n');
    }
    emit(&text)
}
