//! The screening alerts of SPEC §3 through the real binary on Monday 23
//! November 2026, 09:00 in Chicago: each appears after `caseload assess` and
//! clears when the coordinator acts on it (safety_risk by a contact,
//! screening_due by the screening again, sdoh_followup by a referral of the
//! need's kind); the JSON fields, a snooze by subject, `--redact`, and the
//! TUI's alert pane at 80x24.

mod common;

use caseload::tui::Options;
use common::Env;
use common::tui::Ui;
use ratatui::crossterm::event::KeyCode;
use serde_json::{Value, json};

/// A client of casey's enrolled today (so the care plan is not due for review yet).
fn add(env: &Env, given: &str, family: &str) -> String {
    env.ok(&["client", "add", "--given-name", given, "--family-name", family]).trim().to_string()
}

/// Ada, reached on the 18th: no contact cadence, and a contact before any screening below.
fn client(env: &Env) -> String {
    let id = add(env, "Ada", "Quill");
    env.ok(&[
        "note",
        "add",
        &id,
        "--at",
        "2026-11-18 10:00",
        "--type",
        "phone",
        "--outcome",
        "reached",
        "--body",
        "Hi",
    ]);
    id
}

fn assess(env: &Env, client: &str, instrument: &str, answers: &str, at: &str) -> i64 {
    let id = env.ok(&["assess", client, instrument, "--answers", answers, "--at", at]);
    id.trim().parse().unwrap_or_else(|_| panic!("an id, not {id:?}"))
}

/// The client's alerts of one kind, as JSON objects.
fn alerts_of(env: &Env, client: &str, kind: &str) -> Vec<Value> {
    let listing = env.json(&["alerts", "--client", client, "--kind", kind]);
    listing.as_array().expect("an array of alerts").clone()
}

/// A negative AHC HRSN taken today, so the social-needs reminder stays quiet.
const NO_NEEDS: &str = "0,0,0,0,0,0,1,1,1,1";
/// An AHC HRSN positive in housing (item 1) and food (item 3).
const HOUSING_AND_FOOD: &str = "1,0,1,0,0,0,1,1,1,1";

#[test]
fn safety_risk_comes_with_a_phq9_item_9_above_0_and_goes_with_a_contact() {
    let env = Env::new();
    let ada = client(&env);
    assess(&env, &ada, "hrsn", NO_NEEDS, "2026-11-20 09:00");
    // Item 9 answered 2 on Friday; total 8, so no PHQ-9 reminder.
    let phq9 = assess(&env, &ada, "phq9", "1,1,1,1,1,1,0,0,2", "2026-11-20 10:00");
    assert_eq!(
        env.json(&["alerts", "--client", &ada]),
        json!([{
            "kind": "safety_risk", "severity": "critical", "client_id": ada.parse::<i64>().expect("id"),
            "client_name": "Quill, Ada", "subject": phq9, "due": "2026-11-20",
            "message": "PHQ-9 item 9 answered 2 on Nov 20 — no contact since", "days_past_due": 3,
        }])
    );
    // A voicemail is not a contact; an email is not either.
    env.ok(&["note", "add", &ada, "--type", "phone", "--outcome", "voicemail", "--body", "Left a message"]);
    env.ok(&["note", "add", &ada, "--type", "email", "--outcome", "n_a", "--body", "Wrote"]);
    assert_eq!(alerts_of(&env, &ada, "safety_risk").len(), 1);
    env.ok(&["note", "add", &ada, "--type", "phone", "--outcome", "reached", "--body", "Safety plan reviewed"]);
    assert_eq!(env.json(&["alerts", "--client", &ada]), json!([]));
}

#[test]
fn a_phq9_of_10_or_more_is_due_again_in_120_days_until_the_next_phq9() {
    let env = Env::new();
    let ada = client(&env);
    assess(&env, &ada, "hrsn", NO_NEEDS, "2026-11-20 09:00");
    let high = assess(&env, &ada, "phq9", "2,2,2,2,1,1,1,1,0", "2026-11-02 10:00"); // 12
    let reminder = alerts_of(&env, &ada, "screening_due");
    assert_eq!(reminder.len(), 1, "{reminder:#?}");
    assert_eq!(
        (&reminder[0]["severity"], &reminder[0]["subject"], &reminder[0]["due"]),
        (&json!("low"), &json!(high), &json!("2027-03-02"))
    );
    assess(&env, &ada, "phq9", "1,1,0,0,1,0,0,0,0", "2026-11-23 08:00"); // 3
    assert_eq!(alerts_of(&env, &ada, "screening_due"), Vec::<Value>::new());
}

#[test]
fn the_social_needs_screening_is_due_until_one_is_taken_and_snoozes_by_subject() {
    let env = Env::new();
    let ada = client(&env);
    // Never screened: due 30 days after enrolment (today), about no record.
    let never = alerts_of(&env, &ada, "screening_due");
    assert_eq!((&never[0]["subject"], &never[0]["due"]), (&Value::Null, &json!("2026-12-23")), "{never:#?}");
    assert_eq!(never[0]["message"], "No social-needs screening yet: due Dec 23");
    // A PHQ-9 of 15 adds its own reminder beside it; each snoozes by its subject.
    let phq9 = assess(&env, &ada, "phq9", "2,2,2,2,2,2,2,1,0", "2026-11-16 10:00").to_string();
    assert_eq!(alerts_of(&env, &ada, "screening_due").len(), 2);
    let snooze = |subject: &[&str]| {
        let args =
            [&["alerts", "snooze", &ada, "screening_due"][..], subject, &["--until", "+7d", "--reason", "Booked"]];
        env.ok(&args.concat());
    };
    snooze(&["--subject", &phq9]);
    let left = alerts_of(&env, &ada, "screening_due");
    assert_eq!(left.iter().map(|a| &a["subject"]).collect::<Vec<_>>(), [&Value::Null]);
    snooze(&[]);
    assert_eq!(alerts_of(&env, &ada, "screening_due"), Vec::<Value>::new());
    // Snoozing what is not there is refused, with or without a subject.
    let (code, stderr) =
        env.fails(&["alerts", "snooze", &ada, "screening_due", "--subject", "999", "--until", "+7d", "--reason", "x"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("no current screening due alert about record 999"), "{stderr}");

    // Another client's reminder ends once the screening is taken.
    let other = add(&env, "Bea", "Rook");
    env.ok(&["note", "add", &other, "--type", "phone", "--outcome", "reached", "--body", "Hi"]);
    assert_eq!(alerts_of(&env, &other, "screening_due").len(), 1);
    assess(&env, &other, "hrsn", NO_NEEDS, "2026-11-23 08:30");
    assert_eq!(env.json(&["alerts", "--client", &other]), json!([]));
}

#[test]
fn sdoh_followup_names_the_needs_without_a_referral_of_their_kind() {
    let env = Env::new();
    let ada = client(&env);
    let hrsn = assess(&env, &ada, "hrsn", HOUSING_AND_FOOD, "2026-11-20 10:00");
    let message = |env: &Env| -> Vec<Value> {
        alerts_of(env, &ada, "sdoh_followup").iter().map(|a| a["message"].clone()).collect()
    };
    let alert = &alerts_of(&env, &ada, "sdoh_followup")[0];
    assert_eq!(
        (&alert["severity"], &alert["subject"], &alert["due"], &alert["days_past_due"]),
        (&json!("low"), &json!(hrsn), &json!("2026-12-20"), &json!(-27))
    );
    assert_eq!(
        message(&env),
        [json!("Housing and food needs from the Nov 20 social-needs screening have no referral")]
    );
    let refer = |kind: &str| {
        env.ok(&["referral", "add", &ada, "--to", "Eastside Services", "--kind", kind, "--reason", "HRSN positive"]);
    };
    refer("transport"); // not a need this screening found
    refer("financial");
    assert_eq!(message(&env).len(), 1);
    assert!(message(&env)[0].as_str().expect("text").starts_with("Housing and food needs"));
    refer("food");
    assert_eq!(message(&env), [json!("Housing need from the Nov 20 social-needs screening has no referral")]);
    refer("housing");
    assert_eq!(env.json(&["alerts", "--client", &ada]), json!([]));
}

#[test]
fn screening_alerts_keep_to_redact() {
    let env = Env::new();
    let ada = client(&env);
    assess(&env, &ada, "phq9", "2,2,2,2,1,1,1,1,1", "2026-11-20 10:00");
    assess(&env, &ada, "hrsn", HOUSING_AND_FOOD, "2026-11-20 10:05");
    for format in ["table", "json", "csv"] {
        let output = env.ok(&["--redact", "alerts", "--format", format]);
        assert!(output.contains("safety_risk") && output.contains("sdoh_followup"), "{output}");
        assert!(output.contains("screening_due") && output.contains("A.Q."), "{format}: {output}");
        assert!(!output.contains("Ada") && !output.contains("Quill"), "{format}: {output}");
    }
}

#[test]
fn the_alert_pane_shows_a_safety_risk_first_at_80_by_24() {
    let env = Env::new();
    let ada = client(&env);
    add(&env, "Bea", "Rook");
    assess(&env, &ada, "phq9", "1,1,1,1,1,1,0,0,3", "2026-11-21 10:00");
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let screen = ui.screen();
    let first = screen.lines().find(|line| line.contains("PHQ-9")).expect("the alert is listed");
    assert!(first.contains("PHQ-9 item 9 answered 3"), "{screen}");
    // The most urgent alert of the team comes first in the pane: above every social-needs reminder.
    let at = |text: &str| screen.find(text).unwrap_or(usize::MAX);
    assert!(at("PHQ-9 item 9") < at("social-needs"), "{screen}");
    for line in screen.lines() {
        assert!(line.chars().count() <= 80, "{line:?}");
    }
    // Focused, the pane's detail gives the kind in words and the whole message.
    ui.press(KeyCode::Char('3'));
    let focused = ui.screen();
    assert!(focused.contains("safety risk · Quill, Ada · due Sat 21 Nov (CRIT)"), "{focused}");
    assert!(focused.contains("│PHQ-9 item 9 answered 3 on Nov 21 — no contact since "), "{focused}");
}
