//! The `?` screen: every key of what is in front (a screen, the note
//! editor or a form), drawn from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::model::Model;
use super::theme::Theme;

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
    if app.form.is_some() { Context::Form } else { app.screen.into() }
}

/// Draws the key list from `scroll` on (as far as it can move); returns the
/// furthest it can scroll.
pub fn draw(frame: &mut Frame, context: Context, keymap: &Keymap, theme: &Theme, scroll: usize) -> usize {
    let mut lines: Vec<Line> = keymap
        .for_context(context)
        .map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            Line::from(vec![
                Span::styled(format!("{:<18}", keys.join(" ")), theme.header()),
                Span::raw(binding.action.description_in(context)),
            ])
        })
        .collect();
    if context == Context::Editor {
        // The text area's own keys (ratatui-textarea's), less any the table
        // gives an action: those do the action instead.
        lines.extend(TEXT_KEYS.iter().filter_map(|(keys, what)| {
            let free: Vec<&str> = keys.split(' ').filter(|key| !keymap.binds(Context::Editor, key)).collect();
            (!free.is_empty()).then(|| {
                Line::from(vec![Span::styled(format!("{:<18}", free.join(" ")), theme.header()), Span::raw(*what)])
            })
        }));
    }
    if context == Context::Main {
        // The snoozed alerts list (opened from here) has keys of its own.
        lines.extend(keymap.for_context(Context::Snoozes).filter(|b| b.action == Action::EndSnooze).map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            let what = format!("In the snoozed alerts: {}", binding.action.description_in(Context::Snoozes));
            Line::from(vec![Span::styled(format!("{:<18}", keys.join(" ")), theme.header()), Span::raw(what)])
        }));
    }
    let height = (lines.len() as u16 + 2).min(frame.area().height);
    let area = centered(frame.area(), 76, height);
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

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height))
}
