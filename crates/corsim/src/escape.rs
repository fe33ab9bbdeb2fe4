//! Showing input safely: every character that could move a terminal's
//! cursor, retitle it, reorder the text around it or hide itself is written
//! as a visible escape.
//!
//! A scenario is untrusted text. Echoed raw, an ESC sequence in a header
//! value clears a terminal, a newline in a URL forges a line of output, a
//! right-to-left override reverses what follows, and a zero-width space
//! makes two different values look alike. [`Escaped`] writes them as
//! `\x1b`, `\n`, `\u{202e}` and `\u{200b}`; everything else as it is.

use std::fmt::{self, Write as _};

/// A string shown with its control, bidi and invisible characters escaped.
///
/// ```
/// use corsim::escape::Escaped;
/// assert_eq!(Escaped("a\x1b[2Jb\n\u{202e}c").to_string(), "a\\x1b[2Jb\\n\\u{202e}c");
/// assert_eq!(Escaped("https://app.example").to_string(), "https://app.example");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(needs_escape) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().expect("found above");
            match c {
                '\n' => f.write_str("\\n")?,
                '\r' => f.write_str("\\r")?,
                '\t' => f.write_str("\\t")?,
                c if (c as u32) < 0x80 => write!(f, "\\x{:02x}", c as u32)?,
                c => write!(f, "\\u{{{:x}}}", c as u32)?,
            }
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

/// Whether `c` must be shown as an escape: C0 and C1 controls, DEL, the
/// bidi controls, line and paragraph separators, and the invisible format
/// characters (zero-width spaces and joiners, word joiner, BOM, soft hyphen,
/// the Mongolian vowel separator, interlinear annotations, tag characters).
#[must_use]
pub fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{ad}' | '\u{61c}' | '\u{180e}'
        | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
        | '\u{e0000}'..='\u{e007f}')
}

/// `text` with its control, bidi and invisible characters escaped.
#[must_use]
pub fn escape(text: &str) -> String {
    if text.contains(needs_escape) {
        let mut out = String::with_capacity(text.len() + 8);
        let _ = write!(out, "{}", Escaped(text));
        out
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        assert_eq!(escape("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
        assert_eq!(escape("a\r\nRequest 2"), "a\\r\\nRequest 2");
        assert_eq!(escape("\u{202e}gnp.exe"), "\\u{202e}gnp.exe");
        assert_eq!(escape("cors\u{200b}"), "cors\\u{200b}");
        assert_eq!(escape("\u{2028}\u{85}\u{7f}"), "\\u{2028}\\u{85}\\x7f");
        assert_eq!(escape("café ü 日本"), "café ü 日本");
    }
}
