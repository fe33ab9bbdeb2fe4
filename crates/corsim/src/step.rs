//! The steps of the algorithm, as the trace names them.
//!
//! Each [`Step`] knows its Fetch Standard (or XHR Standard) anchor, so the
//! code that takes a decision, the trace that explains it and the playground
//! that links to it cannot drift apart.

macro_rules! steps {
    ($($(#[$doc:meta])* $variant:ident => $id:literal, $base:tt, $anchor:literal;)*) => {
        /// One decision of the fetch algorithm, as it appears in a trace.
        ///
        /// <https://fetch.spec.whatwg.org/#fetching>
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Step {
            $($(#[$doc])* $variant,)*
        }

        impl Step {
            /// Every step, in algorithm order.
            pub const ALL: &'static [Step] = &[$(Step::$variant,)*];

            /// The step's identifier in a trace (`cors-check`).
            #[must_use]
            pub fn id(self) -> &'static str {
                match self { $(Step::$variant => $id,)* }
            }

            /// The URL of the specification anchor this step implements.
            #[must_use]
            pub fn anchor(self) -> &'static str {
                match self { $(Step::$variant => concat!($base, "#", $anchor),)* }
            }
        }
    };
}

steps! {
    /// Parsing the URL given to `fetch()` / `new Request()` / `xhr.open()`.
    RequestUrl => "request-url", "https://fetch.spec.whatwg.org/", "dom-request";
    /// Validating and normalizing the method.
    RequestMethod => "request-method", "https://fetch.spec.whatwg.org/", "concept-method-normalize";
    /// Appending the script's headers through the Headers guard.
    RequestHeaders => "request-headers", "https://fetch.spec.whatwg.org/", "concept-headers-append";
    /// A forbidden request-header the browser silently drops.
    ForbiddenHeader => "forbidden-header", "https://fetch.spec.whatwg.org/", "forbidden-request-header";
    /// The `request-no-cors` guard: only no-CORS-safelisted headers survive.
    NoCorsGuard => "no-cors-guard", "https://fetch.spec.whatwg.org/", "no-cors-safelisted-request-header";
    /// The body and the `Content-Type` it brings.
    RequestBody => "request-body", "https://fetch.spec.whatwg.org/", "concept-bodyinit-extract";
    /// `xhr.open()`.
    XhrOpen => "xhr-open", "https://xhr.spec.whatwg.org/", "the-open()-method";
    /// `xhr.setRequestHeader()`.
    XhrSetRequestHeader => "xhr-set-request-header", "https://xhr.spec.whatwg.org/", "the-setrequestheader()-method";
    /// `xhr.send()`, including the upload-listener rule.
    XhrSend => "xhr-send", "https://xhr.spec.whatwg.org/", "the-send()-method";
    /// The use-CORS-preflight flag (upload listener, stream body).
    UseCorsPreflightFlag => "use-cors-preflight-flag", "https://fetch.spec.whatwg.org/", "use-cors-preflight-flag";
    /// Mixed content: an `https:` page's request to an insecure URL.
    MixedContent => "mixed-content", "https://w3c.github.io/webappsec-mixed-content/", "should-block-fetch";
    /// Main fetch picks basic, no-cors, or CORS.
    MainFetch => "main-fetch", "https://fetch.spec.whatwg.org/", "main-fetch";
    /// Is the method CORS-safelisted?
    SafelistedMethod => "safelisted-method", "https://fetch.spec.whatwg.org/", "cors-safelisted-method";
    /// Which request headers are CORS-unsafe?
    UnsafeHeaderNames => "unsafe-header-names", "https://fetch.spec.whatwg.org/", "cors-unsafe-request-header-names";
    /// Local Network Access: may the page reach the server's address space?
    LocalNetworkAccess => "local-network-access", "https://wicg.github.io/local-network-access/", "local-network-access-check";
    /// Looking the request up in the CORS-preflight cache.
    PreflightCache => "preflight-cache", "https://fetch.spec.whatwg.org/", "concept-cache-match";
    /// The preflight request as sent.
    PreflightRequest => "preflight-request", "https://fetch.spec.whatwg.org/", "cors-preflight-fetch-0";
    /// The server could not be reached.
    NetworkError => "network-error", "https://fetch.spec.whatwg.org/", "concept-network-error";
    /// An HTTP/1.1 response's field values: the whitespace around each is
    /// not part of it.
    Http1FieldValues => "http1-field-values", "https://www.rfc-editor.org/rfc/rfc9112", "section-5";
    /// An HTTP/2 response's field values: they arrive as sent.
    Http2FieldValues => "http2-field-values", "https://www.rfc-editor.org/rfc/rfc9113", "section-8.2.1";
    /// A preflight was redirected.
    PreflightRedirect => "preflight-redirect", "https://fetch.spec.whatwg.org/", "cors-preflight-fetch-0";
    /// The CORS check on the preflight response.
    PreflightCorsCheck => "preflight-cors-check", "https://fetch.spec.whatwg.org/", "concept-cors-check";
    /// The preflight response must have an ok status.
    PreflightStatus => "preflight-status", "https://fetch.spec.whatwg.org/", "ok-status";
    /// Parsing and matching `Access-Control-Allow-Methods`.
    PreflightAllowMethods => "preflight-allow-methods", "https://fetch.spec.whatwg.org/", "http-access-control-allow-methods";
    /// Parsing and matching `Access-Control-Allow-Headers`.
    PreflightAllowHeaders => "preflight-allow-headers", "https://fetch.spec.whatwg.org/", "http-access-control-allow-headers";
    /// `Access-Control-Max-Age` and the cache entries created.
    PreflightMaxAge => "preflight-max-age", "https://fetch.spec.whatwg.org/", "http-access-control-max-age";
    /// The request leaves for the network, with its `Origin` header.
    Request => "request", "https://fetch.spec.whatwg.org/", "append-a-request-origin-header";
    /// The CORS check on the response.
    CorsCheck => "cors-check", "https://fetch.spec.whatwg.org/", "concept-cors-check";
    /// A redirect response and what the redirect mode does with it.
    Redirect => "redirect", "https://fetch.spec.whatwg.org/", "http-redirect-fetch";
    /// The request's origin becomes `null` after a cross-origin redirect.
    RedirectTaint => "redirect-taint", "https://fetch.spec.whatwg.org/", "concept-request-tainted-origin";
    /// The filtered response the script gets.
    Response => "response", "https://fetch.spec.whatwg.org/", "concept-filtered-response";
    /// Which response headers the script can read.
    ExposedHeaders => "exposed-headers", "https://fetch.spec.whatwg.org/", "concept-response-cors-exposed-header-name-list";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_anchors_absolute() {
        let mut ids: Vec<_> = Step::ALL.iter().map(|s| s.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), Step::ALL.len());
        assert_eq!(
            Step::CorsCheck.anchor(),
            "https://fetch.spec.whatwg.org/#concept-cors-check"
        );
        assert_eq!(
            Step::XhrSend.anchor(),
            "https://xhr.spec.whatwg.org/#the-send()-method"
        );
    }
}
