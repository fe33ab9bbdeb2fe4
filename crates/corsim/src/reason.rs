//! Why a request failed, as data.
//!
//! A [`Reason`] carries the values a browser needs to word its console
//! message; each browser renders it in its own words (`crate::message`).

use crate::local_network::AddressSpace;
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
    /// A header name or value with a code point above U+00FF.
    HeaderNotByteString {
        /// The header name, as written.
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
    /// Mixed content: an `https:` page asked for an `http:` URL that is not
    /// potentially trustworthy; blocked before anything is sent.
    ///
    /// <https://w3c.github.io/webappsec-mixed-content/#should-block-fetch>
    MixedContent,
    /// Local Network Access: the permission to reach `resource` is denied
    /// (or the iframe's `allow` attribute does not delegate it).
    ///
    /// <https://wicg.github.io/local-network-access/#local-network-access-check>
    LocalNetworkAccessPermissionDenied {
        /// The address space of the server.
        resource: AddressSpace,
        /// A preflight would have gone first (Firefox then reports the
        /// failure twice: the preflight's and the request's).
        preflight: bool,
    },
    /// Local Network Access: a page that is not a secure context asked for
    /// a more private address space.
    InsecureLocalNetwork {
        /// The address space of the server.
        resource: AddressSpace,
    },
    /// Local Network Access: `fetch()`'s `targetAddressSpace` is not the
    /// server's address space.
    InvalidLocalNetworkAccess {
        /// What the script said.
        target: AddressSpace,
        /// The address space of the server.
        resource: AddressSpace,
    },
    /// Connecting to the server failed.
    NetworkError,
    /// The response was malformed (a NUL byte in a header value).
    InvalidResponse,
}

/// Declares [`ErrorCode`]: each code and how the format spells it.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident,)*) => {
        /// The verdict's `error.code`: Chromium's `CorsError` name when one
        /// applies, otherwise corsim's own code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum ErrorCode {
            $($(#[$doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as the format spells it (`MissingAllowOriginHeader`).
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => stringify!($variant),)* }
            }
        }
    };
}

error_codes! {
    /// `fetch()` was given a URL with a username or password.
    UrlHasCredentials,
    /// The method is not a token.
    InvalidMethod,
    /// `CONNECT`, `TRACE` or `TRACK`.
    ForbiddenMethod,
    /// A header name that is not a token.
    InvalidHeaderName,
    /// A header value with NUL, CR or LF.
    InvalidHeaderValue,
    /// A header name or value with a code point above U+00FF: not a
    /// `ByteString`, so the binding throws a `TypeError` (in `fetch()` and
    /// in `setRequestHeader()`) before anything else.
    HeaderNotByteString,
    /// `no-cors` with a method other than GET, HEAD or POST.
    NoCorsMethodNotSafelisted,
    /// A body with GET or HEAD.
    BodyWithGetOrHead,
    /// A stream body outside `cors` and `same-origin` modes.
    StreamBodyNotCorsMode,
    /// `same-origin` mode and a cross-origin URL.
    DisallowedByMode,
    /// `no-cors` mode with a redirect mode other than `follow`.
    NoCorsRedirectMode,
    /// A cross-origin request to a non-HTTP(S) scheme.
    CorsDisabledScheme,
    /// No `Access-Control-Allow-Origin` on the response.
    MissingAllowOriginHeader,
    /// `*` on the response of a credentialed request.
    WildcardOriginNotAllowed,
    /// More than one origin in `Access-Control-Allow-Origin`.
    MultipleAllowOriginValues,
    /// `Access-Control-Allow-Origin` is not an origin.
    InvalidAllowOriginValue,
    /// `Access-Control-Allow-Origin` names another origin.
    AllowOriginMismatch,
    /// `Access-Control-Allow-Credentials` is not `true`.
    InvalidAllowCredentials,
    /// No `Access-Control-Allow-Origin` on the preflight response.
    PreflightMissingAllowOriginHeader,
    /// `*` on the preflight response of a credentialed request.
    PreflightWildcardOriginNotAllowed,
    /// More than one origin in the preflight's `Access-Control-Allow-Origin`.
    PreflightMultipleAllowOriginValues,
    /// The preflight's `Access-Control-Allow-Origin` is not an origin.
    PreflightInvalidAllowOriginValue,
    /// The preflight's `Access-Control-Allow-Origin` names another origin.
    PreflightAllowOriginMismatch,
    /// The preflight's `Access-Control-Allow-Credentials` is not `true`.
    PreflightInvalidAllowCredentials,
    /// The preflight response's status is not 200–299.
    PreflightInvalidStatus,
    /// The preflight was answered with a redirect.
    PreflightDisallowedRedirect,
    /// `Access-Control-Allow-Methods` does not parse.
    InvalidAllowMethodsPreflightResponse,
    /// `Access-Control-Allow-Headers` does not parse.
    InvalidAllowHeadersPreflightResponse,
    /// The method is not allowed by the preflight response.
    MethodDisallowedByPreflightResponse,
    /// A header is not allowed by the preflight response.
    HeaderDisallowedByPreflightResponse,
    /// A redirect to a URL with userinfo in a CORS request.
    RedirectContainsCredentials,
    /// Redirect mode `error` met a redirect.
    RedirectModeError,
    /// More than 20 redirects.
    TooManyRedirects,
    /// A redirect to a non-HTTP(S) URL.
    RedirectToNonHttpScheme,
    /// A `Location` header that does not parse as a URL.
    InvalidRedirectLocation,
    /// A redirect other than 303 while the body is a stream.
    StreamBodyRedirect,
    /// An `https:` page asked for an insecure `http:` URL.
    MixedContent,
    /// Local Network Access: the permission is denied.
    LocalNetworkAccessPermissionDenied,
    /// Local Network Access: the page is not a secure context.
    InsecureLocalNetwork,
    /// Local Network Access: `targetAddressSpace` is not the server's.
    InvalidLocalNetworkAccess,
    /// Connecting to the server failed.
    NetworkError,
    /// The response was malformed.
    InvalidResponse,
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

impl serde::Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ErrorCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Self::ALL.iter().map(|c| c.as_str()).collect();
        schemars::json_schema!({
            "description": "Chromium's `CorsError` name when one applies, otherwise a corsim code.",
            "type": "string",
            "enum": codes
        })
    }
}

impl CorsFailure {
    /// The verdict's code for this failure, on a preflight response or not.
    #[must_use]
    pub fn error_code(&self, preflight: bool) -> ErrorCode {
        use ErrorCode as C;
        match (self, preflight) {
            (Self::MissingAllowOriginHeader, false) => C::MissingAllowOriginHeader,
            (Self::WildcardOriginNotAllowed, false) => C::WildcardOriginNotAllowed,
            (Self::MultipleAllowOriginValues { .. }, false) => C::MultipleAllowOriginValues,
            (Self::InvalidAllowOriginValue { .. }, false) => C::InvalidAllowOriginValue,
            (Self::AllowOriginMismatch { .. }, false) => C::AllowOriginMismatch,
            (Self::InvalidAllowCredentials { .. }, false) => C::InvalidAllowCredentials,
            (Self::MissingAllowOriginHeader, true) => C::PreflightMissingAllowOriginHeader,
            (Self::WildcardOriginNotAllowed, true) => C::PreflightWildcardOriginNotAllowed,
            (Self::MultipleAllowOriginValues { .. }, true) => C::PreflightMultipleAllowOriginValues,
            (Self::InvalidAllowOriginValue { .. }, true) => C::PreflightInvalidAllowOriginValue,
            (Self::AllowOriginMismatch { .. }, true) => C::PreflightAllowOriginMismatch,
            (Self::InvalidAllowCredentials { .. }, true) => C::PreflightInvalidAllowCredentials,
        }
    }
}

impl Reason {
    /// The verdict's `error.code`: Chromium's `CorsError` name when one
    /// applies, otherwise corsim's own code.
    #[must_use]
    pub fn code(&self) -> ErrorCode {
        use ErrorCode as C;
        match self {
            Self::UrlHasCredentials { .. } => C::UrlHasCredentials,
            Self::InvalidMethod { .. } => C::InvalidMethod,
            Self::ForbiddenMethod { .. } => C::ForbiddenMethod,
            Self::InvalidHeaderName { .. } => C::InvalidHeaderName,
            Self::InvalidHeaderValue { .. } => C::InvalidHeaderValue,
            Self::HeaderNotByteString { .. } => C::HeaderNotByteString,
            Self::NoCorsMethodNotSafelisted { .. } => C::NoCorsMethodNotSafelisted,
            Self::BodyWithGetOrHead => C::BodyWithGetOrHead,
            Self::StreamBodyNotCorsMode => C::StreamBodyNotCorsMode,
            Self::DisallowedByMode => C::DisallowedByMode,
            Self::NoCorsRedirectMode => C::NoCorsRedirectMode,
            Self::CorsDisabledScheme { .. } => C::CorsDisabledScheme,
            Self::Cors { preflight, failure } => failure.error_code(*preflight),
            Self::PreflightInvalidStatus { .. } => C::PreflightInvalidStatus,
            Self::PreflightDisallowedRedirect { .. } => C::PreflightDisallowedRedirect,
            Self::InvalidAllowMethods { .. } => C::InvalidAllowMethodsPreflightResponse,
            Self::InvalidAllowHeaders { .. } => C::InvalidAllowHeadersPreflightResponse,
            Self::MethodDisallowed { .. } => C::MethodDisallowedByPreflightResponse,
            Self::HeaderDisallowed { .. } => C::HeaderDisallowedByPreflightResponse,
            Self::RedirectContainsCredentials { .. } => C::RedirectContainsCredentials,
            Self::RedirectModeError => C::RedirectModeError,
            Self::TooManyRedirects => C::TooManyRedirects,
            Self::RedirectToNonHttpScheme { .. } => C::RedirectToNonHttpScheme,
            Self::InvalidRedirectLocation { .. } => C::InvalidRedirectLocation,
            Self::StreamBodyRedirect => C::StreamBodyRedirect,
            Self::MixedContent => C::MixedContent,
            Self::LocalNetworkAccessPermissionDenied { .. } => {
                C::LocalNetworkAccessPermissionDenied
            }
            Self::InsecureLocalNetwork { .. } => C::InsecureLocalNetwork,
            Self::InvalidLocalNetworkAccess { .. } => C::InvalidLocalNetworkAccess,
            Self::NetworkError => C::NetworkError,
            Self::InvalidResponse => C::InvalidResponse,
        }
    }

    /// Chromium's `failedParameter`, when the failure has one.
    #[must_use]
    pub fn parameter(&self) -> Option<&str> {
        match self {
            Self::Cors { failure, .. } => failure.parameter(),
            Self::InvalidAllowMethods { value, .. } | Self::InvalidAllowHeaders { value, .. } => {
                Some(value)
            }
            Self::MethodDisallowed { method } => Some(method),
            Self::HeaderDisallowed { name, .. } => Some(name),
            Self::RedirectContainsCredentials { location } => Some(location),
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
            | Self::HeaderNotByteString { .. }
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
