//! Everything a person can do in the interface, named as they would name it.
//! The key map turns keys into these; `update` carries them out.

use crate::domain::word_enum;

word_enum!(
    Action, "action" {
        Quit => "quit",
        Help => "help",
        FocusNext => "focus_next",
        FocusPrevious => "focus_previous",
        FocusCaseload => "focus_caseload",
        FocusToday => "focus_today",
        FocusAlerts => "focus_alerts",
        Down => "down",
        Up => "up",
        PageDown => "page_down",
        PageUp => "page_up",
        Top => "top",
        Bottom => "bottom",
        Filter => "filter",
        Back => "back",
        Open => "open",
        NextTab => "next_tab",
        PreviousTab => "previous_tab",
        Refresh => "refresh",
        CycleCaseload => "cycle_caseload",
        AddClient => "add_client",
        EditClient => "edit_client",
        Discharge => "discharge",
        AddNote => "add_note",
        AddFollowup => "add_followup",
        CompleteFollowup => "complete_followup",
        SnoozeFollowup => "snooze_followup",
        Schedule => "schedule",
        SetAppointment => "set_appointment",
        SnoozeAlert => "snooze_alert",
        AddReferral => "add_referral",
        MoveReferral => "move_referral",
        AddEncounter => "add_encounter",
        AddPlanItem => "add_plan_item",
        SetGoal => "set_goal",
        ReviewPlan => "review_plan",
    }
);

impl Action {
    /// What the help screen says the action does.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "Quit caseload",
            Action::Help => "Show every key",
            Action::FocusNext => "Next pane",
            Action::FocusPrevious => "Previous pane",
            Action::FocusCaseload => "Go to the caseload",
            Action::FocusToday => "Go to today's appointments",
            Action::FocusAlerts => "Go to the alerts",
            Action::Down => "Move down",
            Action::Up => "Move up",
            Action::PageDown => "Page down",
            Action::PageUp => "Page up",
            Action::Top => "Go to the top",
            Action::Bottom => "Go to the bottom",
            Action::Filter => "Filter the list (name, MRN, phone)",
            Action::Back => "Clear the filter / go back",
            Action::Open => "Open the selected client",
            Action::NextTab => "Next tab",
            Action::PreviousTab => "Previous tab",
            Action::Refresh => "Reload from the database",
            Action::CycleCaseload => "Show your caseload, the whole team's, or each colleague's in turn",
            Action::AddClient => "Add a client",
            Action::EditClient => "Edit the client's details",
            Action::Discharge => "Discharge the client",
            Action::AddNote => "Write a quick note",
            Action::AddFollowup => "Add a follow-up",
            Action::CompleteFollowup => "Mark a follow-up done",
            Action::SnoozeFollowup => "Snooze a follow-up",
            Action::Schedule => "Schedule an appointment",
            Action::SetAppointment => "Set an appointment's status or transport",
            Action::SnoozeAlert => "Snooze the selected alert",
            Action::AddReferral => "Add a referral",
            Action::MoveReferral => "Move a referral's status",
            Action::AddEncounter => "Add a hospital encounter",
            Action::AddPlanItem => "Add a problem, goal or intervention",
            Action::SetGoal => "Set a goal's status or target",
            Action::ReviewPlan => "Record a care-plan review",
        }
    }
}
