//! Questions that wait for y or n: "cancel this appointment?" (the Today
//! pane's cancel key) and, after a discharge, "cancel what is still open?".

use ratatui::crossterm::event::KeyEvent;

use super::super::action::Action;
use super::super::context::{Context, Screen};
use super::super::effect::{Change, Effect, FormSave};
use super::super::forms::purpose::Purpose;
use super::super::keymap::Keymap;
use super::super::model::{APPOINTMENTS_TAB, Message, Model, Overlay};
use crate::domain::appointment::AppointmentStatus;
use crate::domain::discharge::OpenWork;
use crate::domain::privacy::{Redactor, shown_name};
use crate::store::appointments::AppointmentChange;

/// The cancel key, in Today or the Appointments tab: asks about the
/// selected appointment first.
pub fn ask_cancel(model: &mut Model) {
    let (appointment, client_name) = match model.screen {
        Screen::Client if model.client_tab == APPOINTMENTS_TAB => {
            let Some(view) = model.open_client.as_ref() else { return };
            let selected = model.selected_appointment();
            let found = view.appointments.iter().find(|a| Some(a.id) == selected);
            (found, shown_name(&view.client, model.redact))
        }
        Screen::Client => {
            model.message = Some(Message::Info("Go to the Appointments tab to cancel an appointment.".into()));
            return;
        }
        _ => match model.selected_today() {
            Some(row) => (Some(&row.appointment), row.client_name.clone()),
            None => (None, String::new()),
        },
    };
    let Some(a) = appointment else {
        model.message = Some(Message::Info("Select an appointment in Today (2) or the Appointments tab first.".into()));
        return;
    };
    let with = a.with_whom.as_deref().map(|w| format!(" with {w}")).unwrap_or_default();
    let when = match model.screen {
        Screen::Client => model.now.zone.local_display(a.starts_at),
        _ => model.now.zone.local_clock(a.starts_at),
    };
    let what = format!("{when} {}{with} for {client_name}", a.kind.label());
    model.overlay = Some(Overlay::CancelAppointment { appointment_id: a.id, what });
    model.message = None;
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
