//! The one error the domain raises: a value a person typed that cannot be accepted.

use std::fmt;

use super::text;

/// Bad input, named by field, with a hint that says how to fix it.
/// Messages never carry client data beyond the value the user just typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
    pub hint: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Invalid { field, message: message.into(), hint: hint.into() }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Invalid {}

/// A required one-line text field: trimmed, refused when empty or when it
/// holds a control character (SPEC §6, text is inert).
pub fn required_text(field: &'static str, value: &str) -> Result<String, Invalid> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new(
            field,
            format!("{} cannot be empty", field.replace('_', " ")),
            format!("give a value for {}", field.replace('_', "-")),
        ));
    }
    text::one_line(field, trimmed)?;
    Ok(trimmed.to_string())
}

/// An optional one-line text field: blank means absent; a control character is refused.
pub fn optional_line(field: &'static str, value: Option<&str>) -> Result<Option<String>, Invalid> {
    let value = optional_text(value);
    text::one_line_fields([(field, value.as_deref())])?;
    Ok(value)
}

/// An optional multi-line text field (an outcome, appointment notes): blank
/// means absent; line breaks and tabs are kept, CR LF becomes a line feed.
pub fn optional_body(field: &'static str, value: Option<&str>) -> Result<Option<String>, Invalid> {
    optional_text(value).map(|body| text::multi_line(field, &body)).transpose()
}

/// An optional text field: blank means absent.
pub fn optional_text(value: Option<&str>) -> Option<String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// Minutes of a contact or an appointment: a whole number within a day.
pub fn minutes(field: &'static str, value: i64, allow_zero: bool) -> Result<u32, Invalid> {
    let lowest = if allow_zero { 0 } else { 1 };
    if value < lowest || value > 24 * 60 {
        return Err(Invalid::new(
            field,
            format!("{} must be between {} and 1440, not {}", field, lowest, value),
            format!("give --{} as a whole number of minutes", field),
        ));
    }
    Ok(value as u32)
}
