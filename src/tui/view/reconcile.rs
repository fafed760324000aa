//! A medication reconciliation being made, over the client screen: each
//! active medication with what was found (a changed one's new dose and
//! frequency under it), the date, the encounter it follows, notes, and a
//! footer saying what each key does. A long list scrolls to keep the
//! focused line in sight.

use ratatui::Frame;
use ratatui::layout::{Constraint, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use tui_input::Input;

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::reconcile::{Decision, Reconciling, Slot};
use super::help::wrap;
use super::theme::Theme;
use crate::domain::dates::parse_date;
use crate::domain::text;

/// Columns the labels of the text lines take.
const LABEL: usize = 18;

pub fn draw(frame: &mut Frame, open: &Reconciling, keymap: &Keymap, theme: &Theme) {
    let screen = frame.area();
    let width = 78.min(screen.width);
    let inner_width = usize::from(width.saturating_sub(4)).max(20);
    let mut lines: Vec<(Line<'static>, Option<Slot>)> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None;
    if open.rows.is_empty() {
        lines.push((
            Line::styled("No active medications: saving records that the list was gone through.", theme.dim()),
            None,
        ));
    } else {
        let choose = if theme.ascii { "Left/Right" } else { "←/→" };
        lines.push((
            Line::styled(format!("Each active medication: {choose} confirm, stop or change."), theme.dim()),
            None,
        ));
    }
    for (index, row) in open.rows.iter().enumerate() {
        let m = &row.medication;
        let listed = m.dosage().map_or_else(|| m.name.clone(), |dosage| format!("{} {dosage}", m.name));
        let focused = open.focus == Slot::Decision(index);
        let chosen = choice(row.decision.label(), focused, theme);
        let room = inner_width.saturating_sub(2 + text::width(&chosen) + 1);
        let marker = if focused { "> " } else { "  " };
        let style = match row.decision {
            Decision::Confirm => ratatui::style::Style::new(),
            Decision::Stop => theme.dim(),
            Decision::Change => theme.header(),
        };
        let spans = vec![
            Span::raw(marker),
            Span::styled(text::fit(&listed, room), style),
            Span::raw(" "),
            Span::styled(chosen, if focused { theme.selected() } else { style }),
        ];
        lines.push((Line::from(spans), Some(Slot::Decision(index))));
        if row.decision == Decision::Change {
            for (slot, label, input) in
                [(Slot::Dose(index), "New dose", &row.dose), (Slot::Frequency(index), "New frequency", &row.frequency)]
            {
                let at = lines.len();
                lines.push((
                    typed(&format!("    {label}"), input, open.focus == slot, &mut cursor, at, theme),
                    Some(slot),
                ));
            }
        }
    }
    lines.push((Line::raw(""), None));
    let at = lines.len();
    let mut date = typed("Date", &open.on, open.focus == Slot::On, &mut cursor, at, theme);
    if let Ok(day) = parse_date("on", open.on.value().trim(), open.now.today()) {
        date.push_span(Span::styled(format!("  = {}", day.format("%a %d %b %Y")), theme.dim()));
    }
    lines.push((date, Some(Slot::On)));
    let encounter = open.encounters.get(open.encounter).map_or("(none)", |c| c.label.as_str());
    let focused = open.focus == Slot::Encounter;
    lines.push((
        Line::from(vec![
            Span::raw(text::fit("After", LABEL)),
            Span::styled(
                choice(encounter, focused, theme),
                if focused { theme.selected() } else { Default::default() },
            ),
        ]),
        Some(Slot::Encounter),
    ));
    let at = lines.len();
    lines.push((typed("Notes", &open.notes, open.focus == Slot::Notes, &mut cursor, at, theme), Some(Slot::Notes)));

    let mut footer: Vec<Line<'static>> = Vec::new();
    if open.asking_cancel {
        let yes = keymap.key_on(Context::FormPrompt, Action::ConfirmDiscard);
        let ask = format!("Throw away what you chose? {yes} yes, any other key goes back");
        footer.extend(wrap(&ask, inner_width).into_iter().map(|t| Line::styled(t, theme.error())));
    } else if let Some(error) = &open.error {
        footer.extend(wrap(error, inner_width).into_iter().map(|t| Line::styled(t, theme.error())));
    }
    let keys = keymap.hints(
        Context::Reconcile,
        &[
            (Action::SaveNote, "save all in one"),
            (Action::NextField, "next line"),
            (Action::PreviousField, "previous"),
            (Action::Back, "cancel"),
            (Action::Help, "keys"),
        ],
    );
    let choose = if theme.ascii { "Left/Right" } else { "←/→" };
    let said = format!("{choose} choose · {keys}");
    footer.extend(wrap(&said, inner_width).into_iter().map(|t| Line::styled(t, theme.dim())));

    let wanted = lines.len() + footer.len() + 2;
    let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(screen.height);
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    let block = Block::bordered()
        .title(format!(" Medication reconciliation · {} ", open.client_name))
        .border_set(theme.border());
    let inner = block.inner(area).inner(Margin { horizontal: 1, vertical: 0 });
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);
    let footer_height = u16::try_from(footer.len()).unwrap_or(0).min(inner.height);
    let body_height = usize::from(inner.height - footer_height);
    frame.render_widget(
        Paragraph::new(footer),
        Rect { y: inner.bottom() - footer_height, height: footer_height, ..inner },
    );
    // Scroll so the focused line is in sight.
    let focused_line = lines.iter().position(|(_, slot)| *slot == Some(open.focus)).unwrap_or(0);
    let offset = (focused_line + 1).saturating_sub(body_height);
    let body = Rect { height: u16::try_from(body_height).unwrap_or(0), ..inner };
    let shown: Vec<Line> = lines.into_iter().skip(offset).take(body_height).map(|(line, _)| line).collect();
    frame.render_widget(Paragraph::new(shown), body);
    if let Some((line, column)) = cursor.filter(|(line, _)| *line >= offset && *line < offset + body_height) {
        let x = inner.x + u16::try_from(column).unwrap_or(0).min(inner.width.saturating_sub(1));
        frame.set_cursor_position((x, inner.y + u16::try_from(line - offset).unwrap_or(0)));
    }
}

/// A choice's value, with arrows round it while it has the focus.
fn choice(label: &str, focused: bool, theme: &Theme) -> String {
    let (left, right) = if theme.ascii { ("< ", " >") } else { ("◂ ", " ▸") };
    if focused { format!("{left}{label}{right}") } else { label.to_string() }
}

/// A text line: its label, what was typed, and (focused) where the cursor is.
fn typed(
    label: &str,
    input: &Input,
    focused: bool,
    cursor: &mut Option<(usize, usize)>,
    line: usize,
    theme: &Theme,
) -> Line<'static> {
    if focused {
        *cursor = Some((line, LABEL + input.visual_cursor()));
    }
    let style = if focused { theme.pane_border(true) } else { Default::default() };
    Line::from(vec![Span::styled(text::fit(label, LABEL), style), Span::raw(input.value().to_string())])
}
