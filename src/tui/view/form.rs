//! A form as a centered popup: one `Label: value` line per field, the error
//! in red under its field, the cursor in the focused field, and the keys at
//! the bottom. Long forms scroll to keep the focused field in sight.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::Context;
use super::super::form::{Field, FieldKind, Form};
use super::super::keymap::Keymap;
use super::theme::Theme;
use crate::domain::dates::{parse_date, parse_datetime};

const MAX_WIDTH: u16 = 76;

/// What one line of the form's body shows.
enum Row {
    Field(usize),
    /// Part of a field's error (red) or of its hint (dim).
    Error {
        text: String,
        hint: bool,
    },
}

pub fn draw<P>(frame: &mut Frame, form: &Form<P>, keymap: &Keymap, theme: &Theme) {
    let screen = frame.area();
    let width = MAX_WIDTH.min(screen.width);
    let content_width = usize::from(width.saturating_sub(4)).max(10);
    let label_width = form.fields.iter().map(|f| f.label.chars().count() + 4).max().unwrap_or(0).min(content_width / 2);
    let value_width = content_width - label_width;

    let rows = body_rows(form, value_width, keymap);
    let footer = footer_lines(form, content_width, keymap, theme);
    let wanted = rows.len() + footer.len() + 2;
    let height = u16::try_from(wanted).unwrap_or(u16::MAX).min(screen.height);
    let area = screen.centered(Constraint::Length(width), Constraint::Length(height));
    let block = Block::bordered().title(format!(" {} ", form.title)).border_set(theme.border());
    let inner = block.inner(area).inner(ratatui::layout::Margin { horizontal: 1, vertical: 0 });
    frame.render_widget(Clear, area);
    frame.render_widget(block, area);

    let footer_height = u16::try_from(footer.len()).unwrap_or(0).min(inner.height);
    let body_height = usize::from(inner.height - footer_height);
    let footer_area = Rect { y: inner.bottom() - footer_height, height: footer_height, ..inner };
    frame.render_widget(Paragraph::new(footer), footer_area);

    // Scroll so the focused field and its error are in sight.
    let focused_row = rows.iter().position(|r| matches!(r, Row::Field(i) if *i == form.focus)).unwrap_or(0);
    let focused_end =
        focused_row + rows.iter().skip(focused_row + 1).take_while(|r| matches!(r, Row::Error { .. })).count();
    let offset = (focused_end + 1).saturating_sub(body_height).min(focused_row);

    for (line, row) in rows.iter().skip(offset).take(body_height).enumerate() {
        let y = inner.y + line as u16;
        let label_area = Rect { y, height: 1, width: label_width as u16, ..inner }.intersection(inner);
        let value_area =
            Rect { x: inner.x + label_width as u16, y, width: value_width as u16, height: 1 }.intersection(inner);
        match row {
            Row::Field(index) => {
                let field = &form.fields[*index];
                let style = label_style(form, *index, theme);
                // A field with an error is marked, so it shows without colour.
                let failing = form.error.as_ref().is_some_and(|e| e.field == Some(*index));
                let label =
                    if failing { format!("{} {}:", marker(theme), field.label) } else { format!("{}:", field.label) };
                frame.render_widget(Paragraph::new(label).style(style), label_area);
                let (value, cursor) = value_line(form, field, *index == form.focus, value_width, theme);
                frame.render_widget(value, value_area);
                if let Some(column) = cursor {
                    frame.set_cursor_position((value_area.x + column, y));
                }
            }
            Row::Error { text, hint } => {
                let style = if *hint { theme.dim() } else { theme.error() };
                frame.render_widget(Paragraph::new(text.as_str()).style(style), value_area);
            }
        }
    }
}

/// Each field's line, followed by its error (or warning) and hint when it
/// has one.
fn body_rows<P>(form: &Form<P>, width: usize, keymap: &Keymap) -> Vec<Row> {
    let mut rows = Vec::new();
    let save = keymap.key_on(Context::Form, Action::SaveNote);
    for index in 0..form.fields.len() {
        rows.push(Row::Field(index));
        let mut explain = |message: &str, hint: &str| {
            rows.extend(wrap(message, width).into_iter().map(|text| Row::Error { text, hint: false }));
            rows.extend(wrap(hint, width).into_iter().map(|text| Row::Error { text, hint: true }));
        };
        if let Some(error) = form.error.as_ref().filter(|e| e.field == Some(index)) {
            explain(&error.message, error.hint.as_deref().unwrap_or_default());
        } else if let Some(warning) = form.warning.as_ref().filter(|w| w.field == Some(index)) {
            let hint = format!("{save} again saves it as it is; {}", warning.hint.as_deref().unwrap_or_default());
            explain(&format!("Warning: {}", warning.message), &hint);
        }
    }
    rows
}

/// An error about the whole form (or a blank line), then the keys.
fn footer_lines<P>(form: &Form<P>, width: usize, keymap: &Keymap, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = match form.error.as_ref().filter(|e| e.field.is_none()) {
        _ if form.asking_cancel => {
            let yes = keymap.key_on(Context::FormPrompt, Action::ConfirmDiscard);
            let ask = format!("Throw away what you typed? {yes} yes, any other key goes back to the form");
            wrap(&ask, width).into_iter().map(|t| Line::styled(t, theme.error())).collect()
        }
        // Refused on a field other than the one being typed in: the focus
        // stays, and this line says where to look.
        None if form.error.as_ref().is_some_and(|e| e.field != Some(form.focus)) => {
            let label = form.error.as_ref().and_then(|e| e.field).and_then(|i| form.fields.get(i)).map(|f| f.label);
            let said = format!("Not saved: see {} (marked {})", label.unwrap_or_default(), marker(theme));
            wrap(&said, width).into_iter().map(|t| Line::styled(t, theme.error())).collect()
        }
        Some(error) => {
            let mut lines: Vec<Line> =
                wrap(&error.message, width).into_iter().map(|t| Line::styled(t, theme.error())).collect();
            let hint = error.hint.as_deref().unwrap_or_default();
            lines.extend(wrap(hint, width).into_iter().map(|t| Line::styled(t, theme.dim())));
            lines
        }
        None => vec![Line::raw("")],
    };
    lines.push(Line::styled(hint_line(form, keymap, theme), theme.dim()));
    lines
}

/// What marks a field whose value was refused.
fn marker(theme: &Theme) -> &'static str {
    if theme.ascii { "!" } else { "✗" }
}

pub(super) fn label_style<P>(form: &Form<P>, index: usize, theme: &Theme) -> Style {
    if form.error.as_ref().is_some_and(|e| e.field == Some(index)) {
        theme.error()
    } else if index == form.focus {
        theme.pane_border(true)
    } else {
        Style::new()
    }
}

/// The value as drawn (scrolled to keep the cursor in sight), and the cursor
/// column when the field takes typing.
pub(super) fn value_line<'a, P>(
    form: &Form<P>,
    field: &'a Field,
    focused: bool,
    width: usize,
    theme: &Theme,
) -> (Paragraph<'a>, Option<u16>) {
    if !field.is_typed() {
        let (left, right) = if theme.ascii { ("< ", " >") } else { ("◂ ", " ▸") };
        let line = if focused {
            Line::styled(format!("{left}{}{right}", field.shown()), theme.selected())
        } else {
            Line::raw(field.shown())
        };
        return (Paragraph::new(line), None);
    }
    let value = field.input.value();
    let scroll = field.input.visual_scroll(width.saturating_sub(1));
    let cursor = focused.then(|| u16::try_from(field.input.visual_cursor().saturating_sub(scroll)).unwrap_or(0));
    let mut spans = vec![Span::raw(value)];
    // What a relative date means, so "friday" can be checked at a glance.
    if let Some(meaning) = date_meaning(form, field) {
        let room = width.saturating_sub(value.chars().count());
        if scroll == 0 && meaning.chars().count() + 2 <= room {
            spans.push(Span::styled(format!("  {meaning}"), theme.dim()));
        }
    }
    let scroll = u16::try_from(scroll).unwrap_or(0);
    (Paragraph::new(Line::from(spans)).scroll((0, scroll)), cursor)
}

/// What a date typed means ("= Fri 27 Nov 2026"); while nothing is typed,
/// the forms it takes.
fn date_meaning<P>(form: &Form<P>, field: &Field) -> Option<String> {
    let text = field.input.value().trim();
    if text.is_empty() {
        return match field.kind {
            FieldKind::Date => Some("e.g. friday, +3d, +2w, 2026-12-01".into()),
            FieldKind::DateTime => Some("e.g. tomorrow 14:30, +3d 9:00, 2026-12-01 09:00".into()),
            _ => None,
        };
    }
    let meaning = match field.kind {
        FieldKind::Date => parse_date(field.name, text, form.now.today()).ok()?.format("%a %d %b %Y").to_string(),
        FieldKind::DateTime => {
            parse_datetime(field.name, text, form.now.local()).ok()?.format("%a %d %b %Y %H:%M").to_string()
        }
        _ => return None,
    };
    Some(format!("= {meaning}"))
}

/// The form's keys, drawn from the key map.
fn hint_line<P>(form: &Form<P>, keymap: &Keymap, theme: &Theme) -> String {
    let keys = keymap.hints(
        Context::Form,
        &[
            (Action::SaveNote, "save"),
            (Action::Back, "cancel"),
            (Action::NextField, "next field"),
            (Action::Help, "keys"),
        ],
    );
    match form.fields.get(form.focus) {
        Some(field) if !field.is_typed() => {
            format!("{} choose · {keys}", if theme.ascii { "Left/Right" } else { "←/→" })
        }
        _ => keys.to_string(),
    }
}

/// Greedy word wrap to `width` characters (a word longer than a line is cut).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| l.chars().take(width).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_words_whole_and_lines_short() {
        assert_eq!(wrap("use YYYY-MM-DD, today or +3d", 12), ["use", "YYYY-MM-DD,", "today or +3d"]);
        assert_eq!(wrap("", 10), Vec::<String>::new());
        assert_eq!(wrap("abcdefghijkl", 5), ["abcde"]);
    }
}
