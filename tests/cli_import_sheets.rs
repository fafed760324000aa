//! `caseload import clients` with files as spreadsheets save them (issue #18
//! item 2): the columns are discoverable (`--template`, `help import`), the
//! program's own CSV export reads back, blank rows are skipped, semicolon and
//! tab separated files are read, and every problem of a file is reported in
//! one pass, with its line and column, writing nothing.

mod common;

use caseload::domain::client::CLIENT_FIELDS;
use common::Env;
use serde_json::Value;

fn write(env: &Env, name: &str, text: &str) -> String {
    let path = env.dir.path().join(name);
    std::fs::write(&path, text).expect("file written");
    path.to_str().expect("path").to_string()
}

fn clients(env: &Env) -> Vec<Value> {
    let Value::Array(clients) = env.json(&["client", "list", "--all"]) else { panic!("a JSON array") };
    clients
}

/// Imports `path`, which must be refused with nothing written; returns standard error.
fn refused(env: &Env, path: &str) -> String {
    let before = env.snapshot();
    let (code, stderr) = env.fails(&["import", "clients", path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("error: Nothing was imported: ") && stderr.contains("\nhint: "), "{stderr}");
    assert_eq!(env.snapshot(), before, "a refused file changed the database");
    stderr
}

#[test]
fn the_template_names_every_column_required_first_and_imports_as_it_is() {
    let env = Env::new();
    let template = env.ok(&["import", "clients", "--template"]);
    let mut lines = template.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    assert_eq!(header[..2], ["given_name", "family_name"], "required columns first");
    let mut names = header.clone();
    names.sort_unstable();
    let mut fields = CLIENT_FIELDS.to_vec();
    fields.sort_unstable();
    assert_eq!(names, fields, "every client field of SPEC §2, named as it names them");
    assert!(lines.next().is_some_and(|row| row.starts_with("Ada,Example,")), "{template}");
    assert_eq!(lines.next(), None, "one example row");

    // --template FILE writes a new file, and never over an existing one.
    let path = env.dir.path().join("template.csv");
    let path = path.to_str().expect("path");
    env.ok(&["import", "clients", "--template", path]);
    assert_eq!(std::fs::read_to_string(path).expect("written"), template);
    std::fs::write(path, "given_name,family_name\nZed,Kept\n").expect("filled in");
    let (code, stderr) = env.fails(&["import", "clients", "--template", path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("already exists") && stderr.contains("hint: "), "{stderr}");
    assert_eq!(std::fs::read_to_string(path).expect("kept"), "given_name,family_name\nZed,Kept\n");

    let example = write(&env, "example.csv", &template);
    assert_eq!(env.ok(&["import", "clients", &example]), "Imported 1 client.\n");
    let imported = &clients(&env)[0];
    assert_eq!((&imported["family_name"], &imported["risk"]), (&Value::from("Example"), &Value::from("high")));
    assert_eq!(imported["tags"], serde_json::json!(["diabetes", "copd"]));
}

#[test]
fn help_lists_every_column_with_what_it_holds_and_which_are_required() {
    let env = Env::new();
    for args in [&["help", "import"][..], &["import", "clients", "--help"]] {
        let help = env.ok(args);
        for field in CLIENT_FIELDS {
            assert!(help.lines().any(|line| line.trim_start().starts_with(field)), "{args:?} lacks {field}: {help}");
        }
        let line = |name: &str| {
            help.lines().find(|line| line.trim_start().starts_with(&format!("{name} "))).expect(name).to_string()
        };
        assert!(line("given_name").contains("required"), "{help}");
        assert!(line("family_name").contains("required"), "{help}");
        assert!(!line("mrn").contains("required"), "{help}");
        assert!(line("dob").contains("YYYY-MM-DD"), "{help}");
        assert!(line("risk").contains("high, medium, low") && line("risk").contains("default medium"), "{help}");
        assert!(help.contains("--template"), "{help}");
        assert!(help.contains("id, created_by, created_at, updated_at"), "the ignored export columns: {help}");
    }
}

#[test]
fn the_programs_own_client_export_imports_back_into_another_caseload() {
    let source = Env::new();
    source.ok(&[
        "client",
        "add",
        "--given-name",
        "Ada",
        "--family-name",
        "Quill",
        "--mrn",
        "SYN-1",
        "--phone",
        "+1 555 0100",
        "--tags",
        "diabetes,chf",
        "--risk",
        "high",
        "--address",
        "1 Main St, Apt 2",
        "--dob",
        "1950-03-04",
    ]);
    source.ok(&["client", "add", "--given-name", "Bo", "--family-name", "Pell", "--program", "ccm"]);
    let export = source.ok(&["client", "list", "--all", "--format", "csv"]);
    assert!(export.starts_with("id,"), "the export has its id column: {export}");

    let target = Env::new();
    // The target already has a client with id 1: the file's ids must not overwrite it.
    target.ok(&["client", "add", "--given-name", "Cy", "--family-name", "Resident"]);
    let path = write(&target, "export.csv", &export);
    assert_eq!(target.ok(&["import", "clients", &path]), "Imported 2 clients.\n");
    let imported = clients(&target);
    assert_eq!(imported.len(), 3, "{imported:?}");
    let by_family = |family: &str| imported.iter().find(|c| c["family_name"] == family).expect(family).clone();
    assert_eq!(by_family("Resident")["id"], 1, "the resident client kept its id and record");
    let exported: Vec<Value> = source.json(&["client", "list", "--all"]).as_array().expect("array").clone();
    for original in &exported {
        let copy = by_family(original["family_name"].as_str().expect("family name"));
        for field in CLIENT_FIELDS {
            assert_eq!(copy[field], original[field], "{field} of {}", original["family_name"]);
        }
        assert_ne!(copy["id"], Value::from(1));
    }
}

#[test]
fn blank_rows_anywhere_are_skipped() {
    let env = Env::new();
    let text =
        "given_name,family_name,dob\r\nAda,Quill,1950-03-04\r\n,,\r\n  , ,\r\n\r\nBo,Pell,\r\n,,\r\n,,\r\n,,\r\n";
    let path = write(&env, "blank.csv", text);
    assert_eq!(env.ok(&["import", "clients", &path]), "Imported 2 clients.\n");
    // A file of blank rows only has nothing to import, and says so.
    let path = write(&env, "only_blank.csv", "given_name,family_name\n,\n,\n");
    let stderr = refused(&env, &path);
    assert!(stderr.contains("has a header but no rows"), "{stderr}");
}

#[test]
fn semicolon_and_tab_separated_files_are_read() {
    let env = Env::new();
    let semicolons = "\u{feff}given_name;family_name;address;risk\r\nAda;Quill;\"1 Main St, Apt 2\";high\r\nBo;Pell;2 Elm St;low\r\n;;;\r\n";
    let path = write(&env, "semicolons.csv", semicolons);
    assert_eq!(env.ok(&["import", "clients", &path]), "Imported 2 clients.\n");
    let path = write(&env, "tabs.tsv", "given_name\tfamily_name\taddress\nCy\tDee\t3 Oak Rd, Unit 1\n");
    assert_eq!(env.ok(&["import", "clients", &path]), "Imported 1 client.\n");
    let all = clients(&env);
    let address = |family: &str| all.iter().find(|c| c["family_name"] == family).expect(family)["address"].clone();
    assert_eq!(address("Quill"), "1 Main St, Apt 2");
    assert_eq!(address("Dee"), "3 Oak Rd, Unit 1");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_pass_with_line_and_column() {
    let env = Env::new();
    // A header fault, a row with the wrong number of fields, value faults,
    // several in one row: all in one report.
    let text = "given_name,family_name,surname,dob,risk\n\
                Ada,Quill,,1950-13-01,severe\n\
                Bo,Pell,,\n\
                ,,,2030-01-01,\n";
    let path = write(&env, "many.csv", text);
    let stderr = refused(&env, &path);
    let expected = [
        "line 1, column C: unknown column \"surname\"",
        "line 2, column D (dob): dob \"1950-13-01\" is not a real calendar date",
        "line 2, column E (risk): \"severe\" is not a known risk (use one of: high, medium, low)",
        "line 3: 4 fields where the header names 5 columns",
        "line 4, column A (given_name): given name cannot be empty (fill in its given_name cell)",
        "line 4, column B (family_name): family name cannot be empty (fill in its family_name cell)",
        "line 4, column D (dob): date of birth 2030-01-01 is in the future (check the year of dob)",
    ];
    let listed: Vec<&str> = stderr.lines().filter(|line| line.starts_with("line ")).collect();
    assert_eq!(listed, expected, "{stderr}");
    assert!(stderr.contains("has 7 problems on 4 lines (listed above)"), "{stderr}");
    // The hint names the fix in the file, not a command-line flag that does not help.
    assert!(!stderr.contains("--given-name") && !stderr.contains("given-name"), "{stderr}");
    assert!(stderr.contains("hint: name the header's columns from: given_name, family_name, mrn"), "{stderr}");
}

#[test]
fn a_file_wrong_everywhere_lists_fifty_problems_and_counts_the_rest() {
    let env = Env::new();
    let text = format!("given_name,family_name,risk\n{}", "Ada,,severe\n".repeat(40));
    let path = write(&env, "wrong.csv", &text);
    let stderr = refused(&env, &path);
    assert_eq!(stderr.lines().filter(|line| line.starts_with("line ")).count(), 50, "{stderr}");
    assert!(stderr.contains("\n… and 30 more\n"), "{stderr}");
    assert!(stderr.contains("has 80 problems on 40 lines (the first 50 listed above, and 30 more)"), "{stderr}");
    assert!(stderr.contains("hint: fix those cells and import the whole file again"), "{stderr}");
}
