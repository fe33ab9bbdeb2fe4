//! The CORS-preflight cache, on the scenario's clock.
//!
//! The cache never reads a clock: every operation takes `now`, in seconds
//! since the scenario started.

use std::collections::BinaryHeap;

use crate::browser::{CacheModel, ItemRules, UrlRules};
use crate::collections::{sort_by, Index, Keys};
use crate::header::is_cors_non_wildcard_request_header_name;
use crate::method::is_cors_safelisted_method;
use crate::verdict::CacheStatus;

/// What a request needs from the cache.
#[derive(Debug, Clone, Copy)]
pub struct CacheQuery<'a> {
    /// The cache key's origin (serialized).
    pub origin: &'a str,
    /// The cache key's URL (serialized).
    pub url: &'a str,
    /// True when the request's credentials mode is `include`.
    pub credentials: bool,
    /// The request's method.
    pub method: &'a str,
    /// True when the use-CORS-preflight flag is set.
    pub use_cors_preflight: bool,
    /// The CORS-unsafe request-header names.
    pub unsafe_names: &'a [String],
}

/// What a successful preflight allowed: its methods and header names
/// owned (`String`) or borrowed from the response (`&str`).
#[derive(Debug, Clone, PartialEq)]
pub struct PreflightGrant<S = String> {
    /// `Access-Control-Allow-Methods` (after the use-CORS-preflight rule).
    pub methods: Vec<S>,
    /// `Access-Control-Allow-Headers`, as sent.
    pub headers: Vec<S>,
    /// Lifetime in seconds, after the browser's default and cap.
    pub max_age: u64,
}

/// The entries of one origin and URL.
#[derive(Debug, Clone)]
enum Bucket {
    /// One entry per method and per header name (the Fetch Standard,
    /// Firefox), for credentialed (`[1]`) and uncredentialed (`[0]`)
    /// preflights apart.
    PerItem([Items; 2]),
    /// Chromium: one result per origin and URL.
    PerUrl(UrlEntry),
}

/// Per-item entries of one credentials mode.
#[derive(Debug, Clone, Default)]
struct Items {
    /// Each method (exact) and each header name (lowercased), by its slot.
    methods: Index,
    headers: Index,
    /// Each item's expiry, and when it was stored (which of two candidates
    /// the standard's "first" one is).
    slots: Vec<(f64, u64)>,
    /// Every expiry set, latest first, with its slot, for "is any item
    /// live": one no longer the slot's current expiry is stale and skipped
    /// (and dropped when the heap is rebuilt).
    expiries: BinaryHeap<(u64, usize)>,
}

/// A method entry or a header-name entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Method,
    Header,
}

/// Chromium's one result for an origin and URL: its methods and header
/// names in one buffer (one allocation for them all, not one each).
#[derive(Debug, Clone, PartialEq)]
struct UrlEntry {
    credentials: bool,
    /// When it stops being usable (scenario seconds).
    expires: f64,
    /// The methods, then the header names, back to back.
    text: String,
    /// Where each method is in `text`, then each header name (lowercased,
    /// sorted, once each).
    spans: Vec<(usize, usize)>,
    /// How many of `spans` are methods.
    methods: usize,
}

impl UrlEntry {
    fn new<S: AsRef<str>>(credentials: bool, expires: f64, grant: &PreflightGrant<S>) -> Self {
        let len = |items: &[S]| items.iter().map(|i| i.as_ref().len()).sum::<usize>();
        let mut text = String::with_capacity(len(&grant.methods) + len(&grant.headers));
        let mut spans = Vec::with_capacity(grant.methods.len() + grant.headers.len());
        let mut push = |text: &mut String, item: &str| {
            let start = text.len();
            text.push_str(item);
            spans.push((start, text.len()));
        };
        for method in &grant.methods {
            push(&mut text, method.as_ref());
        }
        let (methods, names_start) = (grant.methods.len(), text.len());
        for name in &grant.headers {
            push(&mut text, name.as_ref());
        }
        text[names_start..].make_ascii_lowercase();
        // Compared as bytes (the order of `str`), with no character
        // boundary to check on each comparison.
        let at = |&(start, end): &(usize, usize)| &text.as_bytes()[start..end];
        let headers = &mut spans[methods..];
        sort_by(headers, |a, b| at(a).cmp(at(b)));
        let mut kept = methods;
        for i in methods..spans.len() {
            if kept == methods || at(&spans[kept - 1]) != at(&spans[i]) {
                spans[kept] = spans[i];
                kept += 1;
            }
        }
        spans.truncate(kept);
        Self {
            credentials,
            expires,
            text,
            spans,
            methods,
        }
    }

    fn at(&self, &(start, end): &(usize, usize)) -> &[u8] {
        &self.text.as_bytes()[start..end]
    }

    fn has_method(&self, method: &str) -> bool {
        self.spans[..self.methods]
            .iter()
            .any(|s| self.at(s) == method.as_bytes())
    }

    /// Whether `name` (lowercase) is among the header names.
    fn has_header(&self, name: &str) -> bool {
        self.spans[self.methods..]
            .binary_search_by(|s| self.at(s).cmp(name.as_bytes()))
            .is_ok()
    }
}

/// An expiry as a key that orders as the time does (times are >= 0).
fn expiry_key(expires: f64) -> u64 {
    expires.max(0.0).to_bits()
}

impl Items {
    /// Whether some item is live at `now`.
    fn any_live(&mut self, now: f64) -> bool {
        // Drop stale expiries off the top: each is dropped once, so the
        // cost is amortized O(log n) per expiry ever set.
        while let Some(&(expiry, slot)) = self.expiries.peek() {
            if expiry_key(self.slots[slot].0) == expiry {
                return now < f64::from_bits(expiry);
            }
            self.expiries.pop();
        }
        false
    }

    fn map(&self, kind: Kind) -> &Index {
        match kind {
            Kind::Method => &self.methods,
            Kind::Header => &self.headers,
        }
    }

    /// Whether there are no items.
    fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The item's expiry and age, if it is live.
    fn live(&self, kind: Kind, token: &str, now: f64) -> Option<(f64, u64)> {
        self.map(kind)
            .get(token)
            .map(|slot| self.slots[slot])
            .filter(|(expires, _)| now < *expires)
    }

    /// Sets an item's expiry (a new item is `seq`).
    fn set(&mut self, kind: Kind, token: String, expires: f64, seq: u64) {
        let next = self.slots.len();
        let map = match kind {
            Kind::Method => &mut self.methods,
            Kind::Header => &mut self.headers,
        };
        let slot = map.insert_first(token, next);
        if slot == next {
            self.slots.push((expires, seq));
        } else {
            self.slots[slot] = (expires, seq);
        }
        self.expiries.push((expiry_key(expires), slot));
        // Outdated expiries below the latest are never popped: once they
        // outnumber the items, rebuild from the items' own expiries, so
        // the heap stays O(items) and the rebuild amortized O(1) per set.
        if self.expiries.len() > 2 * self.slots.len() + 16 {
            self.expiries = self
                .slots
                .iter()
                .enumerate()
                .map(|(slot, &(expires, _))| (expiry_key(expires), slot))
                .collect();
        }
    }
}

/// The user agent's CORS-preflight cache.
///
/// Entries are found by origin and URL in O(log n), and within them each
/// method and header name in O(log n), so that a scenario of many requests
/// and many allowed names stays O(n log n).
///
/// <https://fetch.spec.whatwg.org/#concept-cache>
#[derive(Debug, Clone)]
pub struct PreflightCache {
    model: CacheModel,
    /// The entries of each origin and URL (`None`: cleared), by
    /// `origin NUL url`.
    buckets: Keys<'static, Option<Bucket>>,
    /// Items stored so far (their age).
    stored: u64,
}

/// The answer to a cache lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    /// Live entries cover the request: no preflight.
    Hit,
    /// A preflight is needed, for this reason.
    Preflight(CacheStatus),
}

impl PreflightCache {
    /// An empty cache that follows `model`.
    #[must_use]
    pub fn new(model: CacheModel) -> Self {
        Self {
            model,
            buckets: Keys::default(),
            stored: 0,
        }
    }

    /// An empty cache that works as `browser`'s does.
    #[must_use]
    pub fn for_browser(browser: crate::Browser) -> Self {
        Self::new(browser.quirks().cache)
    }

    /// The key of an origin and URL, in parts (an origin never holds NUL).
    fn key<'k>(origin: &'k str, url: &'k str) -> [&'k str; 3] {
        [origin, "\0", url]
    }

    fn slot(&self, origin: &str, url: &str) -> Option<usize> {
        self.buckets.get_joined(&Self::key(origin, url))
    }

    fn bucket(&self, q: &CacheQuery<'_>) -> Option<&Bucket> {
        self.buckets.value(self.slot(q.origin, q.url)?).as_ref()
    }

    fn bucket_mut(&mut self, q: &CacheQuery<'_>) -> Option<&mut Bucket> {
        let slot = self.slot(q.origin, q.url)?;
        self.buckets.value_mut(slot).as_mut()
    }

    /// Puts `bucket` in place of the entries of this origin and URL.
    fn put(&mut self, q: &CacheQuery<'_>, bucket: Bucket) {
        match self.slot(q.origin, q.url) {
            Some(slot) => *self.buckets.value_mut(slot) = Some(bucket),
            None => self.buckets.push(
                std::borrow::Cow::Owned(Self::key(q.origin, q.url).concat()),
                Some(bucket),
            ),
        }
    }

    /// Removes the entries of this origin and URL.
    fn remove(&mut self, origin: &str, url: &str) {
        if let Some(slot) = self.slot(origin, url) {
            *self.buckets.value_mut(slot) = None;
        }
    }

    /// Does the cache let this request skip its preflight at time `now`?
    ///
    /// <https://fetch.spec.whatwg.org/#concept-http-fetch>
    pub fn lookup(&mut self, q: &CacheQuery<'_>, now: f64) -> Lookup {
        match self.model {
            CacheModel::PerItem(rules) => self.lookup_per_item(q, now, rules),
            CacheModel::PerUrl(rules) => self.lookup_per_url(q, now, rules),
        }
    }

    /// The credentials modes whose entries serve `q`: "entry's credentials
    /// is true, or entry's credentials is false and request's credentials
    /// mode is not include" (or, with credentials in the key, an exact
    /// match).
    fn serving(q: &CacheQuery<'_>, rules: ItemRules) -> &'static [usize] {
        match (q.credentials, rules.credentialed_serves_all) {
            (true, _) => &[1],
            (false, true) => &[0, 1],
            (false, false) => &[0],
        }
    }

    fn lookup_per_item(&mut self, q: &CacheQuery<'_>, now: f64, rules: ItemRules) -> Lookup {
        let Some(Bucket::PerItem(items)) = self.bucket(q) else {
            return Lookup::Preflight(CacheStatus::Miss);
        };
        let serving: Vec<&Items> = Self::serving(q, rules).iter().map(|&c| &items[c]).collect();
        let live =
            |kind: Kind, token: &str| serving.iter().any(|i| i.live(kind, token, now).is_some());
        let star = |kind: Kind| rules.wildcard_on_lookup && live(kind, "*");
        // Step: there is no method cache entry match for request's method, and
        // either the method is not CORS-safelisted or use-CORS-preflight is set.
        let method_match = live(Kind::Method, q.method) || star(Kind::Method);
        let exempt =
            is_cors_safelisted_method(q.method) && !(rules.head_needs_entry && q.method == "HEAD");
        let method_needed = !method_match && (!exempt || q.use_cors_preflight);
        // Step: some unsafe name has no header-name cache entry match.
        let header_star = star(Kind::Header);
        let covered = |name: &String| {
            live(Kind::Header, &lowercase(name))
                || (header_star && !is_cors_non_wildcard_request_header_name(name))
        };
        let header_needed = !q.unsafe_names.iter().all(covered);
        if !method_needed && !header_needed {
            return Lookup::Hit;
        }
        let any = serving.iter().any(|i| !i.is_empty());
        let Some(Bucket::PerItem(items)) = self.bucket_mut(q) else {
            return Lookup::Preflight(CacheStatus::Miss);
        };
        let any_live = Self::serving(q, rules)
            .iter()
            .any(|&c| items[c].any_live(now));
        Lookup::Preflight(if !any {
            CacheStatus::Miss
        } else if !any_live {
            CacheStatus::Stale
        } else {
            CacheStatus::Insufficient
        })
    }

    fn lookup_per_url(&mut self, q: &CacheQuery<'_>, now: f64, rules: UrlRules) -> Lookup {
        // Chromium preflight_cache.cc CheckIfRequestCanSkipPreflight: one entry
        // per (initiator origin, URL); a stale or insufficient entry is erased.
        let Some(Bucket::PerUrl(entry)) = self.bucket(q) else {
            return Lookup::Preflight(CacheStatus::Miss);
        };
        let status = if now >= entry.expires {
            CacheStatus::Stale
        } else if allows(entry, q, rules) {
            return Lookup::Hit;
        } else {
            CacheStatus::Insufficient
        };
        self.remove(q.origin, q.url);
        Lookup::Preflight(status)
    }

    /// Stores what a successful preflight allowed, at time `now`.
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cache-create-entry>
    pub fn store<S: AsRef<str>>(
        &mut self,
        q: &CacheQuery<'_>,
        grant: &PreflightGrant<S>,
        now: f64,
    ) {
        let expires = now + grant.max_age as f64;
        match self.model {
            CacheModel::PerItem(rules) => self.store_per_item(q, grant, now, expires, rules),
            CacheModel::PerUrl(_) => {
                self.put(
                    q,
                    Bucket::PerUrl(UrlEntry::new(q.credentials, expires, grant)),
                );
            }
        }
    }

    /// For each method (header name) with a live match that serves the
    /// request, update its max-age; otherwise create a new entry.
    fn store_per_item<S: AsRef<str>>(
        &mut self,
        q: &CacheQuery<'_>,
        grant: &PreflightGrant<S>,
        now: f64,
        expires: f64,
        rules: ItemRules,
    ) {
        let serving = Self::serving(q, rules);
        let own = usize::from(q.credentials);
        if self.bucket_mut(q).is_none() {
            self.put(q, Bucket::PerItem(Default::default()));
        }
        let tokens = grant
            .methods
            .iter()
            .map(|m| (Kind::Method, m.as_ref().to_owned()))
            .chain(
                grant
                    .headers
                    .iter()
                    .map(|h| (Kind::Header, h.as_ref().to_ascii_lowercase())),
            );
        let mut stored = self.stored;
        let Some(Bucket::PerItem(items)) = self.bucket_mut(q) else {
            return;
        };
        for (kind, token) in tokens {
            // The first live match, in the order entries were made.
            let matched = serving
                .iter()
                .filter_map(|&c| items[c].live(kind, &token, now).map(|(_, seq)| (seq, c)))
                .min();
            if let Some((seq, c)) = matched {
                items[c].set(kind, token, expires, seq);
            } else {
                stored += 1;
                items[own].set(kind, token, expires, stored);
            }
        }
        self.stored = stored;
    }

    /// Removes the entries for this origin and URL (after a failed
    /// CORS-with-preflight fetch).
    ///
    /// <https://fetch.spec.whatwg.org/#concept-cache-clear>
    pub fn clear(&mut self, origin: &str, url: &str) {
        if matches!(self.model, CacheModel::PerItem(_)) {
            self.remove(origin, url);
        }
    }
}

/// `name` lowercased (the CORS-unsafe names already are: borrowed).
fn lowercase(name: &str) -> std::borrow::Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(name.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(name)
    }
}

/// Chromium `PreflightResult::EnsureAllowedRequest`.
fn allows(entry: &UrlEntry, q: &CacheQuery<'_>, rules: UrlRules) -> bool {
    if !entry.credentials && q.credentials {
        return false;
    }
    let wildcard_ok = !entry.credentials;
    // Safelisted methods are always allowed, even for a forced preflight.
    let method_ok = entry.has_method(q.method)
        || is_cors_safelisted_method(q.method)
        || (wildcard_ok && entry.has_method("*"));
    if !method_ok {
        return false;
    }
    let has_wildcard = wildcard_ok && entry.has_header("*");
    q.unsafe_names.iter().all(|name| {
        entry.has_header(&lowercase(name))
            || (has_wildcard
                && (rules.star_covers_authorization
                    || !is_cors_non_wildcard_request_header_name(name)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q<'a>(method: &'a str, names: &'a [String], creds: bool) -> CacheQuery<'a> {
        CacheQuery {
            origin: "https://app.example",
            url: "https://api.example/x",
            credentials: creds,
            method,
            use_cors_preflight: false,
            unsafe_names: names,
        }
    }

    fn grant(methods: &[&str], headers: &[&str], max_age: u64) -> PreflightGrant {
        PreflightGrant {
            methods: methods.iter().map(|s| (*s).to_owned()).collect(),
            headers: headers.iter().map(|s| (*s).to_owned()).collect(),
            max_age,
        }
    }

    #[test]
    fn storing_the_same_items_again_keeps_the_cache_their_size() {
        let mut c = PreflightCache::new(crate::browser::SPEC.cache);
        let names: Vec<String> = (0..100).map(|i| format!("x-h{i}")).collect();
        let name_refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let allowed = grant(&["PUT"], &name_refs, 5);
        let query = q("PUT", &names, false);
        for i in 0..1000_u32 {
            let now = f64::from(i) * 10.0;
            assert_eq!(
                c.lookup(&query, now),
                Lookup::Preflight(if i == 0 {
                    CacheStatus::Miss
                } else {
                    CacheStatus::Stale
                })
            );
            c.store(&query, &allowed, now);
        }
        let Some(Bucket::PerItem(items)) = c.buckets.value(0) else {
            panic!("one per-item bucket")
        };
        assert_eq!(items[0].slots.len(), 101);
        assert!(
            items[0].expiries.len() <= 2 * 101 + 16,
            "{}",
            items[0].expiries.len()
        );
    }

    #[test]
    fn per_item_hit_stale_and_insufficient() {
        let mut c = PreflightCache::new(crate::browser::SPEC.cache);
        let none: Vec<String> = vec![];
        assert_eq!(
            c.lookup(&q("PUT", &none, false), 0.0),
            Lookup::Preflight(CacheStatus::Miss)
        );
        c.store(&q("PUT", &none, false), &grant(&["PUT"], &[], 10), 0.0);
        assert_eq!(c.lookup(&q("PUT", &none, false), 9.9), Lookup::Hit);
        assert_eq!(
            c.lookup(&q("DELETE", &none, false), 9.9),
            Lookup::Preflight(CacheStatus::Insufficient)
        );
        assert_eq!(
            c.lookup(&q("PUT", &none, false), 10.0),
            Lookup::Preflight(CacheStatus::Stale)
        );
        // An uncredentialed entry does not serve a credentialed request.
        assert_eq!(
            c.lookup(&q("PUT", &none, true), 1.0),
            Lookup::Preflight(CacheStatus::Miss)
        );
    }

    #[test]
    fn per_url_replaces_and_erases() {
        let mut c = PreflightCache::new(CacheModel::PerUrl(UrlRules {
            star_covers_authorization: false,
        }));
        let x = vec!["x-a".to_owned()];
        c.store(&q("PUT", &x, false), &grant(&["PUT"], &["X-A"], 600), 0.0);
        assert_eq!(c.lookup(&q("PUT", &x, false), 1.0), Lookup::Hit);
        assert_eq!(
            c.lookup(&q("PUT", &x, true), 1.0),
            Lookup::Preflight(CacheStatus::Insufficient)
        );
        // The insufficient entry was erased.
        assert_eq!(
            c.lookup(&q("PUT", &x, false), 1.0),
            Lookup::Preflight(CacheStatus::Miss)
        );
    }

    #[test]
    fn a_cached_star_serves_authorization_only_where_the_rules_say() {
        let authorization = vec!["authorization".to_owned()];
        for (covers, expected) in [
            (true, Lookup::Hit),
            (false, Lookup::Preflight(CacheStatus::Insufficient)),
        ] {
            let mut c = PreflightCache::new(CacheModel::PerUrl(UrlRules {
                star_covers_authorization: covers,
            }));
            let query = q("GET", &authorization, false);
            c.store(&query, &grant(&[], &["*"], 60), 0.0);
            assert_eq!(c.lookup(&query, 0.5), expected, "{covers}");
        }
    }

    /// A `PUT` with no unsafe names from `origin` to `url`.
    fn at<'a>(url: &'a str, origin: &'a str, none: &'a [String]) -> CacheQuery<'a> {
        CacheQuery {
            origin,
            url,
            ..q("PUT", none, false)
        }
    }

    #[test]
    fn many_urls_are_each_found_by_their_origin_and_url() {
        let per_url = CacheModel::PerUrl(UrlRules {
            star_covers_authorization: false,
        });
        for model in [per_url, crate::browser::SPEC.cache] {
            let mut c = PreflightCache::new(model);
            let none: Vec<String> = vec![];
            // Twenty: past the few `Keys` scans, through its index.
            let urls: Vec<String> = (0..20)
                .map(|i| format!("https://api.example/{i}"))
                .collect();
            for url in &urls {
                c.store(
                    &at(url, "https://app.example", &none),
                    &grant(&["PUT"], &[], 60),
                    0.0,
                );
            }
            for url in &urls {
                assert_eq!(
                    c.lookup(&at(url, "https://app.example", &none), 1.0),
                    Lookup::Hit,
                    "{url}"
                );
                // The key is the origin and the URL, apart: not their text run together.
                assert_eq!(
                    c.lookup(&at(&url[1..], "https://app.exampleh", &none), 1.0),
                    Lookup::Preflight(CacheStatus::Miss)
                );
            }
            assert_eq!(
                c.lookup(
                    &at("https://api.example/20", "https://app.example", &none),
                    1.0
                ),
                Lookup::Preflight(CacheStatus::Miss)
            );
        }
    }

    #[test]
    fn a_per_url_entry_holds_each_name_once_lowercased_and_its_methods_as_sent() {
        let grant = grant(&["PUT", "patch"], &["X-B", "x-a", "X-A", "*"], 60);
        let entry = UrlEntry::new(false, 60.0, &grant);
        let names: Vec<&[u8]> = entry.spans[entry.methods..]
            .iter()
            .map(|s| entry.at(s))
            .collect();
        assert_eq!(names, [&b"*"[..], b"x-a", b"x-b"]);
        assert!(entry.has_method("PUT") && entry.has_method("patch"));
        assert!(!entry.has_method("PATCH") && !entry.has_method("x-a"));
        assert!(entry.has_header("x-a") && !entry.has_header("X-A") && !entry.has_header("put"));
    }
}
