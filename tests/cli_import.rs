//! `caseload import clients|resources` and `caseload resource list|search`:
//! good files import with the right values, every bad file is refused with
//! its line and reason and leaves the database untouched.

mod common;

use common::Env;
use serde_json::{Value, json};

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/import/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Imports `file` as `kind`, expecting a refusal: exit 1, each of `expect` on
/// standard error, an error sentence with a hint, and no row changed anywhere.
fn refused(env: &Env, kind: &str, file: &str, expect: &[&str]) {
    refused_at(env, kind, &fixture(file), expect);
}

/// `refused` for a file anywhere.
fn refused_at(env: &Env, kind: &str, path: &str, expect: &[&str]) {
    let before = env.snapshot();
    let file = path.rsplit('/').next().unwrap_or(path);
    for dry_run in [false, true] {
        let mut args = vec!["import", kind, path];
        if dry_run {
            args.push("--dry-run");
        }
        // A SQLite file is also compared byte for byte; a server's database by its rows below.
        let file_bytes = || (!common::on_postgres()).then(|| std::fs::read(&env.db).expect("database file"));
        let bytes = file_bytes();
        let (code, stderr) = env.fails(&args);
        assert_eq!(file_bytes(), bytes, "{file}: the file changed");
        assert_eq!(code, 1, "{file}: {stderr}");
        assert!(stderr.contains("error: Nothing was imported: ") && stderr.contains("\nhint: "), "{file}: {stderr}");
        for wanted in expect {
            assert!(stderr.contains(wanted), "{file} should report {wanted:?}: {stderr}");
        }
        assert_eq!(env.snapshot(), before, "{file} changed the database");
    }
}

fn clients_by_family(env: &Env) -> Vec<Value> {
    let Value::Array(clients) = env.json(&["client", "list", "--all"]) else { panic!("a JSON array") };
    clients
}

fn find<'a>(clients: &'a [Value], family: &str) -> &'a Value {
    clients.iter().find(|c| c["family_name"] == family).unwrap_or_else(|| panic!("{family} imported"))
}

#[test]
fn each_bad_client_file_is_refused_with_its_line_and_reason() {
    let env = Env::new();
    env.ok(&["client", "add", "--given-name", "Dana", "--family-name", "Held", "--mrn", "DB-1"]);
    let cases: &[(&str, &[&str])] = &[
        ("bad_unknown_column.csv", &["line 1, column C: unknown column \"surname\""]),
        ("bad_missing_given_name_column.csv", &["line 1: the required column \"given_name\" is missing"]),
        ("bad_duplicate_column.csv", &["line 1, column D: column \"dob\" appears more than once"]),
        (
            "bad_empty_family_name.csv",
            &["line 3, column B (family_name): family name cannot be empty (fill in its family_name cell)"],
        ),
        ("bad_date_format.csv", &["line 2, column C (dob): dob \"03/04/1950\" is not a date in the form YYYY-MM-DD"]),
        (
            "bad_relative_date.csv",
            &["line 2, column C (enrolled_on): enrolled_on \"today\" is not a date in the form YYYY-MM-DD"],
        ),
        (
            "bad_impossible_date.csv",
            &["line 3, column C (enrolled_on): enrolled_on \"2026-02-30\" is not a real calendar date"],
        ),
        (
            "bad_unknown_risk.csv",
            &["line 2, column C (risk): \"severe\" is not a known risk (use one of: high, medium, low)"],
        ),
        ("bad_unknown_status.csv", &["line 3, column C (status): \"inactive\" is not a known status"]),
        ("bad_duplicate_mrn_in_file.csv", &["line 4, column A (mrn): MRN \"D-1\" is also on line 2"]),
        (
            "bad_mrn_in_database.csv",
            &["line 3, column A (mrn): MRN \"DB-1\" already belongs to a client in the database"],
        ),
        (
            "bad_future_dob.csv",
            &["line 2, column C (dob): date of birth 2030-01-01 is in the future (check the year of dob)"],
        ),
        ("bad_boolean.csv", &["line 2, column C (interpreter_needed): interpreter_needed \"maybe\" is not yes/no"]),
        ("bad_not_utf8.csv", &["line 3: the row is not valid UTF-8 text"]),
        ("bad_empty.csv", &["bad_empty.csv is empty", "hint: the first line must name the columns"]),
        ("bad_header_only.csv", &["has a header but no rows to import", "hint: add one line per record"]),
        ("bad_too_many_fields.csv", &["line 3: 4 fields where the header names 3 columns"]),
        (
            "bad_discharged_before_enrolled.csv",
            &["line 2, column E (discharged_on): discharge date 2026-04-01 is before enrolment on 2026-05-01"],
        ),
        (
            "bad_discharged_without_date.csv",
            &["line 2, column discharged_on (not in the file): a discharged client needs a discharge date"],
        ),
        // Every bad row, at the physical line its record starts on (line 2 spans two lines).
        (
            "bad_many_rows.csv",
            &[
                "line 4, column D (risk): \"severe\" is not a known risk",
                "line 6, column A (given_name): given name cannot be empty",
                "2 problems on 2 lines",
            ],
        ),
    ];
    for (file, expect) in cases {
        refused(&env, "clients", file, expect);
    }
}

#[test]
fn a_bom_file_with_every_column_imports_every_value() {
    let env = Env::new();
    assert_eq!(env.ok(&["import", "clients", &fixture("good_bom_all_columns.csv")]), "Imported 2 clients.\n");
    let clients = clients_by_family(&env);
    assert_eq!(clients.len(), 2);
    let zoe = find(&clients, "Åberg");
    let expected = serde_json::json!({
        "mrn": "BOM-1", "given_name": "Zoë", "family_name": "Åberg", "preferred_name": "Zo", "dob": "1948-07-02",
        "phone": "555-0101", "alt_phone": "555-0102", "address": "12 Elm St", "language": "Swedish",
        "interpreter_needed": true, "program": "ccm", "risk": "high", "status": "active", "coordinator": "riley",
        "enrolled_on": "2025-01-15", "discharged_on": null, "discharge_reason": null, "payer": "Medicaid",
        "member_id": "MC-77", "coverage_ends_on": "2027-01-31", "consent_expires_on": "2027-06-30",
        "tags": ["diabetes", "chf"],
    });
    for (field, value) in expected.as_object().expect("object") {
        assert_eq!(&zoe[field], value, "field {field}");
    }
    let omar = find(&clients, "Baptiste");
    assert_eq!(omar["status"], "discharged");
    assert_eq!(omar["discharged_on"], "2026-10-01");
    assert_eq!(omar["discharge_reason"], "moved away");
    assert_eq!(omar["interpreter_needed"], false);
    assert_eq!(omar["tags"], serde_json::json!([]));
    // Each client is enrolled in its program, as `client add` enrolls; a discharge ends it.
    let enrolled = |client: &Value| env.json(&["program", "list", &client["id"].to_string()]);
    let zoe = enrolled(zoe);
    assert_eq!(
        (&zoe[0]["program"], &zoe[0]["started_on"], &zoe[0]["ended_on"]),
        (&json!("ccm"), &json!("2025-01-15"), &Value::Null)
    );
    let omar = enrolled(omar);
    assert_eq!((&omar[0]["ended_on"], &omar[0]["end_reason"]), (&json!("2026-10-01"), &json!("moved away")));
}

#[test]
fn quoted_commas_and_newlines_survive_the_import() {
    let env = Env::new();
    env.ok(&["import", "clients", &fixture("good_quoted.csv")]);
    let clients = clients_by_family(&env);
    let lina = find(&clients, "O'Neil");
    assert_eq!(lina["address"], "Apt 4, 200 Main Street\nSpringfield, IL 62701");
    assert_eq!(lina["tags"], serde_json::json!(["diabetes", "copd"]));
    let marcus = find(&clients, "Reyes");
    assert_eq!(marcus["given_name"], "Marcus \"Mac\"");
    assert_eq!(marcus["address"], "PO Box 9, Rural Route 2");
    assert_eq!(marcus["mrn"], "Q-2");
}

#[test]
fn minimal_columns_take_the_defaults_of_client_add_and_one_audit_row() {
    let env = Env::new();
    assert_eq!(env.ok(&["import", "clients", &fixture("good_minimal.csv")]), "Imported 3 clients.\n");
    let clients = clients_by_family(&env);
    assert_eq!(clients.len(), 3);
    for client in &clients {
        assert_eq!(client["program"], "general");
        assert_eq!(client["risk"], "medium");
        assert_eq!(client["status"], "active");
        assert_eq!(client["coordinator"], common::USER);
        assert_eq!(client["enrolled_on"], "2026-11-23");
        assert_eq!(client["mrn"], Value::Null);
    }
    assert_eq!(find(&clients, "Ng")["given_name"], "Cora");
    let audit = env.json(&["audit"]);
    let imports: Vec<&Value> =
        audit.as_array().expect("array").iter().filter(|row| row["action"] == "import").collect();
    assert_eq!(imports.len(), 1, "{audit}");
    assert_eq!(imports[0]["entity"], "client");
}

#[test]
fn dry_run_checks_everything_and_writes_nothing() {
    let env = Env::new();
    env.add_client("Dana", "Held", caseload::domain::client::Risk::Low);
    let before = env.snapshot();
    let out = env.ok(&["import", "clients", &fixture("good_minimal.csv"), "--dry-run"]);
    assert_eq!(out, "3 clients would be imported; nothing was written.\n");
    let out = env.ok(&["import", "resources", &fixture("resources.csv"), "--dry-run"]);
    assert_eq!(out, "3 resources would be imported; nothing was written.\n");
    assert_eq!(env.snapshot(), before);
}

#[test]
fn a_missing_file_is_one_error_with_a_hint() {
    let env = Env::new();
    env.refused_unchanged(&["import", "clients", &fixture("no_such_file.csv")], "Cannot read");
}

#[test]
fn resources_import_then_list_search_and_refer() {
    let env = Env::new();
    assert_eq!(env.ok(&["import", "resources", &fixture("resources.csv")]), "Imported 3 resources.\n");
    let all = env.json(&["resource", "list"]);
    let names: Vec<&str> = all.as_array().expect("array").iter().map(|r| r["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["Emergency Food Box", "Rapid Rehousing", "Paratransit Rides"]);
    let rides = &all[2];
    assert_eq!(rides["organization"], "City Transit");
    assert_eq!(rides["hours"], "7 days,\n6am-10pm");
    assert_eq!(rides["url"], "http://transit.example.org");
    assert_eq!(rides["notes"], "Book 24h ahead");
    assert_eq!(all[0]["languages"], "English, Spanish");
    assert_eq!(all[1]["phone"], Value::Null);

    let food = env.json(&["resource", "list", "--category", "FOOD"]);
    assert_eq!(food.as_array().expect("array").len(), 1);
    assert_eq!(food[0]["name"], "Emergency Food Box");
    let found = env.json(&["resource", "search", "transit ride"]);
    assert_eq!(found.as_array().expect("array").len(), 1);
    assert_eq!(found[0]["name"], "Paratransit Rides");
    assert_eq!(env.json(&["resource", "search", "100%"]), serde_json::json!([]));
    assert!(env.ok(&["resource", "search", "housing"]).contains("Rapid Rehousing"));
    assert_eq!(env.ok(&["resource", "list", "--category", "legal"]), "No resources.\n");

    let audit = env.json(&["audit"]);
    assert!(
        audit.as_array().expect("array").iter().any(|row| row["action"] == "import" && row["entity"] == "resource")
    );

    // The directory feeds referrals.
    let client = env.add_client("Ada", "Quill", caseload::domain::client::Risk::High).to_string();
    let id = food[0]["id"].to_string();
    let referral = env.json(&["referral", "add", &client, "--resource", &id, "--kind", "food", "--reason", "pantry"]);
    assert_eq!(referral["to"], "Emergency Food Box");
    assert_eq!(referral["resource_id"], food[0]["id"]);
}

#[test]
fn bad_resource_files_are_refused_whole() {
    let env = Env::new();
    refused(
        &env,
        "resources",
        "bad_resources_url.csv",
        &["line 3, column C (url): url \"www.transit.example.org\" does not start"],
    );
    refused(
        &env,
        "resources",
        "bad_resources_missing_service.csv",
        &["line 1, column B: unknown column \"name\"", "line 1: the required column \"service\" is missing"],
    );
    refused(
        &env,
        "resources",
        "bad_resources_empty_service.csv",
        &["line 3, column B (service): service cannot be empty"],
    );
    refused(&env, "resources", "bad_header_only.csv", &["unknown column"]);
}

#[test]
fn bad_rows_are_reported_on_the_line_a_text_editor_shows() {
    let env = Env::new();
    // Each file has one bad row (no family name), and says on which line an editor shows it.
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "lf.csv",
            b"given_name,family_name\nAda,Quill\nBo,\n",
            "line 3, column B (family_name): family name cannot be empty",
        ),
        (
            "crlf.csv",
            b"given_name,family_name\r\nAda,Quill\r\nBo,\r\n",
            "line 3, column B (family_name): family name cannot be empty",
        ),
        (
            "blank.csv",
            b"given_name,family_name\n\nAda,Quill\n\n\nBo,\n",
            "line 6, column B (family_name): family name cannot be empty",
        ),
        (
            "quoted.csv",
            b"given_name,family_name,address\r\nAda,Quill,\"1 Long Road\r\nSecond line\"\r\nBo,,\r\n",
            "line 4, column B (family_name): family name cannot be empty",
        ),
        (
            "bom.csv",
            b"\xEF\xBB\xBFgiven_name,family_name\r\n\r\nBo,\r\n",
            "line 3, column B (family_name): family name cannot be empty",
        ),
    ];
    for (name, bytes, expect) in cases {
        let path = env.dir.path().join(name);
        std::fs::write(&path, bytes).expect("file written");
        refused_at(&env, "clients", path.to_str().expect("path"), &[expect, "1 problem on 1 line (listed above)"]);
    }
}

#[test]
fn a_large_synthetic_file_imports_whole_and_its_clients_are_searchable() {
    let env = Env::new();
    let path = env.dir.path().join("clients.csv");
    common::synthetic::clients_csv(2_000, std::fs::File::create(&path).expect("file")).expect("written");
    assert_eq!(env.ok(&["import", "clients", path.to_str().expect("path")]), "Imported 2000 clients.\n");
    let found = env.json(&["client", "list", "--all", "--search", "SYN-0001999"]);
    assert_eq!(found.as_array().map(Vec::len), Some(1), "{found}");
    assert_eq!(found[0]["family_name"], "Moreau-1999");
}

#[test]
fn a_client_file_is_read_once_so_it_can_come_through_a_pipe() {
    let env = Env::new();
    let mut csv = Vec::new();
    common::synthetic::clients_csv(3, &mut csv).expect("written");
    // assert_cmd writes standard input through a pipe, which cannot be read twice.
    let output = env.cmd().args(["import", "clients", "/dev/stdin"]).write_stdin(csv).output().expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Imported 3 clients.\n");
    assert_eq!(clients_by_family(&env).len(), 3);
}

#[test]
fn an_mrn_taken_after_the_check_imports_nothing_and_the_next_import_works() {
    let env = Env::new();
    let mut taken = common::blank_client();
    taken.mrn = Some("M-1".into());
    env.store().add_client(taken, common::today()).expect("added");
    let before = env.snapshot();
    let mut store = env.store();
    // What a colleague's `client add` between the check and the copy looks like:
    // the file's rows were fine when staged, the caseload refuses one at the copy.
    let staged = |mrns: [&'static str; 2]| {
        move |insert: &mut dyn FnMut(caseload::domain::client::Client) -> caseload::store::Result<()>| {
            for mrn in mrns {
                let mut client = common::blank_client();
                client.mrn = Some(mrn.into());
                insert(client)?;
            }
            Ok(Ok::<usize, ()>(mrns.len()))
        }
    };
    let refused = store.import_clients(common::today(), staged(["M-2", "M-1"]));
    assert!(refused.as_ref().is_err_and(|error| error.to_string().contains("MRN")), "{refused:?}");
    drop(store);
    assert_eq!(env.snapshot(), before, "nothing of the file was imported");
    let mut store = env.store();
    assert_eq!(store.import_clients(common::today(), staged(["M-2", "M-3"])).expect("imports"), Ok(2));
    drop(store);
    assert_eq!(clients_by_family(&env).len(), 3);
}

#[test]
fn a_resource_without_a_category_is_listed_first_on_every_engine() {
    let env = Env::new();
    let file = env.dir.path().join("uncategorized.csv");
    std::fs::write(&file, "organization,service,category\nCity Transit,Paratransit Rides,transport\nFree Clinic,Walk-in Hours,\nNorthside Pantry,Emergency Food Box,Food\n")
        .expect("file");
    env.ok(&["import", "resources", file.to_str().expect("utf-8 path")]);
    let all = env.json(&["resource", "list"]);
    let names: Vec<&str> = all.as_array().expect("array").iter().map(|r| r["name"].as_str().expect("name")).collect();
    assert_eq!(names, ["Walk-in Hours", "Emergency Food Box", "Paratransit Rides"], "no category sorts before any");
}
