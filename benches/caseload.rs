//! The in-process benchmark suite (issue #7, SPEC §7) over the demo data at
//! 1k, 10k and 100k clients: `cargo bench --bench caseload`.
//! `CASELOAD_BENCH_SIZES=10000 cargo bench --bench caseload -- key/` narrows it.
//! Whole-process figures (startup, peak memory) come from `benches/measure.sh`.

mod support;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use caseload::clock::Clock;
use caseload::config::Config;
use caseload::context::Ctx;
use caseload::domain::alerts::{self, AlertRules, Computed, compute};
use caseload::domain::filter::{Candidate, Query};
use caseload::domain::note::{ContactType, Direction, Note, Outcome};
use caseload::domain::quality::{self, Counting, Period};
use caseload::domain::time::{Now, Zone};
use caseload::domain::triage::{self, triage};
use caseload::files::Sharing;
use caseload::store::appointments::AppointmentFilter;
use caseload::store::facts::Scope;
use caseload::store::{OpenOptions, Store};
use caseload::tui::model::Whose;
use caseload::tui::msg::Msg;
use caseload::tui::runtime::Runtime;
use caseload::tui::{self, Options};
use criterion::{BenchmarkGroup, BenchmarkId, Criterion, criterion_group, measurement::WallTime};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A word that occurs in many demo notes: the search reads the whole index.
const SEARCH_WORD: &str = "pharmacy";

/// Local days and clock times are Chicago's, as in the demo data and the tests.
fn zone() -> Zone {
    Zone::named(support::TZ).expect("a known zone")
}

fn now() -> Now {
    Now::new(caseload::clock::parse_now(support::NOW, zone()).expect("a fixed clock"), zone())
}

fn open(db: &Path) -> Store {
    let options = OpenOptions {
        user: support::USER.into(),
        os_user: support::USER.into(),
        now: now().instant,
        sharing: Sharing::Private,
        busy_timeout: Duration::from_secs(5),
    };
    Store::open(db, &options).expect("demo database opens")
}

fn ctx(db: &Path, config_dir: &Path) -> Ctx {
    Ctx {
        config: Config::default(),
        config_path: config_dir.join("config.toml"),
        db_path: db.to_path_buf(),
        user: support::USER.into(),
        clock: Clock::Fixed(now().instant),
        now: now(),
        unreadable: Default::default(),
        redact: false,
    }
}

/// The interface as `caseload` opens it, drawing into a 120x40 off-screen terminal.
struct Ui {
    runtime: Runtime,
    terminal: Terminal<TestBackend>,
}

impl Ui {
    fn open(ctx: &Ctx, team: bool) -> Ui {
        let whose = if team { Whose::Team } else { Whose::Mine };
        let runtime = tui::prepare_showing(ctx, Options::default(), whose).expect("prepares");
        let terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
        Ui { runtime, terminal }
    }

    fn draw(&mut self) {
        self.runtime.draw(&mut self.terminal).expect("draws");
    }

    /// One key handled and the frame drawn: what a keystroke costs.
    fn key(&mut self, code: KeyCode) {
        self.runtime.dispatch(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.draw();
    }
}

fn group<'a>(c: &'a mut Criterion, name: &str) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    group
}

fn store_benches(c: &mut Criterion) {
    let rules = AlertRules::default();
    let mine = Scope { coordinator: Some(support::USER.into()), client_id: None };
    let team = Scope::default();
    let mut g = group(c, "store");
    for n in support::sizes() {
        let db = support::demo_db(n);
        g.bench_with_input(BenchmarkId::new("open", n), &db, |b, db| b.iter(|| black_box(open(db))));
        let store = open(&db);
        for (name, scope) in [("alerts_mine", &mine), ("alerts_team", &team)] {
            g.bench_with_input(BenchmarkId::new(name, n), scope, |b, scope| {
                b.iter(|| compute(now(), store.alert_facts(scope, now(), &rules).expect("facts"), &rules, &[]))
            });
        }
        let Computed { alerts, clients } =
            compute(now(), store.alert_facts(&team, now(), &rules).expect("facts"), &rules, &[]);
        g.bench_with_input(BenchmarkId::new("triage_team", n), &n, |b, _| {
            b.iter(|| triage(black_box(&clients), black_box(&alerts), zone()))
        });
        // The quality screen's counting (issue #17): this month, the team's.
        let period = Period::month_to_date(now().today());
        g.bench_with_input(BenchmarkId::new("quality_records_team", n), &period, |b, period| {
            b.iter(|| store.quality_records(None, period, zone()).expect("quality records"))
        });
        let records = store.quality_records(None, &period, zone()).expect("quality records");
        let counting = Counting { period, today: now().today(), zone: zone(), holidays: &[] };
        g.bench_with_input(BenchmarkId::new("quality_measures_team", n), &records, |b, records| {
            b.iter(|| quality::measures(&counting, black_box(records)))
        });
        let (from, until) = zone().local_day_bounds(now().today());
        let agenda = AppointmentFilter {
            coordinator: Some(support::USER.into()),
            from: Some(from),
            until: Some(until),
            hide_cancelled: true,
            ..AppointmentFilter::default()
        };
        g.bench_with_input(BenchmarkId::new("agenda_today", n), &agenda, |b, filter| {
            b.iter(|| store.appointments(filter).expect("agenda"))
        });
        g.bench_with_input(BenchmarkId::new("search_all_notes", n), &n, |b, _| {
            b.iter(|| store.search(SEARCH_WORD, None, 50).expect("search"))
        });
        let dir = tempfile::tempdir().expect("temp dir");
        let scratch_db = support::scratch_copy(&db, dir.path());
        let mut scratch = open(&scratch_db);
        let client_id = store.resolve_client("1").expect("client 1").id;
        g.bench_with_input(BenchmarkId::new("note_add", n), &n, |b, _| {
            b.iter(|| scratch.add_note(note(client_id)).expect("note saved"))
        });
        reload_bench(&mut g, &open(&scratch_db), &mut scratch, client_id, n);
    }
    g.finish();
}

/// A colleague saves a note (not timed); the team view's store and domain
/// work to show it (SPEC §7: within 100 ms at 100k): which clients changed,
/// their facts, alerts and rows, merged into the team's.
fn reload_bench(g: &mut BenchmarkGroup<'_, WallTime>, viewer: &Store, colleague: &mut Store, client_id: i64, n: usize) {
    let (rules, team) = (AlertRules::default(), Scope::default());
    let Computed { mut alerts, clients } =
        compute(now(), viewer.alert_facts(&team, now(), &rules).expect("facts"), &rules, &[]);
    let mut rows = triage(&clients, &alerts, zone());
    drop(clients);
    let mut seen = viewer.last_change_id().expect("change id");
    g.bench_function(BenchmarkId::new("reload_after_colleague_note_team", n), |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                colleague.add_note(note(client_id)).expect("note saved");
                let start = Instant::now();
                let changes = viewer.changes_since(seen).expect("changes");
                let changed = changes.clients.expect("one client's note");
                let ids: Vec<i64> = changed.iter().copied().collect();
                let facts = viewer.alert_facts_of(&team, &ids, now(), &rules).expect("facts");
                let Computed { alerts: fresh, clients } = compute(now(), facts, &rules, &[]);
                triage::replace_clients(&mut rows, &changed, triage(&clients, &fresh, zone()));
                alerts::replace_clients(&mut alerts, &changed, fresh);
                seen = changes.last_change_id;
                total += start.elapsed();
            }
            black_box(&rows);
            total
        })
    });
}

fn note(client_id: i64) -> Note {
    Note {
        id: 0,
        client_id,
        author: String::new(),
        contact_at: now().instant,
        contact_type: ContactType::Phone,
        direction: Direction::Outbound,
        outcome: Outcome::Reached,
        minutes: 12,
        body: "Called about the refill; pharmacy has it ready for pickup tomorrow.".into(),
        program: None,
        addendum_of: None,
        created_at: now().instant,
    }
}

fn screen_benches(c: &mut Criterion) {
    let mut g = group(c, "screen");
    for n in support::sizes() {
        let dir = tempfile::tempdir().expect("temp dir");
        // Opening a client writes a view audit row: the interface works on a copy.
        let db = support::scratch_copy(&support::demo_db(n), dir.path());
        let ctx = ctx(&db, dir.path());
        for (name, team) in [("first_frame_mine", false), ("first_frame_team", true)] {
            g.bench_with_input(BenchmarkId::new(name, n), &team, |b, &team| {
                b.iter(|| {
                    let mut ui = Ui::open(&ctx, team);
                    ui.draw();
                    ui
                })
            });
        }
        let mut ui = Ui::open(&ctx, true);
        ui.draw();
        g.bench_with_input(BenchmarkId::new("draw_team", n), &n, |b, _| b.iter(|| ui.draw()));
        key_benches(&mut g, &mut ui, n);
    }
    g.finish();
}

/// Keys on the team view: a move, opening a client, the quality screen, a filter character.
fn key_benches(g: &mut BenchmarkGroup<'_, WallTime>, ui: &mut Ui, n: usize) {
    timed_key(g, ui, BenchmarkId::new("key_move_team", n), KeyCode::Char('j'), KeyCode::Char('k'));
    timed_key(g, ui, BenchmarkId::new("key_open_client_team", n), KeyCode::Enter, KeyCode::Esc);
    timed_key(g, ui, BenchmarkId::new("key_quality_team", n), KeyCode::Char('Q'), KeyCode::Esc);
    ui.key(KeyCode::Char('/'));
    timed_key(g, ui, BenchmarkId::new("key_filter_char_team", n), KeyCode::Char('a'), KeyCode::Backspace);
    ui.key(KeyCode::Esc);
}

/// Times one key alone (handled and drawn); the key that undoes it is not timed.
fn timed_key(g: &mut BenchmarkGroup<'_, WallTime>, ui: &mut Ui, id: BenchmarkId, key: KeyCode, undo: KeyCode) {
    g.bench_function(id, |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                let start = Instant::now();
                ui.key(key);
                total += start.elapsed();
                ui.key(undo);
            }
            total
        })
    });
}

/// The list filter over 100,000 client rows, as one keystroke runs it (the
/// query prepared once, every row tested): target 5 ms in all (SPEC §7).
fn filter_benches(c: &mut Criterion) {
    const FAMILY: [&str; 8] = ["Szabo", "Núñez-García", "O'Brien", "Nakamura", "Quill", "Okafor", "Lindqvist", "Stone"];
    const GIVEN: [&str; 6] = ["Bea", "Rahel", "Ana María", "Pedro", "Ada", "Imani"];
    let rows: Vec<Candidate> = (0..100_000)
        .map(|i: usize| {
            let family = format!("{}{}", FAMILY[i % FAMILY.len()], if i % 3 == 0 { "" } else { "son" });
            let mrn = format!("D{i:07}");
            let phone = format!("555-{:04}", i % 10_000);
            Candidate::new(&family, GIVEN[(i / 8) % GIVEN.len()], Some(&mrn), Some(&phone))
        })
        .collect();
    let mut g = group(c, "filter");
    for typed in ["s", "szabo, b", "nakamura pedro", "szbo", "0012", "xq"] {
        g.bench_with_input(BenchmarkId::new("rows_100000", typed), &typed, |b, typed| {
            b.iter(|| {
                let query = Query::new(typed);
                rows.iter().filter(|row| query.matches(row)).count()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, store_benches, screen_benches, filter_benches);

fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
}
