//! What `update` asks the outside world to do. `update` touches no store and
//! no clock; it returns these, `services` carries them out and feeds what
//! came of each back as a `Msg`.

use std::time::Duration;

use chrono::NaiveDate;

use super::model::{Message, Model};
use super::reconcile::Reconciled;
use super::snapshot::Query;
use crate::domain::alerts::AlertKind;
use crate::domain::appointment::Appointment;
use crate::domain::care_plan::{Goal, GoalStatus, Intervention, Problem};
use crate::domain::client::Client;
use crate::domain::discharge::OpenWork;
use crate::domain::draft::Unsaved;
use crate::domain::encounter::Encounter;
use crate::domain::followup::Followup;
use crate::domain::medication::Medication;
use crate::domain::quality::Period;
use crate::domain::referral::{Referral, ReferralStatus};
use crate::domain::screening::{Instrument, Screening};
use crate::domain::time::Now;
use crate::store::appointments::AppointmentChange;
use crate::store::notes::NoteSave;

#[derive(Debug, Clone)]
pub enum Effect {
    /// Load the panes (and the open client) again, then say `then`.
    Reload {
        query: Query,
        then: Then,
    },
    /// Another process changed records: load again what they were about (just
    /// those clients when the changes name them, else everything).
    Refresh {
        query: Query,
        then: Then,
    },
    /// Write the view row for opening a client, then load the client.
    OpenClient(i64),
    /// Load the client's programs and minutes for the note editor.
    LoadNotePrograms(i64),
    /// The coordinators with clients, to cycle whose caseload is shown.
    ListCoordinators,
    /// Save the note, its follow-up and the removal of its draft; a retry
    /// waits at most `wait` for another writer.
    SaveNote {
        save: NoteSave,
        wait: Option<Duration>,
    },
    /// Save what a submitted form says.
    SaveForm(FormSave),
    /// Hand the open note's (or screening's) draft to the keeper, which writes it shortly.
    WriteDraft(Unsaved),
    /// Write the draft now and say whether it is in the database.
    KeepDraft(Unsaved),
    /// The editor (or screening) closes without its record: the keeper has nothing more to write.
    ForgetDraft,
    /// Throw a draft away.
    DiscardDraft(i64),
    /// Throw a screening's draft away.
    DiscardScreeningDraft {
        client_id: i64,
        instrument: Instrument,
    },
    /// Record a screening (scored by the store with the client's gender),
    /// its audit row, and the end of its draft.
    SaveScreening(Screening),
    /// The user's drafts again (after one was discarded from the list).
    LoadDrafts {
        redact: bool,
    },
    /// The resource directory, for the referral form to choose a destination from.
    LoadResources,
    /// The snoozes still hiding an alert in this caseload (None: the team's).
    LoadSnoozes {
        coordinator: Option<String>,
        redact: bool,
    },
    /// Nothing to run: what is shown changed (a tick moved a timer or locked the screen).
    Redraw,
    Quit,
    /// Full-text search (its view row written first), as `caseload search`.
    Search {
        words: String,
        coordinator: Option<String>,
        redact: bool,
    },
    /// The quality measures of a period for a caseload (None: the team's),
    /// counted today, their view row written first.
    LoadQuality {
        coordinator: Option<String>,
        period: Period,
        redact: bool,
    },
}

impl Effect {
    /// Reload what the model shows, then say `then`.
    pub fn reload(model: &Model, then: Then) -> Effect {
        Effect::Reload { query: model.query(), then }
    }

    /// Load again what changed since the last load (the user's own save, a
    /// colleague's), then say `then`.
    pub fn refresh(model: &Model, then: Then) -> Effect {
        Effect::Refresh { query: model.query(), then }
    }
}

/// What the status line says once a reload is done.
#[derive(Debug, Clone, PartialEq)]
pub enum Then {
    /// Only what the load found (rows it could not read), or nothing.
    Quiet,
    /// This, whatever the load found.
    Say(Message),
    /// What the status line already says, unless the load found a problem
    /// (a colleague's change must not wipe the user's own message).
    KeepUnlessProblem,
    /// This, unless the load found a problem to show.
    SayUnlessProblem(Message),
}

/// A submitted form, turned into the change it asks for.
#[derive(Debug, Clone)]
pub struct FormSave {
    pub change: Change,
    /// The form's clock: what "today" meant while it was filled in.
    pub now: Now,
}

/// Every change a form can make, with its values read and checked as far as
/// the form can (the store checks the rest).
#[derive(Debug, Clone)]
pub enum Change {
    AddClient(Box<Client>),
    EditClient(Box<Client>),
    Discharge {
        client_id: i64,
        on: NaiveDate,
        reason: String,
    },
    /// What a discharge left open, closed at once (all or nothing).
    CloseOpenWork {
        client_id: i64,
        open: OpenWork,
    },
    AmendNote {
        note_id: i64,
        body: String,
    },
    AddFollowup(Followup),
    CompleteFollowup(i64),
    SnoozeFollowup {
        followup_id: i64,
        until: NaiveDate,
        reason: String,
    },
    Schedule(Box<Appointment>),
    SetAppointment {
        appointment_id: i64,
        change: AppointmentChange,
    },
    SnoozeAlert {
        client_id: i64,
        kind: AlertKind,
        subject: Option<i64>,
        until: NaiveDate,
        reason: String,
    },
    AddReferral(Box<Referral>),
    MoveReferral {
        referral_id: i64,
        status: ReferralStatus,
        outcome: Option<String>,
    },
    AddEncounter(Encounter),
    AddProblem(Problem),
    AddGoal(Goal),
    AddIntervention(Intervention),
    SetGoal {
        client_id: i64,
        goal_id: i64,
        status: Option<GoalStatus>,
        target: Option<NaiveDate>,
    },
    ReviewPlan {
        client_id: i64,
        on: NaiveDate,
    },
    /// Ends a snooze today (never deletes it).
    EndSnooze(i64),
    AddMedication(Box<Medication>),
    StopMedication {
        medication_id: i64,
        on: NaiveDate,
    },
    /// A reconciliation with the medications it stops and adds (a changed
    /// one is both), all in one transaction.
    Reconcile(Reconciled),
}
