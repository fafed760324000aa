//! `caseload alerts` through the real binary on Monday 23 November 2026, 09:00
//! in Chicago. The config's holidays are Wednesday 11 and Thursday 26 November
//! (Thanksgiving): November then has five business days left (23, 24, 25, 27,
//! 30), the last one Monday 30th.
//!
//! The expected alerts are written by hand from SPEC §3, one comment per rule,
//! not copied from the program's output.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::Env;
use serde_json::{Value, json};

/// The ids of the records the caseload is built from.
struct Caseload {
    abbott: i64,
    abbott_stay: i64,
    baker: i64,
    baker_stay: i64,
    castillo: i64,
    castillo_late_followup: i64,
    castillo_today_appt: i64,
    castillo_ride_appt: i64,
    dunn: i64,
    dunn_no_show: i64,
    dunn_friday_appt: i64,
    dunn_early_appt: i64,
    dunn_telehealth: i64,
    dunn_ride_appt: i64,
    evans: i64,
    evans_old_referral: i64,
    evans_boundary_referral: i64,
    evans_goal: i64,
    evans_proposed_goal: i64,
    fischer: i64,
    fischer_ccm: i64,
    fischer_bhi: i64,
    garcia: i64,
    hughes: i64,
    hughes_followup: i64,
    ibarra: i64,
    ibarra_stay: i64,
    jones: i64,
    lopez: i64,
    lopez_followup: i64,
}

/// Runs one command with the clock set to `now` (local time) instead of the tests' Monday.
fn ok_at(env: &Env, now: &str, args: &[&str]) -> String {
    let output = env.cmd().env("CASELOAD_NOW", now).args(args).output().expect("runs");
    assert!(output.status.success(), "caseload {args:?} at {now} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn id(text: String) -> i64 {
    text.trim().parse().unwrap_or_else(|_| panic!("an id, not {text:?}"))
}

fn client(env: &Env, given: &str, family: &str, extra: &[&str]) -> i64 {
    let mut args = vec!["client", "add", "--given-name", given, "--family-name", family];
    args.extend_from_slice(extra);
    id(env.ok(&args))
}

fn note(env: &Env, client: i64, at: &str, extra: &[&str]) {
    let client = client.to_string();
    let mut args = vec!["note", "add", &client, "--at", at, "--body", "Synthetic test note"];
    args.extend_from_slice(extra);
    env.ok(&args);
}

fn appt(env: &Env, client: i64, at: &str, extra: &[&str]) -> i64 {
    let client = client.to_string();
    let mut args = vec!["appt", "add", &client, "--at", at];
    args.extend_from_slice(extra);
    id(env.ok(&args))
}

fn set_status(env: &Env, appointment: i64, status: &str) {
    env.ok(&["appt", "set", &appointment.to_string(), "--status", status]);
}

fn followup(env: &Env, client: i64, due: &str, title: &str) -> i64 {
    id(env.ok(&["followup", "add", &client.to_string(), "--due", due, "--title", title]))
}

fn encounter(env: &Env, client: i64, kind: &str, facility: &str, admitted: &str, discharged: &str) -> i64 {
    id(env.ok(&[
        "encounter",
        "add",
        &client.to_string(),
        "--kind",
        kind,
        "--facility",
        facility,
        "--admitted",
        admitted,
        "--discharged",
        discharged,
    ]))
}

/// A `sent` referral made on `now`, so its status_changed_on is that day.
fn referral_sent_at(env: &Env, now: &str, client: i64, to: &str) -> i64 {
    let args = ["referral", "add", &client.to_string(), "--to", to, "--kind", "food", "--reason", "Food insecurity"];
    id(ok_at(env, now, &[&args[..], &["--status", "sent"]].concat()))
}

/// Two holidays; the config file must be private.
fn write_config(env: &Env) {
    std::fs::write(&env.config, "holidays = [\"2026-11-11\", \"2026-11-26\"]\n").expect("config written");
    std::fs::set_permissions(&env.config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
}

/// Builds the caseload through the CLI only. Each client is set up so that
/// the rules it is not about stay quiet (recent enrolment, recent contact or
/// a recent care-plan review), except where noted.
fn build(env: &Env) -> Caseload {
    write_config(env);

    // Abbott: high risk, inpatient stay discharged Thursday 19th, last contact the day before.
    let abbott = client(env, "Ana", "Abbott", &["--risk", "high", "--enrolled-on", "2026-11-02"]);
    note(env, abbott, "2026-11-18 10:00", &["--minutes", "10"]);
    let abbott_stay = encounter(env, abbott, "inpatient", "Mercy General", "2026-11-16", "2026-11-19");
    appt(env, abbott, "2026-11-30 09:00", &["--kind", "lab"]); // a lab is not a TCM visit

    // Baker: medium risk, never contacted, SNF stay discharged Tuesday 10th; the
    // only visit after it was cancelled; an ED visit never starts transitional care.
    let baker = client(env, "Ben", "Baker", &["--risk", "medium", "--enrolled-on", "2026-10-01"]);
    env.ok(&["plan", "review", &baker.to_string(), "--on", "2026-10-15"]);
    let baker_stay = encounter(env, baker, "snf", "Lakeside SNF", "2026-10-20", "2026-11-10");
    encounter(env, baker, "ed", "Mercy General", "2026-11-18", "2026-11-18");
    let cancelled = appt(env, baker, "2026-11-20 10:00", &["--kind", "pcp"]);
    set_status(env, cancelled, "cancelled");

    // Castillo: low risk, follow-ups late / later / done, an unconfirmed visit
    // this afternoon, a confirmed one tomorrow that still needs a ride.
    let castillo = client(env, "Cora", "Castillo", &["--risk", "low", "--enrolled-on", "2026-11-01"]);
    let castillo_late_followup = followup(env, castillo, "2026-11-16", "Call the pharmacy");
    let snoozed = followup(env, castillo, "2026-11-20", "Fax the care plan");
    env.ok(&["followup", "snooze", &snoozed.to_string(), "--until", "2026-11-25", "--reason", "Fax is broken"]);
    followup(env, castillo, "2026-11-30", "Check on refills");
    let done = followup(env, castillo, "2026-11-20", "Mail the forms");
    env.ok(&["followup", "done", &done.to_string()]);
    let castillo_today_appt = appt(env, castillo, "2026-11-23 14:00", &["--kind", "pcp", "--with", "Dr. Ortiz"]);
    let castillo_ride_appt = appt(
        env,
        castillo,
        "2026-11-24 10:00",
        &["--kind", "specialist", "--status", "confirmed", "--transport", "needed"],
    );

    // Dunn: medium risk, reached on the 16th, missed a visit on the 17th and only
    // got voicemail after it; a visit on Friday and one at 08:00 today never closed.
    let dunn = client(env, "Dev", "Dunn", &["--risk", "medium", "--enrolled-on", "2026-11-13"]);
    note(env, dunn, "2026-11-16 11:00", &[]);
    let dunn_no_show = appt(env, dunn, "2026-11-17 10:00", &["--kind", "specialist"]);
    set_status(env, dunn_no_show, "no_show");
    note(env, dunn, "2026-11-19 15:00", &["--outcome", "voicemail"]);
    let dunn_friday_appt = appt(env, dunn, "2026-11-20 14:00", &["--kind", "pcp"]);
    let dunn_early_appt = appt(env, dunn, "2026-11-23 08:00", &["--kind", "lab", "--minutes", "30"]);
    let running = appt(env, dunn, "2026-11-23 08:45", &["--kind", "lab", "--minutes", "30"]); // ends 09:15
    set_status(env, running, "confirmed");
    let dunn_telehealth = appt(env, dunn, "2026-11-25 11:00", &["--kind", "telehealth"]);
    let dunn_ride_appt = appt(env, dunn, "2026-11-26 09:00", &["--kind", "pcp", "--transport", "needed"]);
    appt(env, dunn, "2026-11-27 09:00", &["--kind", "pcp", "--transport", "needed", "--status", "confirmed"]);

    // Evans: low risk, referrals sent 18, 14 and 13 days ago and today, and one
    // sent 18 days ago that has since been scheduled; goals (set on the 1st) past
    // their target (active, proposed, achieved, cancelled) and one due today.
    let evans = client(env, "Eli", "Evans", &["--risk", "low", "--enrolled-on", "2026-11-01"]);
    let evans_old_referral = referral_sent_at(env, "2026-11-05T10:00:00", evans, "Northside Food Bank");
    let evans_boundary_referral = referral_sent_at(env, "2026-11-09T10:00:00", evans, "Meals on Wheels");
    referral_sent_at(env, "2026-11-10T10:00:00", evans, "Harvest Pantry");
    referral_sent_at(env, common::NOW, evans, "Corner Market Vouchers");
    let answered = referral_sent_at(env, "2026-11-05T10:00:00", evans, "Eastside Pantry");
    env.ok(&["referral", "set", &answered.to_string(), "--status", "scheduled"]);
    let evans_key = evans.to_string();
    let goal = |description: &str, target: &str, status: &str| {
        let args = ["plan", "goal", &evans_key, "--add", description, "--target", target, "--status", status];
        id(ok_at(env, "2026-11-01T10:00:00", &args))
    };
    let evans_goal = goal("Walk ten minutes a day", "2026-11-20", "active");
    let evans_proposed_goal = goal("Join a walking group", "2026-11-18", "proposed");
    let achieved = goal("Fill the pill box weekly", "2026-11-15", "active");
    env.ok(&["plan", "goal", &evans_key, "--set", &achieved.to_string(), "--status", "achieved"]);
    goal("Move to a ground-floor flat", "2026-11-10", "cancelled");
    goal("Book a dental check", "2026-11-23", "active");

    // Fischer: CCM, 15 minutes this month; the 30 minutes late on 31 October
    // (already 1 November in UTC) belong to October. No consent to CCM; BHI,
    // consented, has 8 of its 20 minutes (which are not CCM's).
    let fischer = client(env, "Fay", "Fischer", &["--program", "CCM", "--enrolled-on", "2026-10-26"]);
    note(env, fischer, "2026-10-31 23:30", &["--minutes", "30"]);
    note(env, fischer, "2026-11-10 10:00", &["--minutes", "5", "--type", "email", "--outcome", "n_a"]);
    note(env, fischer, "2026-11-20 10:00", &["--minutes", "10"]);
    let fischer_key = fischer.to_string();
    let bhi = ["program", "enroll", &fischer_key, "bhi", "--from", "2026-11-02"];
    let fischer_bhi = id(env.ok(&[&bhi[..], &["--consent-on", "2026-11-02", "--consent-method", "verbal"]].concat()));
    let programs = env.json(&["program", "list", &fischer_key]);
    let fischer_ccm =
        programs.as_array().expect("enrollments").iter().find(|e| e["program"] == "ccm").expect("ccm")["id"]
            .as_i64()
            .expect("an id");
    note(env, fischer, "2026-11-12 10:00", &["--minutes", "8", "--program", "bhi"]);

    // Garcia: CCM with 25 minutes; coverage ends in 31 days; an observation stay
    // discharged on the 16th, reached that same morning and visited that afternoon.
    let garcia = client(
        env,
        "Gil",
        "Garcia",
        &["--program", "CCM", "--risk", "low", "--enrolled-on", "2026-11-01", "--coverage-ends-on", "2026-12-24"],
    );
    env.ok(&["program", "consent", &garcia.to_string(), "ccm", "--on", "2026-11-01", "--method", "written"]);
    note(env, garcia, "2026-11-03 10:00", &["--minutes", "20", "--type", "video"]);
    encounter(env, garcia, "observation", "Mercy General", "2026-11-15", "2026-11-16");
    note(env, garcia, "2026-11-16 08:00", &["--minutes", "5"]);
    let visit = appt(env, garcia, "2026-11-16 15:00", &["--kind", "home_visit"]);
    set_status(env, visit, "completed");
    env.ok(&["med", "reconcile", &garcia.to_string(), "--on", "2026-11-16"]);

    // Hughes: coverage ends in exactly 30 days, consent lapsed on the 20th, a follow-up due today.
    let hughes = client(
        env,
        "Hana",
        "Hughes",
        &[
            "--risk",
            "low",
            "--enrolled-on",
            "2026-11-01",
            "--payer",
            "Medicaid",
            "--coverage-ends-on",
            "2026-12-23",
            "--consent-expires-on",
            "2026-11-20",
        ],
    );
    let hughes_followup = followup(env, hughes, "today", "Send the release forms");

    // Ibarra: high risk, seen on the 20th, care plan never reviewed since 1 October;
    // a stay discharged 31 days ago is outside the transitional window, one 30 days ago inside.
    let ibarra = client(env, "Ivy", "Ibarra", &["--risk", "high", "--enrolled-on", "2026-10-01"]);
    note(env, ibarra, "2026-11-20 13:00", &["--type", "in_person"]);
    encounter(env, ibarra, "inpatient", "Mercy General", "2026-10-18", "2026-10-23");
    let ibarra_stay = encounter(env, ibarra, "observation", "St. Luke's", "2026-10-24", "2026-10-24");

    // Jones: low risk, enrolled 30 days ago, only an email since (not a contact).
    let jones = client(env, "Jo", "Jones", &["--risk", "low", "--enrolled-on", "2026-10-24"]);
    env.ok(&["plan", "review", &jones.to_string(), "--on", "2026-10-30"]);
    note(env, jones, "2026-11-10 10:00", &["--type", "email"]);

    // Kline: discharged, so nothing at all despite a late follow-up and lapsed consent.
    let kline = client(
        env,
        "Kay",
        "Kline",
        &["--risk", "high", "--enrolled-on", "2026-10-01", "--consent-expires-on", "2026-11-01"],
    );
    followup(env, kline, "2026-11-10", "Call about the move");
    env.ok(&["client", "discharge", &kline.to_string(), "--reason", "Moved out of the area"]);

    // Lopez: a colleague's client with a late follow-up.
    let lopez =
        client(env, "Lee", "Lopez", &["--risk", "low", "--enrolled-on", "2026-11-01", "--coordinator", "morgan"]);
    let lopez_followup = followup(env, lopez, "2026-11-20", "Return the call");

    // Moss: on hold, so nothing despite a late follow-up.
    let moss = client(env, "Max", "Moss", &["--risk", "low", "--enrolled-on", "2026-11-01", "--status", "on_hold"]);
    followup(env, moss, "2026-11-10", "Check in");

    Caseload {
        abbott,
        abbott_stay,
        baker,
        baker_stay,
        castillo,
        castillo_late_followup,
        castillo_today_appt,
        castillo_ride_appt,
        dunn,
        dunn_no_show,
        dunn_friday_appt,
        dunn_early_appt,
        dunn_telehealth,
        dunn_ride_appt,
        evans,
        evans_old_referral,
        evans_boundary_referral,
        evans_goal,
        evans_proposed_goal,
        fischer,
        fischer_ccm,
        fischer_bhi,
        garcia,
        hughes,
        hughes_followup,
        ibarra,
        ibarra_stay,
        jones,
        lopez,
        lopez_followup,
    }
}

/// One expected alert, and a phrase its message must contain.
struct Expected {
    kind: &'static str,
    severity: &'static str,
    client_id: i64,
    client_name: &'static str,
    subject: Option<i64>,
    due: &'static str,
    days_past_due: i64,
    phrase: &'static str,
}

impl Expected {
    fn json(&self) -> Value {
        json!({
            "kind": self.kind, "severity": self.severity, "client_id": self.client_id,
            "client_name": self.client_name, "subject": self.subject, "due": self.due,
            "days_past_due": self.days_past_due,
        })
    }
}

fn alert(
    kind: &'static str,
    severity: &'static str,
    client: (i64, &'static str),
    subject: Option<i64>,
    due: &'static str,
    days_past_due: i64,
    phrase: &'static str,
) -> Expected {
    Expected { kind, severity, client_id: client.0, client_name: client.1, subject, due, days_past_due, phrase }
}

/// casey's alerts on Monday 23 November, in triage order: severity, then most
/// days past due, then due date, then client name.
fn expected(c: &Caseload) -> Vec<Expected> {
    let abbott = (c.abbott, "Abbott, Ana");
    let baker = (c.baker, "Baker, Ben");
    let castillo = (c.castillo, "Castillo, Cora");
    let dunn = (c.dunn, "Dunn, Dev");
    let evans = (c.evans, "Evans, Eli");
    let fischer = (c.fischer, "Fischer, Fay");
    let hughes = (c.hughes, "Hughes, Hana");
    let ibarra = (c.ibarra, "Ibarra, Ivy");
    let jones = (c.jones, "Jones, Jo");
    let garcia = (c.garcia, "Garcia, Gil");
    // No client has had an AHC HRSN: each is reminded, always low, due 30 days after enrolment.
    let hrsn = |client, due, days_past_due| {
        alert("screening_due", "low", client, None, due, days_past_due, "No social-needs screening yet")
    };
    vec![
        // Observation stay discharged 24 October, 30 days ago; reached since, but no visit.
        // High risk: + 7 days. Past due, so critical.
        alert("tcm_visit", "critical", ibarra, Some(c.ibarra_stay), "2026-10-31", 23, ""),
        // Discharged Tue 10th, no contact since: the 2 business days after are Thu 12th and
        // Fri 13th (Wed 11th is a holiday); past due, so critical.
        alert("tcm_contact", "critical", baker, Some(c.baker_stay), "2026-11-13", 10, "Lakeside SNF"),
        // Never contacted, medium risk: enrolled 1 October + 14 days.
        alert("contact_cadence", "high", baker, None, "2026-10-15", 39, ""),
        // Never reviewed: enrolled 1 October + 30 days.
        alert("care_plan_review", "high", ibarra, None, "2026-10-31", 23, ""),
        alert("followup_due", "high", castillo, Some(c.castillo_late_followup), "2026-11-16", 7, "Call the pharmacy"),
        // No-show Tue 17th, only voicemail since: 1 business day later.
        alert("no_show_followup", "high", dunn, Some(c.dunn_no_show), "2026-11-18", 5, ""),
        alert("goal_overdue", "high", evans, Some(c.evans_proposed_goal), "2026-11-18", 5, "Join a walking group"),
        // Sent on the 5th: stale 14 days later.
        alert("referral_stale", "high", evans, Some(c.evans_old_referral), "2026-11-19", 4, "Northside Food Bank"),
        // Friday's visit still `scheduled` after it ended.
        alert("appt_outcome_missing", "high", dunn, Some(c.dunn_friday_appt), "2026-11-20", 3, ""),
        alert("goal_overdue", "high", evans, Some(c.evans_goal), "2026-11-20", 3, "Walk ten minutes a day"),
        alert("consent_expiring", "high", hughes, None, "2026-11-20", 3, ""),
        // Discharged Thu 19th: Fri 20th and Mon 23rd are the 2 business days; due today, so high.
        alert("tcm_contact", "high", abbott, Some(c.abbott_stay), "2026-11-23", 0, "Mercy General"),
        // Due today: normal.
        alert("appt_unconfirmed", "normal", castillo, Some(c.castillo_today_appt), "2026-11-23", 0, "Dr. Ortiz"),
        // 08:00 for 30 minutes ended before 09:00.
        alert("appt_outcome_missing", "normal", dunn, Some(c.dunn_early_appt), "2026-11-23", 0, ""),
        // Sent on the 9th: 14 days ago today.
        alert("referral_stale", "normal", evans, Some(c.evans_boundary_referral), "2026-11-23", 0, "Meals on Wheels"),
        alert("followup_due", "normal", hughes, Some(c.hughes_followup), "2026-11-23", 0, "Send the release forms"),
        // The observation stay of 24 October: 30 days to reconcile the medications end today.
        alert("med_reconciliation", "normal", ibarra, Some(c.ibarra_stay), "2026-11-23", 0, "not reconciled"),
        // Low risk enrolled 24 October, no contact (an email is not one): + 30 days.
        alert("contact_cadence", "normal", jones, None, "2026-11-23", 0, ""),
        // Enrolled 1 October: due 31 October.
        hrsn(baker, "2026-10-31", 23),
        hrsn(ibarra, "2026-10-31", 23),
        // Enrolled 24 October: due today, and still low.
        hrsn(jones, "2026-11-23", 0),
        // Due later: low. Medium risk: discharge 10th + 14 days; the only visit was cancelled.
        alert("tcm_visit", "low", baker, Some(c.baker_stay), "2026-11-24", -1, ""),
        alert("transport_needed", "low", castillo, Some(c.castillo_ride_appt), "2026-11-24", -1, ""),
        alert("appt_unconfirmed", "low", dunn, Some(c.dunn_telehealth), "2026-11-25", -2, ""),
        hrsn(fischer, "2026-11-25", -2),
        // High risk: discharge 19th + 7 days; a lab is not a visit.
        alert("tcm_visit", "low", abbott, Some(c.abbott_stay), "2026-11-26", -3, ""),
        // In 3 days (the 27th, in 4, is not listed); not unconfirmed, 3 days is beyond 2.
        alert("transport_needed", "low", dunn, Some(c.dunn_ride_appt), "2026-11-26", -3, ""),
        // 15 of 20 minutes (every note counts, not only contacts), 5 business days left: due the last business day.
        alert("ccm_minutes", "low", fischer, None, "2026-11-30", -7, "15"),
        // BHI's 8 minutes are not CCM's; 12 short of BHI's 20.
        alert(
            "program_minutes",
            "low",
            fischer,
            Some(c.fischer_bhi),
            "2026-11-30",
            -7,
            "BHI: 12 more minutes needed in 5 business days",
        ),
        // CCM bills nothing without consent (BHI has it).
        alert("consent_missing", "low", fischer, Some(c.fischer_ccm), "2026-11-30", -7, "No consent on file for CCM"),
        hrsn(castillo, "2026-12-01", -8),
        hrsn(evans, "2026-12-01", -8),
        hrsn(garcia, "2026-12-01", -8),
        hrsn(hughes, "2026-12-01", -8),
        hrsn(abbott, "2026-12-02", -9),
        // No reconciliation yet after the stays of the 10th and the 19th (Garcia's was done);
        // Dunn's first social-needs screening falls due between them.
        alert("med_reconciliation", "low", baker, Some(c.baker_stay), "2026-12-10", -17, "reconcile by 2026-12-10"),
        hrsn(dunn, "2026-12-13", -20),
        alert("med_reconciliation", "low", abbott, Some(c.abbott_stay), "2026-12-19", -26, "reconcile by 2026-12-19"),
        // Ends in 30 days (Garcia's, in 31, is not listed).
        alert("coverage_expiring", "low", hughes, None, "2026-12-23", -30, "Medicaid"),
    ]
}

/// Compares an alert listing with the expected one, field by field, in order.
fn assert_alerts(actual: &Value, expected: &[Expected]) {
    let actual = actual.as_array().expect("an array of alerts");
    let shown = |alerts: &[Value]| -> Vec<String> {
        alerts.iter().map(|a| format!("{} {} {} {}", a["severity"], a["kind"], a["client_name"], a["due"])).collect()
    };
    for (i, (got, want)) in actual.iter().zip(expected).enumerate() {
        let mut fields = got.clone();
        let message = fields.as_object_mut().expect("an object").remove("message").expect("a message");
        assert_eq!(fields, want.json(), "alert {i}; the whole list: {:#?}", shown(actual));
        let message = message.as_str().expect("message text");
        assert!(!message.is_empty() && message.contains(want.phrase), "alert {i}: {message:?} lacks {:?}", want.phrase);
    }
    assert_eq!(actual.len(), expected.len(), "the whole list: {:#?}", shown(actual));
}

fn alerts_at(env: &Env, now: &str, args: &[&str]) -> Value {
    let output = ok_at(env, now, &[&["alerts", "--format", "json"], args].concat());
    serde_json::from_str(&output).expect("valid JSON")
}

#[test]
fn alerts_follow_the_rules_of_spec_section_3() {
    let env = Env::new();
    let caseload = build(&env);
    let expected = expected(&caseload);
    assert_alerts(&env.json(&["alerts"]), &expected);

    // The team view adds the colleague's client, in its place; discharged and on-hold clients stay absent.
    let mut team = expected;
    let lopez = alert(
        "followup_due",
        "high",
        (caseload.lopez, "Lopez, Lee"),
        Some(caseload.lopez_followup),
        "2026-11-20",
        3,
        "Return the call",
    );
    let at = team.iter().position(|a| a.kind == "consent_expiring").expect("Hughes' consent") + 1;
    team.insert(at, lopez);
    let reminder = alert(
        "screening_due",
        "low",
        (caseload.lopez, "Lopez, Lee"),
        None,
        "2026-12-01",
        -8,
        "No social-needs screening yet",
    );
    let at =
        team.iter().position(|a| a.kind == "screening_due" && a.client_name == "Hughes, Hana").expect("Hughes'") + 1;
    team.insert(at, reminder);
    assert_alerts(&env.json(&["alerts", "--all-coordinators"]), &team);
    assert_eq!(env.json(&["alerts", "--coordinator", "morgan"]).as_array().expect("array").len(), 2);
}

#[test]
fn alerts_filter_by_kind_and_client() {
    let env = Env::new();
    let c = build(&env);
    let all = expected(&c);
    let of_kind = |kind: &str| all.iter().filter(|a| a.kind == kind).map(Expected::json).collect::<Vec<_>>();
    let without_messages = |listing: Value| -> Vec<Value> {
        let mut alerts = listing.as_array().expect("array").clone();
        alerts.iter_mut().for_each(|a| drop(a.as_object_mut().expect("object").remove("message")));
        alerts
    };
    for kind in ["tcm_contact", "followup_due", "appt_outcome_missing", "ccm_minutes"] {
        assert_eq!(without_messages(env.json(&["alerts", "--kind", kind])), of_kind(kind), "--kind {kind}");
    }
    let dunn: Vec<Value> = all.iter().filter(|a| a.client_id == c.dunn).map(Expected::json).collect();
    assert_eq!(dunn.len(), 6);
    assert_eq!(without_messages(env.json(&["alerts", "--client", &c.dunn.to_string()])), dunn);
    // --client reaches a colleague's client; the kind filter combines with it.
    let lopez = env.json(&["alerts", "--client", &c.lopez.to_string(), "--kind", "followup_due"]);
    assert_eq!(lopez.as_array().expect("array").len(), 1);
    assert_eq!(env.json(&["alerts", "--client", &c.dunn.to_string(), "--kind", "ccm_minutes"]), json!([]));

    let (code, stderr) = env.fails(&["alerts", "--kind", "birthday"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.starts_with("error: ") && stderr.contains("followup_due"), "names the kinds: {stderr}");
    let (code, stderr) = env.fails(&["alerts", "--client", "9999"]);
    assert_eq!(code, 1, "{stderr}");
}

#[test]
fn the_alert_table_fits_80_columns() {
    let env = Env::new();
    let c = build(&env);
    let table = env.ok(&["alerts", "--all-coordinators"]);
    for line in table.lines() {
        assert!(line.chars().count() <= 80, "{} columns: {line:?}", line.chars().count());
    }
    assert!(table.contains("Baker, Ben") && table.contains("Lopez, Lee"), "{table}");
    assert!(!table.contains("Kline") && !table.contains("Moss"), "{table}");
    assert!(table.contains("41 alert"), "a count of the alerts: {table}");
    // Garcia has no alert but the social-needs reminder: contacted and visited after the stay,
    // enough CCM minutes.
    let garcia = env.json(&["alerts", "--client", &c.garcia.to_string()]);
    let kinds: Vec<&Value> = garcia.as_array().expect("array").iter().map(|a| &a["kind"]).collect();
    assert_eq!(kinds, [&json!("screening_due")], "{garcia:#}");
    let snooze =
        ["alerts", "snooze", &c.garcia.to_string(), "screening_due", "--until", "+3d", "--reason", "Screening booked"];
    env.ok(&snooze);
    assert_eq!(env.ok(&["alerts", "--client", &c.garcia.to_string()]), "No alerts for this client: nothing is due.\n");
}

#[test]
fn a_snoozed_alert_hides_until_its_date() {
    let env = Env::new();
    let c = build(&env);
    let evans = c.evans.to_string();
    let referral = c.evans_old_referral.to_string();
    let stale = |listing: &Value| {
        listing
            .as_array()
            .expect("array")
            .iter()
            .any(|a| a["kind"] == "referral_stale" && a["subject"] == json!(c.evans_old_referral))
    };
    env.ok(&[
        "alerts",
        "snooze",
        &evans,
        "referral_stale",
        "--subject",
        &referral,
        "--until",
        "2026-11-30",
        "--reason",
        "The food bank calls back next week",
    ]);
    let now = env.json(&["alerts"]);
    assert!(!stale(&now), "snoozed: {now:#}");
    // Only that alert left the list; the other referral of the same client stays.
    assert_eq!(now.as_array().expect("array").len(), expected(&c).len() - 1);
    assert!(now.as_array().expect("array").iter().any(|a| a["subject"] == json!(c.evans_boundary_referral)));
    assert!(!stale(&alerts_at(&env, "2026-11-29T18:00:00", &[])), "still hidden the day before");
    let back = alerts_at(&env, "2026-11-30T08:00:00", &["--kind", "referral_stale", "--client", &evans]);
    let first = &back.as_array().expect("array")[0];
    assert_eq!(
        (&first["subject"], &first["due"], &first["days_past_due"], &first["severity"]),
        (&json!(c.evans_old_referral), &json!("2026-11-19"), &json!(11), &json!("high")),
        "back on the until date: {back:#}"
    );

    // A client-wide alert is snoozed without a subject.
    env.ok(&["alerts", "snooze", &c.jones.to_string(), "contact_cadence", "--until", "+3d", "--reason", "Away"]);
    let jones = env.json(&["alerts", "--client", &c.jones.to_string()]);
    assert!(jones.as_array().expect("array").iter().all(|a| a["kind"] == "screening_due"), "{jones:#}");

    // The snooze is audited.
    let audit = env.json(&["audit"]);
    let snoozes = audit.as_array().expect("array").iter().filter(|e| e["entity"] == "alert_snooze");
    let snoozes = snoozes.inspect(|e| assert_eq!(e["action"], "snooze")).count();
    assert_eq!(snoozes, 2, "{audit:#}");
}

#[test]
fn bad_snoozes_are_refused_and_change_nothing() {
    let env = Env::new();
    let c = build(&env);
    let castillo = c.castillo.to_string();
    let followup = c.castillo_late_followup.to_string();
    let other = c.castillo_ride_appt.to_string();
    let snooze = |kind: &str, subject: &[&str], until: &str, reason: &str, expect: &str| {
        let args =
            [&["alerts", "snooze", &castillo, kind][..], subject, &["--until", until, "--reason", reason]].concat();
        env.refused_unchanged(&args, expect);
    };
    let late = ["--subject", followup.as_str()];
    snooze("followup_due", &late, "+3d", "   ", "reason");
    snooze("followup_due", &late, "2026-11-20", "Waiting on the pharmacy", "2026-11-20");
    snooze("followup_due", &late, "today", "Waiting on the pharmacy", "2026-11-23");
    snooze("followup_due", &late, "someday", "Waiting on the pharmacy", "someday");
    // No such alert: a wrong subject, a kind the client does not have, a missing subject, an unknown kind.
    snooze("followup_due", &["--subject", &other], "+3d", "Waiting", "follow-up due alert about record");
    snooze("goal_overdue", &late, "+3d", "Waiting", "no current goal overdue alert");
    snooze("followup_due", &[], "+3d", "Waiting", "no current follow-up due alert to snooze");
    snooze("nap", &late, "+3d", "Waiting", "nap");
    // A missing reason is a usage error.
    let (code, _) =
        env.fails(&["alerts", "snooze", &castillo, "followup_due", "--subject", &followup, "--until", "+3d"]);
    assert_eq!(code, 2);
    assert_eq!(env.json(&["alerts", "--client", &castillo]).as_array().expect("array").len(), 4);
}
