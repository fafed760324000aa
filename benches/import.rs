//! `import clients` of a synthetic file (SPEC §7: 1,000,000 rows within 20 s
//! and 512 MB) while eight colleagues add notes in a loop (SPEC §6: none
//! refused). Whole processes, measured with GNU time:
//!
//!     cargo bench --bench import                       # 1,000,000 rows
//!     CASELOAD_IMPORT_ROWS=50000 cargo bench --bench import
//!
//! The file is generated once into the bench directory (never committed).

mod support;
#[path = "../tests/common/synthetic.rs"]
mod synthetic;

use std::process::{Command, Output};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

const WRITERS: usize = 8;

fn main() {
    let rows: usize = std::env::var("CASELOAD_IMPORT_ROWS").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000);
    let dir = support::bench_dir();
    std::fs::create_dir_all(&dir).expect("bench dir");
    let csv = dir.join(format!("clients-{rows}.csv"));
    if !csv.exists() {
        let partial = dir.join(format!("clients-{rows}.partial.csv"));
        synthetic::clients_csv(rows, std::fs::File::create(&partial).expect("csv")).expect("csv written");
        std::fs::rename(&partial, &csv).expect("csv in place");
    }
    let scratch = tempfile::tempdir().expect("scratch dir");
    let db = scratch.path().join("import.db");
    let client = stdout(support::command(&db).args(["client", "add", "--given-name", "Ada", "--family-name", "Quill"]));
    let client = client.trim().to_string();

    let done = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..WRITERS)
        .map(|n| {
            let (db, client, done) = (db.clone(), client.clone(), Arc::clone(&done));
            std::thread::spawn(move || {
                let (mut saved, mut refused, mut waited) = (0, 0, 0);
                let mut round = 0;
                while !done.load(Ordering::SeqCst) {
                    let body = format!("Writer {n} round {round}: called during the import.");
                    let output = run(support::command(&db).args(["note", "add", &client, "--body", &body]));
                    if output.status.success() {
                        saved += 1
                    } else {
                        refused += 1
                    }
                    waited += usize::from(String::from_utf8_lossy(&output.stderr).contains("waiting for an import"));
                    round += 1;
                }
                (saved, refused, waited)
            })
        })
        .collect();
    let started = Instant::now();
    let mut import = Command::new("/usr/bin/time");
    import.arg("-v").arg(support::command(&db).get_program()).args(support::command(&db).get_args());
    import.envs(support::command(&db).get_envs().filter_map(|(k, v)| v.map(|v| (k, v))));
    import.args(["import", "clients"]).arg(&csv);
    let output = run(&mut import);
    let elapsed = started.elapsed();
    done.store(true, Ordering::SeqCst);
    let counts: Vec<(usize, usize, usize)> = writers.into_iter().map(|w| w.join().expect("writer")).collect();
    let report = String::from_utf8_lossy(&output.stderr);
    let field = |name: &str| report.lines().find_map(|l| l.trim().strip_prefix(name)).unwrap_or("?").trim().to_string();
    let notes = stdout(support::command(&db).args(["note", "list", &client, "--format", "csv"])).lines().count() - 1;
    println!("import clients, {rows} rows: {}", String::from_utf8_lossy(&output.stdout).trim());
    println!(
        "  wall {:.1} s (GNU time {}), user {} s, system {} s, peak RSS {:.0} MB",
        elapsed.as_secs_f64(),
        field("Elapsed (wall clock) time (h:mm:ss or m:ss):"),
        field("User time (seconds):"),
        field("System time (seconds):"),
        field("Maximum resident set size (kbytes):").parse::<f64>().unwrap_or(0.0) / 1024.0
    );
    let sum = |pick: fn(&(usize, usize, usize)) -> usize| counts.iter().map(pick).sum::<usize>();
    println!(
        "  {WRITERS} writers meanwhile: {} notes acknowledged, {} refused, {} told they waited; {notes} notes stored",
        sum(|c| c.0),
        sum(|c| c.1),
        sum(|c| c.2)
    );
}

fn run(command: &mut Command) -> Output {
    command.output().expect("caseload runs")
}

fn stdout(command: &mut Command) -> String {
    let output = run(command);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}
