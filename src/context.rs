//! What every front end starts from: the loaded config, the clock, the user
//! and where the database is. The command line and the interface share it.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Result;
use chrono::{DateTime, NaiveDate, Utc};

use crate::clock;
use crate::config::{self, Config};
use crate::domain::dates;
use crate::domain::time::Now;
use crate::errors::hinted;
use crate::store::{OpenOptions, Store, UnreadableLog};

/// Everything a command needs: config, clock, user and where the database is.
pub struct Ctx {
    pub config: Config,
    pub config_path: PathBuf,
    pub db_path: PathBuf,
    pub user: String,
    pub clock: clock::Clock,
    /// The clock read once at start: every command works at this instant.
    pub now: Now,
    /// Rows the stores opened here left out because they cannot be read.
    pub unreadable: UnreadableLog,
    /// `--redact`: initials instead of names, no identifiers, in every output.
    pub redact: bool,
}

impl Ctx {
    /// The database as it may be shown: the path, or a server's URL without its password.
    pub fn database_shown(&self) -> String {
        match crate::store::server_url(&self.db_path) {
            Some(url) => crate::store::shown_url(url),
            None => self.db_path.display().to_string(),
        }
    }

    /// Loads the config and fixes the clock, the user and the database path
    /// from the global options (each None when not given).
    pub fn load(config: &Option<PathBuf>, db: &Option<PathBuf>, user: &Option<String>) -> Result<Ctx> {
        let config_path = config.clone().unwrap_or_else(config::default_config_path);
        let config = Config::load(&config_path)?;
        if crate::files::metadata(&config_path)?.is_some() {
            crate::files::check_private(&config_path, &config.sharing())?;
        }
        let zone = clock::zone_from_env()?;
        let clock = clock::Clock::from_env(zone)?;
        let now = clock.now(zone);
        let db_path = db.clone().unwrap_or_else(|| config.database_path());
        let user = user
            .clone()
            .or_else(|| Some(config.user.trim().to_string()).filter(|u| !u.is_empty()))
            .unwrap_or_else(os_user);
        if user.trim().is_empty() {
            return Err(hinted("the user name cannot be empty", "give --user NAME"));
        }
        Ok(Ctx { config, config_path, db_path, user, clock, now, unreadable: UnreadableLog::default(), redact: false })
    }

    pub fn today(&self) -> NaiveDate {
        self.now.today()
    }

    /// Opens the database for a command that writes records, creating it,
    /// and the default data directory, on first use. Its writes wait for a
    /// colleague's running import (saying so on standard error) instead of
    /// failing as busy.
    pub fn open_store(&self) -> Result<Store> {
        Ok(command_store(self.open_interface_store()?))
    }

    /// Opens the database for the interface, creating it on first use. It
    /// prints nothing and retries a busy save on its own tick, so typing never
    /// stalls behind an import.
    pub fn open_interface_store(&self) -> Result<Store> {
        if self.db_path == self.config.database_path()
            && self.config.db_path.trim().is_empty()
            && crate::store::server_url(&self.db_path).is_none()
            && let Some(dir) = self.db_path.parent()
        {
            create_private_dir(dir)?;
        }
        Ok(self.sharing_log(Store::open(&self.db_path, &self.open_options())?))
    }

    /// Opens the database for a command that only shows records: a database
    /// that is not there (a typo in --db) or an empty file is an error, never
    /// created. Its one write, the audit trail's view row, waits for an
    /// import like any other.
    pub fn read_store(&self) -> Result<Store> {
        Ok(command_store(self.sharing_log(Store::open_existing(&self.db_path, &self.open_options())?)))
    }

    /// Every store opened here notes its unreadable rows in the one log the
    /// command reports at its end.
    fn sharing_log(&self, mut store: Store) -> Store {
        store.share_unreadable_log(self.unreadable.clone());
        store
    }

    pub fn open_options(&self) -> OpenOptions {
        OpenOptions {
            user: self.user.clone(),
            os_user: os_account(),
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
        Ok(self.now.zone.local_to_utc(field, local)?)
    }

    /// Writes the annotated default config (private) where none exists yet;
    /// returns whether it wrote one.
    pub fn write_default_config(&self) -> Result<bool> {
        if self.config_path.exists() {
            return Ok(false);
        }
        if let Some(dir) = self.config_path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir)?;
        }
        let mut file = match crate::files::create_private(&self.config_path, &self.config.sharing()) {
            Ok(file) => file,
            // Another caseload starting at the same moment wrote it first.
            Err(error) if error.already_exists() => return Ok(false),
            Err(error) => return Err(error.into()),
        };
        std::io::Write::write_all(&mut file, config::EXAMPLE.as_bytes()).map_err(|error| {
            hinted(format!("could not write {}: {error}", self.config_path.display()), "check the disk and try again")
        })?;
        Ok(true)
    }

    pub fn holidays(&self) -> Vec<NaiveDate> {
        // The config was validated on load, so its holidays parse.
        self.config.holidays().unwrap_or_default()
    }
}

/// A command's store waits for a running import, and says for whom.
fn command_store(mut store: Store) -> Store {
    store.wait_for_imports(|importer| {
        eprintln!("waiting for an import by {} to finish…", crate::domain::text::inert_line(importer))
    });
    store
}

/// The default user name: the OS account's name, else $USER.
fn os_user() -> String {
    account_name().or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "unknown".into())
}

/// The operating-system account running the process, for the audit trail:
/// its name, else its uid (never the environment, which anyone can set).
pub fn os_account() -> String {
    account_name().unwrap_or_else(|| format!("uid {}", nix::unistd::getuid()))
}

fn account_name() -> Option<String> {
    nix::unistd::User::from_uid(nix::unistd::getuid()).ok().flatten().map(|u| u.name)
}

/// Creates a directory (and parents) readable by the owner only.
pub fn create_private_dir(dir: &std::path::Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.is_dir() {
        std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir).map_err(|error| {
            hinted(
                format!("could not create the directory {}: {error}", dir.display()),
                "check the path and your permissions, or choose another --db",
            )
        })?;
    }
    Ok(())
}
