//! `update(&mut Model, Msg) -> Vec<Effect>`: what each key, tick and result
//! does to the model, and what it asks `services` to do. No store, no I/O,
//! no clock: a test builds a model, feeds messages and looks.
//! Failures become a message in the status line; nothing here panics.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::context::{Context, Screen};
use super::editing;
use super::effect::{Change, Effect, FormSave, Then};
use super::form::FormEvent;
use super::forms;
use super::keymap::{Key, Keymap};
use super::model::{
    APPOINTMENTS_TAB, CLIENT_TABS, ClientView, MEDICATIONS_TAB, Message, Model, NOTES_TAB, Overlay, Pane, Whose,
};
use super::msg::{Measured, Msg, Saved, Tick};
use super::snapshot::Snapshot;
use crate::domain::appointment::{AppointmentStatus, Transport};
use crate::domain::time::Now;
use crate::store::appointments::AppointmentChange;

pub fn update(model: &mut Model, keymap: &Keymap, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => handle_key(model, keymap, key),
        Msg::Paste(text) => paste(model, &text),
        Msg::Tick(tick) => on_tick(model, tick),
        Msg::Clock(now) => clock(model, now),
        Msg::Drawn(measured) => {
            drawn(model, measured);
            Vec::new()
        }
        Msg::Started(snapshot) => {
            model.message = model.take_in(*snapshot);
            // What was being written when caseload last stopped is offered first.
            editing::offer_drafts(model);
            Vec::new()
        }
        Msg::Loaded { loaded, then } => {
            take_in(model, loaded, then);
            Vec::new()
        }
        Msg::Patched { patched, then } => {
            let problem = match patched {
                Ok(patch) => model.take_in_patch(*patch),
                Err(error) => Some(Message::Error(format!("Could not reload: {error}"))),
            };
            say(model, problem, then);
            Vec::new()
        }
        Msg::ClientLoaded(loaded) => {
            open_client(model, loaded);
            Vec::new()
        }
        Msg::Coordinators(listed) => cycle_caseload(model, listed),
        Msg::NotePrograms(loaded) => {
            match loaded {
                Ok(programs) => {
                    if let Some(editor) = model.editor.as_mut() {
                        editor.set_programs(&programs);
                    }
                }
                Err(error) => model.message = Some(Message::Error(format!("Could not load the programs: {error}"))),
            }
            Vec::new()
        }
        Msg::Resources(listed) => {
            if let Some(form) = model.form.as_mut() {
                forms::offer_resources(form, listed);
            }
            Vec::new()
        }
        Msg::Saved(Saved::Form(done)) => {
            prompts::offer_after_discharge(model);
            model.form = None;
            model.reconciling = None;
            let mut effects = vec![Effect::refresh(model, Then::SayUnlessProblem(Message::Info(done)))];
            if matches!(model.overlay, Some(Overlay::Snoozes { .. })) {
                effects.push(snoozes::load(model));
            }
            effects
        }
        Msg::Saved(Saved::Note { note_id, followup_id }) => editing::saved(model, note_id, followup_id),
        Msg::Saved(Saved::Screening(assessment)) => administer::saved(model, *assessment),
        Msg::SaveFailed(error) => match model.form.as_mut() {
            Some(form) => {
                form.show_error(&error);
                Vec::new()
            }
            None if model.administering.is_some() => {
                administer::refused(model, &error);
                Vec::new()
            }
            None if model.reconciling.is_some() => {
                reconcile::refused(model, &error);
                Vec::new()
            }
            None if model.editor.is_some() => editing::refused(model, &error),
            // A key's change (Today's status keys) has no form to show it in.
            None => {
                model.message = Some(Message::Error(format!("{error} ({})", error.hint())));
                Vec::new()
            }
        },
        Msg::DraftKept(status) if model.administering.is_some() => administer::kept(model, keymap, status),
        Msg::DraftKept(status) => editing::kept(model, keymap, status),
        Msg::DraftDiscarded(discarded) => editing::discarded(model, discarded),
        Msg::SnoozesLoaded(listed) => {
            snoozes::loaded(model, listed);
            Vec::new()
        }
        Msg::DraftsLoaded(loaded) => {
            editing::drafts_loaded(model, loaded);
            Vec::new()
        }
        Msg::Searched(searched) => {
            search::found(model, searched);
            Vec::new()
        }
        Msg::QualityLoaded(loaded) => {
            quality::loaded(model, loaded);
            Vec::new()
        }
    }
}

/// Routes one key press to what is in front: the key list, an open form,
/// the drafts list, the note editor, a filter being typed, or the screen.
/// Each resolves the key through the key map in its own context first; only
/// a key the map does not bind there is typing.
fn handle_key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    if model.locked {
        // The key that wakes a locked screen does nothing else.
        model.locked = false;
        return Vec::new();
    }
    let page = model.page_rows.max(1);
    if let Some(Overlay::Help { scroll }) = &mut model.overlay {
        // Moving keys scroll a long key list; any other key closes it.
        match keymap.resolve(Context::Help, key) {
            Some(Action::Down) => *scroll = scroll.saturating_add(1),
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::PageDown) => *scroll = scroll.saturating_add(page),
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(page),
            Some(Action::Top) => *scroll = 0,
            // The next frame measures how far the list can scroll.
            Some(Action::Bottom) => *scroll = usize::MAX,
            _ => model.overlay = None,
        }
        return Vec::new();
    }
    if let Some(form) = &mut model.form {
        return match form.handle_key(keymap, key) {
            FormEvent::Stay => Vec::new(),
            FormEvent::Submit => submit(model),
            FormEvent::Cancel => {
                model.form = None;
                Vec::new()
            }
            FormEvent::Help => {
                model.overlay = Some(Overlay::Help { scroll: 0 });
                Vec::new()
            }
        };
    }
    if model.overlay == Some(Overlay::QuitDemo) {
        // Only the confirming key quits; any other stays in the demo.
        model.overlay = None;
        return match keymap.resolve(Context::QuitPrompt, key) {
            Some(Action::ConfirmQuit) => vec![Effect::Quit],
            _ => Vec::new(),
        };
    }
    if matches!(model.overlay, Some(Overlay::Drafts { .. })) {
        return editing::drafts_key(model, keymap, key);
    }
    if matches!(model.overlay, Some(Overlay::Snoozes { .. })) {
        return snoozes::key(model, keymap, key);
    }
    if matches!(model.overlay, Some(Overlay::Search(_))) {
        return search::key(model, keymap, key);
    }
    if model.administering.is_some() {
        return administer::key(model, keymap, key);
    }
    if model.reconciling.is_some() {
        return reconcile::key(model, keymap, key);
    }
    if let Some(effects) = prompts::key(model, keymap, key) {
        return effects;
    }
    if model.editor.is_some() {
        return editing::handle_key(model, keymap, key);
    }
    if model.is_editing_filter() && edit_filter(model, keymap, key) {
        return Vec::new();
    }
    if model.screen == Screen::Quality {
        return quality::key(model, keymap, key);
    }
    match keymap.resolve(model.screen, key) {
        Some(action) => act(model, keymap, action),
        None => {
            does_nothing_here(model, keymap, key);
            Vec::new()
        }
    }
}

/// A key with no meaning on this screen says so, instead of failing silently.
fn does_nothing_here(model: &mut Model, keymap: &Keymap, key: KeyEvent) {
    if matches!(key.code, KeyCode::Modifier(_) | KeyCode::Null) {
        return;
    }
    let help = keymap.key_on(model.screen, Action::Help);
    let pressed = Key::from_event(key);
    model.message = Some(Message::Info(format!("{pressed} does nothing here; {help} lists the keys.")));
}

/// Text pasted into the terminal goes where typing would go.
fn paste(model: &mut Model, text: &str) -> Vec<Effect> {
    if model.locked {
        return Vec::new();
    }
    if matches!(model.overlay, Some(Overlay::Search(_))) {
        search::paste(model, text);
        return Vec::new();
    }
    if model.overlay.is_some() {
        return Vec::new();
    }
    if model.editor.is_some() {
        return editing::paste(model, text);
    }
    if model.reconciling.is_some() {
        reconcile::paste(model, text);
        return Vec::new();
    }
    if let Some(form) = &mut model.form {
        form.paste(text);
    } else if model.is_editing_filter() {
        model.focused_list().filter.extend(text.chars().filter(|c| !c.is_control()));
        model.refilter_pane(model.focus);
    }
    Vec::new()
}

/// The open form's save key: what it asks to change, or (when a field
/// cannot be read) the error under that field and nothing to do.
fn submit(model: &mut Model) -> Vec<Effect> {
    let Some(form) = model.form.as_mut() else { return Vec::new() };
    // A warning (a follow-up due in the past) is shown first; the same
    // submit again saves.
    if let Some(warning) = forms::warning(form)
        && !form.confirm_warning(&warning)
    {
        return Vec::new();
    }
    match forms::to_save(form, &model.user) {
        Ok(save) => vec![Effect::SaveForm(save)],
        Err(invalid) => {
            form.show_error(&invalid.into());
            Vec::new()
        }
    }
}

/// Typing into the focused pane's filter. Returns false for keys the filter
/// does not take (arrows still move the selection while filtering).
fn edit_filter(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> bool {
    let action = keymap.resolve(Context::Filter, key);
    let list = model.focused_list();
    match (action, key.code) {
        (Some(Action::Confirm), _) => {
            list.editing_filter = false;
            return true;
        }
        (Some(Action::Back), _) => {
            list.editing_filter = false;
            list.filter.clear();
        }
        (_, KeyCode::Char(c)) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
            list.filter.push(c);
        }
        (_, KeyCode::Backspace) => {
            list.filter.pop();
        }
        _ => return false,
    }
    model.refilter_pane(model.focus);
    true
}

/// What an action of the main or client screen does.
fn act(model: &mut Model, keymap: &Keymap, action: Action) -> Vec<Effect> {
    let page = model.page_rows.max(1) as isize;
    match action {
        Action::Quit if model.demo_instead_of.is_some() => model.overlay = Some(Overlay::QuitDemo),
        Action::Quit => return vec![Effect::Quit],
        Action::Help => model.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::FocusNext => model.focus = Pane::ALL[(model.focus.index() + 1) % 3],
        Action::FocusPrevious => model.focus = Pane::ALL[(model.focus.index() + 2) % 3],
        Action::FocusCaseload => model.focus = Pane::Caseload,
        Action::FocusToday => model.focus = Pane::Today,
        Action::FocusAlerts => model.focus = Pane::Alerts,
        Action::Down => move_selection(model, 1),
        Action::Up => move_selection(model, -1),
        Action::PageDown => move_selection(model, page),
        Action::PageUp => move_selection(model, -page),
        Action::Top => move_to(model, true),
        Action::Bottom => move_to(model, false),
        Action::Filter => {
            model.focused_list().editing_filter = true;
            model.message = None;
        }
        Action::Back => return back(model),
        Action::Open => match model.selected_client() {
            Some(client_id) => {
                // From Today: open on that visit in the Appointments tab.
                model.client_appointment = model.selected_today().map(|row| row.appointment.id);
                return vec![Effect::OpenClient(client_id)];
            }
            None => model.message = Some(Message::Info("Nothing selected to open.".into())),
        },
        Action::NextTab => switch_tab(model, 1),
        Action::PreviousTab => switch_tab(model, CLIENT_TABS - 1),
        Action::Refresh => return vec![Effect::reload(model, Then::Quiet)],
        Action::CycleCaseload => return vec![Effect::ListCoordinators],
        Action::AddNote => return editing::open(model, keymap),
        Action::Drafts => editing::show_drafts(model),
        Action::SearchNotes => search::open(model),
        Action::Administer => return administer::open(model),
        Action::Quality => return quality::open(model),
        // Only on the quality screen.
        Action::SwitchMonth => {}
        Action::Reconcile => return reconcile::open(model),
        // Only while a screening is open.
        Action::PreviousItem => {}
        // Keys of the note editor, forms, prompts and lists, handled where
        // those are open.
        Action::SaveNote
        | Action::ToggleTimer
        | Action::InsertTemplate
        | Action::NextField
        | Action::PreviousField
        | Action::Confirm
        | Action::KeepDraft
        | Action::DiscardDraft
        | Action::ConfirmDiscard
        | Action::ConfirmQuit
        | Action::Yes
        | Action::No => {}
        Action::CycleAlertKind => cycle_alert_kind(model),
        Action::Snoozes => return vec![snoozes::load(model)],
        // Only in the list of snoozes.
        Action::EndSnooze => {}
        Action::ConfirmAppointment => return set_today(model, Some(AppointmentStatus::Confirmed), None),
        Action::CompleteAppointment => return set_today(model, Some(AppointmentStatus::Completed), None),
        Action::NoShowAppointment => return set_today(model, Some(AppointmentStatus::NoShow), None),
        Action::CancelAppointment => prompts::ask_cancel(model),
        Action::RideNeeded => return set_today(model, None, Some(Transport::Needed)),
        Action::RideArranged => return set_today(model, None, Some(Transport::Arranged)),
        Action::AddClient
        | Action::EditClient
        | Action::Discharge
        | Action::AmendNote
        | Action::AddFollowup
        | Action::CompleteFollowup
        | Action::SnoozeFollowup
        | Action::Schedule
        | Action::SetAppointment
        | Action::SnoozeAlert
        | Action::AddReferral
        | Action::MoveReferral
        | Action::AddEncounter
        | Action::AddPlanItem
        | Action::SetGoal
        | Action::ReviewPlan
        | Action::AddMedication
        | Action::StopMedication => return open_form(model, action),
    }
    Vec::new()
}

/// Narrows the Alerts pane to one kind after another, saying which.
fn cycle_alert_kind(model: &mut Model) {
    if model.focus != Pane::Alerts {
        model.message = Some(Message::Info("Go to the Alerts pane (3) to show one kind of alert.".into()));
        return;
    }
    model.cycle_alert_kind();
    let shown = match model.alert_kind {
        Some(kind) => format!("Showing {} alerts only.", kind.label()),
        None => "Showing every kind of alert.".into(),
    };
    model.message = Some(Message::Info(shown));
}

/// A status or transport key in the Today pane: the same change the
/// client screen's appointment form makes, on the selected appointment.
fn set_today(model: &mut Model, status: Option<AppointmentStatus>, transport: Option<Transport>) -> Vec<Effect> {
    let Some(row) = model.selected_today() else {
        model.message = Some(Message::Info("Select an appointment in the Today pane (2) first.".into()));
        return Vec::new();
    };
    let change = AppointmentChange { status, transport, transport_details: None };
    let appointment_id = row.appointment.id;
    vec![Effect::SaveForm(FormSave { change: Change::SetAppointment { appointment_id, change }, now: model.now })]
}

/// Opens the form, with what it must load first (the referral form's
/// resource directory).
fn open_form(model: &mut Model, action: Action) -> Vec<Effect> {
    match forms::open(model, action) {
        Ok(form) => {
            let loads = forms::loads(&form);
            model.form = Some(form);
            model.message = None;
            loads
        }
        Err(why) => {
            model.message = Some(Message::Info(why));
            Vec::new()
        }
    }
}

fn move_selection(model: &mut Model, delta: isize) {
    match model.screen {
        Screen::Main => model.focused_list().move_by(delta),
        Screen::Client if model.client_tab == APPOINTMENTS_TAB => model.move_appointment(delta),
        Screen::Client if model.client_tab == MEDICATIONS_TAB => model.move_medication(delta),
        Screen::Client => model.client_scroll = model.client_scroll.saturating_add_signed(delta),
        Screen::Editor | Screen::Quality => {}
    }
}

fn move_to(model: &mut Model, top: bool) {
    match model.screen {
        Screen::Main if top => model.focused_list().to_top(),
        Screen::Main => model.focused_list().to_bottom(),
        Screen::Client if model.client_tab == APPOINTMENTS_TAB => {
            model.move_appointment(if top { isize::MIN } else { isize::MAX })
        }
        Screen::Client if model.client_tab == MEDICATIONS_TAB => {
            model.move_medication(if top { isize::MIN } else { isize::MAX })
        }
        // The next frame measures how far the tab can scroll.
        Screen::Client => model.client_scroll = if top { 0 } else { usize::MAX },
        Screen::Editor | Screen::Quality => {}
    }
}

fn switch_tab(model: &mut Model, step: usize) {
    model.client_tab = (model.client_tab + step) % CLIENT_TABS;
    model.client_scroll = 0;
    model.focus_note = None;
}

/// Esc on a screen: from a client back to where it was opened from (the
/// quality screen, counted again, or the main screen); on the main screen,
/// the filter cleared.
fn back(model: &mut Model) -> Vec<Effect> {
    match model.screen {
        Screen::Client => {
            model.screen = if model.quality.is_some() { Screen::Quality } else { Screen::Main };
            model.open_client = None;
            model.client_appointment = None;
            model.client_medication = None;
            model.focus_note = None;
            return quality::load(model).into_iter().collect();
        }
        Screen::Main => {
            let list = model.focused_list();
            list.filter.clear();
            list.editing_filter = false;
            model.message = None;
            model.refilter_pane(model.focus);
        }
        Screen::Editor | Screen::Quality => {}
    }
    Vec::new()
}

fn open_client(model: &mut Model, loaded: Result<Box<ClientView>, String>) {
    match loaded {
        Ok(view) => {
            // Asked to open on one of this client's appointments (from Today)
            // or at a note (from a search): that tab; the frame finds the note.
            let on_appointment = model.client_appointment.filter(|id| view.appointments.iter().any(|a| a.id == *id));
            model.client_appointment = on_appointment;
            model.focus_note = model.focus_note.filter(|id| view.notes.iter().any(|note| note.id == *id));
            model.open_client = Some(*view);
            model.client_tab = if on_appointment.is_some() {
                APPOINTMENTS_TAB
            } else if model.focus_note.is_some() {
                NOTES_TAB
            } else {
                0
            };
            model.client_scroll = 0;
            model.screen = Screen::Client;
            administer::take_up(model);
        }
        Err(error) => {
            model.focus_note = None;
            model.resume_screening = None;
            model.message = Some(Message::Error(format!("Could not open the client: {error}")));
        }
    }
}

/// A reload's result: the panes and the open client anew (the selection,
/// the client's tab and any open form kept), or what is shown kept and why.
fn take_in(model: &mut Model, loaded: Result<Box<Snapshot>, String>, then: Then) {
    let problem = match loaded {
        Ok(snapshot) => model.take_in(*snapshot),
        Err(error) => Some(Message::Error(format!("Could not reload: {error}"))),
    };
    say(model, problem, then);
}

/// The status line after a load: what `then` says, and what the load found.
fn say(model: &mut Model, problem: Option<Message>, then: Then) {
    model.message = match then {
        Then::Quiet => problem,
        Then::Say(message) => Some(message),
        Then::SayUnlessProblem(message) => problem.or(Some(message)),
        Then::KeepUnlessProblem => problem.or(model.message.take()),
    };
}

/// Mine → the whole team → each colleague in turn → mine again.
fn cycle_caseload(model: &mut Model, listed: Result<Vec<String>, String>) -> Vec<Effect> {
    let colleagues: Vec<String> = match listed {
        Ok(all) => all.into_iter().filter(|name| *name != model.user).collect(),
        Err(error) => {
            model.message = Some(Message::Error(format!("Could not list the coordinators: {error}")));
            return Vec::new();
        }
    };
    model.whose = match &model.whose {
        Whose::Mine => Whose::Team,
        Whose::Team => colleagues.first().map_or(Whose::Mine, |name| Whose::Colleague(name.clone())),
        Whose::Colleague(current) => colleagues
            .iter()
            .skip_while(|name| *name != current)
            .nth(1)
            .map_or(Whose::Mine, |name| Whose::Colleague(name.clone())),
    };
    for list in &mut model.lists {
        list.selected = 0;
    }
    let shown = match &model.whose {
        Whose::Mine => "Showing your caseload.".to_string(),
        Whose::Team => "Showing the whole team's caseload.".to_string(),
        Whose::Colleague(name) => format!("Showing {name}'s caseload."),
    };
    vec![Effect::reload(model, Then::Say(Message::Info(shown)))]
}

/// About once a second: lock after the idle time, keep the note editor's
/// timer and draft state, and reload when another process has changed a
/// record. Asks for a frame when anything shown changed.
fn on_tick(model: &mut Model, tick: Tick) -> Vec<Effect> {
    let mut effects = editing::on_tick(model, tick.draft);
    if !model.locked && model.lock_after.is_some_and(|after| tick.idle >= after) {
        model.locked = true;
        effects.push(Effect::Redraw);
    }
    match tick.records_changed {
        // A colleague's change: keep the user's own message unless the load has a problem.
        Ok(true) => {
            effects.push(Effect::refresh(model, Then::KeepUnlessProblem));
            // The quality screen counts again too.
            effects.extend(quality::load(model).filter(|_| model.screen == Screen::Quality));
        }
        Ok(false) => {}
        Err(error) => {
            model.message = Some(Message::Error(format!("Could not check for changes: {error}")));
            effects.push(Effect::Redraw);
        }
    }
    effects
}

/// The clock moves: the status line shows minutes, the editor's call timer
/// seconds; a new day reloads the panes. The model always keeps the clock's
/// second (a call timer started from it starts at 00:00); only a change
/// shown asks for a frame.
fn clock(model: &mut Model, now: Now) -> Vec<Effect> {
    let unit = if model.editor.is_some() { 1 } else { 60 };
    let shown_changed = now.instant.timestamp() / unit != model.now.instant.timestamp() / unit;
    let new_day = now.today() != model.now.today();
    model.now = now;
    if !shown_changed {
        return Vec::new();
    }
    let mut effects = vec![Effect::Redraw];
    if new_day {
        effects.push(Effect::reload(model, Then::Quiet));
    }
    effects
}

/// What the frame measured: page size, and scrolls kept within what can move.
fn drawn(model: &mut Model, measured: Measured) {
    if let Some(rows) = measured.page_rows {
        model.page_rows = rows;
    }
    if let Some(line) = measured.focus_note_line {
        // Scrolled to the note once; from here the user scrolls.
        model.client_scroll = line;
        model.focus_note = None;
    }
    if let Some(max) = measured.client_scroll_max {
        model.client_scroll = model.client_scroll.min(max);
    }
    if let (Some(Overlay::Help { scroll }), Some(max)) = (&mut model.overlay, measured.help_scroll_max) {
        *scroll = (*scroll).min(max);
    }
}

mod administer;
mod prompts;
mod quality;
mod reconcile;
mod snoozes;

#[cfg(test)]
mod tests;

mod search;
