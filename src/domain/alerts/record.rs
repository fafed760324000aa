//! What the rules read and what they give: alert kinds and severities, the rules' thresholds,
//! an alert, and the facts about a client.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::appointment::Appointment;
use crate::domain::billing::BillingRules;
use crate::domain::care_plan::Goal;
use crate::domain::client::{Client, ClientStatus, Risk};
use crate::domain::encounter::Encounter;
use crate::domain::followup::Followup;
use crate::domain::medication::Reconciliation;
use crate::domain::program::{Enrollment, Program};
use crate::domain::referral::Referral;
use crate::domain::screening::{Assessment, Instrument};
use crate::domain::word_enum;

word_enum!(
    AlertKind, "alert kind" {
        TcmContact => "tcm_contact" ("TCM contact"), TcmVisit => "tcm_visit" ("TCM visit"),
        ContactCadence => "contact_cadence" ("contact cadence"), FollowupDue => "followup_due" ("follow-up due"),
        ApptUnconfirmed => "appt_unconfirmed" ("unconfirmed appointment"),
        TransportNeeded => "transport_needed" ("transport needed"),
        ApptOutcomeMissing => "appt_outcome_missing" ("appointment outcome missing"),
        NoShowFollowup => "no_show_followup" ("no-show follow-up"), ReferralStale => "referral_stale" ("stale referral"),
        CarePlanReview => "care_plan_review" ("care plan review"), GoalOverdue => "goal_overdue" ("goal overdue"),
        CcmMinutes => "ccm_minutes" ("CCM minutes"), CoverageExpiring => "coverage_expiring" ("coverage expiring"),
        ConsentExpiring => "consent_expiring" ("consent expiring"),
        ProgramMinutes => "program_minutes" ("program minutes"), ConsentMissing => "consent_missing" ("consent missing"),
        SafetyRisk => "safety_risk" ("safety risk"), ScreeningDue => "screening_due" ("screening due"),
        SdohFollowup => "sdoh_followup" ("social needs follow-up"),
        MedReconciliation => "med_reconciliation" ("medication reconciliation"),
        BhFollowup => "bh_followup" ("behavioral health follow-up"),
    }
);

word_enum!(Severity, "severity" { Critical => "critical", High => "high", Normal => "normal", Low => "low" });

impl Severity {
    /// Sort rank: critical first.
    pub fn rank(self) -> u8 {
        match self {
            Severity::Critical => 0,
            Severity::High => 1,
            Severity::Normal => 2,
            Severity::Low => 3,
        }
    }
}

impl AlertKind {
    /// Transitional care after a hospital stay, and behavioral follow-up
    /// after a psychiatric stay or ED visit, turn critical when late.
    pub(super) fn critical_when_late(self) -> bool {
        matches!(self, AlertKind::TcmContact | AlertKind::TcmVisit | AlertKind::BhFollowup)
    }

    /// The severity of kinds whose severity never follows the due date (SPEC §3).
    pub(super) fn fixed_severity(self) -> Option<Severity> {
        match self {
            AlertKind::SafetyRisk => Some(Severity::Critical),
            AlertKind::ScreeningDue => Some(Severity::Low),
            _ => None,
        }
    }

    /// Whether this kind's alerts are about one record (so a snooze names it).
    pub fn subject(self) -> Subject {
        match self {
            AlertKind::ContactCadence
            | AlertKind::CarePlanReview
            | AlertKind::CcmMinutes
            | AlertKind::CoverageExpiring
            | AlertKind::ConsentExpiring => Subject::Client,
            // The screening to repeat, or none for a client never screened.
            AlertKind::ScreeningDue => Subject::Either,
            _ => Subject::Record,
        }
    }
}

/// What the alerts of one kind are about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Always one record (a follow-up, an appointment, an assessment…).
    Record,
    /// The client as a whole.
    Client,
    /// A record, or the client when there is none (screening_due).
    Either,
}

/// Thresholds of the alert rules; every default is SPEC §3's.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertRules {
    pub tcm_window_days: u32,
    pub tcm_contact_business_days: u32,
    pub tcm_visit_days_high: u32,
    pub tcm_visit_days_other: u32,
    pub cadence_high_days: u32,
    pub cadence_medium_days: u32,
    pub cadence_low_days: u32,
    pub appt_unconfirmed_days: u32,
    pub transport_needed_days: u32,
    pub no_show_window_days: u32,
    pub no_show_followup_business_days: u32,
    pub referral_stale_days: u32,
    pub care_plan_review_days: u32,
    pub care_plan_first_review_days: u32,
    pub ccm_minutes_target: u32,
    pub ccm_warning_business_days: u32,
    pub coverage_expiring_days: u32,
    pub consent_expiring_days: u32,
    pub safety_risk_days: u32,
    pub phq9_rescreen_score: u32,
    pub phq9_rescreen_days: u32,
    pub hrsn_rescreen_days: u32,
    pub hrsn_first_screen_days: u32,
    pub sdoh_window_days: u32,
    pub sdoh_followup_days: u32,
    /// The code thresholds program_minutes warns against: the `[billing]`
    /// table's, copied in when the configuration is read.
    #[serde(skip)]
    pub billing: BillingRules,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            tcm_window_days: 30,
            tcm_contact_business_days: 2,
            tcm_visit_days_high: 7,
            tcm_visit_days_other: 14,
            cadence_high_days: 7,
            cadence_medium_days: 14,
            cadence_low_days: 30,
            appt_unconfirmed_days: 2,
            transport_needed_days: 3,
            no_show_window_days: 30,
            no_show_followup_business_days: 1,
            referral_stale_days: 14,
            care_plan_review_days: 90,
            care_plan_first_review_days: 30,
            ccm_minutes_target: 20,
            ccm_warning_business_days: 5,
            coverage_expiring_days: 30,
            consent_expiring_days: 30,
            safety_risk_days: 14,
            phq9_rescreen_score: 10,
            phq9_rescreen_days: 120,
            hrsn_rescreen_days: 365,
            hrsn_first_screen_days: 30,
            sdoh_window_days: 60,
            sdoh_followup_days: 30,
            billing: BillingRules::default(),
        }
    }
}

/// One thing a coordinator should act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    pub kind: AlertKind,
    pub severity: Severity,
    pub client_id: i64,
    pub client_name: Arc<str>,
    /// The follow-up, appointment, referral, goal, encounter, enrollment or assessment it is about.
    pub subject: Option<i64>,
    pub due: NaiveDate,
    pub message: String,
    /// Days since `due` (negative when due later).
    pub days_past_due: i64,
}

/// An active client as the rules, the triage order and the caseload list read
/// it: only the fields they use (a whole `Client` is ten times the size, and a
/// team holds a hundred thousand), with the few distinct programs and payers
/// shared rather than copied per client.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFacts {
    pub id: i64,
    /// "Family, Given (Preferred)", as lists show it; shared with its alerts
    /// and caseload row (a team has 140,000 alerts).
    pub name: Arc<str>,
    /// For the caseload filter (name, MRN, phone).
    pub mrn: Option<String>,
    pub phone: Option<String>,
    pub program: Arc<str>,
    pub risk: Risk,
    pub status: ClientStatus,
    pub enrolled_on: NaiveDate,
    pub payer: Option<Arc<str>>,
    pub coverage_ends_on: Option<NaiveDate>,
    pub consent_expires_on: Option<NaiveDate>,
    /// The latest contact: a `reached` note by phone, video, in person or text.
    pub last_contact_at: Option<DateTime<Utc>>,
    pub last_reviewed_on: Option<NaiveDate>,
    /// Who coordinates the client (the team view tells two of one name apart by it).
    pub coordinator: Arc<str>,
}

impl ClientFacts {
    /// The facts of a client record with no contact, review or minutes yet.
    pub fn of(client: &Client) -> ClientFacts {
        ClientFacts {
            id: client.id,
            name: client.display_name().into(),
            mrn: client.mrn.clone(),
            phone: client.phone.clone(),
            program: client.program.as_str().into(),
            risk: client.risk,
            status: client.status,
            enrolled_on: client.enrolled_on,
            payer: client.payer.as_deref().map(Arc::from),
            coverage_ends_on: client.coverage_ends_on,
            consent_expires_on: client.consent_expires_on,
            last_contact_at: None,
            last_reviewed_on: None,
            coordinator: client.coordinator.as_str().into(),
        }
    }
}

/// A snoozed alert: hidden while today is before `until`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snooze {
    pub client_id: i64,
    pub kind: AlertKind,
    pub subject: Option<i64>,
    pub until: NaiveDate,
}

/// A client's latest screening of one instrument, as screening_due reads it:
/// what the store reads of it from an index, without the row's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestScreening {
    pub id: i64,
    pub client_id: i64,
    pub instrument: Instrument,
    pub taken_at: DateTime<Utc>,
    pub score: u32,
}

impl LatestScreening {
    pub fn of(assessment: &Assessment) -> LatestScreening {
        LatestScreening {
            id: assessment.id,
            client_id: assessment.client_id,
            instrument: assessment.instrument,
            taken_at: assessment.taken_at,
            score: assessment.score,
        }
    }
}

/// The records the rules read. The store may hand over more than the rules
/// need (each rule checks all of its conditions); never less.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub clients: Vec<ClientFacts>,
    pub encounters: Vec<Encounter>,
    pub appointments: Vec<Appointment>,
    pub followups: Vec<Followup>,
    pub referrals: Vec<Referral>,
    pub goals: Vec<Goal>,
    pub snoozes: Vec<Snooze>,
    /// Medication reconciliations dated since the start of the TCM window.
    pub reconciliations: Vec<Reconciliation>,
    /// Enrollments active today in a program that bills (not `general`).
    pub enrollments: Vec<Enrollment>,
    /// Minutes of notes dated this calendar month, per client and program.
    pub minutes: HashMap<(i64, Program), u32>,
    /// Each client's latest PHQ-9 and latest AHC HRSN (screening_due takes
    /// the latest of these and of `assessments`).
    pub latest_screenings: Vec<LatestScreening>,
    /// Every PHQ-9 and AHC HRSN taken recently enough for safety_risk or
    /// sdoh_followup, whole.
    pub assessments: Vec<Assessment>,
    /// Referrals of a social-need kind (housing, food, transport, utilities)
    /// created recently enough to answer an HRSN of sdoh_followup's window.
    pub need_referrals: Vec<Referral>,
}
