//! The list of the user's unsaved notes and half-done screenings, offered
//! at start and on `D`.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::model::Model;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, app: &Model, selected: usize, confirm_discard: bool, keymap: &Keymap, theme: &Theme) {
    let area = frame.area();
    let width = 76.min(area.width);
    let text_width = usize::from(width.saturating_sub(4));
    let mut lines = vec![Line::raw("These were not saved. Resume one to finish it:"), Line::raw("")];
    let zone = app.now.zone;
    let notes = app.drafts.notes.iter().map(|d| (d.record.updated_at, &d.client_name, d.record.preview().to_string()));
    let screenings = app.drafts.screenings.iter().map(|d| (d.record.updated_at, &d.client_name, d.record.preview()));
    for (index, (updated_at, client_name, preview)) in notes.chain(screenings).enumerate() {
        let text = format!("{}  {client_name}  {preview}", zone.local_display(updated_at));
        let text: String = text.chars().take(text_width.saturating_sub(2)).collect();
        lines.push(if index == selected {
            Line::styled(format!("> {text}"), theme.selected())
        } else {
            Line::raw(format!("  {text}"))
        });
    }
    lines.push(Line::raw(""));
    lines.push(if confirm_discard {
        let notes = app.drafts.notes.iter().map(|d| d.client_name.as_str());
        let name =
            notes.chain(app.drafts.screenings.iter().map(|d| d.client_name.as_str())).nth(selected).unwrap_or("");
        let yes = keymap.key_on(Context::Drafts, Action::ConfirmDiscard);
        Line::styled(format!("Discard the draft for {name}? {yes} discards, any other key keeps it."), theme.error())
    } else {
        let key = |action| Span::styled(keymap.key_on(Context::Drafts, action), theme.header());
        Line::from(vec![
            key(Action::Confirm),
            Span::raw(" resume · "),
            key(Action::DiscardDraft),
            Span::raw(" discard · "),
            key(Action::Back),
            Span::raw(format!(" later ({} shows this again)", keymap.key_for(Action::Drafts))),
        ])
    });
    let height = (lines.len() as u16 + 2).min(area.height);
    let box_area = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(" Unsaved notes and screenings ").border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
