//! Colours and borders: a 16-colour palette that reads on dark and light
//! terminals, none at all under NO_COLOR, and ASCII borders when asked.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::domain::alerts::Severity;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
    pub ascii: bool,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    fn fg(&self, color: Color) -> Style {
        if self.color { Style::new().fg(color) } else { Style::new() }
    }

    pub fn border(&self) -> border::Set<'static> {
        if self.ascii { ASCII_BORDER } else { border::ROUNDED }
    }

    pub fn pane_border(&self, focused: bool) -> Style {
        if focused { self.fg(Color::Cyan).add_modifier(Modifier::BOLD) } else { Style::new() }
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn dim(&self) -> Style {
        if self.color { Style::new().add_modifier(Modifier::DIM) } else { Style::new() }
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    pub fn severity(&self, severity: Option<Severity>) -> Style {
        match severity {
            Some(Severity::Critical) => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Some(Severity::High) => self.fg(Color::Red),
            Some(Severity::Normal) => Style::new().add_modifier(Modifier::BOLD),
            Some(Severity::Low) | None => Style::new(),
        }
    }

    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Gray)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }
}

/// A short word for a severity, readable without colour. Low is "low", not
/// "soon": a reminder that is always low (screening_due) can be past due.
pub fn severity_label(severity: Option<Severity>) -> &'static str {
    match severity {
        Some(Severity::Critical) => "CRIT",
        Some(Severity::High) => "HIGH",
        Some(Severity::Normal) => "due",
        Some(Severity::Low) => "low",
        None => "",
    }
}
