//! `report quality` (SPEC §4, §10): the measures of a period as Markdown
//! (the rate in words, each missed client by name) or CSV lines; the JSON is
//! the measures themselves, one object each.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::quality::{MeasureResult, Period};
use crate::domain::text::markdown_inline;

/// The measures of one caseload over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct QualityReport {
    pub period: Period,
    /// Whose caseload; None for the whole team.
    pub coordinator: Option<String>,
    pub measures: Vec<MeasureResult>,
    /// Each client's name as the report shows it (initials under --redact).
    pub names: HashMap<i64, String>,
}

/// One CSV line per measure; the missed client ids separated by spaces.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsvLine {
    pub measure: String,
    pub denominator: u32,
    pub numerator: u32,
    pub pending: u32,
    pub rate: Option<f64>,
    pub missed: String,
}

pub fn csv_lines(report: &QualityReport) -> Vec<CsvLine> {
    report
        .measures
        .iter()
        .map(|m| CsvLine {
            measure: m.measure.to_string(),
            denominator: m.denominator,
            numerator: m.numerator,
            pending: m.pending,
            rate: m.rate,
            missed: m.missed.iter().map(i64::to_string).collect::<Vec<_>>().join(" "),
        })
        .collect()
}

/// A heading, one table row per measure, and the missed clients by name.
pub fn markdown(report: &QualityReport) -> String {
    let whose = report.coordinator.as_deref().map_or_else(|| "team".to_string(), markdown_inline);
    let mut out = format!("# Quality report {} to {} — {whose}\n\n", report.period.from, report.period.to);
    out.push_str("| Measure | Events | Rate | Missed |\n|---|--:|---|---|\n");
    for m in &report.measures {
        let missed: Vec<String> = m
            .missed
            .iter()
            .map(|id| {
                let name = report.names.get(id).map_or("client", String::as_str);
                format!("{} #{id}", markdown_inline(name))
            })
            .collect();
        out.push_str(&format!(
            "| {} ({}) | {} | {} | {} |\n",
            m.measure.label(),
            m.measure,
            m.denominator,
            m.in_words(),
            if missed.is_empty() { "—".to_string() } else { missed.join(", ") },
        ));
    }
    out.push_str("\nPending: the window is still open at the end of the period (or today); not in the rate.\n");
    out
}
