//! Inline validation: what is wrong with a field, in words, and where the
//! core's [`InputError`] belongs on the page.

use corsim::origin::Origin;
use corsim::{InputError, Scenario};

/// Why a page origin does not parse.
pub(crate) fn page_error(text: &str) -> Option<String> {
    Origin::parse(text)
        .err()
        .map(|e| format!("Not a serialized origin: {e}. Example: https://app.example"))
}

/// Why a URL does not parse.
pub(crate) fn url_error(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return Some("Enter an absolute URL, such as https://api.example/data".to_owned());
    }
    corsim::url_parser(text, None)
        .err()
        .map(|e| format!("Not an absolute URL: {e}"))
}

/// Why a header name is not a valid token.
pub(crate) fn header_name_error(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("Enter a header name".to_owned())
    } else if corsim::header::is_header_name(name) {
        None
    } else {
        Some(format!(
            "`{name}` is not a valid header name (a token: no spaces, colons or quotes)"
        ))
    }
}

/// Where on the page an input error belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// The page origin.
    Page,
    /// Request `i` as a whole (a missing server entry).
    Request(usize),
    /// Request `i`'s URL.
    RequestUrl(usize),
    /// Request `i`'s `at`.
    RequestAt(usize),
    /// Server entry `k`.
    Entry(usize),
    /// Nowhere in particular.
    General,
}

/// The core's input error, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Where it belongs.
    pub(crate) target: Target,
    /// The core's message, with its location.
    pub(crate) message: String,
    /// A URL the server map lacks, to offer adding it.
    pub(crate) missing_url: Option<String>,
}

/// `requests[3]...` → 3.
fn request_index(text: &str) -> Option<(usize, &str)> {
    let rest = text.strip_prefix("requests[")?;
    let (n, rest) = rest.split_once(']')?;
    Some((n.parse().ok()?, rest))
}

/// `server["key"]...` → key.
fn server_key(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("server[\"")?;
    Some(rest.split_once("\"]")?.0)
}

fn missing_url(message: &str) -> Option<String> {
    let start = ["sends a preflight to ", "sends a request to "]
        .iter()
        .find_map(|p| message.find(p).map(|i| i + p.len()))?;
    let rest = &message[start..];
    let end = rest.find(", but the server map")?;
    Some(rest[..end].to_owned())
}

/// Places the core's error next to the field it is about.
pub(crate) fn locate(error: &InputError, scenario: &Scenario) -> Problem {
    let message = error.to_string();
    let location = error.location().unwrap_or(&message);
    let target = if location == "page" {
        Target::Page
    } else if let Some((i, rest)) = request_index(location) {
        if rest.starts_with(".url") {
            Target::RequestUrl(i)
        } else if rest.starts_with(".at") {
            Target::RequestAt(i)
        } else {
            Target::Request(i)
        }
    } else if let Some(key) = server_key(location) {
        scenario
            .server
            .0
            .iter()
            .rposition(|(k, _)| k == key)
            .map_or(Target::General, Target::Entry)
    } else {
        Target::General
    };
    Problem {
        target,
        missing_url: missing_url(&message),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_entry_points_at_the_request_and_names_the_url() {
        let scenario = Scenario::from_json(
            r#"{"page":"https://app.example","requests":[{"url":"https://api.example/a"}]}"#,
        )
        .expect("parses");
        let error = corsim::simulate(&scenario, corsim::Browser::Chrome).expect_err("no entry");
        let problem = locate(&error, &scenario);
        assert_eq!(problem.target, Target::Request(0));
        assert_eq!(
            problem.missing_url.as_deref(),
            Some("https://api.example/a")
        );
    }

    #[test]
    fn a_bad_page_and_a_bad_url_are_placed() {
        let scenario = Scenario::from_json(r#"{"page":"app.example","requests":[{"url":"nope"}]}"#)
            .expect("parses");
        let error = corsim::simulate(&scenario, corsim::Browser::Chrome).expect_err("bad page");
        assert_eq!(locate(&error, &scenario).target, Target::Page);
        assert!(page_error("app.example").is_some());
        assert!(url_error("nope").is_some());
        assert!(header_name_error("X Y").is_some());
        assert!(header_name_error("X-Y").is_none());
    }
}
