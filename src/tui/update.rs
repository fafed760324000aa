//! Carrying out actions: key → action → state change (and store calls).
//! Failures become a message in the status line; nothing here panics.

use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::Services;
use super::action::Action;
use super::app::{App, Message, Overlay, Pane, Whose};
use super::editing;
use super::form::FormEvent;
use super::forms;
use super::keymap::{Context, Keymap, Screen};
use crate::store::AuditAction;

/// Number of tabs on the client screen.
const CLIENT_TABS: usize = super::view::CLIENT_TABS;

/// Routes one key press to what is in front: the key list, an open form,
/// the drafts list, the note editor, a filter being typed, or the screen.
/// Each resolves the key through the key map in its own context first; only
/// a key the map does not bind there is typing.
pub fn handle_key(app: &mut App, keymap: &Keymap, key: KeyEvent, services: &mut Services) {
    if app.locked {
        // The key that wakes a locked screen does nothing else.
        app.locked = false;
        return;
    }
    if let Some(Overlay::Help { scroll }) = &mut app.overlay {
        // Moving keys scroll a long key list; any other key closes it.
        match keymap.resolve(Context::Help, key) {
            Some(Action::Down) => *scroll = scroll.saturating_add(1),
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::PageDown) => *scroll = scroll.saturating_add(app.page_rows.max(1)),
            Some(Action::PageUp) => *scroll = scroll.saturating_sub(app.page_rows.max(1)),
            Some(Action::Top) => *scroll = 0,
            // The view clamps the scroll to the list's length.
            Some(Action::Bottom) => *scroll = usize::MAX,
            _ => app.overlay = None,
        }
        return;
    }
    if let Some(form) = &mut app.form {
        match form.handle_key(keymap, key) {
            FormEvent::Stay => {}
            FormEvent::Submit => forms::submit(app, services),
            FormEvent::Cancel => app.form = None,
            FormEvent::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        }
        return;
    }
    if matches!(app.overlay, Some(Overlay::Drafts { .. })) {
        return editing::drafts_key(app, keymap, key, services);
    }
    if app.editor.is_some() {
        return editing::handle_key(app, keymap, key, services);
    }
    if app.is_editing_filter() && edit_filter(app, keymap, key) {
        return;
    }
    if let Some(action) = keymap.resolve(app.screen, key) {
        update(app, action, services);
    }
}

/// Text pasted into the terminal goes where typing would go.
pub fn handle_paste(app: &mut App, services: &mut Services, text: &str) {
    if app.locked || app.overlay.is_some() {
        return;
    }
    if app.editor.is_some() {
        editing::paste(app, services, text);
    } else if let Some(form) = &mut app.form {
        form.paste(text);
    } else if app.is_editing_filter() {
        app.focused_list().filter.extend(text.chars().filter(|c| !c.is_control()));
        app.refilter_pane(app.focus);
    }
}

/// Typing into the focused pane's filter. Returns false for keys the filter
/// does not take (arrows still move the selection while filtering).
fn edit_filter(app: &mut App, keymap: &Keymap, key: KeyEvent) -> bool {
    let action = keymap.resolve(Context::Filter, key);
    let list = app.focused_list();
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
    app.refilter_pane(app.focus);
    true
}

pub fn update(app: &mut App, action: Action, services: &mut Services) {
    match action {
        Action::Quit => app.quit = true,
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::FocusNext => app.focus = Pane::ALL[(app.focus.index() + 1) % 3],
        Action::FocusPrevious => app.focus = Pane::ALL[(app.focus.index() + 2) % 3],
        Action::FocusCaseload => app.focus = Pane::Caseload,
        Action::FocusToday => app.focus = Pane::Today,
        Action::FocusAlerts => app.focus = Pane::Alerts,
        Action::Down => move_selection(app, 1),
        Action::Up => move_selection(app, -1),
        Action::PageDown => move_selection(app, app.page_rows.max(1) as isize),
        Action::PageUp => move_selection(app, -(app.page_rows.max(1) as isize)),
        Action::Top => move_to(app, true),
        Action::Bottom => move_to(app, false),
        Action::Filter => {
            let list = app.focused_list();
            list.editing_filter = true;
            app.message = None;
        }
        Action::Back => back(app),
        Action::Open => open_selected(app, services),
        Action::NextTab => switch_tab(app, 1),
        Action::PreviousTab => switch_tab(app, CLIENT_TABS - 1),
        Action::Refresh => reload(app, services),
        Action::CycleCaseload => cycle_caseload(app, services),
        Action::AddNote => editing::open(app),
        Action::Drafts => editing::show_drafts(app),
        // The note editor's own keys, handled by `editing` while it is open.
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
        | Action::ConfirmDiscard => {}
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
        | Action::ReviewPlan => open_form(app, action),
    }
}

fn open_form(app: &mut App, action: Action) {
    match forms::open(app, action) {
        Ok(form) => {
            app.form = Some(form);
            app.message = None;
        }
        Err(why) => app.message = Some(Message::Info(why)),
    }
}

fn move_selection(app: &mut App, delta: isize) {
    match app.screen {
        Screen::Main => app.focused_list().move_by(delta),
        Screen::Client => app.client_scroll = app.client_scroll.saturating_add_signed(delta),
        Screen::Editor => {}
    }
}

fn move_to(app: &mut App, top: bool) {
    match app.screen {
        Screen::Main if top => app.focused_list().to_top(),
        Screen::Main => app.focused_list().to_bottom(),
        // The view clamps the scroll to the tab's length.
        Screen::Client => app.client_scroll = if top { 0 } else { usize::MAX },
        Screen::Editor => {}
    }
}

fn switch_tab(app: &mut App, step: usize) {
    app.client_tab = (app.client_tab + step) % CLIENT_TABS;
    app.client_scroll = 0;
}

fn back(app: &mut App) {
    match app.screen {
        Screen::Client => {
            app.screen = Screen::Main;
            app.open_client = None;
        }
        Screen::Main => {
            let list = app.focused_list();
            list.filter.clear();
            list.editing_filter = false;
            app.message = None;
            app.refilter_pane(app.focus);
        }
        Screen::Editor => {}
    }
}

fn open_selected(app: &mut App, services: &mut Services) {
    let Some(client_id) = app.selected_client() else {
        app.message = Some(Message::Info("Nothing selected to open.".into()));
        return;
    };
    let loaded = services
        .store
        .audit(AuditAction::View, "client", Some(client_id), "open")
        .map_err(anyhow::Error::from)
        .and_then(|()| {
            super::data::load_client(&services.store, client_id, app.now, &services.rules, &services.holidays)
        });
    match loaded {
        Ok(view) => {
            app.open_client = Some(view);
            app.client_tab = 0;
            app.client_scroll = 0;
            app.screen = Screen::Client;
        }
        Err(error) => app.message = Some(Message::Error(format!("Could not open the client: {error}"))),
    }
}

/// Reloads every pane and the open client, keeping each pane's selected row
/// (by what it is, not where it was), the client's tab and any open form; a
/// failure keeps what is shown and says why.
pub fn reload(app: &mut App, services: &mut Services) {
    services.store.set_now(app.now.instant);
    // What is loaded now includes every change so far: the refresh tick
    // need not load it again.
    if let (Ok(version), Ok(last)) = (services.store.data_version(), services.store.last_change_id()) {
        (services.data_version, services.last_change_id) = (version, last);
    }
    let selected = app.selection_keys();
    let loaded = super::data::reload(app, &mut services.store, &services.rules, &services.holidays).and_then(|()| {
        let Some(id) = app.open_client.as_ref().map(|view| view.client.id) else { return Ok(()) };
        app.open_client =
            Some(super::data::load_client(&services.store, id, app.now, &services.rules, &services.holidays)?);
        Ok(())
    });
    app.restore_selection(selected);
    match loaded {
        Ok(()) => app.message = super::data::unreadable_message(&services.store),
        Err(error) => app.message = Some(Message::Error(format!("Could not reload: {error}"))),
    }
}

/// Mine → the whole team → each colleague in turn → mine again.
fn cycle_caseload(app: &mut App, services: &mut Services) {
    let colleagues: Vec<String> = match services.store.coordinators() {
        Ok(all) => all.into_iter().filter(|name| *name != app.user).collect(),
        Err(error) => {
            app.message = Some(Message::Error(format!("Could not list the coordinators: {error}")));
            return;
        }
    };
    app.whose = match &app.whose {
        Whose::Mine => Whose::Team,
        Whose::Team => colleagues.first().map_or(Whose::Mine, |name| Whose::Colleague(name.clone())),
        Whose::Colleague(current) => colleagues
            .iter()
            .skip_while(|name| *name != current)
            .nth(1)
            .map_or(Whose::Mine, |name| Whose::Colleague(name.clone())),
    };
    for list in &mut app.lists {
        list.selected = 0;
        list.offset = 0;
    }
    reload(app, services);
    app.message = Some(Message::Info(match &app.whose {
        Whose::Mine => "Showing your caseload.".to_string(),
        Whose::Team => "Showing the whole team's caseload.".to_string(),
        Whose::Colleague(name) => format!("Showing {name}'s caseload."),
    }));
}

/// What the loop does about once a second: lock after the idle time, keep
/// the note editor's timer and draft state, and reload when another process
/// has changed a record. Returns whether the screen needs drawing.
pub fn on_tick(app: &mut App, services: &mut Services, idle: Duration) -> bool {
    let mut changed = editing::on_tick(app, services);
    if !app.locked && services.lock_after.is_some_and(|after| idle >= after) {
        app.locked = true;
        changed = true;
    }
    // Another connection committed (cheap to ask every second); reload only
    // if a record changed, not for a draft being written.
    let other_change = services.store.data_version().and_then(|version| {
        if version == services.data_version {
            return Ok(false);
        }
        services.data_version = version;
        let last = services.store.last_change_id()?;
        Ok(std::mem::replace(&mut services.last_change_id, last) != last)
    });
    match other_change {
        Ok(true) => {
            reload(app, services);
            changed = true;
        }
        Ok(false) => {}
        Err(error) => {
            app.message = Some(Message::Error(format!("Could not check for changes: {error}")));
            changed = true;
        }
    }
    changed
}
