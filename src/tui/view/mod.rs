//! Drawing: the model onto a ratatui frame. Nothing here writes the model;
//! what drawing must remember between frames (each list's first row shown)
//! and what it measures (page sizes, how far a page can scroll) lives in
//! `ViewState`, and the measures go back to `update` as `Msg::Drawn`.

mod assessments;
mod client_screen;
mod drafts;
mod editor;
mod form;
mod help;
mod main_screen;
mod medications;
mod prompts;
mod quality;
mod quit_demo;
mod reconcile;
mod screening;
mod search;
mod snoozes;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::context::{Context, Screen};
use super::keymap::Keymap;
use super::model::{MEDICATIONS_TAB, Message, Model, Overlay, Whose};
use super::msg::Measured;
use crate::domain::text;
use theme::Theme;

/// What drawing keeps from one frame to the next, and what the last frame
/// measured.
#[derive(Debug, Clone, Default)]
pub struct ViewState {
    /// Each pane's first row shown, kept so scrolling is steady.
    offsets: [usize; 3],
    /// Whose caseload those offsets are in: another's starts from the top.
    offsets_of: Option<Whose>,
    measured: Measured,
}

impl ViewState {
    /// What the last frame measured, for `update`.
    pub fn measured(&self) -> Measured {
        self.measured
    }
}

/// Draws the whole screen, then makes it inert (SPEC §6).
pub fn draw(frame: &mut Frame, model: &Model, view: &mut ViewState, keymap: &Keymap) {
    view.measured = Measured::default();
    draw_screen(frame, model, view, keymap);
    make_inert(frame.buffer_mut());
}

/// Every character a terminal must not receive as it is, wherever on the
/// screen stored text put it: ratatui drops C0 and C1 controls from spans,
/// but a zero-width bidirectional override rides along with the cell before
/// it, and a widget may set a cell's symbol directly. This one pass over the
/// finished frame covers every pane, form, editor and overlay, and rows
/// written before input was checked. Cells are a few thousand; most hold one
/// printable ASCII character and are skipped at once.
pub fn make_inert(buffer: &mut Buffer) {
    for cell in &mut buffer.content {
        let symbol = cell.symbol();
        if symbol.bytes().all(|b| (0x20..0x7f).contains(&b)) || !symbol.chars().any(text::is_unsafe) {
            continue;
        }
        let kept: String = symbol.chars().filter(|c| !text::is_unsafe(*c)).collect();
        if kept.is_empty() {
            cell.set_char(text::REPLACEMENT);
        } else {
            cell.set_symbol(&kept);
        }
    }
}

fn draw_screen(frame: &mut Frame, app: &Model, view: &mut ViewState, keymap: &Keymap) {
    let theme = Theme { color: app.color, ascii: app.ascii };
    let [body, status] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(frame.area());
    if app.locked {
        // Nothing about any client: not the panes, not a form, not a message.
        let text = "caseload is locked: no key was pressed for a while.\n\nPress any key to go on where you were.";
        let block = ratatui::widgets::Block::bordered().border_set(theme.border());
        frame.render_widget(Paragraph::new(text).centered().block(block), body);
        let clock = app.now.zone.local_status(app.now.instant);
        frame.render_widget(
            Paragraph::new(format!(" {} · {clock} · locked", app.user)).style(theme.status_bar()),
            status,
        );
        return;
    }
    match app.screen {
        Screen::Main => main_screen::draw(frame, body, app, view, &theme),
        Screen::Client => client_screen::draw(frame, body, app, &mut view.measured, &theme),
        Screen::Quality => quality::draw(frame, body, app, &theme),
        Screen::Editor => {
            if let Some(open) = &app.editor {
                editor::draw(frame, body, open, app.now, keymap, &theme);
            }
        }
    }
    draw_status(frame, status, app, keymap, &theme);
    if let Some(open) = &app.administering {
        screening::draw(frame, open, &app.safety_instructions, keymap, &theme);
    }
    if let Some(open) = &app.reconciling {
        reconcile::draw(frame, open, keymap, &theme);
    }
    if let Some(open) = &app.form {
        form::draw(frame, open, keymap, &theme);
    }
    // The key list goes over a form it was asked for from.
    match &app.overlay {
        Some(Overlay::Help { scroll }) => {
            view.measured.help_scroll_max = Some(help::draw(frame, help::context(app), keymap, &theme, *scroll));
        }
        Some(Overlay::Drafts { selected, confirm_discard }) => {
            drafts::draw(frame, app, *selected, *confirm_discard, keymap, &theme)
        }
        Some(Overlay::QuitDemo) => quit_demo::draw(frame, app.demo_instead_of.as_deref(), keymap, &theme),
        Some(Overlay::Snoozes { selected }) => snoozes::draw(frame, app, *selected, keymap, &theme),
        Some(Overlay::Search(search)) => search::draw(frame, search, app.now.zone, keymap, &theme),
        Some(Overlay::CancelAppointment { what, .. }) => prompts::draw_cancel(frame, what, keymap, &theme),
        Some(Overlay::DischargeOffer { client_name, open, .. }) => {
            prompts::draw_discharge_offer(frame, client_name, open, app.now.zone, keymap, &theme)
        }
        None => {}
    }
}

/// User, database and clock on the left; the message, or the keys that
/// matter here, on the right. The two never touch: the left side gives way
/// first (cut with "…"), then the right, always by display width.
fn draw_status(frame: &mut Frame, area: Rect, app: &Model, keymap: &Keymap, theme: &Theme) {
    let clock = app.now.zone.local_status(app.now.instant);
    let left = format!(" {} · {} · {}", app.user, app.database_name, clock);
    let (right, style) = match &app.message {
        Some(Message::Error(text)) => (format!("{text} "), theme.error()),
        Some(Message::Info(text)) => (format!("{text} "), theme.status_bar()),
        None => {
            // A short line leaves out the quality key's hint first.
            let room = usize::from(area.width).saturating_sub(text::width(&left) + 3);
            let full = hints(app, keymap, true);
            let shown = if text::width(&full) <= room { full } else { hints(app, keymap, false) };
            (format!("{shown} "), theme.status_bar())
        }
    };
    let (left, right) = status_parts(&left, &right, usize::from(area.width));
    let line = Line::from(vec![Span::raw(left), Span::styled(right, style)]);
    frame.render_widget(Paragraph::new(line).style(theme.status_bar()), area);
}

/// The status line's two sides fitted into `columns`: the left padded so the
/// right ends at the edge, at least two columns between them.
fn status_parts(left: &str, right: &str, columns: usize) -> (String, String) {
    const GAP: usize = 2;
    let right = if text::width(right) + 1 > columns { shorten(right, columns.saturating_sub(1)) } else { right.into() };
    let room = columns.saturating_sub(text::width(&right));
    let left = if text::width(left) + GAP <= room {
        left.to_string()
    } else if room > GAP + 1 {
        shorten(left, room - GAP)
    } else {
        String::new()
    };
    (text::fit(&left, room), right)
}

/// `text` cut to `columns` with "…" where it was cut.
pub(super) fn shorten(text: &str, columns: usize) -> String {
    if text::width(text) <= columns {
        return text.to_string();
    }
    format!("{}…", text::truncate(text, columns.saturating_sub(1)))
}

/// The keys that matter here; `quality`: with the quality screen's key on the main screen.
fn hints(app: &Model, keymap: &Keymap, quality: bool) -> String {
    if app.administering.is_some() {
        let pairs = [(Action::PreviousItem, "back one item"), (Action::Back, "keep for later"), (Action::Help, "keys")];
        return format!(" number keys answer · {}", keymap.hints(Context::Screening, &pairs));
    }
    let pairs: &[(Action, &str)] = match app.screen {
        Screen::Main if app.is_editing_filter() => {
            let keys = keymap.hints(Context::Filter, &[(Action::Confirm, "keep"), (Action::Back, "clear")]);
            return format!(" type to filter · {keys}");
        }
        Screen::Main if quality => &[(Action::Filter, "filter"), (Action::Open, "open"), (Action::Quality, "quality")],
        Screen::Main => &[(Action::Filter, "filter"), (Action::Open, "open")],
        Screen::Client if app.client_tab == MEDICATIONS_TAB => &[
            (Action::AddMedication, "add"),
            (Action::StopMedication, "stop"),
            (Action::Reconcile, "reconcile"),
            (Action::Back, "back"),
        ],
        Screen::Client => &[(Action::NextTab, "tab"), (Action::Back, "back")],
        Screen::Quality => return app.quality().map(|screen| quality::hints(screen, keymap)).unwrap_or_default(),
        Screen::Editor => &[
            (Action::SaveNote, "save"),
            (Action::NextField, "fields"),
            (Action::ToggleTimer, "timer"),
            (Action::InsertTemplate, "template"),
            (Action::Back, "close"),
            (Action::Help, "keys"),
        ],
    };
    let mut parts: Vec<String> =
        pairs.iter().map(|(action, label)| format!("{} {label}", keymap.key_on(app.screen, *action))).collect();
    if !app.drafts.is_empty() && app.screen != Screen::Editor {
        let what = if app.drafts.screenings.is_empty() { "unsaved notes" } else { "unsaved" };
        parts.insert(0, format!("{} {what} ({})", keymap.key_for(Action::Drafts), app.drafts.len()));
    }
    if app.screen != Screen::Editor {
        parts.push(format!("{} help", keymap.key_for(Action::Help)));
        parts.push(format!("{} quit", keymap.key_for(Action::Quit)));
    }
    parts.join("  ")
}

#[cfg(test)]
mod tests {
    use super::status_parts;
    use crate::domain::text::width;

    #[test]
    fn the_status_line_keeps_a_gap_between_its_sides_and_cuts_by_display_width() {
        let left = " casey · caseload.db · Tue 01 Dec 13:05";
        let (l, r) = status_parts(left, "Appointment 1281 scheduled for Thu 03 Dec 10:00 ", 60);
        assert_eq!(width(&l) + width(&r), 60);
        assert!(l.trim_end().ends_with('…') && l.ends_with("  "), "{l:?}");
        assert_eq!(r, "Appointment 1281 scheduled for Thu 03 Dec 10:00 ");
        // Room for both: nothing cut.
        let (l, r) = status_parts(left, "Saved. ", 80);
        assert!(l.starts_with(left) && r == "Saved. ");
        // A message wider than the line: the left gives way, the message is cut.
        let long = "👨‍👩‍👧 ".repeat(30);
        let (l, r) = status_parts(left, &long, 40);
        assert!(l.trim().is_empty() && r.ends_with('…') && width(&l) + width(&r) == 40, "{l:?} {r:?}");
    }
}
