//! The list of snoozed alerts (`Z` on the main screen): moving through it,
//! ending the selected snooze today, closing it.

use ratatui::crossterm::event::KeyEvent;

use super::super::action::Action;
use super::super::context::Context;
use super::super::effect::{Change, Effect, FormSave};
use super::super::keymap::Keymap;
use super::super::model::{Message, Model, Overlay};
use crate::store::listing::WithClient;
use crate::store::snoozes::ActiveSnooze;

/// Asks for the snoozes of the caseload shown.
pub fn load(model: &Model) -> Effect {
    Effect::LoadSnoozes { coordinator: model.query().coordinator, redact: model.redact }
}

/// The list came: shown in its box (kept where it was when it came again).
pub fn loaded(model: &mut Model, listed: Result<Vec<WithClient<ActiveSnooze>>, String>) {
    match listed {
        Ok(snoozes) => {
            let selected = match model.overlay {
                Some(Overlay::Snoozes { selected }) => selected.min(snoozes.len().saturating_sub(1)),
                _ => 0,
            };
            model.snoozes = snoozes;
            model.overlay = Some(Overlay::Snoozes { selected });
        }
        Err(error) => model.message = Some(Message::Error(format!("Could not list the snoozed alerts: {error}"))),
    }
}

/// A key while the list is open.
pub fn key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Snoozes { selected }) = model.overlay else { return Vec::new() };
    let last = model.snoozes.len().saturating_sub(1);
    match keymap.resolve(Context::Snoozes, key) {
        Some(Action::Down) => model.overlay = Some(Overlay::Snoozes { selected: (selected + 1).min(last) }),
        Some(Action::Up) => model.overlay = Some(Overlay::Snoozes { selected: selected.saturating_sub(1) }),
        Some(Action::EndSnooze) => {
            if let Some(snooze) = model.snoozes.get(selected) {
                let change = Change::EndSnooze(snooze.record.id);
                return vec![Effect::SaveForm(FormSave { change, now: model.now })];
            }
        }
        _ => model.overlay = None,
    }
    Vec::new()
}
