//! Text is inert (SPEC §6). What people and files type is checked once at
//! input: one-line fields take no control character and no bidirectional
//! control; multi-line bodies keep line breaks and tabs only. Whatever is
//! stored (including rows written before these checks, or by another program)
//! is made harmless again at output: for a terminal, and for a Markdown reader.

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::Invalid;

/// What a terminal shows in place of a character it must not receive.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Bidirectional formatting controls: they reorder what follows them on the
/// screen, so "Ada" can read as something else (Trojan Source).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character that must never reach a terminal as it is: C0 controls (tab
/// and line feed included), DEL, C1 controls (0x9B opens a CSI sequence on
/// some terminals), the Unicode line and paragraph separators, and the
/// bidirectional controls.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_bidi_control(c)
}

/// Line feed, carriage return, NEL and the Unicode line and paragraph separators.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The found character in the words an error message uses.
fn describe(c: char) -> String {
    match c {
        c if is_line_break(c) => "a line break".into(),
        '\t' => "a tab".into(),
        c if is_bidi_control(c) => format!("a bidirectional control (U+{:04X})", u32::from(c)),
        c => {
            let name = match c {
                '\0' => "NUL".to_string(),
                '\u{7}' => "BEL".to_string(),
                '\u{8}' => "backspace".to_string(),
                '\u{1B}' => "ESC".to_string(),
                '\u{7F}' => "DEL".to_string(),
                '\u{9B}' => "CSI".to_string(),
                other => format!("U+{:04X}", u32::from(other)),
            };
            format!("a control character ({name})")
        }
    }
}

fn field_words(field: &str) -> String {
    field.replace('_', " ")
}

/// Refuses a one-line field (a name, a phone, an address…) holding any
/// unsafe character, line breaks and tabs included. The message names the
/// field and what was found, never the value.
pub fn one_line(field: &'static str, value: &str) -> Result<(), Invalid> {
    match value.chars().find(|c| is_unsafe(*c)) {
        None => Ok(()),
        Some(c) => {
            let hint = if is_line_break(c) {
                format!("put the {} on one line", field_words(field))
            } else {
                format!(
                    "type the {} again without it: one-line fields take printable characters only \
                     (such characters usually come from pasting terminal output)",
                    field_words(field)
                )
            };
            Err(Invalid::new(field, format!("the {} contains {}", field_words(field), describe(c)), hint))
        }
    }
}

/// Checks several optional one-line fields at once; the first bad one is reported.
pub fn one_line_fields<'a>(fields: impl IntoIterator<Item = (&'static str, Option<&'a str>)>) -> Result<(), Invalid> {
    fields.into_iter().try_for_each(|(field, value)| value.map_or(Ok(()), |value| one_line(field, value)))
}

/// CR LF pairs and lone CRs as line feeds, the one line ending stored.
pub fn line_feeds(value: &str) -> String {
    value.replace("\r\n", "\n").replace('\r', "\n")
}

/// A multi-line body (a note, an addendum, an outcome): CR LF and lone CR
/// become line feeds; any other unsafe character but the tab is refused.
pub fn multi_line(field: &'static str, value: &str) -> Result<String, Invalid> {
    let normalized = line_feeds(value);
    match normalized.chars().find(|c| is_unsafe(*c) && !matches!(c, '\n' | '\t')) {
        None => Ok(normalized),
        Some(c) => Err(Invalid::new(
            field,
            format!("the {} contains {}", field_words(field), describe(c)),
            format!(
                "remove it: the {} keeps line breaks and tabs only (such characters usually come from \
                 pasting terminal output)",
                field_words(field)
            ),
        )),
    }
}

/// Stored text made harmless for a terminal: line breaks and tabs stay (and
/// CR LF pairs, which `ics` output uses), every other unsafe character shows
/// as U+FFFD, one column wide, so tables keep their alignment.
pub fn inert(text: &str) -> Cow<'_, str> {
    if is_plainly_safe_block(text) || !text.chars().any(is_unsafe_in_block) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => out.push(c),
            c if is_unsafe(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds no byte that an unsafe character of a block starts
/// with: no C0 control but the line feed and the tab, no DEL, and none of
/// the lead bytes of the C1 controls (0xC2) and of the bidirectional controls
/// and line separators (0xD8, 0xE2). Checked byte by byte, which the compiler
/// vectorizes, before any character is decoded: a team's alert table is 17 MB.
fn is_plainly_safe_block(text: &str) -> bool {
    text.bytes().all(|b| matches!(b, b'\n' | b'\t') || (b >= b' ' && !matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2)))
}

fn is_unsafe_in_block(c: char) -> bool {
    is_unsafe(c) && !matches!(c, '\n' | '\t')
}

/// Stored text made harmless for one line of a terminal: line breaks and
/// tabs fold into single spaces, every other unsafe character shows as U+FFFD.
pub fn inert_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c == '\t' || is_line_break(c) => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c if is_unsafe(c) => out.push(REPLACEMENT),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text that renders as typed in Markdown (CommonMark and GitHub's dialect),
/// on one line: safe inside a table cell, a list item, a quote or emphasis.
/// `<`, `>` and `&` become entities, so no HTML tag or entity of the user's
/// survives. A backslash escapes what has a meaning anywhere (emphasis, code,
/// links and images by their `[`, strikethrough, math, tables, headings,
/// email autolinks), what starts a block at the start of the text (`+ - =`,
/// `1.` `1)`), and what makes GitHub link a bare address (`http://`,
/// `www.`). Whitespace folds to single spaces, so no indentation starts a
/// code block. Other punctuation stays readable: "Dr. Lee (PCP)".
pub fn markdown_inline(text: &str) -> String {
    let line = inert_line(text);
    let words: Vec<&str> = line.split_whitespace().collect();
    let flat = words.join(" ");
    let chars: Vec<char> = flat.chars().collect();
    let leading_digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(flat.len() + flat.len() / 4);
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '<' => {
                out.push_str("&lt;");
                continue;
            }
            '>' => {
                out.push_str("&gt;");
                continue;
            }
            '&' => {
                out.push_str("&amp;");
                continue;
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '|' | '~' | '$' | '@' | '#' => true,
            '+' | '-' | '=' => i == 0,
            '.' | ')' => (i == leading_digits && i > 0) || (c == '.' && ends_with_www(&chars[..i])),
            ':' => chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// "www" just before, as a word of its own: GitHub links `www.` addresses.
fn ends_with_www(before: &[char]) -> bool {
    let n = before.len();
    n >= 3
        && before[n - 3..].iter().all(|c| c.eq_ignore_ascii_case(&'w'))
        && (n == 3 || !before[n - 4].is_alphanumeric())
}

/// A multi-line body (a note) as Markdown lines that render as typed, each
/// prefixed with `prefix` (e.g. `"> "` for a quote): every line escaped as
/// by [`markdown_inline`] and ended with a hard break, blank lines kept as
/// paragraph breaks. A `# heading`, a code fence or `<script>` shows as text.
pub fn markdown_block(text: &str, prefix: &str) -> String {
    let lines: Vec<String> = inert(text).lines().map(markdown_inline).collect();
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        out.push_str(prefix.trim_end());
        if !line.is_empty() {
            out.push_str(&prefix[prefix.trim_end().len()..]);
            out.push_str(line);
            if lines.get(i + 1).is_some_and(|next| !next.is_empty()) {
                out.push('\\');
            }
        }
        out.push('\n');
    }
    out
}

/// The columns one grapheme cluster (what a reader sees as one character:
/// 👨‍👩‍👧, 🇫🇷, 👍🏽, e + a combining accent) takes on a terminal, as ratatui's
/// buffer counts it; a cluster holding a control character takes none (the
/// buffer drops it; stored text goes through [`inert_line`] first anyway).
fn cluster_width(cluster: &str) -> usize {
    if cluster.contains(char::is_control) { 0 } else { cluster.width() }
}

/// The terminal width of `text` in columns, counted by grapheme cluster, so
/// a joined emoji counts as the two columns it is drawn in, not one per
/// code point. Use it, never `chars().count()` or `len()`, to line text up.
pub fn width(text: &str) -> usize {
    text.graphemes(true).map(cluster_width).sum()
}

/// The longest start of `text` at most `columns` wide that ends between two
/// grapheme clusters: a cluster that does not fit whole is left out, never cut.
pub fn truncate(text: &str, columns: usize) -> &str {
    let mut used = 0;
    for (at, cluster) in text.grapheme_indices(true) {
        used += cluster_width(cluster);
        if used > columns {
            return &text[..at];
        }
    }
    text
}

/// `text` made exactly `columns` wide: cut as by [`truncate`], then padded
/// with spaces (also where a wide cluster at the end did not fit).
pub fn fit(text: &str, columns: usize) -> String {
    let kept = truncate(text, columns);
    let mut out = String::with_capacity(kept.len() + columns);
    out.push_str(kept);
    out.extend(std::iter::repeat_n(' ', columns - width(kept)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_fields_refuse_controls_and_name_what_was_found() {
        let error = one_line("given_name", "\u{1b}[31mRED").expect_err("esc");
        assert_eq!(error.field, "given_name");
        assert_eq!(error.message, "the given name contains a control character (ESC)");
        assert!(!error.message.contains("RED"), "no value in the message");
        let error = one_line("address", "1 Main St\r\nApt 2").expect_err("crlf");
        assert_eq!(error.message, "the address contains a line break");
        assert!(error.hint.contains("one line"));
        let error = one_line("family_name", "evil\u{202E}txt").expect_err("bidi");
        assert_eq!(error.message, "the family name contains a bidirectional control (U+202E)");
        for hostile in ["\u{9b}2J", "\0", "\u{7}", "\u{7f}", "a\tb", "\u{2066}x", "\u{200F}", "\u{61C}", "\u{2028}"] {
            assert!(one_line("name", hostile).is_err(), "{hostile:?} accepted");
        }
        assert_eq!(one_line("name", "Zoë O'Brien-Núñez 王"), Ok(()));
        assert_eq!(one_line_fields([("phone", None), ("mrn", Some("A\u{1b}"))]).expect_err("mrn").field, "mrn");
    }

    #[test]
    fn bodies_keep_line_breaks_and_tabs_and_normalise_cr() {
        assert_eq!(multi_line("body", "a\r\nb\rc\n\td"), Ok("a\nb\nc\n\td".to_string()));
        let error = multi_line("body", "ok\n\u{1b}]0;pwned\u{7}").expect_err("osc");
        assert_eq!(error.message, "the body contains a control character (ESC)");
        assert!(multi_line("body", "x\u{202E}").is_err());
    }

    #[test]
    fn inert_text_has_no_unsafe_character_left() {
        let hostile = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m\0\r\u{202E}\u{2066}ok\r\n\ttab";
        let block = inert(hostile);
        assert!(!block.chars().any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r')), "{block:?}");
        assert!(block.ends_with("ok\r\n\ttab"), "CR LF pairs and tabs stay: {block:?}");
        assert_eq!(inert("plain\ntext"), Cow::Borrowed("plain\ntext"));
        assert_eq!(inert("~ \u{7f}\r!"), "~ \u{FFFD}\u{FFFD}!");
        assert_eq!(inert("Zoë\tok"), Cow::Borrowed("Zoë\tok"));
        let line = inert_line(hostile);
        assert!(!line.chars().any(is_unsafe), "{line:?}");
        assert_eq!(inert_line("a\r\nb\tc"), "a b c");
        assert_eq!(inert_line("\u{1b}[31mRED").chars().count(), "\u{1b}[31mRED".chars().count(), "one for one");
    }

    #[test]
    fn the_quick_check_of_a_block_passes_no_unsafe_character() {
        let mut buffer = [0u8; 4];
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if is_plainly_safe_block(c.encode_utf8(&mut buffer)) {
                assert!(!is_unsafe_in_block(c), "U+{:04X}", u32::from(c));
            }
        }
    }

    const FAMILY: &str = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
    const FLAG: &str = "\u{1F1EB}\u{1F1F7}";
    const THUMB_MEDIUM_SKIN: &str = "\u{1F44D}\u{1F3FD}";
    const E_ACUTE_COMBINING: &str = "e\u{301}";

    #[test]
    fn width_counts_each_grapheme_cluster_once() {
        assert_eq!(width(""), 0);
        assert_eq!(width("Quill, Ada"), 10);
        assert_eq!(width(FAMILY), 2, "three people joined by ZWJ are one two-column cluster");
        assert_eq!(width(FLAG), 2, "a pair of regional indicators is one flag");
        assert_eq!(width(THUMB_MEDIUM_SKIN), 2, "a skin-tone modifier joins its emoji");
        assert_eq!(width(E_ACUTE_COMBINING), 1, "a combining accent takes no column of its own");
        assert_eq!(width("王小明"), 6);
        assert_eq!(width(&format!("Family {FAMILY} visit")), 15);
        assert_eq!(width("a\u{1b}b"), 2, "a control character takes no column");
    }

    #[test]
    fn truncate_never_splits_a_cluster() {
        let text = format!("ab{FAMILY}c{E_ACUTE_COMBINING}{FLAG}");
        assert_eq!(truncate(&text, 0), "");
        assert_eq!(truncate(&text, 2), "ab");
        assert_eq!(truncate(&text, 3), "ab", "the family does not fit in one column and is not cut");
        assert_eq!(truncate(&text, 4), format!("ab{FAMILY}"));
        assert_eq!(truncate(&text, 6), format!("ab{FAMILY}c{E_ACUTE_COMBINING}"), "the accent stays with its e");
        assert_eq!(truncate(&text, 7), format!("ab{FAMILY}c{E_ACUTE_COMBINING}"));
        assert_eq!(truncate(&text, 8), text);
        assert_eq!(truncate(&text, 80), text);
        for columns in 0..10 {
            let kept = truncate(&text, columns);
            assert!(width(kept) <= columns && text.starts_with(kept), "{columns}: {kept:?}");
        }
    }

    #[test]
    fn fit_pads_or_cuts_to_exactly_the_width() {
        assert_eq!(fit("Ada", 6), "Ada   ");
        assert_eq!(fit("Quill, Ada", 5), "Quill");
        assert_eq!(fit(&format!("ab{FAMILY}"), 3), "ab ", "a wide cluster that does not fit becomes a space");
        assert_eq!(fit(&format!("{THUMB_MEDIUM_SKIN}{FLAG}"), 5), format!("{THUMB_MEDIUM_SKIN}{FLAG} "));
        assert_eq!(fit("", 2), "  ");
        for columns in 0..12 {
            assert_eq!(width(&fit(&format!("x{FAMILY}{E_ACUTE_COMBINING}王{FLAG}"), columns)), columns);
        }
    }

    #[test]
    fn markdown_escapes_markup_and_html() {
        assert_eq!(markdown_inline("O*Brien_<b>x</b>"), "O\\*Brien\\_&lt;b&gt;x&lt;/b&gt;");
        assert_eq!(markdown_inline("[link](http://evil.example)"), "\\[link\\](http\\://evil.example)");
        assert_eq!(markdown_inline("  # a|b\nc &amp; "), "\\# a\\|b c &amp;amp;");
        assert_eq!(markdown_inline("Dr. Lee (PCP), 2026-11-23"), "Dr. Lee (PCP), 2026-11-23");
        assert_eq!(markdown_inline("- 12. www.x.org a@b"), "\\- 12. www\\.x.org a\\@b");
        assert_eq!(markdown_inline("12. item"), "12\\. item");
        assert_eq!(
            markdown_block("# heading\n\n```\n<script>", "> "),
            "> \\# heading\n>\n> \\`\\`\\`\\\n> &lt;script&gt;\n"
        );
    }
}
