//! Console messages: each browser words a [`Reason`] in its own way, in
//! its own file of [`crate::browser`]; this is what they are given.

use crate::browser::ConsoleStyle;
use crate::reason::Reason;
use crate::scenario::Api;

/// What a console message needs to know besides the reason.
#[derive(Debug, Clone)]
pub struct MessageContext<'a> {
    /// `fetch()` or XHR.
    pub api: Api,
    /// The URL the failing request (or preflight) went to.
    pub url: &'a str,
    /// The URL the script asked for (differs after redirects).
    pub initial_url: &'a str,
    /// The page's origin, serialized.
    pub page_origin: &'a str,
    /// The request's origin, serialized: `null` once a redirect tainted it.
    pub request_origin: &'a str,
    /// The method of the failing request.
    pub method: &'a str,
    /// The status of the response that failed a check, if there was one.
    pub status: Option<u16>,
    /// The request's mode is `no-cors`.
    pub no_cors: bool,
    /// Where the failing redirect response pointed, when a check failed on a
    /// redirect response.
    pub redirect_location: Option<&'a str>,
    /// The request's redirect mode is `follow` (the browser would have
    /// gone on to the redirect's target).
    pub follows_redirects: bool,
    /// The browser rejected the preflight's response outright (a network
    /// error while preflighting, not a CORS failure).
    pub preflight_rejected: bool,
}

/// The console lines `style` prints for `reason`.
#[must_use]
pub fn console_lines(
    style: ConsoleStyle,
    ctx: &MessageContext<'_>,
    reason: &Reason,
) -> Vec<String> {
    match style {
        ConsoleStyle::None => Vec::new(),
        ConsoleStyle::Chromium => crate::browser::chromium::console(ctx, reason),
        ConsoleStyle::Firefox => crate::browser::firefox::console(ctx, reason),
        ConsoleStyle::WebKit => crate::browser::webkit::console(ctx, reason),
    }
}
