//! Where "now" comes from: the system clock, or `CASELOAD_NOW` for demos and
//! tests. Read once at start-up and passed inward; nothing else reads a clock.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::Invalid;
use crate::domain::dates::{EARLIEST, LATEST, in_range};
use crate::domain::time::{Now, local_date, local_to_utc};

pub const NOW_VARIABLE: &str = "CASELOAD_NOW";

/// Where "now" comes from for the whole program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    System,
    /// `CASELOAD_NOW`: the same instant all run long.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// `CASELOAD_NOW` when set, the system clock otherwise.
    pub fn from_env() -> Result<Clock, Invalid> {
        match std::env::var(NOW_VARIABLE) {
            Ok(text) if !text.trim().is_empty() => parse_now(&text).map(Clock::Fixed),
            _ => Ok(Clock::System),
        }
    }

    pub fn now(&self) -> Now {
        match self {
            Clock::System => Now::new(Utc::now()),
            Clock::Fixed(at) => Now::new(*at),
        }
    }
}

/// RFC 3339 (with an offset), or `YYYY-MM-DDTHH:MM:SS` in local time, on a
/// local date from 1900-01-01 to 2199-12-31 (so every relative date stays sane).
pub fn parse_now(text: &str) -> Result<DateTime<Utc>, Invalid> {
    let text = text.trim();
    let at = parse_any_now(text)?;
    if in_range(local_date(at)) {
        return Ok(at);
    }
    Err(Invalid::new(
        NOW_VARIABLE,
        format!("{NOW_VARIABLE} is set to {text:?}, outside the dates caseload keeps ({EARLIEST} to {LATEST})"),
        format!("set {NOW_VARIABLE} to a time from {EARLIEST} to {LATEST}, or unset it"),
    ))
}

fn parse_any_now(text: &str) -> Result<DateTime<Utc>, Invalid> {
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
    local_to_utc(NOW_VARIABLE, local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_with_offset_is_taken_as_given() {
        let at = parse_now("2026-11-23T09:00:00-05:00").expect("parses");
        assert_eq!(at.to_rfc3339(), "2026-11-23T14:00:00+00:00");
    }

    #[test]
    fn a_now_outside_1900_through_2199_is_refused() {
        for outside in ["9999-12-31T23:59:59", "2200-01-01T00:00:00Z", "1899-12-31T12:00:00Z"] {
            let error = parse_now(outside).expect_err(outside);
            assert_eq!(error.field, NOW_VARIABLE);
            assert!(error.hint.contains("1900-01-01"), "{outside}: {error:?}");
        }
        assert!(parse_now("2199-12-31T12:00:00Z").is_ok());
        assert!(parse_now("1900-01-01T12:00:00Z").is_ok());
    }

    #[test]
    fn garbage_is_refused() {
        assert!(parse_now("yesterday-ish").is_err());
        assert!(parse_now("2026-11-23").is_err());
    }
}
