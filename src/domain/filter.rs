//! The list filter (`/` in the interface): which clients a typed query keeps.
//!
//! A query is a phrase over the client's name, not a bag of words: its words
//! must match the name's words in order, each one the start of a name word
//! (or, from three letters on, the word's first letter and then its other
//! letters in order, so "szbo" still finds Szabo). The name reads both as
//! "Family, Given" and as "Given Family"; a comma in the query says the
//! family name comes first, so "szabo, b" finds "Szabo, Bea" but not
//! "Szabo, Rahel", and "bea sz" finds her too. Case and accents do not
//! matter, nor do apostrophes and periods ("obrien" finds O'Brien); hyphens
//! part words ("garcia" finds Núñez-García). A query with a digit also
//! matches inside the MRN, and one of digits and phone punctuation inside
//! the phone number's digits.
//!
//! The interface filters every row at each keystroke (100,000 in a team
//! view), so both sides are prepared once: a [`Candidate`] when the list
//! loads, a [`Query`] when the text changes; [`Query::matches`] then
//! allocates nothing.

use nucleo_matcher::chars::{normalize, to_lower_case};

/// The characters dropped inside a word: "O'Brien" reads as "obrien".
fn is_elided(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '.')
}

/// The characters between words.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, ',' | '-' | '/' | '(' | ')' | ';')
}

/// The words of `text`, lower case and without accents, each followed by a space.
fn fold_words_into(out: &mut String, text: &str) {
    for word in text.split(is_separator).filter(|w| !w.is_empty()) {
        let before = out.len();
        out.extend(word.chars().filter(|c| !is_elided(*c)).map(|c| to_lower_case(normalize(c))));
        if out.len() > before {
            out.push(' ');
        }
    }
}

/// A set of the letters words start with: a-z and 0-9 have a bit each,
/// anything else shares the last. Every query word must start a name word,
/// so a query needing a letter the row lacks is out without reading it.
fn initials(words: &str) -> u64 {
    words.split_terminator(' ').filter_map(|word| word.chars().next()).fold(0, |set, c| set | initial_bit(c))
}

fn initial_bit(c: char) -> u64 {
    match c {
        'a'..='z' => 1 << (c as u32 - 'a' as u32),
        '0'..='9' => 1 << (26 + c as u32 - '0' as u32),
        _ => 1 << 63,
    }
}

/// `needle` somewhere in `haystack`. Both are a few bytes long, where a
/// plain scan beats `str::contains` and its searcher's set-up.
fn holds(haystack: &str, needle: &str) -> bool {
    needle.is_empty()
        || (haystack.len() >= needle.len() && haystack.as_bytes().windows(needle.len()).any(|w| w == needle.as_bytes()))
}

/// One client row as the filter sees it, prepared when the list loads: one
/// text of the name's words, the MRN and the phone's digits, told apart by
/// where each starts (a team's list holds a hundred thousand of these, and
/// one allocation each is a third of the memory of three).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The letters its name's words start with (see [`initials`]).
    initials: u64,
    /// The family name's words, then the given name's, each ended by a
    /// space; then the MRN, lower case; then the phone number's digits.
    text: Box<str>,
    /// Where the given name's words start in `text`.
    given_at: u32,
    /// Where the MRN starts in `text` (the name's words end there).
    mrn_at: u32,
    /// Where the phone number's digits start in `text` (the MRN ends there).
    phone_at: u32,
}

impl Candidate {
    pub fn new(family_name: &str, given_name: &str, mrn: Option<&str>, phone: Option<&str>) -> Candidate {
        let (mrn, phone) = (mrn.unwrap_or_default(), phone.unwrap_or_default());
        let mut text = String::with_capacity(family_name.len() + given_name.len() + mrn.len() + phone.len() + 4);
        fold_words_into(&mut text, family_name);
        let given_at = text.len();
        fold_words_into(&mut text, given_name);
        let initials = initials(&text);
        let mrn_at = text.len();
        text.push_str(&mrn.to_lowercase());
        let phone_at = text.len();
        text.extend(phone.chars().filter(char::is_ascii_digit));
        // A name, MRN and phone of 4 GB are no client's: cut at the end rather than fail.
        let at = |offset: usize| u32::try_from(offset).unwrap_or(u32::MAX);
        Candidate {
            initials,
            text: text.into_boxed_str(),
            given_at: at(given_at),
            mrn_at: at(mrn_at),
            phone_at: at(phone_at),
        }
    }

    /// The part of `text` from `start` to `end` (empty should they be off).
    fn part(&self, start: u32, end: Option<u32>) -> &str {
        let start = start as usize;
        let end = end.map_or(self.text.len(), |end| end as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// The name's words as "Family, Given" reads them.
    fn family_first(&self) -> impl Iterator<Item = &str> {
        self.part(0, Some(self.mrn_at)).split_terminator(' ')
    }

    /// The name's words as "Given Family" reads them.
    fn given_first(&self) -> impl Iterator<Item = &str> {
        let (family, given) = (self.part(0, Some(self.given_at)), self.part(self.given_at, Some(self.mrn_at)));
        given.split_terminator(' ').chain(family.split_terminator(' '))
    }
}

/// What the user typed into the filter, prepared once per keystroke.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The query's words, folded as a candidate's are.
    words: Vec<Word>,
    /// The letters they start with.
    initials: u64,
    /// A comma was typed: the family name comes first.
    family_first: bool,
    /// The query without spaces, lower case, when it holds a digit (an MRN).
    mrn: Option<String>,
    /// The query's digits, when it is only digits and phone punctuation.
    phone: Option<String>,
}

impl Query {
    pub fn new(text: &str) -> Query {
        let mut folded = String::new();
        fold_words_into(&mut folded, text);
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        let has_digit = compact.chars().any(|c| c.is_ascii_digit());
        let phone_like = compact.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '(' | ')' | '.' | '+'));
        Query {
            initials: initials(&folded),
            words: folded.split_terminator(' ').map(Word::new).collect(),
            family_first: text.contains(','),
            phone: (has_digit && phone_like).then(|| compact.chars().filter(char::is_ascii_digit).collect()),
            mrn: has_digit.then_some(compact),
        }
    }

    /// Nothing typed (or only separators): every row matches.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether the row stays in the filtered list.
    pub fn matches(&self, row: &Candidate) -> bool {
        if self.is_empty() {
            return true;
        }
        // One word reads the same in either order of the name.
        let both_orders = !self.family_first && self.words.len() > 1;
        self.mrn.as_deref().is_some_and(|mrn| holds(row.part(row.mrn_at, Some(row.phone_at)), mrn))
            || self.phone.as_deref().is_some_and(|digits| holds(row.part(row.phone_at, None), digits))
            || (self.initials & !row.initials == 0
                && (phrase_in(&self.words, row.family_first())
                    || (both_orders && phrase_in(&self.words, row.given_first()))))
    }
}

/// One word of a query, with what its matching needs worked out once.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Word {
    text: String,
    /// Three letters or more: it may leave letters of the name word out.
    fuzzy: bool,
    /// ASCII only: its letters can be compared as bytes (a non-ASCII letter
    /// of the name is never equal to one of its bytes).
    ascii: bool,
}

impl Word {
    fn new(text: &str) -> Word {
        Word { text: text.to_string(), fuzzy: text.chars().nth(2).is_some(), ascii: text.is_ascii() }
    }

    /// The start of the name word, or (three letters on) its first letter
    /// and then the query's other letters in order: "szbo" in "szabo".
    fn matches(&self, name: &str) -> bool {
        if name.starts_with(&self.text) {
            return true;
        }
        if !self.fuzzy {
            return false;
        }
        if self.ascii {
            let (wanted, letters) = (self.text.as_bytes(), name.as_bytes());
            return letters.first() == wanted.first() && in_order(&wanted[1..], letters[1..].iter().copied());
        }
        let (mut wanted, mut letters) = (self.text.chars(), name.chars());
        wanted.next() == letters.next() && wanted.all(|c| letters.any(|l| l == c))
    }
}

/// Every one of `wanted`, in order, among `letters`.
fn in_order(wanted: &[u8], mut letters: impl Iterator<Item = u8>) -> bool {
    wanted.iter().all(|w| letters.any(|l| l == *w))
}

/// Each query word matches a later name word than the one before it.
fn phrase_in<'a>(query: &[Word], names: impl Iterator<Item = &'a str>) -> bool {
    let mut wanted = query.iter().peekable();
    for name in names {
        match wanted.peek() {
            None => break,
            Some(word) if word.matches(name) => {
                wanted.next();
            }
            Some(_) => {}
        }
    }
    wanted.peek().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(family: &str, given: &str) -> Candidate {
        Candidate::new(family, given, Some("D0000123"), Some("(555) 010-4477"))
    }

    fn kept(query: &str, rows: &[Candidate]) -> Vec<usize> {
        let query = Query::new(query);
        rows.iter().enumerate().filter(|(_, row)| query.matches(row)).map(|(i, _)| i).collect()
    }

    #[test]
    fn the_query_is_a_phrase_over_family_then_given_name() {
        let rahel = client("Szabo", "Rahel");
        let bea = client("Szabo", "Bea");
        assert!(!Query::new("szabo, b").matches(&rahel), "\"b\" is not anywhere in the name: it is the given name");
        assert!(Query::new("szabo, b").matches(&bea));
        assert!(Query::new("Szabo, Bea").matches(&bea));
        assert!(Query::new("sza").matches(&rahel) && Query::new("sza").matches(&bea));
        assert!(Query::new("rah").matches(&rahel), "one word may be any of the name's words");
        assert!(!Query::new("rahel szabo, x").matches(&rahel));
        assert!(!Query::new("szabo rahel bea").matches(&rahel), "every word must match");
        assert!(!Query::new("abo").matches(&rahel), "words match from their start");
    }

    #[test]
    fn given_first_reads_too_unless_a_comma_says_otherwise() {
        let bea = client("Szabo", "Bea");
        assert!(Query::new("bea sz").matches(&bea));
        assert!(Query::new("b szabo").matches(&bea));
        assert!(!Query::new("bea, szabo").matches(&bea), "a comma puts the family name first");
        assert!(!Query::new("b szabo").matches(&client("Szabo", "Rahel")));
    }

    #[test]
    fn case_accents_apostrophes_and_hyphens_do_not_get_in_the_way() {
        let ana = client("Núñez-García", "Ana María");
        assert!(Query::new("nunez").matches(&ana));
        assert!(Query::new("NÚÑEZ, ana").matches(&ana));
        assert!(Query::new("garcia, maria").matches(&ana), "a hyphen parts the family name's words");
        assert!(Query::new("ana maria nunez").matches(&ana));
        let pat = client("O'Brien", "Pat");
        assert!(Query::new("obrien").matches(&pat) && Query::new("o'brien, p").matches(&pat));
        assert!(Query::new("王").matches(&client("王", "小明")));
    }

    #[test]
    fn a_longer_word_may_leave_letters_out() {
        let rahel = client("Szabo", "Rahel");
        assert!(Query::new("szbo").matches(&rahel));
        assert!(Query::new("szbo, rhl").matches(&rahel));
        assert!(!Query::new("zbo").matches(&rahel), "the first letter must be the word's");
        assert!(!Query::new("sb").matches(&rahel), "two letters are a prefix or nothing");
        assert!(!Query::new("szabox").matches(&rahel));
    }

    #[test]
    fn mrn_and_phone_still_match() {
        let rows = [
            Candidate::new("Quill", "Ada", Some("D0000123"), Some("555-0104")),
            Candidate::new("Stone", "Ben", Some("A-77"), Some("(555) 867-5309")),
            Candidate::new("Diaz", "Cy", None, None),
        ];
        assert_eq!(kept("123", &rows), [0]);
        assert_eq!(kept("d0000123", &rows), [0]);
        assert_eq!(kept("D00001", &rows), [0]);
        assert_eq!(kept("a-77", &rows), [1]);
        assert_eq!(kept("867-5309", &rows), [1]);
        assert_eq!(kept("(555) 867", &rows), [1]);
        assert_eq!(kept("555", &rows), [0, 1]);
        assert_eq!(kept("d", &rows), [2], "a letter alone is a name, not every MRN that holds it");
    }

    #[test]
    fn name_mrn_and_phone_held_in_one_text_stay_apart() {
        let rows = [
            Candidate::new("Quill", "Ada", Some("MRN7ADA"), Some("555-0104")),
            Candidate::new("Ada7", "Zed", None, Some("7")),
        ];
        // The MRN follows the given name in the one text: "ada" + "mrn7ada" must not read as a word "adamrn7".
        assert_eq!(kept("adamrn7", &rows), Vec::<usize>::new());
        assert_eq!(kept("mrn7", &rows), [0]);
        // The phone's digits follow the MRN: "...7ada" + "5550104" must not read as one MRN.
        assert_eq!(kept("7ada", &rows), [0]);
        assert_eq!(kept("ada555", &rows), Vec::<usize>::new());
        assert_eq!(kept("0104", &rows), [0]);
    }

    #[test]
    fn an_empty_query_keeps_every_row() {
        let rows = [client("Szabo", "Bea"), Candidate::new("", "", None, None)];
        assert!(Query::new("").is_empty() && Query::new(" , ").is_empty());
        assert_eq!(kept("", &rows), [0, 1]);
        assert_eq!(kept("  ", &rows), [0, 1]);
    }
}
