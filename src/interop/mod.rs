//! Data in and out of caseload in other programs' formats: CSV imports,
//! FHIR R4 exports, iCalendar, monthly reports.

pub mod billing;
pub mod csv_import;
pub mod fhir;
pub mod hsds;
pub mod hsds_schedule;
pub mod ics;
pub mod quality;
pub mod report;
