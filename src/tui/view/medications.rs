//! The client screen's Medications tab: the active medications (name, dose,
//! frequency, prescriber, since), the stopped ones greyed with their stop
//! date, the selected one marked, then the reconciliations.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::super::model::ClientView;
use super::theme::Theme;
use crate::domain::medication::Medication;
use crate::domain::text;

/// The tab's lines (empty when there is nothing to show).
pub fn lines(view: &ClientView, selected: Option<i64>, marker: &'static str, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if view.medications.is_empty() && view.reconciliations.is_empty() {
        return lines;
    }
    let (active, stopped): (Vec<&Medication>, Vec<&Medication>) = view.medications.iter().partition(|m| m.is_active());
    lines.push(Line::styled(format!("Active medications ({})", active.len()), theme.header()));
    if active.is_empty() {
        lines.push(Line::styled("  none", theme.dim()));
    } else {
        lines.push(Line::styled(columns("Name", "Dose", "Frequency", "Since", "Prescriber"), theme.dim()));
    }
    for medication in active {
        lines.push(row(medication, medication.started_on, selected, marker, Style::new(), theme));
    }
    if !stopped.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(format!("Stopped ({})", stopped.len()), theme.header()));
        lines.push(Line::styled(columns("Name", "Dose", "Frequency", "Stopped", "Prescriber"), theme.dim()));
        for medication in stopped {
            lines.push(row(medication, medication.stopped_on, selected, marker, theme.dim(), theme));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Reconciliations", theme.header()));
    if view.reconciliations.is_empty() {
        lines.push(Line::styled("  none yet", theme.dim()));
    }
    for reconciliation in &view.reconciliations {
        let after = match reconciliation.encounter_id.and_then(|id| view.encounters.iter().find(|e| e.id == id)) {
            Some(encounter) => format!(" · after {} {}", encounter.kind.label(), encounter.facility),
            None => reconciliation.encounter_id.map(|id| format!(" · after encounter {id}")).unwrap_or_default(),
        };
        let notes = reconciliation.notes.as_deref().map(|n| format!(" · {}", n.replace('\n', " "))).unwrap_or_default();
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(format!("{} by {}{after}{notes}", reconciliation.reconciled_on, reconciliation.by)),
        ]));
    }
    lines
}

/// The columns of a row (after its marker), each padded, none cut: a long
/// value pushes the rest on rather than losing its end.
fn columns(name: &str, dose: &str, frequency: &str, date: &str, prescriber: &str) -> String {
    let pad =
        |value: &str, columns: usize| format!("{value}{}", " ".repeat(columns.saturating_sub(text::width(value))));
    format!("  {} {} {} {} {prescriber}", pad(name, 20), pad(dose, 9), pad(frequency, 14), pad(date, 10))
}

/// One medication: name, dose, frequency, its date (start or stop), prescriber.
fn row(
    medication: &Medication,
    date: Option<chrono::NaiveDate>,
    selected: Option<i64>,
    marker: &'static str,
    style: Style,
    theme: &Theme,
) -> Line<'static> {
    let is_selected = selected == Some(medication.id);
    let shown = columns(
        &medication.name,
        medication.dose.as_deref().unwrap_or("—"),
        medication.frequency.as_deref().unwrap_or("—"),
        &date.map_or_else(|| "—".to_string(), |d| d.to_string()),
        medication.prescriber.as_deref().unwrap_or("—"),
    );
    // The marker its own span: a long row goes on under its text.
    let text = shown.strip_prefix("  ").unwrap_or(&shown).to_string();
    let line = Line::from(vec![Span::raw(if is_selected { marker } else { "  " }), Span::raw(text)]);
    line.style(if is_selected { theme.selected() } else { style })
}
