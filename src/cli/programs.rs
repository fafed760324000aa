//! `caseload program`: enrollments in care-management programs (SPEC §8):
//! enroll, record consent, end, list.

use anyhow::Result;

use super::Ctx;
use super::errors::hinted;
use super::listing::{Scope, print_changed};
use super::output::{Column, Format, or_blank, print_created, print_list};
use crate::domain::program::{ConsentMethod, Enrollment, Program};

#[derive(Debug, clap::Subcommand)]
pub enum ProgramCommand {
    /// Enroll a client in a program; prints the new enrollment's id.
    Enroll {
        /// The client's id or MRN.
        client: String,
        #[arg(help = format!("The program: {}", Program::words()))]
        program: String,
        /// Who bills the program's codes.
        #[arg(long, value_name = "NAME")]
        practitioner: Option<String>,
        /// The first day in the program (default today).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        from: Option<String>,
        /// When the client consented (with --consent-method).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true, requires = "consent_method")]
        consent_on: Option<String>,
        #[arg(long, value_name = "METHOD", requires = "consent_on",
              help = format!("How consent was documented: {}", ConsentMethod::words()))]
        consent_method: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Record the client's documented consent to a program they are enrolled in.
    Consent {
        client: String,
        program: String,
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        #[arg(long, help = format!("How consent was documented: {}", ConsentMethod::words()))]
        method: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// End a client's enrollment in a program (its last day).
    End {
        client: String,
        program: String,
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: String,
        #[arg(long, value_name = "TEXT")]
        reason: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// One client's enrollments, or those of your caseload.
    List {
        /// The client's id or MRN (default: every client of your caseload).
        client: Option<String>,
        #[command(flatten)]
        scope: Scope,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

pub fn run(ctx: &Ctx, command: ProgramCommand) -> Result<()> {
    match command {
        ProgramCommand::Enroll { client, program, practitioner, from, consent_on, consent_method, format } => {
            let program: Program = program.parse()?;
            let started_on = from.as_deref().map(|d| ctx.date("from", d)).transpose()?.unwrap_or(ctx.today());
            let consent_on = consent_on.as_deref().map(|d| ctx.date("consent_on", d)).transpose()?;
            let consent_method = consent_method.as_deref().map(str::parse).transpose()?;
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let enrollment = Enrollment {
                practitioner,
                consent_on,
                consent_method,
                ..Enrollment::new(client.id, program, started_on)
            };
            let id = store.enroll(enrollment, ctx.today())?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(format, id, || store.enrollment(id).map(|record| redactor.applied(record)))
        }
        ProgramCommand::Consent { client, program, on, method, format } => {
            let program: Program = program.parse()?;
            let on = ctx.date("on", &on)?;
            let method: ConsentMethod = method.parse()?;
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let id = store.record_consent(client.id, program, on, method, ctx.today())?;
            let record = super::redact::of(ctx, [&client]).applied(store.enrollment(id)?);
            let message = format!("Consent to {} recorded ({method}, {on}).", program.label());
            print_changed(format, &message, &record)
        }
        ProgramCommand::End { client, program, on, reason, format } => {
            let program: Program = program.parse()?;
            let on = ctx.date("on", &on)?;
            let mut store = ctx.open_store()?;
            let client = store.resolve_client(&client)?;
            let id = store.end_enrollment(client.id, program, on, &reason, ctx.today())?;
            let record = super::redact::of(ctx, [&client]).applied(store.enrollment(id)?);
            print_changed(format, &format!("The {} enrollment ends on {on}.", program.label()), &record)
        }
        ProgramCommand::List { client, scope, format } => list(ctx, client.as_deref(), &scope, format),
    }
}

fn list(ctx: &Ctx, client: Option<&str>, scope: &Scope, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let (mut rows, client_id, what) = match client {
        Some(_) if scope.all_coordinators => {
            return Err(hinted("give a CLIENT or --all-coordinators, not both", "leave one of them out"));
        }
        Some(key) => {
            let client = store.resolve_client(key)?;
            (store.enrollments(client.id)?, Some(client.id), "program list".to_string())
        }
        None => {
            let coordinator = scope.coordinator(ctx);
            let rows = store.caseload_enrollments(coordinator.as_deref())?;
            (rows, None, format!("program list {}", super::audit::whose(coordinator.as_deref())))
        }
    };
    super::redact::of_ids(ctx, &store, rows.iter().map(|e| e.client_id))?.apply(&mut rows);
    super::audit::list_viewed(&mut store, "enrollment", client_id, &what, rows.len())?;
    let columns = [
        Column::new("ID", 6, |e: &Enrollment| e.id.to_string()),
        Column::new("CLIENT", 7, |e| e.client_id.to_string()),
        Column::new("PROGRAM", 7, |e| e.program.label().to_string()),
        Column::new("PRACTITIONER", 16, |e| or_blank(&e.practitioner)),
        Column::new("CONSENT", 10, |e| or_blank(&e.consent_on)),
        Column::new("METHOD", 10, |e| or_blank(&e.consent_method)),
        Column::new("STARTED", 10, |e| e.started_on.to_string()),
        Column::new("ENDED", 10, |e| or_blank(&e.ended_on)),
    ];
    print_list(format, &rows, &columns, "No enrollments.")
}
