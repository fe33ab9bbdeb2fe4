//! Regular expressions in a policy: `{"regex": "...", "flags": "i"}`.

use regex::{Regex, RegexBuilder};
use serde_json::{Map, Value};

/// A regular expression given as `{"regex", "flags"}`, compiled.
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    regex: Regex,
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
        Ok(Self { regex })
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

    /// Whether the pattern matches at the start of `text`, wherever it ends
    /// (Python's `re.match`: anchored at the start only). The leftmost
    /// match starts at 0 exactly when some match does.
    pub(crate) fn match_start(&self, text: &str) -> bool {
        self.regex.find(text).is_some_and(|m| m.start() == 0)
    }
}
