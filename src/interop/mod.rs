//! Data leaving caseload in other programs' formats: iCalendar, reports.

pub mod ics;
pub mod report;
