//! `caseload check`: integrity, schema version and file permissions.
//! Prints what it checked; exits 1 when anything is wrong.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::Result;

use super::{Ctx, errors::hinted, output::emit};
use crate::files;
use crate::store::LATEST_VERSION;

pub fn run(ctx: &Ctx) -> Result<()> {
    if !ctx.db_path.exists() {
        return Err(hinted(
            format!("there is no database at {}", ctx.db_path.display()),
            "run `caseload init` to create one, or give --db",
        ));
    }
    let sharing = ctx.config.sharing();
    let mut problems = Vec::new();
    let mut report = format!("database     {}\n", ctx.db_path.display());
    // Permissions first: a readable file is a problem even if it opens.
    for path in [ctx.db_path.clone(), suffixed(&ctx.db_path, "-wal"), suffixed(&ctx.db_path, "-shm")] {
        if !path.exists() {
            continue;
        }
        let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
        match files::check_private(&path, &sharing) {
            Ok(()) => report.push_str(&format!("permissions  {:o} {}\n", mode, file_name(&path))),
            Err(error) => problems.push(format!("{error} ({})", error.hint())),
        }
    }
    if problems.is_empty() {
        let store = ctx.open_store()?;
        report.push_str(&format!(
            "schema       version {} (this caseload knows {LATEST_VERSION})\n",
            store.schema_version()?
        ));
        let integrity = store.integrity_check()?;
        if integrity == ["ok"] {
            report.push_str("integrity    ok\n");
        } else {
            problems.extend(integrity.into_iter().map(|line| format!("integrity: {line}")));
        }
        audit_trail(&store, &mut report, &mut problems);
        let counts = store.table_counts()?;
        let summary: Vec<String> = counts.iter().take(8).map(|(table, n)| format!("{n} {table}")).collect();
        report.push_str(&format!("records      {}\n", summary.join(", ")));
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
        format!("caseload check found {} problem(s)", problems.len()),
        "fix each PROBLEM line above, then run `caseload check` again",
    ))
}

/// The audit trail's hash chain (SPEC §6) and its append-only triggers. A
/// trail that cannot be read is a problem to report, not a reason to stop.
fn audit_trail(store: &crate::store::Store, report: &mut String, problems: &mut Vec<String>) {
    match store.check_audit_trail() {
        Ok(check) => {
            if let Some(id) = check.first_broken {
                problems.push(format!(
                    "audit trail: row {id} does not match its hash (changed, removed or inserted outside caseload)"
                ));
            } else {
                report.push_str(&format!("audit trail  {} rows, hash chain intact\n", check.rows));
            }
            if !check.append_only {
                problems.push(
                    "audit trail: the triggers that keep it append-only are missing (dropped outside caseload)".into(),
                );
            }
        }
        Err(error) => problems.push(format!("audit trail: could not be read: {error}")),
    }
}

fn suffixed(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    name.into()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
