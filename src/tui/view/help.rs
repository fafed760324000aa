//! The `?` screen: every key of the current screen, drawn from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::super::keymap::{Keymap, Screen};
use super::theme::Theme;

pub fn draw(frame: &mut Frame, screen: Screen, keymap: &Keymap, theme: &Theme) {
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
    let height = (lines.len() as u16 + 2).min(frame.area().height);
    let area = centered(frame.area(), 64, height);
    let title = match screen {
        Screen::Main => " Keys: main screen (any key closes) ",
        Screen::Client => " Keys: client screen (any key closes) ",
    };
    let block = Block::bordered().title(title).border_set(theme.border());
    frame.render_widget(Clear, area);
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: true }), area);
}

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(Constraint::Length(width.min(area.width)), Constraint::Length(height))
}
