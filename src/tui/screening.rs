//! A screening being given on the client screen (SPEC §9): the instrument
//! chosen, one item at a time with its wording and its answers, a number key
//! answering and moving on, then the total, band and positives before it is
//! saved. Plain data and pure steps; `update` hands every change of answers
//! to the draft keeper, so a half-done screening survives like a note.

use chrono::{DateTime, Utc};

use crate::domain::Invalid;
use crate::domain::client::Gender;
use crate::domain::draft::ScreeningDraft;
use crate::domain::screening::{Assessment, Flag, Instrument, Item, Mode, Scored, Screening, score};

/// Where the screening is.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Choosing the instrument (the selected row of `Instrument::ALL`).
    Choose { selected: usize },
    /// Answering: the next item is `answers.len()`; all answered is the summary.
    Answer { instrument: Instrument, answers: Vec<u8> },
    /// Saved: what it found, and what it offers to do next.
    Saved(Box<Assessment>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Administering {
    pub client_id: i64,
    /// As shown (initials under --redact).
    pub client_name: String,
    /// AUDIT-C's threshold depends on it (the store scores again at save).
    pub gender: Gender,
    pub step: Step,
    pub mode: Mode,
    /// When the draft was first written (what keeps a late write from
    /// bringing back a draft the save removed).
    pub created_at: DateTime<Utc>,
    /// Why the save was refused, shown on the summary.
    pub error: Option<String>,
    /// A draft of it was handed to the keeper (and must go if every answer is taken back).
    pub drafted: bool,
}

/// The needs an AHC HRSN positive offers a referral for, with the referral
/// kind the form opens on.
pub const REFERRAL_NEEDS: [Flag; 4] = [Flag::Housing, Flag::Food, Flag::Transport, Flag::Utilities];

impl Administering {
    pub fn new(client_id: i64, client_name: String, gender: Gender, now: DateTime<Utc>) -> Administering {
        Administering {
            client_id,
            client_name,
            gender,
            step: Step::Choose { selected: 0 },
            mode: Mode::Phone,
            created_at: now,
            error: None,
            drafted: false,
        }
    }

    /// Takes up a draft where it was left (answers past the instrument's
    /// items, from a changed instrument, are dropped).
    pub fn resume(draft: &ScreeningDraft, client_name: String, gender: Gender) -> Administering {
        let mut answers = draft.answers.clone();
        answers.truncate(draft.instrument.items().len());
        Administering {
            client_id: draft.client_id,
            client_name,
            gender,
            step: Step::Answer { instrument: draft.instrument, answers },
            mode: draft.mode,
            created_at: draft.created_at,
            error: None,
            drafted: true,
        }
    }

    /// Starts `instrument` with these answers already given (the PHQ-9
    /// after a positive PHQ-2 starts with its two answers).
    pub fn start(&mut self, instrument: Instrument, answers: Vec<u8>, now: DateTime<Utc>) {
        self.step = Step::Answer { instrument, answers };
        self.created_at = now;
        self.error = None;
    }

    pub fn instrument(&self) -> Option<Instrument> {
        match &self.step {
            Step::Answer { instrument, .. } => Some(*instrument),
            Step::Saved(assessment) => Some(assessment.instrument),
            Step::Choose { .. } => None,
        }
    }

    /// The item to answer now (None while choosing, on the summary and after saving).
    pub fn current_item(&self) -> Option<&'static Item> {
        match &self.step {
            Step::Answer { instrument, answers } => instrument.items().get(answers.len()),
            _ => None,
        }
    }

    /// Every item answered, not yet saved: the summary.
    pub fn on_summary(&self) -> bool {
        matches!(&self.step, Step::Answer { instrument, answers } if answers.len() == instrument.items().len())
    }

    /// A number key: on the list, chooses the instrument of that number; on
    /// an item, answers it with that value when it is one of its answers.
    /// Returns whether the answers changed.
    pub fn press_number(&mut self, number: u8, now: DateTime<Utc>) -> bool {
        if let Step::Choose { .. } = self.step {
            if let Some(&instrument) = usize::from(number).checked_sub(1).and_then(|i| Instrument::ALL.get(i)) {
                self.start(instrument, Vec::new(), now);
            }
            return false;
        }
        match &mut self.step {
            Step::Choose { .. } => false,
            Step::Answer { instrument, answers } => {
                let allowed = instrument.items().get(answers.len()).is_some_and(|item| item.words_of(number).is_some());
                if allowed {
                    answers.push(number);
                    self.error = None;
                }
                allowed
            }
            Step::Saved(_) => false,
        }
    }

    /// Backspace: back one item, its answer taken back to be given again;
    /// before the first, back to the list. Returns whether the answers changed.
    pub fn back_one(&mut self) -> bool {
        match &mut self.step {
            Step::Answer { instrument, answers } => {
                self.error = None;
                if answers.pop().is_some() {
                    return true;
                }
                let selected = Instrument::ALL.iter().position(|i| i == instrument).unwrap_or(0);
                self.step = Step::Choose { selected };
                false
            }
            _ => false,
        }
    }

    /// Up and down on the list of instruments.
    pub fn move_choice(&mut self, delta: isize) {
        if let Step::Choose { selected } = &mut self.step {
            *selected = selected.saturating_add_signed(delta).min(Instrument::ALL.len() - 1);
        }
    }

    /// Enter on the list: the selected instrument.
    pub fn choose(&mut self, now: DateTime<Utc>) {
        if let Step::Choose { selected } = self.step
            && let Some(&instrument) = Instrument::ALL.get(selected)
        {
            self.start(instrument, Vec::new(), now);
        }
    }

    /// How it was given, the next way round (phone first).
    pub fn cycle_mode(&mut self) {
        let at = Mode::ALL.iter().position(|m| *m == self.mode).unwrap_or(0);
        self.mode = Mode::ALL[(at + 1) % Mode::ALL.len()];
    }

    /// The total, band and positives, once every item is answered.
    pub fn scored(&self) -> Option<Result<Scored, Invalid>> {
        match &self.step {
            Step::Answer { instrument, answers } if self.on_summary() => Some(score(*instrument, answers, self.gender)),
            _ => None,
        }
    }

    /// What the store records on save, taken `now`.
    pub fn to_screening(&self, now: DateTime<Utc>) -> Option<Screening> {
        match &self.step {
            Step::Answer { instrument, answers } if self.on_summary() => Some(Screening {
                client_id: self.client_id,
                instrument: *instrument,
                answers: answers.clone(),
                taken_at: now,
                mode: self.mode,
            }),
            _ => None,
        }
    }

    /// The draft to keep: None until something is answered, and once saved.
    pub fn draft(&self, user: &str, now: DateTime<Utc>) -> Option<ScreeningDraft> {
        match &self.step {
            Step::Answer { instrument, answers } if !answers.is_empty() => Some(ScreeningDraft {
                user: user.to_string(),
                client_id: self.client_id,
                instrument: *instrument,
                mode: self.mode,
                answers: answers.clone(),
                updated_at: now,
                created_at: self.created_at,
            }),
            _ => None,
        }
    }

    /// After saving: whether it offers anything (the PHQ-9 after a positive
    /// PHQ-2, a referral for a social need) or has instructions to read (item 9).
    pub fn has_offers(assessment: &Assessment) -> bool {
        offers_phq9(assessment) || !referral_needs(assessment).is_empty() || assessment.has(Flag::Item9)
    }
}

/// A positive PHQ-2 offers the PHQ-9 at once.
pub fn offers_phq9(assessment: &Assessment) -> bool {
    assessment.instrument == Instrument::Phq2 && assessment.band == crate::domain::screening::Band::Positive
}

/// The AHC HRSN's positive needs a referral can meet, in the order offered.
pub fn referral_needs(assessment: &Assessment) -> Vec<Flag> {
    REFERRAL_NEEDS.into_iter().filter(|flag| assessment.has(*flag)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc)
    }

    #[test]
    fn number_keys_answer_only_with_allowed_values_and_backspace_takes_one_back() {
        let mut s = Administering::new(1, "Quill, Ada".into(), Gender::Female, now());
        assert!(!s.press_number(2, now()), "choosing changes no answers");
        assert_eq!(s.instrument(), Some(Instrument::Phq9));
        assert!(!s.press_number(4, now()), "PHQ-9 answers are 0 to 3");
        assert!(s.press_number(3, now()) && s.press_number(1, now()));
        assert_eq!(s.current_item().map(|i| i.number), Some(3));
        assert!(s.back_one());
        assert_eq!(s.current_item().map(|i| i.number), Some(2));
        assert!(s.back_one() && !s.back_one(), "before the first item: the list again");
        assert_eq!(s.step, Step::Choose { selected: 1 });
    }

    #[test]
    fn the_hrsn_safety_items_start_at_one() {
        let mut s = Administering::new(1, "Quill, Ada".into(), Gender::Unknown, now());
        s.start(Instrument::Hrsn, vec![0, 0, 0, 0, 0, 0], now());
        assert!(!s.press_number(0, now()), "safety items are answered 1 (never) to 5 (frequently)");
        assert!(s.press_number(5, now()));
    }
}
