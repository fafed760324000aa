//! One table of keys: key → action per screen, with defaults in code and the
//! config's `[ui.keys]` on top. The help screen is drawn from this table, so
//! it can never disagree with what the keys do.

use std::collections::BTreeMap;
use std::fmt;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::errors::hinted;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    Client,
    /// The note editor, over either screen: plain keys type into the note.
    Editor,
}

const BOTH: &[Screen] = &[Screen::Main, Screen::Client];
const MAIN: &[Screen] = &[Screen::Main];
const CLIENT: &[Screen] = &[Screen::Client];
const EDITOR: &[Screen] = &[Screen::Editor];
const EVERYWHERE: &[Screen] = &[Screen::Main, Screen::Client, Screen::Editor];

/// The default keys: (action, keys, screens).
const DEFAULTS: &[(Action, &[&str], &[Screen])] = &[
    (Action::Help, &["?"], BOTH),
    (Action::Help, &["f1"], EDITOR),
    (Action::Quit, &["q"], BOTH),
    (Action::FocusNext, &["tab"], MAIN),
    (Action::FocusPrevious, &["shift-tab"], MAIN),
    (Action::FocusCaseload, &["1"], MAIN),
    (Action::FocusToday, &["2"], MAIN),
    (Action::FocusAlerts, &["3"], MAIN),
    (Action::Down, &["j", "down"], BOTH),
    (Action::Up, &["k", "up"], BOTH),
    (Action::PageDown, &["pgdn", "ctrl-d"], BOTH),
    (Action::PageUp, &["pgup", "ctrl-u"], BOTH),
    (Action::Top, &["g", "home"], BOTH),
    (Action::Bottom, &["G", "end"], BOTH),
    (Action::Filter, &["/"], MAIN),
    (Action::Back, &["esc"], EVERYWHERE),
    (Action::Open, &["enter"], MAIN),
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
    (Action::SaveNote, &["ctrl-s"], EDITOR),
    (Action::ToggleTimer, &["ctrl-t"], EDITOR),
    (Action::InsertTemplate, &["ctrl-o"], EDITOR),
    (Action::NextField, &["tab"], EDITOR),
    (Action::PreviousField, &["shift-tab"], EDITOR),
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

/// One action with its keys and the screens it works on.
#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<Key>,
    pub screens: &'static [Screen],
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
            .map(|(action, keys, screens)| Binding {
                action: *action,
                keys: keys.iter().filter_map(|k| Key::parse(k)).collect(),
                screens,
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
        keymap.check_editor_keys()?;
        Ok(keymap)
    }

    /// In the note editor a plain letter is text: an editor key needs Ctrl,
    /// Alt, or a key that types nothing (Tab, Esc, F1…).
    fn check_editor_keys(&self) -> anyhow::Result<()> {
        for binding in self.bindings.iter().filter(|b| b.screens.contains(&Screen::Editor)) {
            if let Some(key) = binding.keys.iter().find(|k| k.types_text()) {
                return Err(hinted(
                    format!("the key {key} of {} would type into notes in the note editor", binding.action),
                    "give it a key with ctrl- or alt-, or a function key such as f2",
                ));
            }
        }
        Ok(())
    }

    fn check_no_clashes(&self) -> anyhow::Result<()> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                let shared_screen = a.screens.iter().any(|s| b.screens.contains(s));
                if let Some(key) = a.keys.iter().find(|k| b.keys.contains(k)).filter(|_| shared_screen) {
                    return Err(hinted(
                        format!("the key {key} is given to both {} and {}", a.action, b.action),
                        "change one of them under [ui.keys] in the config",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The action a key press means on a screen.
    pub fn resolve(&self, screen: Screen, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        self.bindings.iter().find(|b| b.screens.contains(&screen) && b.keys.contains(&key)).map(|b| b.action)
    }

    /// The bindings of one screen, in table order, for the help screen.
    pub fn for_screen(&self, screen: Screen) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.screens.contains(&screen))
    }

    /// The first key of an action, for hints ("? help").
    pub fn key_for(&self, action: Action) -> String {
        self.first_key(|b| b.action == action)
    }

    /// The first key of an action on one screen ("F1 keys" in the editor).
    pub fn key_on(&self, screen: Screen, action: Action) -> String {
        self.first_key(|b| b.action == action && b.screens.contains(&screen))
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
        assert!(refuse("quit", "j").contains("both"), "j already moves down");
        assert!(refuse("save_note", "s").contains("would type into notes"));
        assert!(refuse("help", "y").contains("would type into notes"), "help is also F1 in the editor");
    }
}
