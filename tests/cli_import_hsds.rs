//! `caseload import resources --hsds PATH` (SPEC §4, issue #18 item 1): Open
//! Referral HSDS 3.0 directories, as a tabular data package or the JSON form,
//! on synthetic fixtures written from the published schema
//! (tests/fixtures/hsds/).

mod common;

use std::path::{Path, PathBuf};

use common::Env;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hsds").join(name)
}

fn import(env: &Env, path: &Path, extra: &[&str]) -> String {
    let path = path.to_str().expect("utf-8 path");
    let mut args = vec!["import", "resources", "--hsds", path];
    args.extend(extra);
    env.ok(&args)
}

fn resources(env: &Env) -> Vec<Value> {
    env.json(&["resource", "list"]).as_array().expect("array").clone()
}

fn by_hsds_id<'a>(listed: &'a [Value], id: &str) -> &'a Value {
    listed.iter().find(|r| r["hsds_id"] == id).unwrap_or_else(|| panic!("no resource {id}: {listed:#?}"))
}

const PANTRY_EAST: &str = "5a000000-0000-4000-8000-000000000001";
const PANTRY_WEST: &str = "5a000000-0000-4000-8000-000000000002";
const MEALS: &str = "5a000000-0000-4000-8000-000000000003";
const RIDES: &str = "5e000000-0000-4000-8000-000000000003";
const RENT: &str = "5a000000-0000-4000-8000-000000000004";

#[test]
fn a_data_package_becomes_one_resource_per_service_at_each_location() {
    let env = Env::new();
    env.ok(&["init"]);
    let out = import(&env, &fixture("directory"), &[]);
    assert!(out.ends_with(": 5 added, 0 updated, 0 unchanged.\n"), "{out}");
    let listed = resources(&env);
    assert_eq!(listed.len(), 5, "{listed:#?}");

    // One service at two locations: two resources, each with its own address, phone and hours.
    let east = by_hsds_id(&listed, PANTRY_EAST);
    assert_eq!(east["name"], "Community Food Pantry · Eastside Center · Riverbend Food Collective");
    assert_eq!(east["organization"], "Riverbend Food Collective");
    assert_eq!(east["category"], "food");
    assert_eq!(east["address"], "12 Oak Ave, Suite 3, Springfield, IL 62701", "the physical address, not the PO box");
    assert_eq!(east["phone"], "555-0101", "the service's phone");
    assert_eq!(east["hours"], "Mon–Fri 9:00–17:00; Sat 10:00–14:00");
    assert_eq!(east["email"], "pantry@riverbend.example.org");
    assert_eq!(east["url"], "https://riverbend.example.org/pantry");
    assert_eq!(east["eligibility"], "Residents of Maple County");
    assert_eq!(east["languages"], "English, Spanish");
    assert_eq!(east["notes"], "Free groceries once a week.\nCategories: Food Pantries");
    let west = by_hsds_id(&listed, PANTRY_WEST);
    assert_eq!(west["name"], "Community Food Pantry · Westside Church Hall · Riverbend Food Collective");
    assert_eq!(west["address"], "400 Elm St, Springfield, IL 62702");
    assert_eq!(west["phone"], "555-0102", "this site's own phone before the service's");
    assert_eq!(west["hours"], "Tue, Thu 13:00–16:00\nAfternoons only at this site", "this site's own schedule");

    // Several services of one organization; phones fall back to the location's, then the organization's.
    let meals = by_hsds_id(&listed, MEALS);
    assert_eq!(meals["name"], "Hot Meals · Riverbend Food Collective", "one location: not named");
    assert_eq!(meals["phone"], "555-0110", "the location's phone");
    assert_eq!(meals["hours"], "2nd Wed and 4th Wed of the month 11:30–13:00");
    assert_eq!(meals["category"], "food", "\"Congregate Meals\" is food");
    assert_eq!(meals["url"], "https://riverbend.example.org", "the organization's website");
    assert_eq!(meals["email"], "hello@riverbend.example.org");
    let rides = by_hsds_id(&listed, RIDES);
    assert_eq!(rides["name"], "Ride Line · Maple County Transit Aid");
    assert_eq!((&rides["address"], &rides["hours"]), (&Value::Null, &Value::Null), "no location, no schedule");
    assert_eq!(rides["phone"], "555-0199 ext. 4", "the organization's phone");
    assert_eq!(rides["category"], "transport");
    let rent = by_hsds_id(&listed, RENT);
    assert_eq!(rent["name"], "Rent Help Desk (temporarily closed) · Maple County Transit Aid");
    assert_eq!(rent["hours"], "Mon, Wed, Fri 8:00–12:00", "the location's schedule");
    assert_eq!(rent["category"], "housing");

    // The listing shows the hours; the audit trail the import.
    let table = env.ok(&["resource", "list"]);
    assert!(table.lines().next().expect("header").contains("HOURS"), "{table}");
    assert!(table.contains("Mon–Fri 9:00–17:00"), "{table}");
    assert!(table.lines().all(|line| line.chars().count() <= 80), "{table}");
    let audit = env.json(&["audit"]);
    let row = audit
        .as_array()
        .expect("array")
        .iter()
        .find(|row| row["action"] == "import" && row["entity"] == "resource")
        .expect("an import row");
    assert_eq!(row["detail"], "hsds: 5 added, 0 updated, 0 unchanged");
    env.ok(&["check"]);
}

#[test]
fn a_second_import_updates_by_hsds_id_instead_of_duplicating() {
    let env = Env::new();
    env.ok(&["init"]);
    let copy = env.dir.path().join("directory");
    std::fs::create_dir(&copy).expect("dir");
    for entry in std::fs::read_dir(fixture("directory")).expect("fixture") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("copied");
    }
    import(&env, &copy, &[]);
    let before = resources(&env);
    let out = import(&env, &copy, &[]);
    assert!(out.ends_with(": 0 added, 0 updated, 5 unchanged.\n"), "{out}");
    assert_eq!(resources(&env), before, "nothing changed, nothing duplicated");

    // The publisher changes one phone and adds a service.
    let phones = copy.join("phones.csv");
    let text = std::fs::read_to_string(&phones).expect("phones");
    std::fs::write(&phones, text.replace("555-0102", "555-0177")).expect("changed");
    let services = copy.join("services.csv");
    let mut text = std::fs::read_to_string(&services).expect("services");
    text.push_str(
        "5e000000-0000-4000-8000-000000000009,0a000000-0000-4000-8000-000000000002,,Bus Passes,,,,,active,,,,,,\n",
    );
    std::fs::write(&services, text).expect("added");
    let dry = import(&env, &copy, &["--dry-run"]);
    assert!(dry.ends_with(": 1 added, 1 updated, 4 unchanged; nothing was written.\n"), "{dry}");
    assert_eq!(resources(&env), before, "a dry run writes nothing");
    let out = import(&env, &copy, &[]);
    assert!(out.ends_with(": 1 added, 1 updated, 4 unchanged.\n"), "{out}");
    let after = resources(&env);
    assert_eq!(after.len(), 6);
    let west = by_hsds_id(&after, PANTRY_WEST);
    assert_eq!(west["phone"], "555-0177");
    assert_eq!(west["id"], by_hsds_id(&before, PANTRY_WEST)["id"], "the same resource, updated");
    assert_eq!(
        by_hsds_id(&after, "5e000000-0000-4000-8000-000000000009")["name"],
        "Bus Passes · Maple County Transit Aid"
    );
}

#[test]
fn optional_tables_may_be_missing() {
    let env = Env::new();
    env.ok(&["init"]);
    // No locations, phones (named in datapackage.json but absent), schedules or taxonomy; CRLF lines and a blank row.
    let out = import(&env, &fixture("minimal"), &[]);
    assert!(out.ends_with(": 2 added, 0 updated, 0 unchanged.\n"), "{out}");
    let listed = resources(&env);
    let clinic = by_hsds_id(&listed, "svc-1");
    assert_eq!(clinic["name"], "Eviction Clinic · Lakeside Tenants Union");
    assert_eq!((&clinic["phone"], &clinic["hours"], &clinic["category"]), (&Value::Null, &Value::Null, &Value::Null));
    let hotline = by_hsds_id(&listed, "svc-2");
    assert_eq!(hotline["name"], "Lakeside Tenants Union Hotline", "the organization is not said twice");
}

#[test]
fn the_json_form_reads_services_with_their_nested_records() {
    let env = Env::new();
    env.ok(&["init"]);
    let out = import(&env, &fixture("services.json"), &[]);
    assert!(out.ends_with(": 3 added, 0 updated, 0 unchanged.\n"), "{out}");
    let listed = resources(&env);
    let north = by_hsds_id(&listed, "bs000000-0000-4000-8000-000000000001");
    assert_eq!(north["name"], "Diaper Bank · North Library · Cradle Circle");
    assert_eq!(north["address"], "1 Reading Rd, Springfield, IL 62703");
    assert_eq!(north["phone"], "555-0301", "the location's phone");
    assert_eq!(north["hours"], "Tue, Thu 10:00–15:00");
    assert_eq!(north["category"], "Baby Supplies", "a term with no referral kind is kept as it is");
    assert_eq!(north["email"], "info@cradle.example.org");
    let south = by_hsds_id(&listed, "bs000000-0000-4000-8000-000000000002");
    assert_eq!(south["phone"], "555-0300", "the organization's phone");
    assert_eq!(south["hours"], "Sat 9:00–12:00\nSaturday mornings");
    let bills = by_hsds_id(&listed, "b1000000-0000-4000-8000-000000000002");
    assert_eq!(bills["name"], "Utility Bill Help · Warm Homes Fund");
    assert_eq!((&bills["phone"], &bills["category"]), (&Value::from("555-0310 ext. 2"), &Value::from("utilities")));
    assert_eq!(bills["hours"], "Mon–Fri 8:30–16:30");
    let again = import(&env, &fixture("services.json"), &[]);
    assert!(again.ends_with(": 0 added, 0 updated, 3 unchanged.\n"), "{again}");
}

/// Refused with several problems listed on standard error before the error
/// itself: exit 1, the error and its hint last, nothing written. Returns standard error.
fn refused_listing(env: &Env, path: &Path, expect: &str) -> String {
    let before = env.snapshot();
    let (code, stderr) = env.fails(&["import", "resources", "--hsds", path.to_str().expect("utf-8")]);
    assert_eq!(code, 1, "{stderr}");
    let error = stderr.find("error: ").map_or("", |at| &stderr[at..]);
    assert!(error.contains(expect) && error.contains("\nhint: "), "{stderr}");
    assert_eq!(env.snapshot(), before, "nothing written");
    stderr
}

#[test]
fn a_broken_directory_writes_nothing_and_says_where() {
    let env = Env::new();
    env.ok(&["init"]);
    let hsds = |name: &str| fixture(name).to_str().expect("utf-8").to_string();
    let refused = |name: &str, expect: &str| {
        env.refused_unchanged(&["import", "resources", "--hsds", &hsds(name)], expect);
    };
    refused("bad_package", "datapackage.json line 5, column 5: is not valid JSON");
    refused("unknown_organization", "services.csv line 3, column organization_id: no organization");
    let stderr =
        env.refused_unchanged(&["import", "resources", "--hsds", &hsds("unknown_organization"), "--dry-run"], "org-9");
    assert!(stderr.contains("hint: add the organization to organizations.csv"), "{stderr}");
    // The directory's services are required; a path that is not there is said so.
    refused("nowhere", "does not exist");
    let empty = env.dir.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    std::fs::write(
        empty.join("datapackage.json"),
        r#"{"resources": [{"name": "service", "path": "../services.csv"}]}"#,
    )
    .expect("package");
    let stderr = refused_listing(&env, &empty, "has 2 problems (each listed above)");
    assert!(stderr.contains("outside the package"), "{stderr}");
    assert!(stderr.contains("no \"organization\" resource"), "{stderr}");
    // Several problems at once, each with its line.
    let bad = env.dir.path().join("bad");
    std::fs::create_dir(&bad).expect("dir");
    std::fs::write(bad.join("organizations.csv"), "id,name\norg-a,Synthetic Org\n").expect("orgs");
    std::fs::write(
        bad.join("services.csv"),
        "id,organization_id,name,url\ns-1,org-a,,\ns-2,org-a,Fine,ftp://nope.example.org\ns-1,org-a,Again,\n",
    )
    .expect("services");
    let stderr = refused_listing(&env, &bad, "3 problems");
    assert!(stderr.contains("services.csv line 2, column name: the service has no name"), "{stderr}");
    assert!(
        stderr.contains("services.csv line 3, column url: url \"ftp://nope.example.org\" does not start"),
        "{stderr}"
    );
    assert!(stderr.contains("services.csv line 4, column id: the service id \"s-1\" is also on line 2"), "{stderr}");
}

#[test]
fn the_referral_form_tells_the_imported_sites_apart() {
    use caseload::tui::Options;
    use common::tui::{Ui, caseload};
    use ratatui::crossterm::event::KeyCode;

    let env = caseload();
    import(&env, &fixture("directory"), &[]);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    ui.press(KeyCode::Char('/'));
    ui.type_text("Quill");
    ui.press(KeyCode::Enter);
    ui.press(KeyCode::Enter);
    (0..4).for_each(|_| ui.press(KeyCode::Tab));
    ui.press(KeyCode::Char('r'));
    (0..4).for_each(|_| ui.press(KeyCode::Tab));
    let wanted = "Community Food Pantry · Westside Church Hall · Riverbend Food Collective";
    let mut shown = Vec::new();
    for _ in 0..6 {
        ui.press(KeyCode::Right);
        shown.push(ui.model().form().expect("open").shown("resource").to_string());
        if shown.last().is_some_and(|s| s == wanted) {
            break;
        }
    }
    let screen = ui.screen();
    assert_eq!(shown.last().map(String::as_str), Some(wanted), "{shown:?}");
    assert!(screen.contains("Community Food Pantry · Westside Church Hall"), "the site is on screen: {screen}");
    (0..2).for_each(|_| ui.press(KeyCode::BackTab));
    ui.type_text("Groceries");
    ui.ctrl('s');
    let referral = env.store().referral(1).expect("saved");
    assert_eq!(referral.to, wanted);
    assert!(referral.resource_id.is_some());
}

#[test]
fn terminal_control_characters_in_a_directory_are_refused_where_they_are() {
    let env = Env::new();
    env.ok(&["init"]);
    let dir = env.dir.path().join("escapes");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::write(dir.join("organizations.csv"), "id,name\norg-a,Synthetic Org\n").expect("orgs");
    std::fs::write(dir.join("services.csv"), "id,organization_id,name\ns-1,org-a,Fine\ns-2,org-a,Evil\u{1b}[2J\n")
        .expect("services");
    let stderr = env.refused_unchanged(
        &["import", "resources", "--hsds", dir.to_str().expect("utf-8")],
        "services.csv line 3, column name: the name contains",
    );
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

#[test]
fn a_directory_wrong_on_every_row_lists_the_first_problems_and_says_there_may_be_more() {
    let env = Env::new();
    env.ok(&["init"]);
    let dir = env.dir.path().join("orphans");
    std::fs::create_dir(&dir).expect("dir");
    std::fs::write(dir.join("organizations.csv"), "id,name\norg-a,Synthetic Org\n").expect("orgs");
    let rows: String = (0..150).map(|i| format!("s-{i},org-x,Service {i}\n")).collect();
    std::fs::write(dir.join("services.csv"), format!("id,organization_id,name\n{rows}")).expect("services");
    let stderr = refused_listing(&env, &dir, "has at least 100 problems (the first 100 listed above)");
    assert_eq!(stderr.matches("no organization in organizations.csv").count(), 100, "{stderr}");
    assert!(stderr.contains("services.csv line 2, column organization_id"), "{stderr}");
}
