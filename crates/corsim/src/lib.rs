//! # corsim
//!
//! A browser-faithful CORS simulator: given a page origin, the requests its
//! script makes and what the server answers, corsim says what a browser
//! does — whether a preflight goes out and with which headers, whether the
//! request is sent, what JavaScript sees, which console message each browser
//! prints, and why, step by step, each step tied to its Fetch Standard
//! anchor.
//!
//! ```
//! use corsim::{simulate, Browser, Scenario};
//!
//! let scenario = Scenario::from_json(r#"{
//!   "page": "https://app.example",
//!   "requests": [{ "url": "https://api.example/users", "method": "PUT",
//!                  "headers": [["Content-Type", "application/json"]] }],
//!   "server": { "https://api.example/users": {
//!     "preflight": { "status": 204, "headers": [
//!       ["Access-Control-Allow-Origin", "https://app.example"],
//!       ["Access-Control-Allow-Methods", "PUT"] ] },
//!     "actual": { "status": 200, "headers": [["Access-Control-Allow-Origin", "https://app.example"]] }
//!   } }
//! }"#)?;
//!
//! let verdict = simulate(&scenario, Browser::Chrome)?;
//! let request = &verdict.requests[0];
//! // The preflight went out, asking for PUT and content-type...
//! assert_eq!(
//!     request.preflights[0].headers.get("Access-Control-Request-Headers").unwrap(),
//!     b"content-type"
//! );
//! // ...and the server did not allow content-type.
//! assert_eq!(
//!     request.console[0],
//!     "Access to fetch at 'https://api.example/users' from origin 'https://app.example' has been \
//!      blocked by CORS policy: Request header field content-type is not allowed by \
//!      Access-Control-Allow-Headers in preflight response."
//! );
//! # Ok::<(), corsim::InputError>(())
//! ```
//!
//! The building blocks are public and named as the Fetch Standard names
//! them: [`origin::Origin`], [`method::is_cors_safelisted_method`],
//! [`header::safelist::is_cors_safelisted_request_header`],
//! [`header::safelist::cors_unsafe_request_header_names`],
//! [`cors_check::cors_check`], [`cache::PreflightCache`].
#![forbid(unsafe_code)]

pub mod browser;
pub mod cache;
mod collections;
pub mod cors_check;
mod decimal;
pub mod error;
pub mod escape;
pub mod explain;
pub mod fetch;
pub mod fix;
pub mod header;
#[cfg(feature = "import")]
pub mod import;
pub mod local_network;
pub mod message;
pub mod method;
pub mod mime;
pub mod origin;
#[cfg(feature = "policy")]
pub mod policy;
pub mod reason;
mod request;
pub mod scenario;
mod simulation;
pub mod step;
pub mod trace;
mod url_parser;
pub mod validate;
pub mod verdict;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;

pub use browser::Browser;
pub use error::InputError;
pub use scenario::{
    Api, BodyKind, BodySpec, CredentialsMode, HttpVersion, RedirectMode, RequestMode, RequestSpec,
    ResponseSpec, Responses, Scenario, ServerEntry, ServerMap, UploadListener,
};
pub use simulation::{simulate, simulate_with, Options, Simulation};
pub use url_parser::{set_url_reparser, url_parser, Reparser};
pub use verdict::{FetchResult, Outcome, Phase, RequestVerdict, ResponseType, Verdict};

/// The most headers one request or response may have. Browsers and servers
/// refuse far fewer bytes of headers long before this; the limit keeps every
/// simulation fast.
pub const MAX_HEADERS: usize = 1000;

/// The most requests one scenario may hold.
pub const MAX_REQUESTS: usize = 10_000;

/// The most entries one server map may hold.
pub const MAX_SERVER_ENTRIES: usize = 10_000;

/// The most responses one list of a server entry may hold.
pub const MAX_RESPONSES: usize = 1000;

/// The largest scenario document corsim reads, in bytes (64 MiB).
pub const MAX_SCENARIO_BYTES: usize = 64 << 20;
