//! Origins: the security boundary CORS is about.
//!
//! [`Origin`] wraps [`url::Origin`] so that the rest of corsim talks about
//! origins the way the HTML Standard does (`same origin`, `same site`,
//! serialization) and parses user-typed origins strictly at the boundary.
//!
//! <https://html.spec.whatwg.org/multipage/browsers.html#origin>

use std::fmt;
use std::str::FromStr;

use url::{Host, Url};

/// An origin: either an opaque origin or a tuple origin (scheme, host, port).
///
/// Two opaque origins are same origin only if they are the same value (a
/// clone of one opaque origin is same origin with it; two calls to
/// [`Origin::opaque`] are not).
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin>
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(url::Origin);

/// Why a string is not a serialized origin.
///
/// Returned by [`Origin::parse`]; each variant names what was wrong so the
/// CLI and the playground can point at it.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum OriginError {
    /// The input was empty.
    Empty,
    /// The input begins or ends with whitespace or a control character.
    SurroundingWhitespace {
        /// The offending character.
        character: char,
        /// It is at the start (rather than the end).
        at_start: bool,
    },
    /// The input does not have the `scheme://host` shape.
    NotSchemeAndHost,
    /// The URL parser rejected the input.
    InvalidUrl {
        /// The URL parser's reason.
        reason: url::ParseError,
    },
    /// The scheme has no tuple origin (for example `file:` or `data:`); its
    /// origin would be opaque, which is spelled `null`.
    OpaqueScheme {
        /// The scheme, lowercased.
        scheme: String,
    },
    /// The input has a username or password.
    Userinfo,
    /// The input has a path other than a single trailing `/`.
    Path {
        /// Everything from the first `/` after the host, as typed.
        path: String,
    },
    /// The input has a query (`?…`).
    Query,
    /// The input has a fragment (`#…`).
    Fragment,
}

impl fmt::Display for OriginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("an origin cannot be empty"),
            Self::SurroundingWhitespace {
                character,
                at_start,
            } => {
                let what = if character.is_whitespace() {
                    "whitespace"
                } else {
                    "a control character"
                };
                let mut buf = [0; 4];
                let shown = crate::escape::Escaped(character.encode_utf8(&mut buf));
                let place = if *at_start { "begin" } else { "end" };
                write!(f, "an origin cannot {place} with {what} (`{shown}`)")
            }
            Self::NotSchemeAndHost => f.write_str("an origin is `scheme://host[:port]` or `null`"),
            Self::InvalidUrl { reason } => write!(f, "not a valid origin: {reason}"),
            Self::OpaqueScheme { scheme } => write!(
                f,
                "the `{scheme}:` scheme has no tuple origin; its origin serializes as `null`"
            ),
            Self::Userinfo => f.write_str("an origin cannot contain a username or password"),
            Self::Path { path } => write!(f, "an origin cannot contain a path (`{path}`)"),
            Self::Query => f.write_str("an origin cannot contain a query (`?…`)"),
            Self::Fragment => f.write_str("an origin cannot contain a fragment (`#…`)"),
        }
    }
}

impl std::error::Error for OriginError {}

impl Origin {
    /// The origin of a URL, as the URL Standard defines it (a `blob:` URL
    /// has the origin of the URL it wraps; `file:` and non-special schemes
    /// give a new opaque origin).
    ///
    /// <https://url.spec.whatwg.org/#concept-url-origin>
    #[must_use]
    pub fn of_url(url: &Url) -> Self {
        Self(url.origin())
    }

    /// A new opaque origin, same origin only with itself (and its clones).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque>
    #[must_use]
    pub fn opaque() -> Self {
        Self(url::Origin::new_opaque())
    }

    /// Parses a serialized origin: `scheme://host[:port]`, optionally with
    /// one trailing `/`, or `null` for a new opaque origin.
    ///
    /// The host is parsed by the URL parser, so `https://EXAMPLE.com:443`
    /// parses to the origin serialized as `https://example.com`. Paths,
    /// queries, fragments and userinfo are rejected.
    ///
    /// # Errors
    ///
    /// An [`OriginError`] saying what is wrong with `input`.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    pub fn parse(input: &str) -> Result<Self, OriginError> {
        if input.is_empty() {
            return Err(OriginError::Empty);
        }
        let edge = |c: char| c <= ' ' || crate::escape::needs_escape(c) || c.is_whitespace();
        if let Some(character) = input.chars().next().filter(|&c| edge(c)) {
            return Err(OriginError::SurroundingWhitespace {
                character,
                at_start: true,
            });
        }
        if let Some(character) = input.chars().next_back().filter(|&c| edge(c)) {
            return Err(OriginError::SurroundingWhitespace {
                character,
                at_start: false,
            });
        }
        if input == "null" {
            return Ok(Self::opaque());
        }
        #[cfg(feature = "fast-paths")]
        if let Some(origin) = Self::parse_plain(input) {
            return Ok(origin);
        }
        // Where the first `://` is (a byte search: a `&str` pattern would
        // bring the two-way string searcher into the WebAssembly builds).
        let Some(scheme_end) = input.as_bytes().windows(3).position(|w| w == b"://") else {
            return Err(OriginError::NotSchemeAndHost);
        };
        let after_scheme = &input[scheme_end + 3..];
        let url =
            crate::url_parser(input, None).map_err(|reason| OriginError::InvalidUrl { reason })?;
        if !url.username().is_empty() || url.password().is_some() {
            return Err(OriginError::Userinfo);
        }
        if url.fragment().is_some() {
            return Err(OriginError::Fragment);
        }
        if url.query().is_some() {
            return Err(OriginError::Query);
        }
        // The authority must be followed by nothing or by one `/`; this also
        // catches paths the URL parser normalizes away (`/.`, `/a/..`).
        let authority_end = after_scheme.find(['/', '\\']).unwrap_or(after_scheme.len());
        let rest = &after_scheme[authority_end..];
        if !(rest.is_empty() || rest == "/") || !matches!(url.path(), "" | "/") {
            return Err(OriginError::Path {
                path: rest.to_owned(),
            });
        }
        let origin = url.origin();
        if !origin.is_tuple() || url.host().is_none() {
            return Err(OriginError::OpaqueScheme {
                scheme: url.scheme().to_owned(),
            });
        }
        Ok(Self(origin))
    }

    /// Whether this origin is same origin with `url`'s origin, without
    /// building that origin for an HTTP(S) URL.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    #[must_use]
    pub fn is_same_origin_with_url(&self, url: &Url) -> bool {
        match &self.0 {
            url::Origin::Tuple(scheme, host, port) if matches!(url.scheme(), "http" | "https") => {
                scheme == url.scheme()
                    && url.host().is_some_and(|h| match (h, host) {
                        (url::Host::Domain(a), url::Host::Domain(b)) => a == b,
                        (url::Host::Ipv4(a), url::Host::Ipv4(b)) => a == *b,
                        (url::Host::Ipv6(a), url::Host::Ipv6(b)) => a == *b,
                        _ => false,
                    })
                    && url.port_or_known_default() == Some(*port)
            }
            url::Origin::Tuple(..) => self.is_same_origin(&Self::of_url(url)),
            url::Origin::Opaque(_) => false,
        }
    }

    /// The common case without the URL parser: `http` or `https`, a host of
    /// lowercase ASCII letters, digits, dots and hyphens in plain labels
    /// (none empty, none starting or ending with a hyphen, none punycode,
    /// the last not starting with a digit, so no IP address), an optional
    /// port, an optional `/`. Anything else returns `None` and goes to the
    /// URL parser, which reads these the same way (a test compares them).
    #[cfg_attr(not(feature = "fast-paths"), allow(dead_code))]
    fn parse_plain(input: &str) -> Option<Self> {
        let (scheme, rest, default_port) = if let Some(rest) = input.strip_prefix("https://") {
            ("https", rest, 443)
        } else if let Some(rest) = input.strip_prefix("http://") {
            ("http", rest, 80)
        } else {
            return None;
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        let (host, port) = match rest.split_once(':') {
            Some((host, port)) => {
                if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                (host, port.parse::<u16>().ok()?)
            }
            None => (rest, default_port),
        };
        let plain_label = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && !label.starts_with("xn--")
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        };
        let last = host.rsplit('.').next()?;
        if host.len() > 253
            || !host.split('.').all(plain_label)
            || last.as_bytes()[0].is_ascii_digit()
        {
            return None;
        }
        Some(Self(url::Origin::Tuple(
            scheme.to_owned(),
            Host::Domain(host.to_owned()),
            port,
        )))
    }

    /// The ASCII serialization: `null` for an opaque origin, otherwise
    /// `scheme://host[:port]` with the host as the URL parser serializes it
    /// (IDNs in punycode, IPv6 compressed in brackets) and the default port
    /// omitted.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
    #[must_use]
    pub fn serialize(&self) -> String {
        // A domain is written out rather than through `fmt`, which
        // `ascii_serialization` uses: every simulation serializes its page.
        #[cfg(feature = "fast-paths")]
        if let url::Origin::Tuple(scheme, url::Host::Domain(domain), port) = &self.0 {
            return serialize_domain(scheme, domain, *port);
        }
        self.0.ascii_serialization()
    }

    /// Whether this is an opaque origin.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-opaque>
    #[must_use]
    pub fn is_opaque(&self) -> bool {
        !self.0.is_tuple()
    }

    /// The scheme of a tuple origin; `None` for an opaque origin.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-scheme>
    #[must_use]
    pub fn scheme(&self) -> Option<&str> {
        match &self.0 {
            url::Origin::Tuple(scheme, _, _) => Some(scheme),
            url::Origin::Opaque(_) => None,
        }
    }

    /// The host of a tuple origin, serialized; `None` for an opaque origin.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-host>
    #[must_use]
    pub fn host(&self) -> Option<String> {
        match &self.0 {
            url::Origin::Tuple(_, host, _) => Some(host.to_string()),
            url::Origin::Opaque(_) => None,
        }
    }

    /// The host of a tuple origin as the URL parser parsed it; `None` for
    /// an opaque origin.
    pub(crate) fn parsed_host(&self) -> Option<&url::Host<String>> {
        match &self.0 {
            url::Origin::Tuple(_, host, _) => Some(host),
            url::Origin::Opaque(_) => None,
        }
    }

    /// The port of a tuple origin (the scheme's default port when the URL
    /// had none); `None` for an opaque origin.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin-port>
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        match &self.0 {
            url::Origin::Tuple(_, _, port) => Some(*port),
            url::Origin::Opaque(_) => None,
        }
    }

    /// Whether `self` and `other` are same origin: the same opaque origin,
    /// or tuple origins with identical scheme, host and port.
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-origin>
    #[must_use]
    pub fn is_same_origin(&self, other: &Origin) -> bool {
        // Step 1: If A and B are the same opaque origin, then return true.
        // Step 2: If A and B are both tuple origins and their schemes, hosts,
        // and port are identical, then return true.
        // Step 3: Return false.
        // (`url::Origin` equality implements exactly these steps.)
        self.0 == other.0
    }

    /// Whether `self` and `other` are schemelessly same site: the same
    /// opaque origin, or tuple origins whose hosts are equal and have no
    /// registrable domain, or whose registrable domains are equal.
    ///
    /// With the `psl` feature (on by default) the registrable domain comes
    /// from the Public Suffix List (including its private section, with the
    /// default `*` rule). Without it, every host is treated as having no
    /// registrable domain, so only identical hosts are same site
    /// (`a.example.com` and `b.example.com` are then *not* same site).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#schemelessly-same-site>
    #[must_use]
    pub fn is_schemelessly_same_site(&self, other: &Origin) -> bool {
        match (&self.0, &other.0) {
            // Step 1: If A and B are the same opaque origin, then return true.
            (url::Origin::Opaque(_), url::Origin::Opaque(_)) => self.0 == other.0,
            // Step 2: If A and B are both tuple origins, then:
            (url::Origin::Tuple(_, host_a, _), url::Origin::Tuple(_, host_b, _)) => {
                // Step 2.1: Let hostA be A's host, and let hostB be B's host.
                let domain_a = registrable_domain(host_a);
                let domain_b = registrable_domain(host_b);
                // Step 2.2: If hostA equals hostB and hostA's registrable
                // domain is null, then return true.
                if host_a == host_b && domain_a.is_none() {
                    return true;
                }
                // Step 2.3: If hostA's registrable domain equals hostB's
                // registrable domain and is non-null, then return true.
                domain_a.is_some() && domain_a == domain_b
            }
            // Step 3: Return false.
            _ => false,
        }
    }

    /// Whether `self` and `other` are same site: schemelessly same site and
    /// either both opaque or both tuple origins with the same scheme.
    ///
    /// See [`Origin::is_schemelessly_same_site`] for how registrable domains
    /// are computed (and the limitation without the `psl` feature).
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#same-site>
    #[must_use]
    pub fn is_same_site(&self, other: &Origin) -> bool {
        // Step 1: A and B are schemelessly same site.
        // Step 2: A and B are either both opaque origins, or both tuple
        // origins with the same scheme.
        self.is_schemelessly_same_site(other) && self.scheme() == other.scheme()
    }

    /// The wrapped [`url::Origin`].
    ///
    /// <https://html.spec.whatwg.org/multipage/browsers.html#concept-origin>
    #[must_use]
    pub fn as_url_origin(&self) -> &url::Origin {
        &self.0
    }
}

/// The registrable domain of a host, or `None` (IP addresses, opaque and
/// empty hosts, public suffixes themselves).
///
/// <https://url.spec.whatwg.org/#host-registrable-domain>
#[cfg(feature = "psl")]
fn registrable_domain(host: &Host<String>) -> Option<String> {
    let Host::Domain(domain) = host else {
        return None;
    };
    // `psl` applies the default `*` rule and keeps a trailing dot, as the
    // URL Standard's "registrable domain" does.
    psl::domain(domain.as_bytes()).map(|d| String::from_utf8_lossy(d.as_bytes()).into_owned())
}

/// Without a public suffix list no host has a registrable domain, so
/// same-site falls back to host equality.
///
/// <https://url.spec.whatwg.org/#host-registrable-domain>
#[cfg(not(feature = "psl"))]
fn registrable_domain(_host: &Host<String>) -> Option<String> {
    None
}

impl FromStr for Origin {
    type Err = OriginError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl From<url::Origin> for Origin {
    fn from(origin: url::Origin) -> Self {
        Self(origin)
    }
}

impl From<&Url> for Origin {
    fn from(url: &Url) -> Self {
        Self::of_url(url)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialize())
    }
}

/// A tuple origin whose host is a domain, serialized.
///
/// <https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>
#[cfg(feature = "fast-paths")]
fn serialize_domain(scheme: &str, domain: &str, port: u16) -> String {
    let mut out = String::with_capacity(scheme.len() + 3 + domain.len() + 6);
    out.push_str(scheme);
    out.push_str("://");
    out.push_str(domain);
    if Some(port) != default_port(scheme) {
        out.push(':');
        out.push_str(&port.to_string());
    }
    out
}

/// The default port of a special scheme with a tuple origin, as the URL
/// parser knows it.
///
/// <https://url.spec.whatwg.org/#default-port>
#[cfg(feature = "fast-paths")]
fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

#[cfg(test)]
mod plain_tests {
    use super::Origin;
    use proptest::prelude::*;

    /// What the URL parser makes of `input`.
    fn by_url_parser(input: &str) -> Option<(String, bool)> {
        let url = crate::url_parser(input, None).ok()?;
        let origin = Origin::of_url(&url);
        Some((origin.serialize(), origin.is_opaque()))
    }

    proptest! {
        #[test]
        fn the_plain_path_reads_as_the_url_parser_does(
            scheme in prop_oneof![Just("http"), Just("https")],
            host in "[a-z0-9.-]{1,20}",
            port in proptest::option::of(0u32..70000),
            slash in any::<bool>(),
        ) {
            let input = format!(
                "{scheme}://{host}{}{}",
                port.map_or(String::new(), |p| format!(":{p}")),
                if slash { "/" } else { "" }
            );
            if let Some(plain) = Origin::parse_plain(&input) {
                prop_assert_eq!(Some((plain.serialize(), false)), by_url_parser(&input), "{}", input);
            }
        }
    }

    proptest! {
        #[test]
        fn serializes_as_the_url_crate_does(
            scheme in prop_oneof![Just("http"), Just("https"), Just("ws"), Just("wss"), Just("ftp")],
            host in prop_oneof![Just("a.example".to_owned()), Just("[::1]".to_owned()), "[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}", "[a-z0-9-]{1,12}"],
            port in proptest::option::of(0u32..=65535),
        ) {
            let input = format!("{scheme}://{host}{}/", port.map_or(String::new(), |p| format!(":{p}")));
            if let Ok(url) = crate::url_parser(&input, None) {
                let origin = Origin::of_url(&url);
                prop_assert_eq!(origin.serialize(), url.origin().ascii_serialization(), "{}", input);
            }
        }
    }

    #[test]
    fn common_origins_take_the_plain_path() {
        for input in [
            "https://app.example",
            "http://localhost:8080",
            "https://a-b.c9.example/",
        ] {
            let plain = Origin::parse_plain(input).expect(input);
            assert_eq!(Some((plain.serialize(), false)), by_url_parser(input));
        }
        for input in [
            "https://127.0.0.1",
            "https://xn--caf-dma.example",
            "https://A.example",
            "https://a..b",
            "ftp://a.example",
        ] {
            assert!(Origin::parse_plain(input).is_none(), "{input}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(s: &str) -> Origin {
        Origin::parse(s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
    }

    #[test]
    fn a_control_character_at_the_edge_is_named_not_called_whitespace() {
        let error = Origin::parse("\u{1b}]0;x\u{7}https://a.com").unwrap_err();
        assert_eq!(
            error.to_string(),
            "an origin cannot begin with a control character (`\\x1b`)"
        );
        let error = Origin::parse("https://a.com\u{202e}").unwrap_err();
        assert_eq!(
            error.to_string(),
            "an origin cannot end with a control character (`\\u{202e}`)"
        );
    }

    #[test]
    fn parse_and_serialize() {
        let cases = [
            ("https://example.com", "https://example.com"),
            ("https://example.com/", "https://example.com"),
            ("https://EXAMPLE.com:443", "https://example.com"),
            ("http://example.com:80/", "http://example.com"),
            ("http://example.com:8080", "http://example.com:8080"),
            ("https://example.com:80", "https://example.com:80"),
            ("HTTPS://Example.COM", "https://example.com"),
            ("https://bücher.example", "https://xn--bcher-kva.example"),
            ("http://[0:0:0:0:0:0:0:1]:8000", "http://[::1]:8000"),
            ("http://[2001:db8::0:1]", "http://[2001:db8::1]"),
            ("http://127.0.0.1:3000", "http://127.0.0.1:3000"),
            ("http://0x7f.1", "http://127.0.0.1"),
            ("ws://example.com:80", "ws://example.com"),
            ("wss://example.com:443", "wss://example.com"),
            ("http://localhost:5173", "http://localhost:5173"),
        ];
        for (input, serialized) in cases {
            let o = origin(input);
            assert_eq!(o.serialize(), serialized, "{input}");
            assert_eq!(o.to_string(), serialized, "{input}");
            assert!(!o.is_opaque());
        }
    }

    #[test]
    fn parse_null_is_a_new_opaque_origin() {
        let a = origin("null");
        let b = origin("null");
        assert!(a.is_opaque());
        assert_eq!(a.serialize(), "null");
        assert!(!a.is_same_origin(&b));
        assert!(a.is_same_origin(&a.clone()));
        assert_eq!(a.scheme(), None);
        assert_eq!(a.host(), None);
        assert_eq!(a.port(), None);
    }

    #[test]
    fn parse_errors() {
        use OriginError as E;
        let cases: [(&str, OriginError); 17] = [
            ("", E::Empty),
            (
                " https://a.com",
                E::SurroundingWhitespace {
                    character: ' ',
                    at_start: true,
                },
            ),
            (
                "https://a.com\n",
                E::SurroundingWhitespace {
                    character: '\n',
                    at_start: false,
                },
            ),
            (
                "\u{1b}https://a.com",
                E::SurroundingWhitespace {
                    character: '\u{1b}',
                    at_start: true,
                },
            ),
            ("a.com", E::NotSchemeAndHost),
            ("https:a.com", E::NotSchemeAndHost),
            ("Null", E::NotSchemeAndHost),
            (
                "https://",
                E::InvalidUrl {
                    reason: url::ParseError::EmptyHost,
                },
            ),
            (
                "https://a.com:99999",
                E::InvalidUrl {
                    reason: url::ParseError::InvalidPort,
                },
            ),
            ("https://user@a.com", E::Userinfo),
            ("https://user:pw@a.com", E::Userinfo),
            (
                "https://a.com/path",
                E::Path {
                    path: "/path".into(),
                },
            ),
            ("https://a.com//", E::Path { path: "//".into() }),
            ("https://a.com/.", E::Path { path: "/.".into() }),
            ("https://a.com?x=1", E::Query),
            ("https://a.com#top", E::Fragment),
            (
                "file:///etc/passwd",
                E::Path {
                    path: "/etc/passwd".into(),
                },
            ),
        ];
        for (input, error) in cases {
            assert_eq!(Origin::parse(input), Err(error), "{input:?}");
        }
        assert_eq!(
            Origin::parse("file://host"),
            Err(E::OpaqueScheme {
                scheme: "file".into()
            })
        );
        assert_eq!(
            Origin::parse("foo://bar"),
            Err(E::OpaqueScheme {
                scheme: "foo".into()
            })
        );
        assert_eq!(
            "https://a.com/path"
                .parse::<Origin>()
                .unwrap_err()
                .to_string(),
            "an origin cannot contain a path (`/path`)"
        );
    }

    #[test]
    fn of_url() {
        let url = Url::parse("https://user:pw@example.com:443/a/b?c#d").unwrap();
        assert_eq!(Origin::of_url(&url).serialize(), "https://example.com");
        let blob = Url::parse("blob:https://example.com:8443/uuid").unwrap();
        assert_eq!(
            Origin::of_url(&blob).serialize(),
            "https://example.com:8443"
        );
        let data = Url::parse("data:text/plain,hi").unwrap();
        assert!(Origin::of_url(&data).is_opaque());
        let file = Url::parse("file:///tmp/x.html").unwrap();
        assert!(Origin::of_url(&file).is_opaque());
        assert_eq!(Origin::from(&url).port(), Some(443));
        assert_eq!(Origin::from(&url).host().as_deref(), Some("example.com"));
        assert_eq!(Origin::from(&url).scheme(), Some("https"));
    }

    #[test]
    fn same_origin() {
        assert!(origin("https://a.com").is_same_origin(&origin("https://a.com:443/")));
        assert!(!origin("https://a.com").is_same_origin(&origin("http://a.com")));
        assert!(!origin("https://a.com").is_same_origin(&origin("https://a.com:8443")));
        assert!(!origin("https://a.com").is_same_origin(&origin("https://b.a.com")));
        assert!(!origin("https://a.com").is_same_origin(&Origin::opaque()));
        let o = Origin::opaque();
        assert!(o.is_same_origin(&o));
    }

    #[test]
    fn same_site_examples_from_html() {
        // HTML's table under "same site", plus a few more.
        let same_site = |a: &str, b: &str| origin(a).is_same_site(&origin(b));
        let schemelessly = |a: &str, b: &str| origin(a).is_schemelessly_same_site(&origin(b));
        assert!(same_site("https://example.org", "https://example.org"));
        assert!(same_site("https://example.org", "https://example.org:314"));
        assert!(!same_site("https://example.org", "http://example.org"));
        assert!(schemelessly("https://example.org", "http://example.org"));
        assert!(same_site("http://127.0.0.1", "http://127.0.0.1:8080"));
        assert!(!same_site("http://127.0.0.1", "http://127.0.0.2"));
        assert!(!same_site("http://[::1]", "http://127.0.0.1"));
        assert!(same_site("http://localhost", "http://localhost:3000"));
        assert!(!same_site("https://a.com", "https://b.com"));
        let o = Origin::opaque();
        assert!(o.is_same_site(&o));
        assert!(!o.is_same_site(&Origin::opaque()));
        assert!(!o.is_same_site(&origin("https://a.com")));
    }

    #[cfg(feature = "psl")]
    #[test]
    fn same_site_with_public_suffix_list() {
        let same_site = |a: &str, b: &str| origin(a).is_same_site(&origin(b));
        let schemelessly = |a: &str, b: &str| origin(a).is_schemelessly_same_site(&origin(b));
        assert!(same_site("https://example.org", "https://sub.example.org"));
        assert!(same_site(
            "https://a.b.example.co.uk",
            "https://example.co.uk"
        ));
        assert!(!same_site("https://a.co.uk", "https://b.co.uk"));
        // The private section counts: github.io is a public suffix.
        assert!(!same_site("https://a.github.io", "https://b.github.io"));
        assert!(same_site("https://a.github.io", "https://x.a.github.io"));
        // A public suffix itself has no registrable domain: only equal hosts.
        assert!(same_site("https://github.io", "https://github.io"));
        assert!(!same_site("https://github.io", "https://a.github.io"));
        // The default `*` rule applies to unknown TLDs.
        assert!(same_site(
            "http://a.foo.localhost",
            "http://b.foo.localhost"
        ));
        assert!(!same_site("http://a.localhost", "http://b.localhost"));
        assert!(!same_site("https://sub.example.org", "http://example.org"));
        assert!(schemelessly(
            "https://sub.example.org",
            "http://example.org"
        ));
        // A trailing dot is part of the registrable domain.
        assert!(!same_site("https://example.org.", "https://example.org"));
        assert!(same_site("https://a.example.org.", "https://example.org."));
    }

    #[cfg(not(feature = "psl"))]
    #[test]
    fn same_site_without_public_suffix_list_is_host_equality() {
        assert!(!origin("https://example.org").is_same_site(&origin("https://sub.example.org")));
    }
}
