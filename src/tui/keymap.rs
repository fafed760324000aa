//! One table of keys: key → action per screen, with defaults in code and the
//! config's `[ui.keys]` on top. The help screen is drawn from this table, so
//! it can never disagree with what the keys do.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
pub use super::context::{Context, Screen};
use crate::errors::hinted;

use Context as C;
const BOTH: &[Context] = &[C::Main, C::Client];
const MAIN: &[Context] = &[C::Main];
const CLIENT: &[Context] = &[C::Client];
const EDITOR: &[Context] = &[C::Editor];
const TEXT: &[Context] = &[C::Editor, C::Form];
const PROMPT: &[Context] = &[C::ClosePrompt];
const DRAFTS: &[Context] = &[C::Drafts];
const CHOOSING: &[Context] = &[C::Main, C::Client, C::Templates, C::Drafts, C::Snoozes, C::Help];
const SCROLLING: &[Context] = &[C::Main, C::Client, C::Help];
const CONFIRMING: &[Context] = &[C::Form, C::Filter, C::Templates, C::Drafts];
const QUALITY: &[Context] = &[C::Quality, C::QualityEvents];
const EVERYWHERE: &[Context] =
    &[C::Main, C::Client, C::Editor, C::Form, C::Filter, C::ClosePrompt, C::Templates, C::Drafts, C::Snoozes];

/// The default keys: (action, keys, contexts).
const DEFAULTS: &[(Action, &[&str], &[Context])] = &[
    (Action::Help, &["?"], BOTH),
    (Action::Help, &["f1"], TEXT),
    (Action::Quit, &["q"], BOTH),
    (Action::FocusNext, &["tab"], MAIN),
    (Action::FocusPrevious, &["shift-tab"], MAIN),
    (Action::FocusCaseload, &["1"], MAIN),
    (Action::FocusToday, &["2"], MAIN),
    (Action::FocusAlerts, &["3"], MAIN),
    (Action::Down, &["j", "down"], CHOOSING),
    (Action::Up, &["k", "up"], CHOOSING),
    (Action::PageDown, &["pgdn", "ctrl-d"], SCROLLING),
    (Action::PageUp, &["pgup", "ctrl-u"], SCROLLING),
    (Action::Top, &["g", "home"], SCROLLING),
    (Action::Bottom, &["G", "end"], SCROLLING),
    (Action::Filter, &["/"], MAIN),
    (Action::Back, &["esc"], EVERYWHERE),
    (Action::Open, &["enter"], MAIN),
    (Action::Confirm, &["enter"], CONFIRMING),
    (Action::NextTab, &["tab", "l", "right"], CLIENT),
    (Action::PreviousTab, &["shift-tab", "h", "left"], CLIENT),
    (Action::Refresh, &["ctrl-r"], BOTH),
    (Action::CycleCaseload, &["T"], MAIN),
    (Action::AddClient, &["a"], MAIN),
    (Action::EditClient, &["e"], CLIENT),
    (Action::Discharge, &["x"], CLIENT),
    (Action::AddNote, &["n"], BOTH),
    (Action::AddFollowup, &["f"], BOTH),
    (Action::CompleteFollowup, &["d"], BOTH),
    (Action::SnoozeFollowup, &["z"], CLIENT),
    (Action::Schedule, &["s"], BOTH),
    (Action::SetAppointment, &["t"], CLIENT),
    (Action::SnoozeAlert, &["z"], MAIN),
    (Action::AddReferral, &["r"], CLIENT),
    (Action::MoveReferral, &["m"], CLIENT),
    (Action::AddEncounter, &["i"], CLIENT),
    (Action::AddPlanItem, &["p"], CLIENT),
    (Action::SetGoal, &["c"], CLIENT),
    (Action::ReviewPlan, &["v"], CLIENT),
    (Action::AmendNote, &["a"], CLIENT),
    (Action::Drafts, &["D"], BOTH),
    (Action::SaveNote, &["ctrl-s"], TEXT),
    (Action::ToggleTimer, &["ctrl-t"], EDITOR),
    (Action::InsertTemplate, &["ctrl-o"], EDITOR),
    (Action::NextField, &["tab"], EDITOR),
    (Action::PreviousField, &["shift-tab"], EDITOR),
    (Action::NextField, &["tab", "down"], &[C::Form]),
    (Action::PreviousField, &["shift-tab", "up"], &[C::Form]),
    (Action::KeepDraft, &["k"], PROMPT),
    (Action::DiscardDraft, &["d"], PROMPT),
    (Action::DiscardDraft, &["d", "delete"], DRAFTS),
    (Action::ConfirmDiscard, &["y"], DRAFTS),
    // Issue #14 (editor, help, search, demo): the demo's quit question.
    (Action::ConfirmQuit, &["y"], &[C::QuitPrompt]),
    (Action::Back, &["esc"], &[C::QuitPrompt]),
    (Action::ConfirmDiscard, &["y"], &[C::FormPrompt]),
    (Action::CycleAlertKind, &["K"], MAIN),
    (Action::ConfirmAppointment, &["c"], MAIN),
    (Action::CompleteAppointment, &["o"], MAIN),
    (Action::NoShowAppointment, &["N"], MAIN),
    (Action::CancelAppointment, &["X"], BOTH),
    (Action::RideNeeded, &["R"], MAIN),
    (Action::RideArranged, &["A"], MAIN),
    (Action::Snoozes, &["Z"], MAIN),
    (Action::EndSnooze, &["u"], &[C::Snoozes]),
    // Issue #14: full-text search over notes, and its results.
    (Action::SearchNotes, &["ctrl-f"], &[C::Main, C::Client, C::SearchResults]),
    (Action::Confirm, &["enter"], &[C::SearchQuery]),
    (Action::Down, &["j", "down"], &[C::SearchResults]),
    (Action::Up, &["k", "up"], &[C::SearchResults]),
    (Action::Open, &["enter"], &[C::SearchResults]),
    (Action::Back, &["esc"], &[C::SearchQuery, C::SearchResults]),
    // Questions that need an answer before anything else: y or n.
    (Action::Yes, &["y"], &[C::CancelPrompt, C::DischargeOffer]),
    (Action::No, &["n", "esc"], &[C::CancelPrompt, C::DischargeOffer]),
    // Issue #16: giving a screening. Its number keys answer and are not in
    // the table (as letters in a text are not).
    (Action::Administer, &["S"], CLIENT),
    (Action::Help, &["?", "f1"], &[C::Screening]),
    (Action::Back, &["esc"], &[C::Screening]),
    (Action::Confirm, &["enter"], &[C::Screening]),
    (Action::SaveNote, &["ctrl-s"], &[C::Screening]),
    (Action::PreviousItem, &["backspace"], &[C::Screening]),
    (Action::NextField, &["tab"], &[C::Screening]),
    (Action::Down, &["j", "down"], &[C::Screening]),
    (Action::Up, &["k", "up"], &[C::Screening]),
    (Action::Yes, &["y"], &[C::Screening]),
    (Action::No, &["n"], &[C::Screening]),
    // Issue #17: the quality screen, its measures and each one's misses.
    (Action::Quality, &["Q"], MAIN),
    (Action::Down, &["j", "down"], QUALITY),
    (Action::Up, &["k", "up"], QUALITY),
    (Action::PageDown, &["pgdn", "ctrl-d"], QUALITY),
    (Action::PageUp, &["pgup", "ctrl-u"], QUALITY),
    (Action::Top, &["g", "home"], QUALITY),
    (Action::Bottom, &["G", "end"], QUALITY),
    (Action::Open, &["enter"], QUALITY),
    (Action::Back, &["esc"], QUALITY),
    (Action::SwitchMonth, &["m"], QUALITY),
    (Action::CycleCaseload, &["T"], QUALITY),
    (Action::Refresh, &["ctrl-r"], QUALITY),
    (Action::Help, &["?"], QUALITY),
    (Action::Quit, &["q"], QUALITY),
    // Issue #17: the Medications tab and the reconciliation (its Left/Right
    // choose and are not in the table, as in forms).
    (Action::AddMedication, &["M"], CLIENT),
    (Action::StopMedication, &["O"], CLIENT),
    (Action::Reconcile, &["R"], CLIENT),
    (Action::Help, &["f1"], &[C::Reconcile]),
    (Action::Back, &["esc"], &[C::Reconcile]),
    (Action::SaveNote, &["ctrl-s"], &[C::Reconcile]),
    (Action::Confirm, &["enter"], &[C::Reconcile]),
    (Action::NextField, &["tab", "down"], &[C::Reconcile]),
    (Action::PreviousField, &["shift-tab", "up"], &[C::Reconcile]),
];

/// A key with its modifiers, as written in the config ("ctrl-s", "G", "pgdn").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    ctrl: bool,
    alt: bool,
}

impl Key {
    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text.trim();
        loop {
            let lower = rest.to_ascii_lowercase();
            if let Some(tail) = lower.strip_prefix("ctrl-").or_else(|| lower.strip_prefix("c-")) {
                ctrl = true;
                rest = &rest[rest.len() - tail.len()..];
            } else if let Some(tail) = lower.strip_prefix("alt-").or_else(|| lower.strip_prefix("m-")) {
                alt = true;
                rest = &rest[rest.len() - tail.len()..];
            } else {
                break;
            }
        }
        let code = match rest.to_ascii_lowercase().as_str() {
            "tab" => KeyCode::Tab,
            "shift-tab" | "backtab" => KeyCode::BackTab,
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "space" => KeyCode::Char(' '),
            "backspace" => KeyCode::Backspace,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "delete" | "del" => KeyCode::Delete,
            f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?),
            _ => {
                let mut chars = rest.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                // Ctrl combinations arrive lower-case.
                KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c })
            }
        };
        Some(Key { code, ctrl, alt })
    }

    /// A digit key (no Ctrl or Alt): what answers a screening's item.
    fn is_digit(&self) -> bool {
        matches!(self.code, KeyCode::Char(c) if c.is_ascii_digit()) && !self.ctrl && !self.alt
    }

    /// A key that puts a character in a text (no Ctrl or Alt).
    fn types_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    pub fn from_event(event: KeyEvent) -> Key {
        Key {
            code: match event.code {
                KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                    KeyCode::Char(c.to_ascii_lowercase())
                }
                other => other,
            },
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("Shift-Tab"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Backspace => f.write_str("Backspace"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One action with its keys and the contexts it works in.
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub contexts: &'static [Context],
}

#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: Vec<Binding>,
}

impl Keymap {
    /// The defaults with the config's overrides (`action = "key"` or
    /// `action = "key, key"`) on top. Refuses unknown actions, unreadable keys
    /// and two actions sharing a key on one screen.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> anyhow::Result<Keymap> {
        let mut bindings: Vec<Binding> = DEFAULTS
            .iter()
            .map(|(action, keys, contexts)| Binding {
                action: *action,
                keys: keys.iter().filter_map(|k| Key::parse(k)).collect(),
                contexts,
            })
            .collect();
        for (name, keys) in overrides {
            let action: Action = name.parse().map_err(|_| {
                hinted(
                    format!("the config's [ui.keys] names an unknown action {name:?}"),
                    format!("use one of: {}", Action::words()),
                )
            })?;
            let parsed = keys
                .split(',')
                .map(|k| {
                    Key::parse(k).ok_or_else(|| {
                        hinted(
                            format!("the config's [ui.keys] gives {name} a key caseload cannot read: {:?}", k.trim()),
                            "write keys like \"x\", \"G\", \"ctrl-s\", \"shift-tab\", \"pgdn\", \"f2\"",
                        )
                    })
                })
                .collect::<anyhow::Result<Vec<Key>>>()?;
            for binding in bindings.iter_mut().filter(|b| b.action == action) {
                binding.keys = parsed.clone();
            }
        }
        let keymap = Keymap { bindings };
        keymap.check_no_clashes()?;
        keymap.check_typing_keys()?;
        Ok(keymap)
    }

    /// Where typing goes (the note editor, a form, the filter) a plain
    /// letter is text: a key there needs Ctrl, Alt, or a key that types
    /// nothing (Tab, Esc, F1…).
    fn check_typing_keys(&self) -> anyhow::Result<()> {
        for binding in &self.bindings {
            let numbered = binding.contexts.iter().find(|c| c.takes_numbers());
            if let (Some(context), Some(key)) = (numbered, binding.keys.iter().find(|k| k.is_digit())) {
                return Err(hinted(
                    format!(
                        "The key {key} of {} would answer an item in the {context} instead of acting.",
                        binding.action
                    ),
                    "give it a key that is not a digit under [ui.keys] in the config",
                ));
            }
            let typed = binding.contexts.iter().find(|c| c.takes_typing());
            if let (Some(context), Some(key)) = (typed, binding.keys.iter().find(|k| k.types_text())) {
                return Err(hinted(
                    format!("The key {key} of {} would type text in the {context} instead of acting.", binding.action),
                    "give it a key with ctrl- or alt-, or a function key such as f2, under [ui.keys] in the config",
                ));
            }
        }
        Ok(())
    }

    fn check_no_clashes(&self) -> anyhow::Result<()> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                let Some(context) = a.contexts.iter().find(|c| b.contexts.contains(c)) else { continue };
                if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)).filter(|_| a.action != b.action) {
                    return Err(hinted(
                        format!("The key {key} is given to both {} and {} on the {context}.", a.action, b.action),
                        "change one of them under [ui.keys] in the config",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action a key press means in a context.
    pub fn resolve(&self, context: impl Into<Context>, event: KeyEvent) -> Option<Action> {
        let (context, key) = (context.into(), Key::from_event(event));
        self.bindings.iter().find(|b| b.contexts.contains(&context) && b.keys.contains(&key)).map(|b| b.action)
    }

    /// Whether a key (as written in the config) does an action in a context.
    pub fn binds(&self, context: Context, key: &str) -> bool {
        Key::parse(key)
            .is_some_and(|key| self.bindings.iter().any(|b| b.contexts.contains(&context) && b.keys.contains(&key)))
    }

    /// The bindings of one context, in table order, for the help screen.
    pub fn for_context(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.contexts.contains(&context))
    }

    /// The first key of an action, for hints ("? help").
    pub fn key_for(&self, action: Action) -> String {
        self.first_key(|b| b.action == action)
    }

    /// The first key of an action in one context ("F1 keys" in the editor).
    pub fn key_on(&self, context: impl Into<Context>, action: Action) -> String {
        let context = context.into();
        self.first_key(|b| b.action == action && b.contexts.contains(&context))
    }

    /// "Ctrl-S save · Esc cancel": the footer of a context, drawn from the table.
    pub fn hints(&self, context: impl Into<Context>, pairs: &[(Action, &str)]) -> String {
        let context = context.into();
        pairs
            .iter()
            .map(|(action, label)| format!("{} {label}", self.key_on(context, *action)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    fn first_key(&self, wanted: impl Fn(&Binding) -> bool) -> String {
        self.bindings
            .iter()
            .find(|b| wanted(b))
            .and_then(|b| b.keys.first())
            .map(ToString::to_string)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn the_defaults_have_no_clashes_and_every_action_has_a_key() {
        let keymap = Keymap::with_overrides(&BTreeMap::new()).expect("defaults are valid");
        for action in Action::ALL {
            assert!(!keymap.key_for(*action).is_empty(), "{action} has no key");
        }
        assert_eq!(keymap.resolve(Screen::Main, press(KeyCode::Char('j'), KeyModifiers::NONE)), Some(Action::Down));
        assert_eq!(keymap.resolve(Screen::Main, press(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
        assert_eq!(
            keymap.resolve(Screen::Main, press(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::FocusPrevious)
        );
        assert_eq!(keymap.resolve(Screen::Client, press(KeyCode::Tab, KeyModifiers::NONE)), Some(Action::NextTab));
        assert_eq!(
            keymap.resolve(Screen::Main, press(KeyCode::Char('r'), KeyModifiers::CONTROL)),
            Some(Action::Refresh)
        );
    }

    #[test]
    fn an_override_replaces_the_keys_of_its_action() {
        let overrides = BTreeMap::from([("quit".to_string(), "ctrl-q, F10".to_string())]);
        let keymap = Keymap::with_overrides(&overrides).expect("valid override");
        assert_eq!(keymap.resolve(Screen::Main, press(KeyCode::Char('q'), KeyModifiers::NONE)), None);
        assert_eq!(keymap.resolve(Screen::Main, press(KeyCode::Char('q'), KeyModifiers::CONTROL)), Some(Action::Quit));
        assert_eq!(keymap.resolve(Screen::Client, press(KeyCode::F(10), KeyModifiers::NONE)), Some(Action::Quit));
        assert_eq!(keymap.key_for(Action::Quit), "Ctrl-Q");
    }

    #[test]
    fn bad_overrides_are_refused_with_a_reason() {
        let refuse = |name: &str, keys: &str| {
            Keymap::with_overrides(&BTreeMap::from([(name.to_string(), keys.to_string())]))
                .expect_err("refused")
                .to_string()
        };
        assert!(refuse("launch_rockets", "x").contains("unknown action"));
        assert!(refuse("quit", "ctrl-").contains("cannot read"));
        assert!(refuse("save_note", "s").contains("would type text in the note editor"));
        assert!(refuse("help", "b").contains("would type text"), "help is also F1 in the editor and forms");
        assert!(refuse("confirm", "w").contains("would type text in the forms"), "Enter moves through a form");
        assert!(refuse("previous_item", "0").contains("would answer an item in the screening"), "digits answer");
    }

    #[test]
    fn a_colliding_override_names_the_key_and_both_actions() {
        let refuse = |name: &str, keys: &str| {
            Keymap::with_overrides(&BTreeMap::from([(name.to_string(), keys.to_string())]))
                .expect_err("refused")
                .to_string()
        };
        let text = refuse("quit", "j");
        assert!(text.contains("The key j is given to both quit and down on the main screen"), "{text}");
        // Ctrl-O inserts a template in the note editor.
        let text = refuse("save_note", "ctrl-o");
        assert!(text.contains("Ctrl-O") && text.contains("save_note") && text.contains("insert_template"), "{text}");
        // In a form Tab is the next field.
        let text = refuse("save_note", "tab");
        assert!(text.contains("Tab") && text.contains("save_note") && text.contains("next_field"), "{text}");
    }

    #[test]
    fn no_two_actions_share_a_key_in_any_context_of_the_defaults() {
        let keymap = Keymap::with_overrides(&BTreeMap::new()).expect("defaults are valid");
        let contexts = [
            Context::Main,
            Context::Client,
            Context::Editor,
            Context::Form,
            Context::Filter,
            Context::ClosePrompt,
            Context::FormPrompt,
            Context::Templates,
            Context::Drafts,
            Context::Snoozes,
            Context::Help,
            Context::SearchQuery,
            Context::SearchResults,
            Context::CancelPrompt,
            Context::DischargeOffer,
            Context::Screening,
            Context::Quality,
            Context::QualityEvents,
            Context::Reconcile,
        ];
        for context in contexts {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for binding in keymap.for_context(context) {
                for key in &binding.keys {
                    if let Some((_, other)) = seen.iter().find(|(k, _)| k == key) {
                        panic!("{key} is both {other} and {} on the {context}", binding.action);
                    }
                    seen.push((*key, binding.action));
                }
            }
            assert!(!seen.is_empty(), "the {context} has no keys");
        }
    }

    #[test]
    fn a_remapped_save_works_in_the_editor_and_in_forms_and_the_old_key_does_not() {
        let overrides = BTreeMap::from([("save_note".to_string(), "ctrl-w".to_string())]);
        let keymap = Keymap::with_overrides(&overrides).expect("valid override");
        for context in [Context::Editor, Context::Form] {
            let ctrl = |c| keymap.resolve(context, press(KeyCode::Char(c), KeyModifiers::CONTROL));
            assert_eq!(ctrl('w'), Some(Action::SaveNote), "{context}");
            assert_eq!(ctrl('s'), None, "{context}");
            assert_eq!(keymap.key_on(context, Action::SaveNote), "Ctrl-W");
        }
        assert!(!keymap.binds(Context::Editor, "ctrl-s"));
        assert!(keymap.binds(Context::Editor, "ctrl-w"));
    }
}
