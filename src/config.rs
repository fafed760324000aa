//! The TOML configuration: where the database lives, who the user is, the
//! alert thresholds and the interface settings. Unknown keys are refused.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use etcetera::BaseStrategy;
use serde::Deserialize;
use thiserror::Error;

pub use crate::domain::alerts::AlertRules;
pub use crate::domain::billing::BillingRules;
use crate::domain::dates;
use crate::files::Sharing;

/// The annotated default configuration that `caseload init` writes.
pub const EXAMPLE: &str = include_str!("../config.example.toml");

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub db_path: String,
    /// A PostgreSQL database (`postgresql://…`) instead of the SQLite file (SPEC §11).
    pub database_url: String,
    pub user: String,
    pub share_group: String,
    pub busy_timeout_ms: u32,
    holidays: Vec<DateEntry>,
    pub alerts: AlertRules,
    pub billing: BillingRules,
    pub ui: UiConfig,
    pub screening: ScreeningConfig,
    /// Note templates the editor inserts (Ctrl-O): name → text.
    pub note_templates: BTreeMap<String, String>,
}

/// A holiday written either as a TOML date or as a string.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
enum DateEntry {
    Text(String),
    Toml(toml::value::Datetime),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    pub ascii: bool,
    pub lock_after_minutes: u32,
    /// Action name → key, checked against the key map by the interface.
    pub keys: BTreeMap<String, String>,
}

/// What the interface says when a screening asks for action at once.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScreeningConfig {
    /// Shown on the summary and the Assessments tab when PHQ-9 item 9 is above 0.
    pub safety_instructions: String,
}

impl Default for ScreeningConfig {
    fn default() -> Self {
        ScreeningConfig {
            safety_instructions: "Ask about thoughts of self-harm now. If there is immediate danger call 988 or \
                                  911; tell your supervisor today."
                .to_string(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            db_path: String::new(),
            database_url: String::new(),
            user: String::new(),
            share_group: String::new(),
            busy_timeout_ms: 5000,
            holidays: Vec::new(),
            alerts: AlertRules::default(),
            billing: BillingRules::default(),
            ui: UiConfig::default(),
            screening: ScreeningConfig::default(),
            note_templates: BTreeMap::from([
                ("DAP".to_string(), "Data: \nAssessment: \nPlan: \n".to_string()),
                ("SOAP".to_string(), "Subjective: \nObjective: \nAssessment: \nPlan: \n".to_string()),
            ]),
        }
    }
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig { ascii: false, lock_after_minutes: 15, keys: BTreeMap::new() }
    }
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("the config file {path} could not be read: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("the config file {path}, line {line}: {reason}")]
    Invalid { path: String, line: usize, reason: String },
}

impl ConfigError {
    pub fn hint(&self) -> &'static str {
        match self {
            ConfigError::Unreadable { .. } => "check the path given to --config and its permissions",
            ConfigError::Invalid { .. } => "fix that line; config.example.toml lists every setting with its default",
        }
    }
}

impl Config {
    /// Reads a config file; a missing file means the defaults.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(error) => Err(ConfigError::Unreadable { path: path.display().to_string(), reason: error.to_string() }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid =
            |line: usize, reason: String| ConfigError::Invalid { path: path.display().to_string(), line, reason };
        let mut config: Config = toml::from_str(text).map_err(|error| {
            let line = error.span().map(|span| line_of(text, span.start)).unwrap_or(1);
            invalid(line, error.message().trim().replace('\n', " "))
        })?;
        if let Err(reason) = config.holidays() {
            let line = text.lines().position(|l| l.trim_start().starts_with("holidays")).map_or(1, |i| i + 1);
            return Err(invalid(line, reason));
        }
        if config.busy_timeout_ms == 0 {
            let line = text.lines().position(|l| l.trim_start().starts_with("busy_timeout_ms")).map_or(1, |i| i + 1);
            return Err(invalid(line, "busy_timeout_ms must be above 0".into()));
        }
        // program_minutes warns against the billing thresholds.
        config.alerts.billing = config.billing.clone();
        Ok(config)
    }

    /// The configured holidays as dates.
    pub fn holidays(&self) -> Result<Vec<NaiveDate>, String> {
        self.holidays
            .iter()
            .map(|entry| {
                let text = match entry {
                    DateEntry::Text(text) => text.clone(),
                    DateEntry::Toml(date) => date.to_string(),
                };
                let date = NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                    .map_err(|_| format!("holiday {text:?} is not a date in the form YYYY-MM-DD"))?;
                if !dates::in_range(date) {
                    return Err(format!("holiday {text:?} is outside {} … {}", dates::EARLIEST, dates::LATEST));
                }
                Ok(date)
            })
            .collect()
    }

    pub fn sharing(&self) -> Sharing {
        Sharing::from_config(Some(&self.share_group))
    }

    /// Where the database is: database_url when set (a server's URL, which
    /// the store tells from a file), else db_path with `~/` expanded, else
    /// the XDG default.
    pub fn database_path(&self) -> PathBuf {
        let url = self.database_url.trim();
        if !url.is_empty() {
            return PathBuf::from(url);
        }
        let configured = self.db_path.trim();
        if configured.is_empty() {
            return default_data_dir().join("caseload.db");
        }
        expand_home(configured)
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |before| before.matches('\n').count() + 1)
}

fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

fn base_dirs() -> Option<etcetera::base_strategy::Xdg> {
    etcetera::base_strategy::Xdg::new().ok()
}

/// `$XDG_CONFIG_HOME/caseload/config.toml`.
pub fn default_config_path() -> PathBuf {
    base_dirs().map_or_else(|| PathBuf::from(".config"), |dirs| dirs.config_dir()).join("caseload").join("config.toml")
}

/// `$XDG_DATA_HOME/caseload`.
pub fn default_data_dir() -> PathBuf {
    base_dirs().map_or_else(|| PathBuf::from(".local/share"), |dirs| dirs.data_dir()).join("caseload")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("test.toml"))
    }

    #[test]
    fn the_shipped_example_is_exactly_the_defaults() {
        assert_eq!(parse(EXAMPLE).expect("example parses"), Config::default());
    }

    #[test]
    fn an_unknown_key_names_the_key_and_the_line() {
        let error = parse("user = \"sam\"\n\n[alerts]\ncadence_hgih_days = 3\n").expect_err("typo");
        let text = error.to_string();
        assert!(text.contains("line 4"), "{text}");
        assert!(text.contains("cadence_hgih_days"), "{text}");
    }

    #[test]
    fn a_bad_value_names_the_line() {
        let error = parse("[ui]\nascii = \"yes\"\n").expect_err("bad type");
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn holidays_as_toml_dates_or_strings() {
        let config = parse("holidays = [2026-12-25, \"2027-01-01\"]\n").expect("parses");
        let expected = vec![
            NaiveDate::from_ymd_opt(2026, 12, 25).expect("date"),
            NaiveDate::from_ymd_opt(2027, 1, 1).expect("date"),
        ];
        assert_eq!(config.holidays(), Ok(expected));
        let error = parse("\nholidays = [\"Christmas\"]\n").expect_err("bad holiday");
        assert!(error.to_string().contains("line 2") && error.to_string().contains("Christmas"), "{error}");
    }

    #[test]
    fn thresholds_override_defaults() {
        let config = parse("[alerts]\ncadence_high_days = 5\n").expect("parses");
        assert_eq!(config.alerts.cadence_high_days, 5);
        assert_eq!(config.alerts.cadence_low_days, 30);
        let config = parse("[billing]\nccm_minutes = 30\n").expect("parses");
        assert_eq!((config.billing.ccm_minutes, config.billing.pcm_minutes), (30, 30));
        let error = parse("[billing]\nccm_minuts = 30\n").expect_err("typo");
        assert!(error.to_string().contains("ccm_minuts"), "{error}");
    }
}
