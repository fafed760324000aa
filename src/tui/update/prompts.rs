//! Questions that wait for y or n: "cancel this appointment?" (the Today
//! pane's cancel key) and, after a discharge, "cancel what is still open?".

use ratatui::crossterm::event::KeyEvent;

use super::super::action::Action;
use super::super::context::Context;
use super::super::effect::{Change, Effect, FormSave};
use super::super::forms::purpose::Purpose;
use super::super::keymap::Keymap;
use super::super::model::{Message, Model, Overlay};
use crate::domain::appointment::AppointmentStatus;
use crate::domain::discharge::OpenWork;
use crate::domain::privacy::{Redactor, shown_name};
use crate::store::appointments::AppointmentChange;

/// The Today pane's cancel key: asks about the selected appointment first.
pub fn ask_cancel(model: &mut Model) {
    let Some(row) = model.selected_today() else {
        model.message = Some(Message::Info("Select an appointment in the Today pane (2) first.".into()));
        return;
    };
    let a = &row.appointment;
    let with = a.with_whom.as_deref().map(|w| format!(" with {w}")).unwrap_or_default();
    let what = format!("{} {}{with} for {}", model.now.zone.local_clock(a.starts_at), a.kind.label(), row.client_name);
    model.overlay = Some(Overlay::CancelAppointment { appointment_id: a.id, what });
}

/// A discharge was saved: when its client still has something open, the
/// question whether to cancel it. The form is still open (it closes next).
pub fn offer_after_discharge(model: &mut Model) {
    let Some(Purpose::Discharge { client_id }) = model.form.as_ref().map(|form| &form.purpose) else { return };
    let Some(view) = model.open_client.as_ref().filter(|view| view.client.id == *client_id) else { return };
    let mut open = OpenWork::of(model.now.instant, &view.appointments, &view.followups, &view.referrals);
    if open.is_empty() {
        return;
    }
    if model.redact {
        // Shown as --redact shows the client screen; the store reads each
        // record again by its id, so only what is drawn changes.
        let redactor = Redactor::new([&view.client]);
        redactor.apply(&mut open.appointments);
        redactor.apply(&mut open.followups);
        redactor.apply(&mut open.referrals);
    }
    let client_name = shown_name(&view.client, model.redact);
    model.overlay = Some(Overlay::DischargeOffer { client_id: *client_id, client_name, open });
}

/// A key while one of the questions is open; None when none is.
pub fn key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Option<Vec<Effect>> {
    // The question's keys, what yes changes, and what no says.
    let (context, change, kept) = match model.overlay.as_ref()? {
        Overlay::CancelAppointment { appointment_id, .. } => {
            let change = AppointmentChange { status: Some(AppointmentStatus::Cancelled), ..Default::default() };
            let change = Change::SetAppointment { appointment_id: *appointment_id, change };
            (Context::CancelPrompt, change, "The appointment stays as it was.".to_string())
        }
        Overlay::DischargeOffer { client_id, open, .. } => {
            let change = Change::CloseOpenWork { client_id: *client_id, open: open.clone() };
            (Context::DischargeOffer, change, format!("Left open: {}.", open.summary()))
        }
        _ => return None,
    };
    Some(match keymap.resolve(context, key) {
        Some(Action::Yes) => {
            model.overlay = None;
            vec![Effect::SaveForm(FormSave { change, now: model.now })]
        }
        Some(Action::No) => {
            model.overlay = None;
            model.message = Some(Message::Info(kept));
            Vec::new()
        }
        // Anything else leaves the question open and says what answers it.
        _ => {
            let keys = keymap.hints(context, &[(Action::Yes, "yes"), (Action::No, "no")]);
            model.message = Some(Message::Info(format!("Answer the question first: {keys}.")));
            Vec::new()
        }
    })
}
