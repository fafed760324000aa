//! The client screen: a header (name, age, risk, program, phone, coordinator,
//! alerts) and nine tabs, each a scrollable page of lines.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_segmentation::UnicodeSegmentation;

use super::super::model::{
    APPOINTMENTS_TAB, ASSESSMENTS_TAB, CLIENT_TABS, ClientView, MEDICATIONS_TAB, Model, NOTES_TAB,
};
use super::super::msg::Measured;
use super::main_screen::relative_due;
use super::theme::{Theme, severity_label};
use super::{assessments, medications};
use crate::domain::billing::progress_line;
use crate::domain::privacy::{HIDDEN, Redactor, shown_name};
use crate::domain::program::program_label;
use crate::domain::text;
use crate::domain::time::Zone;
use crate::domain::wording::counted;

pub const TAB_TITLES: [&str; CLIENT_TABS] = [
    "Overview",
    "Notes",
    "Appointments",
    "Follow-ups",
    "Referrals",
    "Care plan",
    "Assessments",
    "Medications",
    "Contacts",
];

/// The tab titles when the full ones do not fit on one line (at 80 columns).
const SHORT_TITLES: [&str; CLIENT_TABS] =
    ["Overview", "Notes", "Appts", "Follow-ups", "Referrals", "Plan", "Assess", "Meds", "Contacts"];

/// The tab titles when even the short ones do not fit (60 columns).
const SHORTEST_TITLES: [&str; CLIENT_TABS] =
    ["Overview", "Notes", "Appts", "Follow", "Refs", "Plan", "Assess", "Meds", "Contacts"];

pub fn draw(frame: &mut Frame, area: Rect, app: &Model, measured: &mut Measured, theme: &Theme) {
    let Some(view) = &app.open_client else { return };
    let today = app.now.today();
    let [header, tabs, body] =
        Layout::vertical([Constraint::Length(4), Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let has_draft = app.draft_for(view.client.id).is_some();
    frame.render_widget(header_widget(view, app.redact, has_draft, today, theme), header);
    frame.render_widget(Paragraph::new(tab_row(app.client_tab, usize::from(tabs.width), theme)), tabs);
    let selected = app.selected_appointment();
    let lines = if app.redact {
        tab_lines(&redacted_texts(view), app, true, selected, theme)
    } else {
        tab_lines(view, app, false, selected, theme)
    };
    let block = Block::bordered().border_set(theme.border());
    // Lines are wrapped here, by terminal width, so the scroll limit counts
    // the rows actually drawn (a long note is many rows, not one line).
    let width = usize::from(body.width.saturating_sub(2)).max(1);
    let focus_line = app.focus_note.filter(|_| app.client_tab == NOTES_TAB).and_then(|id| note_line(view, id));
    let mut focus_row = None;
    let mut rows: Vec<Line> = Vec::new();
    for (index, line) in lines.into_iter().enumerate() {
        if Some(index) == focus_line {
            focus_row = Some(rows.len());
        }
        rows.extend(wrap_line(line, width));
    }
    let visible = usize::from(body.height.saturating_sub(2)).max(1);
    let furthest = rows.len().saturating_sub(visible);
    measured.page_rows = Some(visible);
    measured.client_scroll_max = Some(furthest);
    let mut scroll = app.client_scroll.min(furthest);
    if app.client_tab == APPOINTMENTS_TAB || app.client_tab == MEDICATIONS_TAB {
        // The page follows the selected appointment's (or medication's) row.
        let marker = selected_marker(theme);
        let marked = rows.iter().rposition(|row| row.spans.first().is_some_and(|s| s.content.starts_with(marker)));
        scroll = marked.map_or(0, |row| (row + 1).saturating_sub(visible));
    }
    // A note opened from a search: its heading at the top, once.
    if let Some(row) = focus_row {
        measured.focus_note_line = Some(row);
        scroll = row.min(furthest);
    }
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(rows).block(block).scroll((scroll, 0)), body);
}

/// The tabs on one line, the current one highlighted and bracketed (so it
/// shows without colour); shorter titles and gaps when the full ones do not fit.
fn tab_row(current: usize, width: usize, theme: &Theme) -> Line<'static> {
    let wide = |titles: &[&str], gap: &str| {
        titles.iter().map(|t| text::width(t)).sum::<usize>() + 2 + text::width(gap) * (titles.len() - 1)
    };
    let choices = [(TAB_TITLES, "  "), (SHORT_TITLES, "  "), (SHORT_TITLES, " "), (SHORTEST_TITLES, " ")];
    let (titles, gap) =
        choices.into_iter().find(|(titles, gap)| wide(titles, gap) <= width).unwrap_or((SHORTEST_TITLES, " "));
    let mut spans = Vec::new();
    for (index, title) in titles.iter().enumerate() {
        if index > 0 {
            spans.push(Span::raw(gap));
        }
        if index == current {
            spans.push(Span::styled(format!("[{title}]"), theme.selected()));
        } else {
            spans.push(Span::raw(title.to_string()));
        }
    }
    Line::from(spans)
}

/// A line cut into rows at most `width` columns wide (by grapheme cluster,
/// as the terminal draws them), at a space where one is near, keeping each
/// part's style. A line of several spans (a label, then its text) goes on
/// under its last span's text, not at column 0.
fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width {
        return vec![line];
    }
    let style = line.style;
    let hanging = match line.spans.split_last() {
        Some((_, before)) if !before.is_empty() => before.iter().map(|s| text::width(&s.content)).sum(),
        _ => 0,
    };
    // A narrow screen keeps at least half of each row for the text.
    let indent = if hanging <= width / 2 { hanging } else { 0 };
    let mut rows: Vec<Vec<(String, Style)>> = vec![Vec::new()];
    let mut used = 0;
    for span in &line.spans {
        for cluster in span.content.graphemes(true) {
            let columns = text::width(cluster);
            if used + columns > width {
                let row = rows.last_mut().map(std::mem::take).unwrap_or_default();
                // Break after the row's last space past the indent, when there is one.
                let first = if rows.len() > 1 { indent } else { 0 };
                let (kept, carried) = match row.iter().rposition(|(c, _)| c == " ") {
                    Some(space) if space + 1 < row.len() && space >= first => {
                        let mut kept = row;
                        let carried = kept.split_off(space + 1);
                        (kept, carried)
                    }
                    _ => (row, Vec::new()),
                };
                if let Some(last) = rows.last_mut() {
                    *last = kept;
                }
                let mut next: Vec<(String, Style)> = (0..indent).map(|_| (" ".to_string(), Style::new())).collect();
                next.extend(carried);
                used = next.iter().map(|(c, _)| text::width(c)).sum();
                rows.push(next);
            }
            used += columns;
            if let Some(last) = rows.last_mut() {
                last.push((cluster.to_string(), span.style));
            }
        }
    }
    rows.into_iter().map(|row| Line::from(join_spans(row)).style(style)).collect()
}

/// Clusters back into spans, one per run of the same style.
fn join_spans(row: Vec<(String, Style)>) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (cluster, style) in row {
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(&cluster),
            _ => spans.push(Span::styled(cluster, style)),
        }
    }
    spans
}

/// Identifying details are hidden along with the name when redacted.
fn detail(value: Option<&str>, redact: bool) -> String {
    match value {
        Some(_) if redact => HIDDEN.into(),
        Some(text) => text.to_string(),
        None => "—".into(),
    }
}

/// The view with its free text (notes, titles, reasons, messages) as
/// `--redact` shows it; the client's own fields and the contacts stay, and
/// are hidden field by field where they are drawn. Only for drawing: the
/// forms keep the real records.
fn redacted_texts(view: &ClientView) -> ClientView {
    let redactor = Redactor::new([&view.client]);
    let mut shown = view.clone();
    shown.client.discharge_reason = view.client.discharge_reason.as_deref().map(|r| redactor.text(view.client.id, r));
    redactor.apply(&mut shown.alerts);
    redactor.apply(&mut shown.notes);
    redactor.apply(&mut shown.appointments);
    redactor.apply(&mut shown.followups);
    redactor.apply(&mut shown.referrals);
    redactor.apply(&mut shown.plan);
    redactor.apply(&mut shown.encounters);
    redactor.apply(&mut shown.medications);
    redactor.apply(&mut shown.reconciliations);
    shown
}

fn header_widget<'a>(
    view: &ClientView,
    redact: bool,
    has_draft: bool,
    today: NaiveDate,
    theme: &Theme,
) -> Paragraph<'a> {
    let client = &view.client;
    let age = match client.age_on(today) {
        Some(_) if redact => String::new(),
        Some(age) => format!(" · {age} y"),
        None => String::new(),
    };
    let worst = view.alerts.first().map(|a| a.severity);
    let first = Line::from(vec![
        Span::styled(shown_name(client, redact), theme.header()),
        Span::raw(format!(
            "{age} · {} risk · {} · {}",
            client.risk.label(),
            program_label(&client.program),
            client.status.label()
        )),
    ]);
    let mut second = Line::from(vec![
        Span::raw(format!("phone {} · coordinator {} · ", detail(client.phone.as_deref(), redact), client.coordinator)),
        Span::styled(counted(view.alerts.len(), "alert"), theme.severity(worst)),
    ]);
    if has_draft {
        // An unsaved note is waiting: `n` goes back to it.
        second.push_span(Span::raw(" · "));
        second.push_span(Span::styled("DRAFT note unsaved (n)", theme.error()));
    }
    Paragraph::new(vec![first, second]).block(Block::bordered().border_set(theme.border()))
}

fn tab_lines(view: &ClientView, app: &Model, redact: bool, selected: Option<i64>, theme: &Theme) -> Vec<Line<'static>> {
    let (tab, now) = (app.client_tab, app.now);
    let today = now.today();
    let lines = match tab {
        0 => overview(view, redact, today, theme),
        1 => notes(view, now.zone, theme),
        2 => appointments(view, selected, now.zone, theme),
        3 => followups(view, today, theme),
        4 => referrals(view),
        5 => care_plan(view, today, theme),
        ASSESSMENTS_TAB => assessments::lines(&view.assessments, &app.safety_instructions, now.zone, theme),
        MEDICATIONS_TAB => medications::lines(view, app.selected_medication(), selected_marker(theme), theme),
        _ => contacts(view, redact),
    };
    if lines.is_empty() {
        vec![Line::styled(format!("No {} yet.", TAB_TITLES[tab].to_lowercase()), theme.dim())]
    } else {
        lines
    }
}

fn field(label: &str, value: String) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<18}"), Style::new()), Span::raw(value)])
}

fn date(value: Option<NaiveDate>) -> String {
    value.map_or_else(|| "—".into(), |d| d.to_string())
}

fn overview(view: &ClientView, redact: bool, today: NaiveDate, theme: &Theme) -> Vec<Line<'static>> {
    let c = &view.client;
    let mut lines = Vec::new();
    if view.alerts.is_empty() {
        lines.push(Line::styled("No alerts: nothing is due for this client.", theme.dim()));
    }
    for alert in &view.alerts {
        lines.push(Line::from(vec![
            Span::styled(format!("{:<5}", severity_label(Some(alert.severity))), theme.severity(Some(alert.severity))),
            Span::raw(format!("{:<9} {}", relative_due(Some(alert.due), today), alert.message)),
        ]));
    }
    lines.push(Line::raw(""));
    if let Some(minutes) = progress_line(&view.progress) {
        lines.push(field("This month", minutes));
    }
    // Hospital stays come before the identity fields: they drive the most urgent work.
    for encounter in &view.encounters {
        let out = encounter.discharged_on.map_or_else(|| "still admitted".into(), |d| format!("discharged {d}"));
        lines.push(field(
            "Hospital",
            format!(
                "{} {} ({}): admitted {}, {out}",
                encounter.kind.label(),
                encounter.facility,
                encounter.reason.label(),
                encounter.admitted_on
            ),
        ));
    }
    let language = match (&c.language, c.interpreter_needed) {
        (Some(language), true) => format!("{language} (interpreter needed)"),
        (Some(language), false) => language.clone(),
        (None, true) => "interpreter needed".into(),
        (None, false) => "—".into(),
    };
    lines.extend([
        field("MRN", detail(c.mrn.as_deref(), redact)),
        field("Date of birth", if redact { HIDDEN.into() } else { date(c.dob) }),
        field("Phone", detail(c.phone.as_deref(), redact)),
        field("Other phone", detail(c.alt_phone.as_deref(), redact)),
        field("Address", detail(c.address.as_deref(), redact)),
        field("Language", language),
        field("Enrolled", c.enrolled_on.to_string()),
        field("Payer", format!("{} {}", c.payer.as_deref().unwrap_or("—"), detail(c.member_id.as_deref(), redact))),
        field("Coverage ends", date(c.coverage_ends_on)),
        field("Consent expires", date(c.consent_expires_on)),
        field("Tags", if c.tags.is_empty() { "—".into() } else { c.tags.join(", ") }),
    ]);
    if let Some(discharged) = c.discharged_on {
        lines.push(field(
            "Discharged",
            format!("{discharged} ({})", c.discharge_reason.as_deref().unwrap_or("no reason")),
        ));
    }
    lines
}

fn notes(view: &ClientView, zone: Zone, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for note in &view.notes {
        let indent = if note.addendum_of.is_some() { "    " } else { "" };
        let heading = if note.addendum_of.is_some() {
            format!("{indent}↳ addendum {} · {}", zone.local_display(note.contact_at), note.author)
        } else {
            format!(
                "{} · {} {} · {} · {} min · {}",
                zone.local_display(note.contact_at),
                note.contact_type.label(),
                note.direction.label(),
                note.outcome.label(),
                note.minutes,
                note.author
            )
        };
        lines.push(Line::styled(heading, theme.header()));
        lines.extend(note.body.lines().map(|line| Line::raw(format!("{indent}{line}"))));
        lines.push(Line::raw(""));
    }
    lines
}

/// The line of the Notes tab where a note's heading is (the layout of `notes`).
fn note_line(view: &ClientView, note_id: i64) -> Option<usize> {
    let at = view.notes.iter().position(|note| note.id == note_id)?;
    Some(view.notes[..at].iter().map(|note| note.body.lines().count() + 2).sum())
}

/// What starts the selected row, so it shows without colour.
fn selected_marker(theme: &Theme) -> &'static str {
    if theme.ascii { "> " } else { "▸ " }
}

/// The selected appointment in full (when, where, ride), then the list with
/// a marker on the selected row.
fn appointments(view: &ClientView, selected: Option<i64>, zone: Zone, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(a) = view.appointments.iter().find(|a| Some(a.id) == selected) {
        let or_dash = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".into());
        lines.extend([
            Line::styled(format!("Appointment #{} · {} · {}", a.id, a.kind.label(), a.status.label()), theme.header()),
            field("When", format!("{} ({} min)", zone.local_display(a.starts_at), a.minutes)),
            field("With", or_dash(&a.with_whom)),
            field("Where", or_dash(&a.location)),
            field("Transport", a.transport.label().to_string()),
            field("Ride details", or_dash(&a.transport_details)),
        ]);
        if let Some(notes) = &a.notes {
            lines.extend(
                notes.lines().enumerate().map(|(n, line)| field(if n == 0 { "Notes" } else { "" }, line.into())),
            );
        }
        lines.push(Line::raw(""));
    }
    lines.extend(view.appointments.iter().map(|a| {
        let ride = match a.transport {
            crate::domain::appointment::Transport::NotNeeded => String::new(),
            other => format!(" · transport {}", other.label()),
        };
        let marker = if Some(a.id) == selected { selected_marker(theme) } else { "  " };
        let style = if Some(a.id) == selected {
            theme.selected()
        } else if a.status.is_open() {
            Style::new()
        } else {
            theme.dim()
        };
        // The marker its own span: a long row goes on under its text.
        Line::from(vec![
            Span::raw(marker),
            Span::raw(format!(
                "{}  {:<10} {:<9} {}{ride}",
                zone.local_display(a.starts_at),
                a.kind.label(),
                a.status.label(),
                a.with_whom.as_deref().unwrap_or("—")
            )),
        ])
        .style(style)
    }));
    lines
}

fn followups(view: &ClientView, today: NaiveDate, theme: &Theme) -> Vec<Line<'static>> {
    view.followups
        .iter()
        .map(|f| {
            let when = if f.status == crate::domain::followup::FollowupStatus::Open {
                relative_due(Some(f.due_on), today)
            } else {
                f.status.label().to_string()
            };
            let snoozed = f.snoozed_until.map(|d| format!(" (snoozed until {d})")).unwrap_or_default();
            Line::raw(format!("#{:<5} {}  {:<9} {}{snoozed}", f.id, f.due_on, when, f.title)).style(
                if f.status == crate::domain::followup::FollowupStatus::Open { Style::new() } else { theme.dim() },
            )
        })
        .collect()
}

fn referrals(view: &ClientView) -> Vec<Line<'static>> {
    view.referrals
        .iter()
        .map(|r| {
            Line::raw(format!(
                "#{:<5} {:<11} {:<12} {} (since {}) · {}",
                r.id,
                r.kind.label(),
                r.status.label(),
                r.to,
                r.status_changed_on,
                r.reason
            ))
        })
        .collect()
}

fn care_plan(view: &ClientView, today: NaiveDate, theme: &Theme) -> Vec<Line<'static>> {
    let plan = &view.plan;
    let mut lines = vec![field("Last reviewed", date(plan.last_reviewed_on)), Line::raw("")];
    lines.push(Line::styled("Problems", theme.header()));
    lines.extend(
        plan.problems.iter().map(|p| Line::raw(format!("  #{:<5} {:<9} {}", p.id, p.status.label(), p.description))),
    );
    lines.push(Line::styled("Goals", theme.header()));
    lines.extend(plan.goals.iter().map(|g| {
        let target = g.target_on.map(|t| format!("target {t} ({})", relative_due(Some(t), today))).unwrap_or_default();
        Line::raw(format!("  #{:<5} {:<12} {} {target}", g.id, g.status.label(), g.description))
    }));
    lines.push(Line::styled("Interventions", theme.header()));
    lines.extend(plan.interventions.iter().map(|i| {
        let owner = i.owner.as_deref().map(|o| format!(" ({o})")).unwrap_or_default();
        Line::raw(format!("  #{:<5} {:<12} {}{owner}", i.id, i.status.label(), i.description))
    }));
    lines
}

fn contacts(view: &ClientView, redact: bool) -> Vec<Line<'static>> {
    view.contacts
        .iter()
        .map(|c| {
            let team = if c.on_care_team { " · care team" } else { "" };
            let share = if c.may_share_info { " · may share" } else { "" };
            let organization = c.organization.as_deref().map(|o| format!(" {o}")).unwrap_or_default();
            Line::raw(format!(
                "{:<24} {:<13} {}{organization}{team}{share}",
                if redact { HIDDEN.to_string() } else { c.name.clone() },
                c.relationship.label(),
                detail(c.phone.as_deref(), redact),
            ))
        })
        .collect()
}
