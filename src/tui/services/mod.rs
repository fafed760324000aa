//! The only code that runs an `Effect` against the store (and the draft
//! keeper): each effect is carried out here and what came of it goes back
//! to `update` as a `Msg`.

mod saves;

use std::time::Duration;

use anyhow::Result;

use super::drafts::DraftKeeper;
use super::effect::{Effect, Then};
use super::loader::{self, Rules};
use super::msg::{Msg, Saved, Tick};
use super::snapshot::{Query, Snapshot};
use crate::domain::time::Now;
use crate::store::{AuditAction, Store};

/// Past this many changed clients (an import, a colleague's bulk work) one
/// load of everything is quicker than reading them one set at a time.
const MOST_CLIENTS_PATCHED: usize = 500;

/// At most this many clients and this many notes a search shows.
const SEARCH_LIMIT: u32 = 50;

/// What the interface calls on: the store and the rules it computes with.
pub struct Services {
    store: Store,
    rules: Rules,
    /// `PRAGMA data_version` when last seen: it moves when another process writes.
    data_version: i64,
    /// `Store::last_change_id` when last seen: it moves when a record
    /// changes, and not when someone only looks (views never reload screens).
    last_change_id: i64,
    /// The change id before the changes a tick saw and no load has taken in
    /// yet: where `Refresh` asks which clients they were about.
    unloaded_since: Option<i64>,
    /// Writes the open note's draft in the background and on the way out.
    drafts: DraftKeeper,
}

impl Services {
    pub fn new(store: Store, rules: Rules, drafts: DraftKeeper) -> Result<Services> {
        let data_version = store.data_version()?;
        let last_change_id = store.last_change_id()?;
        Ok(Services { store, rules, data_version, last_change_id, unloaded_since: None, drafts })
    }

    pub fn drafts(&self) -> &DraftKeeper {
        &self.drafts
    }

    /// Loads what the screens show. What is loaded includes every change so
    /// far: the next tick need not load it again.
    pub fn load(&mut self, query: &Query) -> Result<Snapshot> {
        self.store.set_now(query.now.instant);
        if let (Ok(version), Ok(last)) = (self.store.data_version(), self.store.last_change_id()) {
            (self.data_version, self.last_change_id) = (version, last);
        }
        self.unloaded_since = None;
        loader::load(&mut self.store, query, &self.rules)
    }

    /// Loads again what the changes since the last load were about: only
    /// their clients when they name a few, else everything.
    fn refresh(&mut self, query: &Query, then: Then) -> Msg {
        let since = self.unloaded_since.unwrap_or(self.last_change_id);
        let changed = self.store.changes_since(since).map(|changes| changes.clients);
        match changed {
            Ok(Some(clients)) if clients.len() <= MOST_CLIENTS_PATCHED => {
                self.unloaded_since = None;
                let patched = loader::load_changed(&mut self.store, query, clients, &self.rules);
                Msg::Patched { patched: patched.map(Box::new).map_err(|e| e.to_string()), then }
            }
            _ => Msg::Loaded { loaded: self.load(query).map(Box::new).map_err(|e| e.to_string()), then },
        }
    }

    /// What a second brings: the draft's state, and whether another process
    /// committed (cheap to ask every second) a change to a record rather
    /// than a draft or a view row.
    pub fn tick(&mut self, idle: Duration) -> Tick {
        let records_changed = self.store.data_version().and_then(|version| {
            if version == self.data_version {
                return Ok(false);
            }
            self.data_version = version;
            let last = self.store.last_change_id()?;
            let before = std::mem::replace(&mut self.last_change_id, last);
            if before != last {
                self.unloaded_since.get_or_insert(before);
            }
            Ok(before != last)
        });
        Tick { idle, draft: self.drafts.status(), records_changed: records_changed.map_err(|e| e.to_string()) }
    }

    /// Carries out one effect at `now`; returns what came of it, if `update`
    /// needs to hear. `Redraw` and `Quit` are the loop's, not ours.
    pub fn run(&mut self, effect: Effect, now: Now) -> Option<Msg> {
        self.store.set_now(now.instant);
        let message = match effect {
            Effect::Reload { query, then } => {
                Msg::Loaded { loaded: self.load(&query).map(Box::new).map_err(|e| e.to_string()), then }
            }
            Effect::Refresh { query, then } => self.refresh(&query, then),
            Effect::OpenClient(client_id) => {
                let loaded = self
                    .store
                    .audit(AuditAction::View, "client", Some(client_id), "open")
                    .map_err(anyhow::Error::from)
                    .and_then(|()| loader::load_client(&self.store, client_id, now, &self.rules));
                Msg::ClientLoaded(loaded.map(Box::new).map_err(|e| e.to_string()))
            }
            Effect::LoadNotePrograms(client_id) => Msg::NotePrograms(
                loader::note_programs(&self.store, client_id, now, &self.rules.billing)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            ),
            Effect::ListCoordinators => Msg::Coordinators(self.store.coordinators().map_err(|e| e.to_string())),
            Effect::LoadResources => {
                Msg::Resources(self.store.resources(&Default::default()).map_err(|e| e.to_string()))
            }
            Effect::SaveNote { save, wait } => {
                self.drafts.begin_save();
                let saved = match wait {
                    Some(wait) => self.store.with_busy_timeout(wait, |store| store.save_note(save)),
                    None => self.store.save_note(save),
                };
                self.drafts.end_save(saved.is_ok());
                match saved {
                    Ok((note_id, followup_id)) => Msg::Saved(Saved::Note { note_id, followup_id }),
                    Err(error) => Msg::SaveFailed(error),
                }
            }
            Effect::SaveForm(save) => match saves::make(&mut self.store, save) {
                Ok(done) => Msg::Saved(Saved::Form(done)),
                Err(error) => Msg::SaveFailed(error),
            },
            Effect::WriteDraft(draft) => {
                self.drafts.update(draft);
                return None;
            }
            Effect::KeepDraft(draft) => {
                self.drafts.update(draft);
                self.drafts.flush();
                Msg::DraftKept(self.drafts.status())
            }
            Effect::ForgetDraft => {
                self.drafts.forget();
                return None;
            }
            Effect::DiscardDraft(id) => Msg::DraftDiscarded(self.store.discard_draft(id).map_err(|e| e.to_string())),
            Effect::DiscardScreeningDraft { client_id, instrument } => Msg::DraftDiscarded(
                self.store.discard_screening_draft(client_id, instrument).map_err(|e| e.to_string()),
            ),
            Effect::SaveScreening(screening) => {
                // The record's insert ends its draft (a trigger); a late
                // background write must not bring the draft back.
                self.drafts.begin_save();
                let saved = self.store.add_assessment(screening);
                self.drafts.end_save(saved.is_ok());
                match saved {
                    Ok(assessment) => Msg::Saved(Saved::Screening(Box::new(assessment))),
                    Err(error) => Msg::SaveFailed(error),
                }
            }
            Effect::LoadDrafts { redact } => {
                Msg::DraftsLoaded(loader::drafts(&self.store, redact).map_err(|e| e.to_string()))
            }
            Effect::LoadSnoozes { coordinator, redact } => Msg::SnoozesLoaded(
                loader::snoozes(&self.store, coordinator.as_deref(), now.today(), redact).map_err(|e| e.to_string()),
            ),
            Effect::Search { words, coordinator, redact } => Msg::Searched(
                self.store
                    .search_shown(&words, coordinator.as_deref(), SEARCH_LIMIT, redact)
                    .map_err(|e| e.to_string()),
            ),
            Effect::LoadQuality { coordinator, period, redact } => Msg::QualityLoaded(
                loader::quality(&mut self.store, coordinator.as_deref(), period, now, &self.rules.holidays, redact)
                    .map(Box::new)
                    .map_err(|e| e.to_string()),
            ),
            Effect::Redraw | Effect::Quit => return None,
        };
        Some(message)
    }
}
