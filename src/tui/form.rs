//! A generic form: labelled fields (text, dates in the forms of SPEC §4,
//! numbers, choices, yes/no), the focused field, and the error to show under
//! a field. Plain data and key handling only; `forms` says what each form
//! saves and `view::form` draws it.

use std::fmt::Display;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::action::Action;
use super::keymap::{Context, Keymap};
use crate::domain::dates::{parse_date, parse_datetime};
use crate::domain::time::Now;
use crate::domain::validation::required_text;
use crate::domain::{Invalid, Labelled};
use crate::store::StoreError;

/// One option of a choice: the value saved and the text shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text,
    /// A calendar date: `2026-12-01`, `today`, `+3d`, `friday`…
    Date,
    /// A local date and time: `tomorrow 14:30`, `2026-12-01 09:00`…
    DateTime,
    Number,
    Choice(Vec<Choice>),
    YesNo,
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The record's field name, as the domain's `Invalid` names it.
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    /// What was typed (text, date, date-time and number fields).
    pub input: Input,
    /// The chosen option (choice fields; yes/no: 0 no, 1 yes).
    pub selected: usize,
    /// Other names the domain uses for this field in its errors.
    aliases: &'static [&'static str],
}

impl Field {
    fn typed(kind: FieldKind, name: &'static str, label: &'static str, value: impl Into<String>) -> Field {
        Field { name, label, kind, input: Input::new(value.into()), selected: 0, aliases: &[] }
    }

    pub fn text(name: &'static str, label: &'static str, value: impl Into<String>) -> Field {
        Field::typed(FieldKind::Text, name, label, value)
    }

    pub fn date(name: &'static str, label: &'static str, value: impl Into<String>) -> Field {
        Field::typed(FieldKind::Date, name, label, value)
    }

    pub fn datetime(name: &'static str, label: &'static str, value: impl Into<String>) -> Field {
        Field::typed(FieldKind::DateTime, name, label, value)
    }

    pub fn number(name: &'static str, label: &'static str, value: impl Into<String>) -> Field {
        Field::typed(FieldKind::Number, name, label, value)
    }

    pub fn choice(name: &'static str, label: &'static str, options: Vec<Choice>, selected: usize) -> Field {
        let selected = selected.min(options.len().saturating_sub(1));
        Field { selected, ..Field::typed(FieldKind::Choice(options), name, label, "") }
    }

    /// A choice among a word enum's values (`T::ALL`), starting at `current`.
    /// Each is shown by its label ("no-show") and saved as its word ("no_show").
    pub fn words<T: Labelled + PartialEq + Display>(
        name: &'static str,
        label: &'static str,
        all: &[T],
        current: T,
    ) -> Field {
        let options = all.iter().map(|w| Choice { value: w.to_string(), label: w.label().to_string() }).collect();
        Field::choice(name, label, options, all.iter().position(|w| *w == current).unwrap_or(0))
    }

    pub fn yes_no(name: &'static str, label: &'static str, yes: bool) -> Field {
        Field { selected: usize::from(yes), ..Field::typed(FieldKind::YesNo, name, label, "") }
    }

    /// Errors the domain raises under these names land on this field too.
    pub fn alias(mut self, aliases: &'static [&'static str]) -> Field {
        self.aliases = aliases;
        self
    }

    /// Whether typing goes into this field (rather than choosing).
    pub fn is_typed(&self) -> bool {
        !matches!(self.kind, FieldKind::Choice(_) | FieldKind::YesNo)
    }

    /// The value as shown: what was typed, or the chosen option.
    pub fn shown(&self) -> &str {
        match &self.kind {
            FieldKind::Choice(options) => options.get(self.selected).map_or("", |o| o.label.as_str()),
            FieldKind::YesNo if self.selected == 1 => "yes",
            FieldKind::YesNo => "no",
            _ => self.input.value(),
        }
    }

    fn choose(&mut self, step: isize) {
        let count = match &self.kind {
            FieldKind::Choice(options) => options.len(),
            FieldKind::YesNo => 2,
            _ => return,
        };
        if count > 0 {
            self.selected = (self.selected as isize + step).rem_euclid(count as isize) as usize;
        }
    }
}

/// A problem to show in the form: under a field, or (None) for the whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormError {
    pub field: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

/// What a key press did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    Stay,
    Submit,
    Cancel,
    /// The key list was asked for.
    Help,
}

/// A form; `purpose` is whatever its owner needs to know to save it (the
/// concrete forms' `Purpose`; nothing for the note editor's fields, which
/// it saves itself). The form knows nothing of what it is for.
#[derive(Debug, Clone)]
pub struct Form<P> {
    pub title: String,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<FormError>,
    pub purpose: P,
    /// The moment relative dates ("tomorrow", "+3d") count from.
    pub now: Now,
    /// Something to look at again before saving (a follow-up due in the
    /// past): shown under its field; saving again as it is goes ahead.
    pub warning: Option<FormError>,
    /// Esc was pressed after something was typed: the next key says
    /// whether to throw it away.
    pub asking_cancel: bool,
    /// Each field's value as the form opened, to tell whether anything changed.
    opened: Vec<(String, usize)>,
}

impl<P> Form<P> {
    pub fn new(title: impl Into<String>, purpose: P, now: Now, fields: Vec<Field>) -> Form<P> {
        let opened = values(&fields);
        Form {
            title: title.into(),
            fields,
            focus: 0,
            error: None,
            purpose,
            now,
            warning: None,
            asking_cancel: false,
            opened,
        }
    }

    /// Whether anything was typed or chosen since the form opened.
    pub fn is_changed(&self) -> bool {
        values(&self.fields) != self.opened
    }

    /// A key the table binds for forms does its action; any other is
    /// typing (or choosing) in the focused field. Esc after typing asks
    /// first, as the note editor does.
    pub fn handle_key(&mut self, keymap: &Keymap, key: KeyEvent) -> FormEvent {
        if self.asking_cancel {
            self.asking_cancel = false;
            return match keymap.resolve(Context::FormPrompt, key) {
                Some(Action::ConfirmDiscard) => FormEvent::Cancel,
                _ => FormEvent::Stay,
            };
        }
        let last = self.fields.len().saturating_sub(1);
        match keymap.resolve(Context::Form, key) {
            Some(Action::Back) if self.is_changed() => self.asking_cancel = true,
            Some(Action::Back) => return FormEvent::Cancel,
            Some(Action::SaveNote) => return FormEvent::Submit,
            Some(Action::Help) => return FormEvent::Help,
            Some(Action::Confirm) if self.focus >= last => return FormEvent::Submit,
            Some(Action::Confirm | Action::NextField) => self.move_focus(1),
            Some(Action::PreviousField) => self.move_focus(-1),
            _ => {
                self.edit_focused(key);
            }
        }
        FormEvent::Stay
    }

    /// Checks the field being left, then focuses the next (or previous) one.
    pub fn move_focus(&mut self, step: isize) {
        self.check_focused();
        let count = self.fields.len().max(1) as isize;
        self.focus = (self.focus as isize + step).rem_euclid(count) as usize;
    }

    /// Types into, or chooses in, the focused field; returns whether it changed.
    pub fn edit_focused(&mut self, key: KeyEvent) -> bool {
        let focus = self.focus;
        let Some(field) = self.fields.get_mut(focus) else { return false };
        let changed = if field.is_typed() {
            field.input.handle_event(&Event::Key(key)).is_some_and(|c| c.value)
        } else {
            match key.code {
                KeyCode::Left => field.choose(-1),
                KeyCode::Right | KeyCode::Char(' ') => field.choose(1),
                _ => return false,
            }
            true
        };
        // A field's error (and warning) goes once the field is changed.
        if changed && self.error.as_ref().is_some_and(|e| e.field == Some(focus)) {
            self.error = None;
        }
        if changed && self.warning.as_ref().is_some_and(|w| w.field == Some(focus)) {
            self.warning = None;
        }
        changed
    }

    /// Pasted text goes into the focused field as typed (on one line).
    pub fn paste(&mut self, text: &str) -> bool {
        let Some(field) = self.fields.get_mut(self.focus).filter(|f| f.is_typed()) else { return false };
        let mut value = field.input.value().to_string();
        let cursor = value.char_indices().nth(field.input.cursor()).map_or(value.len(), |(i, _)| i);
        let flat: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        value.insert_str(cursor, &flat);
        let moved = field.input.cursor() + flat.chars().count();
        field.input = Input::new(value).with_cursor(moved);
        true
    }

    /// Inline validation: a date or number is checked as soon as it is left.
    pub fn check_focused(&mut self) {
        let Some(field) = self.fields.get(self.focus) else { return };
        let checked = match field.kind {
            FieldKind::Date => self.date(field.name).map(|_| ()),
            FieldKind::DateTime if !field.input.value().trim().is_empty() => self.datetime(field.name).map(|_| ()),
            FieldKind::Number => self.number(field.name).map(|_| ()),
            _ => Ok(()),
        };
        match checked {
            Err(invalid) => self.show_error(&StoreError::Invalid(invalid)),
            Ok(()) if self.error.as_ref().is_some_and(|e| e.field == Some(self.focus)) => self.error = None,
            Ok(()) => {}
        }
    }

    /// Whether a save may go ahead despite `warning`: yes when the same
    /// warning was shown on the last submit and nothing it is about changed
    /// since; otherwise it is shown now (under its field) and the save waits.
    pub fn confirm_warning(&mut self, warning: &Invalid) -> bool {
        let shown = FormError {
            field: self.index_of(warning.field),
            message: sentence(&warning.message),
            hint: Some(warning.hint.clone()).filter(|h| !h.is_empty()),
        };
        if self.warning.as_ref() == Some(&shown) {
            return true;
        }
        self.warning = Some(shown);
        false
    }

    /// Puts an error from saving on its field (by the name the domain gave
    /// it), or on the whole form; everything typed stays as it was, and so
    /// does the focus: the next key still types where the user was (the
    /// view marks the failing field and names it in the footer).
    pub fn show_error(&mut self, error: &StoreError) {
        let (field, message, hint) = match error {
            StoreError::Invalid(invalid) => {
                (self.index_of(invalid.field), invalid.message.clone(), invalid.hint.clone())
            }
            other => (None, other.to_string(), other.hint()),
        };
        // Hints written for the command line (its flags and commands) would
        // mislead here, and "give a value for …" only repeats the message.
        let hint = Some(hint)
            .filter(|h| !h.is_empty() && !h.contains("--") && !h.contains('`') && !h.starts_with("give a value"));
        self.error = Some(FormError { field, message: sentence(&message), hint });
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name || f.aliases.contains(&name))
    }

    fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    pub fn field_mut(&mut self, name: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.name == name)
    }

    /// What was typed in a field, trimmed.
    pub fn text(&self, name: &str) -> &str {
        self.field(name).map_or("", |f| f.input.value().trim())
    }

    /// A text field where blank means absent.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name)).filter(|t| !t.is_empty()).map(str::to_string)
    }

    /// A date field; blank is None.
    pub fn date(&self, name: &'static str) -> Result<Option<NaiveDate>, Invalid> {
        let text = self.text(name);
        if text.is_empty() {
            return Ok(None);
        }
        parse_date(name, text, self.now.today()).map(Some)
    }

    pub fn required_date(&self, name: &'static str) -> Result<NaiveDate, Invalid> {
        let text = required_text(name, self.text(name))?;
        parse_date(name, &text, self.now.today())
    }

    /// A local date-time field, as the UTC instant it names.
    pub fn datetime(&self, name: &'static str) -> Result<DateTime<Utc>, Invalid> {
        let text = required_text(name, self.text(name))?;
        self.now.zone.local_to_utc(name, parse_datetime(name, &text, self.now.local())?)
    }

    /// A whole-number field; blank is None.
    pub fn number(&self, name: &'static str) -> Result<Option<i64>, Invalid> {
        let text = self.text(name);
        if text.is_empty() {
            return Ok(None);
        }
        text.parse()
            .map(Some)
            .map_err(|_| Invalid::new(name, format!("{text:?} is not a whole number"), "type digits only, e.g. 30"))
    }

    /// The value of the chosen option.
    pub fn chosen(&self, name: &str) -> &str {
        self.field(name).map_or("", |f| match &f.kind {
            FieldKind::Choice(options) => options.get(f.selected).map_or("", |o| o.value.as_str()),
            _ => "",
        })
    }

    /// What a field shows: typed text or the chosen option's label.
    pub fn shown(&self, name: &str) -> &str {
        self.field(name).map_or("", Field::shown)
    }

    /// The chosen word of a word enum.
    pub fn word<T: FromStr<Err = Invalid>>(&self, name: &str) -> Result<T, Invalid> {
        self.chosen(name).parse()
    }

    /// The chosen word, or None for an option that leaves the value as it is.
    pub fn word_or_keep<T: FromStr<Err = Invalid>>(&self, name: &str) -> Result<Option<T>, Invalid> {
        match self.chosen(name) {
            KEEP => Ok(None),
            word => word.parse().map(Some),
        }
    }

    /// The record id of a choice among records.
    pub fn id(&self, name: &'static str) -> Result<i64, Invalid> {
        self.chosen(name).parse().map_err(|_| Invalid::new(name, "choose a record first", "use Left/Right to choose"))
    }

    pub fn yes(&self, name: &str) -> bool {
        self.field(name).is_some_and(|f| f.selected == 1)
    }
}

/// The value of the "leave as it is" option of `keep_or_words`.
const KEEP: &str = "";

/// A choice of a word enum's values after a first option that changes nothing.
pub fn keep_or_words<T: Labelled + Display>(name: &'static str, label: &'static str, all: &[T]) -> Field {
    let keep = Choice { value: KEEP.into(), label: "(unchanged)".into() };
    let words = all.iter().map(|w| Choice { value: w.to_string(), label: w.label().to_string() });
    Field::choice(name, label, std::iter::once(keep).chain(words).collect(), 0)
}

/// What each field holds (typed text, chosen option).
fn values(fields: &[Field]) -> Vec<(String, usize)> {
    fields.iter().map(|f| (f.input.value().to_string(), f.selected)).collect()
}

/// Store and domain messages are lower-case clauses; a form shows sentences.
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyModifiers;

    use super::*;

    fn now() -> Now {
        Now::new(
            DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc),
            crate::domain::time::Zone::UTC,
        )
    }

    fn keymap() -> Keymap {
        Keymap::with_overrides(&Default::default()).expect("default keys")
    }

    fn press(form: &mut Form<()>, code: KeyCode) -> FormEvent {
        form.handle_key(&keymap(), KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn sample() -> Form<()> {
        let fields = vec![
            Field::text("title", "Title", ""),
            Field::date("due", "Due", ""),
            Field::words("risk", "Risk", crate::domain::client::Risk::ALL, crate::domain::client::Risk::Medium),
        ];
        Form::new("Sample", (), now(), fields)
    }

    #[test]
    fn typing_moving_and_choosing() {
        let mut form = sample();
        for c in "Call".chars() {
            press(&mut form, KeyCode::Char(c));
        }
        assert_eq!(form.text("title"), "Call");
        assert_eq!(press(&mut form, KeyCode::Tab), FormEvent::Stay);
        assert_eq!(form.focus, 1);
        press(&mut form, KeyCode::Down);
        press(&mut form, KeyCode::Right);
        assert_eq!(form.chosen("risk"), "low");
        press(&mut form, KeyCode::Char(' '));
        assert_eq!(form.chosen("risk"), "high");
        press(&mut form, KeyCode::Left);
        assert_eq!(form.chosen("risk"), "low");
        assert_eq!(press(&mut form, KeyCode::BackTab), FormEvent::Stay);
        assert_eq!(form.focus, 1);
        assert_eq!(press(&mut form, KeyCode::Esc), FormEvent::Stay, "typed: Esc asks first");
        assert!(form.asking_cancel);
        assert_eq!(press(&mut form, KeyCode::Char('n')), FormEvent::Stay, "any other key goes back");
        assert_eq!(form.text("title"), "Call");
        press(&mut form, KeyCode::Esc);
        assert_eq!(press(&mut form, KeyCode::Char('y')), FormEvent::Cancel);
        assert_eq!(press(&mut sample(), KeyCode::Esc), FormEvent::Cancel, "nothing typed: at once");
    }

    #[test]
    fn a_bad_date_is_flagged_when_left_and_cleared_when_fixed() {
        let mut form = sample();
        press(&mut form, KeyCode::Tab);
        for c in "31/12".chars() {
            press(&mut form, KeyCode::Char(c));
        }
        press(&mut form, KeyCode::Tab);
        let error = form.error.clone().expect("flagged");
        assert_eq!(error.field, Some(1));
        assert!(error.message.starts_with("\"31/12\" is not a date"), "{error:?}");
        assert!(error.hint.is_some_and(|h| h.contains("YYYY-MM-DD")));
        press(&mut form, KeyCode::BackTab);
        press(&mut form, KeyCode::Backspace);
        assert_eq!(form.error, None, "editing the field clears its error");
        assert_eq!(form.text("due"), "31/1");
    }

    #[test]
    fn enter_on_the_last_field_or_ctrl_s_submits() {
        let mut form = sample();
        assert_eq!(press(&mut form, KeyCode::Enter), FormEvent::Stay);
        assert_eq!(press(&mut form, KeyCode::Enter), FormEvent::Stay);
        assert_eq!(press(&mut form, KeyCode::Enter), FormEvent::Submit);
        let mut form = sample();
        assert_eq!(
            form.handle_key(&keymap(), KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            FormEvent::Submit
        );
    }

    #[test]
    fn errors_land_on_their_field_or_the_whole_form() {
        let mut form = sample();
        form.show_error(&Invalid::new("due", "due cannot be empty", "give --due a date").into());
        let error = form.error.clone().expect("shown");
        assert_eq!((error.field, error.message.as_str(), error.hint), (Some(1), "Due cannot be empty", None));
        assert_eq!(form.focus, 0, "the focus stays where the user was");
        form.show_error(&StoreError::Busy);
        assert_eq!(form.error.as_ref().and_then(|e| e.field), None);
    }

    #[test]
    fn dates_and_numbers_read_relative_to_the_form_clock() {
        let mut form = sample();
        form.fields[1].input = Input::new("tomorrow".into());
        assert_eq!(form.date("due"), Ok(NaiveDate::from_ymd_opt(2026, 11, 24)));
        form.fields[0].input = Input::new("12x".into());
        assert!(form.number("title").is_err());
        assert_eq!(form.required_date("title").map_err(|e| e.field), Err("title"));
    }
}
