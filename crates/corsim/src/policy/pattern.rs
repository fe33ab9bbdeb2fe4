//! Regular expressions in a policy: `{"regex": "...", "flags": "i"}`, and
//! the plain strings Python libraries compile themselves.
//!
//! One engine for every library and every build: `regex-lite`. It matches
//! in time linear in the pattern and the text (a hostile policy in a share
//! link cannot hang the page, as a backtracking engine could), and it is
//! small: the `regex` crate with its Unicode tables made the WebAssembly
//! module 103 KB gzip larger. What this gives up, against each library's
//! own engine (JavaScript `RegExp`, Python `re`, Rust `regex`): Unicode
//! classes (`\w`, `\d` and `\s` are ASCII here), case-insensitive matching
//! beyond ASCII, and look-around and back-references, which are refused
//! with an error naming the pattern. A serialized origin is ASCII (its host
//! is Punycode), so the first two change no origin check.

use regex_lite::{Regex, RegexBuilder};
use serde_json::{Map, Value};

/// A regular expression given as `{"regex", "flags"}`, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    regex: Regex,
    /// The expression anchored at both ends, for Python's `fullmatch`.
    full: Option<Regex>,
}

impl Pattern {
    /// Reads `{"regex": SOURCE, "flags": FLAGS}` (`flags` optional), or
    /// `None` when `value` is not such an object. The flags a JavaScript
    /// `RegExp` takes that change matching are `i`, `m` and `s`; `u` and
    /// `d` change nothing here; `g` and `y` make `test()` stateful, which
    /// no model follows, so they are refused.
    pub(crate) fn from_json(value: &Value) -> Option<Result<Self, String>> {
        let object = value.as_object()?;
        let source = object.get("regex")?.as_str()?;
        Some(Self::compile(source, object))
    }

    /// A regular expression given as a string, as a library compiles it
    /// itself (Python's `re.compile(source, re.IGNORECASE)` when
    /// `case_insensitive`).
    pub(crate) fn new(source: &str, case_insensitive: bool) -> Result<Self, String> {
        let mut builder = Self::builder(source);
        builder.case_insensitive(case_insensitive);
        Self::build(source, &builder)
    }

    fn builder(source: &str) -> RegexBuilder {
        let mut builder = RegexBuilder::new(source);
        builder.size_limit(1 << 20);
        builder
    }

    fn build(source: &str, builder: &RegexBuilder) -> Result<Self, String> {
        let regex = builder
            .build()
            .map_err(|e| format!("`{source}` is not a regular expression corsim reads: {e}"))?;
        Ok(Self { regex, full: None })
    }

    fn compile(source: &str, object: &Map<String, Value>) -> Result<Self, String> {
        let mut builder = Self::builder(source);
        match object.get("flags") {
            None => {}
            Some(Value::String(flags)) => {
                for flag in flags.chars() {
                    match flag {
                        'i' => builder.case_insensitive(true),
                        'm' => builder.multi_line(true),
                        's' => builder.dot_matches_new_line(true),
                        'u' | 'd' => &mut builder,
                        other => {
                            return Err(format!(
                                "the regular expression flag `{other}` is not modelled"
                            ))
                        }
                    };
                }
            }
            Some(_) => return Err("`flags` must be a string".to_owned()),
        }
        Self::build(source, &builder)
    }

    /// Whether the pattern matches anywhere in `text` (JavaScript's
    /// `test`, Rust's `is_match`: no implicit anchors).
    pub(crate) fn search(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// A pattern as Python's `re.compile(source, flags)` with `flags` among
    /// `i` (`re.IGNORECASE`), `m` (`re.MULTILINE`) and `s` (`re.DOTALL`),
    /// to be applied with [`Pattern::python_match`] or
    /// [`Pattern::python_fullmatch`].
    pub(crate) fn python(source: &str, flags: &str) -> Result<Self, String> {
        let mut builder = RegexBuilder::new(source);
        builder.size_limit(1 << 20);
        for flag in flags.chars() {
            match flag {
                'i' => builder.case_insensitive(true),
                'm' => builder.multi_line(true),
                's' => builder.dot_matches_new_line(true),
                other => {
                    return Err(format!(
                        "the regular expression flag `{other}` is not modelled"
                    ))
                }
            };
        }
        let regex = builder
            .build()
            .map_err(|e| format!("`{source}` is not a regular expression corsim reads: {e}"))?;
        // `fullmatch` needs its own anchored expression: the leftmost-first
        // match need not be the one that spans the text (`a|ab` on `ab`).
        let full = RegexBuilder::new(&format!(r"\A(?:{source})\z"))
            .size_limit(1 << 20)
            .case_insensitive(flags.contains('i'))
            .multi_line(flags.contains('m'))
            .dot_matches_new_line(flags.contains('s'))
            .build()
            .map_err(|e| format!("`{source}` is not a regular expression corsim reads: {e}"))?;
        Ok(Self {
            regex,
            full: Some(full),
        })
    }

    /// [`Pattern::python`] from `{"regex": SOURCE, "flags": FLAGS}` (a
    /// compiled `re.Pattern`), or `None` when `value` is not such an object.
    pub(crate) fn python_json(value: &Value) -> Option<Result<Self, String>> {
        let object = value.as_object()?;
        let source = object.get("regex")?.as_str()?;
        Some(match object.get("flags") {
            None => Self::python(source, ""),
            Some(Value::String(flags)) => Self::python(source, flags),
            Some(_) => Err("`flags` must be a string".to_owned()),
        })
    }

    /// Python's `re.match`: a match that starts where `text` starts (the
    /// leftmost match starts there when any does).
    pub(crate) fn python_match(&self, text: &str) -> bool {
        self.regex.find(text).is_some_and(|m| m.start() == 0)
    }

    /// Python's `re.fullmatch`: a match that spans `text`.
    pub(crate) fn python_fullmatch(&self, text: &str) -> bool {
        self.full.as_ref().map_or_else(
            || {
                self.regex
                    .find(text)
                    .is_some_and(|m| m.range() == (0..text.len()))
            },
            |full| full.is_match(text),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn python_match_and_fullmatch() {
        let p = Pattern::python(r"https://(app|admin)\.example", "").expect("compiles");
        assert!(p.python_match("https://app.example.evil.example"));
        assert!(!p.python_match("x https://app.example"));
        assert!(!p.python_fullmatch("https://app.example.evil.example"));
        assert!(p.python_fullmatch("https://admin.example"));
        // The leftmost-first match is `a`; fullmatch still finds `ab`.
        let p = Pattern::python("a|ab", "").expect("compiles");
        assert!(p.python_fullmatch("ab"));
        let p = Pattern::python("APP", "i").expect("compiles");
        assert!(p.python_match("app.example"));
    }
}
