//! A screening being given, over the client screen: the list of
//! instruments, then one item at a time (its wording and its answers with
//! their words, which wrap at 80 columns), then the summary (total, band,
//! positives, how it was given), and after saving what it offers next.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::screening::{Administering, Step, offers_phq9, referral_needs};
use super::assessments::safety_line;
use super::theme::Theme;
use crate::domain::screening::{Flag, Instrument, Scored};

pub fn draw(frame: &mut Frame, open: &Administering, safety: &str, keymap: &Keymap, theme: &Theme) {
    let area = frame.area();
    let width = 78.min(area.width);
    let key = |action| keymap.key_on(Context::Screening, action);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let title = match open.instrument() {
        Some(instrument) => format!(" {} · {} ", instrument.label(), open.client_name),
        None => format!(" Screening · {} ", open.client_name),
    };
    match &open.step {
        Step::Choose { selected } => {
            lines.push(Line::raw("Which screening? Its number, or move and Enter:"));
            lines.push(Line::raw(""));
            for (index, instrument) in Instrument::ALL.iter().enumerate() {
                let text = format!("{} {:<8} {}", index + 1, instrument.label(), instrument.title());
                lines.push(if index == *selected {
                    Line::styled(format!("> {text}"), theme.selected())
                } else {
                    Line::raw(format!("  {text}"))
                });
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(format!("{} close · {} keys", key(Action::Back), key(Action::Help))));
        }
        Step::Answer { instrument, answers } => match open.current_item() {
            Some(item) => {
                let count = instrument.items().len();
                lines.push(Line::styled(format!("Item {} of {count}", item.number), theme.dim()));
                lines.push(Line::styled(instrument.introduction().to_string(), theme.dim()));
                lines.push(Line::raw(""));
                lines.push(Line::styled(item.wording.to_string(), theme.header()));
                lines.push(Line::raw(""));
                for choice in item.answers {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{}  ", choice.value), theme.header()),
                        Span::raw(choice.words.to_string()),
                    ]));
                }
                lines.push(Line::raw(""));
                let back = if answers.is_empty() { "the list" } else { "the item before" };
                lines.push(Line::raw(format!(
                    "{}-{} answer · {} {back} · {} keep for later",
                    item.lowest(),
                    item.highest(),
                    key(Action::PreviousItem),
                    key(Action::Back)
                )));
            }
            None => summary(&mut lines, open, *instrument, answers, safety, keymap, theme),
        },
        Step::Saved(assessment) => {
            lines.push(Line::raw(format!(
                "Saved: {} {} · {}.",
                assessment.instrument.label(),
                assessment.score,
                assessment.band.label()
            )));
            if assessment.has(Flag::Item9) {
                lines.push(Line::raw(""));
                lines.push(safety_line(safety, theme));
            }
            if offers_phq9(assessment) {
                lines.push(Line::raw(""));
                lines.push(Line::raw(format!(
                    "The PHQ-2 is positive: {} gives the PHQ-9 now (its first two answers carried over), {} closes.",
                    key(Action::Yes),
                    key(Action::No)
                )));
            }
            let needs = referral_needs(assessment);
            if !needs.is_empty() {
                let offered: Vec<String> =
                    needs.iter().enumerate().map(|(i, need)| format!("{} {}", i + 1, need.label())).collect();
                lines.push(Line::raw(""));
                lines.push(Line::raw(format!(
                    "Needs found. A referral: {} (the number opens the form with that kind) · {} closes.",
                    offered.join(" · "),
                    key(Action::No)
                )));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(format!("{} closes.", key(Action::Confirm))));
        }
    }
    if let Some(error) = &open.error {
        lines.push(Line::raw(""));
        lines.push(Line::styled(error.clone(), theme.error()));
    }
    let inner = usize::from(width.saturating_sub(2)).max(1);
    // Words wrap whole: a wrapped line may take a row more than its width says.
    let rows: usize =
        lines.iter().map(|line| line.width().div_ceil(inner).max(1) + usize::from(line.width() > inner)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let box_area = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(title).border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), box_area);
}

/// Every item answered: the total, band and positives, how it was given,
/// and the keys that save or go back.
fn summary(
    lines: &mut Vec<Line<'static>>,
    open: &Administering,
    instrument: Instrument,
    answers: &[u8],
    safety: &str,
    keymap: &Keymap,
    theme: &Theme,
) {
    let key = |action| keymap.key_on(Context::Screening, action);
    match open.scored() {
        Some(Ok(Scored { score, band, positives })) => {
            lines.push(Line::styled(
                format!("Total {score} of {} · {}", instrument.max_score(), band.label()),
                theme.header(),
            ));
            if !positives.is_empty() {
                let named: Vec<&str> = positives.iter().map(|f| f.label()).collect();
                lines.push(Line::styled(format!("Positive: {}", named.join(", ")), theme.error()));
            }
            if positives.contains(&Flag::Item9) {
                lines.push(safety_line(safety, theme));
            }
        }
        Some(Err(invalid)) => lines.push(Line::styled(invalid.to_string(), theme.error())),
        None => {}
    }
    let given: Vec<String> = answers.iter().enumerate().map(|(i, a)| format!("{}:{a}", i + 1)).collect();
    lines.push(Line::raw(format!("Answers  {}", given.join(" "))));
    lines.push(Line::raw(format!("Given by {} ({} changes)", open.mode.label(), key(Action::NextField))));
    lines.push(Line::raw(""));
    lines.push(Line::raw(format!(
        "{} or {} saves · {} changes the last answer · {} keeps a draft",
        key(Action::Confirm),
        key(Action::SaveNote),
        key(Action::PreviousItem),
        key(Action::Back)
    )));
}
