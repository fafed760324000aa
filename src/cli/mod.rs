//! The command line (SPEC §4): clap definitions, the shared context every
//! command runs in, and dispatch to one file per command family.

pub use crate::errors;
pub mod output;

mod agenda;
mod alerts;
mod appointments;
mod assess;
mod audit;
mod backup;
mod check;
mod clients;
mod contacts;
mod copy;
pub mod demo;
mod encounters;
mod export;
mod followups;
mod import;
mod init;
mod listing;
mod meds;
mod notes;
mod overview;
mod plans;
mod programs;
mod redact;
mod referrals;
mod report;
mod resources;
mod search;
mod summary;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

pub use crate::context::{Ctx, create_private_dir};
pub use output::Format;

/// A keyboard-driven caseload manager for care coordinators.
#[derive(Debug, Parser)]
#[command(name = "caseload", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Config file (default: $XDG_CONFIG_HOME/caseload/config.toml).
    #[arg(long, global = true, value_name = "PATH", env = "CASELOAD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database file, or a PostgreSQL URL (postgresql://…), overriding db_path and database_url from the config.
    #[arg(long, global = true, value_name = "PATH", env = "CASELOAD_DB")]
    pub db: Option<PathBuf>,
    /// Act as this user (default: the config's user, else the OS user).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Open caseload on a freshly generated demo caseload in a temporary file.
    #[arg(long)]
    pub demo: bool,
    /// Initials instead of names, and no phone, address, date of birth, MRN or
    /// member id, in every output (for screen sharing).
    #[arg(long, global = true)]
    pub redact: bool,
    /// Open the interface, draw its first full frame and exit (for benchmarks).
    #[arg(long, hide = true, value_name = "VIEW", num_args = 0..=1, require_equals = true, default_missing_value = "mine")]
    pub bench_startup: Option<StartupView>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Which caseload `--bench-startup` opens: the user's, or the whole team's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StartupView {
    Mine,
    Team,
}

const AFTER_HELP: &str = "Dates: YYYY-MM-DD, today, tomorrow, +3d, +2w, or a weekday name (the next one).
Date-times: YYYY-MM-DDTHH:MM, YYYY-MM-DD HH:MM, or a date followed by a time (\"tomorrow 14:30\").
CASELOAD_NOW (RFC 3339 or local YYYY-MM-DDTHH:MM:SS) replaces the clock, for demos and tests.";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a default config (if none) and create the database; print both paths.
    Init,
    /// Fill the database with a realistic synthetic caseload.
    Demo(demo::DemoArgs),
    /// Clients: add, list, show, edit, discharge, reassign, summary.
    #[command(subcommand)]
    Client(clients::ClientCommand),
    /// People around a client: family, caregivers, clinicians.
    #[command(subcommand)]
    Contact(contacts::ContactCommand),
    /// The contact log: add, list, amend.
    #[command(subcommand)]
    Note(notes::NoteCommand),
    /// Appointments: add, list, set status or transport.
    #[command(subcommand)]
    Appt(appointments::AppointmentCommand),
    /// Follow-ups: add, list, done, snooze.
    #[command(subcommand)]
    Followup(followups::FollowupCommand),
    /// Referrals: add, list, set status.
    #[command(subcommand)]
    Referral(referrals::ReferralCommand),
    /// Community resources: list, search (fill the directory with `import resources`).
    #[command(subcommand)]
    Resource(resources::ResourceCommand),
    /// Hospital encounters.
    #[command(subcommand)]
    Encounter(encounters::EncounterCommand),
    /// Medications: add, stop, list, reconcile.
    #[command(subcommand)]
    Med(meds::MedCommand),
    /// Care plans: problems, goals, interventions, reviews.
    #[command(subcommand)]
    Plan(plans::PlanCommand),
    /// Programs a client is enrolled in: enroll, consent, end, list.
    #[command(subcommand)]
    Program(programs::ProgramCommand),
    /// Screenings (PHQ-2/9, GAD-7, AUDIT-C, STEADI, AHC HRSN): record one, list, instruments.
    Assess(assess::AssessArgs),
    /// Alerts for your caseload, most urgent first; `alerts snooze` hides one.
    Alerts(alerts::AlertsArgs),
    /// Appointments by day.
    Agenda(agenda::AgendaArgs),
    /// Full-text search over clients and notes.
    Search(search::SearchArgs),
    /// Clients or resources from a CSV file: all rows or none.
    #[command(subcommand, after_help = crate::interop::csv_import::client_columns_help())]
    Import(import::ImportCommand),
    /// Records in other programs' formats: `export fhir` writes a FHIR R4 Bundle.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// The audit trail.
    Audit(audit::AuditArgs),
    /// Integrity check, schema version, file permissions; exit 1 on any problem.
    Check,
    /// A consistent copy of the database, taken while others keep using it.
    Backup(backup::BackupArgs),
    /// Copy the whole database into an empty PostgreSQL database (--to URL), or back into a new SQLite file (--from URL).
    Copy(copy::CopyArgs),
    /// Reports for billing and supervision.
    #[command(subcommand)]
    Report(report::ReportCommand),
}

/// Runs one subcommand, then says which rows it had to leave out.
pub fn run(ctx: &Ctx, command: Command) -> Result<()> {
    let result = run_command(ctx, command);
    warn_unreadable(ctx);
    result
}

fn run_command(ctx: &Ctx, command: Command) -> Result<()> {
    match command {
        Command::Init => init::run(ctx),
        Command::Demo(args) => demo::run(ctx, args),
        Command::Client(command) => clients::run(ctx, command),
        Command::Contact(command) => contacts::run(ctx, command),
        Command::Note(command) => notes::run(ctx, command),
        Command::Appt(command) => appointments::run(ctx, command),
        Command::Followup(command) => followups::run(ctx, command),
        Command::Referral(command) => referrals::run(ctx, command),
        Command::Resource(command) => resources::run(ctx, command),
        Command::Encounter(command) => encounters::run(ctx, command),
        Command::Med(command) => meds::run(ctx, command),
        Command::Plan(command) => plans::run(ctx, command),
        Command::Program(command) => programs::run(ctx, command),
        Command::Assess(args) => assess::run(ctx, args),
        Command::Alerts(args) => alerts::run(ctx, args),
        Command::Agenda(args) => agenda::run(ctx, args),
        Command::Search(args) => search::run(ctx, args),
        Command::Import(command) => import::run(ctx, command),
        Command::Export(command) => export::run(ctx, command),
        Command::Audit(args) => audit::run(ctx, args),
        Command::Check => check::run(ctx),
        Command::Backup(args) => backup::run(ctx, args),
        Command::Copy(args) => copy::run(ctx, args),
        Command::Report(command) => report::run(ctx, command),
    }
}

/// One warning per row a read left out, naming the record, never its contents.
fn warn_unreadable(ctx: &Ctx) {
    use std::io::Write;
    let mut stderr = std::io::stderr().lock();
    for row in ctx.unreadable.take() {
        let _ = writeln!(stderr, "warning: {row} and was left out; run `caseload check`");
    }
}

/// Lets a large value go on a thread of its own, which a command that exits
/// next need not wait for: a team's facts and alerts are a million
/// allocations, 50 ms to free. Freed in place if no thread can be had.
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}

/// `caseload` without a subcommand, when standard output is not a terminal.
pub fn print_overview(ctx: &Ctx) -> Result<()> {
    overview::run(ctx)
}
