//! What the note editor's keys do: open it (a new note, or a draft where
//! one was left), hand every change to the draft keeper, save the note with
//! its follow-up, and close it keeping or discarding the draft. Also the
//! drafts list offered at start.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use super::Services;
use super::action::Action;
use super::app::{App, Message, Overlay};
use super::drafts::DraftStatus;
use super::editor::{Editor, Prompt};
use super::form::FormError;
use super::forms;
use super::keymap::{Context, Keymap, Screen};
use crate::store::StoreError;

/// How long a retried save waits for the database before the next tick.
const RETRY_WAIT: Duration = Duration::from_millis(150);

/// `n`: the editor for the selected or open client, resuming its draft if
/// the user left one.
pub fn open(app: &mut App) {
    let target = match forms::target(app) {
        Ok(target) => target,
        Err(why) => return app.message = Some(Message::Info(why)),
    };
    let editor = match app.draft_for(target.id) {
        Some(draft) => Editor::resume(&draft.record, target.name, app.now),
        None => Editor::new(target.id, target.name, app.now),
    };
    show(app, editor);
}

/// Opens the editor on a draft from the drafts list.
fn resume(app: &mut App, index: usize) {
    let Some(draft) = app.drafts.get(index) else { return };
    let editor = Editor::resume(&draft.record, draft.client_name.clone(), app.now);
    show(app, editor);
}

fn show(app: &mut App, editor: Editor) {
    app.return_screen = app.screen;
    app.screen = Screen::Editor;
    app.overlay = None;
    app.message = None;
    app.editor = Some(editor);
    // Nothing is written until something is typed: a note opened and left
    // untouched leaves no draft behind.
}

/// Gives the keeper the draft as it stands; it reaches the file shortly.
fn hand_over(app: &mut App, services: &Services) {
    if let Some(editor) = &mut app.editor {
        services.drafts.update(editor.draft(&app.user, app.now.instant));
        editor.draft_status = Some(DraftStatus::Pending);
    }
}

pub fn handle_key(app: &mut App, keymap: &Keymap, key: KeyEvent, services: &mut Services) {
    let Some(editor) = app.editor.as_mut() else { return };
    if let Some(prompt) = editor.prompt.take() {
        return answer(app, keymap, services, prompt, key);
    }
    let changed = match keymap.resolve(Screen::Editor, key) {
        Some(Action::SaveNote) => return save(app, services, None),
        Some(Action::Back) if editor.changed => {
            editor.retrying = false;
            editor.prompt = Some(Prompt::Close);
            false
        }
        Some(Action::Back) => return close(app, services),
        Some(Action::Help) => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            false
        }
        Some(Action::ToggleTimer) => {
            editor.toggle_timer(app.now.instant);
            true
        }
        Some(Action::InsertTemplate) if services.templates.is_empty() => {
            app.message =
                Some(Message::Info("No note templates: add some under [note_templates] in the config.".into()));
            false
        }
        Some(Action::InsertTemplate) => {
            editor.prompt =
                Some(Prompt::Templates { names: services.templates.keys().cloned().collect(), selected: 0 });
            false
        }
        Some(Action::NextField) => {
            editor.cycle_focus(true);
            false
        }
        Some(Action::PreviousField) => {
            editor.cycle_focus(false);
            false
        }
        _ => editor.type_key(key),
    };
    if changed {
        app.message = None;
        hand_over(app, services);
    }
}

/// Text pasted into the terminal (bracketed paste) while the editor is open.
pub fn paste(app: &mut App, services: &mut Services, text: &str) {
    if let Some(editor) = app.editor.as_mut().filter(|e| e.prompt.is_none())
        && editor.paste(text)
    {
        hand_over(app, services);
    }
}

fn answer(app: &mut App, keymap: &Keymap, services: &mut Services, prompt: Prompt, key: KeyEvent) {
    let Some(editor) = app.editor.as_mut() else { return };
    match prompt {
        Prompt::Close => match keymap.resolve(Context::ClosePrompt, key) {
            Some(Action::KeepDraft) => keep(app, keymap, services),
            Some(Action::DiscardDraft) => discard(app, services),
            // Any other key goes back to the note.
            _ => {}
        },
        Prompt::Templates { names, mut selected } => match keymap.resolve(Context::Templates, key) {
            Some(Action::Down) => {
                selected = (selected + 1).min(names.len().saturating_sub(1));
                editor.prompt = Some(Prompt::Templates { names, selected });
            }
            Some(Action::Up) => {
                editor.prompt = Some(Prompt::Templates { names, selected: selected.saturating_sub(1) });
            }
            Some(Action::Confirm) => {
                if let Some(text) = names.get(selected).and_then(|name| services.templates.get(name)) {
                    editor.insert_template(text);
                    hand_over(app, services);
                }
            }
            _ => {}
        },
    }
}

/// The save key (and each retry while the database is busy): the note, its
/// follow-up and the removal of its draft in one transaction. On failure
/// the editor stays open with every character, and says why.
pub fn save(app: &mut App, services: &mut Services, wait: Option<Duration>) {
    let Some(editor) = app.editor.as_mut() else { return };
    services.store.set_now(app.now.instant);
    let note = match editor.to_save(&app.user, app.now) {
        Ok(note) => note,
        Err(invalid) => {
            editor.retrying = false;
            return editor.show_error(&invalid.into());
        }
    };
    services.drafts.begin_save();
    let saved = match wait {
        Some(wait) => services.store.with_busy_timeout(wait, |store| store.save_note(note)),
        None => services.store.save_note(note),
    };
    services.drafts.end_save(saved.is_ok());
    match saved {
        Ok((note_id, followup_id)) => {
            let followup = followup_id.map(|id| format!(" and follow-up {id}")).unwrap_or_default();
            leave(app, services);
            app.message = Some(Message::Info(format!("Note {note_id}{followup} saved.")));
        }
        Err(StoreError::Busy) => {
            editor.retrying = true;
            editor.fields.error = Some(FormError {
                field: None,
                message: "The database is busy (another program is writing): the note is kept and will be saved \
                          as soon as it is free."
                    .into(),
                hint: Some("keep typing if you like; Esc stops waiting".into()),
            });
        }
        Err(error) => {
            editor.retrying = false;
            editor.show_error(&error);
        }
    }
}

/// The prompt's keep key: the draft is written now and the editor closes.
fn keep(app: &mut App, keymap: &Keymap, services: &mut Services) {
    hand_over(app, services);
    services.drafts.flush();
    if let DraftStatus::Failed(why) = services.drafts.status() {
        if let Some(editor) = app.editor.as_mut() {
            editor.fields.error = Some(FormError {
                field: None,
                message: format!("The draft could not be written ({why}), so the note stays open."),
                hint: Some(format!(
                    "save it with {} once the database is writable again",
                    keymap.key_on(Context::Editor, Action::SaveNote)
                )),
            });
        }
        return;
    }
    leave(app, services);
    app.message = Some(Message::Info(format!(
        "Draft kept: {} on the client, or {}, takes you back to it.",
        keymap.key_for(Action::AddNote),
        keymap.key_for(Action::Drafts)
    )));
}

/// The prompt's discard key: the draft is thrown away.
fn discard(app: &mut App, services: &mut Services) {
    let Some(id) = app.editor.as_ref().map(|e| e.draft_id) else { return };
    services.drafts.forget();
    match services.store.discard_draft(id) {
        Ok(()) => {
            leave(app, services);
            app.message = Some(Message::Info("Draft discarded.".into()));
        }
        Err(error) => {
            // Still written: kept, so nothing is lost; the editor stays.
            hand_over(app, services);
            app.message = Some(Message::Error(format!("Could not discard the draft: {error}")));
        }
    }
}

/// Esc with nothing typed: nothing to keep (a resumed draft left untouched
/// stays as it was).
fn close(app: &mut App, services: &mut Services) {
    services.drafts.forget();
    leave(app, services);
}

fn leave(app: &mut App, services: &mut Services) {
    app.editor = None;
    app.screen = app.return_screen;
    super::update::reload(app, services);
}

/// Once a second while the editor is open: the minutes follow the timer,
/// the draft's state shows, and a save refused as busy is tried again.
/// Returns whether anything shown changed.
pub fn on_tick(app: &mut App, services: &mut Services) -> bool {
    let Some(editor) = app.editor.as_mut() else { return false };
    let mut changed = editor.follow_timer(app.now.instant);
    let status = Some(services.drafts.status());
    if editor.changed && editor.draft_status != status {
        editor.draft_status = status;
        changed = true;
    }
    if editor.retrying {
        save(app, services, Some(RETRY_WAIT));
        changed = true;
    }
    changed
}

/// Keys on the drafts list: move, resume, discard (after a yes), close.
pub fn drafts_key(app: &mut App, keymap: &Keymap, key: KeyEvent, services: &mut Services) {
    let Some(Overlay::Drafts { selected, confirm_discard }) = app.overlay.clone() else { return };
    let last = app.drafts.len().saturating_sub(1);
    let mut next = Overlay::Drafts { selected, confirm_discard: false };
    let action = keymap.resolve(Context::Drafts, key);
    if confirm_discard {
        if action == Some(Action::ConfirmDiscard)
            && let Some(draft) = app.drafts.get(selected)
        {
            match services.store.discard_draft(draft.record.id) {
                Ok(()) => app.message = Some(Message::Info("Draft discarded.".into())),
                Err(error) => app.message = Some(Message::Error(format!("Could not discard the draft: {error}"))),
            }
            if let Err(error) = super::data::load_drafts(app, &services.store) {
                app.message = Some(Message::Error(format!("Could not list the drafts: {error}")));
            }
            next =
                Overlay::Drafts { selected: selected.min(app.drafts.len().saturating_sub(1)), confirm_discard: false };
        }
        app.overlay = (!app.drafts.is_empty()).then_some(next);
        return;
    }
    match action {
        Some(Action::DiscardDraft) => next = Overlay::Drafts { selected, confirm_discard: true },
        Some(Action::Down) => next = Overlay::Drafts { selected: (selected + 1).min(last), confirm_discard: false },
        Some(Action::Up) => next = Overlay::Drafts { selected: selected.saturating_sub(1), confirm_discard: false },
        Some(Action::Confirm) => return resume(app, selected),
        _ => return app.overlay = None,
    }
    app.overlay = Some(next);
}

/// At start: the drafts list, if the user left any.
pub fn show_drafts_if_any(app: &mut App) {
    if !app.drafts.is_empty() {
        app.overlay = Some(Overlay::Drafts { selected: 0, confirm_discard: false });
    }
}

/// `D`: the drafts list, or a word that there are none.
pub fn show_drafts(app: &mut App) {
    show_drafts_if_any(app);
    if app.drafts.is_empty() {
        app.message = Some(Message::Info("No unsaved notes.".into()));
    }
}
