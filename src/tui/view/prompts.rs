//! The y/n questions: cancel an appointment from Today, and after a
//! discharge, cancel what the client still has open. Every line wraps under
//! its own text; a list too long for the screen says how many more it holds.

use ratatui::Frame;
use ratatui::layout::Constraint;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::help::wrap;
use super::theme::Theme;
use crate::domain::discharge::OpenWork;
use crate::domain::time::Zone;

pub fn draw_cancel(frame: &mut Frame, what: &str, keymap: &Keymap, theme: &Theme) {
    let width = inner_width(frame, 60);
    let mut lines = wrapped("", &format!("Cancel the appointment at {what}?"), width);
    lines.push(Line::raw(""));
    lines.push(answers(keymap, Context::CancelPrompt, "cancel it", "keep it", theme));
    draw_box(frame, " Cancel the appointment? ", lines, width, theme);
}

pub fn draw_discharge_offer(
    frame: &mut Frame,
    client_name: &str,
    open: &OpenWork,
    zone: Zone,
    keymap: &Keymap,
    theme: &Theme,
) {
    let width = inner_width(frame, 76);
    let head = wrapped("", &format!("{client_name} is discharged and still has {} open:", open.summary()), width);
    let mut items: Vec<String> = Vec::new();
    for a in &open.appointments {
        let with = a.with_whom.as_deref().map(|w| format!(" with {w}")).unwrap_or_default();
        let when = zone.local_display(a.starts_at);
        items.push(format!("Appointment {when}: {}{with} ({})", a.kind.label(), a.status.label()));
    }
    for f in &open.followups {
        items.push(format!("Follow-up due {}: {}", f.due_on.format("%a %d %b"), f.title));
    }
    for r in &open.referrals {
        items.push(format!("Referral ({}) to {}: {} ({})", r.kind.label(), r.to, r.reason, r.status.label()));
    }
    let mut foot = vec![Line::raw("")];
    let yes = keymap.key_on(Context::DischargeOffer, Action::Yes);
    let rides = match open.rides_arranged() {
        0 => String::new(),
        1 => " One appointment has a ride arranged: call it off with its provider.".to_string(),
        n => format!(" {n} appointments have rides arranged: call them off with their providers."),
    };
    let does = format!("{yes} {}; everything stays on record.{rides}", open.what_cancelling_does());
    foot.extend(wrapped("", &does, width));
    foot.push(answers(keymap, Context::DischargeOffer, "cancel them all", "keep them open", theme));
    // What fits between the head and the foot; the rest is counted.
    let room = usize::from(frame.area().height.saturating_sub(2)).saturating_sub(head.len() + foot.len());
    let mut listed: Vec<Line> = Vec::new();
    for (shown, item) in items.iter().enumerate() {
        let lines = wrapped("• ", item, width);
        let more = items.len() - shown;
        // Room is kept for the count of those not listed, unless this is the last.
        if listed.len() + lines.len() + usize::from(more > 1) > room {
            listed.push(Line::styled(format!("  … and {more} more"), theme.dim()));
            break;
        }
        listed.extend(lines);
    }
    let lines = head.into_iter().chain(listed).chain(foot).collect();
    draw_box(frame, " Still open after the discharge ", lines, width, theme);
}

/// The text inside a box at most `widest` columns wide.
fn inner_width(frame: &Frame, widest: u16) -> usize {
    usize::from(widest.min(frame.area().width).saturating_sub(2))
}

/// `text` wrapped to `width`, the first line after `bullet` and the rest
/// under the text, not under the bullet.
fn wrapped(bullet: &str, text: &str, width: usize) -> Vec<Line<'static>> {
    let indent = " ".repeat(bullet.chars().count());
    wrap(text, width.saturating_sub(indent.len()).max(1))
        .into_iter()
        .enumerate()
        .map(|(n, line)| Line::raw(format!("{}{line}", if n == 0 { bullet } else { &indent })))
        .collect()
}

/// "y cancel it · n keep it", from the key table.
fn answers(keymap: &Keymap, context: Context, yes: &str, no: &str, theme: &Theme) -> Line<'static> {
    let key = |action| Span::styled(keymap.key_on(context, action), theme.header());
    Line::from(vec![key(Action::Yes), Span::raw(format!(" {yes} · ")), key(Action::No), Span::raw(format!(" {no}"))])
}

/// A centred box around `lines` (each at most `width` wide), at most the screen.
fn draw_box(frame: &mut Frame, title: &str, lines: Vec<Line<'static>>, width: usize, theme: &Theme) {
    let area = frame.area();
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height);
    let width = u16::try_from(width + 2).unwrap_or(u16::MAX).min(area.width);
    let box_area = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, box_area);
    let block = Block::bordered().title(title.to_string()).border_set(theme.border());
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
