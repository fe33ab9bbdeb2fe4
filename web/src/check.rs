//! Inline validation: what is wrong with a field, in words, and where the
//! core's [`InputError`] belongs on the page.

use corsim::error::{Path, ProblemKind, Segment};
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

/// Where on the page an input problem belongs.
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
    /// Server entry `k`'s policy (its options editor shows the problem).
    Policy(usize),
    /// Nowhere in particular.
    General,
}

/// One of the core's input problems, placed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Where it belongs.
    pub(crate) target: Target,
    /// The core's message, with its location.
    pub(crate) message: String,
    /// A URL the server map lacks, to offer adding it.
    pub(crate) missing_url: Option<String>,
}

/// Places each of the core's problems next to the field it is about, from
/// the typed path the core gives it.
pub(crate) fn locate(error: &InputError, scenario: &Scenario) -> Vec<Problem> {
    error
        .problems()
        .iter()
        .map(|problem| Problem {
            target: target(&problem.path, scenario),
            message: problem.to_string(),
            missing_url: match &problem.kind {
                ProblemKind::MissingServerEntry { url, .. } => Some(url.clone()),
                _ => None,
            },
        })
        .collect()
}

/// The field a path leads to.
fn target(path: &Path, scenario: &Scenario) -> Target {
    match path.segments() {
        [Segment::Field("page"), ..] => Target::Page,
        [Segment::Field("requests"), Segment::Index(i), Segment::Field("url"), ..] => {
            Target::RequestUrl(*i)
        }
        [Segment::Field("requests"), Segment::Index(i), Segment::Field("at"), ..] => {
            Target::RequestAt(*i)
        }
        [Segment::Field("requests"), Segment::Index(i), ..] => Target::Request(*i),
        [Segment::Field("server"), Segment::Key(key), Segment::Field("policy"), ..] => scenario
            .server
            .0
            .iter()
            .rposition(|(k, _)| k == key)
            .map_or(Target::General, Target::Policy),
        [Segment::Field("server"), Segment::Key(key), ..] => scenario
            .server
            .0
            .iter()
            .rposition(|(k, _)| k == key)
            .map_or(Target::General, Target::Entry),
        _ => Target::General,
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
        let problem = &locate(&error, &scenario)[0];
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
        let problems = locate(&error, &scenario);
        assert_eq!(problems[0].target, Target::Page);
        // Every problem at once: the URL too.
        assert_eq!(problems[1].target, Target::RequestUrl(0));
        assert!(page_error("app.example").is_some());
        assert!(url_error("nope").is_some());
        assert!(header_name_error("X Y").is_some());
        assert!(header_name_error("X-Y").is_none());
    }

    #[test]
    fn a_policy_the_library_refuses_is_placed_at_the_policy() {
        let scenario = Scenario::from_json(
            r#"{"page":"https://app.example","requests":[{"url":"https://api.example/a"}],
            "server":{"https://api.example/a":{"policy":{"framework":"tower-http-cors",
            "options":{"allow_origin":"*","allow_credentials":true}}}}}"#,
        )
        .expect("parses");
        let error = corsim::simulate(&scenario, corsim::Browser::Chrome).expect_err("refused");
        let problems = locate(&error, &scenario);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].target, Target::Policy(0));
    }
}
