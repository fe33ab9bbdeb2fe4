//! The header map of a server's response as frameworks keep it.

use crate::scenario::HeaderPair;

/// Response headers in the order they will be sent, one entry per line.
///
/// [`OrderedHeaders::set`] replaces the lines of a name in place, as
/// Node's `res.setHeader` and most frameworks' header maps do: the name
/// keeps its first position and takes the new spelling.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderedHeaders(pub Vec<HeaderPair>);

impl OrderedHeaders {
    /// The first value of `name` (ASCII case-insensitive).
    #[must_use]
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Sets `name` to `value`: in place of its first line (the others
    /// removed), or appended.
    pub fn set(&mut self, name: &str, value: &str) {
        if let Some(first) = self
            .0
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
        {
            self.0[first] = (name.to_owned(), value.to_owned());
            let mut i = first + 1;
            while i < self.0.len() {
                if self.0[i].0.eq_ignore_ascii_case(name) {
                    self.0.remove(i);
                } else {
                    i += 1;
                }
            }
        } else {
            self.0.push((name.to_owned(), value.to_owned()));
        }
    }

    /// Appends a line, whatever is there.
    pub fn append(&mut self, name: &str, value: &str) {
        self.0.push((name.to_owned(), value.to_owned()));
    }

    /// Removes every line of `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Adds `field` to the `Vary` header named `name` unless it is listed
    /// (case-insensitively) or the header is `*`, as the npm `vary` package
    /// does: the fields joined with `, `, in place.
    pub fn vary(&mut self, name: &str, field: &str) {
        let current = self.get(name).unwrap_or("").to_owned();
        if current.trim() == "*" {
            return;
        }
        let mut fields: Vec<&str> = current
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        for wanted in field.split(',').map(str::trim).filter(|f| !f.is_empty()) {
            if wanted == "*" {
                self.set(name, "*");
                return;
            }
            if !fields.iter().any(|f| f.eq_ignore_ascii_case(wanted)) {
                fields.push(wanted);
            }
        }
        let value = fields.join(", ");
        self.set(name, &value);
    }
}
