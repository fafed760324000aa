//! Keeps the open note's (or screening's) draft safe. Every change in the editor hands the
//! draft over here (a clone in memory: typing never waits for the disk); a
//! thread of its own writes it to the database a moment later, on its own
//! connection. `flush` writes it at once: on SIGHUP, SIGTERM, SIGINT, a panic
//! or any other way out, before the terminal is restored.

use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use crate::domain::draft::Unsaved;
use crate::store::drafts::DraftWrite;
use crate::store::{OpenOptions, Store};

/// How long the writer waits after a change for more typing before writing:
/// short enough that a draft is in the file well within 2 seconds of the
/// last key, long enough that a burst of typing is one write.
const SETTLE: Duration = Duration::from_millis(300);
/// How long the writer waits before trying again after a failed write.
const RETRY: Duration = Duration::from_secs(1);
/// How long a background write waits for another writer: briefly, since it
/// tries again anyway, and a note's save may be waiting for it to finish.
const BACKGROUND_WAIT: Duration = Duration::from_millis(250);

/// What became of the latest draft, for the editor's status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftStatus {
    /// Changes not written yet (or nothing typed).
    Pending,
    /// Everything typed so far is in the database.
    Saved,
    /// The last write failed; it is tried again every second.
    Failed(String),
}

#[derive(Clone)]
pub struct DraftKeeper {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    /// The writer's own connection, opened on first use. Held for the whole
    /// of a write, so a note's save can wait for a write in flight to end.
    store: Mutex<Option<Store>>,
    path: PathBuf,
    options: OpenOptions,
}

struct State {
    /// The draft of the open editor or screening; None when neither is open.
    latest: Option<Unsaved>,
    /// Counts changes; `written` is the last change known to be in the file.
    version: u64,
    written: u64,
    /// The draft's note is being saved: writes may update the draft but not
    /// bring it back once the save has removed it.
    saving: bool,
    status: DraftStatus,
}

impl DraftKeeper {
    /// Starts the writer thread; the database is opened when first needed.
    pub fn start(path: PathBuf, options: OpenOptions) -> DraftKeeper {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                latest: None,
                version: 0,
                written: 0,
                saving: false,
                status: DraftStatus::Saved,
            }),
            changed: Condvar::new(),
            store: Mutex::new(None),
            path,
            options,
        });
        let writer = Arc::clone(&shared);
        // Should the thread not start, drafts are still written by `flush`
        // when the editor closes or the program ends.
        let _ = std::thread::Builder::new().name("draft-writer".into()).spawn(move || writer.write_forever());
        DraftKeeper { shared }
    }

    /// Hands over the editor's (or the screening's) draft after a change.
    pub fn update(&self, draft: impl Into<Unsaved>) {
        let mut state = self.shared.lock_state();
        state.latest = Some(draft.into());
        state.version += 1;
        state.status = DraftStatus::Pending;
        self.shared.changed.notify_one();
    }

    /// Writes the latest draft now (waiting for a write in flight, and for
    /// another writer as long as the config allows), if it has changes not
    /// yet written.
    pub fn flush(&self) {
        self.shared.write_latest(None);
    }

    /// `flush` from a panic: on a thread of its own, given at most `limit`,
    /// since the panicking thread may hold one of the keeper's locks.
    pub fn flush_within(&self, limit: Duration) {
        let keeper = self.clone();
        let (done, finished) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new().name("draft-rescue".into()).spawn(move || {
            keeper.flush();
            let _ = done.send(());
        });
        if spawned.is_ok() {
            let _ = finished.recv_timeout(limit);
        }
    }

    /// The note is about to be saved: waits for a write in flight, then lets
    /// later writes only update the draft row.
    pub fn begin_save(&self) {
        let _writing = self.shared.lock_store();
        self.shared.lock_state().saving = true;
    }

    /// The save ended: on success the draft is gone and nothing more is
    /// written; on failure the draft is written again as usual.
    pub fn end_save(&self, saved: bool) {
        let mut state = self.shared.lock_state();
        state.saving = false;
        if saved {
            state.latest = None;
            state.written = state.version;
            state.status = DraftStatus::Saved;
        } else if state.written != state.version {
            self.shared.changed.notify_one();
        }
    }

    /// The editor closed without saving its note (the draft was flushed or
    /// is being discarded): nothing more to write.
    pub fn forget(&self) {
        let _writing = self.shared.lock_store();
        let mut state = self.shared.lock_state();
        state.latest = None;
        state.written = state.version;
        state.status = DraftStatus::Saved;
    }

    pub fn status(&self) -> DraftStatus {
        self.shared.lock_state().status.clone()
    }
}

impl Shared {
    /// A lock that survives a panic elsewhere: the draft matters more.
    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn lock_store(&self) -> MutexGuard<'_, Option<Store>> {
        self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn write_forever(&self) {
        loop {
            {
                let mut state = self.lock_state();
                while state.written == state.version {
                    state = self.changed.wait(state).unwrap_or_else(std::sync::PoisonError::into_inner);
                }
            }
            std::thread::sleep(SETTLE);
            if !self.write_latest(Some(BACKGROUND_WAIT)) {
                std::thread::sleep(RETRY);
            }
        }
    }

    /// Writes the latest draft if it has unwritten changes, waiting `wait`
    /// for another writer (None: the configured time). Returns false when
    /// the write failed (the status says why).
    fn write_latest(&self, wait: Option<Duration>) -> bool {
        let mut store = self.lock_store();
        let (draft, version, how) = {
            let mut state = self.lock_state();
            let Some(draft) = state.latest.clone().filter(|_| state.written != state.version) else {
                state.written = state.version;
                return true;
            };
            (draft, state.version, if state.saving { DraftWrite::UpdateOnly } else { DraftWrite::Upsert })
        };
        let opened = match &mut *store {
            Some(opened) => Ok(opened),
            None => Store::open(&self.path, &self.options).map(|opened| store.insert(opened)),
        };
        let result = opened.and_then(|store| match wait {
            Some(wait) => store.with_busy_timeout(wait, |store| store.write_unsaved(&draft, how)),
            None => store.write_unsaved(&draft, how),
        });
        let mut state = self.lock_state();
        match result {
            Ok(()) => {
                state.written = state.written.max(version);
                if state.written == state.version {
                    state.status = DraftStatus::Saved;
                }
                true
            }
            Err(error) => {
                state.status = DraftStatus::Failed(error.to_string());
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use chrono::{DateTime, Utc};

    use super::*;
    use crate::domain::client::Client;
    use crate::domain::draft::{Draft, DraftFields};
    use crate::files::Sharing;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc)
    }

    /// A database with one client, a keeper on it, and a store to look with.
    fn keeper() -> (tempfile::TempDir, DraftKeeper, Store, Draft) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("caseload.db");
        let options = OpenOptions {
            user: "casey".into(),
            os_user: "casey".into(),
            now: now(),
            sharing: Sharing::Private,
            busy_timeout: Duration::from_secs(5),
        };
        let mut store = Store::open(&path, &options).expect("store");
        let today = now().date_naive();
        let client = store.add_client(Client::new("Ada", "Quill", "casey", today, now()), today).expect("client");
        let draft = Draft {
            id: 42,
            user: "casey".into(),
            client_id: client,
            body: "first words".into(),
            timer_started_at: None,
            fields: DraftFields::default(),
            updated_at: now(),
            created_at: now(),
        };
        (dir, DraftKeeper::start(path, options), store, draft)
    }

    fn bodies(store: &Store) -> Vec<String> {
        store.drafts().expect("drafts").into_iter().map(|d| d.record.body).collect()
    }

    #[test]
    fn the_latest_draft_is_written_and_a_save_in_progress_cannot_bring_it_back() {
        let (_dir, keeper, mut store, draft) = keeper();
        keeper.update(draft.clone());
        keeper.update(Draft { body: "first words, more".into(), ..draft.clone() });
        keeper.flush();
        assert_eq!(bodies(&store), ["first words, more"]);
        assert_eq!(keeper.status(), DraftStatus::Saved);

        // The note is saved (its draft removed) while a change is pending.
        keeper.begin_save();
        keeper.update(Draft { body: "typed during the save".into(), ..draft });
        store.discard_draft(42).expect("the save removes the draft");
        keeper.flush();
        keeper.end_save(true);
        keeper.flush();
        assert_eq!(bodies(&store), Vec::<String>::new(), "no draft comes back");
    }

    #[test]
    fn a_rescue_flush_gives_up_when_the_panicking_thread_holds_the_lock() {
        let (_dir, keeper, store, draft) = keeper();
        keeper.update(draft);
        let held = keeper.shared.lock_store();
        let started = Instant::now();
        keeper.flush_within(Duration::from_millis(200));
        assert!(started.elapsed() < Duration::from_secs(2), "no deadlock");
        drop(held);
        keeper.flush_within(Duration::from_secs(5));
        assert_eq!(bodies(&store), ["first words"]);
    }
}
