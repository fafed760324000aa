//! The quality screen (SPEC §10): one line per measure (its name in words,
//! met of the events decided, pending, rate), the selected one in a sentence
//! below; or one measure's misses and pending events, each client by name
//! (initials when redacted) with the MRN, the event's date and what is
//! missing or still open.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::super::action::Action;
use super::super::context::Context;
use super::super::keymap::Keymap;
use super::super::model::Model;
use super::super::quality::{QualityFigures, QualityMonth, QualityScreen, ShownClient};
use super::shorten;
use super::theme::Theme;
use crate::domain::quality::{Event, EventOutcome, MeasureResult, Period};
use crate::domain::text;

/// Met of all events, pending and rate: "  12/140       3  100%".
const FIGURES: usize = 23;
const NAME_COLUMNS: usize = 18;
const MRN_COLUMNS: usize = 10;

pub fn draw(frame: &mut Frame, area: Rect, app: &Model, theme: &Theme) {
    let Some(screen) = app.quality() else { return };
    let block = Block::bordered().title(title(screen)).border_set(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let columns = usize::from(inner.width);
    let lines = match (&screen.figures, screen.event) {
        (None, _) => vec![Line::styled("Counting…", theme.dim())],
        (Some(figures), None) => measures(figures, screen.selected, columns, theme),
        (Some(figures), Some(selected)) => match figures.measures.get(screen.selected) {
            Some(measure) => events(figures, measure, selected, columns, usize::from(inner.height), theme),
            None => Vec::new(),
        },
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// " Quality · this month, 1–2 Dec 2026 · your caseload ".
fn title(screen: &QualityScreen) -> String {
    let whose = if screen.team { "the team" } else { "your caseload" };
    let measure = screen.event.and(screen.measure()).map(|m| format!(" · {}", m.measure.short_name()));
    let period = screen.figures.as_ref().map(|f| format!(", {}", period(f.period))).unwrap_or_default();
    format!(" Quality · {}{period} · {whose}{} ", screen.month.label(), measure.unwrap_or_default())
}

fn period(period: Period) -> String {
    format!("{} – {}", period.from.format("%-d %b"), period.to.format("%-d %b %Y"))
}

/// The rate as a percentage, "—" while nothing is decided.
fn rate(measure: &MeasureResult) -> String {
    measure.rate.map_or_else(|| "—".to_string(), |rate| format!("{:.0}%", rate * 100.0))
}

fn measures(figures: &QualityFigures, selected: usize, columns: usize, theme: &Theme) -> Vec<Line<'static>> {
    let name_columns = columns.saturating_sub(FIGURES + 2);
    let header = format!("  {}{:>9}{:>9}{:>5}", text::fit("Measure", name_columns), "met/all", "pending", "rate");
    let mut lines = vec![Line::styled(header, theme.header())];
    for (index, m) in figures.measures.iter().enumerate() {
        let name = shorten(&format!("{} — {}", m.measure.short_name(), m.measure.label()), name_columns);
        let row = format!(
            "{}{}{:>9}{:>9}{:>5}",
            if index == selected { "> " } else { "  " },
            text::fit(&name, name_columns),
            format!("{}/{}", m.numerator, m.denominator),
            m.pending,
            rate(m)
        );
        lines.push(if index == selected { Line::styled(row, theme.selected()) } else { Line::raw(row) });
    }
    if let Some(m) = figures.measures.get(selected) {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("{} — {}", m.measure.short_name(), m.measure.label()), theme.header()));
        let missed = m.events.iter().filter(|e| e.outcome == EventOutcome::Missed).count();
        lines.push(Line::raw(format!("{}; {missed} missed.", m.in_words())));
    }
    lines
}

/// The missing evidence of a missed event, or what a pending one still waits for.
fn what(measure: &MeasureResult, event: &Event) -> String {
    let evidence = measure.measure.evidence();
    let window = window(event);
    match event.outcome {
        EventOutcome::Missed => format!("no {evidence} {window}"),
        _ => format!("{evidence} due {window}"),
    }
}

/// "06–12 Nov", or "28 Nov–04 Dec" across two months.
fn window(event: &Event) -> String {
    let (from, to) = (event.window_from, event.window_to);
    let to_text = to.format("%d %b");
    if from.format("%b %Y").to_string() == to.format("%b %Y").to_string() {
        format!("{}–{to_text}", from.format("%d"))
    } else {
        format!("{}–{to_text}", from.format("%d %b"))
    }
}

fn client(figures: &QualityFigures, client_id: i64) -> (String, String) {
    match figures.clients.get(&client_id) {
        Some(ShownClient { name, mrn }) => (
            text::inert_line(name).into_owned(),
            mrn.as_deref().map(|m| text::inert_line(m).into_owned()).unwrap_or_default(),
        ),
        None => (format!("client #{client_id}"), String::new()),
    }
}

fn events(
    figures: &QualityFigures,
    measure: &MeasureResult,
    selected: usize,
    columns: usize,
    rows: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let header = format!(
        "  {:<9}{} {} {:<7}{}",
        "",
        text::fit("Client", NAME_COLUMNS),
        text::fit("MRN", MRN_COLUMNS),
        "Date",
        "What is missing"
    );
    let mut lines = vec![Line::styled(text::truncate(&header, columns).to_string(), theme.header())];
    // The rows that fit above the selected event's sentence: header, blank, three lines of it.
    let room = rows.saturating_sub(5).max(1);
    let first = (selected + 1).saturating_sub(room);
    for (index, event) in measure.events.iter().enumerate().skip(first).take(room) {
        let (name, mrn) = client(figures, event.client_id);
        let row = format!(
            "{}{:<9}{} {} {:<7}{}",
            if index == selected { "> " } else { "  " },
            event.outcome.as_str(),
            text::fit(&name, NAME_COLUMNS),
            text::fit(&mrn, MRN_COLUMNS),
            event.on.format("%d %b"),
            what(measure, event)
        );
        let row = shorten(&row, columns);
        lines.push(if index == selected { Line::styled(row, theme.selected()) } else { Line::raw(row) });
    }
    if let Some(event) = measure.events.get(selected) {
        let (name, mrn) = client(figures, event.client_id);
        let mrn = if mrn.is_empty() { String::new() } else { format!(" (MRN {mrn})") };
        lines.push(Line::raw(""));
        let outcome = match event.outcome {
            EventOutcome::Missed => "missed".to_string(),
            _ => format!("pending until {}", event.window_to.format("%a %d %b")),
        };
        lines.push(Line::raw(format!(
            "{name}{mrn} — {}, {}: {outcome}, {}.",
            measure.measure.label(),
            event.on.format("%a %d %b"),
            what(measure, event)
        )));
    }
    lines
}

/// The status line's keys on the quality screen, drawn from the key table.
pub fn hints(screen: &QualityScreen, keymap: &Keymap) -> String {
    let month = match screen.month {
        QualityMonth::ThisMonth => "last month",
        QualityMonth::LastMonth => "this month",
    };
    let whose = if screen.team { "yours" } else { "team" };
    let context = screen.context();
    let open = if context == Context::Quality { "misses" } else { "open" };
    let pairs =
        [(Action::Open, open), (Action::SwitchMonth, month), (Action::CycleCaseload, whose), (Action::Back, "back")];
    let help = keymap.hints(context, &[(Action::Help, "help"), (Action::Quit, "quit")]);
    format!("{} · {help}", keymap.hints(context, &pairs))
}
