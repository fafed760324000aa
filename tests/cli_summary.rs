//! `caseload client summary CLIENT`: a one-page Markdown handoff.

mod common;

use caseload::domain::client::Risk;
use common::Env;

#[test]
fn the_handoff_holds_every_section_with_the_clients_records() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High).to_string();
    env.ok(&["contact", "add", &id, "--name", "Dr. Lee | PCP", "--relationship", "pcp", "--care-team"]);
    env.ok(&["plan", "problem", &id, "--add", "Uncontrolled type 2 diabetes"]);
    env.ok(&["plan", "goal", &id, "--add", "A1c under 8", "--target", "2027-03-01", "--status", "active"]);
    env.ok(&["followup", "add", &id, "--due", "2026-11-20", "--title", "Call pharmacy about refills"]);
    env.ok(&["appt", "add", &id, "--at", "2026-11-30 10:00", "--kind", "pcp", "--with", "Dr. Lee"]);
    env.ok(&["appt", "add", &id, "--at", "2026-11-02 10:00", "--kind", "lab", "--with", "Past Lab"]);
    env.ok(&["referral", "add", &id, "--to", "Food bank", "--kind", "food", "--reason", "Food insecurity"]);
    for n in 1..=6 {
        let at = format!("2026-11-{:02} 10:00", 10 + n);
        env.ok(&["note", "add", &id, "--at", &at, "--body", &format!("Synthetic note {n}\nsecond line")]);
    }

    let text = env.ok(&["client", "summary", &id]);
    for heading in [
        "# Handoff: Quill, Ada (#1)",
        "## Identity",
        "## Contacts and care team",
        "## Active problems and goals",
        "## Open follow-ups",
        "## Next appointments",
        "## Open referrals",
        "## Current alerts",
        "## Recent notes",
    ] {
        assert!(text.contains(heading), "missing {heading:?}:\n{text}");
    }
    for fact in [
        "Dr. Lee \\| PCP",
        "care team",
        "Uncontrolled type 2 diabetes",
        "A1c under 8",
        "Call pharmacy about refills",
        "with Dr. Lee",
        "Food bank",
        "followup_due",
        "> Synthetic note 6",
        "> second line",
        "> Synthetic note 2",
    ] {
        assert!(text.contains(fact), "missing {fact:?}:\n{text}");
    }
    assert!(!text.contains("Synthetic note 1\n"), "only the last five notes:\n{text}");
    let next = text.split("## Next appointments").nth(1).and_then(|rest| rest.split("\n## ").next()).expect("section");
    assert!(!next.contains("Past Lab"), "past appointments are not next:\n{text}");

    // The same by MRN-or-id key, and the export is audited against the client.
    let audit = env.json(&["audit", "--client", &id]);
    let exported =
        audit.as_array().expect("rows").iter().any(|row| row["action"] == "export" && row["entity"] == "client");
    assert!(exported, "{audit}");
}

#[test]
fn an_unknown_client_is_refused() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::Low);
    env.refused_unchanged(&["client", "summary", "999"], "No client");
}

#[test]
fn a_new_client_says_what_is_missing() {
    let env = Env::new();
    let id = env.add_client("Ben", "Bare", Risk::Low).to_string();
    let text = env.ok(&["client", "summary", &id]);
    for empty in ["No contacts recorded.", "No open follow-ups.", "No upcoming appointments.", "No notes yet."] {
        assert!(text.contains(empty), "missing {empty:?}:\n{text}");
    }
}
