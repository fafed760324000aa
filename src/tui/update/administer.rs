//! What the keys of a screening being given do: the key that starts one on
//! the client screen (taking up the client's draft when there is one), the
//! number keys that answer, Backspace, the summary's save, and what a saved
//! screening offers next (the PHQ-9 after a positive PHQ-2, the referral form
//! for a social need). Every change of answers goes to the draft keeper.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::super::action::Action;
use super::super::context::{Context, Screen};
use super::super::drafts::DraftStatus;
use super::super::effect::{Effect, Then};
use super::super::forms;
use super::super::keymap::Keymap;
use super::super::model::{ASSESSMENTS_TAB, Message, Model, Overlay};
use super::super::screening::{Administering, Step, offers_phq9, referral_needs};
use crate::domain::privacy::shown_name;
use crate::domain::referral::ReferralKind;
use crate::domain::screening::{Assessment, Flag, Instrument};
use crate::store::StoreError;

/// The administer key on the client screen: the client's half-done
/// screening where one was left, else the list of instruments.
pub fn open(model: &mut Model) -> Vec<Effect> {
    let Some(view) = model.open_client.as_ref().filter(|_| model.screen == Screen::Client) else {
        model.message = Some(Message::Info("Open a client first.".into()));
        return Vec::new();
    };
    let (client_id, gender) = (view.client.id, view.client.gender);
    let name = shown_name(&view.client, model.redact);
    let administering = match model.screening_draft_for(client_id) {
        Some(draft) => Administering::resume(&draft.record, name, gender),
        None => Administering::new(client_id, name, gender, model.now.instant),
    };
    model.administering = Some(administering);
    model.message = None;
    Vec::new()
}

/// A client opened from the drafts list: its screening's draft is taken up.
pub fn take_up(model: &mut Model) {
    let Some(draft) = model.resume_screening.take() else { return };
    if let Some(view) = model.open_client.as_ref().filter(|view| view.client.id == draft.client_id) {
        let name = shown_name(&view.client, model.redact);
        model.administering = Some(Administering::resume(&draft, name, view.client.gender));
    }
}

/// A key while a screening is open.
pub fn key(model: &mut Model, keymap: &Keymap, key: KeyEvent) -> Vec<Effect> {
    let now = model.now.instant;
    let Some(open) = model.administering.as_mut() else { return Vec::new() };
    let action = keymap.resolve(Context::Screening, key);
    let plain = !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    if let (None, KeyCode::Char(digit @ '0'..='9'), true) = (action, key.code, plain) {
        let number = digit as u8 - b'0';
        if let Step::Saved(assessment) = &open.step {
            let needs = referral_needs(assessment);
            return match usize::from(number).checked_sub(1).and_then(|i| needs.get(i)) {
                Some(need) => refer(model, *need),
                None => Vec::new(),
            };
        }
        return if open.press_number(number, now) { hand_over(model) } else { Vec::new() };
    }
    match action {
        Some(Action::Help) => model.overlay = Some(Overlay::Help { scroll: 0 }),
        Some(Action::Back) => return close_keeping(model),
        Some(Action::PreviousItem) if open.back_one() => return hand_over(model),
        Some(Action::Down) => open.move_choice(1),
        Some(Action::Up) => open.move_choice(-1),
        Some(Action::Confirm) => match &open.step {
            Step::Choose { .. } => open.choose(now),
            Step::Answer { .. } => return save(model),
            Step::Saved(_) => close(model),
        },
        Some(Action::SaveNote) => return save(model),
        Some(Action::NextField) if open.on_summary() => {
            open.cycle_mode();
            return hand_over(model);
        }
        Some(Action::Yes) => {
            if let Step::Saved(assessment) = &open.step
                && offers_phq9(assessment)
            {
                // The PHQ-2 is the PHQ-9's first two items: they carry over.
                let answers = assessment.answers.clone();
                open.start(Instrument::Phq9, answers, now);
                return hand_over(model);
            }
        }
        Some(Action::No) if matches!(open.step, Step::Saved(_)) => close(model),
        _ => {}
    }
    Vec::new()
}

/// The screening's answers as they stand, for the keeper; they reach the
/// file shortly. Every answer taken back: the draft written so far goes.
fn hand_over(model: &mut Model) -> Vec<Effect> {
    let Some(open) = model.administering.as_mut() else { return Vec::new() };
    match (open.draft(&model.user, model.now.instant), open.instrument()) {
        (Some(draft), _) => {
            open.drafted = true;
            vec![Effect::WriteDraft(draft.into())]
        }
        (None, Some(instrument)) if open.drafted => {
            open.drafted = false;
            vec![Effect::ForgetDraft, Effect::DiscardScreeningDraft { client_id: open.client_id, instrument }]
        }
        (None, _) => Vec::new(),
    }
}

/// Saves from the summary (nothing before every item is answered).
fn save(model: &mut Model) -> Vec<Effect> {
    let now = model.now.instant;
    model
        .administering
        .as_ref()
        .and_then(|open| open.to_screening(now))
        .map(Effect::SaveScreening)
        .into_iter()
        .collect()
}

/// Esc: a half-done screening is written now and kept for later; one with
/// nothing answered closes (and a draft it had is thrown away).
fn close_keeping(model: &mut Model) -> Vec<Effect> {
    let Some(open) = model.administering.as_ref() else { return Vec::new() };
    if matches!(open.step, Step::Saved(_)) {
        close(model);
        return Vec::new();
    }
    if let Some(draft) = open.draft(&model.user, model.now.instant) {
        return vec![Effect::KeepDraft(draft.into())];
    }
    let forget = hand_over(model);
    close(model);
    forget
}

fn close(model: &mut Model) {
    model.administering = None;
}

/// Esc's draft was written (or not: the screening stays open and says why).
pub fn kept(model: &mut Model, keymap: &Keymap, status: DraftStatus) -> Vec<Effect> {
    if let DraftStatus::Failed(why) = status {
        if let Some(open) = model.administering.as_mut() {
            open.error = Some(format!("The draft could not be written ({why}), so the screening stays open."));
        }
        return Vec::new();
    }
    close(model);
    let said = format!(
        "Screening kept: {} on the client, or {}, takes it up again.",
        keymap.key_on(Context::Client, Action::Administer),
        keymap.key_for(Action::Drafts)
    );
    vec![Effect::refresh(model, Then::Say(Message::Info(said)))]
}

/// The screening is recorded: the Assessments tab shows it, and the
/// screening stays open when it has something to offer or to say.
pub fn saved(model: &mut Model, assessment: Assessment) -> Vec<Effect> {
    let said = format!("{} saved: {} ({}).", assessment.instrument.label(), assessment.score, assessment.band.label());
    match model.administering.as_mut() {
        Some(open) if Administering::has_offers(&assessment) => {
            open.step = Step::Saved(Box::new(assessment));
            open.drafted = false;
        }
        _ => close(model),
    }
    model.client_tab = ASSESSMENTS_TAB;
    model.client_scroll = 0;
    vec![Effect::refresh(model, Then::SayUnlessProblem(Message::Info(said)))]
}

/// The save was refused: the summary stays with every answer, and says why.
pub fn refused(model: &mut Model, error: &StoreError) {
    if let Some(open) = model.administering.as_mut() {
        open.error = Some(format!("{error} ({}).", error.hint()));
    }
}

/// A number after an AHC HRSN: the referral form for that need, its kind chosen.
fn refer(model: &mut Model, need: Flag) -> Vec<Effect> {
    let kind = need.referral_kind().unwrap_or(ReferralKind::Other);
    match forms::referral_for_need(model, kind, need.label()) {
        Ok(form) => {
            let loads = forms::loads(&form);
            model.form = Some(form);
            close(model);
            loads
        }
        Err(why) => {
            model.message = Some(Message::Info(why));
            Vec::new()
        }
    }
}
