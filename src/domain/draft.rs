//! A note being written: the draft kept while the editor is open (so nothing
//! typed is lost), and the call timer that fills in its minutes. Also the
//! draft of a screening given part-way, kept the same way.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::screening::{Instrument, Mode};

/// An unsaved note, one per user and client.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: i64,
    pub user: String,
    pub client_id: i64,
    pub body: String,
    /// When the running stretch of the call timer began (None: paused).
    pub timer_started_at: Option<DateTime<Utc>>,
    pub fields: DraftFields,
    pub updated_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// The editor's fields exactly as typed (a draft keeps text that would not
/// yet pass validation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftFields {
    pub contact_type: String,
    pub direction: String,
    pub outcome: String,
    pub minutes: String,
    /// The minutes were typed by hand: the timer no longer fills them.
    pub minutes_typed: bool,
    pub contact_at: String,
    pub followup_due: String,
    pub followup_title: String,
    /// The program the minutes belong to (blank: the default; drafts from
    /// before programs read as blank).
    pub program: String,
    /// Seconds the timer ran before `timer_started_at`.
    pub timer_seconds: i64,
}

impl Draft {
    /// The call timer as it stood when the draft was last written: a resumed
    /// draft's timer waits, paused, for the coordinator to start it again
    /// (a draft may be resumed days later).
    pub fn timer_as_saved(&self) -> CallTimer {
        let timer = CallTimer { banked_seconds: self.fields.timer_seconds, running_since: self.timer_started_at };
        CallTimer { banked_seconds: timer.elapsed_seconds(self.updated_at), running_since: None }
    }

    /// The first line of the body, for lists of drafts.
    pub fn preview(&self) -> &str {
        self.body.lines().map(str::trim).find(|line| !line.is_empty()).unwrap_or("")
    }
}

/// A screening given part-way (or wholly but not yet saved): the answers
/// so far, in the items' order. One per user, client and instrument.
#[derive(Debug, Clone, PartialEq)]
pub struct ScreeningDraft {
    pub user: String,
    pub client_id: i64,
    pub instrument: Instrument,
    pub mode: Mode,
    pub answers: Vec<u8>,
    pub updated_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

impl ScreeningDraft {
    /// "PHQ-9, 4 of 9 answered", for lists of drafts.
    pub fn preview(&self) -> String {
        format!("{}, {} of {} answered", self.instrument.label(), self.answers.len(), self.instrument.items().len())
    }
}

/// Whatever is being written and must survive a crash: a note or a screening.
#[derive(Debug, Clone, PartialEq)]
pub enum Unsaved {
    /// Boxed: a note draft is several times the size of a screening's.
    Note(Box<Draft>),
    Screening(ScreeningDraft),
}

impl From<Draft> for Unsaved {
    fn from(draft: Draft) -> Unsaved {
        Unsaved::Note(Box::new(draft))
    }
}

impl From<ScreeningDraft> for Unsaved {
    fn from(draft: ScreeningDraft) -> Unsaved {
        Unsaved::Screening(draft)
    }
}

/// A stopwatch for the call: runs from when the editor opens, can be paused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallTimer {
    /// Seconds counted before the current running stretch.
    pub banked_seconds: i64,
    pub running_since: Option<DateTime<Utc>>,
}

impl CallTimer {
    pub fn start(now: DateTime<Utc>) -> CallTimer {
        CallTimer { banked_seconds: 0, running_since: Some(now) }
    }

    pub fn is_running(&self) -> bool {
        self.running_since.is_some()
    }

    pub fn elapsed_seconds(&self, now: DateTime<Utc>) -> i64 {
        let running = self.running_since.map_or(0, |since| (now - since).num_seconds().max(0));
        self.banked_seconds + running
    }

    /// Pauses a running timer, or starts a paused one again.
    pub fn toggle(&mut self, now: DateTime<Utc>) {
        *self = match self.running_since {
            Some(_) => CallTimer { banked_seconds: self.elapsed_seconds(now), running_since: None },
            None => CallTimer { banked_seconds: self.banked_seconds, running_since: Some(now) },
        };
    }

    /// Whole minutes for the contact log: to the nearest minute, and at least
    /// one once the timer has counted anything.
    pub fn minutes(&self, now: DateTime<Utc>) -> i64 {
        match self.elapsed_seconds(now) {
            0 => 0,
            seconds => ((seconds + 30) / 60).max(1),
        }
    }

    /// "04:07", or "1:02:45" past an hour.
    pub fn display(&self, now: DateTime<Utc>) -> String {
        let seconds = self.elapsed_seconds(now);
        let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        if hours > 0 { format!("{hours}:{minutes:02}:{seconds:02}") } else { format!("{minutes:02}:{seconds:02}") }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).expect("instant").with_timezone(&Utc)
    }

    #[test]
    fn the_timer_counts_running_stretches_only() {
        let start = at("2026-11-23T15:00:00Z");
        let mut timer = CallTimer::start(start);
        assert_eq!(timer.display(start + Duration::seconds(247)), "04:07");
        timer.toggle(start + Duration::seconds(100));
        assert!(!timer.is_running());
        assert_eq!(timer.elapsed_seconds(start + Duration::seconds(900)), 100, "paused time does not count");
        timer.toggle(start + Duration::seconds(1000));
        assert_eq!(timer.elapsed_seconds(start + Duration::seconds(1060)), 160);
        assert_eq!(timer.display(start + Duration::seconds(1000 + 3665 - 100)), "1:01:05");
    }

    #[test]
    fn minutes_round_to_the_nearest_and_never_to_zero_once_counting() {
        let start = at("2026-11-23T15:00:00Z");
        let timer = CallTimer::start(start);
        let minutes = |seconds| timer.minutes(start + Duration::seconds(seconds));
        assert_eq!([minutes(0), minutes(1), minutes(89), minutes(90), minutes(3599)], [0, 1, 1, 2, 60]);
    }

    #[test]
    fn a_clock_going_backwards_counts_nothing() {
        let start = at("2026-11-23T15:00:00Z");
        assert_eq!(CallTimer::start(start).elapsed_seconds(start - Duration::seconds(30)), 0);
    }

    #[test]
    fn a_resumed_draft_keeps_the_time_counted_until_its_last_save_paused() {
        let start = at("2026-11-23T15:00:00Z");
        let draft = Draft {
            id: 1,
            user: "casey".into(),
            client_id: 1,
            body: "\n  Called about refill\nsecond line".into(),
            timer_started_at: Some(start),
            fields: DraftFields { timer_seconds: 60, ..DraftFields::default() },
            updated_at: start + Duration::seconds(125),
            created_at: start,
        };
        assert_eq!(draft.timer_as_saved(), CallTimer { banked_seconds: 185, running_since: None });
        assert_eq!(draft.preview(), "Called about refill");
    }

    #[test]
    fn fields_saved_before_the_program_was_kept_read_with_a_blank_program() {
        let before = r#"{"contact_type":"video","minutes":"12","minutes_typed":true,"timer_seconds":30}"#;
        let fields: DraftFields = serde_json::from_str(before).expect("an old draft reads");
        assert_eq!(
            (fields.contact_type.as_str(), fields.minutes.as_str(), fields.program.as_str()),
            ("video", "12", "")
        );
        let chosen = DraftFields { program: "bhi".into(), ..fields };
        let text = serde_json::to_string(&chosen).expect("serialises");
        assert_eq!(serde_json::from_str::<DraftFields>(&text).expect("reads back"), chosen);
    }
}
