//! Text is inert (SPEC §6, issue #12 items 3 and 4): hostile text goes in
//! through every input path and is refused with a clear sentence, and text
//! stored before the checks (written straight into the database) comes out of
//! every terminal output with no escape sequence, control or bidirectional
//! override, and out of every Markdown output as typed.

mod common;

use std::io::Write;

use caseload::domain::client::Risk;
use caseload::domain::text::is_unsafe;
use caseload::tui::Options;
use common::Env;
use common::tui::Ui;
use pulldown_cmark::{Event, HeadingLevel, Options as MdOptions, Parser, Tag, TagEnd};
use ratatui::crossterm::event::KeyCode;

const CSI_RED: &str = "\u{1b}[31mRED\u{1b}[0m";
const OSC_TITLE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";

/// Each hostile string, and what the refusal says it found.
fn corpus() -> Vec<(String, &'static str)> {
    vec![
        (CSI_RED.into(), "control character (ESC)"),
        (OSC_TITLE.into(), "control character (ESC)"),
        ("ring\u{7}bell".into(), "control character (BEL)"),
        ("c1\u{9b}2J".into(), "control character (CSI)"),
        ("over\rwrite".into(), "line break"),
        ("evil\u{202E}txt.exe".into(), "bidirectional control (U+202E)"),
        ("isolate\u{2066}x\u{2069}".into(), "bidirectional control (U+2066)"),
        (format!("{}\u{1b}[2J", "x".repeat(100_000)), "control character (ESC)"),
    ]
}

/// Nothing a terminal would act on: no unsafe character but line feeds,
/// tabs and CR LF pairs (CSV and iCalendar end their lines so).
fn assert_inert(what: &str, text: &str) {
    let bad: Vec<String> = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| is_unsafe(*c) && !matches!(c, '\n' | '\t'))
        .map(|c| format!("{c:?}"))
        .collect();
    assert!(bad.is_empty(), "{what} printed {bad:?}");
}

fn stdout_and_stderr(env: &Env, args: &[&str]) -> (String, String) {
    let output = env.cmd().args(args).output().expect("runs");
    assert!(output.status.success(), "caseload {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    (String::from_utf8(output.stdout).expect("utf-8"), String::from_utf8(output.stderr).expect("utf-8"))
}

#[test]
fn hostile_one_line_flags_are_refused_naming_the_field_and_what_was_found() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High).to_string();
    for (hostile, found) in corpus() {
        let stderr = env.refused_unchanged(
            &["client", "add", "--given-name", &hostile, "--family-name", "Quill"],
            &format!("The given name contains a {found}"),
        );
        assert_inert("the refusal", &stderr);
        assert!(!stderr.contains("pwned") && !stderr.contains("RED"), "no value echoed: {stderr}");
    }
    let cases: [(&[&str], &str); 8] = [
        (&["client", "add", "--given-name", "Ada", "--family-name", OSC_TITLE], "The family name contains"),
        (
            &["client", "add", "--given-name", "A", "--family-name", "Q", "--mrn", "A1\nB2"],
            "The mrn contains a line break",
        ),
        (
            &["client", "add", "--given-name", "A", "--family-name", "Q", "--preferred-name", "\u{202E}x"],
            "The preferred name contains a bidirectional",
        ),
        (&["client", "edit", &id, "--phone", CSI_RED], "The phone contains a control character (ESC)"),
        (&["followup", "add", &id, "--due", "+3d", "--title", OSC_TITLE], "The title contains"),
        (&["appt", "add", &id, "--at", "tomorrow 10:00", "--with", CSI_RED], "The with whom contains"),
        (&["referral", "add", &id, "--to", "Food bank", "--kind", "food", "--reason", CSI_RED], "The reason contains"),
        (&["plan", "problem", &id, "--add", OSC_TITLE], "The description contains"),
    ];
    for (args, expect) in cases {
        assert_inert("the refusal", &env.refused_unchanged(args, expect));
    }
    // A postal address may take two lines: kept, with CR LF stored as LF.
    let id =
        env.ok(&["client", "add", "--given-name", "Bo", "--family-name", "Lind", "--address", "1 Main St\r\nApt 2"]);
    assert_eq!(env.json(&["client", "show", id.trim()])["address"], "1 Main St\nApt 2");
}

fn note_from_stdin(env: &Env, id: &str, body: &str) -> std::process::Output {
    env.cmd().args(["note", "add", id]).write_stdin(body).output().expect("runs")
}

#[test]
fn note_bodies_keep_line_breaks_and_tabs_and_nothing_else() {
    let env = Env::new();
    let id = env.add_client("Ada", "Quill", Risk::High).to_string();
    let before = env.snapshot();
    for (body, found) in [
        (format!("Called.\n{OSC_TITLE}"), "(ESC)"),
        ("nul\0byte".to_string(), "(NUL)"),
        ("c1 \u{9b}31m".to_string(), "(CSI)"),
        ("bidi \u{202E}".to_string(), "(U+202E)"),
    ] {
        let output = note_from_stdin(&env, &id, &body);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains("The body contains a ") && stderr.contains(found), "{stderr}");
        assert!(stderr.contains("\nhint: "), "{stderr}");
        assert_eq!(env.snapshot(), before, "a refused note wrote something");
    }
    let output = note_from_stdin(&env, &id, "First line\r\nsecond\twith a tab\rthird\r\n");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let notes = env.json(&["note", "list", &id]);
    assert_eq!(notes[0]["body"], "First line\nsecond\twith a tab\nthird", "CR LF and CR stored as LF");

    let long = "y".repeat(100_000);
    assert!(note_from_stdin(&env, &id, &long).status.success(), "a very long line is fine");
    assert_inert("note list", &env.ok(&["note", "list", &id]));
}

#[test]
fn a_hostile_csv_import_is_refused_line_by_line_and_writes_nothing() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::High);
    let path = env.dir.path().join("hostile.csv");
    let mut file = std::fs::File::create(&path).expect("csv");
    write!(
        file,
        "given_name,family_name,preferred_name,address,phone\n\
         {CSI_RED},Quill,,,\n\
         Ben,nul\0name,,,\n\
         Cora,Lind,\u{202E}x,,\n\
         Dov,Marsh,,\"1 Main St\r\nApt 2\u{1b}[2J\",\n\
         Eve,Stone,,,\u{9b}555\n\
         Fay,{}\u{7},,,\n",
        "z".repeat(100_000)
    )
    .expect("written");
    drop(file);
    let path = path.to_str().expect("path").to_string();
    for dry_run in [false, true] {
        let mut args = vec!["import", "clients", path.as_str()];
        if dry_run {
            args.push("--dry-run");
        }
        let before = env.snapshot();
        let (code, stderr) = env.fails(&args);
        assert_eq!((code, env.snapshot()), (1, before), "refused, nothing written: {stderr}");
        assert!(stderr.contains("error: Nothing was imported") && stderr.contains("\nhint: "), "{stderr}");
        assert_inert("the import refusal", &stderr);
        for expect in [
            "line 2, column A (given_name): the given name contains a control character (ESC)",
            "line 3, column B (family_name): the family name contains a control character (NUL)",
            "line 4, column C (preferred_name): the preferred name contains a bidirectional control (U+202E)",
            "line 5, column D (address): the address contains a control character (ESC)",
            "line 7, column E (phone): the phone contains a control character (CSI)",
            "line 8, column B (family_name): the family name contains a control character (BEL)",
        ] {
            assert!(stderr.contains(expect), "missing {expect:?}: {stderr}");
        }
    }
}

/// The legacy client's address: a NUL too where the database can hold one (a
/// SQLite file; a PostgreSQL server refuses NUL in any text).
fn legacy_address() -> String {
    let nul = if common::on_postgres() { "" } else { "\0" };
    format!("1 Main St\r\nApt 2\u{9b}2J{nul}")
}

/// A client and a note whose text was written before these checks existed
/// (or by another program): straight into the database.
fn legacy_rows(env: &Env) -> i64 {
    let id = env.add_client("Ada", "Quill", Risk::High);
    env.ok(&["note", "add", &id.to_string(), "--at", "2026-11-20 10:00", "--minutes", "25", "--body", "ok"]);
    env.ok(&["followup", "add", &id.to_string(), "--due", "2026-11-20", "--title", "Call back"]);
    let store = env.store();
    let conn = store.conn();
    conn.execute(
        "UPDATE client SET given_name = ?1, family_name = ?2, preferred_name = ?3, address = ?4, phone = ?5
         WHERE id = ?6",
        rusqlite::params![OSC_TITLE, format!("Quill{CSI_RED}"), "\u{202E}evil", legacy_address(), "555\u{7}", id],
    )
    .expect("legacy client");
    conn.execute("UPDATE followup SET title = ?1 WHERE client_id = ?2", rusqlite::params![OSC_TITLE, id])
        .expect("legacy follow-up");
    conn.execute(
        "INSERT INTO note (client_id, author, contact_at, contact_type, direction, outcome, minutes, body, created_at)
         VALUES (?1, 'casey', '2026-11-21T16:00:00Z', 'phone', 'outbound', 'reached', 10, ?2, '2026-11-21T16:00:00Z')",
        rusqlite::params![id, format!("Legacy {OSC_TITLE} note\r\nwith \u{202E}bidi\tand\u{9b}31m c1")],
    )
    .expect("legacy note");
    id
}

#[test]
fn text_stored_before_the_checks_is_shown_inert_by_every_command() {
    let env = Env::new();
    let id = legacy_rows(&env).to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["client", "show", &id],
        vec!["client", "list"],
        vec!["client", "list", "--format", "csv"],
        vec!["client", "summary", &id],
        vec!["note", "list", &id],
        vec!["search", "Legacy"],
        vec!["alerts"],
        vec!["followup", "list"],
        vec!["report", "monthly", "--month", "2026-11"],
        vec!["report", "monthly", "--month", "2026-11", "--format", "md"],
        vec!["report", "monthly", "--month", "2026-11", "--format", "json"],
        vec![],
    ];
    for args in &commands {
        let (stdout, stderr) = stdout_and_stderr(&env, args);
        assert_inert(&format!("caseload {args:?}"), &stdout);
        assert_inert(&format!("caseload {args:?} (stderr)"), &stderr);
    }
    // Tables keep one record per line: the address's line break is folded.
    let show = env.ok(&["client", "show", &id]);
    let address = show.lines().find(|l| l.starts_with("address")).expect("address line");
    assert!(address.contains("1 Main St Apt 2"), "{show}");

    // JSON stays the data, every unsafe character a \u escape.
    let (raw, _) = stdout_and_stderr(&env, &["client", "show", &id, "--format", "json"]);
    assert_inert("client show --format json", &raw);
    let json: serde_json::Value = serde_json::from_str(&raw).expect("valid JSON");
    assert_eq!(json["given_name"], OSC_TITLE);
    assert_eq!(json["preferred_name"], "\u{202E}evil");
    assert_eq!(json["address"], legacy_address());
}

/// Every Markdown event of a document, parsed with every extension on but
/// smart punctuation (typography, not markup: it would turn "---" into a dash).
fn events(markdown: &str) -> Vec<Event<'_>> {
    Parser::new_ext(markdown, MdOptions::all() - MdOptions::ENABLE_SMART_PUNCTUATION).collect()
}

/// Text and the constructs that must come from us only.
fn check_markdown(markdown: &str, headings: &[&str]) -> String {
    let mut text = String::new();
    let mut heading: Option<String> = None;
    let mut found_headings = Vec::new();
    for event in events(markdown) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => panic!("raw HTML {html:?} in:\n{markdown}"),
            Event::Start(Tag::Heading { level, .. }) => {
                assert!(level <= HeadingLevel::H2, "{level:?}");
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => found_headings.push(heading.take().expect("open heading")),
            Event::Start(
                tag @ (Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::CodeBlock(_)
                | Tag::HtmlBlock
                | Tag::Emphasis
                | Tag::Strikethrough
                | Tag::FootnoteDefinition(_)
                | Tag::Superscript
                | Tag::Subscript
                | Tag::DefinitionList),
            ) => panic!("{tag:?} that was not ours in:\n{markdown}"),
            Event::Code(code) | Event::InlineMath(code) | Event::DisplayMath(code) => {
                panic!("code or math {code:?} that was not ours in:\n{markdown}")
            }
            Event::FootnoteReference(_) | Event::TaskListMarker(_) => panic!("{markdown}"),
            Event::Text(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            _ => {}
        }
    }
    let found: Vec<&str> = found_headings.iter().map(String::as_str).collect();
    assert_eq!(found.len(), headings.len(), "headings {found:?}");
    for (found, wanted) in found.iter().zip(headings) {
        assert!(found.starts_with(wanted), "heading {found:?}, expected {wanted:?}");
    }
    text
}

const HOSTILE_BODY: &str = "<script>alert(1)</script>\n# heading\n```\ncode\n```\n    indented code\n- item\n1. one\n\
     | a | b |\n|---|---|\n[ref]: http://evil.example\n![img](x.png) <http://evil.example> www.evil.example \
     **bold** _em_ ~~del~~ $x$ `tick` [^1] &amp; ---\n===\n> quote";

#[test]
fn markdown_outputs_render_hostile_text_as_typed() {
    let env = Env::new();
    let id = env.ok(&[
        "client",
        "add",
        "--given-name",
        "O*Brien_<b>x</b>",
        "--family-name",
        "# Smith #",
        "--preferred-name",
        "[link](http://evil.example)",
        "--address",
        "<img src=x onerror=alert(1)> 1. Main",
        "--program",
        "ccm",
    ]);
    let id = id.trim();
    env.ok(&["note", "add", id, "--at", "2026-11-20 10:00", "--minutes", "25", "--body", HOSTILE_BODY]);
    env.ok(&["plan", "problem", id, "--add=- [ ] *not* a task"]);

    let summary = env.ok(&["client", "summary", id]);
    let headings = [
        "Handoff: ",
        "Identity",
        "Contacts and care team",
        "Active problems and goals",
        "Open follow-ups",
        "Next appointments",
        "Open referrals",
        "Current alerts",
        "Recent notes",
    ];
    let text = check_markdown(&summary, &headings);
    for typed in [
        "# Smith #, O*Brien_<b>x</b> ([link](http://evil.example))",
        "<img src=x onerror=alert(1)> 1. Main",
        "- [ ] *not* a task",
        "<script>alert(1)</script>\n# heading\n```\ncode\n```\nindented code\n- item\n1. one\n| a | b |\n|---|---|",
        "![img](x.png) <http://evil.example> www.evil.example **bold** _em_ ~~del~~ $x$ `tick` [^1] &amp; ---\n===\n> quote",
    ] {
        assert!(text.contains(typed), "{typed:?} not rendered as typed:\n{text}\n---\n{summary}");
    }

    let report = env.ok(&["report", "monthly", "--month", "2026-11", "--format", "md"]);
    let text = check_markdown(&report, &["Monthly report 2026-11"]);
    assert!(text.contains("# Smith #, O*Brien_<b>x</b> ([link](http://evil.example)) #1"), "{text}\n---\n{report}");
    let rows = events(&report).iter().filter(|e| matches!(e, Event::Start(Tag::TableRow))).count();
    assert_eq!(rows, 2, "one client and the totals:\n{report}");

    let billing = env.ok(&["report", "billing", "--month", "2026-11", "--format", "md"]);
    let text = check_markdown(&billing, &["Billing report 2026-11 — casey", "Totals"]);
    assert!(text.contains("# Smith #, O*Brien_<b>x</b> ([link](http://evil.example)) #1"), "{text}\n---\n{billing}");
}

/// Every cell of the last frame: nothing a terminal would act on.
fn assert_frame_inert(ui: &mut Ui, what: &str) -> String {
    let screen = ui.screen();
    let buffer = ui.terminal.backend().buffer();
    for cell in &buffer.content {
        assert!(!cell.symbol().chars().any(is_unsafe), "{what}: cell {:?} on\n{screen}", cell.symbol());
    }
    screen
}

#[test]
fn the_interface_draws_stored_hostile_text_inert() {
    let env = Env::new();
    legacy_rows(&env);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    let main = assert_frame_inert(&mut ui, "main screen");
    assert!(main.contains("[31mRED"), "the name is shown, defused: {main}");
    ui.press(KeyCode::Enter);
    assert_frame_inert(&mut ui, "client overview");
    ui.press(KeyCode::Tab);
    let notes = assert_frame_inert(&mut ui, "notes tab");
    assert!(notes.contains("Legacy"), "{notes}");
    for _ in 0..3 {
        ui.press(KeyCode::Tab);
        assert_frame_inert(&mut ui, "client tab");
    }
}

#[test]
fn interface_forms_refuse_hostile_text() {
    let env = Env::new();
    env.add_client("Ada", "Quill", Risk::High);
    let mut ui = Ui::open(&env, 80, 24, Options::default());
    // After opening: the main screen's load writes its own view row.
    let before = env.snapshot();
    // Typed: an escape sequence key by key (a terminal would not send these
    // as characters, but a remote keyboard or a macro might).
    ui.press(KeyCode::Char('a'));
    ui.type_text(CSI_RED);
    ui.press(KeyCode::Tab);
    ui.type_text("Reyes");
    ui.ctrl('s');
    let error = ui.model().form().and_then(|form| form.error.as_ref()).expect("refused in the form");
    assert_eq!(error.message, "The given name contains a control character (ESC)");
    assert_frame_inert(&mut ui, "the form with its error");
    // Something was typed: Esc asks, y throws it away.
    ui.press(KeyCode::Esc);
    ui.press(KeyCode::Char('y'));

    // Pasted: a bidirectional override survives the paste's folding of
    // controls and is refused at save.
    ui.press(KeyCode::Char('a'));
    ui.paste("Ada\u{202E}lave");
    ui.press(KeyCode::Tab);
    ui.type_text("Reyes");
    ui.ctrl('s');
    let error = ui.model().form().and_then(|form| form.error.as_ref()).expect("refused in the form");
    assert_eq!(error.message, "The given name contains a bidirectional control (U+202E)");
    assert_frame_inert(&mut ui, "the form with a pasted override");
    assert_eq!(env.snapshot(), before, "a refused form wrote something");
}
