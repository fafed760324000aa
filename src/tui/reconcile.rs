//! A medication reconciliation being made on the client screen (SPEC §10):
//! every active medication with what was found (still taken as listed,
//! stopped, or changed to a new dose or frequency), the date, the encounter
//! it follows and notes. Plain data and pure steps; saving is one change the
//! store makes in one transaction.

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::form::Choice;
use super::snapshot::ClientView;
use crate::domain::dates::parse_date;
use crate::domain::medication::{Medication, Reconciliation};
use crate::domain::time::Now;
use crate::domain::validation::required_text;
use crate::domain::{Invalid, word_enum};

word_enum!(
    /// What the reconciliation found about one medication.
    Decision, "decision" {
        Confirm => "confirm" ("confirm: taken as listed"),
        Stop => "stop" ("stop: no longer taken"),
        Change => "change" ("change: new dose or frequency"),
    }
);

/// What a saved reconciliation writes, in one transaction: the record, the
/// medications it stops (a changed one is stopped too) and the ones it adds.
#[derive(Debug, Clone)]
pub struct Reconciled {
    pub reconciliation: Reconciliation,
    pub stopped: Vec<i64>,
    pub added: Vec<Medication>,
}

/// One active medication and what was found about it.
#[derive(Debug, Clone)]
pub struct Row {
    pub medication: Medication,
    pub decision: Decision,
    /// The new dose and frequency (read when the decision is a change).
    pub dose: Input,
    pub frequency: Input,
}

/// A line of the screen the focus can be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Decision(usize),
    Dose(usize),
    Frequency(usize),
    On,
    Encounter,
    Notes,
}

#[derive(Debug, Clone)]
pub struct Reconciling {
    pub client_id: i64,
    /// As shown (initials under --redact).
    pub client_name: String,
    pub rows: Vec<Row>,
    pub on: Input,
    /// "(none)" first, then the client's discharges, most recent first.
    pub encounters: Vec<Choice>,
    pub encounter: usize,
    pub notes: Input,
    pub focus: Slot,
    /// Why the save was refused (or a date cannot be read).
    pub error: Option<String>,
    /// Esc was pressed after a change: the next key says whether to throw it away.
    pub asking_cancel: bool,
    /// The moment "today" counts from.
    pub now: Now,
    opened: String,
}

impl Reconciling {
    /// Every active medication confirmed, today, after the most recent discharge.
    pub fn new(view: &ClientView, client_name: String, now: Now) -> Reconciling {
        let rows: Vec<Row> = view
            .medications
            .iter()
            .filter(|m| m.is_active())
            .map(|m| Row {
                medication: m.clone(),
                decision: Decision::Confirm,
                dose: Input::new(m.dose.clone().unwrap_or_default()),
                frequency: Input::new(m.frequency.clone().unwrap_or_default()),
            })
            .collect();
        let mut discharges: Vec<_> = view.encounters.iter().filter(|e| e.discharged_on.is_some()).collect();
        discharges.sort_by_key(|e| std::cmp::Reverse((e.discharged_on, e.id)));
        let encounters: Vec<Choice> = std::iter::once(Choice { value: String::new(), label: "(none)".into() })
            .chain(discharges.iter().map(|e| Choice {
                value: e.id.to_string(),
                label: format!(
                    "#{} {} {}, discharged {}",
                    e.id,
                    e.kind.label(),
                    e.facility,
                    e.discharged_on.map(|d| d.to_string()).unwrap_or_default()
                ),
            }))
            .collect();
        let encounter = usize::from(encounters.len() > 1);
        let focus = if rows.is_empty() { Slot::On } else { Slot::Decision(0) };
        let mut reconciling = Reconciling {
            client_id: view.client.id,
            client_name,
            rows,
            on: Input::new("today".into()),
            encounters,
            encounter,
            notes: Input::default(),
            focus,
            error: None,
            asking_cancel: false,
            now,
            opened: String::new(),
        };
        reconciling.opened = reconciling.fingerprint();
        reconciling
    }

    /// The lines the focus moves through, in screen order: a changed
    /// medication's new dose and frequency follow it.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            slots.push(Slot::Decision(index));
            if row.decision == Decision::Change {
                slots.extend([Slot::Dose(index), Slot::Frequency(index)]);
            }
        }
        slots.extend([Slot::On, Slot::Encounter, Slot::Notes]);
        slots
    }

    /// Whether the focus is on the last line (Enter there saves).
    pub fn on_last(&self) -> bool {
        self.focus == Slot::Notes
    }

    pub fn move_focus(&mut self, step: isize) {
        let slots = self.slots();
        let at = slots.iter().position(|s| *s == self.focus).unwrap_or(0) as isize;
        let next = (at + step).rem_euclid(slots.len() as isize) as usize;
        self.focus = slots[next];
    }

    /// Whether anything was chosen or typed since the screen opened.
    pub fn is_changed(&self) -> bool {
        self.fingerprint() != self.opened
    }

    fn fingerprint(&self) -> String {
        let rows: Vec<String> =
            self.rows.iter().map(|r| format!("{}|{}|{}", r.decision, r.dose.value(), r.frequency.value())).collect();
        format!("{}|{}|{}|{}", rows.join(";"), self.on.value(), self.encounter, self.notes.value())
    }

    /// A key that is not an action: Left/Right (or Space) choose on a
    /// choice line, anything else types on a text line. Returns whether it changed anything.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        let step = match key.code {
            KeyCode::Left => -1,
            KeyCode::Right | KeyCode::Char(' ') => 1,
            _ => 0,
        };
        let changed = match self.focus {
            Slot::Decision(index) if step != 0 => {
                let Some(row) = self.rows.get_mut(index) else { return false };
                let at = Decision::ALL.iter().position(|d| *d == row.decision).unwrap_or(0) as isize;
                row.decision = Decision::ALL[(at + step).rem_euclid(Decision::ALL.len() as isize) as usize];
                true
            }
            Slot::Encounter if step != 0 && !self.encounters.is_empty() => {
                let count = self.encounters.len() as isize;
                self.encounter = (self.encounter as isize + step).rem_euclid(count) as usize;
                true
            }
            Slot::Decision(_) | Slot::Encounter => false,
            _ => self.input_mut().and_then(|input| input.handle_event(&Event::Key(key))).is_some_and(|c| c.value),
        };
        if changed {
            self.error = None;
        }
        changed
    }

    /// Pasted text goes into the focused text line (on one line).
    pub fn paste(&mut self, text: &str) -> bool {
        let Some(input) = self.input_mut() else { return false };
        let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let mut value = input.value().to_string();
        let cursor = value.char_indices().nth(input.cursor()).map_or(value.len(), |(i, _)| i);
        value.insert_str(cursor, &flat);
        let moved = input.cursor() + flat.chars().count();
        *input = Input::new(value).with_cursor(moved);
        true
    }

    fn input_mut(&mut self) -> Option<&mut Input> {
        match self.focus {
            Slot::Dose(index) => self.rows.get_mut(index).map(|r| &mut r.dose),
            Slot::Frequency(index) => self.rows.get_mut(index).map(|r| &mut r.frequency),
            Slot::On => Some(&mut self.on),
            Slot::Notes => Some(&mut self.notes),
            Slot::Decision(_) | Slot::Encounter => None,
        }
    }

    /// The reconciliation date as typed.
    pub fn date(&self) -> Result<NaiveDate, Invalid> {
        let text = required_text("on", self.on.value())?;
        parse_date("on", &text, self.now.today())
    }

    /// What saving asks the store to write; a changed medication is added
    /// anew from the reconciliation's date.
    pub fn to_save(&self, user: &str) -> Result<Reconciled, Invalid> {
        let on = self.date()?;
        let encounter_id = self.encounters.get(self.encounter).and_then(|c| c.value.parse().ok());
        let notes = Some(self.notes.value().trim().to_string()).filter(|n| !n.is_empty());
        let reconciliation = Reconciliation {
            id: 0,
            client_id: self.client_id,
            reconciled_on: on,
            encounter_id,
            by: user.to_string(),
            notes,
            created_by: user.to_string(),
            created_at: self.now.instant,
        };
        let mut stopped = Vec::new();
        let mut added = Vec::new();
        for row in &self.rows {
            let old = &row.medication;
            match row.decision {
                Decision::Confirm => {}
                Decision::Stop => stopped.push(old.id),
                Decision::Change => {
                    let typed = |input: &Input| Some(input.value().trim().to_string()).filter(|t| !t.is_empty());
                    let (dose, frequency) = (typed(&row.dose), typed(&row.frequency));
                    if dose == old.dose && frequency == old.frequency {
                        return Err(Invalid::new(
                            "change",
                            format!("{} is marked changed but its dose and frequency are as listed", old.name),
                            "type the new dose or frequency, or mark it confirm",
                        ));
                    }
                    stopped.push(old.id);
                    added.push(Medication {
                        id: 0,
                        dose,
                        frequency,
                        started_on: Some(on),
                        stopped_on: None,
                        notes: None,
                        created_by: user.to_string(),
                        created_at: self.now.instant,
                        ..old.clone()
                    });
                }
            }
        }
        Ok(Reconciled { reconciliation, stopped, added })
    }
}
