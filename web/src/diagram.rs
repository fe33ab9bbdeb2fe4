//! What travels, in order, for the sequence diagram: derived from the
//! verdict's preflights, hops and trace.

use corsim::verdict::{Exchange, RequestVerdict, Stage};
use corsim::{Api, Browser, Phase};

/// One arrow of the sequence diagram.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Leg {
    /// The script calls `fetch()` / `xhr.send()`.
    Call {
        /// What the script wrote.
        text: String,
        /// It threw before anything was sent.
        failed: bool,
    },
    /// A message from the browser to a server.
    Out {
        /// The server lane (an origin).
        lane: String,
        /// `OPTIONS /path` or `PUT /path`.
        text: String,
        /// The headers that matter (`Origin`, `Access-Control-Request-*`).
        detail: Vec<String>,
        /// A preflight.
        preflight: bool,
    },
    /// A server's answer.
    Back {
        /// The server lane.
        lane: String,
        /// `204`, `302 → …`, or `unreachable`.
        text: String,
        /// The headers the server answered with (`Name: value`).
        headers: Vec<String>,
        /// The browser rejected it here.
        failed: Option<String>,
        /// An answer to a preflight.
        preflight: bool,
    },
    /// What the script gets.
    Result {
        /// Resolved.
        ok: bool,
        /// `Response (cors, 200)` or `TypeError: Failed to fetch`.
        text: String,
    },
}

/// The origin part of a URL (`https://api.example`), for the lane.
pub(crate) fn lane_of(url: &str) -> String {
    corsim::url_parser(url, None)
        .map_or_else(|_| url.to_owned(), |u| u.origin().ascii_serialization())
}

/// Host, path and query of a URL (`api.example/users`), or the text as typed.
pub(crate) fn short(url: &str) -> String {
    corsim::url_parser(url, None).map_or_else(
        |_| url.to_owned(),
        |u| format!("{}{}", u.host_str().unwrap_or(""), path_of(url)),
    )
}

/// The path and query of a URL.
fn path_of(url: &str) -> String {
    corsim::url_parser(url, None).map_or_else(
        |_| url.to_owned(),
        |u| match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        },
    )
}

/// Response headers as `Name: value` lines.
fn header_lines(headers: &corsim::header::HeaderList) -> Vec<String> {
    headers
        .iter()
        .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v)))
        .collect()
}

/// Every arrow, in the order things happen.
pub(crate) fn legs(
    verdict: &RequestVerdict,
    method: &str,
    url: &str,
    api: Api,
    browser: Browser,
) -> Vec<Leg> {
    let mut legs = vec![Leg::Call {
        text: if api == Api::Xhr {
            format!("xhr {method} {}", path_of(url))
        } else {
            format!("fetch {method} {}", path_of(url))
        },
        failed: verdict.phase() == Phase::Construct,
    }];
    let push_preflight = |legs: &mut Vec<Leg>, p: &corsim::verdict::PreflightRecord| {
        let lane = lane_of(&p.url);
        legs.push(Leg::Out {
            lane: lane.clone(),
            text: format!("OPTIONS {}", path_of(&p.url)),
            detail: p
                .headers
                .iter()
                .filter(|(n, _)| *n != "Origin")
                .map(|(n, v)| format!("{n}: {}", String::from_utf8_lossy(v)))
                .chain(std::iter::once(format!(
                    "address space: {}",
                    p.address_space
                )))
                .collect(),
            preflight: true,
        });
        legs.push(Leg::Back {
            lane,
            text: p
                .status
                .map_or_else(|| "unreachable".to_owned(), |s| s.to_string()),
            headers: header_lines(&p.response_headers),
            failed: None,
            preflight: true,
        });
    };
    let push_hop = |legs: &mut Vec<Leg>, h: &corsim::verdict::HopRecord| {
        let lane = lane_of(&h.url);
        let mut detail = vec![match &h.origin {
            Some(o) => format!("Origin: {o}"),
            None => "no Origin".to_owned(),
        }];
        if h.credentials {
            detail.push("with cookies".to_owned());
        }
        detail.push(format!("address space: {}", h.address_space));
        legs.push(Leg::Out {
            lane: lane.clone(),
            text: format!("{} {}", h.method, path_of(&h.url)),
            detail,
            preflight: false,
        });
        legs.push(Leg::Back {
            lane,
            text: h
                .status
                .map_or_else(|| "unreachable".to_owned(), |s| s.to_string()),
            headers: header_lines(&h.response_headers),
            failed: None,
            preflight: false,
        });
    };
    for exchange in verdict.exchanges() {
        match exchange {
            Exchange::Preflight(p) => push_preflight(&mut legs, p),
            Exchange::Hop(h) => push_hop(&mut legs, h),
            _ => {}
        }
    }
    if let Some(error) = verdict.error() {
        let preflight = error.during == Stage::Preflight;
        if let Some(Leg::Back { failed, .. }) = legs
            .iter_mut()
            .rev()
            .find(|l| matches!(l, Leg::Back { preflight: p, .. } if *p == preflight || !preflight))
        {
            *failed = Some(error.to_string());
        }
    }
    legs.push(result_leg(verdict, api, browser));
    legs
}

/// What the script gets: a response, an error, or (waiting on a Local
/// Network Access prompt) nothing yet.
fn result_leg(verdict: &RequestVerdict, api: Api, browser: Browser) -> Leg {
    match (verdict.response(), verdict.prompt()) {
        (_, Some(prompt)) => Leg::Result {
            ok: false,
            text: format!(
                "pending: the browser asks \"{}\" ({})",
                prompt.text.replace('\n', " "),
                prompt.permission.as_str()
            ),
        },
        (Some(r), None) => Leg::Result {
            ok: true,
            text: format!(
                "Response: type {}, status {}",
                crate::wire::name(&r.response_type),
                r.status
            ),
        },
        (None, None) => Leg::Result {
            ok: false,
            text: browser.script_error(api, verdict.phase()),
        },
    }
}
