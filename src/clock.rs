//! Where "now" comes from: the system clock, or `CASELOAD_NOW` for demos and
//! tests. Read once at start-up and passed inward; nothing else reads a clock.

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::domain::Invalid;
use crate::domain::time::{Now, local_to_utc};

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

/// RFC 3339 (with an offset), or `YYYY-MM-DDTHH:MM:SS` in local time.
pub fn parse_now(text: &str) -> Result<DateTime<Utc>, Invalid> {
    let text = text.trim();
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
    fn garbage_is_refused() {
        assert!(parse_now("yesterday-ish").is_err());
        assert!(parse_now("2026-11-23").is_err());
    }
}
