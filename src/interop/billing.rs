//! `report billing` (SPEC §4, §8): the month's ledger with totals per code,
//! as Markdown, CSV rows or one JSON object.

use serde::Serialize;

use crate::domain::billing::{BillingRow, CodeUnits};
use crate::domain::text::markdown_inline;

/// The report: the ledger's rows (fields exactly §8's) and the units per
/// code of its billable rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BillingReport {
    pub month: String,
    /// Whose caseload; None for the whole team.
    pub coordinator: Option<String>,
    pub rows: Vec<BillingRow>,
    pub totals: Vec<CodeUnits>,
}

/// One CSV line: a row of the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CsvLine {
    pub client_id: i64,
    pub client_name: String,
    pub program: String,
    pub practitioner: String,
    pub month: String,
    pub minutes: u32,
    /// "99490:1 99439:1".
    pub codes: String,
    pub status: String,
    pub reason: String,
}

/// "99490:1 99439:1".
fn codes_text(codes: &[CodeUnits]) -> String {
    codes.iter().map(|c| format!("{}:{}", c.code, c.units)).collect::<Vec<_>>().join(" ")
}

/// The ledger's rows, one CSV line each; the totals are `total_lines`, a CSV of their own.
pub fn csv_lines(report: &BillingReport) -> Vec<CsvLine> {
    report
        .rows
        .iter()
        .map(|row| CsvLine {
            client_id: row.client_id,
            client_name: row.client_name.clone(),
            program: row.program.to_string(),
            practitioner: row.practitioner.clone().unwrap_or_default(),
            month: row.month.clone(),
            minutes: row.minutes,
            codes: codes_text(&row.codes),
            status: row.status.to_string(),
            reason: row.reason.clone().unwrap_or_default(),
        })
        .collect()
}

/// One CSV line of the totals: the units of one code in the month.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TotalLine {
    pub month: String,
    pub code: &'static str,
    pub units: u32,
}

/// The units per code of the billable rows, one line per code.
pub fn total_lines(report: &BillingReport) -> Vec<TotalLine> {
    report
        .totals
        .iter()
        .map(|total| TotalLine { month: report.month.clone(), code: total.code, units: total.units })
        .collect()
}

/// A heading, the ledger's table, and the totals per code.
pub fn markdown(report: &BillingReport) -> String {
    let whose = report.coordinator.as_deref().map_or_else(|| "team".to_string(), markdown_inline);
    let mut out = format!("# Billing report {} — {whose}\n\n", report.month);
    if report.rows.is_empty() {
        out.push_str("No program enrollments to bill that month.\n");
        return out;
    }
    out.push_str("| Client | Program | Practitioner | Minutes | Codes | Status | Reason |\n");
    out.push_str("|---|---|---|--:|---|---|---|\n");
    for row in &report.rows {
        out.push_str(&format!(
            "| {} #{} | {} | {} | {} | {} | {} | {} |\n",
            markdown_inline(&row.client_name),
            row.client_id,
            row.program.label(),
            markdown_inline(row.practitioner.as_deref().unwrap_or("")),
            row.minutes,
            codes_text(&row.codes),
            row.status.label(),
            markdown_inline(row.reason.as_deref().unwrap_or("")),
        ));
    }
    out.push_str("\n## Totals\n\n");
    if report.totals.is_empty() {
        out.push_str("Nothing billable yet.\n");
        return out;
    }
    out.push_str("| Code | Units |\n|---|--:|\n");
    for total in &report.totals {
        out.push_str(&format!("| {} | {} |\n", total.code, total.units));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::billing::BillingStatus;
    use crate::domain::program::Program;

    fn report() -> BillingReport {
        let row = BillingRow {
            client_id: 7,
            client_name: "a|b, Ada".into(),
            program: Program::Ccm,
            practitioner: Some("Dr. Lee".into()),
            month: "2026-11".into(),
            minutes: 45,
            codes: vec![CodeUnits { code: "99490", units: 1 }, CodeUnits { code: "99439", units: 1 }],
            status: BillingStatus::Billable,
            reason: None,
        };
        BillingReport {
            month: "2026-11".into(),
            coordinator: None,
            rows: vec![row],
            totals: vec![CodeUnits { code: "99439", units: 1 }, CodeUnits { code: "99490", units: 1 }],
        }
    }

    #[test]
    fn markdown_has_the_rows_and_the_totals_and_cells_cannot_break_the_table() {
        let md = markdown(&report());
        assert!(md.starts_with("# Billing report 2026-11 — team\n"), "{md}");
        assert!(md.contains("| a\\|b, Ada #7 | CCM | Dr. Lee | 45 | 99490:1 99439:1 | billable |  |"), "{md}");
        assert!(md.contains("| 99490 | 1 |"), "{md}");
    }

    #[test]
    fn csv_rows_are_clients_only_and_the_totals_a_csv_of_their_own() {
        let report = report();
        let lines = csv_lines(&report);
        assert_eq!(lines.len(), report.rows.len());
        assert_eq!((lines[0].codes.as_str(), lines[0].status.as_str()), ("99490:1 99439:1", "billable"));
        let totals = total_lines(&report);
        assert_eq!(totals.iter().map(|t| (t.code, t.units)).collect::<Vec<_>>(), [("99439", 1), ("99490", 1)]);
    }
}
