//! What a load hands back: the rows of the three panes, the open client's
//! record, and the question (`Query`) that was asked. Plain data, shared by
//! `loader` (which fills it) and the model (which shows it).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::domain::alerts::Alert;
use crate::domain::appointment::Appointment;
use crate::domain::draft::{Draft, ScreeningDraft};
use crate::domain::filter::Candidate;
use crate::domain::time::Now;
use crate::domain::triage::TriageRow;
use crate::store::listing::WithClient;

/// What to load: whose caseload (None: the whole team's), at what moment,
/// whether names are redacted, and the client open on the client screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub coordinator: Option<String>,
    pub now: Now,
    pub redact: bool,
    pub open_client: Option<i64>,
}

/// Everything the screens show, as loaded at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub caseload: Vec<CaseloadRow>,
    pub today: Vec<TodayRow>,
    pub alerts: Vec<Alert>,
    pub drafts: Drafts,
    /// The open client, loaded again (None when none is open).
    pub open_client: Option<ClientView>,
    /// Rows the load had to leave out, as the status line says it.
    pub unreadable: Option<String>,
}

/// What a colleague's change loads again: the rows and alerts of the clients
/// it was about (put in place of theirs, in order), and the small panes whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Patch {
    /// The clients loaded again; one with no row here has left the caseload.
    pub clients: BTreeSet<i64>,
    pub caseload: Vec<CaseloadRow>,
    pub alerts: Vec<Alert>,
    pub today: Vec<TodayRow>,
    pub drafts: Drafts,
    pub open_client: Option<ClientView>,
    pub unreadable: Option<String>,
}

/// The user's unsaved work, most recent first (names as shown): notes,
/// then screenings given part-way.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drafts {
    pub notes: Vec<WithClient<Draft>>,
    pub screenings: Vec<WithClient<ScreeningDraft>>,
}

impl Drafts {
    pub fn len(&self) -> usize {
        self.notes.len() + self.screenings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A caseload line: its triage summary and what the filter matches on
/// (name as a phrase, MRN, phone), prepared once per load.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseloadRow {
    pub triage: TriageRow,
    pub candidate: Candidate,
    /// Whose client it is, in the team view (None in one coordinator's);
    /// shared with the other rows of that coordinator.
    pub coordinator: Option<Arc<str>>,
}

impl AsRef<TriageRow> for CaseloadRow {
    fn as_ref(&self) -> &TriageRow {
        &self.triage
    }
}

/// An appointment of today with its client's (possibly redacted) name.
#[derive(Debug, Clone, PartialEq)]
pub struct TodayRow {
    pub appointment: Appointment,
    pub client_name: String,
    pub search_text: String,
}

/// What the note editor shows of a client's programs: the open time-based
/// enrollments' programs (earliest first, the note's choices) and this
/// month's minutes against each next threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct NotePrograms {
    pub client_id: i64,
    pub open: Vec<crate::domain::program::Program>,
    pub progress: Vec<crate::domain::billing::Progress>,
}

/// Everything the client screen shows, loaded once when the client opens.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientView {
    pub client: crate::domain::client::Client,
    pub alerts: Vec<Alert>,
    pub notes: Vec<crate::domain::note::Note>,
    pub appointments: Vec<Appointment>,
    pub followups: Vec<crate::domain::followup::Followup>,
    pub referrals: Vec<crate::domain::referral::Referral>,
    pub plan: crate::domain::care_plan::CarePlan,
    pub contacts: Vec<crate::domain::contact::Contact>,
    pub encounters: Vec<crate::domain::encounter::Encounter>,
    /// Each open time-based enrollment's minutes this month against its next threshold.
    pub progress: Vec<crate::domain::billing::Progress>,
    /// Every screening, oldest first (the Assessments tab groups them).
    pub assessments: Vec<crate::domain::screening::Assessment>,
    /// Active first, then stopped (`domain::medication::list_order`).
    pub medications: Vec<crate::domain::medication::Medication>,
    /// Most recent first.
    pub reconciliations: Vec<crate::domain::medication::Reconciliation>,
}
