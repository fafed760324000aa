//! `caseload plan`: a client's care plan — problems, goals with target dates,
//! interventions, and the date of the last review.
//!
//! Every subcommand names the client first; `--add` creates an item and
//! `--set ID` / `--resolve ID` change one of that client's items.

use anyhow::Result;

use super::Ctx;
use super::errors::hinted;
use super::listing::print_changed;
use super::output::{Column, Format, emit, or_blank, print_created, print_list, print_record};
use crate::domain::care_plan::{Goal, GoalStatus, Intervention, InterventionStatus, Problem, ProblemStatus};
use crate::domain::privacy::shown_name;
use crate::store::AuditAction;

#[derive(Debug, clap::Subcommand)]
pub enum PlanCommand {
    /// Show a client's care plan.
    Show {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Add a problem (--add TEXT) or resolve one (--resolve ID).
    Problem(ProblemArgs),
    /// Add a goal (--add TEXT) or change one (--set ID with --status and/or --target).
    Goal(GoalArgs),
    /// Add an intervention (--add TEXT) or change its status (--set ID --status S).
    Intervention(InterventionArgs),
    /// Record a care-plan review (today unless --on says otherwise).
    Review {
        /// The client's id or MRN.
        #[arg(value_name = "CLIENT")]
        client: String,
        /// When the review took place (today or earlier).
        #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
        on: Option<String>,
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("action").required(true).args(["add", "resolve"]))]
pub struct ProblemArgs {
    /// The client's id or MRN.
    #[arg(value_name = "CLIENT")]
    client: String,
    /// Add a problem with this description.
    #[arg(long, value_name = "TEXT")]
    add: Option<String>,
    /// Mark the problem with this id resolved.
    #[arg(long, value_name = "ID")]
    resolve: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("action").required(true).args(["add", "set"]))]
pub struct GoalArgs {
    /// The client's id or MRN.
    #[arg(value_name = "CLIENT")]
    client: String,
    /// Add a goal with this description.
    #[arg(long, value_name = "TEXT")]
    add: Option<String>,
    /// Change the goal with this id (give --status and/or --target).
    #[arg(long, value_name = "ID")]
    set: Option<i64>,
    /// Target date (today or later).
    #[arg(long, value_name = "DATE", allow_hyphen_values = true)]
    target: Option<String>,
    /// With --add: the problem (id) this goal addresses.
    #[arg(long, value_name = "ID", requires = "add")]
    problem: Option<i64>,
    #[arg(long, help = format!("Status: {} (new goals: active)", GoalStatus::words()))]
    status: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("action").required(true).args(["add", "set"]))]
pub struct InterventionArgs {
    /// The client's id or MRN.
    #[arg(value_name = "CLIENT")]
    client: String,
    /// Add an intervention with this description.
    #[arg(long, value_name = "TEXT")]
    add: Option<String>,
    /// Change the status of the intervention with this id (give --status).
    #[arg(long, value_name = "ID", requires = "status")]
    set: Option<i64>,
    /// With --add: who carries it out.
    #[arg(long, value_name = "NAME", requires = "add")]
    owner: Option<String>,
    /// With --add: the goal (id) it serves.
    #[arg(long, value_name = "ID", requires = "add")]
    goal: Option<i64>,
    #[arg(long, help = format!("Status: {} (new interventions: planned)", InterventionStatus::words()))]
    status: Option<String>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub fn run(ctx: &Ctx, command: PlanCommand) -> Result<()> {
    match command {
        PlanCommand::Show { client, format } => show(ctx, &client, format),
        PlanCommand::Problem(args) => problem(ctx, args),
        PlanCommand::Goal(args) => goal(ctx, args),
        PlanCommand::Intervention(args) => intervention(ctx, args),
        PlanCommand::Review { client, on, format } => {
            let on = match on {
                Some(text) => ctx.date("on", &text)?,
                None => ctx.today(),
            };
            let mut store = ctx.read_store()?;
            let client = store.resolve_client(&client)?;
            store.review_care_plan(client.id, on, ctx.today())?;
            let mut plan = store.care_plan(client.id)?;
            super::redact::of(ctx, [&client]).apply(&mut plan);
            print_changed(format, &format!("Care plan of client {} reviewed on {on}.", client.id), &plan)
        }
    }
}

fn show(ctx: &Ctx, client: &str, format: Format) -> Result<()> {
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(client)?;
    let mut plan = store.care_plan(client.id)?;
    let detail = format!(
        "care plan, {}, {}, {}",
        super::audit::counted(plan.problems.len(), "problem"),
        super::audit::counted(plan.goals.len(), "goal"),
        super::audit::counted(plan.interventions.len(), "intervention")
    );
    store.audit(AuditAction::View, "client", Some(client.id), &detail)?;
    super::redact::of(ctx, [&client]).apply(&mut plan);
    if format != Format::Table {
        return print_record(format, &plan);
    }
    let reviewed = match (&plan.last_reviewed_on, &plan.last_reviewed_by) {
        (Some(on), Some(by)) => format!("last reviewed {on} by {by}"),
        (Some(on), None) => format!("last reviewed {on}"),
        _ => "never reviewed".to_string(),
    };
    let name = shown_name(&client, ctx.redact);
    emit(&format!("Care plan of {name} (id {}), {reviewed}\n\nProblems\n", client.id))?;
    print_list(Format::Table, &plan.problems, &problem_columns(), "No problems yet.")?;
    emit("\nGoals\n")?;
    print_list(Format::Table, &plan.goals, &goal_columns(), "No goals yet.")?;
    emit("\nInterventions\n")?;
    print_list(Format::Table, &plan.interventions, &intervention_columns(), "No interventions yet.")
}

fn problem_columns() -> [Column<Problem>; 3] {
    [
        Column::new("ID", 6, |p| p.id.to_string()),
        Column::new("STATUS", 8, |p| p.status.to_string()),
        Column::new("DESCRIPTION", 60, |p| p.description.clone()),
    ]
}

fn goal_columns() -> [Column<Goal>; 5] {
    [
        Column::new("ID", 6, |g| g.id.to_string()),
        Column::new("STATUS", 12, |g| g.status.to_string()),
        Column::new("TARGET", 10, |g| or_blank(&g.target_on)),
        Column::new("PROBLEM", 7, |g| or_blank(&g.problem_id)),
        Column::new("DESCRIPTION", 37, |g| g.description.clone()),
    ]
}

fn intervention_columns() -> [Column<Intervention>; 5] {
    [
        Column::new("ID", 6, |i| i.id.to_string()),
        Column::new("STATUS", 11, |i| i.status.to_string()),
        Column::new("OWNER", 12, |i| or_blank(&i.owner)),
        Column::new("GOAL", 4, |i| or_blank(&i.goal_id)),
        Column::new("DESCRIPTION", 39, |i| i.description.clone()),
    ]
}

fn problem(ctx: &Ctx, args: ProblemArgs) -> Result<()> {
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(&args.client)?;
    match (args.add, args.resolve) {
        (Some(description), _) => {
            let problem = Problem {
                id: 0,
                client_id: client.id,
                description,
                status: ProblemStatus::Active,
                created_by: ctx.user.clone(),
                created_at: ctx.now.instant,
            };
            let id = store.add_problem(problem)?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(args.format, id, || store.problem(id).map(|record| redactor.applied(record)))
        }
        (None, Some(id)) => {
            let mut problem = store.resolve_problem(client.id, id)?;
            super::redact::of(ctx, [&client]).apply(&mut problem);
            print_changed(args.format, &format!("Problem {id} is resolved."), &problem)
        }
        (None, None) => Err(hinted("nothing to do", "give --add TEXT or --resolve ID")),
    }
}

fn goal(ctx: &Ctx, args: GoalArgs) -> Result<()> {
    let status: Option<GoalStatus> = args.status.as_deref().map(str::parse).transpose()?;
    let target_on = args.target.as_deref().map(|text| ctx.date("target", text)).transpose()?;
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(&args.client)?;
    match (args.add, args.set) {
        (Some(description), _) => {
            let goal = Goal {
                id: 0,
                client_id: client.id,
                problem_id: args.problem,
                description,
                target_on,
                status: status.unwrap_or(GoalStatus::Active),
                created_by: ctx.user.clone(),
                created_at: ctx.now.instant,
            };
            let id = store.add_goal(goal, ctx.today())?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(args.format, id, || store.goal(id).map(|record| redactor.applied(record)))
        }
        (None, Some(id)) => {
            if status.is_none() && target_on.is_none() {
                return Err(hinted(format!("nothing to change in goal {id}"), "give --status and/or --target"));
            }
            let mut goal = store.change_goal(client.id, id, status, target_on, ctx.today())?;
            super::redact::of(ctx, [&client]).apply(&mut goal);
            let target = goal.target_on.map(|t| format!(", target {t}")).unwrap_or_default();
            print_changed(args.format, &format!("Goal {id} is {}{target}.", goal.status), &goal)
        }
        (None, None) => Err(hinted("nothing to do", "give --add TEXT or --set ID")),
    }
}

fn intervention(ctx: &Ctx, args: InterventionArgs) -> Result<()> {
    let status: Option<InterventionStatus> = args.status.as_deref().map(str::parse).transpose()?;
    let mut store = ctx.read_store()?;
    let client = store.resolve_client(&args.client)?;
    match (args.add, args.set, status) {
        (Some(description), _, _) => {
            let intervention = Intervention {
                id: 0,
                client_id: client.id,
                goal_id: args.goal,
                description,
                owner: args.owner,
                status: status.unwrap_or(InterventionStatus::Planned),
                created_by: ctx.user.clone(),
                created_at: ctx.now.instant,
            };
            let id = store.add_intervention(intervention)?;
            let redactor = super::redact::of(ctx, [&client]);
            print_created(args.format, id, || store.intervention(id).map(|record| redactor.applied(record)))
        }
        (None, Some(id), Some(status)) => {
            let mut item = store.set_intervention_status(client.id, id, status)?;
            super::redact::of(ctx, [&client]).apply(&mut item);
            print_changed(args.format, &format!("Intervention {id} is {status}."), &item)
        }
        _ => Err(hinted("nothing to do", "give --add TEXT, or --set ID with --status")),
    }
}
