//! The CSV reports read as a spreadsheet or pandas reads them (issue #18
//! item 5): one header, then data rows only, every one a client with an
//! integer client_id; the totals come with `--totals`, as a CSV of their own.

mod common;

use common::{Env, blank_client, today};

fn client(env: &Env, family: &str, program: &str) -> String {
    let mut client = blank_client();
    client.family_name = family.into();
    client.program = program.into();
    client.coordinator = common::USER.into();
    env.store().add_client(client, today()).expect("client").to_string()
}

fn note(env: &Env, client: &str, at: &str, minutes: &str) {
    let args = ["note", "add", client, "--at", at, "--type", "phone", "--outcome", "reached", "--minutes", minutes];
    env.ok(&[&args[..], &["--body", "Synthetic report note"]].concat());
}

/// Reads `text` strictly: a header, then rows as wide as it; returns both.
fn strict(text: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    let rows: Vec<csv::StringRecord> = reader.records().map(|row| row.expect("a well-formed row")).collect();
    for row in &rows {
        assert_ne!(row, &header, "the header comes once: {text}");
    }
    (header, rows)
}

/// Every row has an integer client_id: the column pandas would read as integers.
fn client_ids(text: &str) -> Vec<i64> {
    let (header, rows) = strict(text);
    let column = header.iter().position(|name| name == "client_id").expect("a client_id column");
    rows.iter()
        .map(|row| {
            let id = &row[column];
            id.parse().unwrap_or_else(|_| panic!("client_id {id:?} is not an integer: {text}"))
        })
        .collect()
}

#[test]
fn the_monthly_csv_is_clients_only_and_its_totals_a_csv_of_their_own() {
    let env = Env::new();
    let ada = client(&env, "Quill", "ccm");
    let bo = client(&env, "Pell", "general");
    note(&env, &ada, "2026-11-02 10:00", "25");
    note(&env, &bo, "2026-11-03 10:00", "15");
    let month = ["report", "monthly", "--month", "2026-11"];

    let rows = env.ok(&[&month[..], &["--format", "csv"]].concat());
    let mut ids = client_ids(&rows);
    ids.sort_unstable();
    assert_eq!(ids, [ada.parse::<i64>().expect("id"), bo.parse().expect("id")]);

    let totals = env.ok(&[&month[..], &["--format", "csv", "--totals"]].concat());
    let (header, lines) = strict(&totals);
    assert_eq!(lines.len(), 1, "one totals row: {totals}");
    let field = |name: &str| &lines[0][header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name}"))];
    assert_eq!((field("month"), field("coordinator"), field("clients")), ("2026-11", common::USER, "2"));
    assert_eq!((field("contacts"), field("minutes"), field("ccm_99490")), ("2", "40", "1"));
    assert!(!header.iter().any(|name| name == "client_id"), "{totals}");

    // Markdown and JSON keep their totals; --totals is for CSV.
    assert!(env.ok(&month).contains("| **Total** |"));
    assert_eq!(env.json(&month)["totals"]["minutes"], 40);
    let refused = env.refused_unchanged(&[&month[..], &["--totals"]].concat(), "--totals is for --format csv");
    assert!(refused.contains("hint: add --format csv"), "{refused}");

    // A month with no clients still has its header.
    let empty = Env::new();
    empty.store();
    let text = empty.ok(&[&month[..], &["--format", "csv"]].concat());
    assert!(text.starts_with("client_id,client_name,program,contacts,") && text.lines().count() == 1, "{text}");
}

#[test]
fn the_billing_csv_is_clients_only_and_its_totals_one_line_per_code() {
    let env = Env::new();
    let ada = client(&env, "Quill", "ccm");
    env.ok(&["program", "consent", &ada, "ccm", "--on", "2026-11-01", "--method", "verbal"]);
    note(&env, &ada, "2026-11-02 10:00", "45");
    let month = ["report", "billing", "--month", "2026-11", "--format", "csv"];
    let rows = env.ok(&month);
    assert_eq!(client_ids(&rows), [ada.parse::<i64>().expect("id")], "{rows}");
    let totals = env.ok(&[&month[..], &["--totals"]].concat());
    assert_eq!(totals, "month,code,units\n2026-11,99439,1\n2026-11,99490,1\n");
    env.refused_unchanged(&["report", "billing", "--month", "2026-11", "--totals"], "--totals is for --format csv");
}

#[test]
fn help_report_says_where_the_totals_are() {
    let env = Env::new();
    let help = env.ok(&["help", "report"]);
    assert!(help.matches("--totals").count() >= 2, "monthly and billing: {help}");
    let monthly = env.ok(&["report", "monthly", "--help"]);
    assert!(monthly.contains("--totals") && monthly.contains("md and json carry both"), "{monthly}");
}
