//! The note editor's state: the body (a text area with word wrap, undo and
//! paste), the call timer, the note's fields with the next follow-up, and
//! what a key does to them. Plain data; `editing` asks for the note to be
//! saved, `view` draws it.

use chrono::{DateTime, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use super::drafts::DraftStatus;
use super::form::{Field, Form};
use super::snapshot::NotePrograms;
use crate::domain::Invalid;
use crate::domain::billing::progress_line;
use crate::domain::draft::{CallTimer, Draft, DraftFields};
use crate::domain::followup::Followup;
use crate::domain::note::{ContactType, Direction, Note, Outcome};
use crate::domain::time::Now;
use crate::domain::validation::{minutes, required_text};
use crate::store::drafts::new_draft_id;
use crate::store::notes::NoteSave;

/// A question over the editor, answered before typing goes on.
#[derive(Debug, Clone, PartialEq)]
pub enum Prompt {
    /// Esc: keep the draft, discard it, or go back to the note.
    Close,
    /// Choose a template from the config to insert at the cursor.
    Templates { names: Vec<String>, selected: usize },
}

pub struct Editor {
    pub(super) client_id: i64,
    /// As shown (initials when redacted).
    pub(super) client_name: String,
    pub(super) draft_id: i64,
    pub(super) created_at: DateTime<Utc>,
    pub(super) body: TextArea<'static>,
    /// Type, direction, outcome, minutes, when, and the next follow-up.
    pub(super) fields: Form<()>,
    /// Typing goes to the body; otherwise to the focused field.
    pub(super) in_body: bool,
    pub(super) timer: CallTimer,
    /// The minutes were typed by hand: the timer no longer fills them.
    pub(super) minutes_typed: bool,
    /// Something was typed since the editor opened (Esc then asks).
    pub(super) changed: bool,
    pub(super) prompt: Option<Prompt>,
    /// What became of the draft, as last heard from the keeper; None until
    /// something is typed (a new note has no draft yet).
    pub(super) draft_status: Option<DraftStatus>,
    /// A save found the database busy: it is tried again every second.
    pub(super) retrying: bool,
    /// This month's minutes in each of the client's programs, "CCM 14/20
    /// min · BHI 5/20 min", once loaded (None before, or with none).
    pub(super) minutes_line: Option<String>,
    /// The program chosen, kept until the Program field exists (a resumed
    /// draft's choice, before the client's programs have loaded).
    pub(super) program: String,
}

impl Editor {
    /// A new note for a client; the call timer starts now.
    pub fn new(client_id: i64, client_name: String, now: Now) -> Editor {
        let contact_at = now.local().format("%Y-%m-%d %H:%M").to_string();
        let fields = DraftFields {
            contact_type: ContactType::Phone.to_string(),
            direction: Direction::Outbound.to_string(),
            outcome: Outcome::Reached.to_string(),
            minutes: "0".into(),
            contact_at,
            ..DraftFields::default()
        };
        Editor::build(client_id, client_name, new_draft_id(), now, &fields, "", CallTimer::start(now.instant))
            .created(now.instant)
    }

    /// A saved draft, as it was left; its timer waits, paused.
    pub fn resume(draft: &Draft, client_name: String, now: Now) -> Editor {
        let mut editor = Editor::build(
            draft.client_id,
            client_name,
            draft.id,
            now,
            &draft.fields,
            &draft.body,
            draft.timer_as_saved(),
        )
        .created(draft.created_at);
        editor.minutes_typed = draft.fields.minutes_typed;
        editor
    }

    fn build(
        client_id: i64,
        client_name: String,
        draft_id: i64,
        now: Now,
        saved: &DraftFields,
        body: &str,
        timer: CallTimer,
    ) -> Editor {
        let fields = vec![
            Field::words("contact_type", "Type", ContactType::ALL, word(&saved.contact_type, ContactType::Phone)),
            Field::words("direction", "Direction", Direction::ALL, word(&saved.direction, Direction::Outbound)),
            Field::words("outcome", "Outcome", Outcome::ALL, word(&saved.outcome, Outcome::Reached)),
            Field::number("minutes", "Minutes", saved.minutes.as_str()),
            Field::datetime("contact_at", "When", saved.contact_at.as_str()),
            Field::date("followup_due", "Follow-up", saved.followup_due.as_str()),
            Field::text("followup_title", "Title", saved.followup_title.as_str()).alias(&["title"]),
        ];
        let mut text = TextArea::new(body.split('\n').map(str::to_string).collect());
        text.set_wrap_mode(WrapMode::WordOrGlyph);
        text.set_cursor_line_style(ratatui::style::Style::new());
        text.move_cursor(ratatui_textarea::CursorMove::Bottom);
        text.move_cursor(ratatui_textarea::CursorMove::End);
        Editor {
            client_id,
            client_name,
            draft_id,
            created_at: now.instant,
            body: text,
            fields: Form::new("", (), now, fields),
            in_body: true,
            timer,
            minutes_typed: false,
            changed: false,
            prompt: None,
            draft_status: None,
            retrying: false,
            minutes_line: None,
            program: saved.program.clone(),
        }
    }

    fn created(mut self, at: DateTime<Utc>) -> Editor {
        self.created_at = at;
        self
    }

    /// The client's programs, loaded after the editor opened: the month's
    /// minutes line, and a Program field choosing among the open time-based
    /// enrollments (the earliest first; the only one when there is one).
    pub fn set_programs(&mut self, programs: &NotePrograms) {
        if programs.client_id != self.client_id {
            return;
        }
        self.minutes_line = progress_line(&programs.progress);
        self.program = self.program_chosen().to_string();
        self.fields.fields.retain(|f| f.name != "program");
        if let Some(first) = programs.open.first() {
            let at = self.fields.fields.iter().position(|f| f.name == "contact_at").unwrap_or(self.fields.fields.len());
            // The program chosen before, while the client is still in it.
            let chosen = word(&self.program, *first);
            self.fields.fields.insert(at, Field::words("program", "Program", &programs.open, chosen));
        }
    }

    /// The Program field's choice, or the one kept while there is no field.
    fn program_chosen(&self) -> &str {
        if self.fields.fields.iter().any(|f| f.name == "program") {
            self.fields.chosen("program")
        } else {
            &self.program
        }
    }

    /// The client the note is about.
    pub fn client_id(&self) -> i64 {
        self.client_id
    }

    /// Type, direction, outcome, minutes, when, and the follow-up.
    pub fn fields(&self) -> &Form<()> {
        &self.fields
    }

    pub fn body_text(&self) -> String {
        self.body.lines().join("\n")
    }

    /// The draft as it stands, for the draft keeper.
    pub fn draft(&self, user: &str, now: DateTime<Utc>) -> Draft {
        let text = |name| self.fields.text(name).to_string();
        Draft {
            id: self.draft_id,
            user: user.to_string(),
            client_id: self.client_id,
            body: self.body_text(),
            timer_started_at: self.timer.running_since,
            fields: DraftFields {
                contact_type: self.fields.chosen("contact_type").to_string(),
                direction: self.fields.chosen("direction").to_string(),
                outcome: self.fields.chosen("outcome").to_string(),
                minutes: text("minutes"),
                minutes_typed: self.minutes_typed,
                contact_at: text("contact_at"),
                followup_due: text("followup_due"),
                followup_title: text("followup_title"),
                program: self.program_chosen().to_string(),
                timer_seconds: self.timer.banked_seconds,
            },
            updated_at: now,
            created_at: self.created_at,
        }
    }

    /// A key that is not one of the editor's own: typing, into the body or
    /// the focused field. Returns whether the note changed.
    pub fn type_key(&mut self, key: KeyEvent) -> bool {
        let changed = if self.in_body {
            let undo = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('z');
            if undo { self.body.undo() } else { self.body.input(key) }
        } else {
            let changed = self.fields.edit_focused(key);
            if changed && self.focused_field() == Some("minutes") {
                self.minutes_typed = true;
            }
            changed
        };
        self.changed |= changed;
        changed
    }

    /// Pasted text (bracketed paste): into the body with its line breaks,
    /// or into the focused field on one line.
    pub fn paste(&mut self, text: &str) -> bool {
        let changed = if self.in_body {
            self.body.insert_str(crate::domain::text::line_feeds(text))
        } else {
            self.fields.paste(text)
        };
        self.changed |= changed;
        changed
    }

    pub fn insert_template(&mut self, text: &str) {
        self.in_body = true;
        self.changed |= self.body.insert_str(text);
    }

    fn focused_field(&self) -> Option<&'static str> {
        (!self.in_body).then(|| self.fields.fields.get(self.fields.focus).map(|f| f.name)).flatten()
    }

    /// Tab: the body, then each field, then the body again (and back).
    pub fn cycle_focus(&mut self, forward: bool) {
        let last = self.fields.fields.len().saturating_sub(1);
        match (self.in_body, forward) {
            (true, true) => (self.in_body, self.fields.focus) = (false, 0),
            (true, false) => (self.in_body, self.fields.focus) = (false, last),
            (false, true) if self.fields.focus == last => self.leave_fields(),
            (false, false) if self.fields.focus == 0 => self.leave_fields(),
            (false, true) => self.fields.move_focus(1),
            (false, false) => self.fields.move_focus(-1),
        }
    }

    fn leave_fields(&mut self) {
        self.fields.check_focused();
        self.in_body = true;
    }

    pub fn toggle_timer(&mut self, now: DateTime<Utc>) {
        self.timer.toggle(now);
        self.changed = true;
    }

    /// The minutes follow the timer until typed by hand. Returns whether
    /// they changed.
    pub fn follow_timer(&mut self, now: DateTime<Utc>) -> bool {
        if self.minutes_typed {
            return false;
        }
        let minutes = self.timer.minutes(now).to_string();
        match self.fields.field_mut("minutes") {
            Some(field) if field.input.value() != minutes => {
                field.input = minutes.into();
                true
            }
            _ => false,
        }
    }

    /// Shows a refusal: under its field (focused), or for the whole note.
    pub fn show_error(&mut self, error: &crate::store::StoreError) {
        self.fields.show_error(error);
        self.in_body = self.fields.error.as_ref().is_none_or(|e| e.field.is_none());
    }

    /// The note, the follow-up and the draft to remove, checked as far as
    /// the editor can (the store checks the rest).
    pub fn to_save(&self, author: &str, now: Now) -> Result<NoteSave, Invalid> {
        let note = Note {
            id: 0,
            client_id: self.client_id,
            author: author.to_string(),
            contact_at: self.fields.datetime("contact_at")?,
            contact_type: self.fields.word("contact_type")?,
            direction: self.fields.word("direction")?,
            outcome: self.fields.word("outcome")?,
            minutes: minutes("minutes", self.fields.number("minutes")?.unwrap_or(0), true)?,
            body: self.body_text(),
            program: self.fields.chosen("program").parse().ok(),
            addendum_of: None,
            created_at: now.instant,
        };
        let followup = match self.fields.date("followup_due")? {
            Some(due_on) => {
                let title = required_text("followup_title", self.fields.text("followup_title"))?;
                Some(Followup::new(self.client_id, &title, due_on, author, now.instant))
            }
            None if !self.fields.text("followup_title").is_empty() => {
                return Err(Invalid::new(
                    "followup_due",
                    "the follow-up has a title but no date",
                    "give it a date (+3d, friday, 2026-12-01) or clear its title",
                ));
            }
            None => None,
        };
        Ok(NoteSave { note, followup, draft_id: Some(self.draft_id) })
    }
}

/// A saved word, or the default when the draft holds one this version does not know.
fn word<T: std::str::FromStr>(text: &str, default: T) -> T {
    text.parse().unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Now {
        Now::new(
            DateTime::parse_from_rfc3339("2026-11-23T15:00:00Z").expect("instant").with_timezone(&Utc),
            crate::domain::time::Zone::UTC,
        )
    }

    fn press(editor: &mut Editor, code: KeyCode) -> bool {
        editor.type_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn typing_goes_to_the_body_then_tab_reaches_each_field() {
        let mut editor = Editor::new(7, "Ada Quill".into(), now());
        for c in "Hello".chars() {
            press(&mut editor, KeyCode::Char(c));
        }
        press(&mut editor, KeyCode::Enter);
        press(&mut editor, KeyCode::Char('x'));
        assert_eq!(editor.body_text(), "Hello\nx");
        editor.cycle_focus(true);
        assert_eq!(editor.focused_field(), Some("contact_type"));
        press(&mut editor, KeyCode::Right);
        assert_eq!(editor.fields.chosen("contact_type"), "video");
        editor.cycle_focus(false);
        assert!(editor.in_body);
        editor.cycle_focus(false);
        assert_eq!(editor.focused_field(), Some("followup_title"));
        editor.cycle_focus(true);
        assert!(editor.in_body);
        assert!(editor.changed);
    }

    #[test]
    fn ctrl_z_undoes_typing_in_the_body() {
        let mut editor = Editor::new(7, "Ada Quill".into(), now());
        press(&mut editor, KeyCode::Char('a'));
        editor.type_key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL));
        assert_eq!(editor.body_text(), "");
    }

    #[test]
    fn minutes_follow_the_timer_until_typed() {
        let start = now();
        let mut editor = Editor::new(7, "Ada Quill".into(), start);
        let later = start.instant + chrono::Duration::seconds(200);
        assert!(editor.follow_timer(later));
        assert_eq!(editor.fields.text("minutes"), "3");
        editor.cycle_focus(true);
        (0..3).for_each(|_| editor.cycle_focus(true));
        assert_eq!(editor.focused_field(), Some("minutes"));
        press(&mut editor, KeyCode::Backspace);
        press(&mut editor, KeyCode::Char('9'));
        assert!(!editor.follow_timer(later + chrono::Duration::seconds(600)));
        assert_eq!(editor.fields.text("minutes"), "9");
    }

    #[test]
    fn a_draft_round_trips_through_resume() {
        let mut editor = Editor::new(7, "Ada Quill".into(), now());
        editor.paste("line one\r\nline two");
        editor.cycle_focus(false);
        editor.paste("Call back");
        let draft = editor.draft("casey", now().instant);
        let resumed = Editor::resume(&draft, "Ada Quill".into(), now());
        assert_eq!(resumed.body_text(), "line one\nline two");
        assert_eq!(resumed.fields.text("followup_title"), "Call back");
        // Everything comes back; the timer waits, paused.
        let paused = Draft { timer_started_at: None, ..draft.clone() };
        assert_eq!(resumed.draft(&draft.user, draft.updated_at), paused);
    }

    #[test]
    fn a_follow_up_needs_both_a_date_and_a_title() {
        let mut editor = Editor::new(7, "Ada Quill".into(), now());
        editor.paste("Reached, refill sorted.");
        editor.cycle_focus(false);
        editor.paste("Check the pharmacy");
        assert_eq!(editor.to_save("casey", now()).map(|_| ()).map_err(|e| e.field), Err("followup_due"));
        editor.cycle_focus(false);
        editor.paste("+3d");
        let save = editor.to_save("casey", now()).expect("valid");
        let followup = save.followup.expect("a follow-up");
        assert_eq!((followup.title.as_str(), followup.due_on.to_string()), ("Check the pharmacy", "2026-11-26".into()));
        assert_eq!(save.draft_id, Some(editor.draft_id));
    }
}
