//! Making the change a submitted form asks for, and saying what was done.

use crate::domain::discharge::OpenWork;
use crate::store::{Store, StoreError};
use crate::tui::effect::{Change, FormSave};
use crate::tui::reconcile::Reconciled;

/// Writes the change; returns the status line's sentence about it.
pub fn make(store: &mut Store, save: FormSave) -> Result<String, StoreError> {
    let FormSave { change, now } = save;
    let today = now.today();
    Ok(match change {
        Change::AddClient(client) => format!("Client {} added.", store.add_client(*client, today)?),
        Change::EditClient(client) => {
            let id = client.id;
            store.update_client(*client, now)?;
            format!("Client {id} saved.")
        }
        Change::Discharge { client_id, on, reason } => {
            store.discharge_client(client_id, on, &reason, now, &OpenWork::default())?;
            format!("Client {client_id} discharged on {on}.")
        }
        Change::CloseOpenWork { client_id, open } => {
            let closed = store.close_open_work(client_id, &open, now)?;
            match open.len() - closed {
                0 => format!("Closed at discharge: {}.", open.summary()),
                already => format!("Closed at discharge: {}; {already} had been closed meanwhile.", open.summary()),
            }
        }
        Change::AmendNote { note_id, body } => format!("Addendum {} saved.", store.amend_note(note_id, &body)?),
        Change::AddFollowup(followup) => format!("Follow-up {} added.", store.add_followup(followup)?),
        Change::CompleteFollowup(id) => format!("Follow-up {} done.", store.complete_followup(id)?.id),
        Change::SnoozeFollowup { followup_id, until, reason } => {
            let followup = store.snooze_followup(followup_id, until, &reason, today)?;
            format!("Follow-up {} snoozed until {until}.", followup.id)
        }
        Change::Schedule(appointment) => {
            let at = now.zone.local_display(appointment.starts_at);
            format!("Appointment {} scheduled for {at}.", store.add_appointment(*appointment)?)
        }
        Change::SetAppointment { appointment_id, change } => {
            store.change_appointment(appointment_id, &change)?.changed_sentence()
        }
        Change::SnoozeAlert { client_id, kind, subject, until, reason } => {
            store.snooze_alert(client_id, kind, subject, until, &reason, today)?;
            format!("Alert snoozed until {until}.")
        }
        Change::EndSnooze(id) => {
            store.end_snooze(id, today)?;
            "Snooze ended today: its alert shows again (the snooze stays on record).".to_string()
        }
        Change::AddReferral(referral) => format!("Referral {} added.", store.add_referral(*referral, today)?),
        Change::MoveReferral { referral_id, status, outcome } => {
            let referral = store.update_referral(referral_id, status, outcome.as_deref(), today)?;
            format!("Referral {} is {}.", referral.id, referral.status.label())
        }
        Change::AddEncounter(encounter) => format!("Encounter {} added.", store.add_encounter(encounter, today)?),
        Change::AddProblem(problem) => format!("Problem {} added.", store.add_problem(problem)?),
        Change::AddGoal(goal) => format!("Goal {} added.", store.add_goal(goal, today)?),
        Change::AddIntervention(intervention) => {
            format!("Intervention {} added.", store.add_intervention(intervention)?)
        }
        Change::SetGoal { client_id, goal_id, status, target } => {
            let goal = store.change_goal(client_id, goal_id, status, target, today)?;
            format!("Goal {} is {}.", goal.id, goal.status.label())
        }
        Change::ReviewPlan { client_id, on } => {
            store.review_care_plan(client_id, on, today)?;
            format!("Care plan reviewed on {on}.")
        }
        Change::AddMedication(medication) => format!("Medication {} added.", store.add_medication(*medication, today)?),
        Change::StopMedication { medication_id, on } => {
            let medication = store.stop_medication(medication_id, on, today)?;
            format!("{} stopped on {on}.", medication.name)
        }
        Change::Reconcile(Reconciled { reconciliation, stopped, added }) => {
            let on = reconciliation.reconciled_on;
            let id = store.reconcile(reconciliation, &stopped, &added, today)?;
            format!(
                "Reconciliation {id} saved for {on}: {} stopped, {} changed.",
                stopped.len() - added.len(),
                added.len()
            )
        }
    })
}
