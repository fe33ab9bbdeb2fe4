//! Local Network Access: address spaces, the `local-network` and
//! `loopback-network` permissions, and the check a request passes before it
//! leaves (contract §11).
//!
//! A request from a page in a less private address space to a more private
//! one (public → local, public → loopback, and in the specification local →
//! loopback) needs the user's permission. The check runs when the
//! connection is made, before the CORS protocol: a denied request never
//! reaches the network, its preflight included. What each browser does is
//! data, [`LocalNetworkQuirks`], recorded from Chromium 156
//! (`tests/browsers/scenarios/lna.json`).
//!
//! <https://wicg.github.io/local-network-access/>

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};
use url::{Host, Url};

use crate::browser::ConsoleStyle;
use crate::origin::Origin;
use crate::reason::Reason;

/// Which network a host is on, from the least private to the most.
///
/// <https://wicg.github.io/local-network-access/#ip-address-space>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum AddressSpace {
    /// Reachable from anywhere on the internet.
    Public,
    /// Only on the user's network: private and link-local ranges.
    Local,
    /// Only on the user's device: `127.0.0.0/8`, `::1`, `localhost`.
    Loopback,
}

impl AddressSpace {
    /// The name as the format (and Chromium's console) spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Local => "local",
            Self::Loopback => "loopback",
        }
    }

    /// The address space of a host by its name alone (contract §11): IP
    /// literals by range (`127.0.0.0/8` and `::1` loopback; `10/8`,
    /// `172.16/12`, `192.168/16`, `169.254/16`, `fc00::/7`, `fe80::/10`
    /// local; other IPs public), `localhost` and `*.localhost` loopback,
    /// every other name public.
    ///
    /// <https://wicg.github.io/local-network-access/#determine-the-ip-address-space>
    #[must_use]
    pub fn of_host(host: &Host<&str>) -> Self {
        match host {
            Host::Ipv4(ip) => Self::of_ipv4(*ip),
            Host::Ipv6(ip) => Self::of_ipv6(*ip),
            Host::Domain(name) => {
                let name = name.trim_end_matches('.');
                if name.eq_ignore_ascii_case("localhost")
                    || name
                        .len()
                        .checked_sub(".localhost".len())
                        .and_then(|at| name.get(at..))
                        .is_some_and(|tail| tail.eq_ignore_ascii_case(".localhost"))
                {
                    Self::Loopback
                } else {
                    Self::Public
                }
            }
        }
    }

    fn of_ipv4(ip: Ipv4Addr) -> Self {
        let [a, b, ..] = ip.octets();
        if a == 127 {
            Self::Loopback
        } else if a == 10
            || (a == 172 && (16..=31).contains(&b))
            || (a == 192 && b == 168)
            || (a == 169 && b == 254)
        {
            Self::Local
        } else {
            Self::Public
        }
    }

    fn of_ipv6(ip: Ipv6Addr) -> Self {
        if let Some(v4) = ip.to_ipv4_mapped() {
            return Self::of_ipv4(v4);
        }
        let first = ip.segments()[0];
        if ip == Ipv6Addr::LOCALHOST {
            Self::Loopback
        } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfe80 {
            Self::Local
        } else {
            Self::Public
        }
    }

    /// The permission a request into this address space needs; `None` for
    /// public.
    ///
    /// <https://wicg.github.io/local-network-access/#permissions>
    #[must_use]
    pub fn permission(self) -> Option<Permission> {
        match self {
            Self::Public => None,
            Self::Local => Some(Permission::LocalNetwork),
            Self::Loopback => Some(Permission::LoopbackNetwork),
        }
    }
}

impl std::fmt::Display for AddressSpace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The two permissions (and Permissions Policy features) of Local Network
/// Access.
///
/// <https://wicg.github.io/local-network-access/#permissions>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Permission {
    /// `local-network`: requests into the local address space.
    LocalNetwork,
    /// `loopback-network`: requests into the loopback address space.
    LoopbackNetwork,
}

impl Permission {
    /// The name as the format, the Permissions API and Permissions Policy
    /// spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LocalNetwork => "local-network",
            Self::LoopbackNetwork => "loopback-network",
        }
    }
}

/// A permission's state for an origin.
///
/// <https://w3c.github.io/permissions/#dom-permissionstate>
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PermissionState {
    /// The user allowed it (or a stored decision does).
    Granted,
    /// The user blocked it (or a stored decision does).
    Denied,
    /// The browser asks and the user has not answered: the request waits.
    #[default]
    Prompt,
}

/// One origin's decisions on the two permissions; an absent one is
/// `prompt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct PermissionDecisions {
    /// The `local-network` permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_network: Option<PermissionState>,
    /// The `loopback-network` permission.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub loopback_network: Option<PermissionState>,
}

impl PermissionDecisions {
    /// The state of `permission` (`prompt` when not given).
    #[must_use]
    pub fn state(&self, permission: Permission) -> PermissionState {
        match permission {
            Permission::LocalNetwork => self.local_network,
            Permission::LoopbackNetwork => self.loopback_network,
        }
        .unwrap_or_default()
    }

    /// The decision on `permission`, to read or set (`None`: not given).
    #[cfg(feature = "import")]
    pub(crate) fn decision_mut(&mut self, permission: Permission) -> &mut Option<PermissionState> {
        match permission {
            Permission::LocalNetwork => &mut self.local_network,
            Permission::LoopbackNetwork => &mut self.loopback_network,
        }
    }
}

/// The page is an iframe of `top`, with this `allow` attribute.
///
/// <https://html.spec.whatwg.org/multipage/iframe-embed-object.html#attr-iframe-allow>
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Frame {
    /// The top-level page's origin, serialized.
    pub top: String,
    /// The iframe's `allow` attribute (Permissions Policy), as written;
    /// absent when the iframe has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow: Option<String>,
}

/// Overrides of address spaces, keyed by origin (`https://printer.lan:8443`),
/// host (`printer.lan`) or IP (`192.168.1.2`, `[fe80::1]`).
pub type AddressSpaces = BTreeMap<String, AddressSpace>;

/// Each origin's permission decisions, keyed by serialized origin.
pub type Permissions = BTreeMap<String, PermissionDecisions>;

/// How a browser treats Local Network Access: one value per profile, each
/// field with its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct LocalNetworkQuirks {
    /// Requests into a more private address space are gated at all.
    pub gated: bool,
    /// A request from the local address space into loopback is gated (the
    /// specification) or let through (Chromium 156).
    pub local_to_loopback: bool,
    /// The iframe's `allow` attribute must delegate the permission to a
    /// cross-origin iframe (the specification's Permissions Policy) or not
    /// (Chromium 156: the top-level origin's decision applies either way).
    pub permissions_policy: bool,
    /// What `fetch()`'s `targetAddressSpace` does.
    pub target_address_space: TargetAddressSpaceRule,
    /// Mixed content: an `https:` page's request to an insecure `http:`
    /// URL is blocked, unless `targetAddressSpace` names a local network
    /// and this is true (then it is only a warning).
    pub target_address_space_exempts_mixed_content: bool,
    /// Only a secure context may reach a more private address space (the
    /// specification, Chromium 156); Firefox 153 asks an `http:` page too.
    pub secure_context_required: bool,
}

/// What a browser does with `fetch()`'s `targetAddressSpace`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TargetAddressSpaceRule {
    /// Ignored (Firefox 153: lna-target-address-space-mismatch).
    Ignored,
    /// Any value other than the server's address space is a network error;
    /// a matching one still needs the permission (Chromium 156:
    /// lna-target-address-space-mismatch, -public, -on-public-target; the
    /// mixed-content recording lna-target-address-space-local-denied).
    Checked,
    /// Only `local` is kept (`public` and `loopback` do nothing); a
    /// mismatch is a network error and a match skips the permission: the
    /// check returns null.
    ///
    /// <https://wicg.github.io/local-network-access/#local-network-access-check>
    LocalOnlyAndTrusted,
}

/// What the Local Network Access check decided for one connection.
///
/// <https://wicg.github.io/local-network-access/#local-network-access-check>
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Gate {
    /// Not a local network request: the resource is not more private than
    /// the page.
    NotLocal,
    /// Local to loopback, which this browser lets through.
    LocalToLoopback,
    /// `targetAddressSpace` names another address space than the
    /// resource's: a network error.
    TargetMismatch {
        /// What the script said.
        target: AddressSpace,
    },
    /// `targetAddressSpace` names the resource's address space, which
    /// this browser takes as enough (the specification).
    TargetMatched,
    /// The page is not a secure context: a network error, no prompt.
    InsecureContext,
    /// The iframe's `allow` attribute does not delegate the permission.
    NotAllowedByPolicy(Permission),
    /// The permission is granted: the request goes.
    Granted(Permission),
    /// The permission is denied: a network error.
    Denied(Permission),
    /// The browser asks the user; the request waits.
    Prompt(Permission),
}

impl Gate {
    /// Whether the request may go on.
    #[must_use]
    pub fn allows(self) -> bool {
        matches!(
            self,
            Self::NotLocal | Self::LocalToLoopback | Self::TargetMatched | Self::Granted(_)
        )
    }

    /// The network error this decision is, if it is one; `preflight`: a
    /// preflight would have gone first.
    pub(crate) fn reason(self, resource: AddressSpace, preflight: bool) -> Option<Reason> {
        match self {
            Self::TargetMismatch { target } => {
                Some(Reason::InvalidLocalNetworkAccess { target, resource })
            }
            Self::InsecureContext => Some(Reason::InsecureLocalNetwork { resource }),
            Self::NotAllowedByPolicy(_) | Self::Denied(_) => {
                Some(Reason::LocalNetworkAccessPermissionDenied {
                    resource,
                    preflight,
                })
            }
            _ => None,
        }
    }
}

/// The page's side of Local Network Access, for one simulation: its
/// address space, whether it is a secure context, the decisions that apply
/// to it, and the scenario's overrides.
#[derive(Debug, Clone)]
pub struct Client {
    /// The top-level page's origin, serialized (whose decisions apply).
    top: String,
    space: AddressSpace,
    secure_context: bool,
    decisions: PermissionDecisions,
    /// The page is a cross-origin iframe.
    cross_origin_frame: bool,
    /// Its `allow` attribute.
    allow: Option<String>,
    overrides: Vec<(Override, AddressSpace)>,
}

#[derive(Debug, Clone)]
enum Override {
    Origin(Origin),
    Host(String),
}

impl Default for Client {
    /// A public, secure page with no decisions and no overrides.
    fn default() -> Self {
        Self {
            top: String::new(),
            space: AddressSpace::Public,
            secure_context: true,
            decisions: PermissionDecisions::default(),
            cross_origin_frame: false,
            allow: None,
            overrides: Vec::new(),
        }
    }
}

impl Client {
    /// The top-level page's origin, serialized: the page's own when it is
    /// not a frame.
    #[must_use]
    pub(crate) fn top_origin(&self) -> &str {
        &self.top
    }

    /// The client of a page at `page`, maybe an iframe in `frame`, with the
    /// scenario's overrides and permissions. The permission decisions that
    /// apply are the top-level origin's (the Permissions standard's default
    /// permission key; Chromium 156 too: `lna-iframe-frame-granted-top-denied`).
    ///
    /// <https://w3c.github.io/permissions/#dfn-permission-key>
    #[must_use]
    pub fn new(
        page: &Origin,
        frame: Option<&Frame>,
        top: Option<&Origin>,
        address_spaces: &AddressSpaces,
        permissions: &Permissions,
    ) -> Self {
        let overrides = address_spaces
            .iter()
            .filter_map(|(key, space)| Some((parse_override(key)?, *space)))
            .collect();
        let mut client = Self {
            overrides,
            ..Self::default()
        };
        client.space = client.origin_space(page);
        let top_origin = top.unwrap_or(page);
        // A secure context: the page's (and the top-level page's) creation
        // URL is potentially trustworthy. An opaque page (a sandboxed
        // iframe, `"page": "null"`) was created from a URL the scenario does
        // not give: taken to be https, as sandboxed frames usually are.
        let trustworthy = |o: &Origin| o.is_opaque() || is_potentially_trustworthy(o);
        client.secure_context = trustworthy(page) && trustworthy(top_origin);
        let key = top_origin.serialize();
        client.top.clone_from(&key);
        client.decisions = permissions
            .iter()
            .find(|(k, _)| {
                Origin::parse(k).is_ok_and(|o| o.is_same_origin(top_origin)) || **k == key
            })
            .map(|(_, d)| *d)
            .unwrap_or_default();
        if let (Some(frame), Some(top)) = (frame, top) {
            if !top.is_same_origin(page) {
                client.cross_origin_frame = true;
                client.allow.clone_from(&frame.allow);
            }
        }
        client
    }

    /// The top-level page's origin, serialized.
    #[must_use]
    pub fn top_serialized(&self) -> &str {
        &self.top
    }

    /// The page's address space.
    #[must_use]
    pub fn space(&self) -> AddressSpace {
        self.space
    }

    fn origin_space(&self, origin: &Origin) -> AddressSpace {
        // Without overrides, the default rule on the host as parsed.
        if self.overrides.is_empty() {
            return origin.parsed_host().map_or(AddressSpace::Public, |h| {
                AddressSpace::of_host(&borrowed(h))
            });
        }
        let Some(host) = origin.host() else {
            return AddressSpace::Public;
        };
        for (key, space) in &self.overrides {
            if let Override::Origin(o) = key {
                if o.is_same_origin(origin) {
                    return *space;
                }
            }
        }
        self.host_space(&host)
    }

    fn host_space(&self, host: &str) -> AddressSpace {
        for (key, space) in &self.overrides {
            if let Override::Host(h) = key {
                if h.eq_ignore_ascii_case(host) {
                    return *space;
                }
            }
        }
        Host::parse(host).map_or(AddressSpace::Public, |h| {
            AddressSpace::of_host(&borrowed(&h))
        })
    }

    /// The address space of the server `url` names: the scenario's
    /// override for its origin, else for its host, else the default rule.
    #[must_use]
    pub fn address_space(&self, url: &Url) -> AddressSpace {
        match url.host() {
            // Without overrides, the default rule on the host the URL
            // parser already parsed: no origin to build.
            Some(host) if self.overrides.is_empty() && matches!(url.scheme(), "http" | "https") => {
                AddressSpace::of_host(&host)
            }
            Some(_) => self.origin_space(&Origin::of_url(url)),
            None => self.space,
        }
    }

    /// The Local Network Access check of a connection to a server in
    /// `resource` (Chromium `LocalNetworkAccessChecker`, the specification's
    /// "Local Network Access check"): the `targetAddressSpace` mismatch,
    /// whether it is a local network request, the secure context,
    /// Permissions Policy, then the permission.
    ///
    /// <https://wicg.github.io/local-network-access/#local-network-access-check>
    pub(crate) fn check(
        &self,
        quirks: LocalNetworkQuirks,
        resource: AddressSpace,
        target: Option<AddressSpace>,
    ) -> Gate {
        // A `targetAddressSpace` the resource is not in is an error
        // (recorded: lna-target-address-space-mismatch, -public, -on-public-target).
        match (quirks.target_address_space, target) {
            (TargetAddressSpaceRule::LocalOnlyAndTrusted, Some(AddressSpace::Local)) => {
                return if resource == AddressSpace::Local {
                    Gate::TargetMatched
                } else {
                    Gate::TargetMismatch {
                        target: AddressSpace::Local,
                    }
                };
            }
            // Request(input, init) keeps only "local" (spec); Firefox
            // ignores the option.
            (TargetAddressSpaceRule::Ignored, _)
            | (_, None)
            | (TargetAddressSpaceRule::LocalOnlyAndTrusted, Some(_)) => {}
            (TargetAddressSpaceRule::Checked, Some(target)) => {
                if target != resource {
                    return Gate::TargetMismatch { target };
                }
            }
        }
        // A local network request: into a more private address space.
        let Some(permission) = resource.permission().filter(|_| resource > self.space) else {
            return Gate::NotLocal;
        };
        // Chromium 156 lets local → loopback through: lna-local-page-to-loopback.
        if !quirks.local_to_loopback && self.space == AddressSpace::Local {
            return Gate::LocalToLoopback;
        }
        // Only a secure context may ask (recorded: lna-insecure-page-to-local).
        if quirks.secure_context_required && !self.secure_context {
            return Gate::InsecureContext;
        }
        // Permissions Policy: a cross-origin iframe needs the feature in its
        // `allow` attribute (default allowlist 'self').
        if quirks.permissions_policy
            && self.cross_origin_frame
            && !allows(self.allow.as_deref(), permission)
        {
            return Gate::NotAllowedByPolicy(permission);
        }
        match self.decisions.state(permission) {
            PermissionState::Granted => Gate::Granted(permission),
            PermissionState::Denied => Gate::Denied(permission),
            PermissionState::Prompt => Gate::Prompt(permission),
        }
    }
}

/// An `address_spaces` key: an origin (`scheme://host[:port]`) or a host or
/// IP; `None` when it is neither.
fn parse_override(key: &str) -> Option<Override> {
    if key.contains("://") {
        let origin = Origin::parse(key).ok()?;
        return (!origin.is_opaque()).then_some(Override::Origin(origin));
    }
    let host = Host::parse(key).ok()?;
    Some(Override::Host(host.to_string()))
}

/// Whether `key` is a valid `address_spaces` key.
pub(crate) fn is_override_key(key: &str) -> bool {
    parse_override(key).is_some()
}

/// Whether an iframe's `allow` attribute enables `permission` for it: a
/// directive naming the feature with no allowlist (`src`), `*`, or `src`.
///
/// <https://w3c.github.io/webappsec-permissions-policy/#algo-parse-policy-directive>
fn allows(allow: Option<&str>, permission: Permission) -> bool {
    allow.is_some_and(|allow| {
        allow.split(';').any(|directive| {
            let mut tokens = directive.split_ascii_whitespace();
            tokens.next() == Some(permission.as_str())
                && tokens.all(|t| t == "*" || t == "'src'" || t == "'self'")
        })
    })
}

/// The address spaces of a probe: the probed URL's host in the page's own
/// address space (nothing when the URL does not parse or the page is
/// opaque). A probed server stands in for the real one and is often on
/// loopback; its verdict is about CORS, not Local Network Access, and the
/// scenario a probe records says so, so that it replays the same.
#[must_use]
pub fn stand_in_address_spaces(origin: &Origin, url: &str) -> AddressSpaces {
    let mut spaces = AddressSpaces::new();
    let host = Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    if let (Some(host), false) = (host, origin.is_opaque()) {
        let page = Client::new(origin, None, None, &spaces, &Permissions::new()).space();
        spaces.insert(host, page);
    }
    spaces
}

/// A loopback host: `localhost`, `*.localhost`, `127.0.0.0/8`, `::1`
/// (potentially trustworthy whatever the scheme).
///
/// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
#[must_use]
pub fn is_loopback_host(host: &Host<&str>) -> bool {
    match host {
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
        Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d == "localhost" || d.ends_with(".localhost")
        }
    }
}

/// A potentially trustworthy origin: `https`/`wss`, or a loopback host.
///
/// <https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy>
pub(crate) fn is_potentially_trustworthy(origin: &Origin) -> bool {
    match origin.scheme() {
        None => false,
        Some("https" | "wss" | "file") => true,
        Some(_) => origin.host().is_some_and(|h| {
            Host::parse(&h).is_ok_and(|host| match host {
                Host::Ipv4(ip) => ip.is_loopback(),
                Host::Ipv6(ip) => ip.is_loopback(),
                Host::Domain(d) => {
                    d.eq_ignore_ascii_case("localhost")
                        || d.to_ascii_lowercase().ends_with(".localhost")
                }
            })
        }),
    }
}

/// The prompt a browser shows for `permission`, for a page whose top-level
/// origin is `top`, in that browser's words.
///
/// Chromium 156 (seen in a screenshot of headful Chromium under Xvfb): "app.example
/// wants to" over "Access other devices on your local network" / "Access other
/// apps and services on this device". Firefox 153 (`browser.properties`
/// `localNetwork.allowWithSite2`, `localhost.allowWithSite2`; not seen on
/// screen: Firefox is recorded headless). The spec profile uses Chromium's.
#[must_use]
pub fn prompt_text(style: ConsoleStyle, top: &str, permission: Permission) -> String {
    let who = top.strip_prefix("https://").unwrap_or(top);
    match (style, permission) {
        (ConsoleStyle::Firefox, Permission::LocalNetwork) => format!(
            "{who} wants to access apps and services on devices connected to your local network."
        ),
        (ConsoleStyle::Firefox, Permission::LoopbackNetwork) => {
            format!("{who} wants to access other apps and services on this device.")
        }
        (_, Permission::LocalNetwork) => {
            format!("{who} wants to\nAccess other devices on your local network")
        }
        (_, Permission::LoopbackNetwork) => {
            format!("{who} wants to\nAccess other apps and services on this device")
        }
    }
}

/// A parsed host, borrowed.
fn borrowed(host: &Host<String>) -> Host<&str> {
    match host {
        Host::Domain(d) => Host::Domain(d.as_str()),
        Host::Ipv4(ip) => Host::Ipv4(*ip),
        Host::Ipv6(ip) => Host::Ipv6(*ip),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space(host: &str) -> AddressSpace {
        let url = Url::parse(&format!("http://{host}/")).unwrap();
        AddressSpace::of_host(&url.host().unwrap())
    }

    #[test]
    fn default_rule_of_section_11() {
        for (host, want) in [
            ("127.0.0.1", AddressSpace::Loopback),
            ("127.255.0.9", AddressSpace::Loopback),
            ("[::1]", AddressSpace::Loopback),
            ("localhost", AddressSpace::Loopback),
            ("LOCALHOST", AddressSpace::Loopback),
            ("app.localhost", AddressSpace::Loopback),
            ("10.0.0.1", AddressSpace::Local),
            ("172.16.0.1", AddressSpace::Local),
            ("172.31.255.255", AddressSpace::Local),
            ("172.32.0.1", AddressSpace::Public),
            ("192.168.1.1", AddressSpace::Local),
            ("169.254.1.1", AddressSpace::Local),
            ("[fc00::1]", AddressSpace::Local),
            ("[fd12::1]", AddressSpace::Local),
            ("[fe80::1]", AddressSpace::Local),
            ("[::ffff:192.168.0.1]", AddressSpace::Local),
            ("8.8.8.8", AddressSpace::Public),
            ("[2001:db8::1]", AddressSpace::Public),
            ("printer.lan", AddressSpace::Public),
            ("localhost.example", AddressSpace::Public),
            ("notlocalhost", AddressSpace::Public),
        ] {
            assert_eq!(space(host), want, "{host}");
        }
    }

    #[test]
    fn target_address_space_rules() {
        let page = Origin::parse("https://app.example").unwrap();
        let client = Client::new(
            &page,
            None,
            None,
            &AddressSpaces::new(),
            &Permissions::new(),
        );
        let spec = crate::browser::Browser::Spec.quirks().local_network;
        let chrome = crate::browser::Browser::Chrome.quirks().local_network;
        let firefox = crate::browser::Browser::Firefox.quirks().local_network;
        let local = AddressSpace::Local;
        let loopback = AddressSpace::Loopback;
        // The specification: a matching "local" skips the permission;
        // "loopback" is not kept at all.
        assert_eq!(client.check(spec, local, Some(local)), Gate::TargetMatched);
        assert!(Gate::TargetMatched.allows());
        assert!(!Gate::Prompt(Permission::LocalNetwork).allows());
        assert!(!Gate::InsecureContext.allows());
        assert_eq!(
            client.check(spec, loopback, Some(local)),
            Gate::TargetMismatch { target: local }
        );
        assert_eq!(
            client.check(spec, loopback, Some(loopback)),
            Gate::Prompt(Permission::LoopbackNetwork)
        );
        // Chromium: any mismatch fails, a match still asks.
        assert_eq!(
            client.check(chrome, local, Some(local)),
            Gate::Prompt(Permission::LocalNetwork)
        );
        assert_eq!(
            client.check(chrome, local, Some(AddressSpace::Public)),
            Gate::TargetMismatch {
                target: AddressSpace::Public
            }
        );
        // Firefox ignores it.
        assert_eq!(
            client.check(firefox, local, Some(loopback)),
            Gate::Prompt(Permission::LocalNetwork)
        );
    }

    #[test]
    fn allow_attribute_directives() {
        let local = Permission::LocalNetwork;
        assert!(allows(Some("local-network"), local));
        assert!(allows(Some("camera; local-network *"), local));
        assert!(!allows(Some("loopback-network"), local));
        assert!(!allows(Some("local-network https://other.example"), local));
        assert!(!allows(None, local));
    }

    #[test]
    fn prompt_texts() {
        assert_eq!(
            prompt_text(
                ConsoleStyle::Chromium,
                "https://app.example",
                Permission::LoopbackNetwork
            ),
            "app.example wants to\nAccess other apps and services on this device"
        );
        assert_eq!(
            prompt_text(ConsoleStyle::Firefox, "https://app.example", Permission::LocalNetwork),
            "app.example wants to access apps and services on devices connected to your local network."
        );
    }
}
