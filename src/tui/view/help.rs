//! The `?` screen: every key of what is in front (a screen, the note
//! editor or a form), drawn from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::{Context, Screen};
use super::super::keymap::Keymap;
use super::super::model::Model;
use super::theme::Theme;
use crate::domain::text;

/// Keys the note's text area understands by itself.
const TEXT_KEYS: &[(&str, &str)] = &[
    ("Ctrl-Z Ctrl-U", "Undo"),
    ("Ctrl-R", "Redo"),
    ("Shift-arrows", "Select text"),
    ("Ctrl-X Ctrl-C", "Cut / copy the selection"),
    ("Ctrl-Y", "Paste what was cut or copied"),
    ("Ctrl-K Ctrl-W", "Delete to the end of the line / the word before"),
    ("Ctrl-← Ctrl-→", "Move a word at a time"),
    ("Home End", "Start / end of the line"),
];

/// What the key list lists: the keys of what is in front of the user.
pub fn context(app: &Model) -> Context {
    if app.form.is_some() {
        Context::Form
    } else if app.administering.is_some() {
        Context::Screening
    } else if let Some(quality) = app.quality().filter(|_| app.screen == Screen::Quality) {
        quality.context()
    } else if app.reconciling.is_some() {
        Context::Reconcile
    } else {
        app.screen.into()
    }
}

/// Draws the key list from `scroll` on (as far as it can move); returns the
/// furthest it can scroll. Each description wraps under itself, so every key
/// and every word of what it does is readable however narrow the screen.
pub fn draw(frame: &mut Frame, context: Context, keymap: &Keymap, theme: &Theme, scroll: usize) -> usize {
    // A list ends with the keys of the question asked from there: Esc after
    // typing in a form, the cancel key in Today, a discharge.
    let asked = match context {
        Context::Form | Context::Reconcile => Some(Context::FormPrompt),
        Context::Main => Some(Context::CancelPrompt),
        Context::Client => Some(Context::DischargeOffer),
        _ => None,
    };
    // The client screen asks both.
    let asked_too = if context == Context::Client { Some(Context::CancelPrompt) } else { None };
    let mut entries: Vec<(String, &str)> = std::iter::once(context)
        .chain(asked)
        .chain(asked_too)
        .flat_map(|shown| keymap.for_context(shown).map(move |binding| (shown, binding)))
        .map(|(shown, binding)| {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            (keys.join(" "), binding.action.description_in(shown))
        })
        .collect();
    if context == Context::Editor {
        // The text area's own keys (ratatui-textarea's), less any the table
        // gives an action: those do the action instead.
        entries.extend(TEXT_KEYS.iter().filter_map(|(keys, what)| {
            let free: Vec<&str> = keys.split(' ').filter(|key| !keymap.binds(Context::Editor, key)).collect();
            (!free.is_empty()).then(|| (free.join(" "), *what))
        }));
    }
    if context == Context::Screening {
        entries.push(("0-9".into(), "Answer the item with that number (on the list: give that instrument)"));
    }
    if context == Context::Reconcile {
        entries.push(("← → Space".into(), "Confirm, stop or change a medication; choose the encounter it follows"));
    }
    if context == Context::Main {
        // The snoozed alerts list (opened from here) has keys of its own.
        entries.extend(keymap.for_context(Context::Snoozes).filter(|b| b.action == Action::EndSnooze).map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            (keys.join(" "), "In the snoozed alerts: end the selected snooze today")
        }));
    }
    let width = frame.area().width.min(76);
    let lines = lay_out(&entries, usize::from(width.saturating_sub(2)), theme);
    let height = (lines.len() as u16 + 2).min(frame.area().height);
    let area = centered(frame.area(), width, height);
    let visible = usize::from(height.saturating_sub(2));
    let furthest = lines.len().saturating_sub(visible);
    let scroll = scroll.min(furthest);
    let mut block = Block::bordered().border_set(theme.border());
    if lines.len() > visible {
        let (down, up) = (keymap.key_on(Context::Help, Action::Down), keymap.key_on(Context::Help, Action::Up));
        block = block.title(format!(" Keys: {context} ({down}/{up} scroll, other keys close) "));
        if scroll + visible < lines.len() {
            block = block.title_bottom(Line::from(" more below ").right_aligned());
        }
    } else {
        block = block.title(format!(" Keys: {context} (any key closes) "));
    }
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = lines.into_iter().skip(scroll).collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
    furthest
}

/// Keys in a column, descriptions beside them wrapped to what is left of
/// `width`; keys wider than their column get a line of their own.
fn lay_out(entries: &[(String, &str)], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let widest = entries.iter().map(|(keys, _)| text::width(keys)).max().unwrap_or(0);
    // The key column gives way to the descriptions on a narrow screen.
    let column = (widest + 2).min(18).min(width / 3).max(1);
    let room = width.saturating_sub(column).max(10);
    let mut lines = Vec::new();
    for (keys, what) in entries {
        let mut wrapped = wrap(what, room).into_iter();
        let indent = " ".repeat(column);
        if text::width(keys) < column {
            let first = wrapped.next().unwrap_or_default();
            lines.push(Line::from(vec![Span::styled(text::fit(keys, column), theme.header()), Span::raw(first)]));
        } else {
            lines.push(Line::from(Span::styled(keys.clone(), theme.header())));
        }
        lines.extend(wrapped.map(|rest| Line::raw(format!("{indent}{rest}"))));
    }
    lines
}

/// Words in lines of at most `columns` display columns (a longer word is cut
/// across lines).
pub(super) fn wrap(words: &str, columns: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words.split_whitespace() {
        let mut word = word.to_string();
        if !line.is_empty() && text::width(&line) + 1 + text::width(&word) > columns {
            lines.push(std::mem::take(&mut line));
        }
        while text::width(&word) > columns {
            let head = text::truncate(&word, columns).to_string();
            if head.is_empty() {
                break;
            }
            word = word[head.len()..].to_string();
            lines.push(head);
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height))
}
