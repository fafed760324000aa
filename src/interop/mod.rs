//! Data in and out of caseload in other programs' formats: CSV imports,
//! iCalendar, monthly reports.

pub mod csv_import;
pub mod ics;
pub mod report;
