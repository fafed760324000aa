//! The interface's state: plain data, no drawing and no I/O. `update` changes
//! it; `view` draws it. Fields are the interface's own (`pub(super)`);
//! outside it, methods say what is shown.

use std::collections::BTreeMap;
use std::time::Duration;

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config as MatcherConfig, Matcher, Utf32Str};

use super::context::Screen;
use super::editor::Editor;
use super::form::Form;
use super::forms::purpose::Purpose;
use super::quality::QualityScreen;
use super::reconcile::Reconciling;
use super::screening::Administering;
pub use super::snapshot::{CaseloadRow, ClientView, TodayRow};
use super::snapshot::{Drafts, Patch, Query, Snapshot};
use crate::domain::alerts::{self, Alert, AlertKind};
use crate::domain::discharge::OpenWork;
use crate::domain::draft::{Draft, ScreeningDraft};
use crate::domain::filter::{Candidate, Query as FilterQuery};
use crate::domain::time::Now;
use crate::domain::triage;
use crate::store::listing::WithClient;
use crate::store::search::SearchHit;
use crate::store::snoozes::ActiveSnooze;

/// The three panes of the main screen, in focus order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Caseload,
    Today,
    Alerts,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Caseload, Pane::Today, Pane::Alerts];

    pub fn index(self) -> usize {
        match self {
            Pane::Caseload => 0,
            Pane::Today => 1,
            Pane::Alerts => 2,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Pane::Caseload => "Caseload",
            Pane::Today => "Today",
            Pane::Alerts => "Alerts",
        }
    }
}

/// A list's selection and filter. `visible` holds indices into the full list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListState {
    pub selected: usize,
    pub filter: String,
    /// The filter is being typed: keys go to it.
    pub editing_filter: bool,
    pub visible: Vec<usize>,
}

impl ListState {
    /// The index into the full list of the selected row, if any.
    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    pub fn move_by(&mut self, delta: isize) {
        if self.visible.is_empty() {
            self.selected = 0;
            return;
        }
        let last = self.visible.len() - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn to_top(&mut self) {
        self.selected = 0;
    }

    pub fn to_bottom(&mut self) {
        self.selected = self.visible.len().saturating_sub(1);
    }

    /// Recomputes the visible rows from each row's search text (a fuzzy
    /// match), keeping the list's own order and, where possible, the selected row.
    pub fn apply_filter<'a>(&mut self, texts: impl Iterator<Item = &'a str>, matcher: &mut Matcher) {
        let pattern = Pattern::parse(&self.filter, CaseMatching::Ignore, Normalization::Smart);
        let mut buffer = Vec::new();
        let everything = self.filter.is_empty();
        let kept: Vec<usize> = texts
            .enumerate()
            .filter(|(_, text)| everything || pattern.score(Utf32Str::new(text, &mut buffer), matcher).is_some())
            .map(|(index, _)| index)
            .collect();
        self.show(kept);
    }

    /// Shows every one of `count` rows (no filter: no text to match).
    pub fn show_all(&mut self, count: usize) {
        self.show((0..count).collect());
    }

    /// Recomputes the visible clients with the phrase filter of
    /// `domain::filter` ("szabo, b" finds Szabo, Bea but not Szabo, Rahel).
    pub fn apply_phrase_filter<'a>(&mut self, candidates: impl Iterator<Item = &'a Candidate>) {
        let query = FilterQuery::new(&self.filter);
        let kept = candidates.enumerate().filter(|(_, row)| query.matches(row)).map(|(index, _)| index).collect();
        self.show(kept);
    }

    /// Shows these rows, keeping the selected one where it is still shown.
    fn show(&mut self, visible: Vec<usize>) {
        let keep = self.selected_index();
        self.visible = visible;
        self.selected = keep.and_then(|k| self.visible.iter().position(|&v| v == k)).unwrap_or(0);
    }
}

/// Whose clients the main screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Whose {
    #[default]
    Mine,
    Team,
    Colleague(String),
}

impl Whose {
    /// The coordinator to filter on (None: everyone), given the user.
    pub fn coordinator(&self, user: &str) -> Option<String> {
        match self {
            Whose::Mine => Some(user.to_string()),
            Whose::Team => None,
            Whose::Colleague(name) => Some(name.clone()),
        }
    }
}

/// What is drawn over the screen, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The key list, scrolled by this many lines when it is taller than the screen.
    Help { scroll: usize },
    /// The user's unsaved notes, offered at start and on `D`.
    Drafts {
        selected: usize,
        /// `d` was pressed: the next key confirms (y) or keeps the draft.
        confirm_discard: bool,
    },
    /// `--demo` was asked to quit: its work goes with it, so it asks first.
    QuitDemo,
    /// The snoozed alerts of the caseload shown (`snoozes`), on `Z`.
    Snoozes { selected: usize },
    /// Full-text search over notes (and clients).
    Search(NoteSearch),
    /// The Today pane's cancel key asks before it cancels (`what`: the
    /// appointment in words).
    CancelAppointment { appointment_id: i64, what: String },
    /// A discharge was saved and the client still has these open: cancel
    /// them all, or keep them? (Texts as shown, redacted with --redact; the
    /// store reads each record again by its id.)
    DischargeOffer { client_id: i64, client_name: String, open: OpenWork },
}

/// The search overlay: the words typed, and what the last search found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NoteSearch {
    pub words: String,
    /// The words are being typed (else the keys move through the results).
    pub typing: bool,
    /// None until a search has come back.
    pub hits: Option<Vec<SearchHit>>,
    pub selected: usize,
}

/// A line for the status bar: information or a problem to read.
#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Info(String),
    Error(String),
}

pub struct Model {
    pub(super) user: String,
    pub(super) database_name: String,
    pub(super) now: Now,
    pub(super) redact: bool,
    pub(super) ascii: bool,
    pub(super) color: bool,
    /// Note templates from the config: name → text.
    pub(super) templates: BTreeMap<String, String>,
    /// Hide every client detail after this long without a key (None: never).
    pub(super) lock_after: Option<Duration>,
    pub(super) screen: Screen,
    /// Where closing the note editor goes back to.
    pub(super) return_screen: Screen,
    pub(super) focus: Pane,
    pub(super) whose: Whose,
    pub(super) caseload: Vec<CaseloadRow>,
    pub(super) today: Vec<TodayRow>,
    pub(super) alerts: Vec<Alert>,
    /// What the filter matches for each alert (client, kind, message):
    /// made when the Alerts pane is first filtered after a load, not at
    /// every load (a team's 140,000 are 17 MB few ever filter).
    pub(super) alert_search: Option<Vec<String>>,
    pub(super) lists: [ListState; 3],
    /// The Alerts pane shows only alerts of this kind (None: every kind).
    pub(super) alert_kind: Option<AlertKind>,
    pub(super) overlay: Option<Overlay>,
    /// The form being filled in; while open, every key goes to it.
    pub(super) form: Option<Form<Purpose>>,
    /// The note being written (`screen` is `Editor` while it is open).
    pub(super) editor: Option<Editor>,
    /// The user's unsaved notes and screenings, most recent first (names as shown).
    pub(super) drafts: Drafts,
    /// The screening being given on the client screen; while open, every key goes to it.
    pub(super) administering: Option<Administering>,
    /// A screening's draft to take up once its client has opened (chosen
    /// from the drafts list).
    pub(super) resume_screening: Option<ScreeningDraft>,
    /// The snoozes still hiding an alert, as last listed.
    pub(super) snoozes: Vec<WithClient<ActiveSnooze>>,
    pub(super) message: Option<Message>,
    /// The client open on the client screen.
    pub(super) open_client: Option<ClientView>,
    pub(super) client_tab: usize,
    /// Lines scrolled on the client screen's current tab.
    pub(super) client_scroll: usize,
    /// The appointment selected in the Appointments tab. Set it before
    /// opening a client to open that client on this appointment.
    pub(super) client_appointment: Option<i64>,
    /// A note the client screen's Notes tab scrolls to once it is drawn
    /// (opened from a search).
    pub(super) focus_note: Option<i64>,
    /// Idle too long: every client detail is hidden until a key is pressed.
    pub(super) locked: bool,
    /// Rows a page move jumps: the focused pane's or the tab's height, as
    /// last drawn.
    pub(super) page_rows: usize,
    /// `--demo`: the database it stands in for (quitting asks first).
    pub(super) demo_instead_of: Option<String>,
    /// What to do next when PHQ-9 item 9 is above 0 (the config's words).
    pub(super) safety_instructions: String,
    /// The quality screen, while it is open (and while a client opened from it is).
    pub(super) quality: Option<QualityScreen>,
    matcher: Matcher,
    /// The medication selected in the Medications tab.
    pub(super) client_medication: Option<i64>,
    /// The medication reconciliation being made; while open, every key goes to it.
    pub(super) reconciling: Option<Reconciling>,
}

/// How the interface shows things, from the config and the command line.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    pub redact: bool,
    pub ascii: bool,
    pub color: bool,
    pub whose: Whose,
    pub templates: BTreeMap<String, String>,
    pub lock_after: Option<Duration>,
    pub demo_instead_of: Option<String>,
    pub safety_instructions: String,
}

impl Model {
    pub fn new(user: String, database_name: String, now: Now, settings: Settings) -> Model {
        Model {
            user,
            database_name,
            now,
            redact: settings.redact,
            ascii: settings.ascii,
            color: settings.color,
            templates: settings.templates,
            lock_after: settings.lock_after,
            screen: Screen::Main,
            return_screen: Screen::Main,
            focus: Pane::Caseload,
            whose: settings.whose,
            caseload: Vec::new(),
            today: Vec::new(),
            alerts: Vec::new(),
            alert_search: None,
            lists: Default::default(),
            alert_kind: None,
            overlay: None,
            form: None,
            editor: None,
            drafts: Drafts::default(),
            administering: None,
            resume_screening: None,
            snoozes: Vec::new(),
            message: None,
            open_client: None,
            client_tab: 0,
            client_scroll: 0,
            client_appointment: None,
            focus_note: None,
            locked: false,
            page_rows: 10,
            demo_instead_of: settings.demo_instead_of,
            safety_instructions: settings.safety_instructions,
            quality: None,
            matcher: Matcher::new(MatcherConfig::DEFAULT),
            client_medication: None,
            reconciling: None,
        }
    }

    /// What a reload loads: this caseload, now, the open client.
    pub fn query(&self) -> Query {
        Query {
            coordinator: self.whose.coordinator(&self.user),
            now: self.now,
            redact: self.redact,
            open_client: self.open_client.as_ref().map(|view| view.client.id),
        }
    }

    /// Takes in a load, keeping each pane's selected row (by what it is,
    /// not where it was); returns what the load says about rows it left out.
    pub(super) fn take_in(&mut self, snapshot: Snapshot) -> Option<Message> {
        let selected = self.selection_keys();
        self.caseload = snapshot.caseload;
        self.today = snapshot.today;
        self.alerts = snapshot.alerts;
        self.alert_search = None;
        self.take_in_rest(selected, snapshot.drafts, snapshot.open_client, snapshot.unreadable)
    }

    /// Takes in what a colleague's change loaded again: those clients' rows
    /// and alerts replace theirs where triage and urgency put them, the small
    /// panes are replaced whole; selections are kept as in `take_in`.
    pub(super) fn take_in_patch(&mut self, patch: Patch) -> Option<Message> {
        let selected = self.selection_keys();
        triage::replace_clients(&mut self.caseload, &patch.clients, patch.caseload);
        alerts::replace_clients(&mut self.alerts, &patch.clients, patch.alerts);
        self.alert_search = None;
        self.today = patch.today;
        self.take_in_rest(selected, patch.drafts, patch.open_client, patch.unreadable)
    }

    /// What every load ends with: the drafts, the open client (if one is
    /// still open), the filters run again and each pane's selection found.
    fn take_in_rest(
        &mut self,
        selected: [Option<String>; 3],
        drafts: Drafts,
        open_client: Option<ClientView>,
        unreadable: Option<String>,
    ) -> Option<Message> {
        self.drafts = drafts;
        if let Some(view) = open_client.filter(|_| self.open_client.is_some()) {
            self.open_client = Some(view);
        }
        self.refilter();
        self.restore_selection(selected);
        unreadable.map(Message::Error)
    }

    pub fn now(&self) -> Now {
        self.now
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn focus(&self) -> Pane {
        self.focus
    }

    pub fn message(&self) -> Option<&Message> {
        self.message.as_ref()
    }

    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    pub fn form(&self) -> Option<&Form<Purpose>> {
        self.form.as_ref()
    }

    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// The caseload in triage order (every row, whatever the filter).
    pub fn caseload(&self) -> &[CaseloadRow] {
        &self.caseload
    }

    pub fn alerts(&self) -> &[Alert] {
        &self.alerts
    }

    pub fn open_client(&self) -> Option<&ClientView> {
        self.open_client.as_ref()
    }

    pub fn client_tab(&self) -> usize {
        self.client_tab
    }

    /// The appointment selected in the Appointments tab: the one chosen,
    /// else the first still open, else the first.
    pub fn selected_appointment(&self) -> Option<i64> {
        let appointments = &self.open_client.as_ref()?.appointments;
        let chosen = self.client_appointment.filter(|id| appointments.iter().any(|a| a.id == *id));
        chosen
            .or_else(|| appointments.iter().find(|a| a.status.is_open()).map(|a| a.id))
            .or_else(|| appointments.first().map(|a| a.id))
    }

    /// Moves the Appointments tab's selection by `delta` rows (kept in the list).
    pub(super) fn move_appointment(&mut self, delta: isize) {
        let Some(view) = &self.open_client else { return };
        let at = self.selected_appointment().and_then(|id| view.appointments.iter().position(|a| a.id == id));
        let last = view.appointments.len().saturating_sub(1);
        let to = at.unwrap_or(0).saturating_add_signed(delta).min(last);
        self.client_appointment = view.appointments.get(to).map(|a| a.id);
    }

    /// The appointment to show selected on the Appointments tab.
    pub fn client_appointment(&self) -> Option<i64> {
        self.client_appointment
    }

    pub fn is_locked(&self) -> bool {
        self.locked
    }

    pub fn list(&self, pane: Pane) -> &ListState {
        &self.lists[pane.index()]
    }

    pub(super) fn focused_list(&mut self) -> &mut ListState {
        &mut self.lists[self.focus.index()]
    }

    /// Recomputes every pane's visible rows (after a reload or a filter change).
    pub(super) fn refilter(&mut self) {
        for pane in Pane::ALL {
            self.refilter_pane(pane);
        }
    }

    /// Recomputes one pane's visible rows from the search texts made at load
    /// time, so typing a filter character builds no strings.
    pub(super) fn refilter_pane(&mut self, pane: Pane) {
        let list = &mut self.lists[pane.index()];
        match pane {
            Pane::Caseload => list.apply_phrase_filter(self.caseload.iter().map(|r| &r.candidate)),
            Pane::Today => list.apply_filter(self.today.iter().map(|r| r.search_text.as_str()), &mut self.matcher),
            Pane::Alerts => {
                if list.filter.is_empty() {
                    list.show_all(self.alerts.len());
                } else {
                    let alerts = &self.alerts;
                    let texts = self.alert_search.get_or_insert_with(|| alerts.iter().map(alert_search_text).collect());
                    list.apply_filter(texts.iter().map(String::as_str), &mut self.matcher);
                }
                if let Some(kind) = self.alert_kind {
                    let shown =
                        list.visible.iter().copied().filter(|&i| self.alerts.get(i).is_some_and(|a| a.kind == kind));
                    list.show(shown.collect());
                }
            }
        }
    }

    /// The kind the Alerts pane is narrowed to, if any.
    pub fn snoozes(&self) -> &[WithClient<ActiveSnooze>] {
        &self.snoozes
    }

    pub fn alert_kind(&self) -> Option<AlertKind> {
        self.alert_kind
    }

    /// Narrows the Alerts pane to the next kind among the loaded alerts,
    /// after the last one back to every kind.
    pub(super) fn cycle_alert_kind(&mut self) {
        let present: std::collections::BTreeSet<AlertKind> = self.alerts.iter().map(|a| a.kind).collect();
        self.alert_kind = match self.alert_kind {
            None => present.first().copied(),
            Some(current) => present.range(current..).nth(1).copied(),
        };
        self.refilter_pane(Pane::Alerts);
    }

    /// The client the focused pane's selection is about.
    pub fn selected_client(&self) -> Option<i64> {
        let list = self.list(self.focus);
        let index = list.selected_index()?;
        match self.focus {
            Pane::Caseload => self.caseload.get(index).map(|r| r.triage.client_id),
            Pane::Today => self.today.get(index).map(|r| r.appointment.client_id),
            Pane::Alerts => self.alerts.get(index).map(|a| a.client_id),
        }
    }

    /// The alert selected in the Alerts pane, when that pane has the focus.
    pub fn selected_alert(&self) -> Option<&Alert> {
        if self.focus != Pane::Alerts {
            return None;
        }
        self.alerts.get(self.list(Pane::Alerts).selected_index()?)
    }

    /// The appointment selected in the Today pane, when that pane has the focus.
    pub fn selected_today(&self) -> Option<&TodayRow> {
        if self.focus != Pane::Today {
            return None;
        }
        self.today.get(self.list(Pane::Today).selected_index()?)
    }

    /// What each pane's selected row is, to find it again after a reload.
    fn selection_keys(&self) -> [Option<String>; 3] {
        Pane::ALL.map(|pane| self.list(pane).selected_index().and_then(|index| self.row_key(pane, index)))
    }

    /// Selects again the rows `selection_keys` named, wherever they are now.
    fn restore_selection(&mut self, keys: [Option<String>; 3]) {
        for (pane, key) in Pane::ALL.into_iter().zip(keys) {
            let Some(key) = key else { continue };
            let position =
                self.list(pane).visible.iter().position(|&index| self.row_key(pane, index).as_ref() == Some(&key));
            if let Some(position) = position {
                self.lists[pane.index()].selected = position;
            }
        }
    }

    fn row_key(&self, pane: Pane, index: usize) -> Option<String> {
        match pane {
            Pane::Caseload => self.caseload.get(index).map(|r| format!("client {}", r.triage.client_id)),
            Pane::Today => self.today.get(index).map(|r| format!("appointment {}", r.appointment.id)),
            Pane::Alerts => self.alerts.get(index).map(|a| format!("{} {} {:?}", a.kind, a.client_id, a.subject)),
        }
    }

    /// The draft of a client's unsaved note, if the user has one.
    pub fn draft_for(&self, client_id: i64) -> Option<&WithClient<Draft>> {
        self.drafts.notes.iter().find(|d| d.record.client_id == client_id)
    }

    /// The user's latest draft of a screening of this client, if any.
    pub fn screening_draft_for(&self, client_id: i64) -> Option<&WithClient<ScreeningDraft>> {
        self.drafts.screenings.iter().find(|d| d.record.client_id == client_id)
    }

    pub fn administering(&self) -> Option<&Administering> {
        self.administering.as_ref()
    }

    pub fn quality(&self) -> Option<&QualityScreen> {
        self.quality.as_ref()
    }

    /// The medication selected in the Medications tab: the one chosen,
    /// else the first (an active one, when there is one).
    pub fn selected_medication(&self) -> Option<i64> {
        let medications = &self.open_client.as_ref()?.medications;
        let chosen = self.client_medication.filter(|id| medications.iter().any(|m| m.id == *id));
        chosen.or_else(|| medications.first().map(|m| m.id))
    }

    /// Moves the Medications tab's selection by `delta` rows (kept in the list).
    pub(super) fn move_medication(&mut self, delta: isize) {
        let Some(view) = &self.open_client else { return };
        let at = self.selected_medication().and_then(|id| view.medications.iter().position(|m| m.id == id));
        let last = view.medications.len().saturating_sub(1);
        let to = at.unwrap_or(0).saturating_add_signed(delta).min(last);
        self.client_medication = view.medications.get(to).map(|m| m.id);
    }

    pub fn reconciling(&self) -> Option<&Reconciling> {
        self.reconciling.as_ref()
    }

    pub fn is_editing_filter(&self) -> bool {
        self.screen == Screen::Main && self.list(self.focus).editing_filter
    }
}

/// Number of tabs on the client screen.
pub const CLIENT_TABS: usize = 9;

/// The client screen's Appointments tab (where the selection moves, not the page).
pub const APPOINTMENTS_TAB: usize = 2;
/// The client screen's Notes tab.
pub const NOTES_TAB: usize = 1;
/// The client screen's Assessments tab (where a saved screening shows).
pub const ASSESSMENTS_TAB: usize = 6;
/// The client screen's Medications tab (where the selection moves, not the page).
pub const MEDICATIONS_TAB: usize = 7;

/// What the alerts pane's filter matches for an alert.
fn alert_search_text(alert: &Alert) -> String {
    format!("{} {} {}", alert.client_name, alert.kind.label(), alert.message)
}
