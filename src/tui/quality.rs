//! The quality screen's state (issue #17, SPEC §10): which month and whose
//! caseload it counts, what is selected, and the figures as last loaded.
//! Plain data: `update` changes it, the loader fills `QualityFigures`, the
//! view draws it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::context::Context;
use crate::domain::quality::{Event, MeasureResult, Period};

/// Which month the screen counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QualityMonth {
    /// The 1st to today.
    #[default]
    ThisMonth,
    /// The whole month before.
    LastMonth,
}

impl QualityMonth {
    pub fn period(self, today: NaiveDate) -> Period {
        match self {
            QualityMonth::ThisMonth => Period::month_to_date(today),
            QualityMonth::LastMonth => Period::last_month(today),
        }
    }

    pub fn other(self) -> QualityMonth {
        match self {
            QualityMonth::ThisMonth => QualityMonth::LastMonth,
            QualityMonth::LastMonth => QualityMonth::ThisMonth,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QualityMonth::ThisMonth => "this month",
            QualityMonth::LastMonth => "last month",
        }
    }
}

/// A client as the quality screen names them: initials under redaction, and then no MRN.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownClient {
    pub name: String,
    pub mrn: Option<String>,
}

/// The measures of one period and caseload, as loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityFigures {
    pub period: Period,
    /// Whose caseload (None: the team's).
    pub coordinator: Option<String>,
    /// Every measure in SPEC §10's order; each one's `events` are only its
    /// misses (first) and pending events, by date: what the screen lists.
    pub measures: Vec<MeasureResult>,
    /// The clients those events are about.
    pub clients: HashMap<i64, ShownClient>,
}

/// The quality screen, kept while a client opened from it is open (Esc there comes back here).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct QualityScreen {
    pub month: QualityMonth,
    /// The whole team's caseload, not only the user's.
    pub team: bool,
    /// The measure selected.
    pub selected: usize,
    /// The event selected while the measure's events are listed (None: the measures are).
    pub event: Option<usize>,
    /// None until the first load comes back.
    pub figures: Option<QualityFigures>,
}

impl QualityScreen {
    /// Where the screen's keys resolve: the measures, or one measure's events.
    pub fn context(&self) -> Context {
        if self.event.is_some() { Context::QualityEvents } else { Context::Quality }
    }

    /// Whose caseload to load: the user's, or everyone's.
    pub fn coordinator(&self, user: &str) -> Option<String> {
        (!self.team).then(|| user.to_string())
    }

    /// The selected measure, as loaded.
    pub fn measure(&self) -> Option<&MeasureResult> {
        self.figures.as_ref()?.measures.get(self.selected)
    }

    /// The event selected in the measure's list, if it is listed.
    pub fn selected_event(&self) -> Option<&Event> {
        self.measure()?.events.get(self.event?)
    }

    /// Takes in a load, keeping the selections where they still point at something.
    pub fn take_in(&mut self, figures: QualityFigures) {
        self.selected = self.selected.min(figures.measures.len().saturating_sub(1));
        let events = figures.measures.get(self.selected).map_or(0, |m| m.events.len());
        self.event = self.event.filter(|_| events > 0).map(|at| at.min(events - 1));
        self.figures = Some(figures);
    }

    /// Moves the selection of what is listed by `delta` (clamped to the list).
    pub fn move_by(&mut self, delta: isize) {
        let measures = self.figures.as_ref().map_or(0, |f| f.measures.len());
        let events = self.measure().map_or(0, |m| m.events.len());
        let (at, len) = match &mut self.event {
            Some(at) => (at, events),
            None => (&mut self.selected, measures),
        };
        *at = at.saturating_add_signed(delta).min(len.saturating_sub(1));
    }
}
