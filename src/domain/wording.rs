//! Counts and lists in a person's words: "1 alert", "3 alerts", "an
//! appointment, 2 follow-ups and a referral" — never "alert(s)".

/// "1 client", "812 clients" (nouns that take an "s").
pub fn counted(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

/// "a", "a and b", "a, b and c"; empty for nothing.
pub fn and_list<S: AsRef<str>>(parts: &[S]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => {
            let rest: Vec<&str> = rest.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", rest.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_lists_end_with_and() {
        assert_eq!(counted(1, "alert"), "1 alert");
        assert_eq!(counted(0, "alert"), "0 alerts");
        assert_eq!(counted(2, "follow-up"), "2 follow-ups");
        assert_eq!(and_list::<&str>(&[]), "");
        assert_eq!(and_list(&["1 appointment"]), "1 appointment");
        assert_eq!(and_list(&["a", "b"]), "a and b");
        assert_eq!(and_list(&["a", "b", "c"]), "a, b and c");
    }
}
