//! Change detection against the audit trail: screens reload when a record
//! changes, never because someone only looked or exported.

mod common;

use caseload::domain::client::Risk;
use caseload::store::AuditAction;
use common::Env;

#[test]
fn a_view_or_an_export_does_not_move_the_change_counter_and_a_note_does() {
    let env = Env::new();
    let client = env.add_client("Ada", "Quill", Risk::High);
    let mut colleague = env.store();
    let mine = env.store();
    let before = mine.last_change_id().expect("counter");
    let version = mine.data_version().expect("version");

    colleague.audit(AuditAction::View, "client", Some(client), "open").expect("viewed");
    colleague.audit(AuditAction::Export, "fhir", None, "fhir bundle of one client, 1 client").expect("exported");
    assert_ne!(mine.data_version().expect("version"), version, "the colleague did write");
    assert_eq!(mine.last_change_id().expect("counter"), before, "but changed no record");

    env.ok(&["note", "add", &client.to_string(), "--body", "Called."]);
    assert!(mine.last_change_id().expect("counter") > before, "a note is a change");
}
