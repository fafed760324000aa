//! Instants are stored in UTC and shown in the coordinator's time zone, which
//! the edge (`clock::zone_from_env`) resolves once and `Now` carries inward.
//! These helpers are the only place the two meet; none reads the machine's zone.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

use super::Invalid;
use super::dates::{EARLIEST, LATEST};

/// The time zone local dates and times are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

impl Zone {
    pub const UTC: Zone = Zone(Tz::UTC);

    /// A zone by its IANA name (`America/Chicago`), None when unknown.
    pub fn named(name: &str) -> Option<Zone> {
        name.parse::<Tz>().ok().map(Zone)
    }

    pub fn name(&self) -> &'static str {
        self.0.name()
    }

    pub fn local_date(&self, instant: DateTime<Utc>) -> NaiveDate {
        instant.with_timezone(&self.0).date_naive()
    }

    /// "HH:MM" in local time.
    pub fn local_clock(&self, instant: DateTime<Utc>) -> String {
        instant.with_timezone(&self.0).format("%H:%M").to_string()
    }

    /// "YYYY-MM-DD HH:MM" in local time, for tables.
    pub fn local_display(&self, instant: DateTime<Utc>) -> String {
        instant.with_timezone(&self.0).format("%Y-%m-%d %H:%M").to_string()
    }

    /// "Mon 23 Nov 09:00" in local time, for the status line.
    pub fn local_status(&self, instant: DateTime<Utc>) -> String {
        instant.with_timezone(&self.0).format("%a %d %b %H:%M").to_string()
    }

    /// A local wall-clock time as a UTC instant. In the hour a DST change skips
    /// the time does not exist and is refused; in the hour it repeats, the earlier wins.
    pub fn local_to_utc(&self, field: &'static str, local: NaiveDateTime) -> Result<DateTime<Utc>, Invalid> {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.with_timezone(&Utc)),
            LocalResult::None => Err(Invalid::new(
                field,
                format!(
                    "{} does not exist in the time zone {} (a clock change skips it)",
                    local.format("%Y-%m-%d %H:%M"),
                    self.name()
                ),
                "pick a time an hour later",
            )),
        }
    }

    /// The UTC range covering one local calendar day, [start, end).
    pub fn local_day_bounds(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = |d: NaiveDate| {
            let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            match self.0.from_local_datetime(&midnight) {
                LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
                // Midnight skipped by a clock change: the day starts an hour later.
                LocalResult::None => self
                    .0
                    .from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                    .earliest()
                    .map(|at| at.with_timezone(&Utc))
                    .unwrap_or_else(|| Utc.from_utc_datetime(&midnight)),
            }
        };
        (start(date), start(date + chrono::Duration::days(1)))
    }
}

/// One local calendar month: its dates and the UTC instants that bound it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub first: NaiveDate,
    pub last: NaiveDate,
    /// [from, until) in UTC: the local month's first midnight to the next month's.
    pub from: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub zone: Zone,
}

impl Month {
    /// The month holding `date`, in `zone`.
    pub fn containing(date: NaiveDate, zone: Zone) -> Month {
        let first = super::dates::first_day_of_month(date);
        let last = super::dates::last_day_of_month(date);
        let next = last.succ_opt().unwrap_or(last);
        Month { first, last, from: zone.local_day_bounds(first).0, until: zone.local_day_bounds(next).0, zone }
    }

    /// Whether an instant falls in the month, local time.
    pub fn contains(&self, instant: DateTime<Utc>) -> bool {
        self.from <= instant && instant < self.until
    }

    /// Whether a calendar date falls in the month.
    pub fn has_day(&self, date: NaiveDate) -> bool {
        self.first <= date && date <= self.last
    }

    /// "2026-11".
    pub fn label(&self) -> String {
        self.first.format("%Y-%m").to_string()
    }
}

/// The moment the program treats as "now", fixed once at start-up, and the
/// zone its local dates are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    pub instant: DateTime<Utc>,
    pub zone: Zone,
}

impl Now {
    pub fn new(instant: DateTime<Utc>, zone: Zone) -> Self {
        Now { instant, zone }
    }

    /// Today's calendar date in the local time zone.
    pub fn today(&self) -> NaiveDate {
        self.zone.local_date(self.instant)
    }

    /// Now as a local wall-clock time, the base for relative date-times.
    pub fn local(&self) -> NaiveDateTime {
        self.instant.with_timezone(&self.zone.0).naive_local()
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

/// Zones pinned by name for tests, so they pass whatever `TZ` the machine has.
#[cfg(test)]
pub(crate) mod zones {
    use super::Zone;

    fn named(name: &str) -> Zone {
        Zone::named(name).expect("a zone chrono-tz knows")
    }

    /// UTC−6, UTC−5 in summer: the zone the integration tests run in.
    pub fn chicago() -> Zone {
        named("America/Chicago")
    }

    /// UTC+9, no DST.
    pub fn tokyo() -> Zone {
        named("Asia/Tokyo")
    }

    /// UTC+14, no DST: the earliest "today" on Earth.
    pub fn kiritimati() -> Zone {
        named("Pacific/Kiritimati")
    }
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

    fn wall(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").expect("wall-clock time")
    }

    #[test]
    fn a_time_the_spring_change_skips_is_refused_in_a_sentence_naming_the_zone() {
        let error = zones::chicago().local_to_utc("starts_at", wall("2026-03-08 02:30")).expect_err("skipped");
        assert_eq!(error.field, "starts_at");
        assert!(
            error.message.contains("2026-03-08 02:30 does not exist in the time zone America/Chicago"),
            "{error:?}"
        );
        assert_eq!(error.hint, "pick a time an hour later");
        let later = zones::chicago().local_to_utc("starts_at", wall("2026-03-08 03:30")).expect("exists");
        assert_eq!(later, at("2026-03-08T08:30:00Z"));
    }

    #[test]
    fn a_time_the_autumn_change_repeats_is_the_earlier() {
        let at_once = zones::chicago().local_to_utc("starts_at", wall("2026-11-01 01:30")).expect("ambiguous");
        assert_eq!(at_once, at("2026-11-01T06:30:00Z"), "01:30 CDT, not CST");
    }

    #[test]
    fn a_local_day_is_23_or_25_hours_across_a_clock_change() {
        let chicago = zones::chicago();
        let date = |text| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
        assert_eq!(
            chicago.local_day_bounds(date("2026-03-08")),
            (at("2026-03-08T06:00:00Z"), at("2026-03-09T05:00:00Z"))
        );
        assert_eq!(
            chicago.local_day_bounds(date("2026-11-01")),
            (at("2026-11-01T05:00:00Z"), at("2026-11-02T06:00:00Z"))
        );
        assert_eq!(
            chicago.local_day_bounds(date("2026-11-23")),
            (at("2026-11-23T06:00:00Z"), at("2026-11-24T06:00:00Z"))
        );
        // Havana springs forward at midnight: that day starts at 01:00 daylight time.
        let havana = Zone::named("America/Havana").expect("zone");
        assert_eq!(havana.local_day_bounds(date("2026-03-08")).0, at("2026-03-08T05:00:00Z"));
    }

    #[test]
    fn instants_are_shown_in_the_zone_given() {
        let instant = at("2026-11-23T15:00:00Z");
        assert_eq!(zones::chicago().local_display(instant), "2026-11-23 09:00");
        assert_eq!(zones::tokyo().local_display(instant), "2026-11-24 00:00");
        assert_eq!(zones::kiritimati().local_clock(instant), "05:00");
        assert_eq!(zones::kiritimati().local_date(instant).to_string(), "2026-11-24");
        assert_eq!(Zone::UTC.local_status(instant), "Mon 23 Nov 15:00");
        assert_eq!(Now::new(instant, zones::tokyo()).local(), wall("2026-11-24 00:00"));
    }

    #[test]
    fn a_month_is_bounded_by_local_midnights() {
        let november = Month::containing("2026-11-17".parse().expect("date"), zones::chicago());
        assert_eq!((november.first.to_string(), november.last.to_string()), ("2026-11-01".into(), "2026-11-30".into()));
        assert_eq!((november.from, november.until), (at("2026-11-01T05:00:00Z"), at("2026-12-01T06:00:00Z")));
        // 23:30 on 30 November in Chicago is December in UTC, and November here.
        assert!(november.contains(at("2026-12-01T05:30:00Z")));
        assert!(!november.contains(at("2026-11-01T04:30:00Z")));
        assert_eq!(november.label(), "2026-11");
    }

    #[test]
    fn a_zone_is_known_by_its_iana_name_only() {
        assert_eq!(Zone::named("Asia/Tokyo").map(|z| z.name()), Some("Asia/Tokyo"));
        assert_eq!(Zone::named("Asia/Tokio"), None);
        assert_eq!(Zone::named(""), None);
    }
}
