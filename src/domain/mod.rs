//! The pure domain: records, their rules and the date forms coordinators type.
//! Nothing here does I/O or reads a clock; "now" and "today" are parameters.

pub mod alerts;
pub mod appointment;
pub mod billing;
pub mod care_plan;
pub mod client;
pub mod contact;
pub mod dates;
pub mod discharge;
pub mod draft;
pub mod encounter;
pub mod filter;
pub mod followup;
pub mod medication;
pub mod note;
pub mod privacy;
pub mod program;
pub mod quality;
pub mod referral;
pub mod resource;
pub mod schedule;
pub mod screening;
pub mod text;
pub mod time;
pub mod triage;
pub mod validation;
pub mod wording;

pub use validation::Invalid;

/// A value with words a person reads on screen (every `word_enum` has them),
/// for code that lists any such enum's values.
pub trait Labelled: Copy {
    fn label(self) -> &'static str;
}

/// Defines a closed set of values stored and typed as snake_case words, with
/// parsing that names every allowed value when the input is not one of them.
/// Each value may carry the words a person reads on screen, its label:
/// `NoShow => "no_show" ("no-show")`; without one, the label is the word.
/// JSON, CSV and the command line keep the words (they are contracts).
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal {
        $($variant:ident => $word:literal $(($label:literal))?),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// The value in a person's words, for the screen ("no-show", not "no_show").
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $crate::domain::word_enum!(@label $word $(, $label)?)),+ }
            }

            /// The allowed words, for error hints and help text.
            pub fn words() -> String {
                [$($word),+].join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::domain::Labelled for $name {
            fn label(self) -> &'static str {
                $name::label(self)
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::Invalid;
            fn from_str(input: &str) -> Result<Self, Self::Err> {
                // Stored words are exact: matched without the two copies that
                // typed input needs (the alert facts parse a million words).
                match input {
                    $($word => return Ok($name::$variant),)+
                    _ => {}
                }
                let wanted = input.trim().to_ascii_lowercase().replace('-', "_");
                match wanted.as_str() {
                    $($word => Ok($name::$variant),)+
                    _ => Err($crate::domain::Invalid::new(
                        $field,
                        format!("{:?} is not a known {}", input, $field),
                        format!("use one of: {}", $name::words()),
                    )),
                }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let word = String::deserialize(d)?;
                word.parse().map_err(serde::de::Error::custom)
            }
        }
    };
    (@label $word:literal) => { $word };
    (@label $word:literal, $label:literal) => { $label };
}
pub(crate) use word_enum;

#[cfg(test)]
mod tests {
    /// Every value of every word enum of the domain, with its label.
    fn labels() -> Vec<(&'static str, &'static str)> {
        fn all<T: Copy>(
            values: &[T],
            word: fn(T) -> &'static str,
            label: fn(T) -> &'static str,
        ) -> Vec<(&'static str, &'static str)> {
            values.iter().map(|v| (word(*v), label(*v))).collect()
        }
        macro_rules! each {
            ($($enum:path),+ $(,)?) => { [$(all(<$enum>::ALL, <$enum>::as_str, <$enum>::label)),+].concat() };
        }
        each!(
            super::alerts::AlertKind,
            super::alerts::Severity,
            super::appointment::AppointmentKind,
            super::appointment::AppointmentStatus,
            super::appointment::Transport,
            super::care_plan::ProblemStatus,
            super::care_plan::GoalStatus,
            super::care_plan::InterventionStatus,
            super::client::Risk,
            super::client::ClientStatus,
            super::client::Gender,
            super::contact::Relationship,
            super::encounter::EncounterKind,
            super::followup::FollowupStatus,
            super::note::ContactType,
            super::note::Direction,
            super::note::Outcome,
            super::program::Program,
            super::program::ConsentMethod,
            super::billing::BillingStatus,
            super::referral::ReferralKind,
            super::referral::ReferralStatus,
            super::screening::Instrument,
            super::screening::Mode,
            super::screening::Band,
            super::screening::Flag,
            super::screening::Trend,
        )
    }

    #[test]
    fn every_value_shown_on_screen_has_a_label_in_words() {
        for (word, label) in labels() {
            assert!(!label.is_empty() && !label.contains('_'), "{word} shows as {label:?}");
        }
        let shown: std::collections::HashMap<_, _> = labels().into_iter().collect();
        for (word, label) in [
            ("contact_cadence", "contact cadence"),
            ("no_show", "no-show"),
            ("not_needed", "not needed"),
            ("home_visit", "home visit"),
            ("chart_review", "chart review"),
            ("no_response", "no response"),
            ("no_answer", "no answer"),
            ("n_a", "n/a"),
        ] {
            assert_eq!(shown[word], label, "{word}");
        }
    }

    #[test]
    fn the_words_stay_the_contract() {
        use super::appointment::AppointmentStatus;
        assert_eq!(AppointmentStatus::NoShow.as_str(), "no_show");
        assert_eq!(AppointmentStatus::NoShow.to_string(), "no_show");
        assert_eq!(serde_json::to_string(&AppointmentStatus::NoShow).expect("json"), "\"no_show\"");
        assert_eq!("no-show".parse::<AppointmentStatus>(), Ok(AppointmentStatus::NoShow));
    }
}
