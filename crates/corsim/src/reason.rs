//! Why a request failed, as data.
//!
//! A [`Reason`] carries the values a browser needs to word its console
//! message; each browser renders it in its own words (`crate::message`).

use crate::verdict::Stage;

/// Why the CORS check failed.
///
/// <https://fetch.spec.whatwg.org/#concept-cors-check>
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CorsFailure {
    /// No `Access-Control-Allow-Origin` header.
    MissingAllowOriginHeader,
    /// `*` while the credentials mode is `include`.
    WildcardOriginNotAllowed,
    /// The (combined) value names more than one origin.
    MultipleAllowOriginValues {
        /// The combined header value.
        value: String,
    },
    /// The value is not a serialized origin.
    InvalidAllowOriginValue {
        /// The header value.
        value: String,
    },
    /// The value is an origin other than the request's.
    AllowOriginMismatch {
        /// The header value.
        value: String,
    },
    /// Credentials mode `include` but `Access-Control-Allow-Credentials` is not `true`.
    InvalidAllowCredentials {
        /// The header value; empty when the header is absent.
        value: String,
    },
}

impl CorsFailure {
    /// Chromium's `CorsError` name for this failure (without the `Preflight` prefix).
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            Self::MissingAllowOriginHeader => "MissingAllowOriginHeader",
            Self::WildcardOriginNotAllowed => "WildcardOriginNotAllowed",
            Self::MultipleAllowOriginValues { .. } => "MultipleAllowOriginValues",
            Self::InvalidAllowOriginValue { .. } => "InvalidAllowOriginValue",
            Self::AllowOriginMismatch { .. } => "AllowOriginMismatch",
            Self::InvalidAllowCredentials { .. } => "InvalidAllowCredentials",
        }
    }

    /// Chromium's `failedParameter`: the offending header value, if any.
    #[must_use]
    pub fn parameter(&self) -> Option<&str> {
        match self {
            Self::MissingAllowOriginHeader | Self::WildcardOriginNotAllowed => None,
            Self::MultipleAllowOriginValues { value }
            | Self::InvalidAllowOriginValue { value }
            | Self::AllowOriginMismatch { value }
            | Self::InvalidAllowCredentials { value } => Some(value),
        }
    }
}

/// Why a request failed: a `TypeError` at construction or a network error.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reason {
    /// `fetch()` was given a URL with a username or password.
    UrlHasCredentials {
        /// The URL.
        url: String,
    },
    /// The method is not a token.
    InvalidMethod {
        /// The method as written.
        method: String,
    },
    /// `CONNECT`, `TRACE` or `TRACK`.
    ForbiddenMethod {
        /// The method as written.
        method: String,
    },
    /// A header name that is not a token.
    InvalidHeaderName {
        /// The name as written.
        name: String,
    },
    /// A header value with NUL, CR or LF.
    InvalidHeaderValue {
        /// The header name.
        name: String,
    },
    /// `no-cors` with a method other than GET, HEAD or POST.
    NoCorsMethodNotSafelisted {
        /// The method.
        method: String,
    },
    /// A body with GET or HEAD.
    BodyWithGetOrHead,
    /// A stream body outside `cors` and `same-origin` modes.
    StreamBodyNotCorsMode,
    /// `same-origin` mode and a cross-origin URL.
    DisallowedByMode,
    /// `no-cors` mode with a redirect mode other than `follow`.
    NoCorsRedirectMode,
    /// A cross-origin request to a non-HTTP(S) scheme.
    CorsDisabledScheme {
        /// The scheme.
        scheme: String,
    },
    /// The CORS check failed, on the preflight or on the response.
    Cors {
        /// True when the preflight response failed it.
        preflight: bool,
        /// What failed.
        failure: CorsFailure,
    },
    /// The preflight response's status is not 200–299.
    PreflightInvalidStatus {
        /// The status.
        status: u16,
    },
    /// The preflight was answered with a redirect.
    PreflightDisallowedRedirect {
        /// The status.
        status: u16,
    },
    /// `Access-Control-Allow-Methods` does not parse.
    InvalidAllowMethods {
        /// The whole header value.
        value: String,
        /// The first element that is not a token.
        token: String,
    },
    /// `Access-Control-Allow-Headers` does not parse.
    InvalidAllowHeaders {
        /// The whole header value.
        value: String,
        /// The first element that is not a token.
        token: String,
    },
    /// The method is not allowed by the preflight response.
    MethodDisallowed {
        /// The request method.
        method: String,
    },
    /// A header is not allowed by the preflight response.
    HeaderDisallowed {
        /// The header name, lowercased.
        name: String,
        /// The name as the script first wrote it.
        as_written: String,
    },
    /// A redirect to a URL with userinfo in a CORS request.
    RedirectContainsCredentials {
        /// The location.
        location: String,
    },
    /// Redirect mode `error` met a redirect.
    RedirectModeError,
    /// More than 20 redirects.
    TooManyRedirects,
    /// A redirect to a non-HTTP(S) URL.
    RedirectToNonHttpScheme {
        /// The location.
        location: String,
    },
    /// A `Location` header that does not parse as a URL.
    InvalidRedirectLocation {
        /// The header value.
        location: String,
    },
    /// A redirect other than 303 while the body is a stream.
    StreamBodyRedirect,
    /// Connecting to the server failed.
    NetworkError,
    /// The response was malformed (a NUL byte in a header value).
    InvalidResponse,
}

impl Reason {
    /// The verdict's `error.code`: Chromium's `CorsError` name when one
    /// applies, otherwise corsim's own code.
    #[must_use]
    pub fn code(&self) -> String {
        let code = match self {
            Self::UrlHasCredentials { .. } => "UrlHasCredentials",
            Self::InvalidMethod { .. } => "InvalidMethod",
            Self::ForbiddenMethod { .. } => "ForbiddenMethod",
            Self::InvalidHeaderName { .. } => "InvalidHeaderName",
            Self::InvalidHeaderValue { .. } => "InvalidHeaderValue",
            Self::NoCorsMethodNotSafelisted { .. } => "NoCorsMethodNotSafelisted",
            Self::BodyWithGetOrHead => "BodyWithGetOrHead",
            Self::StreamBodyNotCorsMode => "StreamBodyNotCorsMode",
            Self::DisallowedByMode => "DisallowedByMode",
            Self::NoCorsRedirectMode => "NoCorsRedirectMode",
            Self::CorsDisabledScheme { .. } => "CorsDisabledScheme",
            Self::Cors { preflight, failure } => {
                return if *preflight {
                    format!("Preflight{}", failure.code())
                } else {
                    failure.code().to_owned()
                };
            }
            Self::PreflightInvalidStatus { .. } => "PreflightInvalidStatus",
            Self::PreflightDisallowedRedirect { .. } => "PreflightDisallowedRedirect",
            Self::InvalidAllowMethods { .. } => "InvalidAllowMethodsPreflightResponse",
            Self::InvalidAllowHeaders { .. } => "InvalidAllowHeadersPreflightResponse",
            Self::MethodDisallowed { .. } => "MethodDisallowedByPreflightResponse",
            Self::HeaderDisallowed { .. } => "HeaderDisallowedByPreflightResponse",
            Self::RedirectContainsCredentials { .. } => "RedirectContainsCredentials",
            Self::RedirectModeError => "RedirectModeError",
            Self::TooManyRedirects => "TooManyRedirects",
            Self::RedirectToNonHttpScheme { .. } => "RedirectToNonHttpScheme",
            Self::InvalidRedirectLocation { .. } => "InvalidRedirectLocation",
            Self::StreamBodyRedirect => "StreamBodyRedirect",
            Self::NetworkError => "NetworkError",
            Self::InvalidResponse => "InvalidResponse",
        };
        code.to_owned()
    }

    /// Chromium's `failedParameter`, when the failure has one.
    #[must_use]
    pub fn parameter(&self) -> Option<String> {
        match self {
            Self::Cors { failure, .. } => failure.parameter().map(str::to_owned),
            Self::InvalidAllowMethods { value, .. } | Self::InvalidAllowHeaders { value, .. } => {
                Some(value.clone())
            }
            Self::MethodDisallowed { method } => Some(method.clone()),
            Self::HeaderDisallowed { name, .. } => Some(name.clone()),
            Self::RedirectContainsCredentials { location } => Some(location.clone()),
            _ => None,
        }
    }

    /// Where the failure happened, given whether the response that failed a
    /// check was a redirect.
    #[must_use]
    pub fn stage(&self, on_redirect_response: bool) -> Stage {
        match self {
            Self::UrlHasCredentials { .. }
            | Self::InvalidMethod { .. }
            | Self::ForbiddenMethod { .. }
            | Self::InvalidHeaderName { .. }
            | Self::InvalidHeaderValue { .. }
            | Self::NoCorsMethodNotSafelisted { .. }
            | Self::BodyWithGetOrHead
            | Self::StreamBodyNotCorsMode => Stage::Construct,
            Self::Cors {
                preflight: true, ..
            }
            | Self::PreflightInvalidStatus { .. }
            | Self::PreflightDisallowedRedirect { .. }
            | Self::InvalidAllowMethods { .. }
            | Self::InvalidAllowHeaders { .. }
            | Self::MethodDisallowed { .. }
            | Self::HeaderDisallowed { .. } => Stage::Preflight,
            Self::RedirectContainsCredentials { .. }
            | Self::RedirectModeError
            | Self::TooManyRedirects
            | Self::RedirectToNonHttpScheme { .. }
            | Self::InvalidRedirectLocation { .. }
            | Self::StreamBodyRedirect => Stage::Redirect,
            _ if on_redirect_response => Stage::Redirect,
            _ => Stage::Actual,
        }
    }
}
