//! Getting data in and out of caseload in other formats.

pub mod csv_import;
