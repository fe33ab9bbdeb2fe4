//! Console text: every CORS message template Chrome, Firefox and Safari
//! print (the wording of `crate::browser::{chromium, firefox, webkit}`),
//! read back into what it says, with the noise people paste around it
//! ignored (timestamps, source locations, `[Error]`, "Failed to load
//! resource: …", network-log lines).

use std::borrow::Cow;

use super::build::{self, Group};
use super::{unrecognized, ImportError, Imported};
use crate::collections::Keys;
use crate::local_network::AddressSpace;
use crate::scenario::Api;
use crate::Browser;

/// A failed CORS check, as a message words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Failure {
    /// No `Access-Control-Allow-Origin`.
    Missing,
    /// `*` with credentials.
    Wildcard,
    /// More than one origin (the value, when the message quotes it).
    Multiple(Option<String>),
    /// Not a valid origin.
    Invalid(String),
    /// Another origin (or, where a browser does not tell invalid values
    /// apart, any value that does not match).
    Mismatch(String),
    /// `Access-Control-Allow-Credentials` is not `true` (its value, when
    /// quoted; empty for absent).
    Credentials(Option<String>),
}

/// What one console line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fact {
    /// Chromium `Access to … has been blocked by CORS policy: …`.
    Chrome {
        api: Api,
        url: String,
        initial: Option<String>,
        page: String,
        preflight: bool,
        body: ChromeBody,
    },
    /// Chromium `Mixed Content: The page at 'P/' was loaded over HTTPS, but
    /// requested an insecure resource 'U'. …`: blocked, or (`targetAddressSpace`
    /// names a local network) only a warning.
    ChromeMixedContent {
        page: String,
        url: String,
        blocked: bool,
    },
    /// Chromium `Fetch API cannot load U. Request mode is "same-origin" …`.
    ChromeSameOrigin { url: String, page: String },
    /// Chromium `… Request mode is "no-cors" but the redirect mode is not "follow".`
    ChromeNoCorsRedirect { url: String },
    /// Chromium `… URL scheme "S" is not supported.`
    ChromeScheme { url: String },
    /// Firefox `Cross-Origin Request Blocked: … (Reason: …)`.
    Firefox { url: String, reason: FirefoxReason },
    /// Firefox `Blocked loading mixed active content “U”`.
    FirefoxMixedContent { url: String },
    /// Firefox `Security Error: Content at P/ may not load data from U.`
    FirefoxSecurity { page: String, url: String },
    /// A WebKit line that says why (followed by the summary line).
    WebKit(WebKitDetail),
    /// WebKit `… cannot load U due to access control checks.`
    WebKitSummary { api: Api, url: String },
    /// WebKit `… cannot load U.` (the same-origin mode check).
    WebKitSameOrigin { api: Api, url: String },
}

/// The body of a Chromium CORS message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum ChromeBody {
    Cors(Failure),
    InvalidStatus,
    PreflightRedirect,
    InvalidAllowMethods,
    InvalidAllowHeaders,
    Method(String),
    Header(String),
    RedirectCredentials,
    SchemeAfterRedirect,
    /// Local Network Access: the permission for this address space denied.
    LocalDenied(AddressSpace),
    /// Local Network Access: a page that is not a secure context asked for
    /// this more private address space.
    LocalInsecure(AddressSpace),
    /// Local Network Access: `targetAddressSpace` said one space, the
    /// resource is in another.
    LocalTarget {
        target: AddressSpace,
        resource: AddressSpace,
    },
}

/// Firefox's `(Reason: …)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum FirefoxReason {
    Cors {
        failure: Failure,
        status: Option<u16>,
    },
    PreflightStatus(Option<u16>),
    ExternalRedirect,
    InvalidToken {
        methods: bool,
        token: String,
    },
    MethodNotFound,
    Header(String),
    NotHttp,
    DidNotSucceed,
}

/// A WebKit reason line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum WebKitDetail {
    /// `Origin O is not allowed by Access-Control-Allow-Origin. Status code: N`
    Origin {
        origin: String,
        status: u16,
    },
    Cors(Failure),
    PreflightStatus(u16),
    Method(String),
    Header(String),
    InvalidAllowMethods(String),
    InvalidAllowHeaders(String),
    /// `Cross-origin redirection to L denied by Cross-Origin Resource
    /// Sharing policy: …`; `None` for the non-CORS-scheme wording.
    RedirectDenied {
        location: String,
        detail: Option<Box<WebKitDetail>>,
    },
    /// `[blocked] The page at P/ requested insecure content from U. …`
    MixedContent {
        page: String,
        url: String,
    },
}

impl Fact {
    pub(super) fn browser(&self) -> Browser {
        match self {
            Self::Chrome { .. }
            | Self::ChromeSameOrigin { .. }
            | Self::ChromeNoCorsRedirect { .. }
            | Self::ChromeScheme { .. }
            | Self::ChromeMixedContent { .. } => Browser::Chrome,
            Self::Firefox { .. }
            | Self::FirefoxSecurity { .. }
            | Self::FirefoxMixedContent { .. } => Browser::Firefox,
            Self::WebKit(_) | Self::WebKitSummary { .. } | Self::WebKitSameOrigin { .. } => {
                Browser::Safari
            }
        }
    }
}

/// A recognized line: what it says, and the message itself without the
/// noise around it.
#[derive(Debug, Clone)]
pub(super) struct Recognized {
    pub fact: Fact,
    pub text: String,
    pub line: usize,
    /// The line is the network log's copy (`Failed to load resource: …`).
    pub network_log: bool,
}

const CHROME_FETCH: &str = "Access to fetch at '";
const CHROME_XHR: &str = "Access to XMLHttpRequest at '";
const FIREFOX_BLOCKED: &str =
    "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";
const FIREFOX_SECURITY: &str = "Security Error: Content at ";
const FETCH_API: &str = "Fetch API cannot load ";
const CHROME_MIXED: &str = "Mixed Content: The page at '";
const FIREFOX_MIXED: &str = "Blocked loading mixed active content \u{201c}";
const XHR_CANNOT: &str = "XMLHttpRequest cannot load ";

/// Where each template starts; a line is read from the earliest one that
/// parses (what comes before is noise).
const ANCHORS: &[&str] = &[
    CHROME_FETCH,
    CHROME_XHR,
    FIREFOX_BLOCKED,
    FIREFOX_SECURITY,
    CHROME_MIXED,
    FIREFOX_MIXED,
    FETCH_API,
    XHR_CANNOT,
    "Origin ",
    "Cannot use wildcard in Access-Control-Allow-Origin",
    "Access-Control-Allow-Origin cannot contain more than one origin.",
    "Credentials flag is true, but Access-Control-Allow-Credentials",
    "Preflight response is not successful. Status code: ",
    "Method ",
    "Request header field ",
    "Header Access-Control-Allow-",
    "Cross-origin redirection to ",
    "[blocked] The page at ",
];

// WebKit's reason lines.
const WK_BLOCKED: &str = "[blocked] The page at ";
const WK_DENIED: &str = " denied by Cross-Origin Resource Sharing policy: ";
const CHROME_BLOCKED_BY: &str = "' has been blocked by CORS policy: ";
const WK_INSECURE: &str = "/ requested insecure content from ";
const WK_MUST: &str = ". This content was blocked and must be served over HTTPS.";
const WK_ORIGIN_TAIL: &str = " is not allowed by Access-Control-Allow-Origin. Status code: ";
const WK_NON_CORS: &str =
    "not allowed to follow a cross-origin CORS redirection with non CORS scheme";

/// The line Chrome's console shows for a request that failed, beside its
/// CORS message, as people paste it: `api.js:12  PUT
/// https://api.example/users net::ERR_FAILED` (with a status after it when
/// a response came back). The console message never names the method;
/// this line does. Its layout is not recorded: the recorder reads the
/// console through CDP's `Log.entryAdded`, which gives the line as `Failed
/// to load resource: net::ERR_FAILED` (`console_network` in the Chromium
/// fixtures), without the method the console's own rendering adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NetworkLine<'t> {
    pub method: &'t str,
    pub url: &'t str,
}

/// Reads a network line of Chrome's developer tools: a method and a URL,
/// the last two words before ` net::ERR_`. The method is a token that
/// starts with a letter (`PUT`, `M-SEARCH`; not `CONNECT`, `TRACE` or
/// `TRACK`, which `fetch()` refuses): a list's `1.`, a status or a quote's
/// `` ` `` before a URL is noise.
fn network_line(line: &str) -> Option<NetworkLine<'_>> {
    let at = line.find(" net::ERR_")?;
    let mut words = line[..at].split_ascii_whitespace().rev();
    let url = words.next()?;
    let method = words.next()?;
    let http = url.starts_with("http://") || url.starts_with("https://");
    let word =
        method.starts_with(|c: char| c.is_ascii_alphabetic()) && crate::method::is_method(method);
    (http && word && !crate::method::is_forbidden_method(method))
        .then_some(NetworkLine { method, url })
}

/// Every recognized message of the text, in order, and Chrome's network
/// lines among them.
fn read_lines(text: &str) -> Result<(Vec<Recognized>, Vec<NetworkLine<'_>>), ImportError> {
    let mut recognized = Vec::new();
    let mut network = Vec::new();
    // A lone CR ends a line too (text copied on old systems).
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .flat_map(|(n, l)| l.split('\r').map(move |part| (n, part)))
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let (n, line) = lines[i];
        i += 1;
        let mut found = recognize(line, n + 1);
        // A long message wrapped over lines (by a mail client, a terminal):
        // joined with the lines after it that mean nothing alone.
        if found.is_none()
            && [CHROME_FETCH, CHROME_XHR, FIREFOX_BLOCKED]
                .iter()
                .any(|a| line.contains(a))
        {
            let start = i;
            let mut joined = line.trim_end().to_owned();
            for &(_, next) in lines.iter().skip(i).take(3) {
                if next.trim().is_empty() || recognize(next, n + 1).is_some() {
                    break;
                }
                joined.push(' ');
                joined.push_str(next.trim());
                i += 1;
                found = recognize(&joined, n + 1);
                if found.is_some() {
                    break;
                }
            }
            if found.is_none() {
                // Not a wrapped message: read the lines after it on their own.
                i = start;
            }
        }
        if let Some(r) = found {
            if recognized.len() >= 4 * super::MAX_IMPORTED_REQUESTS {
                return Err(ImportError::new(
                    Some(super::Location::Text {
                        line: n + 1,
                        column: 1,
                    }),
                    format!(
                        "more than {} CORS messages; import at most {} requests at a time",
                        4 * super::MAX_IMPORTED_REQUESTS,
                        super::MAX_IMPORTED_REQUESTS
                    ),
                ));
            }
            recognized.push(r);
        } else if let Some(l) = network_line(line) {
            network.push(l);
        }
    }
    Ok((recognized, network))
}

pub(super) fn import(text: &str) -> Result<Imported, ImportError> {
    let (recognized, network) = read_lines(text)?;
    if recognized.is_empty() {
        // A browser's CORS message that corsim does not model (yet).
        let known = [
            " has been blocked by CORS policy: ",
            "Cross-Origin Request Blocked: ",
            " due to access control checks.",
        ];
        if let Some((n, line)) = text
            .lines()
            .enumerate()
            .find(|(_, l)| known.iter().any(|k| l.contains(k)))
        {
            return Err(ImportError::new(
                Some(super::Location::Text {
                    line: n + 1,
                    column: 1,
                }),
                format!(
                    "{}: a CORS message in words corsim does not know: {}",
                    super::UNRECOGNIZED,
                    crate::escape::Escaped(line.trim())
                ),
            ));
        }
        return Err(unrecognized("no line is a CORS message"));
    }
    let browser = recognized[0].fact.browser();
    if let Some(other) = recognized.iter().find(|r| r.fact.browser() != browser) {
        return Err(ImportError::new(
            Some(super::Location::Text {
                line: other.line,
                column: 1,
            }),
            format!(
                "this line is in {}'s wording, the first message in {}'s: import the messages of one browser at a time",
                other.fact.browser().display_name(),
                browser.display_name()
            ),
        ));
    }
    let mut groups = group(recognized, browser);
    if browser == Browser::Chrome {
        name_methods(&mut groups, &network);
    }
    if groups.len() > super::MAX_IMPORTED_REQUESTS {
        return Err(ImportError::new(
            None,
            format!(
                "{} requests in the input; import at most {} at a time",
                groups.len(),
                super::MAX_IMPORTED_REQUESTS
            ),
        ));
    }
    build::console_scenario(&groups, browser)
}

/// Splits the recognized lines into the requests they are about.
fn group(lines: Vec<Recognized>, browser: Browser) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut open = false;
    for r in lines {
        match browser {
            Browser::Firefox => {
                // A failed preflight (or a CORS failure on a redirect) is
                // followed by the request's own "did not succeed" line; a
                // redirected preflight first by "preflight response did
                // not succeed".
                if let (Some(last), Fact::Firefox { url, reason }) = (groups.last_mut(), &r.fact) {
                    // A redirect to a scheme CORS refuses: "CORS request not
                    // http" for the location, then "did not succeed" for the
                    // URL redirected from.
                    let redirected = matches!(reason, FirefoxReason::DidNotSucceed)
                        && last.lines.len() == 1
                        && matches!(
                            last.lines[0].fact,
                            Fact::Firefox {
                                reason: FirefoxReason::NotHttp,
                                ..
                            }
                        );
                    if open && redirected {
                        open = false;
                        last.lines.push(r);
                        continue;
                    }
                    if open && last.url_is(url) {
                        let first = &last.lines[0].fact;
                        let follows = match reason {
                            FirefoxReason::DidNotSucceed => true,
                            FirefoxReason::PreflightStatus(_) => {
                                matches!(
                                    first,
                                    Fact::Firefox {
                                        reason: FirefoxReason::ExternalRedirect,
                                        ..
                                    }
                                ) && last.lines.len() == 1
                            }
                            _ => false,
                        };
                        if follows {
                            open = !matches!(reason, FirefoxReason::DidNotSucceed);
                            last.lines.push(r);
                            continue;
                        }
                    }
                }
                open = !matches!(
                    r.fact,
                    Fact::Firefox {
                        reason: FirefoxReason::DidNotSucceed,
                        ..
                    } | Fact::FirefoxSecurity { .. }
                        | Fact::FirefoxMixedContent { .. }
                );
                groups.push(Group::new(r));
            }
            Browser::Safari => {
                // Safari's network log repeats the reason after the request's
                // lines ("Failed to load resource: Origin … Status code: 200").
                // It may also come first: a reason line already in the
                // request being read is the same reason.
                let repeated = groups
                    .last()
                    .is_some_and(|g| g.lines.iter().any(|l| l.text == r.text));
                if repeated && (r.network_log || (open && matches!(r.fact, Fact::WebKit(_)))) {
                    continue;
                }
                // Reason lines come first; the summary line ends the request.
                let ends = matches!(
                    r.fact,
                    Fact::WebKitSummary { .. } | Fact::WebKitSameOrigin { .. }
                );
                if open {
                    if let Some(last) = groups.last_mut() {
                        let only_details =
                            last.lines.iter().all(|l| matches!(l.fact, Fact::WebKit(_)));
                        if only_details && (ends || last.lines.is_empty()) {
                            open = !ends;
                            last.lines.push(r);
                            continue;
                        }
                    }
                }
                open = !ends;
                groups.push(Group::new(r));
            }
            _ => {
                // Chrome's mixed-content warning (the request goes on, as
                // `targetAddressSpace` asks) comes before the line about
                // what happened next to the same URL.
                if let (Some(last), Fact::Chrome { url, .. }) = (groups.last_mut(), &r.fact) {
                    if let [Recognized {
                        fact:
                            Fact::ChromeMixedContent {
                                url: warned,
                                blocked: false,
                                ..
                            },
                        ..
                    }] = last.lines.as_slice()
                    {
                        if warned == url {
                            last.lines.push(r);
                            continue;
                        }
                    }
                }
                groups.push(Group::new(r));
            }
        }
    }
    groups
}

/// Gives each Chrome group the method its network line names: the k-th
/// network line with a URL goes with the k-th message about that URL,
/// wherever it is (after the message or before it; two requests to one URL
/// may interleave). Where their counts differ, which line goes with which
/// message is not known, and none is named. A redirected request's line
/// may name the last URL, or a method the redirect changed: it names none.
fn name_methods(groups: &mut [Group], network: &[NetworkLine<'_>]) {
    // For each URL: its messages' groups, and its lines' methods.
    let mut urls: Keys<'_, (Vec<usize>, Vec<&str>)> = Keys::default();
    for (i, group) in groups.iter().enumerate() {
        if let Fact::Chrome { url, .. } = &group.lines[group.lines.len() - 1].fact {
            match urls.get(url) {
                Some(at) => urls.value_mut(at).0.push(i),
                None => urls.push(Cow::Borrowed(url), (vec![i], Vec::new())),
            }
        }
    }
    for n in network {
        if let Some(at) = urls.get(n.url) {
            urls.value_mut(at).1.push(n.method);
        }
    }
    let named: Vec<(usize, String)> = urls
        .into_values()
        .filter(|(messages, methods)| messages.len() == methods.len())
        .flat_map(|(messages, methods)| messages.into_iter().zip(methods))
        .filter(|&(i, _)| {
            let last = &groups[i].lines[groups[i].lines.len() - 1];
            matches!(last.fact, Fact::Chrome { initial: None, .. })
        })
        .map(|(i, method)| (i, method.to_owned()))
        .collect();
    for (i, method) in named {
        groups[i].method = Some(method);
    }
}

/// Reads a line: the earliest template that parses.
pub(super) fn recognize(line: &str, number: usize) -> Option<Recognized> {
    let line = line.trim_end();
    let curly;
    let line = match firefox_curly_quotes(line) {
        Some(fixed) => {
            curly = fixed;
            curly.as_str()
        }
        None => line,
    };
    let mut starts: Vec<usize> = ANCHORS.iter().filter_map(|a| line.find(a)).collect();
    starts.sort_unstable();
    starts.dedup();
    for start in starts {
        let rest = &line[start..];
        if let Some((fact, len)) = parse_at(rest) {
            // Every template ends on a character of its own; never cut one.
            if !rest.is_char_boundary(len) {
                continue;
            }
            return Some(Recognized {
                fact,
                text: rest[..len].to_owned(),
                line: number,
                network_log: line[..start]
                    .trim_end()
                    .ends_with("Failed to load resource:"),
            });
        }
    }
    None
}

/// Firefox quotes with ‘ and ’; a copy that went through something that
/// straightens quotes (a forum, an issue tracker) gets them back, pair by
/// pair, after `Cross-Origin Request Blocked:`.
fn firefox_curly_quotes(line: &str) -> Option<String> {
    let at = line.find(FIREFOX_BLOCKED)?;
    let rest = &line[at..];
    if rest.contains('\u{2018}') || !rest.contains("(Reason: ") || !rest.contains('\'') {
        return None;
    }
    let mut out = String::with_capacity(line.len() + 8);
    out.push_str(&line[..at]);
    let mut open = true;
    for c in rest.chars() {
        if c == '\'' {
            out.push(if open { '\u{2018}' } else { '\u{2019}' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// Parses a message starting at the start of `s`: what it says, and how
/// long it is.
fn parse_at(s: &str) -> Option<(Fact, usize)> {
    if let Some(r) = s.strip_prefix(CHROME_FETCH) {
        return chrome(r, Api::Fetch, CHROME_FETCH.len());
    }
    if let Some(r) = s.strip_prefix(CHROME_XHR) {
        return chrome(r, Api::Xhr, CHROME_XHR.len());
    }
    if let Some(r) = s.strip_prefix(FIREFOX_BLOCKED) {
        return firefox(r).map(|(f, n)| (f, n + FIREFOX_BLOCKED.len()));
    }
    if let Some(r) = s.strip_prefix(FIREFOX_SECURITY) {
        let at = r.find("/ may not load data from ")?;
        let page = &r[..at];
        let after = &r[at + "/ may not load data from ".len()..];
        let url = first_word(after).strip_suffix('.')?;
        let len = FIREFOX_SECURITY.len() + at + "/ may not load data from ".len() + url.len() + 1;
        if url.is_empty() || page.is_empty() || len > s.len() {
            return None;
        }
        return Some((
            Fact::FirefoxSecurity {
                page: page.to_owned(),
                url: url.to_owned(),
            },
            len,
        ));
    }
    if let Some(r) = s.strip_prefix(CHROME_MIXED) {
        return chrome_mixed(r).map(|(f, n)| (f, n + CHROME_MIXED.len()));
    }
    if let Some(r) = s.strip_prefix(FIREFOX_MIXED) {
        let at = r.find('\u{201d}')?;
        let url = &r[..at];
        if url.is_empty() || url.contains(char::is_whitespace) {
            return None;
        }
        return Some((
            Fact::FirefoxMixedContent {
                url: url.to_owned(),
            },
            FIREFOX_MIXED.len() + at + '\u{201d}'.len_utf8(),
        ));
    }
    if let Some(r) = s.strip_prefix(FETCH_API) {
        return fetch_api(r, Api::Fetch).map(|(f, n)| (f, n + FETCH_API.len()));
    }
    if let Some(r) = s.strip_prefix(XHR_CANNOT) {
        return fetch_api(r, Api::Xhr).map(|(f, n)| (f, n + XHR_CANNOT.len()));
    }
    webkit_detail(s).map(|(d, n)| (Fact::WebKit(d), n))
}

/// Chromium's mixed-content line, after `Mixed Content: The page at '`.
fn chrome_mixed(r: &str) -> Option<(Fact, usize)> {
    const LOADED: &str = "' was loaded over HTTPS, but requested an insecure resource '";
    const BLOCKED: &str =
        "'. This request has been blocked; the content must be served over HTTPS.";
    const WARNED: &str = "'. This content should also be served over HTTPS.";
    let at = r.find(LOADED)?;
    let page = &r[..at];
    let rest = &r[at + LOADED.len()..];
    let end = rest.find('\'')?;
    let url = &rest[..end];
    let (blocked, tail) = if rest[end..].starts_with(BLOCKED) {
        (true, BLOCKED)
    } else if rest[end..].starts_with(WARNED) {
        (false, WARNED)
    } else {
        return None;
    };
    if page.is_empty() || url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    Some((
        Fact::ChromeMixedContent {
            page: page.to_owned(),
            url: url.to_owned(),
            blocked,
        },
        at + LOADED.len() + end + tail.len(),
    ))
}

/// An address space as Chromium quotes it: `` `local` ``.
fn address_space(s: &str) -> Option<(AddressSpace, usize)> {
    for space in [
        AddressSpace::Public,
        AddressSpace::Local,
        AddressSpace::Loopback,
    ] {
        let name = space.as_str();
        if s.strip_prefix('`')
            .and_then(|r| r.strip_prefix(name))
            .is_some_and(|r| r.starts_with('`'))
        {
            return Some((space, name.len() + 2));
        }
    }
    None
}

/// Chromium's Local Network Access bodies.
fn chrome_local(b: &str) -> Option<(ChromeBody, usize)> {
    const DENIED: &str = "Permission was denied for this request to access the ";
    const DENIED_END: &str = " address space.";
    const INSECURE: &str = "The request client is not a secure context and the resource is in more-private address space ";
    const TARGET: &str = "Request had a target IP address space of ";
    const TARGET_MID: &str = " yet the resource is in address space ";
    if let Some(r) = b.strip_prefix(DENIED) {
        let (space, n) = address_space(r)?;
        r[n..].starts_with(DENIED_END).then_some((
            ChromeBody::LocalDenied(space),
            DENIED.len() + n + DENIED_END.len(),
        ))
    } else if let Some(r) = b.strip_prefix(INSECURE) {
        let (space, n) = address_space(r)?;
        r[n..]
            .starts_with('.')
            .then_some((ChromeBody::LocalInsecure(space), INSECURE.len() + n + 1))
    } else {
        let r = b.strip_prefix(TARGET)?;
        let (target, n) = address_space(r)?;
        let r2 = r[n..].strip_prefix(TARGET_MID)?;
        let (resource, m) = address_space(r2)?;
        r2[m..].starts_with('.').then_some((
            ChromeBody::LocalTarget { target, resource },
            TARGET.len() + n + TARGET_MID.len() + m + 1,
        ))
    }
}

/// The first whitespace-separated word.
fn first_word(s: &str) -> &str {
    s.split(char::is_whitespace).next().unwrap_or("")
}

/// Chromium, after `Access to fetch at '`.
fn chrome(r: &str, api: Api, prefix: usize) -> Option<(Fact, usize)> {
    const PREFLIGHT: &str = "Response to preflight request doesn't pass access control check: ";
    const FROM: &str = " from origin '";
    const REDIRECTED: &str = "' (redirected from '";
    let k = r.find(CHROME_BLOCKED_BY)?;
    let head = &r[..k];
    let j = head.rfind(FROM)?;
    let page = &head[j + FROM.len()..];
    let before = &head[..j];
    let (url, initial) = match before.find(REDIRECTED) {
        Some(x) if before.ends_with("')") => (
            &before[..x],
            Some(&before[x + REDIRECTED.len()..before.len() - 2]),
        ),
        _ => (before.strip_suffix('\'')?, None),
    };
    if url.is_empty()
        || url.contains(char::is_whitespace)
        || page.is_empty()
        || page.contains(['\'', ' '])
    {
        return None;
    }
    let body_at = k + CHROME_BLOCKED_BY.len();
    let body_all = &r[body_at..];
    let (preflight, body, skip) = match body_all.strip_prefix(PREFLIGHT) {
        Some(b) => (true, b, PREFLIGHT.len()),
        None => (false, body_all, 0),
    };
    let (parsed, len) = chrome_body(body, api)?;
    if preflight
        && !matches!(
            parsed,
            ChromeBody::Cors(_) | ChromeBody::InvalidStatus | ChromeBody::PreflightRedirect
        )
    {
        return None;
    }
    Some((
        Fact::Chrome {
            api,
            url: url.to_owned(),
            initial: initial.map(str::to_owned),
            page: page.to_owned(),
            preflight,
            body: parsed,
        },
        prefix + body_at + skip + len,
    ))
}

const HINT_VALID: &str = " Have the server send the header with a valid value.";
const HINT_XHR: &str = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

/// A quoted value up to `end` (which starts with the closing quote).
fn quoted<'a>(s: &'a str, start: &str, end: &str) -> Option<(&'a str, usize)> {
    let r = s.strip_prefix(start)?;
    let at = r.find(end)?;
    Some((&r[..at], start.len() + at + end.len()))
}

/// Chromium's message body; its length includes a trailing hint.
fn chrome_body(b: &str, api: Api) -> Option<(ChromeBody, usize)> {
    chrome_local(b)
        .or_else(|| chrome_cors_body(b, api))
        .or_else(|| chrome_preflight_body(b))
}

/// `body` when `b` starts with `text`, with the length of `text`.
fn fixed(b: &str, text: &str, body: ChromeBody) -> Option<(ChromeBody, usize)> {
    b.starts_with(text).then_some((body, text.len()))
}

/// The bodies of Chromium's messages about the CORS check's headers
/// (`Access-Control-Allow-Origin`, `-Credentials`); a length includes the
/// hint Chromium appends to that message, when one follows.
fn chrome_cors_body(b: &str, api: Api) -> Option<(ChromeBody, usize)> {
    // A hint Chromium appends (for fetch() or for XHR only) belongs to the
    // message when it follows.
    let hint = |len: usize, hint: Option<&str>| match hint {
        Some(hint) if b[len..].starts_with(hint) => len + hint.len(),
        _ => len,
    };
    let valid_hint = (api != Api::Xhr).then_some(HINT_VALID);
    let xhr_hint = (api == Api::Xhr).then_some(HINT_XHR);
    if let Some(r) = fixed(
        b,
        "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        ChromeBody::Cors(Failure::Missing),
    ) {
        return Some(r);
    }
    if let Some((body, len)) = fixed(
        b,
        "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
        ChromeBody::Cors(Failure::Wildcard),
    ) {
        return Some((body, hint(len, xhr_hint)));
    }
    if let Some((v, len)) = quoted(
        b,
        "The 'Access-Control-Allow-Origin' header contains multiple values '",
        "', but only one is allowed.",
    ) {
        return Some((
            ChromeBody::Cors(Failure::Multiple(Some(decode_hint(v)))),
            hint(len, valid_hint),
        ));
    }
    if let Some((v, len)) = quoted_before_hint(
        b,
        "The 'Access-Control-Allow-Origin' header contains the invalid value '",
        "'.",
        valid_hint,
    ) {
        return Some((ChromeBody::Cors(Failure::Invalid(decode_hint(v))), len));
    }
    if let Some((v, len)) = quoted(
        b,
        "The 'Access-Control-Allow-Origin' header has a value '",
        "' that is not equal to the supplied origin.",
    ) {
        return Some((
            ChromeBody::Cors(Failure::Mismatch(decode_hint(v))),
            hint(len, valid_hint),
        ));
    }
    if let Some((v, len)) = quoted(
        b,
        "The value of the 'Access-Control-Allow-Credentials' header in the response is '",
        "' which must be 'true' when the request's credentials mode is 'include'.",
    ) {
        return Some((
            ChromeBody::Cors(Failure::Credentials(Some(decode_hint(v)))),
            hint(len, xhr_hint),
        ));
    }
    None
}

/// The bodies of Chromium's messages about the preflight, a redirect and
/// a scheme.
fn chrome_preflight_body(b: &str) -> Option<(ChromeBody, usize)> {
    const SCHEMES: &str = "Cross origin requests are only supported for protocol schemes: ";
    for (text, body) in [
        ("It does not have HTTP ok status.", ChromeBody::InvalidStatus),
        (
            "Redirect is not allowed for a preflight request.",
            ChromeBody::PreflightRedirect,
        ),
        (
            "Cannot parse Access-Control-Allow-Methods response header field in preflight response.",
            ChromeBody::InvalidAllowMethods,
        ),
        (
            "Cannot parse Access-Control-Allow-Headers response header field in preflight response.",
            ChromeBody::InvalidAllowHeaders,
        ),
    ] {
        if let Some(r) = fixed(b, text, body) {
            return Some(r);
        }
    }
    if let Some((m, len)) = quoted(
        b,
        "Method ",
        " is not allowed by Access-Control-Allow-Methods in preflight response.",
    ) {
        return (!m.is_empty()).then(|| (ChromeBody::Method(decode_hint(m)), len));
    }
    if let Some((h, len)) = quoted(
        b,
        "Request header field ",
        " is not allowed by Access-Control-Allow-Headers in preflight response.",
    ) {
        return (!h.is_empty()).then(|| (ChromeBody::Header(decode_hint(h)), len));
    }
    if let Some((_, len)) = quoted(
        b,
        "Redirect location '",
        "' contains a username and password, which is disallowed for cross-origin requests.",
    ) {
        return Some((ChromeBody::RedirectCredentials, len));
    }
    if let Some(r) = b.strip_prefix(SCHEMES) {
        let end = r.find('.')?;
        return Some((ChromeBody::SchemeAfterRedirect, SCHEMES.len() + end + 1));
    }
    None
}

/// A quoted value ending with `end`, where the value itself may hold `end`:
/// the end is the one before the hint when the hint follows, else the last.
fn quoted_before_hint<'a>(
    s: &'a str,
    start: &str,
    end: &str,
    hint: Option<&str>,
) -> Option<(&'a str, usize)> {
    let r = s.strip_prefix(start)?;
    if let Some(hint) = hint {
        let with_hint = format!("{end}{hint}");
        if let Some(at) = r.find(&with_hint) {
            return Some((&r[..at], start.len() + at + with_hint.len()));
        }
    }
    let at = r.rfind(end)?;
    Some((&r[..at], start.len() + at + end.len()))
}

/// Undoes Blink's `EncodeHint`: `\uXXXX` (UTF-16, surrogate pairs too) back
/// to characters.
pub(super) fn decode_hint(s: &str) -> String {
    if !s.contains("\\u") {
        return s.to_owned();
    }
    let mut units: Vec<u16> = Vec::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    let mut out = String::with_capacity(s.len());
    let flush = |units: &mut Vec<u16>, out: &mut String| {
        out.extend(char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or('\u{fffd}')));
    };
    while i < bytes.len() {
        if bytes[i] == b'\\'
            && bytes.get(i + 1) == Some(&b'u')
            && i + 6 <= bytes.len()
            && bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
        {
            let hex = std::str::from_utf8(&bytes[i + 2..i + 6]).unwrap_or("0");
            units.push(u16::from_str_radix(hex, 16).unwrap_or(0xfffd));
            i += 6;
            continue;
        }
        flush(&mut units, &mut out);
        let c = s[i..].chars().next().unwrap_or('\u{fffd}');
        out.push(c);
        i += c.len_utf8();
    }
    flush(&mut units, &mut out);
    out
}

/// Firefox, after `… the remote resource at `.
fn firefox(r: &str) -> Option<(Fact, usize)> {
    const REASON: &str = ". (Reason: ";
    let at = r.find(REASON)?;
    let url_part = &r[..at];
    let url = url_part
        .strip_prefix('\u{2018}')
        .and_then(|u| u.strip_suffix('\u{2019}'))
        .unwrap_or(url_part);
    if url.is_empty() || url.contains(char::is_whitespace) {
        return None;
    }
    let body = &r[at + REASON.len()..];
    let consumed = at + REASON.len();
    let (reason, len) = firefox_cors_reason(body).or_else(|| firefox_other_reason(body))?;
    if len > body.len() {
        return None;
    }
    Some((
        Fact::Firefox {
            url: url.to_owned(),
            reason,
        },
        consumed + len,
    ))
}

/// `Status code: N.` or `Status code: (null).` after `len` bytes of
/// Firefox's reason `body`: the status, and the length with it.
fn status_after(body: &str, len: usize) -> Option<(Option<u16>, usize)> {
    let rest = body[len..].strip_prefix(". Status code: ")?;
    if rest.starts_with("(null).") {
        return Some((None, len + ". Status code: (null).".len()));
    }
    let digits: usize = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 || !rest[digits..].starts_with('.') {
        return None;
    }
    let n: u16 = rest[..digits].parse().ok()?;
    Some((Some(n), len + ". Status code: ".len() + digits + 1))
}

/// The status after `len` bytes of Firefox's reason `body` and the length
/// with it: a status of `None` when only a `.` follows (Firefox before 113
/// printed none), `None` when neither does.
fn optional_status(body: &str, len: usize) -> Option<(Option<u16>, usize)> {
    match status_after(body, len) {
        Some(found) => Some(found),
        None if body[len..].starts_with('.') => Some((None, len + 1)),
        None => None,
    }
}

/// Firefox's reasons about the CORS check's headers
/// (`Access-Control-Allow-Origin`, `-Credentials`), and their length.
fn firefox_cors_reason(body: &str) -> Option<(FirefoxReason, usize)> {
    let lq = '\u{2018}';
    let rq = '\u{2019}';
    let acao = format!("{lq}Access-Control-Allow-Origin{rq}");
    let plain = |text: &str| body.starts_with(text).then(|| text.len() + 1);
    let reason;
    let len;
    if let Some(l) = body
        .starts_with(&format!("CORS header {acao} missing)"))
        .then(|| format!("CORS header {acao} missing)").len())
    {
        // Firefox before 113 printed no status.
        let (status, l2) = optional_status(body, l)?;
        reason = FirefoxReason::Cors {
            failure: Failure::Missing,
            status,
        };
        len = l2;
    } else if let Some(l) = plain(&format!(
        "Credential is not supported if the CORS header {acao} is {lq}*{rq})."
    )) {
        reason = FirefoxReason::Cors {
            failure: Failure::Wildcard,
            status: None,
        };
        len = l - 1;
    } else if let Some(l) = plain(&format!("Multiple CORS header {acao} not allowed).")) {
        reason = FirefoxReason::Cors {
            failure: Failure::Multiple(None),
            status: None,
        };
        len = l - 1;
    } else if let Some(r2) = body.strip_prefix(&format!("CORS header {acao} does not match {lq}")) {
        let end = r2.rfind("\u{2019}).")?;
        reason = FirefoxReason::Cors {
            failure: Failure::Mismatch(r2[..end].to_owned()),
            status: None,
        };
        len = body.len() - r2.len() + end + "\u{2019}).".len();
    } else if let Some(l) = plain(&format!(
        "expected {lq}true{rq} in CORS header {lq}Access-Control-Allow-Credentials{rq})."
    )) {
        reason = FirefoxReason::Cors {
            failure: Failure::Credentials(None),
            status: None,
        };
        len = l - 1;
    } else {
        return None;
    }
    Some((reason, len))
}

/// Firefox's other reasons (the preflight, a redirect, the request), and
/// their length.
fn firefox_other_reason(body: &str) -> Option<(FirefoxReason, usize)> {
    let lq = '\u{2018}';
    let rq = '\u{2019}';
    let plain = |text: &str| body.starts_with(text).then(|| text.len() + 1);
    let reason;
    let len;
    if body.starts_with("CORS preflight response did not succeed)") {
        let l = "CORS preflight response did not succeed)".len();
        let (status, l2) = optional_status(body, l)?;
        reason = FirefoxReason::PreflightStatus(status);
        len = l2;
    } else if let Some(l) = plain("CORS request external redirect not allowed).") {
        reason = FirefoxReason::ExternalRedirect;
        len = l - 1;
    } else if let Some(r2) = body.strip_prefix(&format!("invalid token {lq}")) {
        let methods_end = format!("{rq} in CORS header {lq}Access-Control-Allow-Methods{rq}).");
        let headers_end = format!("{rq} in CORS header {lq}Access-Control-Allow-Headers{rq}).");
        let (methods, end, tail) = match (r2.rfind(&methods_end), r2.rfind(&headers_end)) {
            (Some(e), _) => (true, e, methods_end.len()),
            (None, Some(e)) => (false, e, headers_end.len()),
            (None, None) => return None,
        };
        reason = FirefoxReason::InvalidToken {
            methods,
            token: r2[..end].to_owned(),
        };
        len = body.len() - r2.len() + end + tail;
    } else if let Some(l) = plain(&format!(
        "Did not find method in CORS header {lq}Access-Control-Allow-Methods{rq})."
    )) {
        reason = FirefoxReason::MethodNotFound;
        len = l - 1;
    } else if let Some(r2) = body.strip_prefix(&format!("header {lq}")) {
        let tail = format!(
            "{rq} is not allowed according to header {lq}Access-Control-Allow-Headers{rq} from CORS preflight response)."
        );
        let end = r2.find(&tail)?;
        if end == 0 {
            return None;
        }
        reason = FirefoxReason::Header(r2[..end].to_owned());
        len = body.len() - r2.len() + end + tail.len();
    } else if let Some(r2) = body.strip_prefix(&format!("missing token {lq}")) {
        // Firefox before 68: "missing token ‘x’ in CORS header
        // ‘Access-Control-Allow-Headers’ from CORS preflight channel".
        let tail = format!(
            "{rq} in CORS header {lq}Access-Control-Allow-Headers{rq} from CORS preflight channel)."
        );
        let end = r2.find(&tail)?;
        reason = FirefoxReason::Header(r2[..end].to_owned());
        len = body.len() - r2.len() + end + tail.len();
    } else if body.starts_with("CORS preflight channel did not succeed)") {
        reason = FirefoxReason::PreflightStatus(None);
        len = "CORS preflight channel did not succeed).".len();
    } else if let Some(l) = plain("CORS request not http).") {
        reason = FirefoxReason::NotHttp;
        len = l - 1;
    } else if body.starts_with("CORS request did not succeed)") {
        let l = "CORS request did not succeed)".len();
        let (_, l2) = optional_status(body, l)?;
        reason = FirefoxReason::DidNotSucceed;
        len = l2;
    } else {
        return None;
    }
    Some((reason, len))
}

/// WebKit (and Chromium) after `Fetch API cannot load ` / `XMLHttpRequest cannot load `.
fn fetch_api(r: &str, api: Api) -> Option<(Fact, usize)> {
    const DUE: &str = " due to access control checks.";
    const SAME_ORIGIN: &str =
        ". Request mode is \"same-origin\" but the URL's origin is not same as the request origin ";
    const NO_CORS: &str = ". Request mode is \"no-cors\" but the redirect mode is not \"follow\".";
    const SCHEME: &str = ". URL scheme \"";
    let url = first_word(r);
    if api == Api::Fetch {
        if let Some(at) = r.find(SAME_ORIGIN) {
            let page_part = &r[at + SAME_ORIGIN.len()..];
            let page = first_word(page_part);
            let page = page.strip_suffix('.')?;
            return Some((
                Fact::ChromeSameOrigin {
                    url: r[..at].to_owned(),
                    page: page.to_owned(),
                },
                at + SAME_ORIGIN.len() + page.len() + 1,
            ));
        }
        if let Some(at) = r.find(NO_CORS) {
            return Some((
                Fact::ChromeNoCorsRedirect {
                    url: r[..at].to_owned(),
                },
                at + NO_CORS.len(),
            ));
        }
        if let Some(at) = r.find(SCHEME) {
            let tail = &r[at + SCHEME.len()..];
            let end = tail.find("\" is not supported.")?;
            return Some((
                Fact::ChromeScheme {
                    url: r[..at].to_owned(),
                },
                at + SCHEME.len() + end + "\" is not supported.".len(),
            ));
        }
    }
    if let Some(after) = r[url.len()..].strip_prefix(DUE) {
        let _ = after;
        if url.is_empty() {
            return None;
        }
        return Some((
            Fact::WebKitSummary {
                api,
                url: url.to_owned(),
            },
            url.len() + DUE.len(),
        ));
    }
    // `Fetch API cannot load U.`: the URL ends before the period.
    let bare = url.strip_suffix('.')?;
    if bare.is_empty() || !bare.contains(':') {
        return None;
    }
    Some((
        Fact::WebKitSameOrigin {
            api,
            url: bare.to_owned(),
        },
        url.len(),
    ))
}

/// The digits of a status at the start of `s`.
fn status_digits(s: &str) -> Option<(u16, usize)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 3 {
        return None;
    }
    Some((s[..n].parse().ok()?, n))
}

/// A WebKit reason line.
fn webkit_detail(s: &str) -> Option<(WebKitDetail, usize)> {
    if let Some(r) = s.strip_prefix("Origin ") {
        let at = r.find(WK_ORIGIN_TAIL)?;
        let origin = &r[..at];
        if origin.is_empty() || origin.contains(char::is_whitespace) {
            return None;
        }
        let (status, n) = status_digits(&r[at + WK_ORIGIN_TAIL.len()..])?;
        return Some((
            WebKitDetail::Origin {
                origin: origin.to_owned(),
                status,
            },
            "Origin ".len() + at + WK_ORIGIN_TAIL.len() + n,
        ));
    }
    for (text, failure) in [
        (
            "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
            Failure::Wildcard,
        ),
        (
            "Access-Control-Allow-Origin cannot contain more than one origin.",
            Failure::Multiple(None),
        ),
        (
            "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
            Failure::Credentials(None),
        ),
    ] {
        if s.starts_with(text) {
            return Some((WebKitDetail::Cors(failure), text.len()));
        }
    }
    if let Some(r) = s.strip_prefix("Preflight response is not successful. Status code: ") {
        let (status, n) = status_digits(r)?;
        return Some((WebKitDetail::PreflightStatus(status), s.len() - r.len() + n));
    }
    if let Some((m, len)) = quoted(
        s,
        "Method ",
        " is not allowed by Access-Control-Allow-Methods.",
    ) {
        return (!m.is_empty() && !m.contains(' '))
            .then(|| (WebKitDetail::Method(m.to_owned()), len));
    }
    if let Some((h, len)) = quoted(
        s,
        "Request header field ",
        " is not allowed by Access-Control-Allow-Headers.",
    ) {
        return (!h.is_empty() && !h.contains(' '))
            .then(|| (WebKitDetail::Header(h.to_owned()), len));
    }
    for (prefix, methods) in [
        (
            "Header Access-Control-Allow-Methods has an invalid value: ",
            true,
        ),
        (
            "Header Access-Control-Allow-Headers has an invalid value: ",
            false,
        ),
    ] {
        if let Some(r) = s.strip_prefix(prefix) {
            let value = strip_source_suffix(r);
            let detail = if methods {
                WebKitDetail::InvalidAllowMethods(value.to_owned())
            } else {
                WebKitDetail::InvalidAllowHeaders(value.to_owned())
            };
            return Some((detail, prefix.len() + value.len()));
        }
    }
    webkit_redirect(s).or_else(|| webkit_mixed_content(s))
}

/// WebKit's reason line about a cross-origin redirect it denied.
fn webkit_redirect(s: &str) -> Option<(WebKitDetail, usize)> {
    if let Some(r) = s.strip_prefix("Cross-origin redirection to ") {
        let at = r.find(WK_DENIED)?;
        let location = &r[..at];
        let tail = &r[at + WK_DENIED.len()..];
        let (detail, n) = if tail.starts_with(WK_NON_CORS) {
            (None, WK_NON_CORS.len())
        } else if tail.starts_with("Cross-origin redirection to ") {
            // Never nested: one level only (no recursion on hostile input).
            return None;
        } else {
            let (d, n) = webkit_detail(tail)?;
            if !matches!(d, WebKitDetail::Origin { .. } | WebKitDetail::Cors(_)) {
                return None;
            }
            (Some(Box::new(d)), n)
        };
        return Some((
            WebKitDetail::RedirectDenied {
                location: location.to_owned(),
                detail,
            },
            "Cross-origin redirection to ".len() + at + WK_DENIED.len() + n,
        ));
    }
    None
}

/// WebKit's reason line about mixed content it blocked.
fn webkit_mixed_content(s: &str) -> Option<(WebKitDetail, usize)> {
    if let Some(r) = s.strip_prefix(WK_BLOCKED) {
        let at = r.find(WK_INSECURE)?;
        let tail = &r[at + WK_INSECURE.len()..];
        let end = tail.find(WK_MUST)?;
        return Some((
            WebKitDetail::MixedContent {
                page: r[..at].to_owned(),
                url: tail[..end].to_owned(),
            },
            WK_BLOCKED.len() + at + WK_INSECURE.len() + end + WK_MUST.len(),
        ));
    }
    None
}

/// Safari's console adds ` (file, line N)` after a message: not part of it.
fn strip_source_suffix(s: &str) -> &str {
    let t = s.trim_end();
    if t.ends_with(')') {
        if let Some(open) = t.rfind(" (") {
            let inside = &t[open + 2..t.len() - 1];
            if let Some(comma) = inside.rfind(", line ") {
                if inside[comma + ", line ".len()..]
                    .bytes()
                    .all(|b| b.is_ascii_digit())
                {
                    return &t[..open];
                }
            }
        }
    }
    t
}
