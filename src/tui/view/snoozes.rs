//! The snoozed alerts of the caseload shown (`Z`): until when, whose, what
//! kind, why, by whom; the end key brings the selected alert back today.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::model::Model;
use super::theme::Theme;
use crate::domain::text;

pub fn draw(frame: &mut Frame, app: &Model, selected: usize, keymap: &Keymap, theme: &Theme) {
    let area = frame.area();
    let width = 100.min(area.width);
    let text_width = usize::from(width.saturating_sub(4));
    let snoozes = app.snoozes();
    let mut lines = vec![];
    if snoozes.is_empty() {
        lines.push(Line::styled("No alert is snoozed in this caseload.", theme.dim()));
    }
    // The rows that fit around the selection: title, footer, borders.
    let room = usize::from(area.height.saturating_sub(5)).max(1);
    let first = (selected + 1).saturating_sub(room);
    for (index, snooze) in snoozes.iter().enumerate().skip(first).take(room) {
        let s = &snooze.record;
        let row = format!(
            "until {}  {}  {}  {}  (by {})",
            s.until.format("%a %d %b"),
            snooze.client_name,
            s.kind.label(),
            s.reason,
            s.created_by
        );
        let row = text::truncate(&row, text_width.saturating_sub(2));
        lines.push(if index == selected {
            Line::styled(format!("> {row}"), theme.selected())
        } else {
            Line::raw(format!("  {row}"))
        });
    }
    lines.push(Line::raw(""));
    let key = |action| Span::styled(keymap.key_on(Context::Snoozes, action), theme.header());
    lines.push(Line::from(vec![
        key(Action::EndSnooze),
        Span::raw(" end the snooze today (the alert shows again) · "),
        key(Action::Back),
        Span::raw(" close"),
    ]));
    let height = (lines.len() as u16 + 2).min(area.height);
    let box_area = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, box_area);
    let title = format!(" Snoozed alerts ({}) ", snoozes.len());
    let block = Block::bordered().title(title).border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
