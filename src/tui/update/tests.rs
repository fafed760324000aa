//! `update` with no database: a model built by hand, messages fed in, the
//! model and the effects it returns looked at.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::update;
use crate::domain::Invalid;
use crate::domain::care_plan::CarePlan;
use crate::domain::client::{Client, Risk};
use crate::domain::draft::Unsaved;
use crate::domain::filter::Candidate;
use crate::domain::time::{Now, Zone};
use crate::domain::triage::TriageRow;
use crate::store::StoreError;
use crate::tui::context::Screen;
use crate::tui::drafts::DraftStatus;
use crate::tui::effect::{Change, Effect, Then};
use crate::tui::keymap::Keymap;
use crate::tui::model::{CaseloadRow, ClientView, Message, Model, Settings};
use crate::tui::msg::{Measured, Msg, Saved, Tick};
use crate::tui::snapshot::Snapshot;

fn now() -> Now {
    let instant = DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc);
    Now::new(instant, Zone::UTC)
}

fn keys() -> Keymap {
    Keymap::with_overrides(&BTreeMap::new()).expect("default keys")
}

fn row(client_id: i64, name: &str) -> CaseloadRow {
    let triage = TriageRow {
        client_id,
        client_name: name.into(),
        risk: Risk::Medium,
        program: "ccm".into(),
        severity: None,
        alert_count: 0,
        next_due: None,
        days_past_due: 0,
        last_contact_on: None,
    };
    let (family, given) = name.split_once(' ').unwrap_or((name, ""));
    CaseloadRow { candidate: Candidate::new(family, given, None, None), coordinator: None, triage }
}

/// A model showing `clients` caseload rows (ids 1…), as after a first load.
fn model(clients: i64) -> Model {
    let mut model = Model::new("casey".into(), "caseload.db".into(), now(), Settings::default());
    let snapshot = Snapshot {
        caseload: (1..=clients).map(|id| row(id, &format!("Client {id}"))).collect(),
        today: Vec::new(),
        alerts: Vec::new(),
        drafts: Default::default(),
        open_client: None,
        unreadable: None,
    };
    assert!(update(&mut model, &keys(), Msg::Started(Box::new(snapshot))).is_empty());
    model
}

fn key(code: KeyCode) -> Msg {
    let modifiers = if matches!(code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    Msg::Key(KeyEvent::new(code, modifiers))
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Feeds each message; returns the effects of the last.
fn feed(model: &mut Model, keymap: &Keymap, msgs: impl IntoIterator<Item = Msg>) -> Vec<Effect> {
    msgs.into_iter().fold(Vec::new(), |_, msg| update(model, keymap, msg))
}

fn type_text(text: &str) -> Vec<Msg> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}

fn client_view(id: i64) -> ClientView {
    let today = now().today();
    let mut client = Client::new("Ada", "Quill", "casey", today, now().instant);
    client.id = id;
    ClientView {
        client,
        alerts: Vec::new(),
        notes: Vec::new(),
        appointments: Vec::new(),
        followups: Vec::new(),
        referrals: Vec::new(),
        progress: Vec::new(),
        plan: CarePlan {
            client_id: id,
            last_reviewed_on: None,
            last_reviewed_by: None,
            problems: Vec::new(),
            goals: Vec::new(),
            interventions: Vec::new(),
        },
        contacts: Vec::new(),
        encounters: Vec::new(),
        assessments: Vec::new(),
        medications: Vec::new(),
        reconciliations: Vec::new(),
    }
}

fn quiet_tick_value() -> Tick {
    Tick { idle: std::time::Duration::ZERO, draft: DraftStatus::Saved, records_changed: Ok(false) }
}

fn quiet_tick() -> Msg {
    Msg::Tick(quiet_tick_value())
}

#[test]
fn moving_and_paging_follow_the_keys_and_the_last_frame() {
    let keymap = keys();
    let mut model = model(30);
    assert!(feed(&mut model, &keymap, [key(KeyCode::Char('j')), key(KeyCode::Down)]).is_empty());
    assert_eq!(model.selected_client(), Some(3));
    // Before any frame a page is ten rows; then what the frame measured.
    feed(&mut model, &keymap, [key(KeyCode::PageDown)]);
    assert_eq!(model.selected_client(), Some(13));
    let measured = Measured { page_rows: Some(4), ..Measured::default() };
    feed(&mut model, &keymap, [Msg::Drawn(measured), key(KeyCode::PageUp)]);
    assert_eq!(model.selected_client(), Some(9));
    feed(&mut model, &keymap, [key(KeyCode::Char('G'))]);
    assert_eq!(model.selected_client(), Some(30));
    feed(&mut model, &keymap, [key(KeyCode::Char('g'))]);
    assert_eq!(model.selected_client(), Some(1));
}

#[test]
fn opening_a_client_asks_for_it_and_its_tab_scrolls_as_far_as_the_frame_allows() {
    let keymap = keys();
    let mut model = model(3);
    let effects = feed(&mut model, &keymap, [key(KeyCode::Char('j')), key(KeyCode::Enter)]);
    assert!(matches!(effects.as_slice(), [Effect::OpenClient(2)]), "{effects:?}");
    assert_eq!(model.screen(), Screen::Main, "nothing changes before the client is loaded");
    feed(&mut model, &keymap, [Msg::ClientLoaded(Ok(Box::new(client_view(2))))]);
    assert_eq!((model.screen(), model.open_client().map(|v| v.client.id)), (Screen::Client, Some(2)));
    // G goes to the bottom; the next frame says where that is.
    let measured =
        Measured { page_rows: Some(5), client_scroll_max: Some(12), help_scroll_max: None, ..Measured::default() };
    feed(&mut model, &keymap, [key(KeyCode::Char('G')), Msg::Drawn(measured), key(KeyCode::Char('k'))]);
    assert_eq!(model.client_scroll, 11, "one up from the bottom, not from usize::MAX");
    // A reload keeps the client open and asks for it again.
    let effects = feed(&mut model, &keymap, [ctrl('r')]);
    assert!(
        matches!(effects.as_slice(), [Effect::Reload { query, then: Then::Quiet }] if query.open_client == Some(2)),
        "{effects:?}"
    );
    let failed = feed(&mut model, &keymap, [Msg::ClientLoaded(Err("disk I/O error".into()))]);
    assert!(failed.is_empty());
    assert!(matches!(model.message(), Some(Message::Error(text)) if text.starts_with("Could not open the client")));
}

/// Opens the editor on the first client and types `body`.
fn editor_with(keymap: &Keymap, body: &str) -> Model {
    let mut model = model(2);
    feed(&mut model, keymap, [key(KeyCode::Char('n'))]);
    assert_eq!(model.screen(), Screen::Editor);
    let effects = feed(&mut model, keymap, type_text(body));
    assert!(
        matches!(effects.as_slice(), [Effect::WriteDraft(Unsaved::Note(draft))] if draft.body == body),
        "{effects:?}"
    );
    model
}

#[test]
fn the_save_key_asks_to_save_the_note_and_a_refusal_keeps_every_character() {
    let keymap = keys();
    let body = "Reached Ada; refill sorted. Ümlaut & 100%";
    let mut model = editor_with(&keymap, body);
    let effects = feed(&mut model, &keymap, [ctrl('s')]);
    let [Effect::SaveNote { save, wait: None }] = effects.as_slice() else { panic!("{effects:?}") };
    assert_eq!((save.note.body.as_str(), save.note.client_id), (body, 1));
    assert_eq!(model.screen(), Screen::Editor, "the editor waits for the save");

    let refusal = Invalid::new("contact_at", "the contact time is in the future", "use a time before now");
    assert!(feed(&mut model, &keymap, [Msg::SaveFailed(StoreError::Invalid(refusal))]).is_empty());
    let editor = model.editor().expect("the editor stays open");
    assert_eq!(editor.body_text(), body);
    assert_eq!(editor.fields.error.as_ref().map(|e| e.message.as_str()), Some("The contact time is in the future"));

    // A busy database: kept, and tried again on the next tick.
    feed(&mut model, &keymap, [ctrl('s'), Msg::SaveFailed(StoreError::Busy)]);
    let effects = feed(&mut model, &keymap, [quiet_tick()]);
    assert!(matches!(effects.as_slice(), [Effect::SaveNote { wait: Some(_), .. }, Effect::Redraw]), "{effects:?}");

    let effects = feed(&mut model, &keymap, [Msg::Saved(Saved::Note { note_id: 4, followup_id: None })]);
    assert!(
        matches!(effects.as_slice(), [Effect::Refresh { then: Then::Say(Message::Info(text)), .. }] if text == "Note 4 saved.")
    );
    assert_eq!((model.screen(), model.editor().is_none()), (Screen::Main, true));
}

#[test]
fn a_submitted_form_asks_for_its_change_and_a_refusal_keeps_the_form() {
    let keymap = keys();
    let mut model = model(2);
    feed(&mut model, &keymap, [key(KeyCode::Char('f'))]);
    feed(&mut model, &keymap, type_text("Call the pharmacy"));
    // A due date the form cannot read is refused at once: nothing to run.
    let mut msgs = vec![key(KeyCode::Tab)];
    msgs.extend(type_text("someday"));
    msgs.push(ctrl('s'));
    assert!(feed(&mut model, &keymap, msgs).is_empty());
    assert!(model.form().and_then(|f| f.error.as_ref()).is_some_and(|e| e.field == Some(1)));

    let mut msgs: Vec<Msg> = (0..7).map(|_| key(KeyCode::Backspace)).collect();
    msgs.extend(type_text("+3d"));
    msgs.push(ctrl('s'));
    let effects = feed(&mut model, &keymap, msgs);
    let [Effect::SaveForm(save)] = effects.as_slice() else { panic!("{effects:?}") };
    let Change::AddFollowup(followup) = &save.change else { panic!("{save:?}") };
    assert_eq!((followup.title.as_str(), followup.due_on.to_string()), ("Call the pharmacy", "2026-11-26".into()));

    let refusal = Invalid::new("title", "the title is too long", "shorten it");
    assert!(feed(&mut model, &keymap, [Msg::SaveFailed(StoreError::Invalid(refusal))]).is_empty());
    let form = model.form().expect("the form stays open");
    assert_eq!((form.text("title"), form.text("due")), ("Call the pharmacy", "+3d"));
    assert_eq!(form.error.as_ref().map(|e| e.field), Some(Some(0)));

    let effects = feed(&mut model, &keymap, [Msg::Saved(Saved::Form("Follow-up 9 added.".into()))]);
    assert!(matches!(effects.as_slice(), [Effect::Refresh { then: Then::SayUnlessProblem(_), .. }]));
    assert!(model.form().is_none());
}

#[test]
fn a_tick_reloads_only_when_a_record_changed_and_draws_only_when_something_shows() {
    let keymap = keys();
    let mut model = model(2);
    assert!(feed(&mut model, &keymap, [quiet_tick()]).is_empty(), "nothing to do, nothing to draw");
    let changed = Tick { records_changed: Ok(true), ..quiet_tick_value() };
    let effects = feed(&mut model, &keymap, [key(KeyCode::Char('j')), Msg::Tick(changed)]);
    assert!(matches!(effects.as_slice(), [Effect::Refresh { then: Then::KeepUnlessProblem, .. }]), "{effects:?}");
    let failed = Tick { records_changed: Err("disk I/O error".into()), ..quiet_tick_value() };
    let effects = feed(&mut model, &keymap, [Msg::Tick(failed)]);
    assert!(matches!(effects.as_slice(), [Effect::Redraw]));
    assert!(matches!(model.message(), Some(Message::Error(text)) if text.starts_with("Could not check for changes")));
}

#[test]
fn a_remapped_save_key_saves_in_the_editor_and_in_forms_and_the_old_one_types() {
    let keymap = Keymap::with_overrides(&BTreeMap::from([("save_note".to_string(), "ctrl-w".to_string())]))
        .expect("remapped keys");
    let mut model = editor_with(&keymap, "Reached Ada.");
    let effects = feed(&mut model, &keymap, [ctrl('s')]);
    assert!(!effects.iter().any(|e| matches!(e, Effect::SaveNote { .. })), "Ctrl-S no longer saves: {effects:?}");
    let effects = feed(&mut model, &keymap, [ctrl('w')]);
    assert!(matches!(effects.as_slice(), [Effect::SaveNote { .. }]), "{effects:?}");

    let mut model = self::model(2);
    let mut msgs = vec![key(KeyCode::Char('f'))];
    msgs.extend(type_text("Call back"));
    msgs.push(key(KeyCode::Tab));
    msgs.extend(type_text("friday"));
    msgs.push(ctrl('s'));
    assert!(feed(&mut model, &keymap, msgs).is_empty(), "Ctrl-S does not submit the form");
    let effects = feed(&mut model, &keymap, [ctrl('w')]);
    assert!(matches!(effects.as_slice(), [Effect::SaveForm(_)]), "{effects:?}");
}

/// Issue #17: the quality screen's figures, as the loader hands them back:
/// FUH 7 days (the fourth measure) with a miss of client 7 and a pending
/// event of client 8; every other measure without events.
fn quality_figures(period: crate::domain::quality::Period) -> Box<crate::tui::quality::QualityFigures> {
    use crate::domain::quality::{Event, EventOutcome, Measure, MeasureResult};
    use crate::tui::quality::{QualityFigures, ShownClient};
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 11, d).expect("date");
    let event = |client_id, on, outcome| Event {
        client_id,
        subject_id: client_id * 10,
        on: day(on),
        window_from: day(on + 1),
        window_to: day(on + 7),
        outcome,
    };
    let measures = Measure::ALL
        .iter()
        .map(|&measure| {
            let events = if measure == Measure::Fuh7 {
                vec![event(7, 5, EventOutcome::Missed), event(8, 20, EventOutcome::Pending)]
            } else {
                Vec::new()
            };
            let (denominator, pending) = (events.len() as u32, u32::from(!events.is_empty()));
            MeasureResult { measure, denominator, numerator: 0, pending, rate: None, missed: vec![], events }
        })
        .collect();
    let clients = [7, 8].map(|id| (id, ShownClient { name: format!("Client {id}"), mrn: None })).into();
    Box::new(QualityFigures { period, coordinator: Some("casey".into()), measures, clients })
}

fn loads_quality(effects: &[Effect]) -> Option<(Option<String>, crate::domain::quality::Period)> {
    effects.iter().find_map(|effect| match effect {
        Effect::LoadQuality { coordinator, period, .. } => Some((coordinator.clone(), *period)),
        _ => None,
    })
}

#[test]
fn the_quality_key_opens_this_months_measures_and_enter_goes_from_a_measure_to_a_miss_to_its_client() {
    use crate::domain::quality::Period;
    let keymap = keys();
    let mut model = model(3);
    let november = Period::month_to_date(now().today());
    let effects = update(&mut model, &keymap, key(KeyCode::Char('Q')));
    assert_eq!(model.screen(), Screen::Quality);
    assert_eq!(loads_quality(&effects), Some((Some("casey".into()), november)), "{effects:?}");
    assert!(feed(&mut model, &keymap, [Msg::QualityLoaded(Ok(quality_figures(november)))]).is_empty());

    // The first measure has no events: Enter says so and lists nothing.
    assert!(update(&mut model, &keymap, key(KeyCode::Enter)).is_empty());
    assert!(matches!(model.message(), Some(Message::Info(text)) if text.contains("TCM contact: no misses")));
    let quality = |model: &Model| model.quality().cloned().expect("the quality screen");
    assert_eq!(quality(&model).event, None);

    // Down to FUH 7 days (past the end stays on the last measure), its events, the pending one.
    feed(&mut model, &keymap, [key(KeyCode::Char('G')), key(KeyCode::Char('j'))]);
    assert_eq!(quality(&model).selected, 11);
    feed(&mut model, &keymap, [key(KeyCode::Char('g')), key(KeyCode::Char('j')), key(KeyCode::Char('j'))]);
    feed(&mut model, &keymap, [key(KeyCode::Char('j')), key(KeyCode::Enter), key(KeyCode::Char('j'))]);
    assert_eq!((quality(&model).selected, quality(&model).event), (3, Some(1)));
    assert_eq!(quality(&model).selected_event().map(|e| e.client_id), Some(8));
    update(&mut model, &keymap, key(KeyCode::Char('k')));
    let effects = update(&mut model, &keymap, key(KeyCode::Enter));
    assert!(matches!(effects.as_slice(), [Effect::OpenClient(7)]), "{effects:?}");

    // The client opens; Esc comes back to the list of misses, counted again.
    update(&mut model, &keymap, Msg::ClientLoaded(Ok(Box::new(client_view(7)))));
    assert_eq!(model.screen(), Screen::Client);
    let effects = update(&mut model, &keymap, key(KeyCode::Esc));
    assert_eq!(model.screen(), Screen::Quality);
    assert_eq!(loads_quality(&effects), Some((Some("casey".into()), november)));
    update(&mut model, &keymap, Msg::QualityLoaded(Ok(quality_figures(november))));
    assert_eq!((quality(&model).selected, quality(&model).event), (3, Some(0)), "the selection is kept");

    // Esc: the measures, then the main screen (where a client opened goes back to main).
    update(&mut model, &keymap, key(KeyCode::Esc));
    assert_eq!((quality(&model).selected, quality(&model).event), (3, None));
    update(&mut model, &keymap, key(KeyCode::Esc));
    assert_eq!((model.screen(), model.quality()), (Screen::Main, None));
    update(&mut model, &keymap, key(KeyCode::Enter));
    update(&mut model, &keymap, Msg::ClientLoaded(Ok(Box::new(client_view(1)))));
    let effects = update(&mut model, &keymap, key(KeyCode::Esc));
    assert_eq!((model.screen(), loads_quality(&effects)), (Screen::Main, None));
}

#[test]
fn the_month_and_team_keys_count_again_and_a_failed_count_keeps_the_figures() {
    use crate::domain::quality::Period;
    let keymap = keys();
    let mut model = model(1);
    let november = Period::month_to_date(now().today());
    update(&mut model, &keymap, key(KeyCode::Char('Q')));
    update(&mut model, &keymap, Msg::QualityLoaded(Ok(quality_figures(november))));
    feed(&mut model, &keymap, [key(KeyCode::Char('j')), key(KeyCode::Char('j')), key(KeyCode::Char('j'))]);
    update(&mut model, &keymap, key(KeyCode::Enter));

    let effects = update(&mut model, &keymap, key(KeyCode::Char('m')));
    let october = Period { from: "2026-10-01".parse().expect("date"), to: "2026-10-31".parse().expect("date") };
    assert_eq!(loads_quality(&effects), Some((Some("casey".into()), october)));
    assert_eq!(model.quality().map(|q| (q.selected, q.event)), Some((3, None)), "the measure stays selected");
    let effects = update(&mut model, &keymap, key(KeyCode::Char('T')));
    assert_eq!(loads_quality(&effects), Some((None, october)), "the team, last month");
    let effects = update(&mut model, &keymap, key(KeyCode::Char('m')));
    assert_eq!(loads_quality(&effects), Some((None, november)));

    update(&mut model, &keymap, Msg::QualityLoaded(Err("the database is locked".into())));
    assert!(matches!(model.message(), Some(Message::Error(text)) if text.contains("Could not count")));
    assert!(model.quality().and_then(|q| q.figures.as_ref()).is_some(), "the last figures stay shown");

    // A colleague's change counts the screen again; a quiet second does not.
    assert_eq!(loads_quality(&update(&mut model, &keymap, quiet_tick())), None);
    let changed = Msg::Tick(Tick { records_changed: Ok(true), ..quiet_tick_value() });
    assert_eq!(loads_quality(&update(&mut model, &keymap, changed)), Some((None, november)));
}

fn alert(client_id: i64, kind: crate::domain::alerts::AlertKind, message: &str) -> crate::domain::alerts::Alert {
    crate::domain::alerts::Alert {
        kind,
        severity: crate::domain::alerts::Severity::High,
        client_id,
        client_name: format!("Client {client_id}").into(),
        subject: None,
        due: now().today(),
        message: message.into(),
        days_past_due: 0,
    }
}

#[test]
fn the_alerts_filter_matches_the_alerts_a_colleagues_change_brought() {
    use crate::domain::alerts::AlertKind;
    use crate::tui::model::Pane;
    use crate::tui::snapshot::Patch;
    let mut model = model(3);
    let first = Snapshot {
        caseload: (1..=3).map(|id| row(id, &format!("Client {id}"))).collect(),
        today: Vec::new(),
        alerts: vec![
            alert(1, AlertKind::TransportNeeded, "Ride to the clinic not booked"),
            alert(2, AlertKind::FollowupDue, "Call back about the pharmacy"),
        ],
        drafts: Default::default(),
        open_client: None,
        unreadable: None,
    };
    update(&mut model, &keys(), Msg::Started(Box::new(first)));
    let shown = |model: &Model| model.list(Pane::Alerts).visible.clone();
    assert_eq!(shown(&model), vec![0, 1], "no filter: every alert");
    feed(&mut model, &keys(), [key(KeyCode::Char('3')), key(KeyCode::Char('/'))]);
    feed(&mut model, &keys(), type_text("clinic"));
    assert_eq!(shown(&model), vec![0]);
    // A colleague's change gives client 2 an alert the filter matches.
    let patch = Patch {
        clients: [2].into(),
        caseload: vec![row(2, "Client 2")],
        alerts: vec![alert(2, AlertKind::FollowupDue, "Call the clinic back")],
        today: Vec::new(),
        drafts: Default::default(),
        open_client: None,
        unreadable: None,
    };
    update(&mut model, &keys(), Msg::Patched { patched: Ok(Box::new(patch)), then: crate::tui::effect::Then::Quiet });
    let messages: Vec<&str> = shown(&model).iter().map(|&i| model.alerts()[i].message.as_str()).collect();
    assert_eq!(messages, ["Ride to the clinic not booked", "Call the clinic back"]);
}
