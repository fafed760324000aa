//! The `?` screen: every key of the current screen, drawn from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::keymap::{Keymap, Screen};
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

/// Draws the key list from `scroll` on, clamping `scroll` to what can move.
pub fn draw(frame: &mut Frame, screen: Screen, keymap: &Keymap, theme: &Theme, scroll: &mut usize) {
    let lines: Vec<Line> = keymap
        .for_screen(screen)
        .map(|binding| {
            let keys: Vec<String> = binding.keys.iter().map(ToString::to_string).collect();
            Line::from(vec![
                Span::styled(format!("{:<18}", keys.join(" ")), theme.header()),
                Span::raw(binding.action.description()),
            ])
        })
        .collect();
    let mut lines = lines;
    if screen == Screen::Editor {
        // The text area's own keys (ratatui-textarea's, not remappable).
        lines.extend(TEXT_KEYS.iter().map(|(keys, what)| {
            Line::from(vec![Span::styled(format!("{keys:<18}"), theme.header()), Span::raw(*what)])
        }));
    }
    let height = (lines.len() as u16 + 2).min(frame.area().height);
    let area = centered(frame.area(), 76, height);
    let visible = usize::from(height.saturating_sub(2));
    *scroll = (*scroll).min(lines.len().saturating_sub(visible));
    let screen_name = match screen {
        Screen::Main => "main screen",
        Screen::Client => "client screen",
        Screen::Editor => "note editor",
    };
    let mut block = Block::bordered().border_set(theme.border());
    if lines.len() > visible {
        let (down, up) = (keymap.key_for(Action::Down), keymap.key_for(Action::Up));
        block = block.title(format!(" Keys: {screen_name} ({down}/{up} scroll, other keys close) "));
        if *scroll + visible < lines.len() {
            block = block.title_bottom(Line::from(" more below ").right_aligned());
        }
    } else {
        block = block.title(format!(" Keys: {screen_name} (any key closes) "));
    }
    frame.render_widget(Clear, area);
    let lines: Vec<Line> = lines.into_iter().skip(*scroll).collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height))
}
