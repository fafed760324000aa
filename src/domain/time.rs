//! Instants are stored in UTC and shown in the local time zone (the process's
//! `TZ`). These helpers are the only place the two meet.

use chrono::{DateTime, Local, LocalResult, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};

use super::Invalid;
use super::dates::{EARLIEST, LATEST};

/// The moment the program treats as "now", fixed once at start-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub instant: DateTime<Utc>,
}

impl Now {
    pub fn new(instant: DateTime<Utc>) -> Self {
        Now { instant }
    }

    /// Today's calendar date in the local time zone.
    pub fn today(&self) -> NaiveDate {
        local_date(self.instant)
    }

    /// Now as a local wall-clock time, the base for relative date-times.
    pub fn local(&self) -> NaiveDateTime {
        self.instant.with_timezone(&Local).naive_local()
    }
}

pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&Local).date_naive()
}

/// "HH:MM" in local time.
pub fn local_clock(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&Local).format("%H:%M").to_string()
}

/// "YYYY-MM-DD HH:MM" in local time, for tables.
pub fn local_display(instant: DateTime<Utc>) -> String {
    instant.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string()
}

/// A local wall-clock time as a UTC instant. In the hour a DST change skips the
/// time does not exist and is refused; in the hour it repeats, the earlier wins.
pub fn local_to_utc(field: &'static str, local: NaiveDateTime) -> Result<DateTime<Utc>, Invalid> {
    match Local.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.with_timezone(&Utc)),
        LocalResult::None => Err(Invalid::new(
            field,
            format!(
                "{} does not exist in the local time zone (a clock change skips it)",
                local.format("%Y-%m-%d %H:%M")
            ),
            "pick a time an hour later",
        )),
    }
}

/// Whether an instant can be one caseload wrote: its local date lies in
/// 1900-01-01 … 2199-12-31, and no zone is more than a day from UTC, so its
/// UTC date lies within a day of that range wherever the file is read.
pub fn instant_in_range(instant: DateTime<Utc>) -> bool {
    let date = instant.date_naive();
    EARLIEST.pred_opt().is_some_and(|first| date >= first) && LATEST.succ_opt().is_some_and(|last| date <= last)
}

/// The stored form of an instant: RFC 3339 in UTC, whole seconds, sortable as text.
pub fn to_stored(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The UTC range covering one local calendar day, [start, end).
pub fn local_day_bounds(date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |d: NaiveDate| {
        let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
        match Local.from_local_datetime(&midnight) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
            // Midnight skipped by a clock change: the day starts an hour later.
            LocalResult::None => Local
                .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
                .map(|at| at.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&midnight)),
        }
    };
    (start(date), start(date + chrono::Duration::days(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    #[test]
    fn stored_instants_keep_within_a_day_of_the_range() {
        // 2199-12-31 23:30 in Chicago is 2200-01-01 05:30 UTC: written, so readable.
        assert!(instant_in_range(at("2200-01-01T05:30:00Z")));
        assert!(instant_in_range(at("2200-01-01T23:59:59Z")));
        assert!(!instant_in_range(at("2200-01-02T00:00:00Z")));
        assert!(instant_in_range(at("1899-12-31T00:00:00Z")));
        assert!(!instant_in_range(at("1899-12-30T23:59:59Z")));
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).and_then(|d| d.and_hms_opt(5, 30, 0)).expect("date");
        assert!(!instant_in_range(Utc.from_utc_datetime(&far)));
    }
}
