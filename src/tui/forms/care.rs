//! Forms for the care around a client: referrals, hospital encounters and
//! the care plan.

use super::{Purpose, client_name, record};
use crate::domain::Invalid;
use crate::domain::care_plan::{Goal, GoalStatus, Intervention, InterventionStatus, Problem, ProblemStatus};
use crate::domain::encounter::{Encounter, EncounterKind, EncounterReason};
use crate::domain::referral::{Referral, ReferralKind, ReferralStatus};
use crate::domain::resource::Resource;
use crate::tui::effect::Change;
use crate::tui::form::{Choice, Field, FieldKind, Form, keep_or_words};
use crate::tui::model::{ClientView, Model};

/// "Referral · Quill, Ada": what the form does, for whom.
fn title(app: &Model, view: &ClientView, what: &str) -> String {
    format!("{what} · {}", client_name(app, &view.client))
}

/// A new referral of `kind`, with `reason` filled in (both can be changed).
pub fn referral(app: &Model, view: &ClientView, kind: ReferralKind, reason: &str) -> Form<Purpose> {
    let fields = vec![
        Field::text("to", "To", ""),
        Field::words("kind", "Kind", ReferralKind::ALL, kind),
        Field::text("reason", "Reason", reason),
        Field::words("status", "Status", ReferralStatus::ALL, ReferralStatus::Draft),
        // Loaded once the form is open (`forms::loads`).
        Field::choice("resource", "Or directory", vec![no_resource("· loading")], 0),
    ];
    Form::new(title(app, view, "New referral"), Purpose::AddReferral { client_id: view.client.id }, app.now, fields)
}

/// The directory's first option: no resource, the destination is typed.
fn no_resource(why: &str) -> Choice {
    Choice { value: String::new(), label: format!("(none: type To) {why}").trim_end().to_string() }
}

/// The directory's resources to choose from (their names are what "To"
/// becomes when nothing is typed there); typing stays possible.
pub fn offer_resources(form: &mut Form<Purpose>, listed: Result<Vec<Resource>, String>) {
    let options = match listed {
        Ok(resources) if resources.is_empty() => vec![no_resource("· the directory is empty")],
        Ok(resources) => std::iter::once(no_resource(""))
            .chain(resources.into_iter().map(|r| Choice { value: r.id.to_string(), label: r.name }))
            .collect(),
        Err(_) => vec![no_resource("· the directory could not be read")],
    };
    if let Some(field) = form.field_mut("resource") {
        field.kind = FieldKind::Choice(options);
        field.selected = 0;
    }
}

pub fn new_referral(form: &Form<Purpose>, user: &str, client_id: i64) -> Result<Change, Invalid> {
    let today = form.now.today();
    let resource_id = form.chosen("resource").parse().ok();
    // What was typed names the destination; else the chosen resource does.
    let to = match form.text("to") {
        "" if resource_id.is_some() => form.shown("resource").to_string(),
        typed => typed.to_string(),
    };
    let referral = Referral {
        id: 0,
        client_id,
        to,
        resource_id,
        kind: form.word("kind")?,
        reason: form.text("reason").to_string(),
        status: form.word("status")?,
        sent_on: None,
        status_changed_on: today,
        outcome: None,
        created_by: user.to_string(),
        created_at: form.now.instant,
    };
    Ok(Change::AddReferral(Box::new(referral)))
}

pub fn move_referral(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    let options: Vec<_> = view
        .referrals
        .iter()
        .map(|r| record(r.id, format!("{} {} ({})", r.kind.label(), r.to, r.status.label())))
        .collect();
    // Start on the first referral whose loop is still open.
    let first = view.referrals.iter().position(|r| !r.status.is_closed()).ok_or("No open referrals to move.")?;
    let current = view.referrals[first].status;
    let fields = vec![
        Field::choice("referral", "Referral", options, first),
        Field::words("status", "New status", ReferralStatus::ALL, current),
        Field::text("outcome", "Outcome", ""),
    ];
    Ok(Form::new(title(app, view, "Move a referral"), Purpose::MoveReferral, app.now, fields))
}

pub fn referral_moved(form: &Form<Purpose>) -> Result<Change, Invalid> {
    Ok(Change::MoveReferral {
        referral_id: form.id("referral")?,
        status: form.word("status")?,
        outcome: form.optional("outcome"),
    })
}

pub fn encounter(app: &Model, view: &ClientView) -> Form<Purpose> {
    let fields = vec![
        Field::words("kind", "Kind", EncounterKind::ALL, EncounterKind::Inpatient),
        Field::text("facility", "Facility", ""),
        Field::date("admitted", "Admitted", ""),
        Field::date("discharged", "Discharged", ""),
        // The behavioral-health measures and the bh_followup alert read it (SPEC §10).
        Field::words("reason", "Reason", EncounterReason::ALL, EncounterReason::Medical),
    ];
    Form::new(
        title(app, view, "Hospital encounter"),
        Purpose::AddEncounter { client_id: view.client.id },
        app.now,
        fields,
    )
}

pub fn new_encounter(form: &Form<Purpose>, user: &str, client_id: i64) -> Result<Change, Invalid> {
    let encounter = Encounter {
        id: 0,
        client_id,
        kind: form.word("kind")?,
        facility: form.text("facility").to_string(),
        admitted_on: form.required_date("admitted")?,
        discharged_on: form.date("discharged")?,
        reason: form.word("reason")?,
        created_by: user.to_string(),
        created_at: form.now.instant,
    };
    Ok(Change::AddEncounter(encounter))
}

const PLAN_ITEMS: [&str; 3] = ["problem", "goal", "intervention"];

pub fn plan_item(app: &Model, view: &ClientView) -> Form<Purpose> {
    let items = PLAN_ITEMS.iter().map(|w| Choice { value: w.to_string(), label: w.to_string() }).collect();
    let fields = vec![
        Field::choice("item", "Item", items, 0),
        // The domain names a missing description after the command's --add.
        Field::text("description", "Description", "").alias(&["add"]),
        Field::date("target", "Target (goal)", ""),
        Field::text("owner", "Owner (intervention)", ""),
        // A goal's problem, an intervention's goal; the store checks it is this client's.
        Field::number("under", "Under item #", "").alias(&["id"]),
    ];
    Form::new(title(app, view, "Care-plan item"), Purpose::AddPlanItem { client_id: view.client.id }, app.now, fields)
}

pub fn new_plan_item(form: &Form<Purpose>, user: &str, client_id: i64) -> Result<Change, Invalid> {
    let description = form.text("description").to_string();
    let under = form.number("under")?;
    let (user, at) = (user.to_string(), form.now.instant);
    Ok(match form.chosen("item") {
        "goal" => {
            let goal = Goal {
                id: 0,
                client_id,
                problem_id: under,
                description,
                target_on: form.date("target")?,
                status: GoalStatus::Active,
                created_by: user,
                created_at: at,
            };
            Change::AddGoal(goal)
        }
        "intervention" => {
            let intervention = Intervention {
                id: 0,
                client_id,
                goal_id: under,
                description,
                owner: form.optional("owner"),
                status: InterventionStatus::Planned,
                created_by: user,
                created_at: at,
            };
            Change::AddIntervention(intervention)
        }
        _ => {
            if under.is_some() {
                return Err(Invalid::new("under", "a problem is not under another item", "leave it blank"));
            }
            let problem = Problem {
                id: 0,
                client_id,
                description,
                status: ProblemStatus::Active,
                created_by: user,
                created_at: at,
            };
            Change::AddProblem(problem)
        }
    })
}

pub fn set_goal(app: &Model, view: &ClientView) -> Result<Form<Purpose>, String> {
    let goals = &view.plan.goals;
    let options: Vec<_> = goals.iter().map(|g| record(g.id, format!("{} {}", g.status, g.description))).collect();
    if options.is_empty() {
        return Err("No goals in the care plan yet.".into());
    }
    let first_open = goals.iter().position(|g| g.status.is_open()).unwrap_or(0);
    let fields = vec![
        Field::choice("goal", "Goal", options, first_open),
        keep_or_words("status", "Status", GoalStatus::ALL),
        Field::date("target", "Target date", ""),
    ];
    Ok(Form::new(title(app, view, "Change a goal"), Purpose::SetGoal { client_id: view.client.id }, app.now, fields))
}

pub fn goal_set(form: &Form<Purpose>, client_id: i64) -> Result<Change, Invalid> {
    let status = form.word_or_keep("status")?;
    let target = form.date("target")?;
    if status.is_none() && target.is_none() {
        return Err(Invalid::new("status", "nothing to change", "choose a new status or a target date"));
    }
    Ok(Change::SetGoal { client_id, goal_id: form.id("goal")?, status, target })
}

pub fn review(app: &Model, view: &ClientView) -> Form<Purpose> {
    let fields = vec![Field::date("on", "Reviewed on", "today")];
    Form::new(title(app, view, "Care-plan review"), Purpose::ReviewPlan { client_id: view.client.id }, app.now, fields)
}
