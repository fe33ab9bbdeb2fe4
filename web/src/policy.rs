//! Server entries described by their CORS middleware: the libraries as
//! people name them, the common options in each library's own spelling,
//! and the edits the framework editor makes to a policy.

use corsim::policy::{Framework, Policy};
use corsim::scenario::Extensions;
use corsim::ServerEntry;
use serde_json::{Map, Value};

/// What people call each library.
pub(crate) fn label(framework: Framework) -> &'static str {
    match framework {
        Framework::ExpressCors => "Express cors",
        Framework::FastifyCors => "@fastify/cors",
        Framework::KoaCors => "@koa/cors",
        Framework::FlaskCors => "Flask-CORS",
        Framework::DjangoCorsHeaders => "django-cors-headers",
        Framework::StarletteCors => "Starlette / FastAPI CORSMiddleware",
        Framework::TowerHttpCors => "tower-http CorsLayer",
        _ => framework.name(),
    }
}

/// `(contract name, label)` of every library, for a `<select>`.
pub(crate) static FRAMEWORKS: [(&str, &str); 7] = [
    ("express-cors", "Express cors"),
    ("fastify-cors", "@fastify/cors"),
    ("koa-cors", "@koa/cors"),
    ("flask-cors", "Flask-CORS"),
    ("django-cors-headers", "django-cors-headers"),
    ("starlette-cors", "Starlette / FastAPI CORSMiddleware"),
    ("tower-http-cors", "tower-http CorsLayer"),
];

/// The library with this contract name.
pub(crate) fn framework(name: &str) -> Option<Framework> {
    Framework::ALL.into_iter().find(|f| f.name() == name)
}

/// What a common option holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The allowed origins: a list of strings.
    Origins,
    /// A list of names (methods, headers).
    List,
    /// On or off.
    Bool,
    /// A number of seconds.
    Seconds,
}

/// One common option of one library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CommonOption {
    /// Its name in the library's spelling.
    pub(crate) name: &'static str,
    /// What it is, in words.
    pub(crate) label: &'static str,
    /// What it holds.
    pub(crate) kind: Kind,
}

const fn opt(name: &'static str, label: &'static str, kind: Kind) -> CommonOption {
    CommonOption { name, label, kind }
}

/// The common options of `framework`, in its own spelling (the names its
/// model in the core reads: [`Framework::option_names`]).
pub(crate) fn common_options(framework: Framework) -> [CommonOption; 6] {
    let (origins, credentials, methods, headers, expose, max_age) = match framework {
        Framework::ExpressCors | Framework::FastifyCors => (
            "origin",
            "credentials",
            "methods",
            "allowedHeaders",
            "exposedHeaders",
            "maxAge",
        ),
        Framework::KoaCors => (
            "origin",
            "credentials",
            "allowMethods",
            "allowHeaders",
            "exposeHeaders",
            "maxAge",
        ),
        Framework::FlaskCors => (
            "origins",
            "supports_credentials",
            "methods",
            "allow_headers",
            "expose_headers",
            "max_age",
        ),
        Framework::DjangoCorsHeaders => (
            "CORS_ALLOWED_ORIGINS",
            "CORS_ALLOW_CREDENTIALS",
            "CORS_ALLOW_METHODS",
            "CORS_ALLOW_HEADERS",
            "CORS_EXPOSE_HEADERS",
            "CORS_PREFLIGHT_MAX_AGE",
        ),
        Framework::StarletteCors => (
            "allow_origins",
            "allow_credentials",
            "allow_methods",
            "allow_headers",
            "expose_headers",
            "max_age",
        ),
        _ => (
            "allow_origin",
            "allow_credentials",
            "allow_methods",
            "allow_headers",
            "expose_headers",
            "max_age",
        ),
    };
    [
        opt(origins, "Allowed origins", Kind::Origins),
        opt(credentials, "Credentials (cookies)", Kind::Bool),
        opt(methods, "Allowed methods", Kind::List),
        opt(headers, "Allowed request headers", Kind::List),
        opt(expose, "Exposed response headers", Kind::List),
        opt(max_age, "Preflight max age (seconds)", Kind::Seconds),
    ]
}

/// A list option as the form shows it (`a, b`), or `None` when its value
/// is something the form cannot show as a list (`true`, a regex, a
/// function): the JSON editor holds it then.
pub(crate) fn list_text(framework: Framework, value: Option<&Value>) -> Option<String> {
    let strings = |list: &Vec<Value>| {
        list.iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(|l| l.join(", "))
    };
    match value {
        None => Some(String::new()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(list)) => strings(list),
        // @koa/cors: `origin` is a function; the allow-list one holds a list.
        Some(Value::Object(o))
            if framework == Framework::KoaCors
                && o.get("fn").and_then(Value::as_str) == Some("allow-list") =>
        {
            o.get("list").and_then(Value::as_array).and_then(strings)
        }
        Some(_) => None,
    }
}

/// The value the form writes for a list option's text (`None`: remove the
/// option, the library's default applies).
pub(crate) fn list_value(framework: Framework, option: CommonOption, text: &str) -> Option<Value> {
    let items: Vec<Value> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect();
    if items.is_empty() {
        return None;
    }
    let list = Value::Array(items);
    Some(
        if framework == Framework::KoaCors && option.kind == Kind::Origins {
            serde_json::json!({"fn": "allow-list", "list": list})
        } else {
            list
        },
    )
}

/// An edit to a server entry's policy.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PolicyEdit {
    /// Describe the entry by this library's middleware (`None`: by literal
    /// responses again).
    Mode(Option<Framework>),
    /// Set one option (`None`: remove it).
    Set(String, Option<Value>),
    /// Replace every option.
    Options(Map<String, Value>),
    /// Merge these options over the policy's own (an audit fix).
    Merge(Map<String, Value>),
}

/// The options a new policy for `framework` starts with: `page` trusted.
pub(crate) fn starting_options(framework: Framework, page: &str) -> Map<String, Value> {
    framework.allow_list_options(&Map::new(), &[page.to_owned()], false)
}

/// Applies `edit` to `entry`; `page` is the scenario's page origin.
pub(crate) fn apply(entry: &mut ServerEntry, edit: PolicyEdit, page: &str) {
    match edit {
        PolicyEdit::Mode(None) => entry.policy = None,
        PolicyEdit::Mode(Some(framework)) => {
            let options = match &entry.policy {
                Some(p) if p.framework == framework => return,
                _ => starting_options(framework, page),
            };
            if entry.policy.is_none() {
                // The middleware answers preflights and adds the CORS
                // headers; what stays literal is the route's own answer.
                entry.preflight = None;
                strip_cors_headers(entry);
            }
            entry.policy = Some(Policy {
                framework,
                version: None,
                options,
                mount: None,
                extensions: Extensions::default(),
            });
        }
        PolicyEdit::Set(name, value) => {
            if let Some(policy) = entry.policy.as_mut() {
                match value {
                    Some(v) => {
                        policy.options.insert(name, v);
                    }
                    None => {
                        policy.options.remove(&name);
                    }
                }
            }
        }
        PolicyEdit::Options(options) => {
            if let Some(policy) = entry.policy.as_mut() {
                policy.options = options;
            }
        }
        PolicyEdit::Merge(options) => {
            if let Some(policy) = entry.policy.as_mut() {
                policy.options.extend(options);
            }
        }
    }
}

/// Removes the `Access-Control-*` headers from the route's own answers:
/// with a policy, the middleware sends those.
fn strip_cors_headers(entry: &mut ServerEntry) {
    let strip = |r: &mut corsim::ResponseSpec| {
        r.headers
            .retain(|(n, _)| !n.to_ascii_lowercase().starts_with("access-control-"));
    };
    match entry.actual.as_mut() {
        Some(corsim::Responses::One(r)) => strip(r),
        Some(corsim::Responses::Sequence(list)) => list.iter_mut().for_each(strip),
        _ => {}
    }
}

/// Parses the JSON editor's text: an object of options.
pub(crate) fn parse_options(text: &str) -> Result<Map<String, Value>, String> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("The options are a JSON object: {\"name\": value, ...}".to_owned()),
        Err(e) => Err(format!("Not valid JSON: {e}")),
    }
}

/// The options as the JSON editor shows them.
pub(crate) fn options_text(options: &Map<String, Value>) -> String {
    serde_json::to_string_pretty(options).unwrap_or_default()
}

/// The core's complaint about a policy, if it has one.
pub(crate) fn policy_error(policy: &Policy) -> Option<String> {
    corsim::policy::Model::compile(policy)
        .err()
        .map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use corsim::{ResponseSpec, Responses};

    fn literal() -> ServerEntry {
        ServerEntry {
            unreachable: false,
            preflight: Some(Responses::One(ResponseSpec::new(
                204,
                vec![("Access-Control-Allow-Origin".to_owned(), "*".to_owned())],
            ))),
            actual: Some(Responses::One(ResponseSpec::new(
                200,
                vec![
                    ("Access-Control-Allow-Origin".to_owned(), "*".to_owned()),
                    ("Content-Type".to_owned(), "application/json".to_owned()),
                ],
            ))),
            http: None,
            policy: None,
            extensions: Extensions::default(),
        }
    }

    #[test]
    fn every_library_is_offered_and_its_common_options_are_the_ones_it_reads() {
        assert_eq!(FRAMEWORKS.len(), Framework::ALL.len());
        for (name, text) in FRAMEWORKS {
            let f = framework(name).expect("a modelled library");
            assert_eq!(label(f), text);
            for option in common_options(f) {
                assert!(
                    f.option_names().contains(&option.name),
                    "{name} does not read {}",
                    option.name
                );
            }
        }
    }

    #[test]
    fn switching_to_a_framework_keeps_the_route_and_trusts_the_page() {
        let mut entry = literal();
        apply(
            &mut entry,
            PolicyEdit::Mode(Some(Framework::ExpressCors)),
            "https://app.example",
        );
        let policy = entry.policy.as_ref().expect("a policy");
        assert_eq!(
            Value::Object(policy.options.clone()),
            serde_json::json!({"origin": ["https://app.example"]})
        );
        assert_eq!(entry.preflight, None);
        assert_eq!(
            entry.actual,
            Some(Responses::One(ResponseSpec::new(
                200,
                vec![("Content-Type".to_owned(), "application/json".to_owned())]
            )))
        );
        // Another library starts from its own spelling.
        apply(
            &mut entry,
            PolicyEdit::Mode(Some(Framework::DjangoCorsHeaders)),
            "https://app.example",
        );
        assert_eq!(
            entry.policy.as_ref().map(|p| p.options.clone()),
            Some(
                serde_json::json!({"CORS_ALLOWED_ORIGINS": ["https://app.example"]})
                    .as_object()
                    .cloned()
                    .unwrap_or_default()
            )
        );
        apply(&mut entry, PolicyEdit::Mode(None), "https://app.example");
        assert_eq!(entry.policy, None);
    }

    #[test]
    fn the_form_and_the_json_edit_the_same_options() {
        let mut entry = literal();
        let page = "https://app.example";
        apply(&mut entry, PolicyEdit::Mode(Some(Framework::KoaCors)), page);
        let [origins, credentials, ..] = common_options(Framework::KoaCors);
        let value = list_value(
            Framework::KoaCors,
            origins,
            "https://a.example, https://b.example",
        );
        assert_eq!(
            value,
            Some(
                serde_json::json!({"fn": "allow-list", "list": ["https://a.example", "https://b.example"]})
            )
        );
        apply(
            &mut entry,
            PolicyEdit::Set(origins.name.to_owned(), value),
            page,
        );
        apply(
            &mut entry,
            PolicyEdit::Set(credentials.name.to_owned(), Some(Value::Bool(true))),
            page,
        );
        let options = entry
            .policy
            .as_ref()
            .map(|p| p.options.clone())
            .unwrap_or_default();
        assert_eq!(
            list_text(Framework::KoaCors, options.get("origin")).as_deref(),
            Some("https://a.example, https://b.example")
        );
        let text = options_text(&options);
        assert_eq!(parse_options(&text), Ok(options));
        assert!(parse_options("[1]").is_err());
        assert!(parse_options("{").is_err());
        // A value the form cannot show as a list is left to the JSON.
        assert_eq!(
            list_text(Framework::ExpressCors, Some(&Value::Bool(true))),
            None
        );
        assert_eq!(list_value(Framework::ExpressCors, origins, " , "), None);
    }

    #[test]
    fn a_fix_merges_over_the_options() {
        let mut entry = literal();
        let page = "https://app.example";
        apply(
            &mut entry,
            PolicyEdit::Mode(Some(Framework::ExpressCors)),
            page,
        );
        let options = parse_options(r#"{"origin": true, "credentials": true}"#).expect("json");
        apply(&mut entry, PolicyEdit::Options(options), page);
        let fix = parse_options(r#"{"origin": ["https://app.example"]}"#).expect("json");
        apply(&mut entry, PolicyEdit::Merge(fix), page);
        assert_eq!(
            entry
                .policy
                .as_ref()
                .map(|p| Value::Object(p.options.clone())),
            Some(serde_json::json!({"origin": ["https://app.example"], "credentials": true}))
        );
    }

    #[test]
    fn the_core_says_what_is_wrong_with_options() {
        let mut entry = literal();
        apply(
            &mut entry,
            PolicyEdit::Mode(Some(Framework::TowerHttpCors)),
            "https://app.example",
        );
        let options =
            parse_options(r#"{"allow_origin": "*", "allow_credentials": true}"#).expect("json");
        apply(
            &mut entry,
            PolicyEdit::Options(options),
            "https://app.example",
        );
        let error = entry.policy.as_ref().and_then(policy_error);
        assert!(
            error.is_some_and(|e| e.starts_with("tower-http-cors ")),
            "{entry:?}"
        );
    }
}
