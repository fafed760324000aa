//! The main screen: Caseload (triage order), Today and Alerts. Side by side
//! when the terminal is wide, stacked (the focused pane tallest) at 80x24.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState, Wrap};

use super::super::model::{Model, Pane, TodayRow, Whose};
use super::ViewState;
use super::help::wrap;
use super::theme::{Theme, severity_label};
use crate::domain::appointment::Transport;
use crate::domain::program::program_label;
use crate::domain::text;

/// Wide enough to put the caseload beside today's appointments.
const SIDE_BY_SIDE_WIDTH: u16 = 110;

pub fn draw(frame: &mut Frame, area: Rect, app: &Model, view: &mut ViewState, theme: &Theme) {
    let rows = Pane::ALL.map(|pane| app.list(pane).visible.len());
    // The focused alerts want room for two rows and the selected one whole.
    let wanted = match app.focus {
        Pane::Alerts => CHROME + 2 + detail_height(app, area.width, theme),
        Pane::Caseload | Pane::Today => 0,
    };
    let [caseload, today, alerts] = pane_areas(area, app.focus, rows, wanted);
    // A page is the rows the focused pane shows (less the alert detail's lines).
    let focused_height = detail_split(app, [caseload, today, alerts][app.focus.index()], theme).0.height;
    view.measured.page_rows = Some(usize::from(focused_height.saturating_sub(3)).max(1));
    if view.offsets_of.as_ref() != Some(&app.whose) {
        view.offsets = [0; 3];
        view.offsets_of = Some(app.whose.clone());
    }
    draw_caseload(frame, caseload, app, view, theme);
    draw_today(frame, today, app, view, theme);
    draw_alerts(frame, alerts, app, view, theme);
}

/// The team view's coordinator column.
const COORDINATOR_WIDTH: u16 = 10;

/// The Alerts pane's client column, and how wide it may grow where the pane
/// is at least `WIDE_ALERTS` columns (its messages keep the rest).
const ALERT_CLIENT: usize = 20;
const WIDEST_ALERT_CLIENT: usize = 28;
const WIDE_ALERTS: u16 = 100;

/// The lines the selected alert's detail takes at least: a rule, the head
/// and two of message.
const ALERT_DETAIL: usize = 4;

/// Rows of a pane that shows `rows` lines of a table: borders and header.
const CHROME: u16 = 3;
/// The table rows an unfocused pane shows when stacked, if it has them.
const UNFOCUSED_ROWS: u16 = 4;
/// Panes stacked or side by side; stacked, the focused pane gets at least
/// `wanted` rows where the others can give them up (down to one row each).
fn pane_areas(area: Rect, focus: Pane, rows: [usize; 3], wanted: u16) -> [Rect; 3] {
    if area.width >= SIDE_BY_SIDE_WIDTH {
        // Caseload and Today side by side; the alerts, whose messages are the
        // longest text, across the whole width below.
        let [top, alerts] = Layout::vertical([Constraint::Percentage(60), Constraint::Fill(1)]).areas(area);
        let [caseload, today] = Layout::horizontal([Constraint::Percentage(55), Constraint::Fill(1)]).areas(top);
        return [caseload, today, alerts];
    }
    // Stacked: the focused pane takes what the others leave; each of them
    // shows up to four rows (fewer when it has fewer), so Today's visits
    // stay in sight while the caseload has the focus.
    let height = |pane: Pane, most: u16| u16::try_from(rows[pane.index()]).unwrap_or(u16::MAX).clamp(1, most) + CHROME;
    let others = |most: u16| Pane::ALL.iter().filter(|p| **p != focus).map(|p| height(*p, most)).sum::<u16>();
    let most = (1..=UNFOCUSED_ROWS).rev().find(|most| area.height.saturating_sub(others(*most)) >= wanted).unwrap_or(1);
    let size = |pane: Pane| if pane == focus { Constraint::Fill(1) } else { Constraint::Length(height(pane, most)) };
    Layout::vertical(Pane::ALL.map(size)).areas(area)
}

fn pane_block<'a>(app: &Model, pane: Pane, count: usize, theme: &Theme) -> Block<'a> {
    let list = app.list(pane);
    let whose = match &app.whose {
        Whose::Mine => String::new(),
        Whose::Team => " · team".to_string(),
        Whose::Colleague(name) => format!(" · {name}"),
    };
    let kind = match (pane, app.alert_kind()) {
        (Pane::Alerts, Some(kind)) => format!(" · {} only", kind.label()),
        _ => String::new(),
    };
    // The focus shows without colour: a marker and a bold title.
    let focused = app.focus == pane;
    let marker = match (focused, theme.ascii) {
        (false, _) => "",
        (true, false) => "▶ ",
        (true, true) => "> ",
    };
    let title = format!("{marker}{} {}{whose}{kind}", pane.index() + 1, pane.title());
    let narrowed = pane == Pane::Alerts && app.alert_kind().is_some();
    let shown = if list.filter.is_empty() && !list.editing_filter && !narrowed {
        format!(" {title} ({count}) ")
    } else {
        let cursor = if list.editing_filter { "_" } else { "" };
        let typed = if list.filter.is_empty() && !list.editing_filter {
            String::new()
        } else {
            format!(" /{}{cursor}", list.filter)
        };
        format!(" {title} ({} of {count}){typed} ", list.visible.len())
    };
    let title_style = if focused { Style::new().add_modifier(Modifier::BOLD) } else { Style::new() };
    Block::bordered()
        .title(Span::styled(shown, title_style))
        .border_set(theme.border())
        .border_style(theme.pane_border(focused))
}

/// The indices (into `visible`) of the rows that fit in a bordered table of
/// `area` with a header, scrolled as little as keeps the selection in view.
/// Only these rows are built, so a frame of 100,000 clients costs what one of
/// twenty does.
fn window(app: &Model, view: &mut ViewState, pane: Pane, area: Rect) -> Range<usize> {
    let list = app.list(pane);
    let offset = &mut view.offsets[pane.index()];
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    let last = list.visible.len().saturating_sub(1);
    let selected = list.selected.min(last);
    // Never more blank rows below the list than the pane must have: a pane
    // grown taller (a larger window) shows rows above the old first one.
    let fill = list.visible.len().saturating_sub(height);
    *offset = (*offset).min(fill).min(selected).max((selected + 1).saturating_sub(height));
    *offset..(*offset + height).min(list.visible.len())
}

/// Draws the table of a pane's window of rows (see `window`), which starts
/// at `offset`.
fn draw_table(frame: &mut Frame, area: Rect, app: &Model, pane: Pane, offset: usize, table: Table, theme: &Theme) {
    let list = app.list(pane);
    let mut state = TableState::new().with_selected(Some(list.selected.saturating_sub(offset)));
    let table = table.row_highlight_style(if app.focus == pane { theme.selected() } else { theme.dim() });
    frame.render_stateful_widget(table, area, &mut state);
}

fn draw_empty(frame: &mut Frame, area: Rect, block: Block, text: &str, theme: &Theme) {
    frame.render_widget(
        Paragraph::new(text.to_string()).style(theme.dim()).wrap(Wrap { trim: true }).block(block),
        area,
    );
}

/// "3d late", "today", "in 2d", "5w late": how a due date reads at a glance,
/// never wider than eight characters.
pub fn relative_due(due: Option<NaiveDate>, today: NaiveDate) -> String {
    let Some(due) = due else { return String::new() };
    let days = (due - today).num_days();
    let span = match days.abs() {
        d if d < 100 => format!("{d}d"),
        d if d < 365 => format!("{}w", d / 7),
        d => format!("{}y", d / 365),
    };
    match days {
        0 => "today".into(),
        d if d < 0 => format!("{span} late"),
        _ => format!("in {span}"),
    }
}

/// The last contact's date ("14 Nov"; the year too when it was another
/// year), or "never".
fn last_contact(on: Option<NaiveDate>, today: NaiveDate) -> String {
    match on {
        None => "never".into(),
        Some(on) if on.year() == today.year() => on.format("%d %b").to_string(),
        Some(on) => on.format("%b %y").to_string(),
    }
}

fn draw_caseload(frame: &mut Frame, area: Rect, app: &Model, view: &mut ViewState, theme: &Theme) {
    let block = pane_block(app, Pane::Caseload, app.caseload.len(), theme);
    if app.caseload.is_empty() {
        let text = "No active clients in your caseload yet. Add one with `caseload client add --given-name … \
                    --family-name …`, or try `caseload --demo` to look around.";
        return draw_empty(frame, area, block, text, theme);
    }
    let today = app.now.today();
    let team = app.whose == Whose::Team;
    let shown = window(app, view, Pane::Caseload, area);
    let offset = shown.start;
    let rows: Vec<Row> = app.list(Pane::Caseload).visible[shown]
        .iter()
        .filter_map(|&i| app.caseload.get(i))
        .map(|row| {
            let t = &row.triage;
            let mut cells = vec![
                Cell::from(severity_label(t.severity)).style(theme.severity(t.severity)),
                Cell::from(&*t.client_name),
                Cell::from(t.risk.label()),
                Cell::from(program_label(&t.program)),
                Cell::from(relative_due(t.next_due, today)),
                Cell::from(last_contact(t.last_contact_on, today)),
                Cell::from(if t.alert_count > 0 { t.alert_count.to_string() } else { String::new() }),
            ];
            if team {
                cells.insert(2, Cell::from(row.coordinator.as_deref().unwrap_or_default()));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["SEV", "CLIENT", "RISK", "PROGRAM", "NEXT DUE", "CONTACT", "ALERTS"];
    let mut widths = vec![
        Constraint::Length(4),
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Length(7),
        Constraint::Length(8),
        Constraint::Length(7),
        Constraint::Length(6),
    ];
    if team {
        // Two clients of one name in the team are told apart by whose they are.
        header.insert(2, "COORD");
        widths.insert(2, Constraint::Length(COORDINATOR_WIDTH));
    }
    let table = Table::new(rows, widths).header(Row::new(header).style(theme.header())).block(block);
    draw_table(frame, area, app, Pane::Caseload, offset, table, theme);
}

fn draw_today(frame: &mut Frame, area: Rect, app: &Model, view: &mut ViewState, theme: &Theme) {
    let block = pane_block(app, Pane::Today, app.today.len(), theme);
    if app.today.is_empty() {
        return draw_empty(frame, area, block, "No appointments today.", theme);
    }
    let columns = today_columns(app, usize::from(area.width.saturating_sub(2)));
    let shown = window(app, view, Pane::Today, area);
    let offset = shown.start;
    let rows: Vec<Row> = app.list(Pane::Today).visible[shown]
        .iter()
        .filter_map(|&i| app.today.get(i))
        .map(|row| {
            let a = &row.appointment;
            let mut cells = vec![
                Cell::from(app.now.zone.local_clock(a.starts_at)),
                Cell::from(row.client_name.clone()),
                Cell::from(a.kind.label()),
                transport_cell(a.transport, theme),
                Cell::from(a.status.label()),
            ];
            if columns.with {
                cells.insert(3, Cell::from(a.with_whom.clone().unwrap_or_default()));
            }
            Row::new(cells)
        })
        .collect();
    let mut header = vec!["TIME", "CLIENT", "KIND", "RIDE", "STATUS"];
    if columns.with {
        header.insert(3, "WITH");
    }
    let table = Table::new(rows, columns.widths).header(Row::new(header).style(theme.header())).block(block);
    draw_table(frame, area, app, Pane::Today, offset, table, theme);
}

/// The Today pane's columns for `inner` columns of room.
struct TodayColumns {
    widths: Vec<Constraint>,
    /// Whether "with whom" has a column (it gives way to whole names).
    with: bool,
}

/// Fewest columns the "with whom" column is worth showing in.
const MIN_WITH: usize = 8;

/// Kind, ride and status as wide as what they hold today; the client's name
/// whole when it can be; "with whom" in what is left, or not at all when
/// that is too little (opening the appointment shows it).
fn today_columns(app: &Model, inner: usize) -> TodayColumns {
    let rows: Vec<&TodayRow> = app.list(Pane::Today).visible.iter().filter_map(|&i| app.today.get(i)).collect();
    let widest = |header: &str, texts: &mut dyn Iterator<Item = &str>| {
        texts.map(text::width).max().unwrap_or(0).max(header.len())
    };
    let kind = widest("KIND", &mut rows.iter().map(|r| r.appointment.kind.label()));
    let ride = widest("RIDE", &mut rows.iter().map(|r| transport_text(r.appointment.transport)));
    let status = widest("STATUS", &mut rows.iter().map(|r| r.appointment.status.label()));
    let name = widest("CLIENT", &mut rows.iter().map(|r| r.client_name.as_str()));
    let time = 5;
    let length = |n: usize| Constraint::Length(u16::try_from(n).unwrap_or(u16::MAX));
    // Five gaps between six columns.
    let with = inner.saturating_sub(time + name + kind + ride + status + 5) >= MIN_WITH;
    let widths = if with {
        vec![length(time), length(name), length(kind), Constraint::Fill(1), length(ride), length(status)]
    } else {
        vec![length(time), Constraint::Fill(1), length(kind), length(ride), length(status)]
    };
    TodayColumns { widths, with }
}

/// Transport only when there is something to know: blank when not needed.
fn transport_text(transport: Transport) -> &'static str {
    match transport {
        Transport::NotNeeded => "",
        Transport::Needed => "NEEDED",
        Transport::Arranged => "arranged",
    }
}

fn transport_cell(transport: Transport, theme: &Theme) -> Cell<'static> {
    let cell = Cell::from(transport_text(transport));
    match transport {
        Transport::Needed => cell.style(theme.severity(Some(crate::domain::alerts::Severity::High))),
        Transport::NotNeeded | Transport::Arranged => cell,
    }
}

fn draw_alerts(frame: &mut Frame, area: Rect, app: &Model, view: &mut ViewState, theme: &Theme) {
    let block = pane_block(app, Pane::Alerts, app.alerts.len(), theme);
    if app.alerts.is_empty() {
        return draw_empty(frame, area, block, "Nothing is due: no alerts for your caseload.", theme);
    }
    let today = app.now.today();
    let (rows_area, detail) = detail_split(app, area, theme);
    let shown = window(app, view, Pane::Alerts, rows_area);
    let offset = shown.start;
    let alerts: Vec<_> = app.list(Pane::Alerts).visible[shown].iter().filter_map(|&i| app.alerts.get(i)).collect();
    // Where the pane is wide, names shown whole (up to a point); the
    // widest name in view, so a frame measures only the rows it draws.
    let client = if area.width >= WIDE_ALERTS {
        alerts.iter().map(|a| text::width(&a.client_name)).max().unwrap_or(0).clamp(ALERT_CLIENT, WIDEST_ALERT_CLIENT)
    } else {
        ALERT_CLIENT
    };
    let rows: Vec<Row> = alerts
        .iter()
        .map(|alert| {
            Row::new(vec![
                Cell::from(severity_label(Some(alert.severity))).style(theme.severity(Some(alert.severity))),
                Cell::from(relative_due(Some(alert.due), today)),
                Cell::from(&*alert.client_name),
                Cell::from(Line::from(vec![Span::raw(alert.message.clone())])),
            ])
        })
        .collect();
    let header = Row::new(["SEV", "DUE", "CLIENT", "ALERT"]).style(theme.header());
    let client = u16::try_from(client).unwrap_or(u16::MAX);
    let widths = [Constraint::Length(4), Constraint::Length(8), Constraint::Length(client), Constraint::Fill(1)];
    let table = Table::new(rows, widths).header(header).block(block);
    draw_table(frame, area, app, Pane::Alerts, offset, table, theme);
    if let Some(detail) = detail {
        draw_alert_detail(frame, detail, app, theme);
    }
}

/// The part of the pane whose height sets how many alerts show, and the
/// lines under the alerts that show the selected one whole (as many as it
/// takes), when the pane has the focus and room for them and a row.
fn detail_split(app: &Model, area: Rect, theme: &Theme) -> (Rect, Option<Rect>) {
    let height = detail_height(app, area.width, theme);
    if height == 0 || area.height < height + CHROME + 1 {
        return (area, None);
    }
    // The rows take what the detail leaves; the detail sits inside the
    // pane's border, under them.
    let rows = Rect { height: area.height - height, ..area };
    let detail =
        Rect { x: area.x + 1, y: area.y + area.height - 1 - height, width: area.width.saturating_sub(2), height };
    (rows, Some(detail))
}

/// The rows the selected alert's detail takes in a pane `width` wide (0
/// when the alerts do not have the focus or nothing is selected).
fn detail_height(app: &Model, width: u16, theme: &Theme) -> u16 {
    let lines = alert_detail(app, usize::from(width.saturating_sub(2)), theme).len();
    // At least the usual four, so moving between short alerts moves no pane
    // (a move redraws rows, not the layout).
    let lines = if lines == 0 { 0 } else { lines.max(ALERT_DETAIL) };
    u16::try_from(lines).unwrap_or(u16::MAX)
}

/// The selected alert whole, wrapped to `width`: a rule, its kind, client
/// and due date, then its full text.
fn alert_detail(app: &Model, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(alert) = app.selected_alert() else { return Vec::new() };
    let head = format!(
        "{} · {} · due {} ({})",
        alert.kind.label(),
        alert.client_name,
        alert.due.format("%a %d %b"),
        severity_label(Some(alert.severity))
    );
    let mut lines = vec![Line::styled(theme.border().horizontal_top.repeat(width), theme.dim())];
    let bold = Style::new().add_modifier(Modifier::BOLD);
    lines.extend(wrap(&head, width).into_iter().map(|line| Line::styled(line, bold)));
    lines.extend(wrap(&alert.message, width).into_iter().map(Line::raw));
    lines
}

fn draw_alert_detail(frame: &mut Frame, area: Rect, app: &Model, theme: &Theme) {
    frame.render_widget(Paragraph::new(alert_detail(app, usize::from(area.width), theme)), area);
}

#[cfg(test)]
mod tests {
    use super::relative_due;
    use chrono::{Duration, NaiveDate};

    #[test]
    fn due_dates_read_at_a_glance_in_eight_characters() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let at = |days: i64| relative_due(Some(today + Duration::days(days)), today);
        assert_eq!(
            [at(0), at(-3), at(2), at(-99), at(-100), at(-1135), at(400)],
            ["today", "3d late", "in 2d", "99d late", "14w late", "3y late", "in 1y"]
        );
        assert_eq!(relative_due(None, today), "");
    }
}
