//! Where "now" comes from: the system clock, or `CASELOAD_NOW` for demos and
//! tests, and the time zone it is read in. Both are read once at start-up and
//! passed inward; nothing else reads a clock or the machine's zone.

use std::path::Path;

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::Invalid;
use crate::domain::dates::{EARLIEST, LATEST, in_range};
use crate::domain::time::{Now, Zone};

pub const NOW_VARIABLE: &str = "CASELOAD_NOW";
pub const ZONE_VARIABLE: &str = "TZ";

/// The machine's time zone, resolved once: `TZ` when set, else the zone
/// `/etc/localtime` links to (or `/etc/timezone` names), else UTC. A `TZ`
/// naming no zone is refused: showing every appointment in another zone's
/// hours is worse than not starting.
pub fn zone_from_env() -> Result<Zone, Invalid> {
    let variable = std::env::var(ZONE_VARIABLE).ok();
    let link = std::fs::read_link("/etc/localtime").ok();
    let file = std::fs::read_to_string("/etc/timezone").ok();
    resolve_zone(variable.as_deref(), link.as_deref(), file.as_deref())
}

/// The zone from what the machine says, in the order of [`zone_from_env`].
fn resolve_zone(variable: Option<&str>, localtime: Option<&Path>, timezone: Option<&str>) -> Result<Zone, Invalid> {
    if let Some(text) = variable.map(str::trim).filter(|t| !t.is_empty()) {
        return zone_in(text).ok_or_else(|| {
            Invalid::new(
                ZONE_VARIABLE,
                format!("{ZONE_VARIABLE} is set to {text:?}, which is not a time zone I know"),
                format!(
                    "set {ZONE_VARIABLE} to a zone name such as America/Chicago (the names under /usr/share/zoneinfo), \
                     or unset it to use the system's zone"
                ),
            )
        });
    }
    let linked = localtime.and_then(|target| zone_in(&target.to_string_lossy()));
    Ok(linked.or_else(|| timezone.and_then(|name| zone_in(name.trim()))).unwrap_or(Zone::UTC))
}

/// A zone name as `TZ` or a link may give it: `America/Chicago`,
/// `:America/Chicago`, or a path into a zoneinfo directory.
fn zone_in(text: &str) -> Option<Zone> {
    let name = text.strip_prefix(':').unwrap_or(text);
    let name = name.rsplit_once("zoneinfo/").map_or(name, |(_, rest)| rest);
    Zone::named(name)
}

/// Where "now" comes from for the whole program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// `CASELOAD_NOW`: the same instant all run long.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// `CASELOAD_NOW` (a local time is read in `zone`) when set, the system clock otherwise.
    pub fn from_env(zone: Zone) -> Result<Clock, Invalid> {
        match std::env::var(NOW_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => parse_now(&text, zone).map(Clock::Fixed),
            _ => Ok(Clock::System),
        }
    }

    pub fn now(&self, zone: Zone) -> Now {
        match self {
            Clock::System => Now::new(Utc::now(), zone),
            Clock::Fixed(at) => Now::new(*at, zone),
        }
    }
}

/// RFC 3339 (with an offset), or `YYYY-MM-DDTHH:MM:SS` in local time, on a
/// local date from 1900-01-01 to 2199-12-31 (so every relative date stays sane).
pub fn parse_now(text: &str, zone: Zone) -> Result<DateTime<Utc>, Invalid> {
    let text = text.trim();
    let at = parse_any_now(text, zone)?;
    if in_range(zone.local_date(at)) {
        return Ok(at);
    }
    Err(Invalid::new(
        NOW_VARIABLE,
        format!("{NOW_VARIABLE} is set to {text:?}, outside the dates caseload keeps ({EARLIEST} to {LATEST})"),
        format!("set {NOW_VARIABLE} to a time from {EARLIEST} to {LATEST}, or unset it"),
    ))
}

fn parse_any_now(text: &str, zone: Zone) -> Result<DateTime<Utc>, Invalid> {
    if let Ok(at) = DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    let local = ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .ok_or_else(|| {
            Invalid::new(
                NOW_VARIABLE,
                format!("{NOW_VARIABLE} is set to {text:?}, which is not a time I understand"),
                "use RFC 3339 (2026-11-23T09:00:00Z) or local YYYY-MM-DDTHH:MM:SS, or unset it",
            )
        })?;
    zone.local_to_utc(NOW_VARIABLE, local)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chicago() -> Zone {
        Zone::named("America/Chicago").expect("a known zone")
    }

    #[test]
    fn rfc3339_with_offset_is_taken_as_given() {
        let at = parse_now("2026-11-23T09:00:00-05:00", chicago()).expect("parses");
        assert_eq!(at.to_rfc3339(), "2026-11-23T14:00:00+00:00");
    }

    #[test]
    fn a_local_now_is_read_in_the_zone_given() {
        let tokyo = Zone::named("Asia/Tokyo").expect("a known zone");
        assert_eq!(
            parse_now("2026-11-23T09:00:00", chicago()).expect("parses").to_rfc3339(),
            "2026-11-23T15:00:00+00:00"
        );
        assert_eq!(parse_now("2026-11-23T09:00:00", tokyo).expect("parses").to_rfc3339(), "2026-11-23T00:00:00+00:00");
    }

    #[test]
    fn a_now_outside_1900_through_2199_is_refused() {
        for outside in ["9999-12-31T23:59:59", "2200-01-01T00:00:00Z", "1899-12-31T12:00:00Z"] {
            let error = parse_now(outside, Zone::UTC).expect_err(outside);
            assert_eq!(error.field, NOW_VARIABLE);
            assert!(error.hint.contains("1900-01-01"), "{outside}: {error:?}");
        }
        assert!(parse_now("2199-12-31T12:00:00Z", Zone::UTC).is_ok());
        assert!(parse_now("1900-01-01T12:00:00Z", Zone::UTC).is_ok());
        // The range is of local dates: noon UTC on the last day is already 2200 at UTC+14,
        // and midnight UTC starting 2200 is still 2199 in Chicago.
        let kiritimati = Zone::named("Pacific/Kiritimati").expect("a known zone");
        assert!(parse_now("2199-12-31T12:00:00Z", kiritimati).is_err());
        assert!(parse_now("2200-01-01T00:00:00Z", chicago()).is_ok());
    }

    #[test]
    fn garbage_is_refused() {
        assert!(parse_now("yesterday-ish", chicago()).is_err());
        assert!(parse_now("2026-11-23", chicago()).is_err());
    }

    #[test]
    fn tz_wins_then_the_localtime_link_then_etc_timezone_then_utc() {
        let link = Path::new("/usr/share/zoneinfo/Asia/Tokyo");
        let zone = |tz, link, file| resolve_zone(tz, link, file).expect("a zone").name();
        assert_eq!(zone(Some("America/Chicago"), Some(link), Some("Europe/Paris")), "America/Chicago");
        assert_eq!(zone(Some(":America/Chicago"), None, None), "America/Chicago");
        assert_eq!(zone(Some("/usr/share/zoneinfo/Pacific/Kiritimati"), None, None), "Pacific/Kiritimati");
        assert_eq!(zone(Some("  "), Some(link), None), "Asia/Tokyo");
        assert_eq!(zone(None, Some(Path::new("../usr/share/zoneinfo/Etc/UTC")), None), "Etc/UTC");
        assert_eq!(zone(None, Some(Path::new("/somewhere/else")), Some("Europe/Paris\n")), "Europe/Paris");
        assert_eq!(zone(None, None, None), "UTC");
    }

    #[test]
    fn a_tz_naming_no_zone_is_refused_with_a_hint() {
        let error = resolve_zone(Some("America/Chicgo"), None, None).expect_err("unknown zone");
        assert_eq!(error.field, ZONE_VARIABLE);
        assert!(error.message.contains("America/Chicgo"), "{error:?}");
        assert!(error.hint.contains("America/Chicago") && error.hint.contains("unset"), "{error:?}");
    }
}
