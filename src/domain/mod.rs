//! The pure domain: records, their rules and the date forms coordinators type.
//! Nothing here does I/O or reads a clock; "now" and "today" are parameters.

pub mod alerts;
pub mod appointment;
pub mod care_plan;
pub mod client;
pub mod contact;
pub mod dates;
pub mod draft;
pub mod encounter;
pub mod followup;
pub mod note;
pub mod privacy;
pub mod referral;
pub mod resource;
pub mod text;
pub mod time;
pub mod triage;
pub mod validation;

pub use validation::Invalid;

/// Defines a closed set of values stored and typed as snake_case words, with
/// parsing that names every allowed value when the input is not one of them.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
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

        impl std::str::FromStr for $name {
            type Err = $crate::domain::Invalid;
            fn from_str(input: &str) -> Result<Self, Self::Err> {
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
}
pub(crate) use word_enum;
