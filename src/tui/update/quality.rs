//! The quality screen (`Q` on the main screen): moving through the
//! measures, listing one measure's misses and pending events, opening the
//! client of one, switching the month and whose caseload. The counting is
//! an effect; from a client opened here, Esc comes back here.

use ratatui::crossterm::event::KeyEvent;

use super::super::action::Action;
use super::super::context::{Context, Screen};
use super::super::effect::Effect;
use super::super::keymap::Keymap;
use super::super::model::{Message, Model, Whose};
use super::super::quality::{QualityFigures, QualityScreen};

/// Opens the screen on this month, for the team when the main screen shows
/// the team, else for the user.
pub(super) fn open(model: &mut Model) -> Vec<Effect> {
    model.quality = Some(QualityScreen { team: model.whose == Whose::Team, ..QualityScreen::default() });
    model.screen = Screen::Quality;
    model.message = None;
    load(model).into_iter().collect()
}

/// Asks for the figures of the month and caseload the screen is on.
pub(super) fn load(model: &Model) -> Option<Effect> {
    let screen = model.quality.as_ref()?;
    Some(Effect::LoadQuality {
        coordinator: screen.coordinator(&model.user),
        period: screen.month.period(model.now.today()),
        redact: model.redact,
    })
}

/// The figures came (kept selections where they still fit), or why not.
pub(super) fn loaded(model: &mut Model, loaded: Result<Box<QualityFigures>, String>) {
    let Some(screen) = model.quality.as_mut() else { return };
    match loaded {
        Ok(figures) => screen.take_in(*figures),
        Err(error) => model.message = Some(Message::Error(format!("Could not count the quality measures: {error}"))),
    }
}

/// A key on the quality screen.
pub(super) fn key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let Some(screen) = model.quality.as_mut() else { return Vec::new() };
    let context = screen.context();
    let page = model.page_rows.max(1) as isize;
    match keymap.resolve(context, key) {
        Some(Action::Down) => screen.move_by(1),
        Some(Action::Up) => screen.move_by(-1),
        Some(Action::PageDown) => screen.move_by(page),
        Some(Action::PageUp) => screen.move_by(-page),
        Some(Action::Top) => screen.move_by(isize::MIN),
        Some(Action::Bottom) => screen.move_by(isize::MAX),
        Some(Action::Open) if context == Context::Quality => match screen.measure() {
            Some(measure) if !measure.events.is_empty() => screen.event = Some(0),
            Some(measure) => {
                let none = format!("{}: no misses and nothing pending.", measure.measure.short_name());
                model.message = Some(Message::Info(none));
            }
            None => {}
        },
        Some(Action::Open) => {
            if let Some(event) = screen.selected_event() {
                return vec![Effect::OpenClient(event.client_id)];
            }
        }
        Some(Action::Back) if context == Context::QualityEvents => screen.event = None,
        Some(Action::Back) => {
            model.quality = None;
            model.screen = Screen::Main;
        }
        Some(Action::SwitchMonth) => {
            screen.month = screen.month.other();
            screen.event = None;
            return load(model).into_iter().collect();
        }
        Some(Action::CycleCaseload) => {
            screen.team = !screen.team;
            screen.event = None;
            return load(model).into_iter().collect();
        }
        Some(Action::Refresh) => return load(model).into_iter().collect(),
        Some(action @ (Action::Help | Action::Quit)) => return super::act(model, keymap, action),
        _ => super::does_nothing_here(model, keymap, key),
    }
    Vec::new()
}
