//! What the note editor's keys do to the model: open it (a new note, or a
//! draft where one was left), hand every change to the draft keeper, ask
//! for the note with its follow-up to be saved, and close it keeping or
//! discarding the draft. Also the drafts list offered at start. Like
//! `update`, it returns effects and runs none.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

use super::action::Action;
use super::context::{Context, Screen};
use super::drafts::DraftStatus;
use super::editor::{Editor, Prompt};
use super::effect::{Effect, Then};
use super::form::FormError;
use super::forms;
use super::keymap::Keymap;
use super::model::{Message, Model, Overlay};
use super::snapshot::Drafts;
use crate::domain::draft::{Draft, ScreeningDraft};
use crate::store::StoreError;

/// How long a retried save waits for the database before the next tick.
const RETRY_WAIT: Duration = Duration::from_millis(150);

/// `n`: the editor for the selected or open client, resuming its draft if
/// the user left one.
pub fn open(model: &mut Model, keymap: &Keymap) -> Vec<Effect> {
    let target = match forms::target(model) {
        Ok(target) => target,
        Err(why) => {
            model.message = Some(Message::Info(why));
            return Vec::new();
        }
    };
    let editor = match model.draft_for(target.id) {
        Some(draft) => Editor::resume(&draft.record, target.name, model.now),
        None => Editor::new(target.id, target.name, model.now),
    };
    show(model, keymap, editor)
}

/// Opens the editor on a draft from the drafts list.
fn resume(model: &mut Model, keymap: &Keymap, index: usize) -> Vec<Effect> {
    let Some(draft) = model.drafts.notes.get(index) else { return Vec::new() };
    let editor = Editor::resume(&draft.record, draft.client_name.clone(), model.now);
    show(model, keymap, editor)
}

/// Shows the editor and asks for the client's programs (the note's choices
/// and the month's minutes), which arrive after it opens.
fn show(model: &mut Model, keymap: &Keymap, mut editor: Editor) -> Vec<Effect> {
    let client_id = editor.client_id;
    editor.body.set_placeholder_text(format!(
        "Type the note. {} saves; {} goes to the fields.",
        keymap.key_on(Context::Editor, Action::SaveNote),
        keymap.key_on(Context::Editor, Action::NextField)
    ));
    model.return_screen = model.screen;
    model.screen = Screen::Editor;
    model.overlay = None;
    model.message = None;
    model.editor = Some(editor);
    // Nothing is written until something is typed: a note opened and left
    // untouched leaves no draft behind.
    vec![Effect::LoadNotePrograms(client_id)]
}

/// The draft as it stands, for the keeper; it reaches the file shortly.
fn draft(model: &mut Model) -> Option<Draft> {
    let editor = model.editor.as_mut()?;
    editor.draft_status = Some(DraftStatus::Pending);
    Some(editor.draft(&model.user, model.now.instant))
}

fn hand_over(model: &mut Model) -> Vec<Effect> {
    draft(model).map(|draft| Effect::WriteDraft(draft.into())).into_iter().collect()
}

pub fn handle_key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(editor) = model.editor.as_mut() else { return Vec::new() };
    if let Some(prompt) = editor.prompt.take() {
        return answer(model, keymap, prompt, key);
    }
    let changed = match keymap.resolve(Screen::Editor, key) {
        Some(Action::SaveNote) => return save(model, None),
        Some(Action::Back) if editor.changed => {
            editor.retrying = false;
            editor.prompt = Some(Prompt::Close);
            false
        }
        Some(Action::Back) => return close(model),
        Some(Action::Help) => {
            model.overlay = Some(Overlay::Help { scroll: 0 });
            false
        }
        Some(Action::ToggleTimer) => {
            editor.toggle_timer(model.now.instant);
            true
        }
        Some(Action::InsertTemplate) if model.templates.is_empty() => {
            model.message =
                Some(Message::Info("No note templates: add some under [note_templates] in the config.".into()));
            false
        }
        Some(Action::InsertTemplate) => {
            editor.prompt = Some(Prompt::Templates { names: model.templates.keys().cloned().collect(), selected: 0 });
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
    if !changed {
        return Vec::new();
    }
    model.message = None;
    hand_over(model)
}

/// Text pasted into the terminal (bracketed paste) while the editor is open.
pub fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    let pasted = model.editor.as_mut().filter(|e| e.prompt.is_none()).is_some_and(|editor| editor.paste(text));
    if pasted { hand_over(model) } else { Vec::new() }
}

fn answer(model: &mut Model, keymap: &Keymap, prompt: Prompt, key: KeyEvent) -> Vec<Effect> {
    let Some(editor) = model.editor.as_mut() else { return Vec::new() };
    match prompt {
        Prompt::Close => match keymap.resolve(Context::ClosePrompt, key) {
            Some(Action::KeepDraft) => {
                return draft(model).map(|draft| Effect::KeepDraft(draft.into())).into_iter().collect();
            }
            Some(Action::DiscardDraft) => return vec![Effect::ForgetDraft, Effect::DiscardDraft(editor.draft_id)],
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
                if let Some(text) = names.get(selected).and_then(|name| model.templates.get(name)) {
                    editor.insert_template(text);
                    return hand_over(model);
                }
            }
            _ => {}
        },
    }
    Vec::new()
}

/// The save key (and each retry while the database is busy): the note, its
/// follow-up and the removal of its draft, to be saved in one transaction.
/// A field the editor cannot read is shown at once and nothing is saved.
pub fn save(model: &mut Model, wait: Option<Duration>) -> Vec<Effect> {
    let Some(editor) = model.editor.as_mut() else { return Vec::new() };
    match editor.to_save(&model.user, model.now) {
        Ok(save) => vec![Effect::SaveNote { save, wait }],
        Err(invalid) => {
            editor.retrying = false;
            editor.show_error(&invalid.into());
            Vec::new()
        }
    }
}

/// The note is saved: the editor closes and the screens reload.
pub fn saved(model: &mut Model, note_id: i64, followup_id: Option<i64>) -> Vec<Effect> {
    let followup = followup_id.map(|id| format!(" and follow-up {id}")).unwrap_or_default();
    leave(model, Then::Say(Message::Info(format!("Note {note_id}{followup} saved."))))
}

/// The save was refused: the editor stays open with every character, and
/// says why (a busy database is tried again on the next tick).
pub fn refused(model: &mut Model, error: &StoreError) -> Vec<Effect> {
    let Some(editor) = model.editor.as_mut() else { return Vec::new() };
    if matches!(error, StoreError::Busy) {
        editor.retrying = true;
        editor.fields.error = Some(FormError {
            field: None,
            message: "The database is busy (another program is writing): the note is kept and will be saved as \
                      soon as it is free."
                .into(),
            hint: Some("keep typing if you like; Esc stops waiting".into()),
        });
    } else {
        editor.retrying = false;
        editor.show_error(error);
    }
    Vec::new()
}

/// The prompt's keep key wrote the draft now: the editor closes, unless
/// the draft could not be written.
pub fn kept(model: &mut Model, keymap: &Keymap, status: DraftStatus) -> Vec<Effect> {
    if let DraftStatus::Failed(why) = status {
        if let Some(editor) = model.editor.as_mut() {
            editor.fields.error = Some(FormError {
                field: None,
                message: format!("The draft could not be written ({why}), so the note stays open."),
                hint: Some(format!(
                    "save it with {} once the database is writable again",
                    keymap.key_on(Context::Editor, Action::SaveNote)
                )),
            });
        }
        return Vec::new();
    }
    let said = format!(
        "Draft kept: {} on the client, or {}, takes you back to it.",
        keymap.key_for(Action::AddNote),
        keymap.key_for(Action::Drafts)
    );
    leave(model, Then::Say(Message::Info(said)))
}

/// A draft was thrown away, from the editor (which then closes; if it was
/// not, the draft is kept and the editor stays) or from the drafts list.
pub fn discarded(model: &mut Model, discarded: Result<(), String>) -> Vec<Effect> {
    match (model.editor.is_some(), discarded) {
        (true, Ok(())) => leave(model, Then::Say(Message::Info("Draft discarded.".into()))),
        (true, Err(error)) => {
            // Still written: kept, so nothing is lost; the editor stays.
            let effects = hand_over(model);
            model.message = Some(Message::Error(format!("Could not discard the draft: {error}")));
            effects
        }
        (false, discarded) => {
            model.message = Some(match discarded {
                Ok(()) => Message::Info("Draft discarded.".into()),
                Err(error) => Message::Error(format!("Could not discard the draft: {error}")),
            });
            vec![Effect::LoadDrafts { redact: model.redact }]
        }
    }
}

/// The drafts list after a discard: the rest, or closed when none is left.
pub fn drafts_loaded(model: &mut Model, loaded: Result<Drafts, String>) {
    match loaded {
        Ok(drafts) => model.drafts = drafts,
        Err(error) => model.message = Some(Message::Error(format!("Could not list the drafts: {error}"))),
    }
    if let Some(Overlay::Drafts { selected, .. }) = model.overlay {
        model.overlay = (!model.drafts.is_empty()).then(|| Overlay::Drafts {
            selected: selected.min(model.drafts.len().saturating_sub(1)),
            confirm_discard: false,
        });
    }
}

/// Esc with nothing typed: nothing to keep (a resumed draft left untouched
/// stays as it was).
fn close(model: &mut Model) -> Vec<Effect> {
    let mut effects = vec![Effect::ForgetDraft];
    effects.extend(leave(model, Then::Quiet));
    effects
}

fn leave(model: &mut Model, then: Then) -> Vec<Effect> {
    model.editor = None;
    model.screen = model.return_screen;
    vec![Effect::refresh(model, then)]
}

/// Once a second while the editor is open: the minutes follow the timer,
/// the draft's state shows, and a save refused as busy is tried again.
pub fn on_tick(model: &mut Model, draft: DraftStatus) -> Vec<Effect> {
    let Some(editor) = model.editor.as_mut() else { return Vec::new() };
    let mut changed = editor.follow_timer(model.now.instant);
    let status = Some(draft);
    if editor.changed && editor.draft_status != status {
        editor.draft_status = status;
        changed = true;
    }
    let mut effects = Vec::new();
    if editor.retrying {
        effects = save(model, Some(RETRY_WAIT));
        changed = true;
    }
    if changed {
        effects.push(Effect::Redraw);
    }
    effects
}

/// Keys on the drafts list: move, resume, discard (after a yes), close.
/// The list holds the notes, then the screenings.
pub fn drafts_key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Drafts { selected, confirm_discard }) = model.overlay.clone() else { return Vec::new() };
    let last = model.drafts.len().saturating_sub(1);
    let mut next = Overlay::Drafts { selected, confirm_discard: false };
    let action = keymap.resolve(Context::Drafts, key);
    if confirm_discard {
        model.overlay = (!model.drafts.is_empty()).then_some(next);
        if action != Some(Action::ConfirmDiscard) {
            return Vec::new();
        }
        return match listed(model, selected) {
            Some(Listed::Note { id }) => vec![Effect::DiscardDraft(id)],
            Some(Listed::Screening(draft)) => {
                vec![Effect::DiscardScreeningDraft { client_id: draft.client_id, instrument: draft.instrument }]
            }
            None => Vec::new(),
        };
    }
    match action {
        Some(Action::DiscardDraft) => next = Overlay::Drafts { selected, confirm_discard: true },
        Some(Action::Down) => next = Overlay::Drafts { selected: (selected + 1).min(last), confirm_discard: false },
        Some(Action::Up) => next = Overlay::Drafts { selected: selected.saturating_sub(1), confirm_discard: false },
        Some(Action::Confirm) => {
            return match listed(model, selected) {
                Some(Listed::Note { .. }) => resume(model, keymap, selected),
                Some(Listed::Screening(draft)) => {
                    // It is taken up once its client has opened.
                    let client_id = draft.client_id;
                    model.resume_screening = Some(draft);
                    model.overlay = None;
                    vec![Effect::OpenClient(client_id)]
                }
                None => Vec::new(),
            };
        }
        _ => {
            model.overlay = None;
            return Vec::new();
        }
    }
    model.overlay = Some(next);
    Vec::new()
}

/// A row of the drafts list.
enum Listed {
    Note { id: i64 },
    Screening(ScreeningDraft),
}

fn listed(model: &Model, index: usize) -> Option<Listed> {
    let notes = &model.drafts.notes;
    match notes.get(index) {
        Some(draft) => Some(Listed::Note { id: draft.record.id }),
        None => model.drafts.screenings.get(index - notes.len()).map(|d| Listed::Screening(d.record.clone())),
    }
}

/// At start: the drafts list, if the user left any.
pub fn offer_drafts(model: &mut Model) {
    if !model.drafts.is_empty() {
        model.overlay = Some(Overlay::Drafts { selected: 0, confirm_discard: false });
    }
}

/// `D`: the drafts list, or a word that there are none.
pub fn show_drafts(model: &mut Model) {
    offer_drafts(model);
    if model.drafts.is_empty() {
        model.message = Some(Message::Info("No unsaved notes or screenings.".into()));
    }
}
