//! The note search overlay: typing the words, moving through what was
//! found, opening the client at a note. The search itself is an effect.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::action::Action;
use super::super::context::Context;
use super::super::effect::Effect;
use super::super::keymap::Keymap;
use super::super::model::{Message, Model, NoteSearch, Overlay};
use crate::store::search::SearchHit;

/// Opens the overlay with the words of the last search, to be typed anew.
pub(super) fn open(model: &mut Model) {
    let words = match model.overlay.take() {
        Some(Overlay::Search(search)) => search.words,
        _ => String::new(),
    };
    model.overlay = Some(Overlay::Search(NoteSearch { words, typing: true, hits: None, selected: 0 }));
    model.message = None;
}

/// A key while the overlay is open.
pub(super) fn key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(Overlay::Search(search)) = &mut model.overlay else { return Vec::new() };
    if search.typing {
        match (keymap.resolve(Context::SearchQuery, key), key.code) {
            (Some(Action::Back), _) => model.overlay = None,
            (Some(Action::Confirm), _) if search.words.trim().is_empty() => {}
            (Some(Action::Confirm), _) => {
                let words = search.words.clone();
                return vec![Effect::Search {
                    words,
                    coordinator: model.whose.coordinator(&model.user),
                    redact: model.redact,
                }];
            }
            (_, KeyCode::Char(c)) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                search.words.push(c);
            }
            (_, KeyCode::Backspace) => {
                search.words.pop();
            }
            _ => {}
        }
        return Vec::new();
    }
    let found = search.hits.as_deref().map_or(0, <[SearchHit]>::len);
    match keymap.resolve(Context::SearchResults, key) {
        Some(Action::Down) => search.selected = (search.selected + 1).min(found.saturating_sub(1)),
        Some(Action::Up) => search.selected = search.selected.saturating_sub(1),
        Some(Action::SearchNotes) => search.typing = true,
        Some(Action::Back) => model.overlay = None,
        Some(Action::Open) => {
            let Some(hit) = search.hits.as_ref().and_then(|hits| hits.get(search.selected)) else {
                return Vec::new();
            };
            let client_id = hit.client_id;
            model.focus_note = hit.note_id;
            model.overlay = None;
            return vec![Effect::OpenClient(client_id)];
        }
        _ => {}
    }
    Vec::new()
}

/// Text pasted while the words are typed goes into them.
pub(super) fn paste(model: &mut Model, text: &str) {
    if let Some(Overlay::Search(search)) = &mut model.overlay
        && search.typing
    {
        search.words.extend(text.chars().filter(|c| !c.is_control()));
    }
}

/// What the search found: the results to move through, or why there are none.
pub(super) fn found(model: &mut Model, searched: Result<Vec<SearchHit>, String>) {
    let Some(Overlay::Search(search)) = &mut model.overlay else { return };
    match searched {
        Ok(hits) => {
            search.hits = Some(hits);
            search.selected = 0;
            search.typing = false;
        }
        Err(error) => model.message = Some(Message::Error(format!("Could not search: {error}"))),
    }
}
