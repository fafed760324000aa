//! A small iCalendar (RFC 5545) writer for the agenda: one VEVENT per
//! appointment, times in UTC, text escaped, lines folded at 75 octets and
//! ended with CRLF.

use chrono::{DateTime, Utc};

/// RFC 5545 §3.8.1.11 statuses of an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    Tentative,
    Confirmed,
    Cancelled,
}

impl EventStatus {
    fn as_str(self) -> &'static str {
        match self {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// One calendar event, already in the words the calendar should show.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Stable across exports, so a re-import updates rather than duplicates.
    pub uid: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub location: Option<String>,
    pub status: EventStatus,
    /// How many times the event has changed since it was made (RFC 5545
    /// §3.8.7.4): a calendar replaces its copy when this is higher.
    pub sequence: u32,
    pub created: DateTime<Utc>,
    pub last_modified: DateTime<Utc>,
}

/// Longest line before folding, in octets, CRLF excluded (RFC 5545 §3.1).
const LINE_OCTETS: usize = 75;

/// A whole VCALENDAR holding `events`, stamped `now`.
pub fn calendar(events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let mut line = |text: &str| out.push_str(&fold(text));
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//caseload//agenda//EN");
    line("CALSCALE:GREGORIAN");
    line("METHOD:PUBLISH");
    for event in events {
        line("BEGIN:VEVENT");
        line(&format!("UID:{}", escape_text(&event.uid)));
        // With METHOD, DTSTAMP is when this calendar was made (RFC 5545 §3.8.7.2).
        line(&format!("DTSTAMP:{}", utc_stamp(now)));
        line(&format!("CREATED:{}", utc_stamp(event.created)));
        line(&format!("LAST-MODIFIED:{}", utc_stamp(event.last_modified)));
        line(&format!("SEQUENCE:{}", event.sequence));
        line(&format!("DTSTART:{}", utc_stamp(event.starts_at)));
        line(&format!("DTEND:{}", utc_stamp(event.ends_at)));
        line(&format!("SUMMARY:{}", escape_text(&event.summary)));
        if let Some(location) = &event.location {
            line(&format!("LOCATION:{}", escape_text(location)));
        }
        line(&format!("STATUS:{}", event.status.as_str()));
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    out
}

/// `20261123T150000Z`: a UTC date-time in the form RFC 5545 calls FORM #2.
fn utc_stamp(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslashes, semicolons and commas, and carry
/// newlines as `\n` (RFC 5545 §3.3.11).
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                // CRLF is one newline.
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line folded into pieces of at most 75 octets, never splitting
/// a UTF-8 character; each continuation starts with a space. Ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / LINE_OCTETS * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        if used + c.len_utf8() > LINE_OCTETS {
            out.push_str("\r\n ");
            used = 1; // the space that starts the continuation counts
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    #[test]
    fn escaping_covers_commas_semicolons_backslashes_and_newlines() {
        assert_eq!(escape_text(r"a,b;c\d"), r"a\,b\;c\\d");
        assert_eq!(escape_text("one\r\ntwo\nthree"), r"one\ntwo\nthree");
        assert_eq!(escape_text("bell\u{7}"), "bell");
    }

    #[test]
    fn long_multibyte_lines_fold_at_75_octets_on_character_boundaries() {
        let line = format!("SUMMARY:{}", "é✓".repeat(40));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let pieces: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(pieces.len() > 1);
        for (index, piece) in pieces.iter().enumerate() {
            assert!(piece.len() <= LINE_OCTETS, "piece {index} has {} octets", piece.len());
            assert_eq!(index > 0, piece.starts_with(' '));
        }
        let unfolded: String = pieces.iter().enumerate().map(|(i, p)| if i == 0 { *p } else { &p[1..] }).collect();
        assert_eq!(unfolded, line);
    }

    #[test]
    fn short_lines_are_left_whole() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(LINE_OCTETS);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn a_calendar_has_its_header_and_one_event_per_appointment() {
        let event = Event {
            uid: "appointment-7@caseload".into(),
            starts_at: at("2026-11-24T16:30:00Z"),
            ends_at: at("2026-11-24T17:15:00Z"),
            summary: "pcp with Dr. Lee, A.Q.".into(),
            location: Some("Clinic; room 2".into()),
            status: EventStatus::Tentative,
            sequence: 2,
            created: at("2026-11-20T14:00:00Z"),
            last_modified: at("2026-11-22T18:05:00Z"),
        };
        let text = calendar(&[event], at("2026-11-23T15:00:00Z"));
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"));
        assert!(text.contains("\r\nUID:appointment-7@caseload\r\n"));
        assert!(text.contains("\r\nDTSTAMP:20261123T150000Z\r\n"));
        assert!(text.contains("\r\nCREATED:20261120T140000Z\r\nLAST-MODIFIED:20261122T180500Z\r\nSEQUENCE:2\r\n"));
        assert!(text.contains("\r\nDTSTART:20261124T163000Z\r\nDTEND:20261124T171500Z\r\n"));
        assert!(text.contains("\r\nSUMMARY:pcp with Dr. Lee\\, A.Q.\r\n"));
        assert!(text.contains("\r\nLOCATION:Clinic\\; room 2\r\n"));
        assert!(text.contains("\r\nSTATUS:TENTATIVE\r\n"));
        assert!(text.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    }
}
