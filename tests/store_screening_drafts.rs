//! Drafts of screenings in the store (migration 10): one per user, client
//! and instrument, brought up to date by each write; a write while the
//! screening is being saved never brings back a draft the save ended;
//! recording the screening ends its author's draft of it (and no one
//! else's); a draft is its author's alone and is never audited.

mod common;

use caseload::domain::client::Risk;
use caseload::domain::draft::ScreeningDraft;
use caseload::domain::screening::{Instrument, Mode, Screening};
use caseload::store::OpenOptions;
use caseload::store::drafts::DraftWrite;
use common::Env;

fn draft(client_id: i64, instrument: Instrument, answers: &[u8]) -> ScreeningDraft {
    ScreeningDraft {
        user: common::USER.into(),
        client_id,
        instrument,
        mode: Mode::Phone,
        answers: answers.to_vec(),
        updated_at: common::now(),
        created_at: common::now(),
    }
}

fn answers(store: &caseload::store::Store) -> Vec<(Instrument, Vec<u8>)> {
    let drafts = store.screening_drafts().expect("drafts");
    drafts.into_iter().map(|d| (d.record.instrument, d.record.answers)).collect()
}

fn audit_rows(env: &Env) -> i64 {
    env.store().conn().query_row("SELECT count(*) FROM audit", [], |r| r.get(0)).expect("count")
}

#[test]
fn a_draft_is_written_up_to_date_and_ended_by_its_screening() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High);
    let mut store = env.store();
    let audited = audit_rows(&env);
    store.write_screening_draft(&draft(id, Instrument::Phq9, &[1]), DraftWrite::Upsert).expect("first");
    store.write_screening_draft(&draft(id, Instrument::Phq9, &[1, 2, 3]), DraftWrite::Upsert).expect("again");
    store.write_screening_draft(&draft(id, Instrument::Gad7, &[0]), DraftWrite::Upsert).expect("another");
    assert_eq!(answers(&store), [(Instrument::Gad7, vec![0]), (Instrument::Phq9, vec![1, 2, 3])]);
    assert_eq!(audit_rows(&env), audited, "drafts are not audited");

    // A colleague's draft of the same screening is theirs alone.
    let options = OpenOptions { user: "morgan".into(), ..env.store_options() };
    let mut theirs = caseload::store::Store::open(&env.db, &options).expect("morgan's store");
    let morgan = ScreeningDraft { user: "morgan".into(), ..draft(id, Instrument::Phq9, &[3]) };
    theirs.write_screening_draft(&morgan, DraftWrite::Upsert).expect("morgan's");
    assert_eq!(answers(&theirs), [(Instrument::Phq9, vec![3])]);

    let screening = Screening {
        client_id: id,
        instrument: Instrument::Phq9,
        answers: vec![1, 2, 3, 0, 0, 0, 0, 0, 0],
        taken_at: common::now(),
        mode: Mode::Phone,
    };
    store.add_assessment(screening).expect("recorded");
    assert_eq!(answers(&store), [(Instrument::Gad7, vec![0])], "the screening ended casey's PHQ-9 draft");
    assert_eq!(answers(&theirs), [(Instrument::Phq9, vec![3])], "and not morgan's");

    // A late write during the save updates only: the ended draft stays ended.
    store.write_screening_draft(&draft(id, Instrument::Phq9, &[1, 2, 3, 0]), DraftWrite::UpdateOnly).expect("late");
    assert_eq!(answers(&store), [(Instrument::Gad7, vec![0])]);

    store.discard_screening_draft(id, Instrument::Gad7).expect("discarded");
    assert_eq!(answers(&store), []);
}

#[test]
fn a_draft_this_version_cannot_read_is_left_out_and_named_by_the_scan() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High);
    let mut store = env.store();
    store.write_screening_draft(&draft(id, Instrument::Phq9, &[1, 2]), DraftWrite::Upsert).expect("written");
    store.write_screening_draft(&draft(id, Instrument::Gad7, &[0]), DraftWrite::Upsert).expect("written");
    env.store()
        .conn()
        .execute("UPDATE assessment_draft SET answers = '1,x' WHERE instrument = 'phq9'", [])
        .expect("damaged");
    let store = env.store();
    assert_eq!(answers(&store), [(Instrument::Gad7, vec![0])], "the readable draft is still offered");
    let unreadable = store.scan_unreadable().expect("scan");
    let named: Vec<String> = unreadable.iter().map(ToString::to_string).collect();
    assert_eq!(named, ["a assessment_draft row could not be read (its answers is not a list of numbers)"]);
}
