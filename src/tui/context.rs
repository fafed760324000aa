//! Where a key is pressed: the screen under everything, and the context a
//! binding applies in. Its own module so the actions (which describe
//! themselves per context) and the key table can both name it.

use std::fmt;

/// The screen under everything else (what the model's `screen` holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Main,
    Client,
    /// The note editor, over either screen: plain keys type into the note.
    Editor,
    /// The quality measures (SPEC §10), opened from the main screen.
    Quality,
}

/// Where a binding applies: a screen, or what is open over it. Within one
/// context no two actions share a key; in a context that takes typing, no
/// action may have a key that types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Main,
    Client,
    Editor,
    /// A form over either screen (its text fields take typing).
    Form,
    /// The filter being typed on the main screen.
    Filter,
    /// The note editor's "close without saving?" question.
    ClosePrompt,
    /// A form's "throw away what was typed?" question.
    FormPrompt,
    /// The note editor's list of templates.
    Templates,
    /// The list of unsaved notes.
    Drafts,
    /// The list of snoozed alerts.
    Snoozes,
    /// The key list itself.
    Help,
    /// The demo's "quit and throw its work away?" question.
    QuitPrompt,
    /// The words of a note search being typed.
    SearchQuery,
    /// A note search's results.
    SearchResults,
    /// "Cancel this appointment?", asked by the Today pane's cancel key.
    CancelPrompt,
    /// After a discharge: cancel what the client still has open, or keep it?
    DischargeOffer,
    /// A screening being given: number keys answer (they are never bound here).
    Screening,
    /// The quality screen's measures.
    Quality,
    /// One measure's misses and pending events, on the quality screen.
    QualityEvents,
    /// A medication reconciliation being made (its dates, doses and notes take typing).
    Reconcile,
}

impl From<Screen> for Context {
    fn from(screen: Screen) -> Context {
        match screen {
            Screen::Main => Context::Main,
            Screen::Client => Context::Client,
            Screen::Editor => Context::Editor,
            Screen::Quality => Context::Quality,
        }
    }
}

impl Context {
    /// Keys that type a character here are text, never an action.
    pub(super) fn takes_typing(self) -> bool {
        matches!(self, Context::Editor | Context::Form | Context::Filter | Context::SearchQuery | Context::Reconcile)
    }

    /// Digit keys answer here, never act.
    pub(super) fn takes_numbers(self) -> bool {
        self == Context::Screening
    }
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Context::Main => "main screen",
            Context::Client => "client screen",
            Context::Editor => "note editor",
            Context::Form => "forms",
            Context::Filter => "filter",
            Context::ClosePrompt => "note editor's close question",
            Context::FormPrompt => "form's cancel question",
            Context::Templates => "template list",
            Context::Drafts => "unsaved notes list",
            Context::Snoozes => "snoozed alerts list",
            Context::Help => "key list",
            Context::QuitPrompt => "demo's quit question",
            Context::SearchQuery => "note search",
            Context::SearchResults => "note search's results",
            Context::CancelPrompt => "appointment's cancel question",
            Context::DischargeOffer => "discharge's question about what is still open",
            Context::Screening => "screening",
            Context::Quality => "quality screen",
            Context::QualityEvents => "quality screen's misses and pending events",
            Context::Reconcile => "medication reconciliation",
        })
    }
}
