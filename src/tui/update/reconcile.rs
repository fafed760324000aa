//! What the keys of a medication reconciliation do: the key that opens it
//! on the client screen, moving through its lines, choosing and typing, the
//! save (one change, written by `services` in one transaction), and Esc,
//! which asks before throwing away what was chosen.

use ratatui::crossterm::event::KeyEvent;

use super::super::action::Action;
use super::super::context::{Context, Screen};
use super::super::effect::{Change, Effect, FormSave};
use super::super::keymap::Keymap;
use super::super::model::{MEDICATIONS_TAB, Message, Model, Overlay};
use super::super::reconcile::Reconciling;
use crate::domain::privacy::shown_name;
use crate::store::StoreError;

/// The reconcile key on the client screen: every active medication, confirmed.
pub fn open(model: &mut Model) -> Vec<Effect> {
    let Some(view) = model.open_client.as_ref().filter(|_| model.screen == Screen::Client) else {
        model.message = Some(Message::Info("Open a client first.".into()));
        return Vec::new();
    };
    let name = shown_name(&view.client, model.redact);
    model.reconciling = Some(Reconciling::new(view, name, model.now));
    model.client_tab = MEDICATIONS_TAB;
    model.client_scroll = 0;
    model.message = None;
    Vec::new()
}

/// A key while the reconciliation is open.
pub fn key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(open) = model.reconciling.as_mut() else { return Vec::new() };
    if open.asking_cancel {
        open.asking_cancel = false;
        if keymap.resolve(Context::FormPrompt, key) == Some(Action::ConfirmDiscard) {
            model.reconciling = None;
        }
        return Vec::new();
    }
    match keymap.resolve(Context::Reconcile, key) {
        Some(Action::Help) => model.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) if open.is_changed() => open.asking_cancel = true,
        Some(Action::Back) => model.reconciling = None,
        Some(Action::SaveNote) => return save(model),
        Some(Action::Confirm) if open.on_last() => return save(model),
        Some(Action::Confirm | Action::NextField) => open.move_focus(1),
        Some(Action::PreviousField) => open.move_focus(-1),
        _ => {
            open.edit(key);
        }
    }
    Vec::new()
}

/// Pasted text goes into the focused line.
pub fn paste(model: &mut Model, text: &str) {
    if let Some(open) = model.reconciling.as_mut() {
        open.paste(text);
    }
}

/// The reconciliation, its stops and its changes, to be saved as one.
fn save(model: &mut Model) -> Vec<Effect> {
    let Some(open) = model.reconciling.as_mut() else { return Vec::new() };
    match open.to_save(&model.user) {
        Ok(found) => vec![Effect::SaveForm(FormSave { change: Change::Reconcile(found), now: open.now })],
        Err(invalid) => {
            refused(model, &invalid.into());
            Vec::new()
        }
    }
}

/// The save was refused: everything chosen stays, and the screen says why.
pub fn refused(model: &mut Model, error: &StoreError) {
    if let Some(open) = model.reconciling.as_mut() {
        let hint = error.hint();
        open.error = Some(if hint.is_empty() || hint.contains('`') {
            format!("Not saved: {error}.")
        } else {
            format!("Not saved: {error} ({hint}).")
        });
    }
}
