//! Forms for the care around a client: referrals, hospital encounters and
//! the care plan.

use super::{Purpose, client_name, record};
use crate::domain::Invalid;
use crate::domain::care_plan::{Goal, GoalStatus, Intervention, InterventionStatus, Problem, ProblemStatus};
use crate::domain::encounter::{Encounter, EncounterKind};
use crate::domain::referral::{Referral, ReferralKind, ReferralStatus};
use crate::store::{Store, StoreError};
use crate::tui::app::{App, ClientView};
use crate::tui::form::{Choice, Field, Form, keep_or_words};

/// "Referral · Quill, Ada": what the form does, for whom.
fn title(app: &App, view: &ClientView, what: &str) -> String {
    format!("{what} · {}", client_name(app, &view.client))
}

pub fn referral(app: &App, view: &ClientView) -> Form {
    let fields = vec![
        Field::text("to", "To", ""),
        Field::words("kind", "Kind", ReferralKind::ALL, ReferralKind::Medical),
        Field::text("reason", "Reason", ""),
        Field::words("status", "Status", ReferralStatus::ALL, ReferralStatus::Draft),
    ];
    Form::new(title(app, view, "New referral"), Purpose::AddReferral { client_id: view.client.id }, app.now, fields)
}

pub fn save_referral(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let today = form.now.today();
    let referral = Referral {
        id: 0,
        client_id,
        to: form.text("to").to_string(),
        resource_id: None,
        kind: form.word("kind")?,
        reason: form.text("reason").to_string(),
        status: form.word("status")?,
        sent_on: None,
        status_changed_on: today,
        outcome: None,
        created_by: store.user().to_string(),
        created_at: form.now.instant,
    };
    let id = store.add_referral(referral, today)?;
    Ok(format!("Referral {id} added."))
}

pub fn move_referral(app: &App, view: &ClientView) -> Result<Form, String> {
    let options: Vec<_> =
        view.referrals.iter().map(|r| record(r.id, format!("{} {} ({})", r.kind, r.to, r.status))).collect();
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

pub fn save_move_referral(form: &Form, store: &mut Store) -> Result<String, StoreError> {
    let outcome = form.optional("outcome");
    let referral =
        store.update_referral(form.id("referral")?, form.word("status")?, outcome.as_deref(), form.now.today())?;
    Ok(format!("Referral {} is {}.", referral.id, referral.status))
}

pub fn encounter(app: &App, view: &ClientView) -> Form {
    let fields = vec![
        Field::words("kind", "Kind", EncounterKind::ALL, EncounterKind::Inpatient),
        Field::text("facility", "Facility", ""),
        Field::date("admitted", "Admitted", ""),
        Field::date("discharged", "Discharged", ""),
    ];
    Form::new(
        title(app, view, "Hospital encounter"),
        Purpose::AddEncounter { client_id: view.client.id },
        app.now,
        fields,
    )
}

pub fn save_encounter(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let encounter = Encounter {
        id: 0,
        client_id,
        kind: form.word("kind")?,
        facility: form.text("facility").to_string(),
        admitted_on: form.required_date("admitted")?,
        discharged_on: form.date("discharged")?,
        created_by: store.user().to_string(),
        created_at: form.now.instant,
    };
    let id = store.add_encounter(encounter, form.now.today())?;
    Ok(format!("Encounter {id} added."))
}

const PLAN_ITEMS: [&str; 3] = ["problem", "goal", "intervention"];

pub fn plan_item(app: &App, view: &ClientView) -> Form {
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

pub fn save_plan_item(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let description = form.text("description").to_string();
    let under = form.number("under")?;
    let (user, at) = (store.user().to_string(), form.now.instant);
    let (what, id) = match form.chosen("item") {
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
            ("Goal", store.add_goal(goal, form.now.today())?)
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
            ("Intervention", store.add_intervention(intervention)?)
        }
        _ => {
            if under.is_some() {
                return Err(Invalid::new("under", "a problem is not under another item", "leave it blank").into());
            }
            let problem = Problem {
                id: 0,
                client_id,
                description,
                status: ProblemStatus::Active,
                created_by: user,
                created_at: at,
            };
            ("Problem", store.add_problem(problem)?)
        }
    };
    Ok(format!("{what} {id} added."))
}

pub fn set_goal(app: &App, view: &ClientView) -> Result<Form, String> {
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

pub fn save_goal(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let status = form.word_or_keep("status")?;
    let target = form.date("target")?;
    if status.is_none() && target.is_none() {
        return Err(Invalid::new("status", "nothing to change", "choose a new status or a target date").into());
    }
    let goal = store.change_goal(client_id, form.id("goal")?, status, target, form.now.today())?;
    Ok(format!("Goal {} is {}.", goal.id, goal.status))
}

pub fn review(app: &App, view: &ClientView) -> Form {
    let fields = vec![Field::date("on", "Reviewed on", "today")];
    Form::new(title(app, view, "Care-plan review"), Purpose::ReviewPlan { client_id: view.client.id }, app.now, fields)
}

pub fn save_review(form: &Form, store: &mut Store, client_id: i64) -> Result<String, StoreError> {
    let on = form.required_date("on")?;
    store.review_care_plan(client_id, on, form.now.today())?;
    Ok(format!("Care plan reviewed on {on}."))
}
