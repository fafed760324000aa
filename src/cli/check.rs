//! `caseload check`: integrity, schema version and file permissions (on a
//! PostgreSQL server: the connection, the schema version, the audit chain and
//! its server-enforced append-only rule, every row readable).
//! Prints what it checked; exits 1 when anything is wrong. It never fails
//! with SQLite's own words: a damaged, unreadable or newer database is one
//! more PROBLEM line.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::Result;

use super::{Ctx, errors::hinted, output::emit};
use crate::domain::wording::counted;
use crate::files::{self, Sharing};
use crate::store::db::Dialect;
use crate::store::{LATEST_VERSION, Store, StoreError, server_url};

pub fn run(ctx: &Ctx) -> Result<()> {
    let sharing = ctx.config.sharing();
    let mut problems = Vec::new();
    let mut report = format!("database     {}\n", ctx.database_shown());
    if let Some(store) = open_checked(ctx, &sharing, &mut report, &mut problems)? {
        let counts = store.table_counts();
        match counts {
            Ok(counts) => {
                let summary: Vec<String> = counts.iter().take(8).map(|(table, n)| format!("{n} {table}")).collect();
                report.push_str(&format!("records      {}\n", summary.join(", ")));
            }
            Err(error) => problems.push(problem(&error)),
        }
        every_row_readable(&store, &mut report, &mut problems);
        audit_trail(&store, &mut report, &mut problems);
    }
    if ctx.config_path.exists() {
        match files::check_private(&ctx.config_path, &sharing) {
            Ok(()) => report.push_str(&format!("config       {} (private)\n", ctx.config_path.display())),
            Err(error) => problems.push(format!("{error} ({})", error.hint())),
        }
    } else {
        report.push_str(&format!("config       {} (absent: defaults in use)\n", ctx.config_path.display()));
    }
    emit(&report)?;
    if problems.is_empty() {
        return emit("all checks passed\n");
    }
    for problem in &problems {
        emit(&format!("PROBLEM      {problem}\n"))?;
    }
    Err(hinted(
        format!("caseload check found {}", counted(problems.len(), "problem")),
        "fix each PROBLEM line above, then run `caseload check` again",
    ))
}

/// Each row this version cannot read is a PROBLEM naming its table, id and
/// column (never its contents).
fn every_row_readable(store: &Store, report: &mut String, problems: &mut Vec<String>) {
    match store.scan_unreadable() {
        Ok(unreadable) if unreadable.is_empty() => report.push_str("rows         every row readable\n"),
        Ok(unreadable) => {
            problems.extend(unreadable.into_iter().map(|row| format!("{row}; repair it or restore a backup")))
        }
        Err(error) => problems.push(problem(&error)),
    }
}

/// The database's files, then opening it, its schema version and SQLite's
/// integrity check. Whatever fails is a PROBLEM line; the store is returned
/// for further checks when it opened.
fn open_checked(
    ctx: &Ctx,
    sharing: &Sharing,
    report: &mut String,
    problems: &mut Vec<String>,
) -> Result<Option<Store>> {
    if server_url(&ctx.db_path).is_some() {
        return opened_and_versioned(ctx, report, problems);
    }
    if files::metadata(&ctx.db_path)?.is_none() {
        return Err(StoreError::Missing { path: ctx.db_path.display().to_string() }.into());
    }
    // Permissions first: a readable file is a problem even if it opens.
    let [wal, shm, _] = files::companions(&ctx.db_path);
    let database = files::check_database_file(&ctx.db_path, sharing, true).map(Some);
    for (path, checked) in [
        (ctx.db_path.clone(), database),
        (wal.clone(), files::check_companion(&wal, sharing)),
        (shm.clone(), files::check_companion(&shm, sharing)),
    ] {
        match checked {
            Ok(Some(metadata)) => report.push_str(&format!(
                "permissions  {:o} {}\n",
                metadata.permissions().mode() & 0o777,
                file_name(&path)
            )),
            Ok(None) => {}
            Err(error) => problems.push(format!("{error} ({})", error.hint())),
        }
    }
    if let Some(problem) = unwritable_directory(&ctx.db_path) {
        problems.push(problem);
    }
    if !problems.is_empty() {
        return Ok(None);
    }
    opened_and_versioned(ctx, report, problems)
}

/// Opening the database (a connection, for a server), its schema version and
/// the integrity check (SQLite's, or the server's answer). A database that is
/// not there (a server database caseload never set up) is the error a read
/// command gives, as a missing file is, not a PROBLEM line.
fn opened_and_versioned(ctx: &Ctx, report: &mut String, problems: &mut Vec<String>) -> Result<Option<Store>> {
    let store = match Store::open_existing(&ctx.db_path, &ctx.open_options()) {
        Ok(store) => store,
        Err(error @ StoreError::Missing { .. }) => return Err(error.into()),
        Err(error) => {
            problems.push(problem(&error));
            return Ok(None);
        }
    };
    if let Some(server) = store.server_version() {
        match server {
            Ok(version) => report.push_str(&format!("server       PostgreSQL {version}, connected\n")),
            Err(error) => problems.push(problem(&error)),
        }
    }
    match store.schema_version() {
        Ok(version) => {
            report.push_str(&format!("schema       version {version} (this caseload knows {LATEST_VERSION})\n"))
        }
        Err(error) => problems.push(problem(&error)),
    }
    match store.integrity_check() {
        Ok(lines) if lines == ["ok"] => report.push_str("integrity    ok\n"),
        Ok(lines) => {
            problems.extend(lines.into_iter().map(|line| format!("integrity: {line}")));
            problems.push(problem(&StoreError::Damaged));
        }
        Err(error) => problems.push(problem(&error)),
    }
    Ok(Some(store))
}

/// SQLite makes its `-wal` and `-shm` files beside the database, so the
/// directory must be writable too.
fn unwritable_directory(db: &Path) -> Option<String> {
    use nix::unistd::{AccessFlags, access};
    let dir = db.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    access(dir, AccessFlags::W_OK | AccessFlags::X_OK).err().map(|_| {
        format!(
            "the directory {} is not writable by you, so SQLite cannot make its -wal and -shm files there \
             (let its owner give you write access, or move the database)",
            dir.display()
        )
    })
}

fn problem(error: &StoreError) -> String {
    format!("{error} ({})", error.hint())
}

/// The audit trail's hash chain (SPEC §6) and its append-only triggers (on a
/// server, the server's refusal of changes, SPEC §11). A trail that cannot be
/// read is a problem to report, not a reason to stop.
fn audit_trail(store: &Store, report: &mut String, problems: &mut Vec<String>) {
    let on_server = store.conn().dialect() == Dialect::Postgres;
    match store.check_audit_trail() {
        Ok(check) => {
            if let Some(id) = check.first_broken {
                problems.push(format!(
                    "audit trail: row {id} does not match its hash (changed, removed or inserted outside caseload)"
                ));
            } else {
                report.push_str(&format!("audit trail  {} rows, hash chain intact\n", check.rows));
            }
            match (check.append_only, on_server) {
                (true, false) => {}
                (true, true) => report
                    .push_str("append-only  the server refuses changes to audit rows (its triggers are in place)\n"),
                (false, false) => problems.push(
                    "audit trail: the triggers that keep it append-only are missing (dropped outside caseload)".into(),
                ),
                (false, true) => problems.push(
                    "audit trail: the triggers that keep it append-only are missing or disabled \
                     (dropped or disabled outside caseload, by its table's owner or a superuser)"
                        .into(),
                ),
            }
        }
        Err(error) => problems.push(format!("audit trail: could not be read: {error}")),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
