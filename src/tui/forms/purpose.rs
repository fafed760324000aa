//! What a form is for, with what it is about: the state a concrete form
//! carries while it is open. Its own module so the model can hold a
//! `Form<Purpose>` without knowing how any form is built or saved.

use crate::domain::alerts::AlertKind;
use crate::domain::client::Client;

/// What saving a form does, with what it is about.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    AddClient,
    EditClient(Box<Client>),
    Discharge { client_id: i64 },
    AmendNote,
    AddFollowup { client_id: i64 },
    CompleteFollowup,
    SnoozeFollowup,
    Schedule { client_id: i64 },
    SetAppointment,
    SnoozeAlert { client_id: i64, kind: AlertKind, subject: Option<i64> },
    AddReferral { client_id: i64 },
    MoveReferral,
    AddEncounter { client_id: i64 },
    AddPlanItem { client_id: i64 },
    SetGoal { client_id: i64 },
    ReviewPlan { client_id: i64 },
    AddMedication { client_id: i64 },
    StopMedication,
}
