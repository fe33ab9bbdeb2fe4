//! tower-http's `CorsLayer` on axum, configured from a corsim policy, for the
//! server recorder (tests/servers/README.md).
//!
//!     corsim-server-axum '{"framework": "tower-http-cors", "options": {...}}'
//!     corsim-server-axum --bare       # the same routes without the layer
//!
//! Prints `{"port": N}` once it listens on 127.0.0.1:N, or
//! `{"startup_error": "..."}` when tower-http rejects the configuration (it
//! panics when the layer is applied). The options are the builder's methods
//! as keys (each sets its own part of the layer, so their order does not
//! matter); a key that is not a builder method is an error of the
//! recorder's config (in Rust it would not compile), reported on stderr with
//! exit status 2.

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::routing::get;
use axum::Router;
use regex::bytes::RegexBuilder;
use serde_json::Value;
use tower_http::cors::{AllowHeaders, AllowMethods, AllowOrigin, Any, CorsLayer, ExposeHeaders};

async fn text() -> &'static str {
    "ok\n"
}

/// axum has no exceptions: the error route answers 500 itself.
async fn error() -> (StatusCode, &'static str) {
    (StatusCode::INTERNAL_SERVER_ERROR, "boom\n")
}

fn strings(value: &Value, key: &str) -> Result<Vec<String>, String> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| format!("{key}: expected strings"))
            })
            .collect(),
        _ => Err(format!("{key}: expected a string or a list of strings")),
    }
}

fn header_names(value: &Value, key: &str) -> Result<Vec<HeaderName>, String> {
    strings(value, key)?
        .iter()
        .map(|s| HeaderName::from_bytes(s.as_bytes()).map_err(|e| format!("{key}: {s:?}: {e}")))
        .collect()
}

fn header_value(s: &str, key: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(s).map_err(|e| format!("{key}: {s:?}: {e}"))
}

/// What a user writes for each option, e.g. `.allow_origin(Any)`,
/// `.allow_origin([a, b])`, `.allow_origin(AllowOrigin::mirror_request())`,
/// or a predicate over a `regex` (`Regex::is_match`, which searches: no
/// implicit anchors).
fn layer(options: &serde_json::Map<String, Value>) -> Result<CorsLayer, String> {
    let mut layer = CorsLayer::new();
    for (key, value) in options {
        layer = match key.as_str() {
            "allow_origin" => match value {
                Value::String(s) if s == "*" => layer.allow_origin(Any),
                Value::String(s) if s == "mirror_request" => {
                    layer.allow_origin(AllowOrigin::mirror_request())
                }
                Value::String(s) => layer.allow_origin(header_value(s, key)?),
                Value::Array(_) => {
                    let list = strings(value, key)?
                        .iter()
                        .map(|s| header_value(s, key))
                        .collect::<Result<Vec<_>, _>>()?;
                    layer.allow_origin(list)
                }
                Value::Object(o) if o.contains_key("regex") => {
                    let source = o["regex"]
                        .as_str()
                        .ok_or("allow_origin: regex must be a string")?;
                    let flags = o.get("flags").and_then(Value::as_str).unwrap_or("");
                    let re = RegexBuilder::new(source)
                        .case_insensitive(flags.contains('i'))
                        .build()
                        .map_err(|e| e.to_string())?;
                    layer.allow_origin(AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                        re.is_match(origin.as_bytes())
                    }))
                }
                _ => return Err(format!("allow_origin: unsupported value {value}")),
            },
            "allow_methods" => match value {
                Value::String(s) if s == "*" => layer.allow_methods(Any),
                Value::String(s) if s == "mirror_request" => {
                    layer.allow_methods(AllowMethods::mirror_request())
                }
                _ => {
                    let list = strings(value, key)?
                        .iter()
                        .map(|s| {
                            Method::from_bytes(s.as_bytes()).map_err(|e| format!("{key}: {e}"))
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    layer.allow_methods(list)
                }
            },
            "allow_headers" => match value {
                Value::String(s) if s == "*" => layer.allow_headers(Any),
                Value::String(s) if s == "mirror_request" => {
                    layer.allow_headers(AllowHeaders::mirror_request())
                }
                _ => layer.allow_headers(header_names(value, key)?),
            },
            "expose_headers" => match value {
                Value::String(s) if s == "*" => layer.expose_headers(Any),
                _ => layer.expose_headers(ExposeHeaders::list(header_names(value, key)?)),
            },
            "allow_credentials" => layer.allow_credentials(
                value
                    .as_bool()
                    .ok_or("allow_credentials: expected a bool")?,
            ),
            "allow_private_network" => layer.allow_private_network(
                value
                    .as_bool()
                    .ok_or("allow_private_network: expected a bool")?,
            ),
            "max_age" => layer.max_age(Duration::from_secs(
                value.as_u64().ok_or("max_age: expected seconds")?,
            )),
            "vary" => layer.vary(header_names(value, key)?),
            _ => return Err(format!("{key}: not a CorsLayer builder method")),
        };
    }
    Ok(layer)
}

fn say(value: &Value) {
    println!("{value}");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let app = Router::new()
        .route("/api/text", get(text).put(text).post(text).delete(text))
        .route("/api/error", get(error));
    let app = if arg == "--bare" {
        app
    } else {
        let policy: Value = match serde_json::from_str(&arg) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("corsim-server-axum: the policy is not JSON: {e}");
                std::process::exit(2);
            }
        };
        let empty = serde_json::Map::new();
        let options = policy
            .get("options")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let cors = match layer(options) {
            Ok(layer) => layer,
            Err(e) => {
                eprintln!("corsim-server-axum: {e}");
                std::process::exit(2);
            }
        };
        // `Router::layer` applies the layer to every route (and the
        // fallback) at once, which is where tower-http checks the
        // configuration and panics.
        panic::set_hook(Box::new(|_| {}));
        let applied = panic::catch_unwind(AssertUnwindSafe(|| app.layer(cors)));
        let _ = panic::take_hook();
        match applied {
            Ok(app) => app,
            Err(payload) => {
                let message = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_else(|| "(panic without a message)".to_owned());
                say(&serde_json::json!({ "startup_error": message }));
                return;
            }
        }
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let port = listener.local_addr().expect("local address").port();
    say(&serde_json::json!({ "port": port }));
    axum::serve(listener, app).await.expect("serve");
}
