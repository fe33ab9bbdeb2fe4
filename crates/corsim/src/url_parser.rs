//! The URL parser, and Unicode hostnames in builds without Unicode tables.
//!
//! Every URL corsim reads (a request URL, a server key, a page origin, a
//! `Location`) goes through [`url_parser`]. It is the `url` crate's WHATWG
//! URL parser, whose host parsing maps Unicode hostnames to ASCII with UTS #46
//! ("domain to ASCII"): `https://bücher.example` is `https://xn--bcher-kva.example`.
//!
//! UTS #46 needs Unicode tables, which the `url` crate takes from its
//! `idna_adapter` back end: about 45 KB gzip of WebAssembly. The WebAssembly
//! builds (the playground and the JavaScript API) pin `idna_adapter` 1.0.0,
//! which has none: it rejects non-ASCII hostnames and accepts `xn--` labels
//! unchecked. They run inside a JavaScript host whose own `URL` parser has
//! the tables (in a browser, the very parser whose behaviour corsim
//! simulates), and hand it those URLs with [`set_url_reparser`]. Native
//! builds use the `url` crate's full back end and need no reparser.

use std::sync::OnceLock;

use url::{ParseError, Url};

/// A WHATWG URL parser to defer to for Unicode and Punycode hostnames:
/// given an input and the serialized base URL, if any, the serialized
/// result (`href`), or `None` when the input is not a valid URL.
pub type Reparser = fn(input: &str, base: Option<&str>) -> Option<String>;

static REPARSER: OnceLock<Reparser> = OnceLock::new();

/// Has [`url_parser`] defer to `reparser` for every URL whose hostname may
/// need UTS #46 tables: one with a non-ASCII character, a percent sign (a
/// percent-encoded hostname) or an `xn--` label. Only the first call takes
/// effect; it returns whether this one did.
///
/// For builds whose `idna_adapter` has no Unicode back end (see the module
/// documentation); with the full back end the result is the same as without.
pub fn set_url_reparser(reparser: Reparser) -> bool {
    REPARSER.set(reparser).is_ok()
}

/// Parses `input` against `base`: the URL parser.
///
/// <https://url.spec.whatwg.org/#concept-url-parser>
pub fn url_parser(input: &str, base: Option<&Url>) -> Result<Url, ParseError> {
    let parse = |input: &str| Url::options().base_url(base).parse(input);
    let Some(reparse) = REPARSER.get().filter(|_| may_need_tables(input)) else {
        return parse(input);
    };
    // The reparser's hostname is ASCII and lowercase: the `url` crate takes
    // it as it is.
    if let Some(href) = reparse(input, base.map(Url::as_str)) {
        return Url::parse(&href);
    }
    // Which error: the `url` crate's for the input with its non-ASCII
    // characters replaced by `a` and its ASCII letters lowercased (which the
    // table-less back end takes; neither makes a URL valid or invalid,
    // except in a hostname), so that an invalid port is still an invalid
    // port; an IDNA error when only the tables could tell. (A hostname that
    // fails UTS #46 *and* a second error elsewhere give the second error
    // here, the IDNA error natively.)
    let probe: String = input
        .chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_ascii_lowercase()
            } else {
                'a'
            }
        })
        .collect();
    match parse(&probe) {
        Err(ParseError::IdnaError) | Ok(_) => Err(ParseError::IdnaError),
        Err(e) => Err(e),
    }
}

/// Whether the hostname `input` holds, if any, may need UTS #46 tables.
fn may_need_tables(input: &str) -> bool {
    !input.is_ascii()
        || input.contains('%')
        || input
            .as_bytes()
            .windows(4)
            .any(|w| w.eq_ignore_ascii_case(b"xn--"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unicode_hosts_are_punycode() {
        // The native build has the full back end: no reparser is needed.
        let url = url_parser("https://Bücher.example:443/a", None).unwrap();
        assert_eq!(url.as_str(), "https://xn--bcher-kva.example/a");
        let base = url_parser("https://app.example/x/y", None).unwrap();
        let joined = url_parser("//bücher.example/z", Some(&base)).unwrap();
        assert_eq!(joined.as_str(), "https://xn--bcher-kva.example/z");
    }

    #[test]
    fn errors_are_the_url_crates() {
        assert_eq!(
            url_parser("/relative", None),
            Err(ParseError::RelativeUrlWithoutBase)
        );
        assert_eq!(
            url_parser("https://a:99999/", None),
            Err(ParseError::InvalidPort)
        );
    }

    #[test]
    fn what_may_need_tables() {
        assert!(may_need_tables("https://bücher.example/"));
        assert!(may_need_tables("https://b%C3%BCcher.example/"));
        assert!(may_need_tables("https://a.XN--bcher-kva.example/"));
        assert!(!may_need_tables("https://API.example/a?b=c"));
        assert!(!may_need_tables("https://[::1]/"));
    }
}
