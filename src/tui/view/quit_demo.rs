//! The demo's quit question: its database is temporary, so quitting throws
//! the work done in it away; the question says so, and where real work lives.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, real_database: Option<&str>, keymap: &Keymap, theme: &Theme) {
    let key = |action| keymap.key_on(Context::QuitPrompt, action);
    let lines = vec![
        Line::raw("This is the demo: its database is temporary, and everything done in it is gone once it quits."),
        Line::raw(""),
        Line::raw(format!(
            "A real caseload lives in {}; `caseload init` sets it up, and `caseload` (without --demo) opens it.",
            real_database.unwrap_or("the database the config names")
        )),
        Line::raw(""),
        Line::from(vec![
            Span::styled(key(Action::ConfirmQuit), theme.header()),
            Span::raw(" quit and throw the demo's work away · "),
            Span::styled(key(Action::Back), theme.header()),
            Span::raw(" or any other key: stay"),
        ]),
    ];
    let area = frame
        .area()
        .centered(Constraint::Length(64.min(frame.area().width)), Constraint::Length(12.min(frame.area().height)));
    frame.render_widget(Clear, area);
    let block = Block::bordered().title(" Quit the demo? ").border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), area);
}
