//! The note editor, full screen: a title line with the call timer and the
//! draft's state, the note's fields on three lines, an error if any, and the
//! body. Prompts (close, templates) are drawn over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::super::action::Action;
use super::super::drafts::DraftStatus;
use super::super::editor::{Editor, Prompt};
use super::super::form::{Field, FieldKind};
use super::super::keymap::{Context, Keymap};
use super::form::{label_style, value_line};
use super::theme::Theme;
use crate::domain::text;
use crate::domain::time::Now;

/// The fields, line by line, by name.
const FIELD_LINES: [&[&str]; 3] = [
    &["contact_type", "direction", "outcome"],
    &["minutes", "program", "contact_at"],
    &["followup_due", "followup_title"],
];

pub fn draw(frame: &mut Frame, area: Rect, editor: &Editor, now: Now, keymap: &Keymap, theme: &Theme) {
    // A refusal shows above the body (its field's label turns red too).
    let error_height = if editor.fields.error.is_some() { 2 } else { 0 };
    let field_lines = pack_field_lines(editor, area.width.saturating_sub(1));
    let [title, fields, error, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(field_lines.len() as u16),
        Constraint::Length(error_height),
        Constraint::Fill(1),
    ])
    .areas(area);
    draw_title(frame, title, editor, now, theme);
    for (line, indices) in field_lines.iter().enumerate() {
        let row = Rect { y: fields.y + line as u16, height: 1, ..fields }.intersection(fields);
        draw_field_line(frame, row, editor, indices, theme);
    }
    if let Some(problem) = &editor.fields.error {
        let lines = vec![
            Line::styled(problem.message.clone(), theme.error()),
            Line::styled(problem.hint.clone().unwrap_or_default(), theme.dim()),
        ];
        let indented = Rect { x: error.x + 1, width: error.width.saturating_sub(1), ..error };
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), indented);
    }
    let border = if editor.in_body { theme.pane_border(true) } else { theme.pane_border(false) };
    // The block is drawn here, the text inside it: the text area (and its
    // placeholder, set when the editor opened) stays as `update` left it.
    let block = Block::bordered().title(" Note ").border_set(theme.border()).border_style(border);
    let text_area = block.inner(body);
    frame.render_widget(block, body);
    frame.render_widget(&editor.body, text_area);
    match &editor.prompt {
        Some(Prompt::Close) => draw_close_prompt(frame, area, keymap, theme),
        Some(Prompt::Templates { names, selected }) => draw_templates(frame, area, names, *selected, keymap, theme),
        None => {}
    }
}

fn draw_title(frame: &mut Frame, area: Rect, editor: &Editor, now: Now, theme: &Theme) {
    let timer = editor.timer.display(now.instant);
    let (running, paused) = if theme.ascii { ("*", "||") } else { ("●", "‖") };
    let timer = if editor.timer.is_running() {
        format!("{running} call {timer}")
    } else {
        format!("{paused} call {timer} paused")
    };
    let draft = match &editor.draft_status {
        None => Span::raw(""),
        Some(DraftStatus::Saved) => Span::styled("draft saved ", theme.dim()),
        Some(DraftStatus::Pending) => Span::styled("saving draft ", theme.dim()),
        Some(DraftStatus::Failed(why)) => Span::styled(format!("draft NOT saved: {why} "), theme.error()),
    };
    let right = Line::from(vec![Span::styled(format!("{timer}  "), theme.header()), draft]);
    let right_width = right.width() as u16;
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(right_width.min(area.width))]).areas(area);
    let title = match &editor.minutes_line {
        Some(minutes) => format!(" Note · {} · {minutes}", editor.client_name),
        None => format!(" Note · {}", editor.client_name),
    };
    frame.render_widget(Paragraph::new(title).style(theme.header()), left_area);
    frame.render_widget(Paragraph::new(right.right_aligned()), right_area);
}

/// The fields' lines: `FIELD_LINES`, each split where its fields would not
/// fit in `width` (at 60 columns "Direction outbound" gets a line of its own
/// rather than being cut), as indices into the editor's fields.
fn pack_field_lines(editor: &Editor, width: u16) -> Vec<Vec<usize>> {
    let form = &editor.fields;
    let mut lines = Vec::new();
    for names in FIELD_LINES {
        let mut line: Vec<usize> = Vec::new();
        let mut used = 0;
        for index in names.iter().filter_map(|name| form.fields.iter().position(|f| f.name == *name)) {
            let needed = field_width(&form.fields[index]) + u16::from(!line.is_empty());
            if !line.is_empty() && used + needed > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            used += field_width(&form.fields[index]) + u16::from(!line.is_empty());
            line.push(index);
        }
        lines.push(line);
    }
    lines
}

/// The columns a field needs: its label and the widest value it shows.
fn field_width(field: &Field) -> u16 {
    let value = match &field.kind {
        FieldKind::Choice(options) => options.iter().map(|o| text::width(&o.label)).max().unwrap_or(0) + 4,
        FieldKind::Number => 5,
        FieldKind::DateTime => 18,
        // A date shows what it means beside it ("= Thu 26 Nov 2026").
        FieldKind::Date => 32,
        _ => 20,
    };
    u16::try_from(text::width(field.label) + 2 + value).unwrap_or(u16::MAX)
}

/// One line of fields, each `Label value`, sized to what it holds; the last
/// takes what is left.
fn draw_field_line(frame: &mut Frame, area: Rect, editor: &Editor, indices: &[usize], theme: &Theme) {
    let form = &editor.fields;
    let constraints: Vec<Constraint> = indices
        .iter()
        .enumerate()
        .map(|(n, &index)| {
            let width = field_width(&form.fields[index]);
            if n + 1 == indices.len() { Constraint::Min(width) } else { Constraint::Length(width) }
        })
        .collect();
    let cells = Layout::horizontal(constraints).spacing(1).split(Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    });
    for (&index, &cell) in indices.iter().zip(cells.iter()) {
        let field = &form.fields[index];
        let focused = !editor.in_body && form.focus == index;
        let label_width = (field.label.chars().count() + 1) as u16;
        let [label_area, value_area] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)]).areas(cell);
        frame.render_widget(Paragraph::new(field.label).style(label_style(form, index, theme)), label_area);
        let (value, cursor) = value_line(form, field, focused, usize::from(value_area.width), theme);
        frame.render_widget(value, value_area);
        if let Some(column) = cursor {
            frame.set_cursor_position((value_area.x + column, value_area.y));
        }
    }
}

fn draw_close_prompt(frame: &mut Frame, area: Rect, keymap: &Keymap, theme: &Theme) {
    let mut lines = vec![Line::raw("Close the note without saving it?"), Line::raw("")];
    lines.extend([Action::KeepDraft, Action::DiscardDraft, Action::Back].map(|action| {
        Line::from(vec![
            Span::styled(keymap.key_on(Context::ClosePrompt, action), theme.header()),
            Span::raw(format!("  {}", lower_first(action.description_in(Context::ClosePrompt)))),
        ])
    }));
    let box_area = area.centered(Constraint::Length(44.min(area.width)), Constraint::Length(7.min(area.height)));
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(" Close ").border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}

/// "Keep the draft" as the prompt's lower-case choice "keep the draft".
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

fn draw_templates(frame: &mut Frame, area: Rect, names: &[String], selected: usize, keymap: &Keymap, theme: &Theme) {
    let mut lines: Vec<Line> = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if i == selected {
                Line::styled(format!("> {name}"), theme.selected())
            } else {
                Line::raw(format!("  {name}"))
            }
        })
        .collect();
    let keys = keymap.hints(Context::Templates, &[(Action::Confirm, "insert"), (Action::Back, "cancel")]);
    lines.push(Line::styled(keys, theme.dim()));
    let height = (lines.len() as u16 + 2).min(area.height);
    let box_area = area.centered(Constraint::Length(36.min(area.width)), Constraint::Length(height));
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(" Template ").border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
