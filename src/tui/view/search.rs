//! The note search overlay: the words typed, then one line per hit (client
//! name, the note's date, the matching words in context), the selected one
//! marked by more than colour.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::model::NoteSearch;
use super::theme::Theme;
use crate::domain::text;
use crate::domain::time::Zone;

const NAME_COLUMNS: usize = 20;

pub fn draw(frame: &mut Frame, search: &NoteSearch, zone: Zone, keymap: &Keymap, theme: &Theme) {
    let screen = frame.area();
    let area = screen.centered(Constraint::Length(screen.width.min(100)), Constraint::Length(screen.height.min(30)));
    frame.render_widget(Clear, area);
    let context = if search.typing { Context::SearchQuery } else { Context::SearchResults };
    let keys = if search.typing {
        keymap.hints(context, &[(Action::Confirm, "search"), (Action::Back, "close")])
    } else {
        keymap.hints(
            context,
            &[
                (Action::Down, "next"),
                (Action::Open, "open"),
                (Action::SearchNotes, "new words"),
                (Action::Back, "close"),
            ],
        )
    };
    let block = Block::bordered()
        .title(" Search notes and clients ")
        .title_bottom(Line::from(format!(" {keys} ")).right_aligned())
        .border_set(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [words, list] = Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(inner);
    let cursor = if search.typing { "_" } else { "" };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Words: ", theme.header()),
            Span::raw(format!("{}{cursor}", search.words)),
        ])),
        words,
    );
    let columns = usize::from(list.width);
    let rows = usize::from(list.height).max(1);
    let lines: Vec<Line> = match &search.hits {
        None => {
            vec![Line::styled("Type the words to find, then Enter: each finds words starting with it.", theme.dim())]
        }
        Some(hits) if hits.is_empty() => {
            vec![Line::raw("Nothing found: no note or client of this caseload has these words.")]
        }
        Some(hits) => {
            let first = search.selected.saturating_sub(rows - 1);
            hits.iter()
                .enumerate()
                .skip(first)
                .take(rows)
                .map(|(index, hit)| {
                    let chosen = index == search.selected;
                    let marker = if chosen { "> " } else { "  " };
                    let when =
                        hit.contact_at.map_or_else(|| "client".to_string(), |at| zone.local_date(at).to_string());
                    // A snippet across lines of a note is shown on one.
                    let snippet = hit.snippet.lines().collect::<Vec<_>>().join(" ");
                    let row = format!("{marker}{} {when:<10} {snippet}", text::fit(&hit.client_name, NAME_COLUMNS));
                    let line = Line::raw(text::truncate(&row, columns).to_string());
                    if chosen { line.style(theme.selected()) } else { line }
                })
                .collect()
        }
    };
    frame.render_widget(Paragraph::new(lines), list);
}
