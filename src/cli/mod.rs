//! The command line (SPEC §4): clap definitions, the shared context every
//! command runs in, and dispatch to one file per command family.

pub mod errors;
pub mod output;

mod agenda;
mod appointments;
mod audit;
mod check;
mod clients;
mod contacts;
mod demo;
mod encounters;
mod followups;
mod init;
mod listing;
mod notes;
mod overview;
mod plans;
mod referrals;
mod search;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};
use clap::{Parser, Subcommand};

use crate::clock;
use crate::config::{self, Config};
use crate::domain::dates;
use crate::domain::time::{Now, local_to_utc};
use crate::store::{OpenOptions, Store};

pub use output::Format;

/// A keyboard-driven caseload manager for care coordinators.
#[derive(Debug, Parser)]
#[command(name = "caseload", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    /// Config file (default: $XDG_CONFIG_HOME/caseload/config.toml).
    #[arg(long, global = true, value_name = "PATH", env = "CASELOAD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Database file, overriding db_path from the config.
    #[arg(long, global = true, value_name = "PATH", env = "CASELOAD_DB")]
    pub db: Option<PathBuf>,
    /// Act as this user (default: the config's user, else the OS user).
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,
    /// Open caseload on a freshly generated demo caseload in a temporary file.
    #[arg(long)]
    pub demo: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Clients: add, list, show, edit, discharge.
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
    /// Hospital encounters.
    #[command(subcommand)]
    Encounter(encounters::EncounterCommand),
    /// Care plans: problems, goals, interventions, reviews.
    #[command(subcommand)]
    Plan(plans::PlanCommand),
    /// Appointments by day.
    Agenda(agenda::AgendaArgs),
    /// Full-text search over clients and notes.
    Search(search::SearchArgs),
    /// The audit trail.
    Audit(audit::AuditArgs),
    /// Integrity check, schema version, file permissions; exit 1 on any problem.
    Check,
}

/// Everything a command needs: config, clock, user and where the database is.
pub struct Ctx {
    pub config: Config,
    pub config_path: PathBuf,
    pub db_path: PathBuf,
    pub user: String,
    pub now: Now,
}

impl Ctx {
    pub fn from_cli(cli: &Cli) -> Result<Ctx> {
        let config_path = cli.config.clone().unwrap_or_else(config::default_config_path);
        let config = Config::load(&config_path)?;
        if config_path.exists() {
            crate::files::check_private(&config_path, &config.sharing())?;
        }
        let now = clock::now_from_env()?;
        let db_path = cli.db.clone().unwrap_or_else(|| config.database_path());
        let user = cli
            .user
            .clone()
            .or_else(|| Some(config.user.trim().to_string()).filter(|u| !u.is_empty()))
            .unwrap_or_else(os_user);
        if user.trim().is_empty() {
            return Err(errors::hinted("the user name cannot be empty", "give --user NAME"));
        }
        Ok(Ctx { config, config_path, db_path, user, now })
    }

    pub fn today(&self) -> NaiveDate {
        self.now.today()
    }

    /// Opens the database, creating the default data directory on first use.
    pub fn open_store(&self) -> Result<Store> {
        if self.db_path == self.config.database_path()
            && self.config.db_path.trim().is_empty()
            && let Some(dir) = self.db_path.parent()
        {
            create_private_dir(dir)?;
        }
        Ok(Store::open(&self.db_path, &self.open_options())?)
    }

    pub fn open_options(&self) -> OpenOptions {
        OpenOptions {
            user: self.user.clone(),
            now: self.now.instant,
            sharing: self.config.sharing(),
            busy_timeout: Duration::from_millis(u64::from(self.config.busy_timeout_ms)),
        }
    }

    /// A date in any form of SPEC §4, relative to today.
    pub fn date(&self, field: &'static str, text: &str) -> Result<NaiveDate> {
        Ok(dates::parse_date(field, text, self.today())?)
    }

    /// A local date-time in any form of SPEC §4, as a UTC instant.
    pub fn datetime(&self, field: &'static str, text: &str) -> Result<DateTime<Utc>> {
        let local = dates::parse_datetime(field, text, self.now.local())?;
        Ok(local_to_utc(field, local)?)
    }

    pub fn holidays(&self) -> Vec<NaiveDate> {
        // The config was validated on load, so its holidays parse.
        self.config.holidays().unwrap_or_default()
    }
}

fn os_user() -> String {
    nix::unistd::User::from_uid(nix::unistd::getuid())
        .ok()
        .flatten()
        .map(|u| u.name)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".into())
}

/// Creates a directory (and parents) readable by the owner only.
pub fn create_private_dir(dir: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.is_dir() {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(|error| {
            errors::hinted(
                format!("could not create the directory {}: {error}", dir.display()),
                "check the path and your permissions, or choose another --db",
            )
        })?;
    }
    Ok(())
}

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Ctx::from_cli(&cli)?;
    if cli.demo {
        return demo::open_demo(&ctx);
    }
    match cli.command {
        None => overview::run(&ctx),
        Some(Command::Init) => init::run(&ctx),
        Some(Command::Demo(args)) => demo::run(&ctx, args),
        Some(Command::Client(command)) => clients::run(&ctx, command),
        Some(Command::Contact(command)) => contacts::run(&ctx, command),
        Some(Command::Note(command)) => notes::run(&ctx, command),
        Some(Command::Appt(command)) => appointments::run(&ctx, command),
        Some(Command::Followup(command)) => followups::run(&ctx, command),
        Some(Command::Referral(command)) => referrals::run(&ctx, command),
        Some(Command::Encounter(command)) => encounters::run(&ctx, command),
        Some(Command::Plan(command)) => plans::run(&ctx, command),
        Some(Command::Agenda(args)) => agenda::run(&ctx, args),
        Some(Command::Search(args)) => search::run(&ctx, args),
        Some(Command::Audit(args)) => audit::run(&ctx, args),
        Some(Command::Check) => check::run(&ctx),
    }
}
