//! `caseload report monthly --month YYYY-MM`: per client contacts, minutes,
//! CCM units, appointments and referrals of one month, with totals;
//! `report billing --month YYYY-MM`: the minutes ledger of SPEC §8; and
//! `report quality --from --to`: the measures of SPEC §10.

use anyhow::Result;
use chrono::{Datelike, NaiveDate};
use clap::{Args, Subcommand};

use super::output::{Format, emit, json_text, print_csv, print_list};
use super::{Ctx, errors::hinted};
use crate::domain::billing;
use crate::domain::quality::{self, Counting, Period};
use crate::domain::time::Zone;
use crate::interop;
use crate::interop::billing::BillingReport;
use crate::interop::quality::QualityReport;
use crate::interop::report::{self, Month};
use crate::store::AuditAction;

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// One month of the caseload: contacts, minutes, CCM units, appointments, referrals, and totals
    /// (as CSV: one row per client; `--totals` gives the totals row as a CSV of its own).
    Monthly(MonthlyArgs),
    /// One month's care-management billing: per client and program, minutes, codes and units, status
    /// (as CSV: one row per client and program; `--totals` gives the units per code as a CSV of their own).
    Billing(BillingArgs),
    /// The quality measures of a period (SPEC §10): events, met, pending, rate, and the clients missed.
    Quality(QualityArgs),
}

#[derive(Debug, Args)]
pub struct QualityArgs {
    /// The period's first day (its events are dated in it).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    from: String,
    /// The period's last day, included.
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    to: String,
    /// A colleague's caseload instead of yours.
    #[arg(long, value_name = "NAME", conflicts_with = "all_coordinators")]
    coordinator: Option<String>,
    /// Every coordinator's clients, not only yours.
    #[arg(long)]
    all_coordinators: bool,
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct BillingArgs {
    /// The calendar month, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// A colleague's caseload instead of yours.
    #[arg(long, value_name = "NAME", conflicts_with = "all_coordinators")]
    coordinator: Option<String>,
    /// Every coordinator's clients, not only yours.
    #[arg(long)]
    all_coordinators: bool,
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// With --format csv: the totals as a CSV of their own, instead of the
    /// client rows (so a spreadsheet reads clients without a total among
    /// them; md and json carry both).
    #[arg(long)]
    totals: bool,
}

#[derive(Debug, Args)]
pub struct MonthlyArgs {
    /// The calendar month, as YYYY-MM.
    #[arg(long, value_name = "YYYY-MM")]
    month: String,
    /// A colleague's caseload instead of yours.
    #[arg(long, value_name = "NAME")]
    coordinator: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: ReportFormat,
    /// With --format csv: the totals as a CSV of their own, instead of the
    /// client rows (so a spreadsheet reads clients without a total among
    /// them; md and json carry both).
    #[arg(long)]
    totals: bool,
}

/// Markdown reads well pasted into an email or a wiki; CSV and JSON feed other tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
enum ReportFormat {
    #[default]
    Md,
    Csv,
    Json,
}

pub fn run(ctx: &Ctx, command: ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Monthly(args) => monthly(ctx, args),
        ReportCommand::Billing(args) => billing(ctx, args),
        ReportCommand::Quality(args) => quality_report(ctx, args),
    }
}

/// `--totals` chooses which CSV; md and json always have both.
fn check_totals(totals: bool, format: ReportFormat) -> Result<()> {
    if totals && format != ReportFormat::Csv {
        return Err(hinted(
            "--totals is for --format csv: the md and json reports already end with their totals",
            "add --format csv for the totals as a CSV of their own, or leave out --totals",
        ));
    }
    Ok(())
}

fn monthly(ctx: &Ctx, args: MonthlyArgs) -> Result<()> {
    check_totals(args.totals, args.format)?;
    let month = parse_month(&args.month, ctx.now.zone)?;
    let coordinator = args.coordinator.unwrap_or_else(|| ctx.user.clone());
    let mut store = ctx.read_store()?;
    let records = store.month_records(&coordinator, &month)?;
    let mut report = report::monthly(&month, &coordinator, &records);
    super::redact::of(ctx, &records.clients).apply(&mut report.clients);
    let scope = format!("monthly report {}, {}", args.month.trim(), super::audit::whose(Some(&coordinator)));
    store.audit(AuditAction::Export, "report", None, &super::audit::listed(&scope, report.clients.len(), "client"))?;
    match args.format {
        ReportFormat::Md => emit(&report::markdown(&report)),
        ReportFormat::Json => emit(&json_text(&report)?),
        ReportFormat::Csv if args.totals => print_list(Format::Csv, &[report::totals_line(&report)?], &[], ""),
        ReportFormat::Csv => print_csv(&report.clients, &report::ClientMonth::default()),
    }
}

fn billing(ctx: &Ctx, args: BillingArgs) -> Result<()> {
    check_totals(args.totals, args.format)?;
    let month = parse_month(&args.month, ctx.now.zone)?;
    let coordinator = (!args.all_coordinators).then(|| args.coordinator.unwrap_or_else(|| ctx.user.clone()));
    let (rules, holidays) = (&ctx.config.billing, ctx.holidays());
    let mut store = ctx.read_store()?;
    let through = billing::tcm_window_end(&month, rules, &holidays);
    let records = store.billing_records(coordinator.as_deref(), &month, through)?;
    let mut rows = billing::ledger(&month, &records, rules, &holidays, ctx.today());
    super::redact::of(ctx, &records.clients).apply(&mut rows);
    let totals = billing::totals(&rows);
    let report = BillingReport { month: month.label(), coordinator, rows, totals };
    let scope = format!("billing report {}, {}", report.month, super::audit::whose(report.coordinator.as_deref()));
    let clients = report.rows.iter().map(|r| r.client_id).collect::<std::collections::HashSet<_>>().len();
    store.audit(AuditAction::Export, "report", None, &super::audit::listed(&scope, clients, "client"))?;
    match args.format {
        ReportFormat::Md => emit(&interop::billing::markdown(&report)),
        ReportFormat::Json => emit(&json_text(&report)?),
        ReportFormat::Csv if args.totals => {
            print_csv(&interop::billing::total_lines(&report), &interop::billing::TotalLine::default())
        }
        ReportFormat::Csv => print_csv(&interop::billing::csv_lines(&report), &interop::billing::CsvLine::default()),
    }
}

fn quality_report(ctx: &Ctx, args: QualityArgs) -> Result<()> {
    let period = Period { from: ctx.date("from", &args.from)?, to: ctx.date("to", &args.to)? };
    if period.to < period.from {
        return Err(hinted(
            format!("the period ends on {} before it starts on {}", period.to, period.from),
            "give --to on or after --from",
        ));
    }
    let coordinator = (!args.all_coordinators).then(|| args.coordinator.unwrap_or_else(|| ctx.user.clone()));
    let holidays = ctx.holidays();
    let mut store = ctx.read_store()?;
    let records = store.quality_records(coordinator.as_deref(), &period, ctx.now.zone)?;
    let counting = Counting { period, today: ctx.today(), zone: ctx.now.zone, holidays: &holidays };
    let measures = quality::measures(&counting, &records);
    let redactor = super::redact::of(ctx, &records.clients);
    let names = records.clients.iter().map(|c| (c.id, redactor.name(c.id, &c.display_name()))).collect();
    let report = QualityReport { period, coordinator, measures, names };
    let scope = format!(
        "quality report {} to {}, {}",
        period.from,
        period.to,
        super::audit::whose(report.coordinator.as_deref())
    );
    store.audit(AuditAction::Export, "report", None, &super::audit::listed(&scope, records.clients.len(), "client"))?;
    match args.format {
        ReportFormat::Md => emit(&interop::quality::markdown(&report)),
        ReportFormat::Json => emit(&json_text(&report.measures)?),
        ReportFormat::Csv => print_list(Format::Csv, &interop::quality::csv_lines(&report), &[], ""),
    }
}

/// `2026-11` as that month's dates and the UTC instants bounding it in `zone`.
fn parse_month(text: &str, zone: Zone) -> Result<Month> {
    let first = NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
        .ok()
        .filter(|d| text.trim().len() == 7 && d.year() >= 1900)
        .ok_or_else(|| hinted(format!("{text:?} is not a month"), "give --month as YYYY-MM, e.g. --month 2026-11"))?;
    Ok(Month::containing(first, zone))
}
