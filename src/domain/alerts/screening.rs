//! Screenings (SPEC §9): safety risk, screenings due, social needs with no referral.

use chrono::{Datelike, NaiveDate};

use super::context::{Context, contact_date};
use super::record::{Alert, AlertKind, ClientFacts, LatestScreening};
use crate::domain::referral::{Referral, ReferralKind};
use crate::domain::screening::{Assessment, Instrument, SOCIAL_NEEDS};
use crate::domain::wording::and_list;

/// "Nov 28" this year, "Nov 28, 2025" another (chrono's `%b %-d`, written
/// directly: a team's screening reminders are 40,000 messages).
fn spoken_date(today: NaiveDate, date: NaiveDate) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS[date.month0() as usize];
    if date.year() == today.year() {
        format!("{month} {}", date.day())
    } else {
        format!("{month} {}, {}", date.day(), date.year())
    }
}

/// What the screening alerts read of one client.
pub(super) struct Screenings<'a> {
    /// Their latest of an instrument (or more than the latest).
    pub(super) latest: &'a [&'a LatestScreening],
    /// Those of the rules' windows, whole.
    pub(super) recent: &'a [&'a Assessment],
    /// Their social-need referrals.
    pub(super) need_referrals: &'a [&'a Referral],
}

/// The screening alerts of one client: screening_due from the latest of each
/// instrument among all their screenings given, the others from the recent.
pub(super) fn screening_alerts(ctx: &Context<'_>, facts: &ClientFacts, screenings: &Screenings<'_>) -> Vec<Alert> {
    let latest = |instrument: Instrument| {
        let recent = screenings.recent.iter().map(|a| LatestScreening::of(a));
        let summaries = screenings.latest.iter().map(|s| **s);
        summaries.chain(recent).filter(|s| s.instrument == instrument).max_by_key(|s| (s.taken_at, s.id))
    };
    let mut alerts = screening_due(ctx, facts, latest(Instrument::Phq9), latest(Instrument::Hrsn));
    for screening in screenings.recent {
        alerts.extend(safety_risk(ctx, facts, screening));
        alerts.extend(sdoh_followup(ctx, facts, screening, screenings.need_referrals));
    }
    alerts
}

/// A PHQ-9 of the last days with item 9 (thoughts of self-harm) above 0 and
/// no contact on or after its day: always critical.
pub(super) fn safety_risk(ctx: &Context<'_>, facts: &ClientFacts, phq9: &Assessment) -> Option<Alert> {
    let taken = ctx.zone.local_date(phq9.taken_at);
    let item9 = phq9.answers.get(8).copied().unwrap_or(0);
    let fires = phq9.instrument == Instrument::Phq9
        && item9 > 0
        && ctx.within_last(taken, ctx.rules.safety_risk_days)
        && contact_date(ctx, facts).is_none_or(|contact| contact < taken);
    fires.then(|| {
        let message = format!("PHQ-9 item 9 answered {item9} on {} — no contact since", spoken_date(ctx.today, taken));
        ctx.alert(AlertKind::SafetyRisk, facts, Some(phq9.id), taken, message)
    })
}

/// The reminders to screen again: after a PHQ-9 of 10 or more (the client's
/// latest PHQ-9, so none is later), and when no AHC HRSN is a year old or
/// less (or none was ever taken). Always low.
pub(super) fn screening_due(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    phq9: Option<LatestScreening>,
    hrsn: Option<LatestScreening>,
) -> Vec<Alert> {
    let rules = ctx.rules;
    let phq9 = phq9.filter(|phq9| phq9.score >= rules.phq9_rescreen_score).map(|phq9| {
        let taken = ctx.zone.local_date(phq9.taken_at);
        let due = taken + ctx.days(rules.phq9_rescreen_days);
        let message = format!(
            "PHQ-9 scored {} on {}: repeat it by {}",
            phq9.score,
            spoken_date(ctx.today, taken),
            spoken_date(ctx.today, due)
        );
        ctx.alert(AlertKind::ScreeningDue, facts, Some(phq9.id), due, message)
    });
    let hrsn = match hrsn.map(|hrsn| (hrsn, ctx.zone.local_date(hrsn.taken_at))) {
        Some((_, taken)) if taken >= ctx.today - ctx.days(rules.hrsn_rescreen_days) => None,
        Some((hrsn, taken)) => {
            let message = format!("Social-needs screening last done {}: due again", spoken_date(ctx.today, taken));
            Some(ctx.alert(
                AlertKind::ScreeningDue,
                facts,
                Some(hrsn.id),
                taken + ctx.days(rules.hrsn_rescreen_days),
                message,
            ))
        }
        None => {
            let due = facts.enrolled_on + ctx.days(rules.hrsn_first_screen_days);
            let message = format!("No social-needs screening yet: due {}", spoken_date(ctx.today, due));
            Some(ctx.alert(AlertKind::ScreeningDue, facts, None, due, message))
        }
    };
    phq9.into_iter().chain(hrsn).collect()
}

/// An AHC HRSN of the last days positive in a need that no referral of its
/// kind, created on or after the screening's day, answers: one alert per
/// screening, naming the needs still open.
pub(super) fn sdoh_followup(
    ctx: &Context<'_>,
    facts: &ClientFacts,
    hrsn: &Assessment,
    referrals: &[&Referral],
) -> Option<Alert> {
    let taken = ctx.zone.local_date(hrsn.taken_at);
    if hrsn.instrument != Instrument::Hrsn || !ctx.within_last(taken, ctx.rules.sdoh_window_days) {
        return None;
    }
    let referred =
        |kind: ReferralKind| referrals.iter().any(|r| r.kind == kind && ctx.zone.local_date(r.created_at) >= taken);
    let open: Vec<&str> = SOCIAL_NEEDS
        .iter()
        .filter(|(need, kind)| hrsn.has(*need) && !referred(*kind))
        .map(|(need, _)| need.label())
        .collect();
    if open.is_empty() {
        return None;
    }
    let needs = and_list(&open);
    let mut letters = needs.chars();
    let needs: String = letters.next().map(|first| first.to_uppercase().chain(letters).collect()).unwrap_or_default();
    let (noun, verb) = if open.len() == 1 { ("need", "has") } else { ("needs", "have") };
    let message =
        format!("{needs} {noun} from the {} social-needs screening {verb} no referral", spoken_date(ctx.today, taken));
    let due = taken + ctx.days(ctx.rules.sdoh_followup_days);
    Some(ctx.alert(AlertKind::SdohFollowup, facts, Some(hrsn.id), due, message))
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Duration, NaiveDate};

    #[test]
    fn a_spoken_date_is_what_chrono_writes() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("date");
        for date in (0..3 * 366).map(|n| first + Duration::days(n)) {
            let pattern = if date.year() == 2026 { "%b %-d" } else { "%b %-d, %Y" };
            assert_eq!(super::spoken_date(today, date), date.format(pattern).to_string());
        }
    }
}
