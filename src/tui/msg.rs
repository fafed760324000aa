//! Everything `update` hears: what the user did (keys, paste), what the
//! clock and the database did (ticks), what the last frame measured, and
//! what came of each effect `services` ran.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use super::drafts::DraftStatus;
use super::effect::Then;
use super::model::ClientView;
use super::quality::QualityFigures;
use super::snapshot::{Drafts, Patch, Snapshot};
use crate::domain::time::Now;
use crate::store::StoreError;
use crate::store::listing::WithClient;
use crate::store::search::SearchHit;
use crate::store::snoozes::ActiveSnooze;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    /// About once a second.
    Tick(Tick),
    /// The clock as the screen shows it moved (a minute; a second in the editor).
    Clock(Now),
    /// What the frame just drawn measured: page sizes and how far things scroll.
    Drawn(Measured),
    /// The first load, before the first frame.
    Started(Box<Snapshot>),
    Loaded {
        loaded: Result<Box<Snapshot>, String>,
        then: Then,
    },
    /// What a colleague's change was about, loaded again.
    Patched {
        patched: Result<Box<Patch>, String>,
        then: Then,
    },
    /// A client opened (its view row written first).
    ClientLoaded(Result<Box<ClientView>, String>),
    Coordinators(Result<Vec<String>, String>),
    /// A client's programs and minutes, for the note editor open on them.
    NotePrograms(Result<Box<crate::tui::snapshot::NotePrograms>, String>),
    /// The resource directory, for the open referral form.
    Resources(Result<Vec<crate::domain::resource::Resource>, String>),
    Saved(Saved),
    /// The open form's or note's save was refused; nothing was written.
    SaveFailed(StoreError),
    /// The draft was written at once (or not: the status says why).
    DraftKept(DraftStatus),
    DraftDiscarded(Result<(), String>),
    DraftsLoaded(Result<Drafts, String>),
    SnoozesLoaded(Result<Vec<WithClient<ActiveSnooze>>, String>),
    /// What a search found.
    Searched(Result<Vec<SearchHit>, String>),
    /// The quality screen's measures.
    QualityLoaded(Result<Box<QualityFigures>, String>),
}

/// What a second brings: how long since the last key, how the draft stands,
/// and whether another process changed a record.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub idle: Duration,
    pub draft: DraftStatus,
    pub records_changed: Result<bool, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Note {
        note_id: i64,
        followup_id: Option<i64>,
    },
    /// A form's change, and what the status line says about it.
    Form(String),
    /// A screening, as recorded.
    Screening(Box<crate::domain::screening::Assessment>),
}

/// Measured by the view as it drew (None: not on this frame): the rows a
/// page key moves by, the last line the client screen's tab and the key
/// list can scroll to, and where a note opened from a search starts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Measured {
    pub page_rows: Option<usize>,
    pub client_scroll_max: Option<usize>,
    pub help_scroll_max: Option<usize>,
    /// The line of the client screen where the note to scroll to starts.
    pub focus_note_line: Option<usize>,
}
